"""What to do now and who to call, from assessment.referrals (the data lives in referrals/)."""
from __future__ import annotations

from typing import Any

from .common import Ctx

try:  # built in parallel: until it lands, the result page shows no action list at all
    from assessment import referrals as _referrals
except ImportError:  # pragma: no cover - only before the module exists
    _referrals = None


def available() -> bool:
    return _referrals is not None


def plan_for_session(ctx: Ctx, result: Any) -> Any:
    return None


def alert_actions(plan: Any) -> dict[str, list[str]]:
    return {}


def level_actions(plan: Any) -> list[str]:
    return []
