"""Resume upload under fuzzing: any file gives a resumed assessment or one clear coded
message, never an exception, and a refused file leaves the current answers exactly as they were."""
from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.errors import CATALOGUE
from assessment.i18n import translator
from assessment.loader import default_registry
from ui import state as S
from ui.common import Ctx
from ui.resume import _on_upload

from .test_document_hostile import HOSTILE, hostile_documents
from .test_fuzz_documents import documents

#: What a professional must never read in a message.
DEVELOPER_WORDS = ("Error", "Expecting", "DESIGN", "issue", "JSON", "{", "}", "Traceback")

LOADED = default_registry().get("danger-screen")


class Upload:
    """What st.file_uploader hands the callback: size and bytes."""

    def __init__(self, raw: bytes):
        self._raw, self.size = raw, len(raw)

    def getvalue(self) -> bytes:
        return self._raw


def session_with_answers() -> dict:
    return {S.STORE: {"ans_strangulation": "yes", "ans_separation": "unknown", "note_violences": "bleus",
                       "safe_contact": "portable après 18 h"},
             S.QREF: LOADED.key, S.STAGE: "questions", "ans_strangulation": "yes"}


def upload(raw: bytes, locale: str = "fr") -> tuple[dict, dict]:
    state = session_with_answers()
    before = copy.deepcopy(state[S.STORE])
    state["resume_upload"] = Upload(raw)
    _on_upload(Ctx(translator(locale), LOADED, state))
    return state, before


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=documents, locale=st.sampled_from(["fr", "nl", "ar"]))
def test_resume_upload__resumes_or_refuses_with_one_coded_message_keeping_answers(raw, locale):
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    state, before = upload(data, locale)
    kind, text, *code = state[S.FLASH]
    if kind == "error":
        assert code and code[0] in CATALOGUE and code[0] not in text, (code, text)
        assert "\n" not in text and not any(w in text for w in DEVELOPER_WORDS), text
        assert state[S.STORE] == before and state[S.STAGE] == "questions"
    else:
        assert kind == "success" and state[S.STAGE] == "review"


def test_resume_upload__over_1_mb_refused_and_answers_kept():
    state, before = upload(b" " * 1_000_001)
    assert state[S.FLASH][0] == "error" and state[S.FLASH][2] == "A308"
    assert state[S.STORE] == before


def test_resume_upload__training_case_refused_in_the_real_flow():
    raw = json.dumps({"questionnaire": "danger-screen", "mode": "training",
                      "answers": {"strangulation": "no"}}).encode()
    state, before = upload(raw)
    assert state[S.FLASH][2] == "A310" and state[S.STORE] == before


def test_resume_upload__valid_document_replaces_the_answers():
    raw = json.dumps({"questionnaire": "danger-screen", "version": "1.0.0",
                      "answers": {"strangulation": "no", "stalking": "yes"}}).encode()
    state, _before = upload(raw)
    assert state[S.FLASH][0] == "success"
    assert state[S.STORE]["ans_stalking"] == "yes" and state[S.STORE]["ans_strangulation"] == "no"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(raw=hostile_documents | st.sampled_from(sorted(HOSTILE)).map(HOSTILE.get),
       locale=st.sampled_from(["fr", "en", "ar"]))
def test_resume_upload__hostile_json__refused_plainly_and_answers_kept(raw, locale):
    """Huge integers, NaN, deep nesting, bad UTF-8, a top level that is not an object."""
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    state, before = upload(data, locale)
    kind, text, code = state[S.FLASH]
    assert kind == "error" and code == "A301", (code, text)
    assert not any(w in text for w in DEVELOPER_WORDS), text
    assert state[S.STORE] == before and state[S.STAGE] == "questions"


def test_resume_upload__bigint_version__refused_not_a_crash():
    state, before = upload(HOSTILE["bigint_version"].encode())
    assert state[S.FLASH][0] == "error" and state[S.FLASH][2] == "A301"
    assert state[S.STORE] == before
