"""Cheaper clicks (issue 19.4): what a run costs the server, beyond the page itself.

Streamlit's default is a full garbage collection (`gc.collect(2)`) after every run, whose cost
grows with everything the process holds, every kept session included: it was most of the server
CPU of an answer click (README "Performance"). This repository turns it off in
.streamlit/config.toml; Python's own collector still runs as objects accumulate. (AppTest's
runner never collects, so only the setting itself can be checked here; the effect is measured by
`benchmarks/bench_browser.py --only clicks`.) The answer clicks themselves: tests/browser/test_clicks.py.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_config__no_forced_full_garbage_collection_after_each_run():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["runner"]["postScriptGC"] is False
