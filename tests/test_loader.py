"""Questionnaire files: every broken file gives its code at its line; the registry picks versions."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assessment.errors import CATALOGUE, DataError, DataErrors
from assessment.loader import Registry, load_questionnaire_file, load_questionnaire_text
from assessment.model import Questionnaire
from assessment.tooling.release import release

from .helpers import FIXTURES, MINI

BROKEN = FIXTURES / "broken"

# file name -> (code, line) of the first error. Lines count the one-line header comment.
EXPECTED = {
    "yaml_syntax": ("Q101", 27),
    "duplicate_key": ("Q102", 8),
    "unknown_field": ("Q103", 29),
    "bad_item_id": ("Q105", 27),
    "duplicate_item_id": ("Q106", 28),
    "missing_text": ("Q104", 29),
    "unknown_floor_level": ("Q105", 25),
    "threshold_single_item": ("Q108", 24),
    "combination_missing_item": ("Q107", 37),
    "version_not_semver": ("Q105", 4),
    "version_unquoted": ("Q105", 4),
    "thresholds_not_increasing": ("Q109", 32),
    "high_tier_too_light": ("Q110", 27),
    "undefined_alert": ("Q111", 24),
    "undefined_source": ("Q112", 24),
    "at_least_too_many": ("Q115", 41),
    "not_a_mapping": ("Q116", 1),
    "bad_answer_level_type": ("Q105", 28),
}


def test_broken_corpus__every_file_has_an_expectation():
    assert {p.stem for p in BROKEN.glob("*.yaml")} == set(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_questionnaire__reports_code_and_line(name):
    code, line = EXPECTED[name]
    with pytest.raises(DataErrors) as caught:
        load_questionnaire_file(BROKEN / f"{name}.yaml")
    first = caught.value.errors[0]
    assert (first.code, first.where.line) == (code, line), str(first)
    rendered = str(first)
    assert rendered.startswith(f"tests/fixtures/broken/{name}.yaml:{line}:")
    assert CATALOGUE[code].fix.split()[0] in rendered  # the fix is part of the message


def test_broken_questionnaire__all_problems_reported_not_just_the_first():
    text = MINI.read_text("utf-8").replace("alerts: [medical]", "alerts: [nope]").replace(
        "evidence: [s1]", "evidence: [s9]")
    with pytest.raises(DataErrors) as caught:
        load_questionnaire_text(text, "x.yaml")
    assert [e.code for e in caught.value.errors] == ["Q111", "Q112"]


def test_yes_and_no_stay_strings_in_yaml_1_2():
    text = MINI.read_text("utf-8").replace("title: Un", "title: yes")
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
    text = MINI.read_text("utf-8").replace("id: mini", f"id: {qid}", 1).replace(
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


# --- release integrity (issue 16): a released version never changes, a draft is never frozen
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
