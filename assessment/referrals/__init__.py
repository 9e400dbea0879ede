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

Modules, one job each (import from the package: `from assessment.referrals import plan_for`):
`models` (the file models, constants and value types; a leaf), `numbers` (phone formats, `tel:`
URIs, the services of an action), `checks` (the R-code checks of a loaded directory),
`directory` (loading, the bundled directory, its regions and `all_messages`), `plan`
(`plan_for`, `tel_link` of a region, the country's notes), `labels` (the wording helpers).
"""

from __future__ import annotations

from .directory import (
    Directory,
    _bundled,
    all_messages,
    check_referrals,
    default_directory,
    default_region,
    get_region,
    load_directory,
    load_region_text,
    parse_file,
    regions,
)
from .labels import (
    _labels,
    kind_label,
    language_names,
    service_notes,
    unverified_note,
    urgency_label,
)
from .models import (
    ACTIONS_FILE,
    FALLBACK_REGION,
    KINDS,
    MAX_AGE,
    NATIONAL_DIR,
    REFERRALS_DIR,
    URGENCIES,
    ActionDef,
    ActionsFile,
    ConsentNotes,
    CountryTexts,
    Kind,
    Labels,
    LangCode,
    NationalFile,
    PhoneFormat,
    Region,
    Service,
    ServiceSelection,
    Text,
    Urgency,
    Url,
    national_key,
)
from .numbers import (
    phone_example,
    phone_problem,
    tel_uri,
)
from .plan import (
    Plan,
    PlannedAction,
    alert_override,
    consent_note,
    help_override,
    plan_for,
    tel_link,
)

__all__ = [
    "ACTIONS_FILE",
    "FALLBACK_REGION",
    "KINDS",
    "MAX_AGE",
    "NATIONAL_DIR",
    "REFERRALS_DIR",
    "URGENCIES",
    "ActionDef",
    "ActionsFile",
    "ConsentNotes",
    "CountryTexts",
    "Directory",
    "Kind",
    "Labels",
    "LangCode",
    "NationalFile",
    "PhoneFormat",
    "Plan",
    "PlannedAction",
    "Region",
    "Service",
    "ServiceSelection",
    "Text",
    "Urgency",
    "Url",
    "_bundled",
    "_labels",
    "alert_override",
    "all_messages",
    "check_referrals",
    "consent_note",
    "default_directory",
    "default_region",
    "get_region",
    "help_override",
    "kind_label",
    "language_names",
    "load_directory",
    "load_region_text",
    "national_key",
    "parse_file",
    "phone_example",
    "phone_problem",
    "plan_for",
    "regions",
    "service_notes",
    "tel_link",
    "tel_uri",
    "unverified_note",
    "urgency_label",
]
