"""The save file carries the questionnaire's full SHA-256 (the sheet prints a short one): a file
made on another text of the same version is refused instead of re-read with other questions."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.document import dump_document, parse_document, resolve, score_document
from assessment.errors import DataError
from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry
from ui import state as S

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def loaded():
    return default_registry().get(DEFAULT_QUESTIONNAIRE)


def test_session_document__carries_the_full_sha256_of_its_questionnaire(loaded):
    state = {S.STORE: {"ans_strangulation": "yes", "consent": "given"}}
    doc = S.build_doc(state, loaded)
    assert doc.sha256 == loaded.sha256 and len(doc.sha256) == 64
    saved = json.loads(dump_document(doc))
    assert saved["sha256"] == loaded.sha256
    assert resolve(parse_document(dump_document(doc))).sha256 == loaded.sha256


def test_file_without_fingerprint__still_reads(loaded):
    doc, got, _ = score_document(json.dumps({"questionnaire": loaded.questionnaire.id,
                                             "answers": {"strangulation": "yes"}}))
    assert doc.sha256 is None and got.sha256 == loaded.sha256


def test_file_made_on_another_text_of_the_version__refused_with_A311(loaded):
    raw = json.dumps({"questionnaire": loaded.questionnaire.id, "version": loaded.questionnaire.version,
                      "sha256": "0" * 64, "answers": {}})
    with pytest.raises(DataError) as info:
        score_document(raw, path="old.json")
    assert info.value.code == "A311"
    assert "000000000000" in str(info.value) and loaded.sha256[:12] in str(info.value)


def test_fingerprint_not_hex__refused_as_a_bad_value(loaded):
    raw = json.dumps({"questionnaire": loaded.questionnaire.id, "sha256": "abc", "answers": {}})
    with pytest.raises(DataError) as info:
        parse_document(raw)
    assert info.value.code.startswith("A3")


def test_cli__other_text__exit_2_one_line(tmp_path, loaded):
    case = tmp_path / "old.json"
    case.write_text(json.dumps({"questionnaire": loaded.questionnaire.id, "sha256": "f" * 64}), "utf-8")
    proc = subprocess.run([sys.executable, "-m", "assessment", "score", str(case)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "A311" in lines[0] and "Traceback" not in proc.stderr
