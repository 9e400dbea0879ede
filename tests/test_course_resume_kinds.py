"""A course progress file and an assessment file never pass for each other (issue 17.2)."""
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
