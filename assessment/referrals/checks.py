"""The checks of a loaded directory (R-codes), beyond what the models refuse: duplicate ids,
references between the actions file and its lists, the numbers every region needs, phone
formats and verification dates. Each problem is appended to the Directory's errors or
warnings, in the order the files are read (the actions file, the national files, the regions).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Code, DataError, Where
from ..model import LEVEL_ORDER
from .models import (
    ACTIONS_FILE,
    KINDS,
    MAX_AGE,
    NATIONAL_DIR,
    URGENCIES,
    ActionsFile,
    PhoneFormat,
    Region,
    Service,
    national_key,
)
from .numbers import _flat, _phones_for, phone_example, phone_problem

if TYPE_CHECKING:  # annotations only: directory.py imports this module to run the checks
    from .directory import Directory

#: Records one problem: err(code, where, severity="error", **context).
Err = Callable[..., None]


def _check(d: Directory, today: date, alert_ids: list[str] | None) -> None:
    def err(code: Code, where: Where, severity: str = "error", **ctx: Any) -> None:
        (d.errors if severity == "error" else d.warnings).append(DataError(code, where, ctx, severity))

    a = d.actions
    if a is not None:
        _check_action_list(d, a, err)
        _check_levels_and_alerts(d, a, alert_ids, err)
        _check_countries_and_causes(d, a, err)
        _check_labels(d, a, err)
    for code in d.nationals:
        _check_services(d, national_key(code), d.written[national_key(code)], today, err)
    for rid, region in d.regions.items():
        _check_services(d, rid, d.written[rid], today, err)
        if rid in d.unresolved:
            continue
        _check_region_numbers(d, rid, region, a, err)


# --------------------------------------------------------------------------- the actions file
def _check_action_list(d: Directory, a: ActionsFile, err: Err) -> None:
    """Each action id once (R605); an action with {phones} lists its services (R604)."""
    ids = [x.id for x in a.actions]
    for i, action_id in enumerate(ids):
        if action_id in ids[:i]:
            err("R605", d.loc(ACTIONS_FILE, "actions", i, "id"), id=action_id, scope=ACTIONS_FILE)
        text = a.actions[i].text
        if any(p in text for p in ("{phones}", "{lines}", "{emergency}")) and not a.actions[i].services:
            err("R604", d.loc(ACTIONS_FILE, "actions", i, "text"), field=f"actions.{i}.text",
                detail="{phones} needs a 'services' list", value=action_id)


def _check_levels_and_alerts(d: Directory, a: ActionsFile, alert_ids: list[str] | None,
                             err: Err) -> None:
    """Levels and alerts name existing actions (R613); every level (R614) and every alert of
    the questionnaires (R616) has some."""
    ids = [x.id for x in a.actions]
    for group in ("levels", "alerts"):
        for name, refs in getattr(a, group).items():
            for n, ref in enumerate(refs):
                if ref not in ids:
                    err("R613", d.loc(ACTIONS_FILE, group, getattr(name, "value", name), n), action=ref)
    for level in LEVEL_ORDER:
        if not a.levels.get(level):
            err("R614", d.loc(ACTIONS_FILE, "levels"), level=level.value)
    for name in alert_ids or []:
        if not a.alerts.get(name):
            err("R616", d.loc(ACTIONS_FILE, "alerts"), alert=name)


def _check_countries_and_causes(d: Directory, a: ActionsFile, err: Err) -> None:
    """The 'default' country has its legal notes (R603); causes and answers name existing
    actions (R613)."""
    if "default" not in a.countries or a.countries["default"].legal is None:
        err("R603", d.loc(ACTIONS_FILE, "countries"), field="countries.default.legal")
    ids = [x.id for x in a.actions]
    for group in ("causes", "answers"):
        for name, refs in getattr(a, group).items():
            lists = refs.values() if isinstance(refs, dict) else [refs]
            for ref in (x for lst in lists for x in lst):
                if ref not in ids:
                    err("R613", d.loc(ACTIONS_FILE, group, name), action=ref)


def _check_labels(d: Directory, a: ActionsFile, err: Err) -> None:
    """A label for every kind and every urgency (R603)."""
    for kind in KINDS:
        if kind not in a.labels.kinds:
            err("R603", d.loc(ACTIONS_FILE, "labels", "kinds"), field=f"labels.kinds.{kind}")
    for urgency in URGENCIES:
        if urgency not in a.labels.urgency:
            err("R603", d.loc(ACTIONS_FILE, "labels", "urgency"), field=f"labels.urgency.{urgency}")


# --------------------------------------------------------------------------- a region's numbers
def _check_region_numbers(d: Directory, rid: str, region: Region, a: ActionsFile | None,
                          err: Err) -> None:
    """An emergency number (R607) and a specialised line (R608); a number for every action
    that lists services (R615), a warning when it is not verified (R622)."""
    if not any(s.emergency and s.phone for s in region.services):
        err("R607", d.loc(rid, "services"), region=rid)
    if not any(s.kind == "specialised_line" and s.phone for s in region.services):
        err("R608", d.loc(rid, "services"), region=rid)
    if a is None:
        return
    for action in a.actions:
        if not action.services:
            continue
        phones, unverified = _phones_for(action, region)
        if not phones:
            err("R615", d.loc(rid, "services"), action=action.id,
                region=rid, kinds=", ".join(_flat(action.services)))
        elif unverified:
            err("R622", d.loc(rid, "services"), "warning", action=action.id, region=rid,
                phones=" / ".join(unverified))


# --------------------------------------------------------------------------- services as written
def _check_services(d: Directory, key: str, services: list[Service], today: date,
                    err: Err) -> None:
    """Checks of the services as written in one file (a region's own, or a national file's),
    located in that file. A national file's numbers are checked against the phone format of
    every region that takes it (once per format); its warnings name those regions."""
    users, scope, shared, shared_path = _users(d, key)
    formats: dict[str, tuple[PhoneFormat, list[str]]] = {}
    for r in users:
        formats.setdefault(r.phone_format.model_dump_json(), (r.phone_format, []))[1].append(r.id)
    names = ", ".join(sorted(r.id for r in users)) or key
    seen: set[str] = set()
    for i, s in enumerate(services):
        here = ("services", i)
        if s.id in seen:
            err("R605", d.loc(key, *here, "id"), id=s.id, scope=scope)
        elif s.id in shared:
            err("R624", d.loc(key, *here, "id"), id=s.id, region=key, path=shared_path)
        seen.add(s.id)
        if s.phone is not None:
            for fmt, rids in formats.values():
                if phone_problem(s.phone, fmt):
                    err("R606", d.loc(key, *here, "phone"), phone=s.phone, region=", ".join(rids),
                        example=phone_example(fmt))
        _check_service_facts(d, key, i, s, today, names, err)


def _users(d: Directory, key: str) -> tuple[list[Region], str, set[str], str]:
    """(the regions that list the file's services, the scope named by R605, the ids of the
    region's national file and that file's path: R624)."""
    if key in d.regions:
        region = d.regions[key]
        national = d.nationals.get(region.national) if region.national else None
        if national is not None and region.national:
            return ([region], key, {s.id for s in national.services},
                    d.paths[national_key(region.national)])
        return [region], key, set(), ""
    code = key.removeprefix(NATIONAL_DIR + "/")
    users = [r for rid, r in d.regions.items() if r.national == code and rid not in d.unresolved]
    return users, d.paths.get(key, key), set(), ""


def _check_service_facts(d: Directory, key: str, i: int, s: Service, today: date, names: str,
                         err: Err) -> None:
    """A specialised line is no emergency number (R609); an emergency one has a phone (R603);
    a verified one its source (R611); `verified_on` neither in the future (R619) nor too old
    (R610, a warning naming the regions)."""
    here = ("services", i)
    if s.kind == "specialised_line" and s.emergency:
        err("R609", d.loc(key, *here, "emergency"), service=s.id)
    if s.emergency and not s.phone:
        err("R603", d.loc(key, *here), field=f"services.{i}.phone")
    if s.verified and not s.source:
        err("R611", d.loc(key, *here, "verified"), service=s.id)
    if s.verified_on > today:
        err("R619", d.loc(key, *here, "verified_on"), service=s.id, date=s.verified_on.isoformat())
    elif today - s.verified_on > MAX_AGE:
        err("R610", d.loc(key, *here, "verified_on"), "warning", service=s.id,
            date=s.verified_on.isoformat(), region=names)
