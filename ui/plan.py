"""What to do now and whom to call, from assessment.referrals (the data lives in referrals/)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from assessment import referrals as R
from assessment.model import Result
from assessment.wording import without_topic

from . import keys as K
from . import state as S
from .common import Ctx, plain

if TYPE_CHECKING:
    from assessment.i18n import Translator


def region_of(ctx: Ctx) -> str:
    chosen = S.store(ctx.state).get(K.REGION)
    known = {r.id for r in R.regions()}
    return chosen if chosen in known else R.default_region(ctx.locale)


def plan_for_session(ctx: Ctx, result: Result) -> R.Plan:
    consent = S.store(ctx.state).get(K.CONSENT)
    from assessment.model import CONSENT_VALUES
    return R.plan_for(result, region_of(ctx), consent if consent in CONSENT_VALUES else "not_asked")


def _action_text(action: R.PlannedAction, t: Translator, under: str | None = None) -> str:
    """The action for Markdown; `under`: the alert title it is shown under (see without_topic)."""
    text = action.render(t)
    if under:
        text = without_topic(text, under)
    text = plain(text)
    if action.unverified:
        text += " " + plain(t("(numéro à vérifier)"))
    return text


def alert_actions(plan: R.Plan, t: Translator, titles: dict[str, str]) -> dict[str, list[str]]:
    """Each alert's actions, worded to follow that alert's title (`titles`: alert id -> title)."""
    out: dict[str, list[str]] = {}
    for action in plan.actions:
        if action.origin.startswith("alert:"):
            alert = action.origin.split(":", 1)[1]
            out.setdefault(alert, []).append(_action_text(action, t, titles.get(alert)))
    return out


def level_actions(plan: R.Plan, t: Translator) -> list[str]:
    return [f"**{plain(R.urgency_label(a.urgency, t))}** — {_action_text(a, t)}"
            for a in plan.actions if not a.origin.startswith("alert:")]


def region_select(ctx: Ctx) -> None:
    t = ctx.t
    regions = R.regions()
    names = {r.id: t(r.name) for r in regions}
    S.seed(ctx.state, K.REGION, region_of(ctx))
    st.selectbox(t("Région des services"), [r.id for r in regions], key=K.REGION,
                 format_func=lambda rid: names.get(rid, rid))


def services_block(ctx: Ctx, plan: R.Plan) -> None:
    t = ctx.t
    lines = []
    for service in plan.services:
        head = "**" + plain(t(service.name)) + "**"
        if service.phone:
            link = plan.tel(service)
            phone = plain(service.phone)
            head += " — " + (f"[{phone}]({link})" if link else phone)
        details = [R.kind_label(service.kind, t)]
        if service.hours:
            details.append(t(service.hours))
        details += R.service_notes(service, t)
        lines.append("- " + head + "  \n  " + plain(" · ".join(details)))
    st.markdown("\n".join(lines))
