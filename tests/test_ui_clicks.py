"""Cheaper clicks: what a run costs the server, beyond the page itself.

A full garbage collection walks every object of the process; Streamlit's collection after every
run (off in .streamlit/config.toml) was most of the server CPU of an answer click (README
"Performance"). What a process
loads once is frozen out of that walk once loaded (ui/main.py `freeze_shared`), at most once per
kind of shared data, so that a run's own garbage is still collected. (AppTest's runner never
collects; the effect is measured by `benchmarks/bench_browser.py --only clicks`.) The answer
clicks themselves: tests/browser/test_clicks.py.
"""
from __future__ import annotations

import gc
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import keys as K

ROOT = Path(__file__).resolve().parent.parent


def test_shared_data_frozen_out_of_the_collector_once__not_on_every_run():
    import ui.main

    gc.unfreeze()
    ui.main._frozen.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.context = {"locale": "fr-BE"}
        at.run()
        at.button(key=K.START).click().run()
        at.button(key=K.NAV_NEXT).click().run()  # the first questions: questionnaire, directories
        assert not at.exception
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert {"assessment.loader", "assessment.referrals"} <= ui.main._frozen
        first = next(r.key for r in at.radio if r.key and r.key.startswith("ans_"))
        at.radio(key=first).set_value("yes").run()
        at.run()
        assert gc.get_freeze_count() <= frozen  # plain reruns freeze nothing more (some frozen objects die)
    finally:
        gc.unfreeze()
