"""The plan for a scored result in a region: the actions in order, the services to list, the
legal note of the consent state (see the package's docstring for the order)."""
from __future__ import annotations

from collections.abc import Callable, Collection

from pydantic import Field

from ..base import Strict
from ..errors import DataError
from ..model import CONSENT_VALUES, Consent, Level, Result
from .directory import _bundled_actions, get_region
from .models import URGENCIES, ActionDef, ActionsFile, PhoneFormat, Region, Service, Urgency
from .numbers import _dialled, _digits, _phones_for, _services_for, tel_uri


class PlannedAction(Strict):
    id: str
    text: str = Field(description="French msgid; use render(t).")
    urgency: Urgency
    origin: str = Field(description="'level:severe' or 'alert:suicide': why it is in the plan.")
    phones: list[str] = Field(default_factory=list)
    lines: list[tuple[str, str]] = Field(default_factory=list,
                                         description="(name msgid, phone) of the non-emergency services used.")
    emergency: list[str] = Field(default_factory=list, description="The emergency numbers used.")
    unverified: bool = False

    def render(self, t: Callable[[str], str] = lambda s: s) -> str:
        """The action in the translator's language, with the region's numbers filled in.

        `{phones}`: every number; `{lines}`: the lines by name ("Name (0800 32 123)");
        `{emergency}`: the emergency numbers only."""
        named = []
        for name, phone in self.lines:
            shown = t(name)
            if _digits(phone) in _digits(shown):
                named.append(shown)  # "Ligne verte 1899": the number is in the name
            elif shown.endswith(")"):
                named.append(f"{shown[:-1]}, {phone})")  # "Hotline (französischsprachig, 0800 32 123)"
            else:
                named.append(f"{shown} ({phone})")
        return (t(self.text).replace("{phones}", " / ".join(self.phones))
                .replace("{lines}", " / ".join(named))
                .replace("{emergency}", " / ".join(self.emergency)))


class Plan(Strict):
    region: str
    level: Level
    alerts: list[str]
    consent: Consent
    actions: list[PlannedAction]
    services: list[Service]
    legal_note: str | None = Field(default=None, description="French msgid, when consent is not given "
                                                             "(refused, not asked, not sought): the country's note.")
    phone_format: PhoneFormat

    def tel(self, service: Service) -> str | None:
        """`tel:` (or `sms:`) link for a service of this plan's region."""
        return tel_link(service, self.phone_format)


def tel_link(service: Service, region: Region | PhoneFormat | str) -> str | None:
    """Tap-to-call link (`tel:`, or `sms:` for an SMS-only number), None without a phone."""
    if not service.phone:
        return None
    if isinstance(region, str):
        region = get_region(region)
    fmt = region.phone_format if isinstance(region, Region) else region
    return tel_uri(service.phone, fmt, sms=service.sms_only)


def _alert_action_ids(a: ActionsFile, alert: str, yes: Collection[str]) -> list[str]:
    """The alert's actions for the answers that raised it (`causes`), else its generic ones."""
    by_cause = a.causes.get(alert, {})
    picked = [i for item, refs in by_cause.items() if item in yes for i in refs]
    return list(dict.fromkeys(picked)) or a.alerts.get(alert, [])


def _plan_actions(a: ActionsFile, region: Region, level: Level, alerts: list[str],
                  yes: Collection[str] = frozenset()) -> list[PlannedAction]:
    rank = {u: n for n, u in enumerate(URGENCIES)}
    chosen: list[tuple[ActionDef, str]] = []
    alert_order = [x for x in a.alerts if x in alerts]
    alert_part = [(a.action(i), f"alert:{x}") for x in alert_order for i in _alert_action_ids(a, x, yes)]
    answer_part = [(a.action(i), f"answer:{item}") for item, refs in a.answers.items() if item in yes
                   for i in refs]
    level_part = [(a.action(i), f"level:{level.value}") for i in a.levels.get(level, [])]
    pinned = [p for p in alert_part + answer_part + level_part if p[0].first]
    rest = [p for p in alert_part + answer_part + level_part if not p[0].first]
    for action, origin in pinned + sorted(rest, key=lambda p: rank[p[0].urgency]):
        if all(action.id != c.id for c, _ in chosen):
            chosen.append((action, origin))
    out = []
    for action, origin in chosen:
        phones, unverified = _phones_for(action, region)
        used = _services_for(action, region)
        out.append(PlannedAction(
            id=action.id, text=action.text, urgency=action.urgency, origin=origin, phones=phones,
            lines=list(dict.fromkeys((s.name, s.phone) for s in used if not s.emergency and s.phone)),
            emergency=list(dict.fromkeys(_dialled(s) for s in used if s.emergency and s.phone)),
            unverified=bool(unverified)))
    return out


def _plan_services(a: ActionsFile, region: Region, level: Level, alerts: list[str]) -> list[Service]:
    kinds = list(a.services.always)
    for alert in [x for x in a.alerts if x in alerts] + [x for x in alerts if x not in a.alerts]:
        kinds += a.services.alerts.get(alert, [])
    kinds += a.services.levels.get(level, [])
    kinds = list(dict.fromkeys(kinds))
    picked = [s for s in region.services if s.emergency]
    picked += [s for s in region.services if s.kind == "specialised_line" and s not in picked]
    for kind in kinds:
        picked += [s for s in region.services if s.kind == kind and s not in picked]
    return picked


def plan_for(result: Result, region: str, consent: str = "not_asked") -> Plan:
    """What to do now and whom to call, for a scored Result in a region (see module doc)."""
    reg = get_region(region)
    if consent not in CONSENT_VALUES:
        raise DataError("R621", context={"consent": consent})
    a = _bundled_actions()
    level = Level(result.level)
    alerts = list(result.alerts)
    yes = {item for item, answer in result.answers.items() if getattr(answer, "value", answer) == "yes"}
    return Plan(region=reg.id, level=level, alerts=alerts, consent=consent,
                actions=_plan_actions(a, reg, level, alerts, yes),
                services=_plan_services(a, reg, level, alerts),
                legal_note=consent_note(reg.id, consent), phone_format=reg.phone_format)


def consent_note(region: str, consent: str) -> str | None:
    """The legal note for a consent state in a region's country (French msgid), from the data:
    the country's own note, else the neutral 'default' one that names no law. None: given and
    the country has nothing to say then."""
    a = _bundled_actions()
    legal = a.country(get_region(region).country)[0]
    return getattr(legal, consent, None) if consent in CONSENT_VALUES else None


def help_override(region: str, item_id: str) -> str | None:
    """A help text (French msgid) replacing the questionnaire's for this region's country, or None
    when the questionnaire's own text applies (it was written for Belgium)."""
    a = _bundled_actions()
    return a.country(get_region(region).country)[1].get(item_id)


def alert_override(region: str, alert_id: str) -> str | None:
    """An alert title (French msgid) replacing the questionnaire's for this region's country."""
    a = _bundled_actions()
    return a.country(get_region(region).country)[2].get(alert_id)
