"""What to do now and whom to call: actions per level and per alert, the regional directory.

Data, not code: `referrals/actions.yaml` holds the actions per level and per alert, the
services to list, the legal note shown when she refuses consent, and the labels;
`referrals/<region>.yaml` holds one region's services (phone, hours, languages, area,
"not an emergency line" flag, source URL, `verified_on` date, `verified` flag);
`referrals/national/<country>.yaml` holds a country's services that are the same in all its
regions (Belgium: police 101, 112), written once: a region that says `national: be` lists them
first, before its own (`Region.services` is that whole list).

API for the result page and the referral PDF (every text is a French msgid: translate it
where it is shown, with the same translator as the rest of the page)::

    from assessment import referrals
    from assessment.i18n import translator

    referrals.regions()                       # -> list[Region], in a stable order
    referrals.default_region("nl")            # -> "be-vl"  (from locales/languages.toml)
    plan = referrals.plan_for(result, region="be-wal", consent="refused")   # -> Plan
    t = translator("nl")
    for action in plan.actions:               # ordered: do them top to bottom
        action.render(t)                      # translated text, {phones} filled in
        referrals.urgency_label(action.urgency, t)
        action.unverified and referrals.unverified_note(t)   # a number in it is not confirmed
    for service in plan.services:             # emergency numbers first
        t(service.name), service.phone, plan.tel(service)   # "tel:+32080030030" / "tel:101"
        referrals.service_notes(service, t)   # ["Ce n'est pas un numéro d'urgence...", ...]
        referrals.language_names(service, "nl")   # ["Frans"]
    plan.legal_note and t(plan.legal_note)    # consent refused or not asked: the country's note
    referrals.consent_note("qc", "not_asked")  # the same note without a plan
    referrals.help_override("tn", "victim_suicidal")   # help text for this country, or None

`plan_for` order: the emergency action first when the level calls for it (it is marked
`first` in the data), then the alert actions (suicide first, in the order of actions.yaml;
an alert's actions follow the answers that raised it: `causes`), then the actions of answers
that raise no alert (`answers`: the partner's suicide threat), then the level's actions; within the alert and level groups actions are stable-sorted by
urgency (now, today, days, follow-up), so a "now" step never waits behind a "today" one.
Services: every service with `emergency: true` first, then the specialised lines, then the
kinds the alerts call for (suicide prevention first), then the level's (actions.yaml
`services`), in file order within a kind.

`{phones}` in an action is filled from the region: `services: [a, b]` means "kind a, else
kind b"; `[[a, b]]` means "kinds a and b together". `{lines}` names the non-emergency services
found ("Ligne de prévention du suicide (0800 32 123)"), `{emergency}` gives their emergency
numbers. Country-specific sentences (legal notes per consent state, help texts and alert
titles that cite Belgium) are in actions.yaml `countries`: `consent_note`, `help_override`,
`alert_override`. Verified numbers are preferred; when a
region only has unverified ones, they are used and the action says `unverified`.

Errors are `DataError` with R-codes (assessment/errors.py), located file:line:col;
`check_referrals()` is registered in `python -m assessment validate`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from babel import Locale
from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from .base import TRANSLATABLE, Id, Report, Strict, translatable_fields
from .errors import Code, DataError, DataErrors, Where
from .loader import ROOT, display_path, locate, parse_yaml_model
from .model import CONSENT_VALUES, LEVEL_ORDER, Consent, Level, Result

REFERRALS_DIR = ROOT / "referrals"
ACTIONS_FILE = "actions.yaml"
#: Folder (under the directory) of the national files, one per country: `national/be.yaml`.
NATIONAL_DIR = "national"
FALLBACK_REGION = "be-wal"
#: A `verified_on` older than this is reported as a warning by `validate`.
MAX_AGE = timedelta(days=365)

Url = Annotated[str, Field(pattern=r"^https?://[^\s/$.?#][^\s]*$")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
LangCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]

Kind = Literal["emergency", "police", "specialised_line", "specialised_service", "shelter",
               "sexual_violence_centre", "suicide_prevention", "child_protection", "medical",
               "listening_line", "legal", "victim_support"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
Urgency = Literal["now", "today", "days", "follow-up"]
URGENCIES: tuple[str, ...] = Urgency.__args__  # type: ignore[attr-defined]



# --------------------------------------------------------------------------- region files
class PhoneFormat(Strict):
    """How numbers are written in the region, to validate them and build `tel:` links."""

    calling_code: str = Field(pattern=r"^[1-9]\d{0,2}$", description="Country calling code, no +.")
    trunk_prefix: str = Field(default="", pattern=r"^\d?$", description="National prefix (0 in BE).")
    national_digits: list[int] = Field(min_length=1, description="Lengths of national numbers, without the prefix.")


class Service(Strict):
    id: Id
    name: Annotated[Text, TRANSLATABLE]
    kind: Kind
    emergency: bool = Field(description="True only for emergency numbers (police, 112...). "
                                        "The specialised lines are NOT emergency lines.")
    phone: str | None = Field(default=None, max_length=32,
                              description="As dialled in the region: short code (101), national "
                                          "(0800 30 030) or international (+32 ...).")
    sms_only: bool = False
    description: Annotated[Text | None, TRANSLATABLE] = None
    hours: Annotated[Text | None, TRANSLATABLE] = None
    languages: list[LangCode] = Field(default_factory=list)
    area: Annotated[Text | None, TRANSLATABLE] = None
    website: Url | None = None
    source: Url | None = Field(default=None, description="Where the facts were confirmed.")
    verified_on: date = Field(description="When the facts were last checked against `source`.")
    verified: bool = Field(description="False: not confirmed; shown as 'to verify', never as fact.")
    note: str | None = Field(default=None, description="For maintainers; not shown, not translated.")


class Region(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z]{2}(-[a-z]{2,3})?$")]
    name: Annotated[Text, TRANSLATABLE]
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    languages: list[LangCode] = Field(min_length=1)
    phone_format: PhoneFormat
    national: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = Field(
        default=None, description="This region's country code in lower case: the services of "
                                  "referrals/national/<code>.yaml come first, before its own.")
    services: list[Service] = Field(min_length=1, description="As loaded in a Directory: the "
                                    "national services first, then the region file's own.")

    @field_validator("national")
    @classmethod
    def _national_of_this_country(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if value is not None and isinstance(country, str) and value != country.lower():
            raise ValueError(f"a region takes its own country's national services: {country.lower()!r}")
        return value

    def service(self, service_id: str) -> Service:
        for s in self.services:
            if s.id == service_id:
                return s
        raise KeyError(service_id)


class NationalFile(Strict):
    """`referrals/national/<country>.yaml`: the services every region of the country lists (the
    regions that say `national: <country>`), each written once with its own `verified_on`."""

    services: list[Service] = Field(min_length=1)


# --------------------------------------------------------------------------- actions file
class ActionDef(Strict):
    id: Id
    text: Annotated[Text, TRANSLATABLE] = Field(description="French; may hold {phones}.")
    urgency: Urgency
    first: bool = Field(default=False, description="Comes before every other action of a plan.")
    services: list[Kind | list[Kind]] = Field(
        default_factory=list, description="Kinds whose numbers fill {phones}: a, else b; [a, b] together.")


class ServiceSelection(Strict):
    always: list[Kind] = Field(min_length=1)
    levels: dict[Level, list[Kind]] = Field(default_factory=dict)
    alerts: dict[Id, list[Kind]] = Field(default_factory=dict)


class Labels(Strict):
    urgency: Annotated[dict[Urgency, Text], TRANSLATABLE]
    kinds: Annotated[dict[Kind, Text], TRANSLATABLE]
    not_emergency: Annotated[Text, TRANSLATABLE]
    unverified: Annotated[Text, TRANSLATABLE]
    sms_only: Annotated[Text, TRANSLATABLE]


class ConsentNotes(Strict):
    """What the law lets a professional do, per consent state (informative, not legal advice).
    A country may give only some notes: the others are the 'default' country's, which must
    have `refused`, `not_asked` and `not_sought` (checked in ActionsFile)."""

    refused: Annotated[Text | None, TRANSLATABLE] = None
    not_asked: Annotated[Text | None, TRANSLATABLE] = None
    not_sought: Annotated[Text | None, TRANSLATABLE] = Field(default=None, description="Not asked because asking would "
                                                              "increase the danger.")
    given: Annotated[Text | None, TRANSLATABLE] = None


class CountryTexts(Strict):
    """Every sentence that depends on the country: the legal note, help texts of the questions."""

    legal: ConsentNotes | None = None
    help: Annotated[dict[Id, Text] | None, TRANSLATABLE] = Field(
        default=None, description="Item id -> help text replacing the questionnaire's (written for "
                                  "Belgium). {} keeps the questionnaire's texts; absent: 'default'.")
    alerts: Annotated[dict[Id, Text] | None, TRANSLATABLE] = Field(
        default=None, description="Alert id -> title replacing the questionnaire's; as `help`.")


class ActionsFile(Strict):
    actions: list[ActionDef] = Field(min_length=1)
    levels: dict[Level, list[Id]]
    alerts: dict[Id, list[Id]] = Field(default_factory=dict)
    causes: dict[Id, dict[Id, list[Id]]] = Field(
        default_factory=dict, description="Alert -> item -> actions: an alert's actions follow the "
                                          "answers that raised it; `alerts` when no cause matches.")
    answers: dict[Id, list[Id]] = Field(
        default_factory=dict, description="Item -> actions, for a 'yes' that raises no alert of its own.")
    services: ServiceSelection
    countries: dict[str, CountryTexts] = Field(description="By country code, plus 'default'.")
    labels: Labels

    @model_validator(mode="after")
    def _default_notes_complete(self) -> ActionsFile:
        default = self.countries.get("default")
        legal = default.legal if default else None
        missing = [c for c in CONSENT_VALUES if c != "given" and (legal is None or getattr(legal, c) is None)]
        if missing:
            raise ValueError("countries.default.legal needs a note for: " + ", ".join(missing))
        return self

    def country(self, code: str) -> tuple[ConsentNotes, dict[str, str], dict[str, str]]:
        """(legal notes, help overrides, alert title overrides) for a country, each falling back
        to 'default' (the legal notes one by one: a country may give only some)."""
        default = self.countries["default"]
        own = self.countries.get(code)
        legal = default.legal
        if own and own.legal and legal is not None:
            legal = ConsentNotes(**{c: getattr(own.legal, c) or getattr(legal, c) for c in CONSENT_VALUES})
        help_ = own.help if own and own.help is not None else (default.help or {})
        alerts = own.alerts if own and own.alerts is not None else (default.alerts or {})
        if legal is None:  # refused by _default_notes_complete: this only narrows the type
            raise ValueError("countries.default.legal is missing")
        return legal, help_, alerts

    def action(self, action_id: str) -> ActionDef:
        for a in self.actions:
            if a.id == action_id:
                return a
        raise KeyError(action_id)


# --------------------------------------------------------------------------- plan
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


# --------------------------------------------------------------------------- phones
def _digits(phone: str) -> str:
    return re.sub(r"[\s\-./()\u00a0\u202f]", "", phone)


def phone_problem(phone: str, fmt: PhoneFormat) -> str | None:
    """None when `phone` is a valid short code, national or international number."""
    raw = _digits(phone)
    if raw.startswith("+"):
        return None if re.fullmatch(r"\+[1-9]\d{7,14}", raw) else "international"
    if not raw.isdigit():
        return "characters"
    if fmt.trunk_prefix and raw.startswith(fmt.trunk_prefix) and len(raw) - 1 in fmt.national_digits:
        return None
    if not fmt.trunk_prefix and len(raw) in fmt.national_digits:
        return None
    if 2 <= len(raw) <= 6 and not raw.startswith("0"):
        return None  # short code: 101, 112, 1712, 3919
    return "length"


def phone_example(fmt: PhoneFormat) -> str:
    n = max(fmt.national_digits)
    return fmt.trunk_prefix + "4" * (n - 1) + "0" if fmt.trunk_prefix else "4" * n


def tel_uri(phone: str, fmt: PhoneFormat, sms: bool = False) -> str:
    """E.164 `tel:` link for national and international numbers; short codes stay short."""
    raw = _digits(phone)
    scheme = "sms:" if sms else "tel:"
    if raw.startswith("+"):
        return scheme + raw
    if fmt.trunk_prefix and raw.startswith(fmt.trunk_prefix) and len(raw) - 1 in fmt.national_digits:
        return f"{scheme}+{fmt.calling_code}{raw[1:]}"
    if not fmt.trunk_prefix and len(raw) in fmt.national_digits:
        return f"{scheme}+{fmt.calling_code}{raw}"
    return scheme + raw


def tel_link(service: Service, region: Region | PhoneFormat | str) -> str | None:
    """Tap-to-call link (`tel:`, or `sms:` for an SMS-only number), None without a phone."""
    if not service.phone:
        return None
    if isinstance(region, str):
        region = get_region(region)
    fmt = region.phone_format if isinstance(region, Region) else region
    return tel_uri(service.phone, fmt, sms=service.sms_only)


# --------------------------------------------------------------------------- loading
@dataclass
class Directory:
    """Every region and the actions file, with the problems found while loading them.

    A region's `services` are its national services (`nationals`, by country code) followed by
    its own. `written` keeps each file's services as written, by the key of `data` and `paths`
    (a region id, or `national/<code>` for a national file), so that checks point at the file
    and line where a service is written."""

    root: Path
    regions: dict[str, Region] = field(default_factory=dict)
    actions: ActionsFile | None = None
    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataError] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict, repr=False)  # parsed YAML, for locations
    paths: dict[str, str] = field(default_factory=dict)
    nationals: dict[str, NationalFile] = field(default_factory=dict)
    written: dict[str, list[Service]] = field(default_factory=dict, repr=False)
    #: Regions whose national file is missing or broken (reported once, not checked further).
    unresolved: set[str] = field(default_factory=set)

    def loc(self, key: str, *parts: Any) -> Where:
        line, col = locate(self.data.get(key), parts)
        return Where(self.paths.get(key, key), line, col)


def _parse(text: str, path: str, model: type[BaseModel]) -> tuple[Any, Any]:
    """(model, parsed YAML); raise DataErrors with R-codes located at file:line:col."""
    return parse_yaml_model(text, path, model, not_mapping="R601", codes=("R602", "R603", "R604"))


#: One directory file, read as load_directory reads it (the catalog extractor uses it too).
parse_file = _parse


def load_region_text(text: str, path: str = "<text>") -> Region:
    """One region file's text, checked on its own (the tests' inline variants)."""
    return _parse(text, path, Region)[0]


def national_key(code: str) -> str:
    """The Directory key (`data`, `paths`, `written`) of a national file."""
    return f"{NATIONAL_DIR}/{code}"


def load_directory(root: Path | str = REFERRALS_DIR, today: date | None = None,
                   alert_ids: list[str] | None = None) -> Directory:
    """Load and check every file under `root`; all problems are collected, none raised."""
    d = Directory(Path(root))
    actions_path = d.root / ACTIONS_FILE
    region_paths = sorted(p for p in d.root.glob("*.yaml") if p.name != ACTIONS_FILE)
    if not actions_path.exists() or not region_paths:
        missing = actions_path if not actions_path.exists() else d.root / "<region>.yaml"
        d.errors.append(DataError("R618", Where(display_path(d.root)), {"path": display_path(missing)}))
    for path in ([actions_path] if actions_path.exists() else []) + region_paths:
        shown = display_path(path)
        is_actions = path.name == ACTIONS_FILE
        try:
            model, data = _parse(path.read_text("utf-8"), shown, ActionsFile if is_actions else Region)
        except DataErrors as exc:
            d.errors.extend(exc.errors)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            d.errors.append(DataError("Q101", Where(shown), {"detail": str(exc)}))
            continue
        key = ACTIONS_FILE if is_actions else model.id
        if is_actions:
            d.actions = model
        else:
            if path.stem != model.id:
                d.errors.append(DataError("R612", Where(shown, *locate(data, ("id",))),
                                          {"region": model.id, "path": shown}))
                continue
            d.regions[model.id] = model
            d.written[key] = list(model.services)
        d.data[key], d.paths[key] = data, shown
    for path in sorted((d.root / NATIONAL_DIR).glob("*.yaml")):
        shown = display_path(path)
        try:
            national, data = _parse(path.read_text("utf-8"), shown, NationalFile)
        except DataErrors as exc:
            d.errors.extend(exc.errors)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            d.errors.append(DataError("Q101", Where(shown), {"detail": str(exc)}))
            continue
        key = national_key(path.stem)
        d.nationals[path.stem] = national
        d.data[key], d.paths[key], d.written[key] = data, shown, list(national.services)
    _resolve_nationals(d)
    _check(d, today or date.today(), alert_ids)
    return d


def _resolve_nationals(d: Directory) -> None:
    """Put each region's national services first in its `services`. A national file that does
    not exist is R623 (one error: the region is not checked further); one that exists but does
    not load has its own errors. A region service with a national id (R624, see `_check`) is
    left out, so that the region lists each service once."""
    for rid, region in list(d.regions.items()):
        if region.national is None:
            continue
        national = d.nationals.get(region.national)
        if national is None:
            d.unresolved.add(rid)
            path = d.root / NATIONAL_DIR / f"{region.national}.yaml"
            if not path.exists():
                d.errors.append(DataError("R623", d.loc(rid, "national"),
                                          {"region": rid, "path": display_path(path)}))
            continue
        shared = {s.id for s in national.services}
        own = [s for s in region.services if s.id not in shared]
        d.regions[rid] = region.model_copy(update={"services": [*national.services, *own]})


def _check(d: Directory, today: date, alert_ids: list[str] | None) -> None:
    def err(code: Code, where: Where, severity: str = "error", **ctx: Any) -> None:
        (d.errors if severity == "error" else d.warnings).append(DataError(code, where, ctx, severity))

    a = d.actions
    if a is not None:
        k = ACTIONS_FILE
        ids = [x.id for x in a.actions]
        for i, action_id in enumerate(ids):
            if action_id in ids[:i]:
                err("R605", d.loc(k, "actions", i, "id"), id=action_id, scope=ACTIONS_FILE)
            text = a.actions[i].text
            if any(p in text for p in ("{phones}", "{lines}", "{emergency}")) and not a.actions[i].services:
                err("R604", d.loc(k, "actions", i, "text"), field=f"actions.{i}.text",
                    detail="{phones} needs a 'services' list", value=action_id)
        for group in ("levels", "alerts"):
            for name, refs in getattr(a, group).items():
                for n, ref in enumerate(refs):
                    if ref not in ids:
                        err("R613", d.loc(k, group, getattr(name, "value", name), n), action=ref)
        for level in LEVEL_ORDER:
            if not a.levels.get(level):
                err("R614", d.loc(k, "levels"), level=level.value)
        for name in alert_ids or []:
            if not a.alerts.get(name):
                err("R616", d.loc(k, "alerts"), alert=name)
        if "default" not in a.countries or a.countries["default"].legal is None:
            err("R603", d.loc(k, "countries"), field="countries.default.legal")
        for group in ("causes", "answers"):
            for name, refs in getattr(a, group).items():
                lists = refs.values() if isinstance(refs, dict) else [refs]
                for ref in (x for lst in lists for x in lst):
                    if ref not in ids:
                        err("R613", d.loc(k, group, name), action=ref)
        for kind in KINDS:
            if kind not in a.labels.kinds:
                err("R603", d.loc(k, "labels", "kinds"), field=f"labels.kinds.{kind}")
        for urgency in URGENCIES:
            if urgency not in a.labels.urgency:
                err("R603", d.loc(k, "labels", "urgency"), field=f"labels.urgency.{urgency}")

    for code in d.nationals:
        _check_services(d, national_key(code), d.written[national_key(code)], today, err)
    for rid, region in d.regions.items():
        _check_services(d, rid, d.written[rid], today, err)
        if rid in d.unresolved:
            continue
        if not any(s.emergency and s.phone for s in region.services):
            err("R607", d.loc(rid, "services"), region=rid)
        if not any(s.kind == "specialised_line" and s.phone for s in region.services):
            err("R608", d.loc(rid, "services"), region=rid)
        if a is not None:
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


def _check_services(d: Directory, key: str, services: list[Service], today: date,
                    err: Callable[..., None]) -> None:
    """Checks of the services as written in one file (a region's own, or a national file's),
    located in that file. A national file's numbers are checked against the phone format of
    every region that takes it (once per format); its warnings name those regions."""
    shared: set[str] = set()  # a region file: the ids of its national file (R624)
    shared_path = ""
    if key in d.regions:
        region = d.regions[key]
        users, scope = [region], key
        national = d.nationals.get(region.national) if region.national else None
        if national is not None and region.national:
            shared = {s.id for s in national.services}
            shared_path = d.paths[national_key(region.national)]
    else:
        code = key.removeprefix(NATIONAL_DIR + "/")
        users = [r for rid, r in d.regions.items() if r.national == code and rid not in d.unresolved]
        scope = d.paths.get(key, key)
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


@lru_cache(maxsize=1)
def default_directory() -> Directory:
    """The bundled directory, loaded once per process, checked against the questionnaires' alerts."""
    return load_directory(REFERRALS_DIR, alert_ids=_questionnaire_alerts())


def _questionnaire_alerts() -> list[str]:
    from .loader import default_registry

    found: list[str] = []
    for loaded in default_registry().loaded.values():
        for alert in loaded.questionnaire.alerts:
            if alert.id not in found:
                found.append(alert.id)
    return found


def _bundled() -> Directory:
    d = default_directory()
    if d.errors or d.actions is None:
        raise DataErrors(d.errors)  # loud: `python -m assessment validate` says where and how
    return d


def _bundled_actions() -> ActionsFile:
    actions = _bundled().actions
    if actions is None:  # _bundled refuses a directory without them: this only narrows the type
        raise DataErrors(default_directory().errors)
    return actions


# --------------------------------------------------------------------------- API
def regions() -> list[Region]:
    """Every region of the bundled directory (Belgian regions first, then by id)."""
    found = list(_bundled().regions.values())
    return sorted(found, key=lambda r: (r.country != "BE", r.id))


def get_region(region_id: str) -> Region:
    d = _bundled()
    if region_id not in d.regions:
        raise DataError("R617", context={"region": region_id, "available": ", ".join(sorted(d.regions))})
    return d.regions[region_id]


def default_region(locale: str) -> str:
    """The region shown first for a language (locales/languages.toml `region`)."""
    from .i18n import languages

    wanted = languages().get(locale, {}).get("region") or FALLBACK_REGION
    known = _bundled().regions
    return wanted if wanted in known else FALLBACK_REGION


def _flat(groups: list[Any]) -> list[str]:
    return [k for g in groups for k in ([g] if isinstance(g, str) else g)]


def _services_for(action: ActionDef, region: Region) -> list[Service]:
    """Services for {phones}: the first group with a verified number, else with any number.

    A group found by a verified number keeps its unverified ones too ("1809 / 190": the emergency
    number of the group is still needed); the action then says `unverified`."""
    groups = [[g] if isinstance(g, str) else list(g) for g in action.services]
    for want_verified in (True, False):
        for kinds in groups:
            found = [s for kind in kinds for s in region.services if s.kind == kind and s.phone]
            lines = [k for k in kinds if k not in ("police", "emergency")]
            if lines and not any(s.kind in lines for s in found):
                continue  # [suicide_prevention, emergency] needs the line, not only 112
            if found and (not want_verified or any(s.verified for s in found)):
                return found
    return []


def _phones_for(action: ActionDef, region: Region) -> tuple[list[str], list[str]]:
    """Every phone the action lists in the region, and those not verified."""
    found = _services_for(action, region)
    phones = [s.phone + (" (SMS)" if s.sms_only else "") for s in found]  # type: ignore[operator]
    unverified = [s.phone + (" (SMS)" if s.sms_only else "") for s in found if not s.verified]  # type: ignore[operator]
    return list(dict.fromkeys(phones)), list(dict.fromkeys(unverified))


def _alert_action_ids(a: ActionsFile, alert: str, yes: set[str]) -> list[str]:
    """The alert's actions for the answers that raised it (`causes`), else its generic ones."""
    by_cause = a.causes.get(alert, {})
    picked = [i for item, refs in by_cause.items() if item in yes for i in refs]
    return list(dict.fromkeys(picked)) or a.alerts.get(alert, [])


def _plan_actions(a: ActionsFile, region: Region, level: Level, alerts: list[str],
                  yes: set[str] = frozenset()) -> list[PlannedAction]:  # type: ignore[assignment]
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
            emergency=list(dict.fromkeys(s.phone + (" (SMS)" if s.sms_only else "")
                                         for s in used if s.emergency and s.phone)),
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
    return Plan(region=reg.id, level=level, alerts=alerts, consent=consent,  # type: ignore[arg-type]
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


# --------------------------------------------------------------------------- wording helpers
def _labels() -> Labels:
    a = _bundled_actions()
    return a.labels


def urgency_label(urgency: str, t: Callable[[str], str] = lambda s: s) -> str:
    return t(_labels().urgency[urgency])  # type: ignore[index]


def kind_label(kind: str, t: Callable[[str], str] = lambda s: s) -> str:
    return t(_labels().kinds[kind])  # type: ignore[index]


def unverified_note(t: Callable[[str], str] = lambda s: s) -> str:
    """'Number to verify...': shown with an action whose `unverified` is True."""
    return t(_labels().unverified)


def service_notes(service: Service, t: Callable[[str], str] = lambda s: s) -> list[str]:
    """Warnings to show with a service: not an emergency line, number to verify, SMS only."""
    labels = _labels()
    notes = []
    if not service.emergency and service.phone:
        notes.append(t(labels.not_emergency))
    if not service.verified:
        notes.append(t(labels.unverified))
    if service.sms_only:
        notes.append(t(labels.sms_only))
    return notes


def language_names(service: Service, locale: str) -> list[str]:
    """The service's languages named in `locale` (Babel's CLDR names, no catalog needed)."""
    out = []
    for code in service.languages:
        try:
            out.append(Locale.parse(code).get_display_name(locale) or code)
        except Exception:
            out.append(code)
    return out


# --------------------------------------------------------------------------- translation
def messages(model: BaseModel, data: Any) -> Iterator[tuple[int, str, str]]:
    """(line, French text, place) for every translatable field of a loaded file."""

    def walk(obj: BaseModel, loc: tuple, place: str) -> Iterator[tuple[int, str, str]]:
        for name in translatable_fields(type(obj)):
            if isinstance(getattr(obj, name), dict) or _is_dict_field(type(obj), name):
                for key, value in (getattr(obj, name) or {}).items():
                    key = getattr(key, "value", key)
                    yield locate(data, loc + (name, key))[0] or 1, value, f"{place} {name}.{key}".strip()
            else:
                value = getattr(obj, name)
                if value:
                    yield locate(data, loc + (name,))[0] or 1, value, f"{place} {name}".strip()
        for fname in type(obj).model_fields:
            value = getattr(obj, fname)
            if isinstance(value, BaseModel):
                yield from walk(value, loc + (fname,), place)
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, BaseModel):
                        yield from walk(item, loc + (fname, key), f"{fname} {key}".strip())
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        sub = f"{_singular(fname)} {getattr(item, 'id', i)}"
                        yield from walk(item, loc + (fname, i), sub)

    yield from walk(model, (), "")


def _is_dict_field(model: type[BaseModel], name: str) -> bool:
    """A field declared as a mapping (its texts are its values), even when it is None."""
    return "dict[" in str(model.model_fields[name].annotation)


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


def all_messages(directory: Directory | None = None) -> set[str]:
    """Every French text of the directory that must be translated (for the completeness test)."""
    d = directory or _bundled()
    out: set[str] = set()
    models: list[BaseModel] = list(d.regions.values()) + ([d.actions] if d.actions else [])
    for model in models:
        key = ACTIONS_FILE if isinstance(model, ActionsFile) else model.id  # type: ignore[attr-defined]
        out.update(text for _, text, _ in messages(model, d.data.get(key)))
    return out


def check_referrals() -> Any:
    """Checker for `python -m assessment validate` (listed in assessment/tooling/validate.py)."""
    d = load_directory(REFERRALS_DIR, alert_ids=_questionnaire_alerts())
    return Report(counts={"regions": len(d.regions),
                          "services": sum(len(r.services) for r in d.regions.values()),
                          "actions": len(d.actions.actions) if d.actions else 0},
                  errors=d.errors, warnings=d.warnings)
