"""Configuration that protects the people described in the data (issue 9.6)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))


def test_telemetry_is_off():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_xsrf_protection_is_on_and_uploads_are_limited():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["maxUploadSize"] <= 1


def test_toolbar_in_viewer_mode_and_no_error_details_for_users():
    assert CONFIG["client"]["toolbarMode"] == "viewer"
    assert CONFIG["client"]["showErrorDetails"] in ("none", False)


def test_server_listens_on_loopback_by_default():
    assert CONFIG["server"]["address"] == "127.0.0.1"


def _python_sources():
    for path in [ROOT / "app.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "assessment").rglob("*.py")]:
        if path.exists():
            yield path, path.read_text("utf-8")


def test_no_html_or_javascript_rendering_switched_on_anywhere():
    """User or translated text must never be rendered as HTML: the switches stay off everywhere."""
    offenders = [f"{p.relative_to(ROOT)}" for p, text in _python_sources()
                 if re.search(r"unsafe_allow_(html|javascript)\s*=\s*True", text)]
    assert offenders == []


def test_no_logging_of_answers_and_no_network_clients_in_the_code():
    banned = re.compile(r"^\s*(import|from)\s+(logging|requests|urllib\.request|http\.client|socket)\b", re.M)
    offenders = [f"{p.relative_to(ROOT)}" for p, text in _python_sources() if banned.search(text)]
    assert offenders == []


def test_core_does_not_import_streamlit():
    offenders = [p.name for p in (ROOT / "assessment").rglob("*.py")
                 if re.search(r"^\s*(import|from)\s+streamlit", p.read_text("utf-8"), re.M)]
    assert offenders == []
