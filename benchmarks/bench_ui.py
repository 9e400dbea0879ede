"""Rerun of each page under AppTest, beside a bare Streamlit page with the same number and kinds
of elements (benchmarks/floors/<page>.py). Target: at most 1.5x the floor.

A rerun is what a professional feels on every click: the whole script runs again. Each page is
reached through the real flow (by widget keys, as tests/test_ui_flow.py does), with a realistic
case (high level, one alert, one unknown), then re-run `REPEAT` times. The floor script draws
the same element kinds in the same numbers with static text; the benchmark compares the two
element trees and fails loudly when they drift apart (a floor that draws less is no floor).
"""
from __future__ import annotations

import collections
import sys
from pathlib import Path

from common import Row, ratio_row, sample, table, write

ROOT = Path(__file__).resolve().parent.parent
FLOORS = Path(__file__).resolve().parent / "floors"
sys.path.insert(0, str(ROOT))

REPEAT = 60
#: The case every page is measured with: strangulation (medical alert), an unknown, the rest no.
CASE = {"strangulation": "yes", "jealousy": "yes", "separation": "yes", "escalation": "unknown"}


def _no_component_scan() -> None:
    """As tests/conftest.py: AppTest's per-instance scan of installed distributions is not part
    of a rerun, and is skipped for ours and for the floor alike."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    BidiComponentManager.discover_and_register_components = lambda self, *a, **k: None


def kinds(at) -> collections.Counter:
    """Element and block kinds of the rendered tree (the framework's own roots left out)."""
    found: collections.Counter = collections.Counter()

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if not isinstance(children, dict):
            return
        for child in children.values():
            kind = getattr(child, "type", "") or type(child).__name__
            if type(child).__name__ != "SpecialBlock":
                found[kind] += 1
            walk(child)

    walk(at._tree)
    return found


def _ok(at):
    if at.exception:
        raise RuntimeError(f"the app raised: {[e.value for e in at.exception]}")
    return at


def _click(at, key: str):
    return _ok(at.button(key=key).click().run())


def open_ours():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.context = {"locale": "fr-BE"}
    return _ok(at.run())


def reach(page: str):
    """Our app at `page`, reached by the real flow with CASE."""
    from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry

    q = default_registry().get(DEFAULT_QUESTIONNAIRE).questionnaire
    at = open_ours()
    if page == "start":
        return at
    _click(at, "start")
    for key in ("safe_to_talk", "alone"):
        at.radio(key=key).set_value("yes")
    at.radio(key="consent").set_value("given")
    _click(at, "nav_next")
    for n, section in enumerate(q.sections):
        for item in section.items:
            at.radio(key=f"ans_{item.id}").set_value(CASE.get(item.id, "no"))
        if page == "section" and n == 0:
            return _ok(at.run())
        _click(at, "nav_next")
    if page == "review":
        return at
    _click(at, "nav_next")
    if page == "result":
        return at
    _click(at, "nav_next")
    assert page == "referral", page
    return at


def open_floor(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(FLOORS / f"{page}.py"), default_timeout=30)
    return _ok(at.run())


PAGES = ("start", "section", "review", "result", "referral")
NAMES = {"start": "start page", "section": "questionnaire section (7 questions)",
         "review": "review", "result": "result", "referral": "referral and sheet"}


def measure(page: str, repeat: int = REPEAT) -> tuple[Row, str | None]:
    ours_at, floor_at = reach(page), open_floor(page)
    _ok(ours_at.run())  # settle: one-off elements (scroll to top) are gone from a plain rerun
    _ok(floor_at.run())
    ours_kinds, floor_kinds = kinds(ours_at), kinds(floor_at)
    # Interleave ours and the floor so that machine noise hits both alike.
    ours_ms: list[float] = []
    floor_ms: list[float] = []
    for _ in range(repeat // 5):
        ours_ms += sample(lambda: _ok(ours_at.run()), 5, warmup=1)
        floor_ms += sample(lambda: _ok(floor_at.run()), 5, warmup=1)
    drift = None
    if ours_kinds != floor_kinds:
        diff = {k: (ours_kinds.get(k, 0), floor_kinds.get(k, 0))
                for k in sorted(set(ours_kinds) | set(floor_kinds)) if ours_kinds.get(k) != floor_kinds.get(k)}
        drift = f"{page}: floor differs from the page (kind: ours, floor): {diff}"
    row = ratio_row(f"rerun: {NAMES[page]}", ours_ms, floor_ms, f"floors/{page}.py", limit=1.5,
                    elements=sum(ours_kinds.values()), floor_elements=sum(floor_kinds.values()))
    return row, drift


def main() -> int:
    _no_component_scan()
    rows, drifts = [], []
    for page in PAGES:
        row, drift = measure(page)
        rows.append(row)
        if drift:
            drifts.append(drift)
    print(table(rows))
    print("written", write(rows, "ui"))
    for drift in drifts:
        print("FLOOR DRIFT:", drift)
    return 1 if drifts else 0


if __name__ == "__main__":
    sys.exit(main())
