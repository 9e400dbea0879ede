"""Stage 3: the questionnaire, one section at a time.

An answer click reruns only the questions of the section (`st.fragment`), not the
page: the notes (see render), the chrome, the progress bar, the guard and the save button outside it do not depend on
an answer; the buttons outside (next, back, save, language) still run the whole page, after
`S.capture`, so the save file holds the answer clicked last. `st.form` would add a submit click
to every page, and `on_change` callbacks still rerun the whole page (docs/PERFORMANCE.md).
"""
from __future__ import annotations

import streamlit as st

from assessment.wording import help_text

from . import keys as K
from . import state as S
from .common import Ctx, answer_radio, go, nav, text_field
from .plan import region_of


def section_index(ctx: Ctx) -> int:
    count = len(ctx.loaded.questionnaire.sections)
    index = ctx.state.get(S.SECTION, 0)
    return min(max(int(index), 0), count - 1)


def _back(ctx: Ctx, index: int) -> None:
    if index == 0:
        go(ctx.state, "before")
    else:
        go(ctx.state, "questions", index - 1)


def _next(ctx: Ctx, index: int) -> None:
    if index + 1 >= len(ctx.loaded.questionnaire.sections) or ctx.state.get(S.FROM_REVIEW):
        ctx.state[S.FROM_REVIEW] = False
        go(ctx.state, "review")
    else:
        go(ctx.state, "questions", index + 1)


def render(ctx: Ctx) -> None:
    t = ctx.t
    q = ctx.loaded.questionnaire
    index = section_index(ctx)
    section = q.sections[index]
    st.title(t(section.title))
    with st.container(horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"):
        st.caption(t("Partie {n} sur {total}").format(n=index + 1, total=len(q.sections)))
        # Visible, first in the page's Tab order: ui/look.py moves the focus (no rerun needed).
        st.button(t("Question suivante sans réponse"), key=K.SKIP_UNANSWERED, type="tertiary",
                  icon=":material/arrow_downward:")
    with st.container(key=K.KEYS_HINT):
        st.caption(t("Au clavier : les flèches choisissent, Entrée passe à la question suivante."))
    if section.intro:
        st.markdown(t(section.intro))
    _questions(ctx, index)
    # The notes stay outside: a field typed and not yet committed is sent with the next click,
    # and Streamlit 1.67 sends both as a run of the field's fragment, which would lose the click
    # on "next" or "save" (tests/browser/test_clicks.py).
    text_field(ctx, K.note_key(section.id), t("Note sur cette partie (facultatif)"), area=True,
               placeholder=t("Ce qu'elle a dit, ce que vous avez observé"))
    last = index + 1 == len(q.sections)
    if last:
        text_field(ctx, K.OPEN_CONCERN, t("Y a-t-il autre chose qui l'inquiète pour sa sécurité ?"), area=True)
    st.caption(t("Une question sans réponse compte comme « Ne sait pas », jamais comme « Non »."))
    nav(ctx, back=lambda: _back(ctx, index), next_=lambda: _next(ctx, index),
        next_label=t("Vers la synthèse") if last or ctx.state.get(S.FROM_REVIEW) else t("Partie suivante"))


@st.fragment
def _questions(ctx: Ctx, index: int) -> None:
    """The section's questions: what an answer changes (module docstring)."""
    t = ctx.t
    section = ctx.loaded.questionnaire.sections[index]
    S.capture(ctx.state)  # a fragment run does not pass through ui/main.py
    for item in section.items:
        # The question first; why it is asked one tap away, closed, kept open while on the page.
        with st.container(border=True, key=K.qbox_key(item.id)):
            answer_radio(ctx, K.answer_key(item.id), t(item.text))
            why = help_text(ctx.loaded, item.id, t, region_of(ctx))  # per country
            with st.expander(t("Pourquoi cette question ?"), type="compact", key=K.why_key(item.id)):
                st.markdown(why)
