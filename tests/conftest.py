"""Shared fixtures. AppTest's component scan is stubbed (140 ms -> 15 ms)."""
from __future__ import annotations

import pytest
from hypothesis import settings

# Tests never assert on wall-clock time: Hypothesis' 200 ms deadline fails on a busy machine.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


@pytest.fixture(autouse=True, scope="session")
def _no_component_scan():
    try:
        from streamlit.components.v2.component_manager import BidiComponentManager
    except Exception:  # streamlit not installed or moved: nothing to stub
        yield
        return
    original = BidiComponentManager.discover_and_register_components
    BidiComponentManager.discover_and_register_components = lambda self, *a, **k: None
    yield
    BidiComponentManager.discover_and_register_components = original
