"""The wording of the directory's labels: urgencies, kinds of service, the notes shown with a
service (not an emergency line, number to verify, SMS only), languages named in the reader's."""
from __future__ import annotations

from collections.abc import Callable
from typing import cast

from babel import Locale

from .directory import _bundled_actions
from .models import Kind, Labels, Service, Urgency


def _labels() -> Labels:
    a = _bundled_actions()
    return a.labels


def urgency_label(urgency: str, t: Callable[[str], str] = lambda s: s) -> str:
    return t(_labels().urgency[cast(Urgency, urgency)])


def kind_label(kind: str, t: Callable[[str], str] = lambda s: s) -> str:
    return t(_labels().kinds[cast(Kind, kind)])


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
