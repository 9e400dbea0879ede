"""French typography: our texts never start a line with "?", ":" or "»" (non-breaking spaces)."""
from assessment.i18n import french_spacing, translator


def test_french_spacing__non_breaking_before_double_punctuation_and_inside_guillemets():
    assert french_spacing("Pourquoi ? « élevé » : oui ; non !") == \
        "Pourquoi\u00a0? «\u00a0élevé\u00a0»\u00a0: oui\u00a0; non\u00a0!"


def test_french_spacing__only_for_french_output():
    assert translator("fr")("Pourquoi ce niveau :") .endswith("\u00a0:")
    assert "\u00a0" not in translator("en")("Pourquoi ce niveau :")


def test_french_spacing__idempotent_and_leaves_urls_and_times_alone():
    once = french_spacing("Voir https://example.org à 18:00 ?")
    assert french_spacing(once) == once and "https://example.org" in once and "18:00" in once
