"""How our answers read on the peer instruments (assessment.crosswalk.reading): informative.

"Would screen in" needs our yes answers alone; unknown stays unknown ("cannot tell"), never a
no; "would not screen in" is said only on the items we ask, with how many we do not ask; an
instrument whose rule our items cannot reach gets no reading.
"""
from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import crosswalk as cw
from assessment.crosswalk import ReadingState as RS
from assessment.i18n import translator
from assessment.loader import default_registry
from assessment.model import Answer
from tests.helpers import mini

CROSSWALK = cw.load()
OURS = sorted({o for ins in CROSSWALK.instruments for i in ins.items for o in i.ours})
FR = translator("fr")


def read(**answers: str) -> dict[str, cw.Reading]:
    return {r.instrument: r for r in cw.reading(CROSSWALK, {k: Answer(v) for k, v in answers.items()})}


def plain(text: str) -> str:
    """French typography (no-break spaces before ":" and inside « ») as plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def all_(value: str, **others: str) -> dict[str, str]:
    return dict.fromkeys(OURS, value) | others


# --------------------------------------------------------------------------- the bundled instruments
def test_strangulation_alone__screens_in_on_the_lethality_screen_because_of_strangulation():
    r = read(**all_("no", strangulation="yes"))["lethality_screen"]
    assert r.state is RS.screens_in and r.because == ("strangulation",)
    assert plain(cw.reading_line(CROSSWALK, r, FR)) == "Lethality Screen (LAP 2.0) : positif (strangulation)"


def test_lethality_screen__four_of_the_other_seven_screen_in_and_are_all_named():
    four = {"firearm_access": "yes", "separation": "yes", "unemployment": "yes", "stalking": "yes"}
    r = read(**all_("no", **four))["lethality_screen"]
    assert r.state is RS.screens_in and set(r.because) == set(four)
    three = {"firearm_access": "yes", "separation": "yes", "unemployment": "yes"}
    assert read(**all_("no", **three))["lethality_screen"].state is RS.not_on_asked


def test_lethality_screen__jealousy_or_control_is_one_item_of_theirs():
    """Their q6 is "jealous or controlling": our two yes answers make one of their four."""
    both = {"jealousy": "yes", "coercive_control": "yes", "separation": "yes", "unemployment": "yes"}
    assert read(**all_("no", **both))["lethality_screen"].state is RS.not_on_asked
    assert read(**all_("no", **both, stalking="yes"))["lethality_screen"].state is RS.screens_in


def test_one_yes_of_ours_counts_once_when_two_of_theirs_map_to_it():
    """DASH asks "more often" and "getting worse"; our escalation says one or both: counted once."""
    dash = CROSSWALK.instrument("dash")
    assert sum(1 for i in dash.items if i.ours == ["escalation"]) == 2
    distinct = list(dict.fromkeys(o for i in dash.mapped for o in i.ours))
    # 13 distinct yes answers of ours (escalation among them), every other one no: 13 < 14
    yes = ["escalation", *[o for o in distinct if o not in ("escalation", "jealousy")][:12]]
    r = read(**all_("no", **dict.fromkeys(yes, "yes")))["dash"]
    assert r.state is RS.not_on_asked, r
    extra = next(o for o in distinct if o not in yes and o != "jealousy")
    assert read(**all_("no", **dict.fromkeys([*yes, extra], "yes")))["dash"].state is RS.screens_in


def test_all_no__would_not_screen_in_on_the_items_we_ask__and_says_how_many_are_not_asked():
    readings = read(**all_("no"))
    assert readings["dash"].state is RS.not_on_asked and readings["dash"].not_asked == 6
    line = cw.reading_line(CROSSWALK, readings["dash"], FR)
    assert "6 de ses 24 questions ne sont pas posées ici" in line
    assert "pas positif sur les questions posées ici" in line
    assert readings["da5"].not_asked == 0
    assert "ne sont pas posées" not in cw.reading_line(CROSSWALK, readings["da5"], FR)
    for r in readings.values():
        text = cw.reading_line(CROSSWALK, r, FR).lower()
        assert "aucun risque" not in text and "pas de danger" not in text and "négatif" not in text


def test_all_unknown__cannot_tell_on_every_reachable_instrument_and_names_the_unknowns():
    readings = read()
    for ins in CROSSWALK.instruments:
        r = readings[ins.id]
        if ins.reachable:
            assert r.state is RS.cannot_tell
            assert set(r.deciding) == {o for i in ins.mapped for o in i.ours}
    da5 = readings["da5"]
    assert da5.needed == 3
    assert cw.reading_text(da5, FR, short=True) == "indéterminé"
    assert "5 réponses inconnues pourraient le rendre positif" in plain(cw.reading_text(da5, FR))


def test_unknown_that_could_decide__is_named_and_counted():
    r = read(**all_("no", escalation="yes", strangulation="yes", jealousy="unknown"))["da5"]
    assert r.state is RS.cannot_tell and r.deciding == ("jealousy",) and r.needed == 1
    text = cw.reading_text(r, FR)
    assert "1 réponse inconnue pourrait le rendre positif" in text and "jalousie violente" in text


def test_french_grid__no_reading_says_how_few_of_its_items_we_ask():
    for answers in (all_("yes"), all_("no"), {}):
        r = read(**answers)["grille_fr"]
        assert r.state is RS.partial and (r.asked, r.total) == (10, 23)
        assert cw.reading_text(r, FR).startswith("pas de lecture possible")
        assert "10 de ses 23 questions" in cw.reading_text(r, FR)


def test_sheet_form__names_two_items_at_most_else_counts_them():
    r = read(**all_("yes"))["dash"]
    assert r.state is RS.screens_in and len(r.because) > 2
    assert plain(cw.reading_text(r, FR, short=True)) == f"positif ({len(r.because)} « oui » sur 24)"
    assert cw.reading_text(r, FR, short=True, names=False) == "positif"
    lap = read(**all_("no", strangulation="yes"))["lethality_screen"]
    assert cw.reading_line(CROSSWALK, lap, FR, short=True).endswith("positif (strangulation)")


def test_every_item_and_instrument_named_has_its_words():
    assert set(OURS) <= set(cw.TOPICS)
    assert {i.id for i in CROSSWALK.instruments} <= set(cw.INSTRUMENT_NAMES)


def test_readings_for__only_the_questionnaire_the_crosswalk_is_about():
    assert cw.readings_for(mini(), {}) == []
    loaded = default_registry().get(CROSSWALK.questionnaire)
    assert [r.instrument for r in cw.readings_for(loaded, {})] == [i.id for i in CROSSWALK.instruments]


# --------------------------------------------------------------------------- properties
ANSWER = st.sampled_from(list(Answer))


@st.composite
def instruments(draw):
    """A random instrument over a pool of 6 of our ids: items mapping to 0-2 of ours, 1-2 rules."""
    pool = [f"o{k}" for k in range(6)]
    n = draw(st.integers(1, 7))
    items = []
    for k in range(n):
        ours = draw(st.lists(st.sampled_from(pool), max_size=2, unique=True))
        items.append({"id": f"t{k}", "topic": "x", "ours": ours, "one_of": len(ours) == 2 and draw(st.booleans())})
    ids = [i["id"] for i in items]
    rule = []
    for _ in range(draw(st.integers(1, 2))):
        among = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        rule.append({"among": among, "at_least": draw(st.integers(1, len(among)))})
    data = {"id": "rnd", "name": "Random", "sources": ["s"], "rule": rule, "items": items,
            "unmodelled_rules": draw(st.lists(st.just("r"), max_size=1))}
    ins = cw.Instrument.model_validate(data)
    return cw.Instrument.model_validate(data | {"reachable": ins.reachable_on_mapped()}), pool


def _completions(answers: dict[str, Answer]):
    unknown = [o for o, a in answers.items() if a is Answer.unknown]
    for values in product((Answer.no, Answer.yes), repeat=len(unknown)):
        yield answers | dict(zip(unknown, values, strict=True))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_property__unknown_to_yes_never_undoes_a_screen_in(data):
    ins, pool = data.draw(instruments())
    answers = data.draw(st.fixed_dictionaries(dict.fromkeys(pool, ANSWER)))
    before = cw.read_instrument(ins, answers)
    for o in [o for o, a in answers.items() if a is Answer.unknown]:
        after = cw.read_instrument(ins, answers | {o: Answer.yes})
        if before.state is RS.screens_in:
            assert after.state is RS.screens_in
            assert set(before.because) <= set(after.because) | {o}


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_property__all_unknown_never_reads_would_not_screen_in(data):
    ins, pool = data.draw(instruments())
    missing = cw.read_instrument(ins, {})
    explicit = cw.read_instrument(ins, dict.fromkeys(pool, Answer.unknown))
    assert missing == explicit
    assert explicit.state is not RS.not_on_asked
    assert explicit.state is (RS.cannot_tell if cw.readable(ins) else RS.partial)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_property__the_state_is_what_every_way_of_answering_the_unknowns_would_give(data):
    """screens in: every completion screens in; not on the items we ask: none does; cannot tell:
    some do and some do not. Unknown is never read as no."""
    ins, pool = data.draw(instruments())
    answers = data.draw(st.fixed_dictionaries(dict.fromkeys(pool, ANSWER)))
    r = cw.read_instrument(ins, answers)
    if r.state is RS.partial:
        assert not cw.readable(ins)
        return
    outcomes = {cw.read_instrument(ins, c).state for c in _completions(answers)}
    assert outcomes <= {RS.screens_in, RS.not_on_asked}
    expected = {RS.screens_in: {RS.screens_in}, RS.not_on_asked: {RS.not_on_asked},
                RS.cannot_tell: {RS.screens_in, RS.not_on_asked}}[r.state]
    assert outcomes == expected
    if r.state is RS.cannot_tell:
        assert r.deciding and set(r.deciding) <= {o for o, a in answers.items() if a is Answer.unknown}
        assert r.needed >= 1
        if all(i.one_of or len(i.ours) < 2 for i in ins.items):  # each yes of ours adds one of theirs at most
            assert r.needed <= len(r.deciding)


@settings(max_examples=200, deadline=None)
@given(answers=st.fixed_dictionaries(dict.fromkeys(OURS, ANSWER)))
def test_property__bundled_crosswalk__every_reading_can_be_said_in_every_language(answers):
    for locale in ("fr", "nl", "de", "en", "ar"):
        t = translator(locale)
        for r in cw.reading(CROSSWALK, answers):
            for short in (False, True):
                assert cw.reading_line(CROSSWALK, r, t, short=short)
