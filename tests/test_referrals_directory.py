"""Broken directory files give one located, coded error each; old dates warn."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from assessment import referrals as r
from assessment.tooling.validate import CHECKERS

TODAY = date(2026, 11, 25)

REGION = """\
id: xx
name: "Région d'essai"
country: BE
languages: [fr]
phone_format: {calling_code: "32", trunk_prefix: "0", national_digits: [8, 9]}
services:
  - id: police
    name: "Police"
    kind: police
    emergency: true
    phone: "101"
    source: https://example.org/police
    verified_on: 2026-11-01
    verified: true
  - id: emergency_112
    name: "Urgences"
    kind: emergency
    emergency: true
    phone: "112"
    source: https://example.org/112
    verified_on: 2026-11-01
    verified: true
  - id: line
    name: "Ligne spécialisée"
    kind: specialised_line
    emergency: false
    phone: "0800 30 030"
    source: https://example.org/line
    verified_on: 2026-11-01
    verified: true
"""


def directory(tmp_path: Path, region: str = REGION, name: str = "xx.yaml",
              actions: str | None = None, today: date = TODAY, alerts: list[str] | None = None) -> r.Directory:
    root = tmp_path / "referrals"
    root.mkdir(exist_ok=True)
    if actions is None:
        shutil.copy(r.REFERRALS_DIR / r.ACTIONS_FILE, root / r.ACTIONS_FILE)
    else:
        (root / r.ACTIONS_FILE).write_text(actions, "utf-8")
    (root / name).write_text(region, "utf-8")
    return r.load_directory(root, today=today, alert_ids=alerts)


def only(errors, code):
    found = [e for e in errors if e.code == code]
    assert found, [str(e) for e in errors]
    return found[0]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    seen = 0
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return n
    raise AssertionError(needle)


def test_valid_region__no_errors_no_warnings(tmp_path):
    d = directory(tmp_path)
    assert d.errors == [] and d.warnings == []
    assert list(d.regions) == ["xx"]


def test_duplicate_service_id__R605_at_the_second_id(tmp_path):
    text = REGION.replace("  - id: line", "  - id: police")
    err = only(directory(tmp_path, text).errors, "R605")
    assert err.where.line == line_of(text, "- id: police", 2)
    assert "police" in str(err) and "referrals/xx.yaml" in str(err.where)


@pytest.mark.parametrize("bad", ["0800 30 03", "secours", "+0 12", "099"])
def test_bad_phone__R606_at_the_phone(tmp_path, bad):
    text = REGION.replace('"0800 30 030"', f'"{bad}"')
    err = only(directory(tmp_path, text).errors, "R606")
    assert (err.where.line, err.where.col) == (line_of(text, bad), 12)
    assert bad in str(err) and "0444444440" in str(err)  # the fix shows a national example


def test_no_emergency_number__R607(tmp_path):
    text = REGION.replace("emergency: true", "emergency: false")
    err = only(directory(tmp_path, text).errors, "R607")
    assert "xx" in str(err) and err.where.line == line_of(text, "services:")


def test_no_specialised_line__R608(tmp_path):
    text = REGION.replace("kind: specialised_line", "kind: listening_line")
    assert only(directory(tmp_path, text).errors, "R608")


def test_specialised_line_marked_emergency__R609(tmp_path):
    text = REGION.replace("emergency: false", "emergency: true")
    err = only(directory(tmp_path, text).errors, "R609")
    assert err.where.line == line_of(text, "emergency: true", 3)
    assert "emergency: false" in str(err)


def test_verified_on_older_than_12_months__is_a_warning_not_an_error(tmp_path):
    d = directory(tmp_path, today=date(2027, 11, 2))
    assert d.errors == []
    warning = only(d.warnings, "R610")
    assert warning.severity == "warning" and "2026-11-01" in str(warning)
    assert len([w for w in d.warnings if w.code == "R610"]) == 3
    assert not directory(tmp_path, today=date(2027, 11, 1)).warnings  # exactly 12 months: fine


def test_verified_on_in_the_future__R619(tmp_path):
    text = REGION.replace("2026-11-01", "2027-01-01", 1)
    assert only(directory(tmp_path, text).errors, "R619")


def test_verified_without_source__R611(tmp_path):
    text = REGION.replace("    source: https://example.org/line\n", "")
    err = only(directory(tmp_path, text).errors, "R611")
    assert err.where.line == line_of(text, "verified: true", 3)


def test_unverified_without_source__is_allowed_and_flagged(tmp_path):
    text = REGION.replace("    source: https://example.org/police\n", "").replace(
        "    source: https://example.org/112\n", "").replace(
        "verified: true", "verified: false", 2)
    d = directory(tmp_path, text)
    assert d.errors == []
    assert any(w.code == "R622" for w in d.warnings)  # the emergency action has only unverified numbers


def test_unknown_field__R602_located(tmp_path):
    text = REGION.replace("    kind: police\n", "    kind: police\n    telephone: '101'\n")
    err = only(directory(tmp_path, text).errors, "R602")
    assert err.where.line == line_of(text, "telephone")
    assert "services.0.telephone" in str(err)


def test_missing_field__R603(tmp_path):
    text = REGION.replace("    kind: police\n", "")
    err = only(directory(tmp_path, text).errors, "R603")
    assert "services.0.kind" in str(err)


def test_unknown_kind__R604(tmp_path):
    text = REGION.replace("kind: police", "kind: polise")
    err = only(directory(tmp_path, text).errors, "R604")
    assert err.where.line == line_of(text, "polise")


def test_yaml_syntax__Q101_located(tmp_path):
    text = REGION.replace('name: "Police"', 'name: "Police')
    errors = directory(tmp_path, text).errors
    assert errors and errors[0].code == "Q101" and errors[0].where.line


def test_not_a_mapping__R601(tmp_path):
    assert only(directory(tmp_path, "- just\n- a list\n").errors, "R601")


def test_file_name_not_matching_id__R612(tmp_path):
    assert only(directory(tmp_path, name="yy.yaml").errors, "R612")


ACTIONS = (r.REFERRALS_DIR / r.ACTIONS_FILE).read_text("utf-8")


def test_unknown_action_reference__R613(tmp_path):
    text = ACTIONS.replace("  low: [give_information,", "  low: [give_informatoin,")
    err = only(directory(tmp_path, actions=text).errors, "R613")
    assert err.where.line == line_of(text, "give_informatoin") and "give_informatoin" in str(err)


def test_level_without_actions__R614(tmp_path):
    text = ACTIONS.replace("  low: [give_information, follow_up_date, tell_emergency_number]\n", "")
    assert "low" in str(only(directory(tmp_path, actions=text).errors, "R614"))


def test_questionnaire_alert_without_action__R616(tmp_path):
    err = only(directory(tmp_path, alerts=["suicide", "stalking_alarm"]).errors, "R616")
    assert "stalking_alarm" in str(err)


def test_action_with_no_number_in_a_region__R615(tmp_path):
    # A region whose police and 112 have no phone: the emergency action has no number.
    text = REGION.replace('    phone: "101"\n', "").replace('    phone: "112"\n', "").replace(
        "emergency: true", "emergency: false")
    errors = directory(tmp_path, text).errors
    assert only(errors, "R615") and only(errors, "R607")


def test_duplicate_action_id__R605(tmp_path):
    text = ACTIONS.replace("  - id: safety_plan", "  - id: no_return_without_plan")
    assert only(directory(tmp_path, actions=text).errors, "R605")


def test_missing_directory__R618(tmp_path):
    d = r.load_directory(tmp_path / "nothing")
    assert [e.code for e in d.errors] == ["R618"]


def test_every_error__renders_as_one_line_with_a_fix(tmp_path):
    text = REGION.replace("emergency: false", "emergency: true").replace("0800 30 030", "12")
    for err in directory(tmp_path, text).errors:
        line = str(err)
        assert "\n" not in line and "Traceback" not in line
        assert line.startswith(str(tmp_path / "referrals" / "xx.yaml") + ":")  # file:line:col
        assert f" {err.code} " in line and line.rstrip().endswith(".")


# --------------------------------------------------------------------------- validate
def test_validate__runs_the_referrals_checker():
    assert any(getattr(c, "__name__", "") == "check_referrals" for c in CHECKERS)
    report = r.check_referrals()
    assert report.errors == []
    assert report.counts["regions"] == 6 and report.counts["actions"] >= 10


def test_round_trip__every_file_loads_dumps_and_loads_the_same():
    d = r.default_directory()
    for region in d.regions.values():
        again = r.Region.model_validate(region.model_dump(mode="json"))
        assert again == region
    again = r.ActionsFile.model_validate(d.actions.model_dump(mode="json"))
    assert again == d.actions
