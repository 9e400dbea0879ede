"""The data models of the referral files, their constants and value types (a leaf of the
package: it imports nothing from the other modules of assessment/referrals/)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal, get_args

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..base import TRANSLATABLE, Id, Strict
from ..model import CONSENT_VALUES, Level
from ..paths import ROOT

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
KINDS: tuple[str, ...] = get_args(Kind)
Urgency = Literal["now", "today", "days", "follow-up"]
URGENCIES: tuple[str, ...] = get_args(Urgency)


def national_key(code: str) -> str:
    """The Directory key (`data`, `paths`, `written`) of a national file."""
    return f"{NATIONAL_DIR}/{code}"


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
