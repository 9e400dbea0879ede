"""Bad input everywhere: generated assessment documents through the CLI and the parser.

Always a clear coded error or a Result; never a traceback. The CLI runs in-process here (1,000+
documents in a few seconds); test_cli.py runs the real subprocess for the exit codes.
"""
from __future__ import annotations

import contextlib
import io
import json
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.cli import main
from assessment.document import MAX_DOCUMENT_BYTES, parse_document, score_document
from assessment.errors import CATALOGUE, DataError
from assessment.loader import default_registry

IDS = default_registry().get("danger-screen").questionnaire.item_ids
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
answer_values = st.sampled_from(["yes", "no", "unknown"]) | json_values
keys = st.sampled_from(["questionnaire", "version", "answers", "judgement", "referral", "mode"]) | st.text(max_size=12)

# Documents that are mostly right, with one or more parts wrong: they reach deep validation.
near_valid = st.fixed_dictionaries(
    {"questionnaire": st.sampled_from(["danger-screen", "danger-screen", "other", ""]) | json_scalars},
    optional={
        "version": st.sampled_from(["1.0.0", "9.9.9", "1.0", None]) | json_scalars,
        "answers": st.dictionaries(st.sampled_from(IDS) | st.text(max_size=12), answer_values, max_size=8)
        | json_values,
        "judgement": st.fixed_dictionaries({"level": st.sampled_from(["low", "moderate", "high", "severe", "x"]),
                                            "rationale": st.text(max_size=40)}) | json_values,
        "referral": st.dictionaries(st.sampled_from(["consent", "safe_contact", "notes", "professional",
                                                     "case_code", "x"]), json_values, max_size=4),
        "mode": st.sampled_from(["real", "training", "demo"]),
    })
#: Integers of more than 4,300 digits (json.loads raises ValueError on them) slipped
#: into a near-valid document; json.dumps cannot write them, so they are spliced in as text.
with_bigint = st.builds(lambda doc, n, field: doc[:-1] + f', "{field}": ' + "7" * n + "}",
                        near_valid.map(json.dumps), st.integers(min_value=4301, max_value=6000),
                        st.sampled_from(["version", "mode", "x"]))
documents = (near_valid.map(json.dumps)
             | with_bigint
             | st.dictionaries(keys, json_values, max_size=6).map(json.dumps)
             | json_values.map(json.dumps)
             | st.text(max_size=200)
             | st.binary(max_size=200))


def run_cli(raw: bytes | str) -> tuple[int, str, str]:
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["score", "-", "--format", "json"])
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=documents)
def test_cli_score__any_document_gives_a_result_or_one_coded_error(raw):
    code, out, err = run_cli(raw)
    if code == 0:
        assert json.loads(out)["level"] in {"low", "moderate", "high", "severe"}
    else:
        assert code == 2 and out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert any(f" {c} " in f" {lines[0]} " or lines[0].startswith(c) or f": {c} " in lines[0]
                   for c in CATALOGUE), lines[0]


@settings(max_examples=1000, deadline=None)
@given(raw=documents)
def test_parse_document__raises_only_data_errors(raw):
    try:
        score_document(raw)
    except DataError as exc:
        assert exc.code in CATALOGUE and str(exc)


def test_document_over_1_mb__refused_before_parsing():
    raw = json.dumps({"questionnaire": "danger-screen", "referral": {"situation": "x" * MAX_DOCUMENT_BYTES}})
    try:
        parse_document(raw)
    except DataError as exc:
        assert exc.code == "A308"
    else:
        raise AssertionError("a document over 1 MB was accepted")


def test_deeply_nested_json__is_a_clear_error_not_a_crash():
    raw = "[" * 100_000 + "]" * 100_000
    code, _out, err = run_cli(raw[:MAX_DOCUMENT_BYTES - 10])
    assert code == 2 and "A30" in err


def test_integer_of_5000_digits__is_a_clear_error_not_a_crash():
    raw = '{"questionnaire": "danger-screen", "version": ' + "9" * 5000 + "}"
    code, _out, err = run_cli(raw)
    assert code == 2 and "A301" in err and len(err.strip().splitlines()) == 1
    try:
        parse_document(raw)
    except DataError as exc:
        assert exc.code == "A301"
    else:
        raise AssertionError("an integer of 5,000 digits was accepted")
