"""Babel at run time: .po catalogs compiled in memory (no .mo in git), negotiation, formatting.

Catalogs are split by domain (one owner each: core, report, ui, questionnaire, referrals,
training). A Translator for a domain looks up its own catalog first, then the other domains
shown on the same page (PAGES): the sheet never shows the screen's wording of a shared French
word, and `make i18n-check` fails if one page could show a msgid translated two ways.
French is the source language: its msgids are the French text, so "fr" needs no catalog.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import string
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.core import negotiate_locale
from babel.dates import format_datetime as _format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal as _format_decimal
from babel.support import NullTranslations, Translations

from .paths import ROOT

LOCALES_DIR = ROOT / "locales"
SOURCE_LOCALE = "fr"
DOMAINS = ("core", "report", "ui", "questionnaire", "referrals", "training", "course")
#: Where each domain is shown, own domain first: the lookup order of a Translator(domain=...).
#: "ui" is the screen (the training views included), "report" the referral sheet, "core" the CLI.
PAGES: dict[str, tuple[str, ...]] = {
    "ui": ("ui", "core", "questionnaire", "referrals", "training", "course"),
    "training": ("training", "ui", "core", "questionnaire", "referrals"),
    "course": ("course", "ui", "core", "questionnaire", "referrals", "training"),  # the course and its certificate
    "report": ("report", "core", "questionnaire", "referrals"),
    "core": ("core", "questionnaire", "referrals"),
}
#: The pages, as sets of domains that meet there (checked for msgids translated two ways).
PAGE_DOMAINS: dict[str, frozenset[str]] = {"screen": frozenset(PAGES["ui"]), "sheet": frozenset(PAGES["report"])}

#: "29 % des" reads as a %-format to gettext tools ("% d"): in a msgid, a "%" followed by a
#: space gets a no-break space instead (same look). The extractor writes msgids this way and
#: every lookup does the same, so the frozen released YAML keeps its bytes.
_PERCENT_SPACE = re.compile(r"% ")


def msgid(text: str) -> str:
    """The msgid of a source text: a "% " becomes "%" + U+00A0 (not a %-format)."""
    return _PERCENT_SPACE.sub("%\u00a0", text) if "% " in text else text


def _base(base: Path | str | None) -> Path:
    """The locales folder: `base` if given (tests, a throwaway language), else LOCALES_DIR."""
    return Path(base) if base is not None else LOCALES_DIR


def languages(base: Path | str | None = None) -> dict[str, dict[str, str]]:
    """Shipped languages from <locales>/languages.toml, in display order."""
    return _languages(_base(base))


@lru_cache(maxsize=8)
def _languages(base: Path) -> dict[str, dict[str, str]]:
    with open(base / "languages.toml", "rb") as fh:
        return tomllib.load(fh)


def available(base: Path | str | None = None, drafts: bool = False) -> list[str]:
    """Languages offered to users (the picker, negotiation, the CLI's --locale). A language
    marked `draft = true` in languages.toml is work in progress: not offered, its catalogs
    checked with warnings instead of errors (`drafts=True` lists it too)."""
    return [code for code, spec in languages(base).items() if drafts or not spec.get("draft", False)]


def draft_languages(base: Path | str | None = None) -> list[str]:
    """Languages marked `draft = true` in languages.toml (not offered yet)."""
    return [code for code, spec in languages(base).items() if spec.get("draft", False)]


def po_path(locale: str, domain: str, base: Path | str | None = None) -> Path:
    return _base(base) / locale / "LC_MESSAGES" / f"{domain}.po"


#: A .po line is a comment, blank, a keyword with one quoted string, or a quoted continuation.
_PO_LINE = re.compile(r'^(#.*|\s*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"(\\.|[^"\\])*"\s*|'
                      r'"(\\.|[^"\\])*"\s*)$')


def bad_po_line(raw: bytes) -> int | None:
    """First line (1-based) outside the .po grammar, or None.

    Babel's parser forgives an unclosed quote or a misspelt keyword (it guesses or drops the
    text), so both the runtime and the checks look at every line first.
    """
    for lineno, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        if not _PO_LINE.match(line):
            return lineno
    return None


#: Counters a plural form may leave out ("one factor" for "{n} factor").
COUNTERS = {"count", "n"}


def placeholders(text: str) -> Counter[str] | None:
    """The `{name}` fields of a str.format string; None if it is not one (stray brace)."""
    try:
        return Counter(name for _lit, name, _spec, _conv in string.Formatter().parse(text)
                       if name is not None)
    except ValueError:
        return None


def placeholder_mismatch(msgid: str | tuple[str, ...] | list[str],
                         msgstr: str | tuple[str, ...] | list[str] | None
                         ) -> tuple[set[str] | None, set[str]] | None:
    """(found, expected) when a translation's `{placeholders}` differ from its source's (found
    None: a stray brace), else None. A source that is not a format string has no rule."""
    ids = msgid if isinstance(msgid, (tuple, list)) else (msgid,)
    strings = msgstr if isinstance(msgstr, (tuple, list)) else (msgstr,)
    expected: Counter[str] = Counter()
    for source in ids:
        found = placeholders(source)
        if found is None:
            return None  # not a format string: braces are literal text
        expected |= found
    plural = len(ids) > 1
    for translated in strings:
        if not translated:
            continue
        found = placeholders(translated)
        if found is None:
            return None, set(expected)
        ok = (set(found) <= set(expected) and set(expected) - set(found) <= COUNTERS
              if plural else set(found) == set(expected))
        if not ok:
            return set(found), set(expected)
    return None


def compile_po(path: Path, locale: str) -> Translations:
    """Compile one .po file in memory; fuzzy entries and translations whose placeholders differ
    from the source are left out (they fall back to French instead of failing on format()).

    Raises babel's PoFileError on a malformed file (the catalog checks report it with its line).
    """
    raw = path.read_bytes()
    lineno = bad_po_line(raw)
    if lineno:
        # no Catalog exists yet (babel's stub asks for one): the line number is what matters
        raise PoFileError(f"{path}:{lineno}: not a .po line", None, "", lineno - 1)  # type: ignore[arg-type]
    catalog = read_po(io.BytesIO(raw), locale=locale, abort_invalid=True)
    for message in catalog:
        if message.id and placeholder_mismatch(message.id, message.string):
            message.string = ("",) * len(message.string) if isinstance(message.string, (tuple, list)) else ""
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf)


def translations(locale: str, base: Path | str | None = None,
                 domain: str | None = None) -> NullTranslations:
    """The catalogs of one locale for `domain`'s page (PAGES), its own first; None: every domain
    (a later one wins). French (the source) is a NullTranslations."""
    if domain is not None and domain not in PAGES:
        raise ValueError(f"unknown domain {domain!r}: one of {', '.join(PAGES)}")
    return _translations(locale, _base(base), domain)


@lru_cache(maxsize=64)
def _translations(locale: str, base: Path, domain: str | None = None) -> NullTranslations:
    if locale == SOURCE_LOCALE:
        return NullTranslations()
    # merge() lets a later catalog win: merge the page's domains last-to-first.
    order = DOMAINS if domain is None else tuple(reversed(PAGES[domain]))
    merged: NullTranslations = NullTranslations()
    for name in order:
        path = po_path(locale, name, base)
        if not path.exists():
            continue
        try:
            compiled = compile_po(path, locale)
        except (PoFileError, OSError, ValueError):
            # A broken catalog must never break the app: this domain falls back to French.
            # `python -m assessment validate` and the test suite report it with its line.
            continue
        if isinstance(merged, Translations):
            merged.merge(compiled)
        else:
            merged = compiled
    return merged


def negotiate(*candidates: str | None, base: Path | str | None = None) -> str:
    """First supported language among candidates (`?lang=`, browser tag...), else French."""
    avail = available(base)
    for candidate in candidates:
        if not candidate:
            continue
        tag = str(candidate).strip().replace("_", "-")
        if not tag:
            continue
        found = (negotiate_locale([tag], avail, sep="-")
                 or negotiate_locale([tag.split("-")[0].lower()], avail, sep="-"))
        if found:  # babel hands back the requested spelling ("EN"): return ours ("en")
            return next((a for a in avail if a.lower() == found.lower().replace("_", "-")), found)
    return SOURCE_LOCALE


@dataclass(frozen=True)
class Translator:
    """What the UI, the PDF and the CLI need from a language, in one object."""

    locale: str
    base: Path | None = None  # locales folder; None = LOCALES_DIR
    domain: str | None = None  # looked up first, then the rest of its page (PAGES); None = all

    @property
    def _t(self) -> NullTranslations:
        return translations(self.locale, self.base, self.domain)

    def gettext(self, message: str) -> str:
        return self._typo(self._t.gettext(msgid(message))) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._typo(self._t.ngettext(msgid(singular), msgid(plural), n))

    def pgettext(self, context: str, message: str) -> str:
        return self._typo(str(self._t.pgettext(context, msgid(message))))  # typed object in babel's stub

    def join(self, items: Iterable[str], semicolons: bool = False) -> str:
        """A list in this language's punctuation: "a, b" / "a ; b" in French, "أ، ب" / "أ؛ ب" in
        Arabic. Semicolons for items that may hold commas (questions)."""
        sep = (self.pgettext("séparateur de liste (éléments longs)", " ; ") if semicolons
               else self.pgettext("séparateur de liste", ", "))
        return sep.join(items)

    def _typo(self, text: str) -> str:
        return french_spacing(text) if self.locale == "fr" else text

    __call__ = gettext

    @property
    def direction(self) -> str:
        return Locale.parse(self.locale).text_direction

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    def datetime(self, value: dt.datetime, fmt: str = "medium") -> str:
        return _format_datetime(value, fmt, locale=self.locale)

    def decimal(self, value: float | int) -> str:
        return _format_decimal(value, locale=self.locale)


def translator(locale: str = SOURCE_LOCALE, base: Path | str | None = None,
               domain: str | None = None) -> Translator:
    """The Translator for a shipped language (anything else gets French), for the page of
    `domain` ("ui", "report", "core", "training"; None: every domain merged)."""
    if domain is not None and domain not in PAGES:
        raise ValueError(f"unknown domain {domain!r}: one of {', '.join(PAGES)}")
    return _translator(locale, None if base is None else Path(base), domain)


@lru_cache(maxsize=64)
def _translator(locale: str, base: Path | None, domain: str | None = None) -> Translator:
    return Translator(locale if locale in languages(base) else SOURCE_LOCALE, base, domain)


#: French spacing (Imprimerie nationale): a narrow no-break space (U+202F) before ; ! ? and %,
#: a no-break space (U+00A0) before ":" and »,  after « and between a number and its unit.
#: Inside guillemets the rule asks for a word space that never breaks, not a thin one: U+00A0.
NNBSP, NBSP = "\u202f", "\u00a0"
_SPACE = "[ \u00a0\u202f]"  # a typed space, or one already made no-break (idempotent)
_NARROW_BEFORE = re.compile(_SPACE + r"([;!?%])")
_WIDE_BEFORE = re.compile(_SPACE + r"([:»])")
_WIDE_AFTER = re.compile(r"(«)" + _SPACE)
#: Unit symbols our texts write after a number ("24 h/24", "1 Mo", "7 j/7").
_UNIT = re.compile(r"(\d)" + _SPACE + r"(h|min|j|km|m|cm|kg|g|Ko|Mo|Go|€)(?!\w)")


def french_spacing(text: str) -> str:
    """French punctuation spacing on our own texts, on screen and on the sheet alike: a line
    never starts with "?", "%" or "»" nor ends with "«". Only spaces already there change (none
    is added: "18:00" and URLs stay). Called by Translator on French output, before the
    placeholders are filled: the text a user types never goes through it."""
    text = _NARROW_BEFORE.sub(NNBSP + r"\1", text)
    text = _WIDE_AFTER.sub(r"\1" + NBSP, _WIDE_BEFORE.sub(NBSP + r"\1", text))
    return _UNIT.sub(r"\1" + NBSP + r"\2", text)


def label_colon(label: str, locale: str) -> str:
    """"label:" in this language's spacing ("Situation\u00a0:" in French)."""
    return french_spacing(f"{label} :") if locale == SOURCE_LOCALE else f"{label}:"


def N_(message: str) -> str:
    """Mark a string for extraction; translate it where it is shown."""
    return message
