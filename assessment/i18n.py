"""Babel at run time: .po catalogs compiled in memory (no .mo in git), negotiation, formatting.

Catalogs are split by domain (one owner each: core, report, ui, questionnaire, referrals,
training) and merged into one Translations object per locale. French is the source language:
its msgids are the French text, so "fr" needs no catalog.
"""
from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.core import negotiate_locale
from babel.dates import format_datetime as _format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as _format_decimal
from babel.support import NullTranslations, Translations

from .loader import ROOT

LOCALES_DIR = ROOT / "locales"
SOURCE_LOCALE = "fr"
DOMAINS = ("core", "report", "ui", "questionnaire", "referrals", "training")


@lru_cache(maxsize=1)
def languages() -> dict[str, dict[str, str]]:
    """Shipped languages from locales/languages.toml, in display order."""
    with open(LOCALES_DIR / "languages.toml", "rb") as fh:
        return tomllib.load(fh)


def available() -> list[str]:
    return list(languages())


def po_path(locale: str, domain: str, base: Path = LOCALES_DIR) -> Path:
    return base / locale / "LC_MESSAGES" / f"{domain}.po"


def compile_po(path: Path, locale: str) -> Translations:
    """Compile one .po file in memory; fuzzy entries are left out (they fall back to French)."""
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=locale)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf)


@lru_cache(maxsize=16)
def translations(locale: str) -> NullTranslations:
    if locale == SOURCE_LOCALE:
        return NullTranslations()
    merged: NullTranslations = NullTranslations()
    for domain in DOMAINS:
        path = po_path(locale, domain)
        if path.exists():
            compiled = compile_po(path, locale)
            if isinstance(merged, Translations):
                merged.merge(compiled)
            else:
                merged = compiled
    return merged


def negotiate(*candidates: str | None) -> str:
    """First supported language among candidates (`?lang=`, browser tag...), else French."""
    avail = available()
    for candidate in candidates:
        if not candidate:
            continue
        tag = str(candidate).strip().replace("_", "-")
        found = negotiate_locale([tag], avail, sep="-") or negotiate_locale([tag.split("-")[0]], avail)
        if found:
            return found
    return SOURCE_LOCALE


@dataclass(frozen=True)
class Translator:
    """What the UI, the PDF and the CLI need from a language, in one object."""

    locale: str

    @property
    def _t(self) -> NullTranslations:
        return translations(self.locale)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._t.pgettext(context, message)

    __call__ = gettext

    @property
    def direction(self) -> str:
        return Locale.parse(self.locale).text_direction

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    def datetime(self, value: datetime, fmt: str = "medium") -> str:
        return _format_datetime(value, fmt, locale=self.locale)

    def decimal(self, value: float | int) -> str:
        return _format_decimal(value, locale=self.locale)


@lru_cache(maxsize=16)
def translator(locale: str = SOURCE_LOCALE) -> Translator:
    return Translator(locale if locale in languages() else SOURCE_LOCALE)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it where it is shown."""
    return message
