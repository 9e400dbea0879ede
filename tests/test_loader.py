"""Questionnaire files: every broken variant gives its code at its line; the registry picks versions."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assessment.errors import CATALOGUE, DataError, DataErrors
from assessment.loader import Registry, load_questionnaire_file, load_questionnaire_text
from assessment.model import Questionnaire
from assessment.tooling.release import release

from .helpers import MINI, MINI_TEXT, add_after, replace, whole

# Each broken questionnaire is MINI_TEXT with a line or two edited (pyxform's inline variants:
# the case, its edit and what it must give sit together). (name, edit, code, line, at): the
# first error's code and line, and `at` is the text its column points at on that line.
BROKEN = [
    ("yaml_syntax", replace("{id: sep,", "weight: 3}", "weight: 3"), "Q101", 26, "{id: ctrl"),
    ("duplicate_key", add_after("title: Mini", "title: Maxi"), "Q102", 7, "title: Maxi"),
    ("unknown_field", replace("{id: mod,", "{id: mod,", "{id: mod, colour: red,"), "Q103", 28, "red"),
    ("bad_item_id", replace("{id: ctrl,", "id: ctrl", "id: Ctrl-1"), "Q105", 26, "Ctrl-1"),
    ("duplicate_item_id", replace("{id: gun,", "id: gun", "id: sep"), "Q106", 27, "sep, text: Arme"),
    ("missing_text", replace("{id: mod,", " text: Modéré ?,", ""), "Q104", 28, "{id: mod"),
    ("unknown_floor_level", replace("{id: crit_b,", "floor: high", "floor: extreme"), "Q105", 24,
     "extreme"),
    ("threshold_single_item", replace("thresholds:", "{moderate: 3, high: 10, severe: 18}",
                                      "{moderate: 2, high: 3, severe: 5}"), "Q108", 23, "5, floor"),
    ("combination_missing_item", replace("{any_of: [sep]}", "[sep]", "[separation]"), "Q107", 36,
     "separation"),
    ("version_not_semver", replace("version:", '"1.0.0"', '"1.0"'), "Q105", 3, '"1.0"'),
    ("version_unquoted", replace("version:", '"1.0.0"', "1.0"), "Q105", 3, "1.0"),
    ("thresholds_not_increasing", replace("thresholds:", "high: 10, severe: 18", "high: 12, severe: 11"),
     "Q109", 31, "thresholds:"),
    ("high_tier_too_light", replace("{id: ctrl,", "weight: 3", "weight: 1"), "Q110", 26, "1}"),
    ("undefined_alert", replace("{id: crit_a,", "alerts: [medical]", "alerts: [medic]"), "Q111", 23,
     "medic]"),
    ("undefined_source", replace("{id: crit_a,", "evidence: [s1]", "evidence: [s9]"), "Q112", 23, "s9]"),
    ("at_least_too_many", replace("at_least: 2", "at_least: 2", "at_least: 3"), "Q115", 40, "3}]"),
    ("not_a_mapping", whole("- id: mini\n- version: 1.0.0\n"), "Q116", 1, "- id: mini"),
    ("bad_answer_level_type", replace("{id: gun,", "weight: 4", "weight: lots"), "Q105", 27, "lots"),
]


def test_broken_variants__each_is_mini_with_a_small_edit():
    assert len({name for name, *_ in BROKEN}) == len(BROKEN) >= 12
    for name, edit, *_ in BROKEN:
        before, after = MINI_TEXT.splitlines(), edit(MINI_TEXT).splitlines()
        if name != "not_a_mapping":
            changed = set(before).symmetric_difference(after)
            assert 1 <= len(changed) <= 2, (name, changed)


@pytest.mark.parametrize(("name", "edit", "code", "line", "at"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_questionnaire__reports_code_line_and_column(name, edit, code, line, at):
    text = edit(MINI_TEXT)
    with pytest.raises(DataErrors) as caught:
        load_questionnaire_text(text, f"{name}.yaml")
    first = caught.value.errors[0]
    assert (first.code, first.where.line) == (code, line), str(first)
    assert first.where.col is not None
    assert text.splitlines()[line - 1][first.where.col - 1:].startswith(at), str(first)
    rendered = str(first)
    assert rendered.startswith(f"{name}.yaml:{line}:{first.where.col}: {code} ")
    assert CATALOGUE[code].fix.split()[0] in rendered  # the fix is part of the message


def test_broken_questionnaire__a_file_is_located_by_its_path(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(replace("{id: gun,", "weight: 4", "weight: lots")(MINI_TEXT), "utf-8")
    with pytest.raises(DataErrors) as caught:
        load_questionnaire_file(path)
    first = caught.value.errors[0]
    assert first.where.path.endswith("broken.yaml")
    assert str(first).startswith(f"{first.where.path}:27:71: Q105 ")


def test_broken_questionnaire__all_problems_reported_not_just_the_first():
    text = MINI_TEXT.replace("alerts: [medical]", "alerts: [nope]").replace(
        "evidence: [s1]", "evidence: [s9]")
    with pytest.raises(DataErrors) as caught:
        load_questionnaire_text(text, "x.yaml")
    assert [e.code for e in caught.value.errors] == ["Q111", "Q112"]


def test_yes_and_no_stay_strings_in_yaml_1_2():
    text = MINI_TEXT.replace("title: Un", "title: yes")
    assert load_questionnaire_text(text).questionnaire.sections[0].title == "yes"


def test_valid_questionnaire__round_trips_through_its_model():
    loaded = load_questionnaire_file(MINI)
    dumped = loaded.questionnaire.model_dump(mode="json")
    assert Questionnaire.model_validate(dumped) == loaded.questionnaire


def test_every_error_code_has_a_message_and_a_fix():
    for code, spec in CATALOGUE.items():
        assert code == spec.code and spec.message.strip() and spec.fix.strip()


def test_error_with_unknown_code__is_a_programming_error():
    with pytest.raises(KeyError):
        DataError("Z999")


def _write(root: Path, qid: str, version: str, status: str) -> None:
    text = MINI_TEXT.replace("id: mini", f"id: {qid}", 1).replace(
        'version: "1.0.0"', f'version: "{version}"').replace("status: released", f"status: {status}")
    (root / qid).mkdir(parents=True, exist_ok=True)
    (root / qid / f"{version}.yaml").write_text(text, "utf-8")


def test_registry__latest_released_by_default_explicit_on_request_drafts_only_when_asked(tmp_path):
    for version, status in [("1.0.0", "released"), ("1.2.0", "released"), ("1.10.0", "released"),
                            ("2.0.0", "draft")]:
        _write(tmp_path, "mini", version, status)
    reg = Registry.scan(tmp_path)
    assert reg.get("mini").questionnaire.version == "1.10.0"  # semver order, not text order
    assert reg.get("mini", "1.2.0").questionnaire.version == "1.2.0"
    assert reg.get("mini", drafts=True).questionnaire.version == "2.0.0"
    assert reg.get("mini", "2.0.0", drafts=True).questionnaire.status == "draft"
    with pytest.raises(DataError) as caught:
        reg.get("mini", "9.9.9")
    assert caught.value.code == "A303"
    with pytest.raises(DataError) as caught:
        reg.get("other")
    assert caught.value.code == "A302"


def test_registry__file_in_the_wrong_place_is_reported(tmp_path):
    _write(tmp_path, "mini", "1.0.0", "released")
    shutil.move(tmp_path / "mini" / "1.0.0.yaml", tmp_path / "mini" / "1.0.1.yaml")
    reg = Registry.scan(tmp_path)
    assert [e.code for e in reg.errors] == ["Q113"]


def test_manifest__changed_released_file_is_detected(tmp_path):
    _write(tmp_path, "mini", "1.0.0", "released")
    release(Registry.scan(tmp_path), "mini", "1.0.0")
    assert Registry.scan(tmp_path).manifest_errors() == []
    path = tmp_path / "mini" / "1.0.0.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Mini", "title: Mini modifié"), "utf-8")
    assert [e.code for e in Registry.scan(tmp_path).manifest_errors()] == ["M201"]


def test_manifest__released_file_missing_from_manifest_or_removed_is_detected(tmp_path):
    _write(tmp_path, "mini", "1.0.0", "released")
    assert [e.code for e in Registry.scan(tmp_path).manifest_errors()] == ["M202"]
    release(Registry.scan(tmp_path), "mini", "1.0.0")
    (tmp_path / "mini" / "1.0.0.yaml").unlink()
    assert [e.code for e in Registry.scan(tmp_path).manifest_errors()] == ["M203"]


def test_bundled_questionnaires__valid_and_frozen():
    """Fails when a released file changes without a new version (or is not in the manifest)."""
    reg = Registry.scan()
    assert reg.errors == []
    assert reg.manifest_errors() == []
    assert reg.get("danger-screen").questionnaire.status == "released"


# --- release integrity: a released version never changes, a draft is never frozen
def test_release__records_hash_and_schema_version(tmp_path):
    from assessment.model import SCHEMA_VERSION

    _write(tmp_path, "mini", "1.0.0", "released")
    done = release(Registry.scan(tmp_path), "mini", "1.0.0")
    entry = json.loads((tmp_path / "released.json").read_text("utf-8"))["mini"]["1.0.0"]
    assert entry == {"sha256": done.sha256, "schema": SCHEMA_VERSION} and done.action == "recorded"


def test_release__of_a_changed_released_version_is_refused_and_the_manifest_kept(tmp_path):
    _write(tmp_path, "mini", "1.0.0", "released")
    release(Registry.scan(tmp_path), "mini", "1.0.0")
    before = (tmp_path / "released.json").read_bytes()
    path = tmp_path / "mini" / "1.0.0.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Mini", "title: Mini modifié"), "utf-8")
    with pytest.raises(DataError) as caught:
        release(Registry.scan(tmp_path), "mini", "1.0.0")
    assert caught.value.code == "M205" and "1.1.0" in str(caught.value)
    assert (tmp_path / "released.json").read_bytes() == before


def test_release__of_a_draft_is_refused(tmp_path):
    _write(tmp_path, "mini", "1.1.0", "draft")
    with pytest.raises(DataError) as caught:
        release(Registry.scan(tmp_path), "mini", "1.1.0")
    assert caught.value.code == "M204"
    assert not (tmp_path / "released.json").exists()


def test_release__the_same_file_twice_changes_nothing(tmp_path):
    _write(tmp_path, "mini", "1.0.0", "released")
    release(Registry.scan(tmp_path), "mini", "1.0.0")
    before = (tmp_path / "released.json").read_bytes()
    assert release(Registry.scan(tmp_path), "mini", "1.0.0").action == "unchanged"
    assert (tmp_path / "released.json").read_bytes() == before


def test_manifest__release_recorded_under_another_schema_must_be_rechecked(tmp_path):
    _write(tmp_path, "mini", "1.0.0", "released")
    done = release(Registry.scan(tmp_path), "mini", "1.0.0")
    (tmp_path / "released.json").write_text(json.dumps(
        {"mini": {"1.0.0": {"sha256": done.sha256, "schema": "0"}}}), "utf-8")
    assert [e.code for e in Registry.scan(tmp_path).manifest_errors()] == ["M206"]
    again = release(Registry.scan(tmp_path), "mini", "1.0.0")  # the maintainer re-checked it
    assert again.action == "schema" and again.previous_schema == "0"
    assert Registry.scan(tmp_path).manifest_errors() == []


def test_manifest__released_version_turned_back_into_a_draft_says_so(tmp_path):
    _write(tmp_path, "mini", "1.0.0", "released")
    release(Registry.scan(tmp_path), "mini", "1.0.0")
    _write(tmp_path, "mini", "1.0.0", "draft")
    assert [e.code for e in Registry.scan(tmp_path).manifest_errors()] == ["M207"]


def test_release__of_an_invalid_file_reports_its_errors_not_an_unknown_version(tmp_path):
    _write(tmp_path, "mini", "1.0.0", "released")
    path = tmp_path / "mini" / "1.0.0.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Mini", "titre: Mini", 1), "utf-8")
    with pytest.raises(DataErrors) as caught:
        release(Registry.scan(tmp_path), "mini", "1.0.0")
    assert {e.code for e in caught.value.errors} >= {"Q103"}
