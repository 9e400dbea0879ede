"""Hostile assessment documents: every way `json.loads` can fail is one coded error.

Policy (docs/ERRORS.md, A301): a document is strict JSON (RFC 8259). NaN, Infinity and
-Infinity are not JSON and are refused; an integer of more than 4,300 digits (Python's limit),
nesting deeper than the interpreter can follow, bytes that are not UTF-8 and a top level that is
not an object {...} are refused the same way: A301, one line, exit 2, never a traceback.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.document import parse_document, score_document
from assessment.errors import CATALOGUE, FILE_USER, GENERIC_USER, USER_MESSAGES, DataError
from assessment.i18n import available, translator

from .test_fuzz_documents import run_cli

ROOT = Path(__file__).resolve().parent.parent
BIG = "9" * 5000


def doc_with(value: str, field: str = "version") -> str:
    return '{"questionnaire": "danger-screen", "%s": %s}' % (field, value)


HOSTILE = {
    "bigint_version": doc_with(BIG),
    "bigint_negative": doc_with("-" + BIG),
    "bigint_answer": '{"questionnaire": "danger-screen", "answers": {"strangulation": %s}}' % BIG,
    "bigint_top_level": BIG,
    "bigint_deep_in_referral": '{"questionnaire": "danger-screen", "referral": {"notes": {"x": [%s]}}}' % BIG,
    "nan": doc_with("NaN"),
    "infinity": doc_with("Infinity"),
    "minus_infinity": '{"questionnaire": "danger-screen", "answers": {"strangulation": -Infinity}}',
    "deep_lists": "[" * 100_000 + "]" * 100_000,
    "deep_objects_in_a_field": '{"questionnaire": "danger-screen", "referral": ' + '{"a":' * 50_000 + "1"
                               + "}" * 50_001,
    "bad_utf8": b'{"questionnaire": "danger-screen", "referral": {"situation": "\xff\xfe"}}',
    "utf16": json.dumps({"questionnaire": "danger-screen"}).encode("utf-16"),
    "top_level_list": "[1, 2]",
    "top_level_string": '"danger-screen"',
    "top_level_null": "null",
    "empty": "",
    "syntax": "{not json",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_parse_document__hostile_json__is_one_a301(name):
    raw = HOSTILE[name]
    with pytest.raises(DataError) as info:
        parse_document(raw, "case.json")
    assert info.value.code == "A301", str(info.value)
    line = info.value.render(translator("fr"))
    assert "\n" not in line and line.startswith("case.json") and "A301" in line


@pytest.mark.parametrize("name", list(HOSTILE))
def test_cli_score__hostile_json__exit_2_and_one_line(name):
    code, out, err = run_cli(HOSTILE[name])
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "A301" in lines[0], err


def test_cli_subprocess__bigint_version__exit_2_one_line_no_traceback(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(HOSTILE["bigint_version"], "utf-8")
    for command in (["score", str(path)], ["pdf", str(path), "-o", str(tmp_path / "out.pdf")]):
        out = subprocess.run([sys.executable, "-m", "assessment", *command], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 2, out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
        assert lines[0].startswith(f"{path}:") and " A301 " in lines[0]
    assert not (tmp_path / "out.pdf").exists()


def test_a301_detail__says_what_is_wrong_in_the_maintainers_language():
    """The CLI line names the cause in the chosen language, not the parser's exception name."""
    cases = {"bigint_version": "4300", "nan": "NaN", "deep_lists": "imbrication",
             "bad_utf8": "UTF-8", "top_level_list": "{"}
    for name, word in cases.items():
        with pytest.raises(DataError) as info:
            parse_document(HOSTILE[name], "case.json")
        line = info.value.render(translator("fr"))
        assert word in line, line
        assert "Error" not in line and "Exceeds" not in line and "sys.set_int" not in line, line


# --------------------------------------------------------------------------- property
digits = st.integers(min_value=4301, max_value=20_000).map(lambda n: "8" * n)
deep = st.integers(min_value=2_000, max_value=200_000).map(lambda d: "[" * d + "]" * d)
deep_objects = st.integers(min_value=2_000, max_value=60_000).map(lambda d: '{"a":' * d + "0" + "}" * d)
constants = st.sampled_from(["NaN", "Infinity", "-Infinity"])
poison = digits | deep | deep_objects | constants | digits.map(lambda s: "-" + s)
places = st.sampled_from([
    "{P}",
    '{{"questionnaire": "danger-screen", "version": {P}}}',
    '{{"questionnaire": {P}}}',
    '{{"questionnaire": "danger-screen", "answers": {{"strangulation": {P}}}}}',
    '{{"questionnaire": "danger-screen", "judgement": {{"level": "severe", "rationale": {P}}}}}',
    '{{"questionnaire": "danger-screen", "referral": {{"notes": {{"violences": [1, {P}]}}}}}}',
    '{{"questionnaire": "danger-screen", "mode": "real", "x": {P}}}',
])
hostile_documents = st.builds(lambda place, p: place.format(P=p), places, poison)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(raw=hostile_documents, as_bytes=st.booleans())
def test_property__hostile_json_anywhere__one_coded_error_and_exit_2(raw, as_bytes):
    data = raw.encode("utf-8") if as_bytes else raw
    with pytest.raises(DataError) as info:
        score_document(data)
    assert info.value.code in CATALOGUE
    code, out, err = run_cli(raw)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err[:300]


# --------------------------------------------------------------------------- messages for people
#: What a professional must never read: exception names, parser text, ids, outside documents.
DEVELOPER_WORDS = ("Error", "Exception", "Expecting", "DESIGN", "issue", "JSON", "json", "{", "}",
                   "Traceback", "sys.", "UTF", "NaN", "4300", "« yes »", '"yes"')


@pytest.mark.parametrize("locale", available())
@pytest.mark.parametrize("name", ["bigint_version", "nan", "deep_lists", "bad_utf8", "syntax",
                                  "top_level_list"])
def test_for_user__hostile_file__one_plain_sentence_without_developer_words(name, locale):
    with pytest.raises(DataError) as info:
        parse_document(HOSTILE[name], "case.json")
    text = info.value.for_user(translator(locale))
    assert text and "A301" not in text and "\n" not in text
    for word in DEVELOPER_WORDS:
        assert word not in text, (word, text)


def test_for_user__every_code_reads_plainly_in_every_language():
    context = {"field": "referral.x", "detail": "Input should be a valid string", "value": "peut-etre",
               "qid": "autre", "version": "9.9.9", "available": "danger-screen", "item": "no_such_item",
               "size": 2_000_000, "limit": 1_000_000, "requested": "low", "computed": "high"}
    for locale in available():
        t = translator(locale)
        for code in CATALOGUE:
            text = DataError(code, context=dict(context)).for_user(t)
            assert text and code not in text and "\n" not in text, (code, text)
            for word in ("DESIGN", "issue", "Input should", "{", "}", "Error"):
                assert word not in text, (locale, code, word, text)
            if code == "J401":
                assert not re.search(r"\b(high|low)\b", text), text  # labels, never ids
                from assessment.model import Level
                from assessment.wording import level_label
                assert level_label(Level.high, t) in text


def test_catalogue__no_message_refers_to_a_document_outside_the_repository():
    texts = [(s.code, s.message) for s in CATALOGUE.values()] + [(s.code, s.fix) for s in CATALOGUE.values()]
    texts += list(USER_MESSAGES.items()) + list(FILE_USER.items()) + [("generic", GENERIC_USER)]
    for code, text in texts:
        assert "DESIGN" not in text and "issue " not in text, (code, text)
    assert set(USER_MESSAGES) | set(FILE_USER) <= set(CATALOGUE)


@pytest.mark.parametrize("doc, code", [
    ({"questionnaire": "danger-screen", "answers": {"no_such_item": "yes"}}, "A304"),
    ({"questionnaire": "nope"}, "A302"),
    ({"questionnaire": "danger-screen", "answers": {"strangulation": "yes"},
      "judgement": {"level": "low", "rationale": "x"}}, "J401"),
])
def test_score_document__errors_after_parsing_also_name_the_file(doc, code):
    with pytest.raises(DataError) as info:
        score_document(json.dumps(doc), path="case.json")
    assert info.value.code == code and str(info.value).startswith(f"case.json: {code} ")
