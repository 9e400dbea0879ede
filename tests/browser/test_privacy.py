"""In a real browser: nothing is kept, sessions are isolated.

Ten browser contexts complete assessments at the same time, each with its own answers and a
unique canary string in every free-text field. Afterwards:
- each downloaded PDF and save file holds its own canary and no other session's;
- no file under the project, the home folder or the temp folder modified since the start holds
  any canary, and neither does the server's output (captured in memory);
- no request left the loopback interface.
"""
from __future__ import annotations

import asyncio
import io
import json
import time
import unicodedata
import uuid

import pytest
from pypdf import PdfReader

from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry
from assessment.model import AssessmentDoc, Level
from assessment.scoring import score

from . import scan
from .conftest import ROOT
from .flow import Case, complete, questionnaire
from .helpers import new_context, off_loopback, record_requests, screenshot

pytestmark = pytest.mark.browser

SESSIONS = 10


def answers_for(n: int) -> dict[str, str]:
    """Different answers per session: every fourth question (a different quarter for each
    session), yes / no / don't know in rotation; the rest stay unanswered (unknown). Few
    clicks keep ten concurrent sessions within the CI budget; the free text is all there."""
    out = {}
    for k, item in enumerate(questionnaire().item_ids):
        if (k + n) % 4 == 0:
            out[item] = ("yes", "no", "unknown")[(k + n) % 3]
    return out


def case_for(n: int, canary: str) -> Case:
    answers = answers_for(n)
    loaded = default_registry().get(DEFAULT_QUESTIONNAIRE)
    computed = score(loaded, AssessmentDoc(questionnaire=loaded.questionnaire.id, answers=answers))
    judgement = ("severe", f"{canary}-judgement_reason") if computed.level < Level.severe else None
    case = Case.with_canary(canary, answers, judgement=judgement)
    if judgement is None:
        case.texts.pop("judgement_reason")
    return case


def pdf_text(data: bytes) -> str:
    return unicodedata.normalize(
        "NFKC", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture(scope="module")
def ten_sessions(app):
    since = time.time() - 2  # file times have a coarse resolution on some file systems
    canaries = [f"CANARY{uuid.uuid4().hex[:10].upper()}S{n}" for n in range(SESSIONS)]
    cases = [case_for(n, c) for n, c in enumerate(canaries)]
    requests: list[str] = []

    async def one(n: int):
        ctx = await new_context(app)
        record_requests(ctx, requests)
        page = await ctx.new_page()
        try:
            return await complete(page, app.url, cases[n])
        except Exception:
            await screenshot(page, app.artifacts, f"privacy-session-{n}-FAILED")
            raise
        finally:
            await ctx.close()

    async def all_sessions():
        return await asyncio.gather(*(one(n) for n in range(SESSIONS)))

    started = time.perf_counter()
    outcomes = app.run(all_sessions(), timeout=600)
    wall = time.perf_counter() - started
    return {"since": since, "canaries": canaries, "cases": cases, "outcomes": outcomes,
            "requests": requests, "wall": wall}


def test_ten_concurrent_sessions__every_download_works(ten_sessions):
    failed = {n: out.errors for n, out in enumerate(ten_sessions["outcomes"]) if out.errors}
    assert not failed, (
        f"downloads failed in {len(failed)} of {SESSIONS} concurrent sessions: {failed}. "
        "A deferred download_button (data=callable) stores the generated file unreferenced; "
        "script runs of OTHER sessions (MediaFileManager.remove_orphaned_files) delete it "
        "before the browser fetches it (HTTP 404).")


def test_ten_concurrent_sessions__each_file_holds_only_its_own_answers(ten_sessions):
    canaries, cases = ten_sessions["canaries"], ten_sessions["cases"]
    for n, out in enumerate(ten_sessions["outcomes"]):
        own, others = canaries[n], [c for i, c in enumerate(canaries) if i != n]
        saved = json.loads(out.downloads["save_json"])
        assert saved["answers"] == cases[n].answers, f"session {n}: answers of another session?"
        dumped = json.dumps(saved, ensure_ascii=False)
        for field in cases[n].texts:
            assert f"{own}-{field}" in dumped, f"session {n}: {field} missing from the save file"
        pdf = pdf_text(out.downloads["pdf_download"]) if "pdf_download" in out.downloads else ""
        assert own in pdf or "pdf_download" in out.errors, f"session {n}: own canary not in its PDF"
        seen = "\n".join(out.stages.values())
        for other in others:
            assert other not in pdf, f"session {n}'s PDF holds {other}"
            assert other not in dumped, f"session {n}'s save file holds {other}"
            assert other not in seen, f"session {n}'s screens show {other}"


def test_nothing_kept__no_file_and_no_server_output_holds_a_canary(ten_sessions, app):
    needles = [c.encode() for c in ten_sessions["canaries"]]
    roots = scan.roots(ROOT)
    touched = scan.files_modified_since(roots, ten_sessions["since"])
    hits = scan.containing(touched, needles)
    assert not hits, "answers written to disk:\n" + "\n".join(
        f"{path}: {[n.decode() for n in found]}" for path, found in hits.items())
    output = app.server.text()
    leaked = [c for c in ten_sessions["canaries"] if c in output]
    assert not leaked, f"the server's output holds answers: {leaked}"
    assert touched, "the scan saw no file at all: it would not have seen a leak either"


def test_nothing_leaves_loopback(ten_sessions):
    requests = ten_sessions["requests"]
    assert len(requests) > SESSIONS, "requests were not recorded"
    assert not off_loopback(requests), sorted(set(off_loopback(requests)))
