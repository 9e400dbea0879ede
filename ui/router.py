"""The stage router: stage name -> page function. One entry per stage; FLOW is the guided path
the progress bar counts. Other modules add stages here (training mode: `"training"`)."""
from __future__ import annotations

from typing import Callable

from . import before, questions, referral, result, review, start, training
from .common import Ctx

FLOW: list[str] = ["start", "before", "questions", "review", "result", "referral"]

STAGES: dict[str, Callable[[Ctx], None]] = {
    "start": start.render,
    "before": before.render,
    "questions": questions.render,
    "review": review.render,
    "result": result.render,
    "referral": referral.render,
    "training": training.render,  # training mode (issue 7), outside FLOW
}
