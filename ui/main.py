"""The app: page set-up, language, right to left, the stage router. Called by app.py.

Python's full garbage collection walks every object of the process; after every run (Streamlit's
`runner.postScriptGC`, off in .streamlit/config.toml) that walk was most of the server CPU of an
answer click (docs/PERFORMANCE.md). What a process loads once for every session
(questionnaire, directories, crosswalk, ReportLab) is frozen out of the collector's walks once
it is loaded (`freeze_shared`), so the generational collections that still run stay cheap and
a run's own garbage is still collected.
"""
from __future__ import annotations

import gc
import sys
from collections.abc import MutableMapping
from typing import Any, cast

import streamlit as st

from . import guard, look
from . import state as S
from .chrome import BASE_CSS, RTL_CSS, neutral_page, page_language, scroll_to_top, sidebar, top_bar
from .common import Ctx, flash, get_translator, initial_locale

#: Pages of the flow that offer "save to a file" in their navigation row (between back and next).
SAVE_EVERYWHERE = ("before", "questions", "review", "result")


#: Modules whose import marks a run that loaded process-wide data (it is loaded by the end of it).
SHARED_MARKERS = ("assessment.loader", "assessment.referrals", "assessment.crosswalk", "reportlab.platypus")
_frozen: set[str] = set()


def freeze_shared() -> None:
    """After the run that first loaded one more of SHARED_MARKERS: collect, then freeze what
    is left (gc.freeze: never walked again by the collector). At most once per marker per
    process, so only the few sessions alive at those moments are frozen with it."""
    new = {m for m in SHARED_MARKERS if m in sys.modules} - _frozen
    if new:
        _frozen.update(new)
        gc.collect()
        gc.freeze()


def main() -> None:
    # The session state is a mutable mapping keyed by str (its declared key type is wider).
    state = cast("MutableMapping[str, Any]", st.session_state)
    if state.get(S.NEUTRAL):
        t = get_translator(initial_locale())
        st.set_page_config(page_title=t("Accueil"), layout="centered", initial_sidebar_state="collapsed")
        neutral_page(t)
        guard.render(t, state)
        return
    if S.LOCALE not in state:
        state[S.LOCALE] = initial_locale()
    t = get_translator(state[S.LOCALE])
    # Neutral tab title: it shows on a shared device.
    st.set_page_config(page_title=t("Repérage"), layout="centered", initial_sidebar_state="auto")
    # The look comes with the first element of the page: a Tab pressed while the page is still
    # drawing must already show its focus ring.
    st.html(BASE_CSS + (RTL_CSS if t.rtl else "") + look.LOOK_CSS)
    S.capture(state)
    ctx = Ctx(t, None, state)  # the questionnaire is loaded when a page first needs it

    from .router import FLOW, STAGES
    stage = state.get(S.STAGE, "start")
    if stage not in STAGES:
        stage = state[S.STAGE] = "start"
    top_bar(ctx, stage, FLOW)
    sidebar(ctx, stage)
    flash(ctx)
    if stage in SAVE_EVERYWHERE:  # the referral page has its own, with the sheet
        from .resume import save_widget
        ctx.nav_extra = lambda: save_widget(ctx, caption=False, compact=True)
    STAGES[stage](ctx)
    if ctx.nav_extra is not None:  # the page drew no navigation row
        ctx.nav_extra()
    scroll_to_top(state)
    page_language(t)
    look.render(state)
    guard.render(t, state)
    freeze_shared()
