"""A course progress file and an assessment file never pass for each other."""
from __future__ import annotations

import json

import pytest

from assessment.document import parse_document
from assessment.errors import DataError

PROGRESS = {"kind": "course-progress", "course": "reperage-danger", "version": "1.0.0",
            "sha256": "0" * 64, "modules": {}}


def test_assessment_resume__course_progress_file__refused_with_its_own_plain_message():
    with pytest.raises(DataError) as caught:
        parse_document(json.dumps(PROGRESS))
    assert caught.value.code == "C757"
    assert "Cours" in caught.value.for_user(file=True)


class _Upload:
    def __init__(self, raw: bytes):
        self._raw, self.size = raw, len(raw)

    def getvalue(self) -> bytes:
        return self._raw


def test_assessment_resume_page__course_progress_file__one_plain_sentence_nothing_changes():
    from assessment.i18n import translator
    from ui import resume
    from ui.common import Ctx

    state = {"resume_upload": _Upload(json.dumps(PROGRESS).encode()), "ans_strangulation": "yes"}
    resume._on_upload(Ctx(translator("fr", domain="ui"), None, state))
    kind, text, code = state["_flash"]
    assert (kind, code) == ("error", "C757") and "mode « Cours »" in text.replace("\u00a0", " ").replace("\u202f", " ")
    assert state["ans_strangulation"] == "yes" and state.get("stage") is None
