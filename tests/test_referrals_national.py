"""A country's national services (Belgium: police 101, 112) are written once, in
referrals/national/<country>.yaml; every region that says `national: <country>` lists them first.
Every check of a region's services applies to that file too, located at its own lines; a missing
national file (R623) and a service written both there and in a region (R624) are one coded error
each. That the plan, the sheet and the screen list the same services as before is
tests/test_referrals_unchanged.py."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from assessment import referrals as r

from .test_referrals_directory import TODAY, line_of, only

NATIONAL = """\
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
"""

REGION = """\
id: {rid}
name: "Région d'essai"
country: BE
languages: [fr]
phone_format: {{calling_code: "32", trunk_prefix: "0", national_digits: [8, 9]}}
national: be
services:
  - id: line
    name: "Ligne spécialisée"
    kind: specialised_line
    emergency: false
    phone: "0800 30 030"
    source: https://example.org/line
    verified_on: 2026-11-01
    verified: true
"""


def directory(tmp_path: Path, national: str | None = NATIONAL, regions: dict[str, str] | None = None,
              today: date = TODAY) -> r.Directory:
    root = tmp_path / "referrals"
    (root / r.NATIONAL_DIR).mkdir(parents=True, exist_ok=True)
    shutil.copy(r.REFERRALS_DIR / r.ACTIONS_FILE, root / r.ACTIONS_FILE)
    if national is not None:
        (root / r.NATIONAL_DIR / "be.yaml").write_text(national, "utf-8")
    for rid, text in (regions or {"xx": REGION.format(rid="xx")}).items():
        (root / f"{rid}.yaml").write_text(text, "utf-8")
    return r.load_directory(root, today=today)


def national_path(tmp_path: Path) -> str:
    return str(tmp_path / "referrals" / r.NATIONAL_DIR / "be.yaml")


# --------------------------------------------------------------------------- the bundled data
BE = ("be-wal", "be-vl", "be-dg")


def test_bundled__belgian_regions_take_the_national_file_first():
    d = r.default_directory()
    national = d.nationals["be"]
    assert [s.id for s in national.services] == ["police", "emergency_112"]
    for rid in BE:
        region = d.regions[rid]
        assert region.national == "be"
        assert region.services[:2] == national.services
    assert all(d.regions[rid].national is None for rid in ("fr", "tn", "qc"))


@pytest.mark.parametrize("rid", BE)
def test_bundled__each_national_number_and_date_is_written_once(rid):
    """The region file itself no longer writes police or 112 (nor their dates and sources)."""
    text = (r.REFERRALS_DIR / f"{rid}.yaml").read_text("utf-8")
    own = r.load_region_text(text, f"{rid}.yaml")
    assert {s.id for s in own.services}.isdisjoint({"police", "emergency_112"})
    assert '"101"' not in text and '"112"' not in text
    national = (r.REFERRALS_DIR / r.NATIONAL_DIR / "be.yaml").read_text("utf-8")
    assert national.count('phone: "101"') == 1 and national.count('phone: "112"') == 1


# --------------------------------------------------------------------------- resolving
def test_valid__no_errors_and_the_national_services_come_first(tmp_path):
    d = directory(tmp_path)
    assert d.errors == [] and d.warnings == []
    assert [s.id for s in d.regions["xx"].services] == ["police", "emergency_112", "line"]


def test_the_region_needs_no_emergency_number_of_its_own(tmp_path):
    """R607 (no emergency number) counts the national ones: none written in the region is fine."""
    assert not [e for e in directory(tmp_path).errors if e.code == "R607"]


def test_round_trip__a_loaded_region_dumps_and_loads_the_same(tmp_path):
    region = directory(tmp_path).regions["xx"]
    assert r.Region.model_validate(region.model_dump(mode="json")) == region


def test_missing_national_file__R623_once_at_the_national_key(tmp_path):
    text = REGION.format(rid="xx")
    d = directory(tmp_path, national=None, regions={"xx": text})
    assert [e.code for e in d.errors] == ["R623"]  # no R607 or R615 cascade: one error
    err = d.errors[0]
    assert err.where.line == line_of(text, "national: be")
    assert "xx" in str(err) and "national/be.yaml" in str(err)


def test_service_in_both_files__R624_once_at_the_regions_id(tmp_path):
    text = REGION.format(rid="xx") + """\
  - id: police
    name: "Police locale"
    kind: police
    emergency: true
    phone: "101"
    source: https://example.org/police
    verified_on: 2026-11-01
    verified: true
"""
    d = directory(tmp_path, regions={"xx": text})
    assert [e.code for e in d.errors] == ["R624"]  # not also R605: it is one problem
    err = d.errors[0]
    assert err.where.path.endswith("xx.yaml") and err.where.line == line_of(text, "- id: police")
    assert "police" in str(err) and "national/be.yaml" in str(err)
    assert [s.id for s in d.regions["xx"].services] == ["police", "emergency_112", "line"]


def test_national_key_of_another_country__R604_at_the_key(tmp_path):
    text = REGION.format(rid="xx").replace("national: be", "national: fr")
    err = only(directory(tmp_path, regions={"xx": text}).errors, "R604")
    assert err.where.line == line_of(text, "national: fr") and "'be'" in str(err)


def test_broken_national_file__its_own_error_there_and_no_R623(tmp_path):
    text = NATIONAL.replace("    kind: police\n", "    kind: police\n    telephone: '101'\n")
    d = directory(tmp_path, national=text)
    err = only(d.errors, "R602")
    assert err.where.path == national_path(tmp_path) and err.where.line == line_of(text, "telephone")
    assert not [e for e in d.errors if e.code in ("R623", "R607")]


# --------------------------------------------------------------------------- checks at the shared file
def test_bad_phone_in_the_national_file__R606_there_once_naming_the_regions(tmp_path):
    text = NATIONAL.replace('"112"', '"0800 30 03"')
    regions = {rid: REGION.format(rid=rid) for rid in ("xx", "yy")}
    d = directory(tmp_path, national=text, regions=regions)
    errors = [e for e in d.errors if e.code == "R606"]
    assert len(errors) == 1  # both regions write numbers the same way: one error
    err = errors[0]
    assert err.where.path == national_path(tmp_path)
    assert (err.where.line, err.where.col) == (line_of(text, "0800 30 03"), 12)
    assert "xx, yy" in str(err) and "0444444440" in str(err)


def test_phone_checked_with_each_regions_format(tmp_path):
    """A national number is checked against every region that takes the file: a region that
    writes its numbers another way gets its own R606, at the national file's line."""
    text = REGION.format(rid="yy").replace("national_digits: [8, 9]", "national_digits: [7]").replace(
        '"0800 30 030"', '"0800 3003"')
    d = directory(tmp_path, national=NATIONAL.replace('"112"', '"02 535 45 42"'),
                  regions={"xx": REGION.format(rid="xx"), "yy": text})
    err = only(d.errors, "R606")
    assert [e.code for e in d.errors] == ["R606"] and err.where.path == national_path(tmp_path)
    assert err.context["region"] == "yy"


def test_old_date_in_the_national_file__one_R610_warning_there(tmp_path):
    regions = {rid: REGION.format(rid=rid) for rid in ("xx", "yy")}
    d = directory(tmp_path, regions=regions, today=date(2027, 11, 2))
    assert d.errors == []
    shared = [w for w in d.warnings if w.code == "R610" and w.where.path == national_path(tmp_path)]
    assert len(shared) == 2  # police and 112, once each, not once per region
    assert shared[0].where.line == line_of(NATIONAL, "verified_on", 1)
    assert "xx, yy" in str(shared[0]) and shared[0].severity == "warning"


def test_duplicate_id_in_the_national_file__R605_there(tmp_path):
    text = NATIONAL.replace("  - id: emergency_112", "  - id: police")
    err = only(directory(tmp_path, national=text).errors, "R605")
    assert err.where.path == national_path(tmp_path) and err.where.line == line_of(text, "- id: police", 2)


@pytest.mark.parametrize("change, code, needle", [
    (("    source: https://example.org/112\n", ""), "R611", ("verified: true", 2)),
    (("2026-11-01", "2027-01-01"), "R619", ("verified_on", 1)),
    (('    phone: "112"\n', ""), "R603", ("- id: emergency_112", 1)),
])
def test_other_service_checks__apply_to_the_national_file(tmp_path, change, code, needle):
    text = NATIONAL.replace(*change, 1) if code == "R619" else NATIONAL.replace(*change)
    err = only(directory(tmp_path, national=text).errors, code)
    assert err.where.path == national_path(tmp_path)
    assert err.where.line == line_of(text, *needle)
    assert str(err).startswith(national_path(tmp_path) + ":")  # file:line:col


def test_unused_national_file__still_checked(tmp_path):
    text = NATIONAL.replace("  - id: emergency_112", "  - id: police")
    region = REGION.format(rid="xx").replace("national: be\n", "").replace("services:\n", NATIONAL)
    d = directory(tmp_path, national=text, regions={"xx": region})
    assert [e.code for e in d.errors] == ["R605"] and d.errors[0].where.path == national_path(tmp_path)
