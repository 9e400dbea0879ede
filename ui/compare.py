"""Re-assessment: a previous assessment file to compare with, and the comparison.

The previous file is read like a resumed one (assessment.compare.read_previous: the same codes
and the same plain sentences) and kept in this session only (`state.PREVIOUS`, the validated
document; erase and quick exit forget it with the rest). It never replaces the answers.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import streamlit as st

from . import keys as K
from . import state as S
from .common import Ctx, error_code, plain, registry

if TYPE_CHECKING:
    from collections.abc import MutableMapping

    from assessment.compare import Comparison
    from assessment.model import AssessmentDoc, Result

#: Bumped by "stop comparing": the uploader comes back empty under a new key (Streamlit does not
#: let a script clear a file uploader's value).
UPLOAD_ROUND = K.PREVIOUS_ROUND


def upload_key(state: MutableMapping[str, Any]) -> str:
    n = state.get(UPLOAD_ROUND, 0)
    return K.previous_upload_key(n)


def _on_upload(ctx: Ctx) -> None:
    """Callback: a previous file was chosen. Valid: kept to compare with. Invalid: one plain
    sentence and its code (the resume path's), and nothing else changes."""
    uploaded = ctx.state.get(upload_key(ctx.state))
    if uploaded is None:  # her file removed from the uploader: nothing to compare with
        ctx.state.pop(S.PREVIOUS, None)
        return

    from assessment.compare import read_previous
    from assessment.errors import GENERIC_USER, DataError

    t = ctx.t
    S.capture(ctx.state)
    try:
        doc, _loaded, _result = read_previous(uploaded.getvalue(), registry())
        today = ctx.state.get(S.ASSESSED_ON) or dt.date.today()
        if doc.assessed_on and doc.assessed_on > today:
            raise DataError("C711", context={"previous": doc.assessed_on.isoformat(), "current": today.isoformat()})
    except DataError as exc:
        ctx.state[S.FLASH] = ("error", exc.for_user(t, file=True), exc.code)
        return
    except Exception:  # a bug of ours: the same promise, no code
        ctx.state[S.FLASH] = ("error", t(GENERIC_USER), None)
        return
    ctx.state[S.PREVIOUS] = doc
    ctx.state[S.FLASH] = ("success", t("Évaluation précédente chargée : le résultat la comparera avec "
                                       "les nouvelles réponses. Elle n'est pas reprise et n'est pas conservée."))


def _forget(ctx: Ctx) -> None:
    ctx.state.pop(S.PREVIOUS, None)
    ctx.state[UPLOAD_ROUND] = ctx.state.get(UPLOAD_ROUND, 0) + 1


def upload_widget(ctx: Ctx) -> None:
    """The start page's small piece, off the main path (an expander)."""
    t = ctx.t
    st.file_uploader(
        t("Évaluation précédente (fichier .json, 1 Mo au plus)"), type=["json"], key=upload_key(ctx.state),
        on_change=_on_upload, args=(ctx,), max_upload_size=1,
        help=t("Le fichier est lu dans cette session seulement ; il n'est pas conservé."))
    if ctx.state.get(S.PREVIOUS) is not None:
        st.caption(t("Une évaluation précédente est chargée : le résultat montrera ce qui a changé."))
        st.button(t("Ne plus comparer"), key=K.PREVIOUS_FORGET, on_click=_forget, args=(ctx,))


def comparison_for(ctx: Ctx, doc: AssessmentDoc, result: Result) -> tuple[Comparison | None, Any]:
    """(comparison, None), (None, DataError) or (None, None) when no previous file is loaded."""
    previous = ctx.state.get(S.PREVIOUS)
    if previous is None:
        return None, None
    from assessment.compare import compare
    from assessment.document import resolve
    from assessment.errors import DataError
    from assessment.scoring import score

    try:
        loaded = resolve(previous, registry())
        return compare((previous, loaded, score(loaded, previous)), (doc, ctx.loaded, result)), None
    except DataError as exc:
        return None, exc


def result_block(ctx: Ctx, result: Result) -> None:
    """Result page: 'since the assessment of 3 November: + strangulation, level ...'."""
    comparison, error = comparison_for(ctx, S.build_doc(ctx.state, ctx.loaded), result)
    t = ctx.t
    if error is not None:
        st.error(error.for_user(t, file=True), icon=":material/block:")
        error_code(ctx, error.code)
        return
    if comparison is None:
        return
    from assessment.compare import details, headline

    with st.container(border=True, key=K.COMPARISON):
        st.markdown("**" + plain(headline(comparison, t)) + "**")
        st.markdown("\n".join("- " + plain(line) for line in details(comparison, t)))


def reassess_block(ctx: Ctx, result: Result) -> None:
    """When to assess again: after any new incident, and a date per level (data)."""
    from assessment.compare import recommendation

    t = ctx.t
    doc = S.build_doc(ctx.state, ctx.loaded)
    st.header(t("Quand refaire l'évaluation"))
    on = doc.assessed_on or dt.date.today()  # build_doc dates every document (today by default)
    st.markdown("\n".join("- " + plain(line) for line in recommendation(result.level, on, t)))
