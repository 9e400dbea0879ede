"""The result page's crosswalk (how the same answers read on peer instruments), by key."""
from __future__ import annotations

from assessment import crosswalk as cw
from assessment.i18n import translator
from assessment.model import Answer
from tests.test_ui_flow import LOADED
from tests.test_ui_flow import at_result as to_result


def _expander(at):
    return [e for e in at.expander if e.key == "crosswalk"]


def _text_in(node) -> str:
    """The text under a node, Markdown escapes and French no-break spaces undone."""
    return _raw(node).replace("\\", "").replace("\u202f", " ").replace("\u00a0", " ")


def _raw(node) -> str:
    out = []
    for child in getattr(node, "children", {}).values():
        value = getattr(child, "value", None)
        if isinstance(value, str):
            out.append(value)
        out.append(_raw(child))
    return "\n".join(out)


def test_result__crosswalk_collapsed_and_says_strangulation_screens_in_on_the_lethality_screen():
    at = to_result({"strangulation": "yes"})
    found = _expander(at)
    assert len(found) == 1, [getattr(e, "proto", e) for e in at.expander]
    exp = found[0]
    assert exp.proto.expanded is False
    assert at.expander[-1].key == "crosswalk"  # near the end: after whom to call, before the judgement
    text = _text_in(exp)
    fr = translator("fr")
    readings = cw.readings_for(LOADED, {"strangulation": Answer.yes})
    lap = next(r for r in readings if r.instrument == "lethality_screen")
    assert cw.reading_text(lap, fr).replace("\u202f", " ").replace("\u00a0", " ") in text
    assert "**Lethality Screen (LAP 2.0)** : positif (strangulation)" in text
    assert "Lethality Screen" in text and "DA-5" in text and "DASH" in text
    # informative, stated as such; after the services, before the judgement
    assert "pas une autre évaluation" in text


def test_result__unknown_answers_read_as_undetermined_never_as_not_positive():
    at = to_result({}, default="unknown")
    text = _text_in(_expander(at)[0])
    assert "indéterminé" in text and "pas positif" not in text


def test_result__crosswalk_in_english():
    at = to_result({"strangulation": "yes"}, lang="en")
    text = _text_in(_expander(at)[0])
    en = translator("en")
    lap = next(r for r in cw.readings_for(LOADED, {"strangulation": Answer.yes}) if r.instrument == "lethality_screen")
    assert cw.reading_text(lap, en) in text and "positif" not in text
