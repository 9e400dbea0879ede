"""Every action, label, legal note and service text of the directory is translated."""
from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from assessment import i18n
from assessment import referrals as r
from tests.test_referrals import result

LOCALES = [loc for loc in i18n.available() if loc != i18n.SOURCE_LOCALE]


def catalog(locale: str):
    with open(i18n.po_path(locale, "referrals"), "rb") as fh:
        return read_po(fh, locale=locale)


def test_translatable_fields__declared_in_one_place_and_all_extracted():
    messages = {i18n.msgid(m) for m in r.all_messages()}  # "% " is extracted as "%\u00a0"
    with open(i18n.LOCALES_DIR / "referrals.pot", "rb") as fh:
        pot = {m.id for m in read_po(fh) if m.id}
    assert messages == pot
    # spot checks: an action, a label, a legal note, a service name, hours, area, a region name
    for text in ("Maintenant", "Police", "24 h/24, 7 j/7", "Wallonie et Bruxelles", "Tunisie",
                 "Ligne de prévention du suicide"):
        assert text in messages
    assert any("458bis" in m for m in messages)
    # what is not user-visible stays out: ids, phones, URLs, maintainer notes
    assert not any(m.startswith("http") or m in ("101", "be-wal") or "re-verify" in m for m in messages)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_directory_text__is_translated(locale):
    cat = catalog(locale)
    missing = []
    for text in sorted(r.all_messages()):
        message = cat.get(i18n.msgid(text))
        if message is None or not message.string or message.fuzzy:
            missing.append(text[:60])
    assert missing == []


@pytest.mark.parametrize("locale", LOCALES)
def test_plan__renders_in_every_language_with_the_numbers(locale):
    t = i18n.translator(locale)
    plan = r.plan_for(result("severe", ["suicide", "children"]), "be-wal", "refused")
    first = plan.actions[0].render(t)
    assert first != plan.actions[0].render() and "101 / 112" in first
    for action in plan.actions:
        text = action.render(t)
        assert "{" not in text and text != action.text
        assert r.urgency_label(action.urgency, t) != r.urgency_label(action.urgency)
    assert t(plan.legal_note) != plan.legal_note and "458" in t(plan.legal_note)
    line = next(s for s in plan.services if s.kind == "specialised_line")
    assert r.service_notes(line, t)[0] != r.service_notes(line)[0]
    assert r.language_names(line, locale)[0] != "fr"



ALERTS_WITH_TOPIC = ["suicide", "sexual_violence", "weapons", "children"]  # medical: its action has none


@pytest.mark.parametrize("locale", i18n.available())
def test_alert_actions_under_their_title__do_not_repeat_the_topic(locale):
    """On the result page an alert's actions follow its title ("Enfants concernés : penser à leur
    protection"); each action opens with the same topic for the sheet's list, so the screen drops
    it. A translation that words the two topics differently would show it twice: caught here."""
    from assessment.loader import default_registry
    from assessment.wording import alert_label, without_topic

    loaded = default_registry().get("danger-screen")
    t = i18n.translator(locale)
    plan = r.plan_for(result("high", [*ALERTS_WITH_TOPIC, "medical"]), "be-wal", "given")
    for alert in ALERTS_WITH_TOPIC:
        label = alert_label(loaded, alert, t)
        topic = label.split(":")[0].strip(" \u00a0")
        for action in (a for a in plan.actions if a.origin == f"alert:{alert}"):
            text = action.render(t)
            shown = without_topic(text, label)
            assert text.startswith(topic) and shown != text, (alert, text[:50])
            assert not shown.startswith(topic) and shown[0] == shown[0].upper()


def test_without_topic__keeps_the_text_when_topics_differ_or_there_is_none():
    from assessment.wording import without_topic

    assert without_topic("Armes\u00a0: signalez l'arme.", "Armes\u00a0: prévenir la police") == "Signalez l'arme."
    assert without_topic("Weapons: report it.", "Weapons: tell the police") == "Report it."
    assert without_topic("Firearms: report it.", "Weapons: tell the police") == "Firearms: report it."
    assert without_topic("Proposez un examen.", "Examen médical conseillé") == "Proposez un examen."
    assert without_topic("Armes :", "Armes : x") == "Armes :"  # nothing after: keep it whole
