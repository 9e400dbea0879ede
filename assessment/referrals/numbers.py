"""Phone numbers: validation against a region's format, `tel:` links, and the services whose
numbers fill an action's `{phones}`."""
from __future__ import annotations

import re
from typing import Any

from .models import ActionDef, PhoneFormat, Region, Service


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


# --------------------------------------------------------------------------- services of an action
def _dialled(service: Service) -> str:
    """The service's number as listed in an action: "114 (SMS)" for an SMS-only one."""
    return (service.phone or "") + (" (SMS)" if service.sms_only else "")


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
    phones = [_dialled(s) for s in found]
    unverified = [_dialled(s) for s in found if not s.verified]
    return list(dict.fromkeys(phones)), list(dict.fromkeys(unverified))
