"""The paper twin: a printable blank questionnaire and its scoring key, from the same YAML.

For a home visit without a device: the professional prints the form, ticks the boxes with her,
and enters the answers in the app afterwards (the app gives the level and the referral sheet).

`build_paper(loaded, locale, region=...)` returns PDF bytes (nothing touches the disk):
- the before-asking checks (safe to talk, alone, time, safe contact, what to avoid, consent);
- every question of the version with its "why we ask" (the region's country text,
  `wording.help_text`) and three empty boxes: yes / no / don't know; a note per part;
- the referral fields with blank lines (case code, the professional, situation, children...);
- a one-page scoring key (`scoring_key(loaded)`: points per item, thresholds, floors,
  combinations, unknown handling, judgement up only), then the region's "who to call".

The key is rendered from `ScoringKey`, a plain structure built from the questionnaire, and
never from the engine: tests score every training case by hand from that structure and must get
the engine's level, so a rule the key forgets to print fails a test.

Same fonts, Arabic shaping / bidi and French spacing as the referral sheet (assessment.report);
the questionnaire's id, version and fingerprint (the sheet's 12 hex digits) on every page.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .errors import DataError
from .i18n import N_, Translator, label_colon, translator
from .loader import Loaded
from .model import Level, Tier
from .report import (
    _BUILD_LOCK,
    CONFIDENTIAL_INK,
    CONTENT_W,
    FINGERPRINT_LEN,
    FONT,
    FONT_BOLD,
    FRAMED_W,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_H,
    RULE,
    SHADE,
    TOOL_NAME,
    X0,
    X1,
    _drawable,
    _ensure_fonts,
    _framed,
    _services_table,
    _SheetCanvas,
    _Writer,
    clean,
)
from .wording import DISCLAIMER, alert_label, answer_label, help_text, level_name, points

__all__ = [
    "PAPER_FILE",
    "KeyCombination",
    "KeyCondition",
    "KeyItem",
    "ScoringKey",
    "build_paper",
    "paper_loaded",
    "scoring_key",
    "services_in_order",
    "write_pdf",
]

#: File name of the download (the app and the CLI's suggestion).
PAPER_FILE = "formulaire-papier.pdf"
BOX = 3.3 * mm
BOX_COL = 34 * mm

CONSENT_CHOICES = (N_("Oui, elle accepte"), N_("Non, elle refuse"), N_("Pas encore demandé"))


# --------------------------------------------------------------------------- the key, as data
@dataclass(frozen=True)
class KeyItem:
    number: int  # as printed on the form: 1, 2, 3... across parts
    id: str
    text: str  # French msgid
    points: int
    floor: Level | None
    critical: bool
    counts: bool  # can change the level (points, floor or a combination); else context only
    alerts: tuple[str, ...]


@dataclass(frozen=True)
class KeyCondition:
    numbers: tuple[int, ...]
    at_least: int


@dataclass(frozen=True)
class KeyCombination:
    id: str
    level: Level
    conditions: tuple[KeyCondition, ...]  # all must hold
    explanation: str  # French msgid


@dataclass(frozen=True)
class ScoringKey:
    """Everything the printed key says, and nothing else (the hand-scoring tests use it)."""

    qid: str
    version: str
    fingerprint: str
    items: tuple[KeyItem, ...]
    thresholds: tuple[tuple[Level, int], ...]  # (moderate, n), (high, n), (severe, n): "from n points"
    combinations: tuple[KeyCombination, ...]
    alerts: tuple[tuple[str, tuple[int, ...]], ...]  # alert id -> item numbers, questionnaire order
    counted: int  # questions that can change the level
    unknown_limit: int  # that many unknown counted questions or more: information insufficient

    def item(self, number: int) -> KeyItem:
        return self.items[number - 1]

    @property
    def floors(self) -> tuple[tuple[Level, tuple[int, ...]], ...]:
        levels = [lv for lv in (Level.moderate, Level.high, Level.severe)
                  if any(i.floor is lv for i in self.items)]
        return tuple((lv, tuple(i.number for i in self.items if i.floor is lv)) for lv in levels)

    @property
    def critical(self) -> tuple[int, ...]:
        return tuple(i.number for i in self.items if i.critical)


def scoring_key(loaded: Loaded) -> ScoringKey:
    q = loaded.questionnaire
    number = {item.id: n for n, item in enumerate(q.items, start=1)}
    in_combos = {i for c in q.scoring.combinations for cond in c.conditions for i in cond.any_of}
    items = tuple(KeyItem(number[i.id], i.id, i.text, i.weight, i.floor, i.tier is Tier.critical,
                          i.weight > 0 or i.floor is not None or i.id in in_combos, tuple(i.alerts))
                  for i in q.items)
    combos = tuple(KeyCombination(c.id, c.level, tuple(
        KeyCondition(tuple(sorted(number[i] for i in cond.any_of)), cond.at_least) for cond in c.conditions),
        c.explanation) for c in q.scoring.combinations)
    th = q.scoring.thresholds
    counted = sum(1 for i in items if i.counts)
    share = q.scoring.insufficient_unknown_share
    # the same comparison as the engine (unknown share > the version's share), as a count
    limit = next((n for n in range(counted + 1) if counted and n / counted > share), counted + 1)
    alerts = tuple((a.id, tuple(i.number for i in items if a.id in i.alerts)) for a in q.alerts)
    return ScoringKey(q.id, q.version, loaded.sha256[:FINGERPRINT_LEN], items,
                      ((Level.moderate, th.moderate), (Level.high, th.high), (Level.severe, th.severe)),
                      combos, tuple(a for a in alerts if a[1]), counted, limit)


def paper_loaded(version: str | None = None, qid: str | None = None, registry: Any = None) -> Loaded:
    """The released version to print (latest by default). A draft is refused (P700): a paper
    form is for real assessments, and a draft is never offered for one."""
    from .loader import DEFAULT_QUESTIONNAIRE, default_registry

    reg = registry or default_registry()
    qid = qid or DEFAULT_QUESTIONNAIRE
    loaded = reg.get(qid, version, drafts=version is not None)
    if loaded.questionnaire.status != "released":
        raise DataError("P700", context={"qid": qid, "version": loaded.questionnaire.version,
                                         "available": ", ".join(reg.versions(qid)) or "-"})
    return loaded


# --------------------------------------------------------------------------- drawn elements
class _Boxes(Flowable):
    """Empty squares to tick, one per line, each with its label (mirrored right to left)."""

    def __init__(self, w: _Writer, labels: list[str], width: float, size: float = 7.6):
        super().__init__()
        self.w, self.labels, self.width, self.size = w, labels, width, size
        self.step = max(BOX + 1.6, size * 1.45)
        self.height = self.step * len(labels)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        c.setFillColor(INK)
        for n, label in enumerate(self.labels):
            y = self.height - (n + 1) * self.step + (self.step - BOX) / 2
            if self.w.rtl:
                c.rect(self.width - BOX, y, BOX, BOX, stroke=1, fill=0)
                self.w.draw(c, label, self.width - BOX - 2.2 * mm, y + 0.5, FONT, self.size, "right")
            else:
                c.rect(0, y, BOX, BOX, stroke=1, fill=0)
                self.w.draw(c, label, BOX + 2.2 * mm, y + 0.5, FONT, self.size, "left")


class _Blank(Flowable):
    """A field to fill in by hand: its label, then ruled lines to the end of the column."""

    def __init__(self, w: _Writer, label: str, lines: int = 1, width: float = CONTENT_W, size: float = 8.0):
        super().__init__()
        self.w, self.label, self.lines, self.width, self.size = w, clean(label), lines, width, size
        self.gap = 7.2 * mm
        self.height = self.lines * self.gap + 1

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = min(self.width, avail_w)
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.pdfbase import pdfmetrics

        c = self.canv
        text = label_colon(self.label, self.w.t.locale)
        label_w = min(pdfmetrics.stringWidth(_drawable(text), FONT_BOLD, self.size) + 2 * mm, self.width * 0.6)
        c.setFillColor(INK)
        c.setStrokeColor(MUTED)
        c.setLineWidth(0.5)
        top = self.height - self.gap + 1.5
        if self.w.rtl:
            self.w.draw(c, text, self.width, top + 1, FONT_BOLD, self.size, "right")
            c.line(0, top, self.width - label_w, top)
        else:
            self.w.draw(c, text, 0, top + 1, FONT_BOLD, self.size, "left")
            c.line(label_w, top, self.width, top)
        for n in range(1, self.lines):
            c.line(0, top - n * self.gap, self.width, top - n * self.gap)


def services_in_order(region: Any) -> list[Any]:
    """The region's services as printed: emergency numbers first, then the specialised lines, then
    the rest (also the trainer's factor sheet, assessment/handouts.py)."""
    services = [sv for sv in region.services if sv.emergency]
    services += [sv for sv in region.services if sv.kind == "specialised_line" and sv not in services]
    return services + [sv for sv in region.services if sv not in services]


# --------------------------------------------------------------------------- the document
def build_paper(loaded: Loaded, locale: str, *, region: str | None = None) -> bytes:
    """The blank form + scoring key + who to call, as PDF bytes. Deterministic (invariant mode).
    `region`: the referral directory's region (its country's "why we ask" texts and services);
    default: the language's region."""
    from . import referrals

    reg = referrals.get_region(region or referrals.default_region(locale))  # R617 if unknown
    with _BUILD_LOCK:  # ReportLab's font subsets are shared state (see report._BUILD_LOCK)
        return _build(loaded, locale, reg)


def _numbers(t: Translator, numbers: tuple[int, ...]) -> str:
    return t("n° {numbers}").format(numbers=t.join(str(n) for n in numbers))


def _and(t: Translator, parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = t("{first} et {second}").format(first=text, second=part)
    return text


def _build(loaded: Loaded, locale: str, region: Any) -> bytes:
    from . import referrals

    _ensure_fonts()
    t = translator(locale, domain="report")
    w = _Writer(t)
    s = w.s
    q = loaded.questionnaire
    key = scoring_key(loaded)
    tool = t(TOOL_NAME)
    story: list[Flowable] = []
    add = story.append
    labels = [answer_label(a, t) for a in ("yes", "no", "unknown")]
    text_w = CONTENT_W - BOX_COL
    q_style = ParagraphStyle("q", parent=s.body, fontName=FONT_BOLD, fontSize=8.6, leading=11)
    why_style = ParagraphStyle("why", parent=s.muted, fontSize=7.2, leading=9)

    def boxed(rows: list[tuple[list[Flowable], list[str]]]) -> Table:
        """Question cells beside their boxes; a rule under each row."""
        data = [w.row([flows, _Boxes(w, box_labels, BOX_COL - 8)]) for flows, box_labels in rows]
        table = Table(data, colWidths=w.cols([text_w, BOX_COL]))
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.35, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]))
        return table

    # -- title, what this is for
    add(w.para(t("Formulaire papier — {tool}").format(tool=tool), s.h1))
    add(w.para(t(q.title), s.body))
    add(w.para(t("À remplir à la main quand aucun appareil n'est disponible, par exemple lors d'une "
                 "visite à domicile. Saisissez ensuite les réponses dans l'application : elle donne le "
                 "niveau, ses raisons et la fiche d'orientation. La clé de calcul, à la fin, permet de "
                 "vérifier le niveau à la main."), s.small))
    add(_framed([w.para(t("Une fois rempli, ce formulaire est confidentiel : gardez-le sur vous, ne le "
                          "laissez pas chez elle, et détruisez-le après la saisie."), s.small, width=FRAMED_W)],
                SHADE, RULE))
    add(Spacer(1, 3))
    add(_Blank(w, t("Date")))
    add(_Blank(w, t("Code du dossier")))

    # -- before the questions
    add(w.heading(t("Avant les questions")))
    add(w.para(t("Posez les questions seulement si elle peut parler sans risque et si personne "
                 "d'autre ne peut entendre. Expliquez-lui pourquoi vous les posez et où vont les réponses.")))
    add(boxed([([w.para(t("Peut-elle parler sans danger maintenant ?"), q_style, width=text_w - 6)], labels),
               ([w.para(t("Est-elle seule, sans personne qui puisse entendre ?"), q_style, width=text_w - 6)],
                labels)]))
    add(w.para(t("Si une réponse n'est pas « Oui » : ne posez pas les questions maintenant. Convenez d'un "
                 "autre moment et d'un moyen sûr de la recontacter. En cas de danger immédiat, appelez "
                 "les secours."), ParagraphStyle("warn", parent=s.small, fontName=FONT_BOLD)))
    add(_Blank(w, t("De combien de temps dispose-t-elle ?")))
    add(_Blank(w, t("Moyen sûr de la recontacter")))
    add(_Blank(w, t("Ce qu'il faut éviter")))
    add(boxed([([w.para(t("Accepte-t-elle d'être orientée vers un service spécialisé et que la fiche lui "
                          "soit transmise ?"), q_style, width=text_w - 6)], [t(c) for c in CONSENT_CHOICES])]))
    add(_Blank(w, t("Si elle accepte : à quel service ou à quelle personne ?")))

    # -- the questions, part by part
    for section in q.sections:
        block: list[Flowable] = [w.heading(t(section.title))]
        if section.intro:
            block.append(w.para(t(section.intro), s.muted))
        rows = []
        for item in section.items:
            number = key.items[[i.id for i in key.items].index(item.id)].number
            flows = [w.para(f"{number}. {t(item.text)}", q_style, width=text_w - 6)]
            why = help_text(loaded, item.id, t, region.id)
            if why:
                flows.append(w.para(why, why_style, width=text_w - 6,
                                    prefix_bold=t("Pourquoi cette question ?")))
            rows.append((flows, labels))
        # one table per question, so that a part's title never ends a page alone
        add(KeepTogether([*block, boxed(rows[:1])]))
        for row in rows[1:]:
            add(boxed([row]))
        add(_Blank(w, t("Note sur cette partie (facultatif)"), lines=2))
    add(_Blank(w, t("Y a-t-il autre chose qui l'inquiète pour sa sécurité ?"), lines=2))
    add(w.para(t("Une question sans réponse compte comme « Ne sait pas », jamais comme « Non »."), s.muted))

    # -- the referral fields
    add(KeepTogether([w.heading(t("Orientation et contact")),
                      _Blank(w, t("Son nom (facultatif, seulement avec son accord)"))]))
    for label in (t("Votre nom"), t("Fonction"), t("Service"), t("Téléphone")):
        add(_Blank(w, label))
    add(_Blank(w, t("Résumé de la situation"), lines=3))
    add(_Blank(w, t("Enfants ou autres personnes en danger"), lines=2))
    add(_Blank(w, t("Ce qui a déjà été fait"), lines=2))

    # -- the scoring key, on its own page
    add(PageBreak())
    story.extend(_key_flows(w, t, loaded, key, region.id))

    # -- who to call in the region
    add(KeepTogether([w.heading(t("Qui appeler — {region}").format(region=t(region.name))),
                      *_services_table(w, t, SimpleNamespace(services=services_in_order(region)), referrals)]))
    add(Spacer(1, 4))
    add(_framed([w.para(t(DISCLAIMER), s.small, width=FRAMED_W)], SHADE, RULE))

    # -- every page: the version and its fingerprint, page x of y
    ident = t("{qid} version {version} · empreinte {short}").format(qid=q.id, version=q.version,
                                                                   short=key.fingerprint)
    head = t("Formulaire papier — {tool}").format(tool=tool)
    confidential = t("CONFIDENTIEL une fois rempli")

    decorate = page_decorator(w, confidential, ident, f"{head} · {ident}", left_ink=colors.HexColor("#8b1a1a"))
    pdf, _pages = render_pdf(w, story, locale, head, f"{q.id} {q.version} sha256:{loaded.sha256}", decorate)
    return pdf


def render_pdf(w: _Writer, story: list[Flowable], locale: str, title: str, keywords: str,
            decorate: Callable[[Any, int, int], None]) -> tuple[bytes, int]:
    """The PDF bytes and its page count (the report's canvas: decoration once the count is known).
    Shared by the paper form and the trainer's handouts."""
    pages = [0]

    def counted(canvas: Any, page: int, total: int) -> None:
        pages[0] = total
        decorate(canvas, page, total)

    canvas_class = type("HandoutCanvas", (_SheetCanvas,), {"decorate": staticmethod(counted)})
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                            bottomMargin=MARGIN_BOTTOM, title=title, creator=w.t(TOOL_NAME),
                            lang=locale.replace("_", "-"), keywords=keywords, invariant=1, initialFontName=FONT)
    doc.build(story, canvasmaker=canvas_class)
    return buf.getvalue(), pages[0]


def page_decorator(w: _Writer, left: str, right: str, footer: str, left_ink: Any = CONFIDENTIAL_INK
                   ) -> Callable[[Any, int, int], None]:
    """Header (left: bold mark, right: muted) and footer (text, page x of y), mirrored in RTL."""
    t = w.t

    def decorate(canvas: Any, page: int, total: int) -> None:
        canvas.saveState()
        top = PAGE_H - 9.5 * mm
        start, end = (X1, X0) if w.rtl else (X0, X1)
        near, far = ("right", "left") if w.rtl else ("left", "right")
        canvas.setFillColor(left_ink)
        w.draw(canvas, left, start, top, FONT_BOLD, 8.5, near)
        canvas.setFillColor(MUTED)
        w.draw(canvas, right, end, top, FONT, 7.5, far)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(X0, top - 3.5, X1, top - 3.5)
        bottom = 8 * mm
        canvas.line(X0, bottom + 9, X1, bottom + 9)
        w.draw(canvas, footer, start, bottom, FONT, 7, near)
        w.draw(canvas, t("page {page} sur {total}").format(page=page, total=total), end, bottom, FONT, 7, far)
        canvas.restoreState()

    return decorate


def _key_flows(w: _Writer, t: Translator, loaded: Loaded, key: ScoringKey, region: str) -> list[Flowable]:
    """The one-page scoring key: a table of the questions, then the rules in order."""
    s = w.s
    small = ParagraphStyle("ks", parent=s.cell, fontSize=7.0, leading=8.6)
    small_bold = ParagraphStyle("ksb", parent=small, fontName=FONT_BOLD)
    rule = ParagraphStyle("kr", parent=s.body, fontSize=7.6, leading=9.6, spaceAfter=1.5)
    flows: list[Flowable] = [
        w.para(t("Clé de calcul — {qid} version {version}").format(qid=key.qid, version=key.version), s.h2),
        w.para(t("Pour vérifier le niveau à la main. Le niveau retenu est le plus haut que donnent "
                 "les règles 1, 2 et 3."), s.small),
    ]
    widths = [9 * mm, CONTENT_W - 9 * mm - 17 * mm - 24 * mm, 17 * mm, 24 * mm]
    rows = [w.row([w.cell(t("N°"), small_bold, widths[0] - 4), w.cell(t("Question"), small_bold, widths[1] - 4),
                   w.cell(t("Points si « Oui »"), small_bold, widths[2] - 4),
                   w.cell(t("Si « Oui », au moins"), small_bold, widths[3] - 4)])]
    for item in key.items:
        floor = level_name(item.floor, t) if item.floor else ("—" if item.counts else t("ne compte pas"))
        rows.append(w.row([w.cell(str(item.number), small, widths[0] - 4),
                           w.cell(t(item.text), small, widths[1] - 4),
                           w.cell(str(item.points), small_bold, widths[2] - 4),
                           w.cell(floor, small, widths[3] - 4)]))
    table = Table(rows, colWidths=w.cols(widths), repeatRows=1)
    table.setStyle(TableStyle([
        *w.font((0, 0), (-1, -1), small), *w.font((0, 0), (-1, 0), small_bold),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7eaee")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 0.4), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.4),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    flows.append(table)
    flows.append(Spacer(1, 2))
    # 1. thresholds
    (moderate, n_mod), (high, n_high), (severe, n_sev) = key.thresholds
    flows.append(w.para(t("1. Additionnez les points des « Oui ». Moins de {moderate} : « {low} » ; à partir de "
                          "{moderate} : « {moderate_name} » ; à partir de {high} : « {high_name} » ; à partir "
                          "de {severe} : « {severe_name} ».").format(
        moderate=points(n_mod, t), high=points(n_high, t), severe=points(n_sev, t), low=level_name(Level.low, t),
        moderate_name=level_name(moderate, t), high_name=level_name(high, t), severe_name=level_name(severe, t)),
        rule))
    # 2. floors
    for level, numbers in key.floors:
        flows.append(w.para(t("2. Planchers : un « Oui » à l'une des questions {numbers} donne au moins « {level} », "
                              "quel que soit le score.").format(numbers=_numbers(t, numbers),
                                                                level=level_name(level, t)), rule))
    # 3. combinations
    for combo in key.combinations:
        parts = []
        for cond in combo.conditions:
            if len(cond.numbers) == 1:
                parts.append(t("« Oui » au {number}").format(number=_numbers(t, cond.numbers)))
            else:
                parts.append(t.ngettext("au moins {k} « Oui » parmi les {numbers}",
                                        "au moins {k} « Oui » parmi les {numbers}", cond.at_least).format(
                    k=cond.at_least, numbers=_numbers(t, cond.numbers)))
        flows.append(w.para(t("3. Combinaison : {conditions} : au moins « {level} ». {why}").format(
            conditions=_and(t, parts), level=level_name(combo.level, t), why=t(combo.explanation)), rule))
    # unknowns, judgement, alerts
    flows.append(w.para(t("« Ne sait pas » ou sans réponse ne compte jamais comme « Non ». Refaites le calcul en "
                          "comptant chaque « Ne sait pas » comme un « Oui » : c'est le niveau maximal, qui ne peut "
                          "pas être exclu ; dites-le."), rule))
    flows.append(w.para(t.ngettext(
        "Information insuffisante si une question critique ({critical}) est sans réponse, ou si {n} question qui "
        "compte ou plus sur {total} est sans réponse.",
        "Information insuffisante si une question critique ({critical}) est sans réponse, ou si {n} questions qui "
        "comptent ou plus sur {total} sont sans réponse.", key.unknown_limit).format(
        critical=_numbers(t, key.critical), n=key.unknown_limit, total=key.counted), rule))
    flows.append(w.para(t("Jugement professionnel : vous pouvez relever le niveau, jamais l'abaisser, en notant "
                          "le motif."), rule))
    for alert, numbers in key.alerts:
        # "au" / "aux" follow the article, not a count: two sentences, not a plural
        flows.append(w.para((t("Alerte si « Oui » au {numbers} : {alert}") if len(numbers) == 1
                             else t("Alerte si « Oui » aux {numbers} : {alert}")).format(
            numbers=_numbers(t, numbers), alert=alert_label(loaded, alert, t, region)), small))
    flows.append(Spacer(1, 3))
    result_w = CONTENT_W / 3
    fields = [_Blank(w, t("Points"), width=result_w - 6), _Blank(w, t("Niveau"), width=result_w - 6),
              _Blank(w, t("Niveau maximal"), width=result_w - 6)]
    line = Table([w.row(fields)], colWidths=[result_w] * 3)
    line.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
    flows.append(line)
    return flows


# --------------------------------------------------------------------------- command line
def cli_paper(version: str | None, locale: str, region: str | None, output: str) -> int:
    """`python -m assessment paper`: 0 and the file, 2 with one plain line on stderr. Errors of
    the data (unknown version A303, draft P700, unknown region R617) are DataErrors: the CLI
    prints them with their code."""
    t = translator(locale)
    return write_pdf(build_paper(paper_loaded(version), locale, region=region), output, t)


def write_pdf(pdf: bytes, output: str, t: Translator) -> int:
    """Write a PDF for the CLI: to `output`, or to stdout for "-" (never to a terminal). 0, or 2 with
    one plain line on stderr."""
    import sys
    from pathlib import Path

    if output == "-":
        if sys.stdout.isatty():
            sys.stderr.write(t("refus d'écrire un PDF dans le terminal. Redirigez la sortie (> fiche.pdf) ou "
                               "donnez un fichier avec -o.") + "\n")
            return 2
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
        return 0
    try:
        Path(output).write_bytes(pdf)
    except OSError as exc:
        sys.stderr.write(t("impossible d'écrire {path} ({reason}). Vérifiez que le dossier existe et que "
                           "vous pouvez y écrire.").format(path=output, reason=exc.strerror or type(exc).__name__)
                         + "\n")
        return 2
    return 0
