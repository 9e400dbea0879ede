"""The stage router: stage name -> page function. One entry per stage; FLOW is the guided path
the progress bar counts. Other modules add stages here (training mode: `"training"`)."""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from .common import Ctx

FLOW: list[str] = ["start", "before", "questions", "review", "result", "referral"]


def _page(module: str) -> Callable[[Ctx], None]:
    """`ui.<module>.render`, the module imported when its page is first drawn: the first page
    a professional sees does not wait for the others (docs/PERFORMANCE.md)."""
    def render(ctx: Ctx) -> None:
        import_module(f"{__package__}.{module}").render(ctx)

    render.__qualname__ = f"{module}.render"
    return render


STAGES: dict[str, Callable[[Ctx], None]] = {
    "start": _page("start"),
    "before": _page("before"),
    "questions": _page("questions"),
    "review": _page("review"),
    "result": _page("result"),
    "referral": _page("referral"),
    "training": _page("training"),  # training mode, outside FLOW
    "course": _page("course"),  # the online course, outside FLOW
}
