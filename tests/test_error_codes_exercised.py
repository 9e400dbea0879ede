"""Every code of the error catalogue is exercised by a test: a code no test raises is
a message nobody has seen, and it drifts. The tests below raise the five codes no other test
did (inline variants, each asserting its code, and its line where the file kind has lines);
the last one fails when a new code arrives without a test that names it."""
from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from assessment import sheetcode as K
from assessment.document import parse_document
from assessment.errors import CATALOGUE, Code, DataError, DataErrors
from assessment.loader import default_registry, load_questionnaire_text
from assessment.model import AssessmentDoc
from assessment.training import CASES_DIR, load_case_text

from .helpers import MINI

TESTS = Path(__file__).resolve().parent


def test_Q114__a_section_id_used_twice__located_on_the_second():
    # a second section "one", after the first, before "scoring:"
    base = MINI.read_text("utf-8")
    head, tail = base.split("\nscoring:", 1)
    extra = ("\n  - id: one\n    title: Encore\n    items:\n"
             "      - {id: other, text: C ?, help: Parce que C., tier: moderate, weight: 2}")
    with pytest.raises(DataErrors) as info:
        load_questionnaire_text(head + extra + "\nscoring:" + tail, "q.yaml")
    errors = [e for e in info.value.errors if e.code == "Q114"]
    assert errors and "one" in errors[0].render()
    assert errors[0].where.line == head.count("\n") + 2  # the line of the second "- id: one"


@pytest.mark.parametrize("field, value", [("mode", '"other"'), ("assessed_on", '"hier"')])
def test_A307__a_value_of_the_wrong_kind_is_named_with_its_field(field, value):
    raw = f'{{"questionnaire": "danger-screen", "version": "1.0.0",\n "{field}": {value}}}'
    with pytest.raises(DataError) as info:
        parse_document(raw, "case.json")
    assert info.value.code == "A307" and field in info.value.render()  # JSON: named by field, no line


def test_T510__a_new_fact_documented_at_the_wrong_level():
    text = (CASES_DIR / "new_fact_separation.yaml").read_text("utf-8")
    after = text.split("new_fact:", 1)[1]
    wrong = "severe" if "level: high" in after else "high"
    head, fact = text.split("new_fact:", 1)
    fact = re.sub(r"(\n  level: )\w+", rf"\g<1>{wrong}", fact, count=1)
    with pytest.raises(DataErrors) as info:
        load_case_text(head + "new_fact:" + fact, "training/cases/new_fact_separation.yaml")
    codes = [e.code for e in info.value.errors]
    assert "T510" in codes, codes
    error = info.value.errors[codes.index("T510")]
    assert error.where.line is not None and wrong in error.render()


def test_T512__no_case_at_all_is_an_error_not_an_empty_success(tmp_path, monkeypatch):
    from assessment import training

    empty = training.CaseLibrary.scan(tmp_path)  # a folder without any case file
    assert not empty.cases and not empty.errors
    monkeypatch.setattr(training.CaseLibrary, "scan", classmethod(lambda cls, root=None: empty))
    report = training.check_training()
    assert [e.code for e in report.errors] == ["T512"] and report.counts["training_cases"] == 0


@pytest.mark.parametrize("version", default_registry().versions("danger-screen"))
def test_K736__a_code_with_a_right_checksum_but_bits_this_tool_never_writes(version):
    """A forged code: the padding bit set, then checksum and check character made right. It
    must be refused with its own plain error, never read as answers."""
    reg = default_registry()
    loaded = reg.get("danger-screen", version)
    code = K.normalise(K.encode(AssessmentDoc(questionnaire="danger-screen", version=version), loaded))
    n = K._data_length(len(loaded.questionnaire.item_ids), version)
    data = code[:n - 1] + K.ALPHABET[K._VALUE[code[n - 1]] ^ 1]
    body = data + K._checksum(loaded.sha256, data, K._checksum_length(n))
    with pytest.raises(DataError) as info:
        K.decode(body + K.ALPHABET[K._luhn(body)], reg)
    assert info.value.code == "K736"


def test_every_catalogued_code_is_named_by_a_test():
    """Named in a test file (this one included: it raises the five no other test did)."""
    text = "\n".join(p.read_text("utf-8") for p in TESTS.rglob("*.py"))
    named = {code for code in CATALOGUE if re.search(rf"\b{code}\b", text)}
    assert sorted(set(CATALOGUE) - named) == []


def test_the_code_type_lists_exactly_the_catalogue_in_its_order():
    """`Code` (a Literal, so mypy flags `DataError("Q999")`) is written out by hand: it must hold
    the catalogue's codes, no more, no fewer, in the catalogue's order (one list to read)."""
    assert list(get_args(Code)) == list(CATALOGUE)


def test_an_unknown_code_is_still_refused_at_run_time():
    with pytest.raises(KeyError):
        DataError("Q999")  # type: ignore[arg-type]  # deliberately wrong: the run-time check
