"""Stage 4: every answer at a glance, unknowns said in words, a way back to any part."""
from __future__ import annotations

import streamlit as st

from assessment.wording import answer_label, with_when

from . import keys as K
from . import state as S
from .common import Ctx, go, literal, nav, plain


def _edit(ctx: Ctx, index: int) -> None:
    ctx.state[S.FROM_REVIEW] = True
    go(ctx.state, "questions", index)


def render(ctx: Ctx) -> None:
    t = ctx.t
    q = ctx.loaded.questionnaire
    values = S.store(ctx.state)
    answers = S.answers(ctx.state, ctx.loaded)
    missing = [i for i in q.item_ids if answers.get(i, "unknown") == "unknown"]
    st.title(t("Synthèse des réponses"))
    if missing:
        st.warning(t.ngettext("{n} question sans réponse ou « Ne sait pas » : elle est comptée comme inconnue, jamais comme « Non ».",
                              "{n} questions sans réponse ou « Ne sait pas » : elles sont comptées comme inconnues, jamais comme « Non ».",
                              len(missing)).format(n=len(missing)), icon=":material/help:")
    else:
        st.success(t("Toutes les questions ont une réponse."), icon=":material/check:")
    for index, section in enumerate(q.sections):
        with st.container(border=True):
            st.header(t(section.title))
            lines = []
            for item in section.items:
                answer = values.get(K.answer_key(item.id))
                if answer is None:
                    shown = "**" + t("⚠ Sans réponse : inconnu, à clarifier") + "**"
                elif answer == "unknown":
                    shown = "**" + t("⚠ Ne sait pas : à clarifier") + "**"
                else:
                    shown = answer_label(answer, t)
                when = (values.get(K.when_key(item.id)) or "").strip() if answer == "yes" else ""
                if when:  # said on the referral page; shown beside its factor
                    shown = plain(with_when(shown, when, t))
                lines.append(f"- {t(item.text)} — {shown}")
            st.markdown("\n".join(lines))
            note = (values.get(K.note_key(section.id)) or "").strip()
            if note:
                literal(t("Note :") + " " + note)  # as typed: no Markdown, no link
            st.button(t("Modifier cette partie"), key=K.review_edit_key(section.id),
                      on_click=_edit, args=(ctx, index), icon=":material/edit:")
    concern = (values.get("open_concern") or "").strip()
    if concern:
        literal(t("Autre inquiétude :") + " " + concern)
    nav(ctx, back=lambda: go(ctx.state, "questions", len(q.sections) - 1),
        next_=lambda: go(ctx.state, "result"), next_label=t("Voir le résultat"))
