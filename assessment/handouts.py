"""Printable handouts for a trainer: two PDFs, as bytes, no disk.

- `build_stories(locale, case_ids=None)`: the training cases' stories WITHOUT their answers, one
  case per page: its title, its (translated) narrative and its discussion prompts, each with
  ruled lines to write on. Never the level, the answer key, the teaching points, the case's
  judgement or its "new fact" (the trainer reveals those). "FORMATION — cas fictifs" on every page.
- `build_factors(locale, region=None)`: ONE A4 page: every question of the latest released
  questionnaire, grouped by its tier (critical, high, moderate, low, context), one line each,
  what a "floor" is and that "don't know" is never "no", then the region's services (emergency
  first) with their verification date and the "number to verify" marks. If a language or a
  long directory would need a second page, the text is made a little smaller until it fits.

Same building blocks as the referral sheet and the paper form (fonts, Arabic shaping and bidi,
French spacing, the page canvas with "page X of Y", the services table), imported from
assessment.report and assessment.paper. Deterministic (ReportLab invariant mode).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from .i18n import N_, Translator, translator
from .loader import Loaded
from .model import Tier
from .paper import _Blank, paper_loaded, scoring_key, services_in_order
from .paper import page_decorator as _decorator
from .paper import render_pdf as _render
from .report import (
    _BUILD_LOCK,
    CONTENT_W,
    FONT_BOLD,
    FRAMED_W,
    MUTED,
    RULE,
    SHADE,
    TOOL_NAME,
    _ensure_fonts,
    _framed,
    _services_table,
    _Writer,
)
from .wording import level_name

__all__ = [
    "FACTORS_FILE",
    "KINDS",
    "MODULES_FILE",
    "STORIES_FILE",
    "UnknownCase",
    "build_factors",
    "build_modules",
    "build_stories",
]

STORIES_FILE = "formation-cas-sans-reponses.pdf"
FACTORS_FILE = "fiche-facteurs-de-risque.pdf"
MODULES_FILE = "cours-en-resume.pdf"
KINDS = ("stories", "factors", "modules")

TRAINING_MARK = N_("FORMATION — cas fictifs")
#: Tier headings, in the order printed (words a GP understands, not the data's codes).
TIER_HEADINGS: dict[Tier, str] = {
    Tier.critical: N_("Signes critiques : un seul « oui » suffit à relever le niveau"),
    Tier.high: N_("Facteurs de risque importants"),
    Tier.moderate: N_("Facteurs de risque modérés"),
    Tier.low: N_("Facteurs de risque faibles"),
    Tier.context: N_("Contexte : pour l'orientation, ne compte pas dans le niveau"),
}
#: The factor sheet's text sizes are multiplied by these, in turn, until it fits on one page.
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7)


class UnknownCase(KeyError):
    """A case id that is not among the bundled training cases."""

    def __init__(self, case: str, available: Sequence[str]):
        super().__init__(case)
        self.case, self.available = case, tuple(available)


# --------------------------------------------------------------------------- shared pieces
class _Lines(Flowable):
    """Empty ruled lines to write on."""

    def __init__(self, lines: int, gap: float = 7.2 * mm):
        super().__init__()
        self.lines, self.gap = lines, gap

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return avail_w, self.lines * self.gap

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(MUTED)
        c.setLineWidth(0.5)
        for n in range(self.lines):
            y = self.lines * self.gap - (n + 1) * self.gap + 1.5
            c.line(0, y, self.width, y)


# --------------------------------------------------------------------------- 1. the stories
def chosen_cases(case_ids: Sequence[str] | None = None) -> list[Any]:
    """The cases to print, in the order asked (default: every bundled case, by id: an order that
    says nothing of the level).
    An unknown id raises UnknownCase (the CLI says so and exits 2)."""
    from .training import cases

    every = sorted(cases(), key=lambda c: c.id)  # not cases()' order, which goes by level
    if not case_ids:
        return every
    by_id = {c.id: c for c in every}
    chosen = []
    for case_id in dict.fromkeys(case_ids):
        if case_id not in by_id:
            raise UnknownCase(case_id, list(by_id))
        chosen.append(by_id[case_id])
    return chosen


def build_stories(locale: str, case_ids: Sequence[str] | None = None) -> bytes:
    """The case stories without answers, one case per page (see the module docstring)."""
    chosen = chosen_cases(case_ids)
    with _BUILD_LOCK:  # ReportLab's font subsets are shared state (see report._BUILD_LOCK)
        return _stories(locale, chosen)


def _stories(locale: str, chosen: list[Any]) -> bytes:
    _ensure_fonts()
    t = translator(locale, domain="report")
    tc = translator(locale, domain="training")  # the cases' own texts live in the training catalogs
    w = _Writer(t)
    s = w.s
    prompt_style = ParagraphStyle("prompt", parent=s.body, fontName=FONT_BOLD, fontSize=9.2, leading=12,
                                  spaceBefore=3)
    story: list[Flowable] = []
    add = story.append
    total = len(chosen)
    for n, case in enumerate(chosen, start=1):
        if n > 1:
            add(PageBreak())
        else:
            add(w.para(t("Cas pour l'atelier, sans les réponses"), s.h1))
            add(w.para(t("Situations fictives, pour le travail en groupe. Lisez le cas, discutez les "
                         "questions et notez vos réponses ; la formatrice ou le formateur donne ensuite "
                         "le niveau et ses raisons."), s.small))
            add(Spacer(1, 4))
        add(w.para(t("Cas {n} sur {total} — {title}").format(n=n, total=total, title=tc(case.title)), s.h2))
        story_style = ParagraphStyle("story", parent=s.body, fontSize=9.6, leading=13)
        add(_framed([w.para(tc(case.narrative), story_style, width=FRAMED_W)], SHADE, RULE))
        if case.discussion:
            add(w.heading(t("Questions pour le groupe")))
            for k, prompt in enumerate(case.discussion, start=1):
                add(KeepTogether([w.para(f"{k}. {tc(prompt)}", prompt_style), _Lines(3)]))
        add(Spacer(1, 4))
        add(KeepTogether([_Blank(w, t("Le niveau que vous attendez, et pourquoi"), lines=3, size=8.6)]))
    mark = t(TRAINING_MARK)
    title = t("Cas pour l'atelier, sans les réponses")
    decorate = _decorator(w, mark, f"{title} — {t(TOOL_NAME)}", mark)
    pdf, _pages = _render(w, story, locale, title, " ".join(c.id for c in chosen), decorate)
    return pdf


# --------------------------------------------------------------------------- 2. the factor sheet
@dataclass(frozen=True)
class FactorLine:
    number: int  # as on the paper form
    id: str
    text: str  # French msgid
    floor: Any  # Level | None


def factor_groups(loaded: Loaded) -> list[tuple[Tier, list[FactorLine]]]:
    """Every question of the version, grouped by tier in TIER_HEADINGS' order (empty tiers left out)."""
    key = {i.id: i for i in scoring_key(loaded).items}
    groups = []
    for tier in TIER_HEADINGS:
        lines = [FactorLine(key[i.id].number, i.id, i.text, i.floor) for i in loaded.questionnaire.items
                 if i.tier is tier]
        if lines:
            groups.append((tier, lines))
    return groups


def build_factors(locale: str, region: str | None = None, loaded: Loaded | None = None) -> bytes:
    """The one-page factor sheet with the region's services (default: the language's region).
    An unknown region raises DataError R617."""
    from . import referrals

    reg = referrals.get_region(region or referrals.default_region(locale))
    loaded = loaded or paper_loaded()
    with _BUILD_LOCK:
        pdf = b""
        for scale in SCALES:
            pdf, pages = _factors(locale, reg, loaded, scale)
            if pages == 1:
                break
        return pdf


def _verified_lines(t: Translator, services: list[Any]) -> list[str]:
    from babel.dates import format_date

    by_date: dict[Any, list[str]] = {}
    for service in services:
        by_date.setdefault(service.verified_on, []).append(t(service.name))
    if len(by_date) == 1:
        (when,) = by_date
        return [t("Coordonnées vérifiées auprès de leur source le {date}.").format(
            date=format_date(when, "long", locale=t.locale))]
    return [t("Vérifié le {date} : {services}").format(date=format_date(when, "long", locale=t.locale),
                                                       services=t.join(names, semicolons=True))
            for when, names in sorted(by_date.items(), reverse=True)]


def _factors(locale: str, region: Any, loaded: Loaded, scale: float) -> tuple[bytes, int]:
    from . import referrals

    _ensure_fonts()
    t = translator(locale, domain="report")
    w = _Writer(t)
    s = w.s
    q = loaded.questionnaire

    def sized(name: str, parent: ParagraphStyle, size: float, bold: bool = False, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, fontSize=size * scale, leading=size * scale * 1.24,
                              fontName=FONT_BOLD if bold else parent.fontName, **kw)

    h1 = sized("fh1", s.h1, 12.5, bold=True, spaceAfter=1)
    h2 = sized("fh2", s.h2, 9.0, bold=True, spaceBefore=3.5 * scale, spaceAfter=0.5)
    note = sized("fnote", s.small, 7.4)
    item_style = sized("fitem", s.cell, 7.6)
    num_style = sized("fnum", s.cell, 7.6, bold=True)
    story: list[Flowable] = []
    add = story.append
    add(w.para(t("Les facteurs de risque en un coup d'œil — {tool}").format(tool=t(TOOL_NAME)), h1))
    add(w.para(t("Toutes les questions de la version {version}, des signes les plus lourds aux plus légers. "
                 "Posez-les toutes : le niveau se calcule dans l'application, ou à la main avec la clé de "
                 "calcul du formulaire papier (mêmes numéros).").format(version=q.version), note))
    num_w = 8 * mm
    text_w = CONTENT_W - num_w
    for tier, lines in factor_groups(loaded):
        add(w.para(t(TIER_HEADINGS[tier]), h2))
        rows = []
        for line in lines:
            text = t(line.text)
            if line.floor is not None:
                text += " " + t("(plancher : « {level} »)").format(level=level_name(line.floor, t))
            rows.append(w.row([w.cell(str(line.number), num_style, num_w - 4), w.cell(text, item_style, text_w - 4)]))
        table = Table(rows, colWidths=w.cols([num_w, text_w]))
        table.setStyle(TableStyle([
            *w.font((0, 0), (-1, -1), item_style), *w.font((1, 0) if w.rtl else (0, 0),
                                                            (1, -1) if w.rtl else (0, -1), num_style),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 0.3), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.3 * scale),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ]))
        add(table)
    add(Spacer(1, 3 * scale))
    legend = [w.para(t("Plancher : un « oui » à cette question place à lui seul le niveau au moins à ce "
                       "niveau, quels que soient les points."), note, width=FRAMED_W),
              w.para(t("Une question sans réponse compte comme « Ne sait pas », jamais comme « Non »."), note,
                     width=FRAMED_W),
              w.para(t("« Ne sait pas » veut dire que l'information manque : un danger plus élevé ne peut pas "
                       "être exclu. Dites-le, et posez la question dès que c'est possible."), note, width=FRAMED_W)]
    add(_framed(legend, SHADE, RULE))
    services = services_in_order(region)
    add(w.para(t("Qui appeler — {region}").format(region=t(region.name)), h2))
    story.extend(_services_table(w, t, SimpleNamespace(services=services), referrals, size=7.6 * scale))
    for verified in _verified_lines(t, services):
        add(w.para(verified, s.muted))
    ident = t("{qid} version {version} · empreinte {short}").format(
        qid=q.id, version=q.version, short=scoring_key(loaded).fingerprint)
    title = t("Fiche des facteurs de risque")
    decorate = _decorator(w, title, ident, f"{t(TOOL_NAME)} · {ident}", left_ink=colors.HexColor("#24292f"))
    return _render(w, story, locale, title, f"{q.id} {q.version} sha256:{loaded.sha256} {region.id}", decorate)


# --------------------------------------------------------------------------- 3. the course in short
def build_modules(locale: str) -> bytes:
    """The online course's modules (course/), each with its summary, its reading and its
    sources: the handout a trainer gives to take home. The knowledge checks stay in the app."""
    with _BUILD_LOCK:
        return _modules(locale)


def _modules(locale: str) -> bytes:
    from .course import default_course

    _ensure_fonts()
    t = translator(locale, domain="report")
    tc = translator(locale, domain="course")  # the course's own texts
    loaded = default_course()
    w = _Writer(t)
    s = w.s
    title = t("Le cours en résumé")
    story: list[Flowable] = [w.para(tc(loaded.course.title), s.h1),
                             w.para(tc(loaded.course.content_warning), s.small), Spacer(1, 3)]
    for module in loaded.modules:
        block: list[Flowable] = [w.para(tc(module.title), s.h2),
                                 w.para(tc(module.summary) + " · " + t("{n} minutes").format(n=module.minutes),
                                        s.muted)]
        # A paragraph is never cut by a page break (short ones: a reader takes each in one go).
        block += [KeepTogether([w.para(tc(paragraph), s.body)]) for paragraph in module.reading]
        if module.sources:
            block.append(w.para(t("Sources : {sources}").format(
                sources=" ; ".join(" ".join(src.citation.split()) for src in module.sources)), s.muted))
        story += [KeepTogether(block[:3]), *block[3:], Spacer(1, 5)]
    ident = f"{loaded.course.id} {loaded.course.version} · {loaded.short_hash}"
    decorate = _decorator(w, title, ident, f"{t(TOOL_NAME)} · {ident}", left_ink=colors.HexColor("#24292f"))
    pdf, _pages = _render(w, story, locale, title, ident, decorate)
    return pdf


# --------------------------------------------------------------------------- command line
def cli_handout(kind: str, locale: str, region: str | None, case_ids: Sequence[str] | None, output: str) -> int:
    """`python -m assessment handout stories|factors`: 0 and the file; 2 with one plain line on
    stderr for an unknown case (an unknown region is a DataError, R617, printed by the CLI)."""
    import sys

    from .paper import write_pdf

    t = translator(locale)
    try:
        pdf = (build_stories(locale, case_ids) if kind == "stories" else build_modules(locale)
               if kind == "modules" else build_factors(locale, region))
    except UnknownCase as exc:
        sys.stderr.write(t("cas de formation inconnu « {case} ». Cas disponibles : {available}.").format(
            case=exc.case, available=", ".join(exc.available)) + "\n")
        return 2
    return write_pdf(pdf, output, t)
