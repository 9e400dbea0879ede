"""The referral sheet (PDF) for the receiving specialised service: assessment -> PDF bytes.

Pure: nothing is written to disk, nothing is logged. Deterministic: ReportLab's invariant
mode, and `generated_at` passed in, give the same bytes for the same input.

The sheet renders the same `Result` the result page shows and words it with
`assessment.wording`, so the screen and the paper never explain the level differently.

Safety of free text: every string that reaches a Paragraph goes through `clean()` (NFC,
control and format characters removed, characters the font cannot draw replaced) and
`xml.sax.saxutils.escape`, so markup typed by a user is shown literally and never interpreted
(`<img src=...>` never reads a file, an unclosed `<b>` never crashes the export).

Arabic (right to left): ReportLab 5.1 has no bidi of its own. Text is reshaped
(arabic-reshaper), broken into lines in logical order with the exact font metrics, then each
line is reordered for display (python-bidi) and right-aligned; tables are mirrored.
"""
from __future__ import annotations

import importlib.util
import io
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .i18n import N_, NBSP, NNBSP, Translator, label_colon, translator
from .loader import Loaded
from .model import Answer, AssessmentDoc, Result
from .wording import (
    DISCLAIMER,
    LEVEL_COLOURS,
    alert_label,
    answer_label,
    item_text,
    level_label,
    points,
    rule_reason,
    uncertainty_note,
    with_when,
)

__all__ = ["TOOL_NAME", "FontsMissing", "build_pdf", "clean"]

#: Name of the tool as printed on the sheet.
TOOL_NAME = N_("Repérage du danger")

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * mm, 17 * mm, 17.5 * mm
FOOTER_SIZE = 6.4
FRAME_PAD = 6  # ReportLab's default Frame padding (SimpleDocTemplate)
CONTENT_W = PAGE_W - 2 * MARGIN_X - 2 * FRAME_PAD  # what a flowable really gets
FRAMED_W = CONTENT_W - 12  # inside _framed: 6 pt padding each side (Arabic lines are broken here)
X0, X1 = MARGIN_X + FRAME_PAD, PAGE_W - MARGIN_X - FRAME_PAD  # content edges
INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#57606a")
RULE = colors.HexColor("#d0d7de")
SHADE = colors.HexColor("#f3f4f6")
UNKNOWN_BG = colors.HexColor("#fff4d6")
ALERT_BG = colors.HexColor("#fdecea")
ALERT_EDGE = colors.HexColor("#c62828")
CONFIDENTIAL_INK = colors.HexColor("#8b1a1a")

#: Hex digits of the questionnaire's SHA-256 printed on the sheet (enough to tell versions apart).
FINGERPRINT_LEN = 12
#: Footnote marks of the services table: distinct symbols, so two notes never read as a third.
MARKS = ("*", "†", "‡", "§", "¶")

CONSENT_LABELS = {
    "given": N_("donné"),
    "refused": N_("refusé"),
    "not_asked": N_("pas demandé"),
    "not_sought": N_("pas demandé, car le demander augmenterait le danger"),
}


class FontsMissing(RuntimeError):
    """DejaVu Sans could not be found (matplotlib is not installed)."""


# --------------------------------------------------------------------------- fonts
_FONTS_READY = False
_CMAP: frozenset[int] = frozenset()


def _font_dir() -> Path:
    """matplotlib's bundled DejaVu fonts, found without importing matplotlib (no pyplot)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "mpl-data" / "fonts" / "ttf"
            if (candidate / "DejaVuSans.ttf").is_file():
                return candidate
    if spec is not None:  # unusual layout: ask matplotlib itself (does not import pyplot)
        import matplotlib

        candidate = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        if (candidate / "DejaVuSans.ttf").is_file():
            return candidate
    raise FontsMissing("DejaVu Sans not found: install matplotlib (requirements.txt), "
                       "which ships the fonts the referral sheet uses.")


def _ensure_fonts() -> None:
    global _FONTS_READY, _CMAP
    if _FONTS_READY:
        return
    folder = _font_dir()
    regular = TTFont(FONT, str(folder / "DejaVuSans.ttf"))
    bold = TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    # Characters both faces can draw; anything else becomes U+FFFD (no .notdef boxes).
    _CMAP = frozenset(regular.face.charToGlyph) & frozenset(bold.face.charToGlyph)
    _FONTS_READY = True


# --------------------------------------------------------------------------- text hygiene
_KEEP_FORMAT = {"\u200c", "\u200d", "\u200e", "\u200f"}  # ZWNJ, ZWJ, LRM, RLM
_SURROGATES = re.compile("[\ud800-\udfff]")
#: Line breaking on the sheet (any language, typed text included, characters left as they are):
#: never break before these, nor after "«"; French spacing itself is i18n.french_spacing's.
_NO_BREAK_BEFORE = frozenset("?!:;»%")


def clean(text: object) -> str:
    """NFC, control / format / surrogate / private characters removed, tabs -> spaces.

    Keeps newlines (they become line breaks). Never raises, whatever the input.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", _SURROGATES.sub("", str(text)))
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    out = []
    for ch in s:
        if ch == "\n":
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp"):
            if ch == "\t":
                out.append(" ")
            continue
        if cat in ("Cs", "Co", "Cn") or (cat == "Cf" and ch not in _KEEP_FORMAT):
            continue
        out.append(ch)
    return "".join(out)


def _drawable(text: str) -> str:
    """Replace characters the font cannot draw (emoji, CJK...) by U+FFFD, visibly."""
    cmap = _CMAP
    if all(ord(ch) in cmap or ch in "\n " for ch in text):
        return text
    repl = "\ufffd" if 0xFFFD in cmap else "?"
    return "".join(ch if (ord(ch) in cmap or ch in "\n ") else repl for ch in text)


def _esc(text: str) -> str:
    """Escaped markup for a Paragraph: `& < >` literal, newlines as <br/>.

    ReportLab 5.1's Paragraph counts U+202F (French narrow no-break space) as a breakable
    space and draws it as a plain one, so a line could start with "?": in a Paragraph it
    becomes U+00A0, which ReportLab never breaks. Table cells and canvas text keep U+202F
    (DejaVu Sans has the glyph)."""
    text = text.replace(NNBSP, NBSP)
    return "<br/>".join(_xml_escape(line) for line in text.split("\n"))


# --------------------------------------------------------------------------- canvas
class _InfoWithoutAuthor(PDFInfo):
    """PDF Info dictionary with no Author entry (ReportLab writes "anonymous" otherwise)."""

    def format(self, document: Any) -> Any:
        D = {"Title": PDFString(self.title)}
        if self.author and self.author not in ("anonymous", "(anonymous)"):
            D["Author"] = PDFString(self.author)
        D["Producer"] = PDFString(self.producer)
        D["Creator"] = PDFString(self.creator)
        D["Subject"] = PDFString(self.subject)
        if self.keywords:
            D["Keywords"] = PDFString(self.keywords)
        D["Trapped"] = PDFName(self.trapped)
        return PDFDictionary(D).format(document)


class _SheetCanvas(Canvas):
    """Defers page decoration to the end so that every page can say "page X of Y"."""

    decorate: Any = None  # set per build by a subclass made in build_pdf

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._doc.info.__class__ = _InfoWithoutAuthor

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.decorate(self, self._pageNumber, total)
            super().showPage()
        super().save()


# --------------------------------------------------------------------------- the writer
@dataclass
class _Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    box: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    bullet: ParagraphStyle


def _styles(rtl: bool) -> _Styles:
    align = TA_RIGHT if rtl else TA_LEFT
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.3, leading=10.6, textColor=INK,
                          alignment=align, spaceAfter=1, splitLongWords=1)
    return _Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=7.4, leading=9.4),
        muted=ParagraphStyle("muted", parent=body, fontSize=7.4, leading=9.4, textColor=MUTED),
        h1=ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=13.5, leading=17, spaceAfter=2),
        h2=ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=9.8, leading=12.5,
                          spaceBefore=4.5, spaceAfter=1.5, textColor=colors.HexColor("#24292f")),
        box=ParagraphStyle("box", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18,
                           textColor=colors.white),
        cell=ParagraphStyle("cell", parent=body, fontSize=7.9, leading=9.8, spaceAfter=0),
        cell_bold=ParagraphStyle("cellb", parent=body, fontName=FONT_BOLD, fontSize=7.9,
                                 leading=9.8, spaceAfter=0),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=0 if rtl else 9,
                              rightIndent=9 if rtl else 0, firstLineIndent=0 if rtl else -7),
    )


class _Writer:
    """Turns plain strings into flowables, left-to-right or right-to-left."""

    def __init__(self, t: Translator):
        self.t = t
        self.rtl = t.rtl
        self.s = _styles(self.rtl)

    # -- text preparation
    def visual_lines(self, text: str, font: str, size: float, width: float) -> list[str]:
        """RTL: reshape, break in logical order with the real metrics, reorder each line."""
        import arabic_reshaper

        reshaped = _drawable(arabic_reshaper.reshape(text)) if text else ""
        out: list[str] = []
        width = max(width - 1.5, 10)  # keep a margin so the Paragraph never re-wraps a line
        for para in reshaped.split("\n"):
            for line in _split_logical(para, font, size, width):
                out.append(_visual(line) if line else "")
        return out

    def para(self, text: object, style: ParagraphStyle | None = None, *,
             width: float = CONTENT_W, prefix_bold: str = "") -> Paragraph:
        """One paragraph of (cleaned, escaped) text, optionally led by a bold label."""
        style = style or self.s.body
        text = clean(text)
        label = clean(prefix_bold)
        if not self.rtl:
            body = _esc(_drawable(text))
            if label:
                body = f"<b>{_esc(_drawable(label))}</b> {body}"
            return Paragraph(body, style)
        width -= style.leftIndent + style.rightIndent
        if label:
            # the label reads first, i.e. at the right of the first line: keep it on its own
            # line when the value is long, otherwise on the same line.
            text = f"{label} {text}" if text else label
        lines = self.visual_lines(text, style.fontName, style.fontSize, width)
        return Paragraph("<br/>".join(_xml_escape(line) for line in lines) or "", style)

    def cell(self, text: object, style: ParagraphStyle, width: float) -> str:
        """Plain (non-markup) table cell text, wrapped here: much cheaper than a Paragraph.

        Set the cell's font with `font()`; strings in a Table are never parsed as markup.
        """
        text = clean(text)
        if self.rtl:
            return "\n".join(self.visual_lines(text, style.fontName, style.fontSize, width))
        return "\n".join(line for part in _drawable(text).split("\n")
                         for line in _split_logical(part, style.fontName, style.fontSize, width - 0.5))

    def font(self, start: tuple[int, int], stop: tuple[int, int], style: ParagraphStyle) -> list[tuple[Any, ...]]:
        return [("FONT", start, stop, style.fontName, style.fontSize, style.leading),
                ("TEXTCOLOR", start, stop, style.textColor),
                ("ALIGN", start, stop, "RIGHT" if self.rtl else "LEFT")]

    def kv(self, label: str, value: object, width: float = CONTENT_W) -> Paragraph | None:
        value = clean(value).strip()
        if not value:
            return None
        return self.para(value, prefix_bold=label_colon(label, self.t.locale), width=width)

    def bullet(self, text: object, style: ParagraphStyle | None = None, *,
               width: float = CONTENT_W) -> Paragraph:
        return self.para("• " + clean(text), style or self.s.bullet, width=width)

    def heading(self, text: str) -> Paragraph:
        return self.para(text, self.s.h2)

    def row(self, cells: list[Any]) -> list[Any]:
        """Tables are mirrored in right-to-left languages."""
        return list(reversed(cells)) if self.rtl else cells

    def cols(self, widths: list[float]) -> list[float]:
        return list(reversed(widths)) if self.rtl else widths

    def draw(self, canvas: Canvas, text: str, x: float, y: float, font: str, size: float,
             anchor: str = "left") -> None:
        """Header / footer text on the canvas (no Paragraph): cleaned, RTL-ordered."""
        text = clean(text).replace("\n", " ")
        if self.rtl:
            import arabic_reshaper

            text = _visual(_drawable(arabic_reshaper.reshape(text)))
        else:
            text = _drawable(text)
        canvas.setFont(font, size)
        if anchor == "right":
            canvas.drawRightString(x, y, text)
        elif anchor == "centre":
            canvas.drawCentredString(x, y, text)
        else:
            canvas.drawString(x, y, text)


_DIGIT_SPACE = re.compile(r"(?<=\d) (?=\d)")
_PAIRS = {"(": ")", "[": "]", "{": "}"}  # Bidi_Paired_Bracket (BD14, BD15), ASCII ones
_LRM, _RLM = "\u200e", "\u200f"


def _strong_class(text: str, i: int) -> str:
    """'L', 'R' (R, AL, and EN/AN, as rule N0 counts them) or '' for character i."""
    kind = unicodedata.bidirectional(text[i])
    if kind == "L":
        return "L"
    if kind in ("R", "AL", "AN"):
        return "R"
    if kind == "EN":  # W7: a European number after a strong L is L
        for j in range(i - 1, -1, -1):
            before = unicodedata.bidirectional(text[j])
            if before in ("L", "R", "AL"):
                return "L" if before == "L" else "R"
        return "R"
    return ""


def _mark_bracket_pairs(line: str) -> str:
    """Rule N0 of the bidi algorithm (paired brackets), which python-bidi's pure-Python
    implementation lacks: each pair found by BD16 gets the direction N0 gives it, made explicit
    with LRM / RLM marks around both brackets, so that rules N1-N2 then resolve them the same
    way. In a right-to-left paragraph: a pair with right-to-left text inside, or with only
    left-to-right text inside and right-to-left text before it, is right-to-left; with only
    left-to-right text inside and before it, left-to-right ("Deux enfants (4 et 7 ans)")."""
    if not any(ch in _PAIRS for ch in line):
        return line
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(line):
        if ch in _PAIRS:
            if len(stack) == 63:
                break
            stack.append((_PAIRS[ch], i))
        elif ch in _PAIRS.values():
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    marks: dict[int, tuple[str, str]] = {}  # index -> (before, after)
    for start, end in pairs:
        inside = {_strong_class(line, j) for j in range(start + 1, end)}
        if "R" in inside:
            mark = _RLM
        elif "L" in inside:
            before = next((c for c in (_strong_class(line, j) for j in range(start - 1, -1, -1)) if c), "R")
            mark = _LRM if before == "L" else _RLM
        else:
            continue  # no strong text inside: N1 / N2 decide, as for any neutral
        marks[start] = marks[end] = (mark, mark)
    return "".join(f"{marks[i][0]}{ch}{marks[i][1]}" if i in marks else ch for i, ch in enumerate(line))


def _visual(line: str) -> str:
    """One line in display order, right-to-left paragraph: python-bidi's own implementation of
    the Unicode bidi algorithm (`bidi.algorithm`), which mirrors brackets by their resolved
    level (rule L4), completed with rule N0 for bracket pairs (`_mark_bracket_pairs`). A bracket
    whose partner wrapped to another line is resolved like any neutral character. The default
    `bidi.get_display` (0.6, Rust) does not mirror, and pairing brackets by hand over a visual
    line broke when a partner wrapped to the next line."""
    from bidi.algorithm import get_display

    # a phone number in groups ("0800 30 030") is one number: a no-break space (a common
    # separator, rule W4) keeps its groups left to right; a plain space let them run right to left
    line = _DIGIT_SPACE.sub("\u00a0", line)
    shown: str = get_display(_mark_bracket_pairs(line), base_dir="R")
    return shown.replace(_LRM, "").replace(_RLM, "")


def _unbreakable_words(text: str) -> list[str]:
    """The words of `text` split at its spaces, except before "?" "!" ":" ";" "»" "%" and after
    "«", where the space stays inside the word: a line never starts with "?" nor ends with "«"."""
    words: list[str] = []
    glue = False
    for word in text.split(" "):
        if not word:
            continue
        if words and (glue or word[0] in _NO_BREAK_BEFORE):
            words[-1] += " " + word
        else:
            words.append(word)
        glue = word.endswith("«")
    return words


def _split_logical(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces in logical order; words too long are cut by width."""
    width_of = pdfmetrics.stringWidth
    space = width_of(" ", font, size)
    lines: list[str] = []
    current: list[str] = []
    current_w = 0.0
    for word in _unbreakable_words(text):
        w = width_of(word, font, size)
        if w > width:  # a run without spaces wider than the line: cut it
            if current:
                lines.append(" ".join(current))
                current, current_w = [], 0.0
            chunk, chunk_w = "", 0.0
            for ch in word:
                cw = width_of(ch, font, size)
                if chunk and chunk_w + cw > width:
                    lines.append(chunk)
                    chunk, chunk_w = "", 0.0
                chunk += ch
                chunk_w += cw
            current, current_w = ([chunk], chunk_w) if chunk else ([], 0.0)
            continue
        needed = w if not current else current_w + space + w
        if needed <= width:
            current.append(word)
            current_w = needed
        else:
            lines.append(" ".join(current))
            current, current_w = [word], w
    if current or not lines:
        lines.append(" ".join(current))
    return lines


# --------------------------------------------------------------------------- the sheet
#: ReportLab's TrueType fonts keep per-build subset state in shared objects: two sheets built at
#: once in the server's session threads corrupt each other (IndexError in ttfonts, seen under
#: 10 concurrent browser sessions). One sheet at a time; each takes tens of milliseconds.
_BUILD_LOCK = threading.Lock()


def build_pdf(doc: AssessmentDoc, loaded: Loaded, result: Result, locale: str, *,
              plan: Any = None, password: str | None = None,
              generated_at: datetime | None = None, author: str | None = None,
              comparison: Any = None) -> bytes:
    """The referral sheet as PDF bytes. Pure and deterministic for a given `generated_at`.

    `plan` is the "what to do now + services" object from `assessment.referrals` (optional).
    `comparison`: an `assessment.compare.Comparison` with a previous assessment (optional).
    `password`, when given (non-empty), is needed to open the PDF: AES-256, see
    assessment/protect.py (ReportLab itself only offers RC4). `author` goes to the metadata
    only when given. Thread-safe: builds are serialised (see _BUILD_LOCK).
    """
    with _BUILD_LOCK:
        pdf = _build_pdf(doc, loaded, result, locale, plan=plan,
                         generated_at=generated_at, author=author, comparison=comparison)
    if password:
        from .protect import encrypt_pdf

        return encrypt_pdf(pdf, password)
    return pdf


@dataclass(frozen=True)
class _Sheet:
    """What every section of the sheet reads: the assessment, its language and the values that
    are worked out once (the moment printed, the tool's name, training or not)."""

    doc: AssessmentDoc
    loaded: Loaded
    result: Result
    locale: str
    plan: Any
    comparison: Any
    when: datetime
    w: _Writer

    @property
    def t(self) -> Translator:
        return self.w.t

    @property
    def s(self) -> _Styles:
        return self.w.s

    @property
    def tool(self) -> str:
        return self.t(TOOL_NAME)

    @property
    def title(self) -> str:
        return self.t("Fiche d'orientation — {tool}").format(tool=self.tool)

    @property
    def training(self) -> bool:
        return self.doc.mode == "training" or self.result.mode == "training"


def _build_pdf(doc: AssessmentDoc, loaded: Loaded, result: Result, locale: str, *,
               plan: Any, generated_at: datetime | None,
               author: str | None, comparison: Any = None) -> bytes:
    _ensure_fonts()
    w = _Writer(translator(locale, domain="report"))  # the sheet's own wording first
    sheet = _Sheet(doc, loaded, result, locale, plan, comparison,
                   generated_at or datetime.now().astimezone(), w)
    story = [flow for section in SECTIONS for flow in section(sheet)]
    decorate = _decorator(sheet)  # drawn on every page once the page count is known
    canvas_class = type("SheetCanvas", (_SheetCanvas,), {"decorate": staticmethod(decorate)})
    buf = io.BytesIO()
    _template(sheet, buf, author).build(story, canvasmaker=canvas_class)
    return buf.getvalue()


# --------------------------------------------------------------------------- sections, in order
def _identity(sheet: _Sheet) -> list[Flowable]:
    """Title, training notice, consent banner, who and when; how to reach her safely, before
    anything else."""
    w, t, ref = sheet.w, sheet.t, sheet.doc.referral
    flows: list[Flowable] = [w.para(sheet.title, sheet.s.h1)]
    if sheet.training:
        flows.append(w.para(t("Mode formation : cas fictif, à ne pas utiliser pour une situation réelle."),
                            ParagraphStyle("train", parent=sheet.s.body, fontName=FONT_BOLD,
                                           textColor=ALERT_EDGE)))
    if ref.consent != "given":
        flows += [Spacer(1, 2), _banner(w, t, ref.consent)]
    flows += [Spacer(1, 3), _meta_table(w, t, sheet.loaded, sheet.result, sheet.when)]
    flows += _present(w, ((t("Code du dossier"), ref.case_code),
                          (t("Nom de la personne (avec son accord)"), ref.victim_name)))
    return flows + _contact_first(w, t, ref)


def _alerts_first(sheet: _Sheet) -> list[Flowable]:
    region = _region_of(sheet.plan, sheet.doc.referral.region, sheet.locale)
    alert_flows = _alerts(sheet.w, sheet.t, sheet.loaded, sheet.result,
                          region.id if region is not None else None)
    if not alert_flows:
        return []
    return [Spacer(1, 4), _framed(alert_flows, ALERT_BG, ALERT_EDGE)]


def _level(sheet: _Sheet) -> list[Flowable]:
    """The level as a coloured box with its words; the computed one and the professional's
    reason when she or he raised it."""
    w, t, result = sheet.w, sheet.t, sheet.result
    flows: list[Flowable] = [w.heading(t("Niveau de danger")), KeepTogether([_level_box(w, result)])]
    if result.level is not result.computed_level:
        flows.append(w.para(t("Niveau calculé par l'outil : {computed}. Niveau retenu : {final}.").format(
            computed=level_label(result.computed_level, t), final=level_label(result.level, t))))
    if result.judgement is not None:
        flows.append(w.kv(t("Motif du jugement professionnel"), result.judgement.rationale)
                     or w.para(t("Jugement professionnel : aucun motif indiqué.")))
    return flows


def _reasons(sheet: _Sheet) -> list[Flowable]:
    """Why this level: the rules that fired, what is missing, the score, the peer instruments."""
    w, t, loaded, result = sheet.w, sheet.t, sheet.loaded, sheet.result
    flows: list[Flowable] = [w.para(t("Pourquoi ce niveau :"), sheet.s.cell_bold)]
    reason_style = ParagraphStyle("reason", parent=sheet.s.bullet, spaceAfter=0)  # room for the crosswalk
    for rule in result.rules:
        if rule.kind == "judgement":
            continue  # the reason is just above, in full
        reason = rule_reason(rule, loaded, result, t)
        if rule.kind == "floor" and rule.items:
            reason = with_when(reason, sheet.doc.referral.factor_when.get(rule.items[0], ""), t)
        flows.append(w.bullet(reason, reason_style))
    note = uncertainty_note(result, loaded, t)
    if note:
        flows.append(w.para(note, ParagraphStyle("unc", parent=sheet.s.body, fontName=FONT_BOLD,
                                                 textColor=colors.HexColor("#7a4a00"))))
        score_line = t("Score : {score} (jusqu'à {score_max} si les réponses inconnues étaient « oui »).").format(
            score=points(result.score, t), score_max=points(result.score_max, t))
    else:
        score_line = t("Score : {score}.").format(score=points(result.score, t))
    flows.append(w.para(score_line, sheet.s.muted))
    crosswalk_line = _crosswalk_line(t, loaded, result)  # the same answers on peer instruments
    if crosswalk_line:
        flows.append(w.para(crosswalk_line, sheet.s.muted))
    return flows


def _what_to_do(sheet: _Sheet) -> list[Flowable]:
    """What to do now and whom to call."""
    return _plan(sheet.w, sheet.t, sheet.plan)


def _since_previous(sheet: _Sheet) -> list[Flowable]:
    """What changed since the previous assessment, and when to reassess."""
    return _reassessment(sheet.w, sheet.t, sheet.doc, sheet.result, sheet.comparison, sheet.when)


def _referral_context(sheet: _Sheet) -> list[Flowable]:
    """Who refers, her consent (with the country's note), the situation, the safety check."""
    from . import referrals

    w, t, ref = sheet.w, sheet.t, sheet.doc.referral
    flows: list[Flowable] = [w.heading(t("Orientation et contact"))]
    pro = ref.professional
    pro_line = " · ".join(clean(v).strip() for v in (pro.name, pro.role, pro.service, pro.phone) if clean(v).strip())
    flows.append(w.kv(t("Personne qui oriente"), pro_line) or
                 w.para(t("Personne qui oriente : non renseignée"), prefix_bold=""))
    consent = t(CONSENT_LABELS[ref.consent])
    consent_text = consent if not clean(ref.consent_to).strip() else t("{consent} ; destinataires : {to}").format(
        consent=consent, to=clean(ref.consent_to).strip())
    flows.append(w.kv(t("Consentement à l'orientation et au partage de cette fiche"), consent_text))
    region = _region_of(sheet.plan, ref.region, sheet.locale)
    legal_note = sheet.plan.legal_note if sheet.plan is not None else (
        referrals.consent_note(region.id, ref.consent) if region is not None else None)
    if legal_note:  # the country's note, from referrals/actions.yaml: never another country's law
        flows.append(w.para(t(legal_note), sheet.s.muted))
    flows += _present(w, ((t("Dernières violences"), ref.last_violence),
                          (t("Situation"), ref.situation),
                          (t("Enfants et autres personnes en danger"), ref.children),
                          (t("Actions déjà entreprises"), ref.actions_taken),
                          (t("Région"), _region_name(t, ref.region))))
    sc = ref.safety_check
    flows.append(w.kv(t("Avant les questions"),
                      t("seule : {alone} ; parler sans risque : {safe} ; temps disponible : {time}").format(
                          alone=answer_label(sc.alone.value, t), safe=answer_label(sc.safe_to_talk.value, t),
                          time=clean(sc.time_available).strip() or "—")))
    return flows


def _answers(sheet: _Sheet) -> list[Flowable]:
    """Every answer, by section, unknowns visible; the notes of each section under it."""
    w, t, ref = sheet.w, sheet.t, sheet.doc.referral
    flows: list[Flowable] = [w.heading(t("Réponses, par partie")), w.para(
        t("« {unknown} » veut dire que l'information manque : ce n'est jamais compté comme « non ».").format(
            unknown=answer_label("unknown", t)), sheet.s.muted)]
    notes = dict(ref.notes)
    for section in sheet.loaded.questionnaire.sections:
        flows.append(_answers_table(w, t, sheet.loaded, sheet.result, section, ref.factor_when))
        flows += _present(w, ((t("Notes"), notes.pop(section.id, "")),))
        flows.append(Spacer(1, 1.5))
    # notes for ids that are not sections: never lost
    flows += _present(w, [(t("Notes ({key})").format(key=key), value) for key, value in notes.items()])
    return flows + _present(w, ((t("Autre inquiétude pour sa sécurité"), ref.open_concern),))


def _disclaimer(sheet: _Sheet) -> list[Flowable]:
    return [Spacer(1, 4), _framed([sheet.w.para(sheet.t(DISCLAIMER), sheet.s.small, width=FRAMED_W)],
                                  SHADE, RULE)]


#: The sheet, top to bottom: each section turns the assessment into its flowables.
SECTIONS: tuple[Callable[[_Sheet], list[Flowable]], ...] = (
    _identity, _alerts_first, _level, _reasons, _what_to_do, _since_previous, _referral_context,
    _answers, _disclaimer,
)


def _present(w: _Writer, pairs: Iterable[tuple[str, object]]) -> list[Flowable]:
    """"label: value" lines for the values that are filled in (empty ones are left out)."""
    return [p for p in (w.kv(label, value) for label, value in pairs) if p]


# --------------------------------------------------------------------------- page decoration
def _decorator(sheet: _Sheet) -> Callable[[Canvas, int, int], None]:
    """Header, data-protection footer, "page X of Y" and the training watermark on every page;
    the sheet code on page 1."""
    w, t, q = sheet.w, sheet.t, sheet.loaded.questionnaire
    footer = t("CONFIDENTIEL — {tool} · {qid} {version}").format(tool=sheet.tool, qid=q.id, version=q.version)
    protection_lines = _protection_lines(w)
    sheet_code = _sheet_code(w, t, sheet.doc, sheet.loaded)  # version + answers as a code and a QR, page 1
    near, far = (X1, X0) if w.rtl else (X0, X1)  # where a line starts and ends
    start, end = ("right", "left") if w.rtl else ("left", "right")

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        if page == 1:
            sheet_code(canvas)
        top = PAGE_H - 9.5 * mm
        canvas.setFillColor(CONFIDENTIAL_INK)
        w.draw(canvas, t("CONFIDENTIEL"), near, top, FONT_BOLD, 9.5, start)
        canvas.setFillColor(MUTED)
        w.draw(canvas, sheet.title, far, top, FONT, 7.5, end)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(X0, top - 3.5, X1, top - 3.5)
        bottom = 7 * mm
        canvas.setFont(FONT, FOOTER_SIZE)
        for index, line in enumerate(reversed(protection_lines[:3])):
            y = bottom + 10 + index * (FOOTER_SIZE + 1.6)
            canvas.drawRightString(X1, y, line) if w.rtl else canvas.drawString(X0, y, line)
        rule_y = bottom + 10 + min(len(protection_lines), 3) * (FOOTER_SIZE + 1.6) + 1
        canvas.line(X0, rule_y, X1, rule_y)
        w.draw(canvas, footer, near, bottom, FONT, 7, start)
        w.draw(canvas, t("page {page} sur {total}").format(page=page, total=total), far, bottom, FONT, 7, end)
        if sheet.training:
            canvas.setFillColor(colors.Color(0.78, 0.16, 0.16, alpha=0.13))
            canvas.translate(PAGE_W / 2, PAGE_H / 2)
            canvas.rotate(45)
            w.draw(canvas, t("FORMATION"), 0, -30, FONT_BOLD, 88, "centre")
        canvas.restoreState()

    return decorate


def _protection_lines(w: _Writer) -> list[str]:
    """The data-protection footer, broken into the lines drawn at the bottom of every page."""
    protection = clean(w.t(
        "Protection des données : données sensibles (santé, violences), transmises pour orienter la personne "
        "vers un service spécialisé, au seul service désigné et avec son accord (sauf danger grave et "
        "imminent). L'outil ne garde aucune copie des réponses ni de cette fiche."))
    if w.rtl:
        return w.visual_lines(protection, FONT, FOOTER_SIZE, X1 - X0)
    return _split_logical(_drawable(protection), FONT, FOOTER_SIZE, X1 - X0)


def _template(sheet: _Sheet, buf: io.BytesIO, author: str | None) -> SimpleDocTemplate:
    """A4, the sheet's margins and its metadata (no author unless given); invariant mode, so the
    same input gives the same bytes."""
    t, q = sheet.t, sheet.loaded.questionnaire
    return SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=sheet.title,
        subject=t("Repérage du danger dans les violences conjugales : fiche d'orientation confidentielle"),
        author=clean(author).strip() or None if author else None, creator=sheet.tool,
        lang=sheet.locale.replace("_", "-"),
        keywords=f"{q.id} {q.version} sha256:{sheet.result.questionnaire.sha256}",
        invariant=1, initialFontName=FONT)


# --------------------------------------------------------------------------- parts
def _crosswalk_line(t: Translator, loaded: Loaded, result: Result) -> str | None:
    """The same answers read on peer instruments (informative, assessment.crosswalk), on ONE line
    when it can be: first with what makes them positive, then without the instruments it cannot
    read, then the states alone (the full reading is on the result page). None when the
    crosswalk is not about this questionnaire."""
    from . import crosswalk

    readings = crosswalk.readings_for(loaded, result.answers)
    if not readings:
        return None
    _ensure_fonts()
    cw = crosswalk.default()
    size = _styles(False).muted.fontSize
    readable = [r for r in readings if r.state is not crosswalk.ReadingState.partial] or readings
    line = ""
    for names, shown in ((True, readings), (True, readable), (False, readings), (False, readable)):
        line = t("Autres outils (lecture indicative) : {readings}").format(readings=t.join(
            (crosswalk.reading_line(cw, r, t, short=True, names=names) for r in shown), semicolons=True))
        if pdfmetrics.stringWidth(_drawable(clean(line)), FONT, size) <= CONTENT_W - 2:
            break
    return line


def _reassessment(w: _Writer, t: Translator, doc: AssessmentDoc, result: Result, comparison: Any,
                  when: datetime) -> list[Flowable]:
    """Re-assessment: the change since the previous assessment, when there is one,
    and when to assess again (assessment/compare.py words both, as on the result page)."""
    from . import compare

    flows: list[Flowable] = []
    if comparison is not None:
        flows += [w.heading(t("Réévaluation")), w.para(compare.headline(comparison, t), w.s.cell_bold)]
        flows += [w.bullet(line) for line in compare.details(comparison, t)]
    flows.append(w.para(compare.recommendation_line(result.level, doc.assessed_on or when.date(), t), w.s.muted))
    return flows


def _meta_table(w: _Writer, t: Translator, loaded: Loaded, result: Result, when: datetime) -> Table:
    """Questionnaire id and version, the date, then a short fingerprint (the full SHA-256 is in the
    PDF metadata, `Keywords`, and in the save file)."""
    q = loaded.questionnaire
    s = w.s
    lw1, lw2 = 31 * mm, 20 * mm
    vw1 = (CONTENT_W - lw1 - lw2) * 0.42
    vw2 = CONTENT_W - lw1 - lw2 - vw1
    data = [
        w.row([w.para(t("Questionnaire"), s.cell_bold, width=lw1 - 6),
               w.para(t("{qid}, version {version}").format(qid=q.id, version=q.version), s.cell, width=vw1 - 6),
               w.para(t("Établie le"), s.cell_bold, width=lw2 - 6),
               w.para(_format_when(t, when), s.cell, width=vw2 - 6)]),
    ]
    hash_label = w.para(t("Empreinte"), s.cell_bold, width=lw1 - 6)
    hash_value = w.para(t("{short} (début de l'empreinte SHA-256 du questionnaire)").format(
        short=result.questionnaire.sha256[:FINGERPRINT_LEN]), s.cell, width=CONTENT_W - lw1 - 6)
    # a spanned cell shows the content of its first column: place the value there
    data.append([hash_value, "", "", hash_label] if w.rtl else [hash_label, hash_value, "", ""])
    span = ("SPAN", (0, 1), (2, 1)) if w.rtl else ("SPAN", (1, 1), (3, 1))
    table = Table(data, colWidths=w.cols([lw1, vw1, lw2, vw2]))
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        span,
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _region_of(plan: Any, code: str, locale: str) -> Any:
    """The plan's region, else the sheet's, else the language's default one (None if unknown)."""
    from . import referrals

    wanted = getattr(plan, "region", None) or clean(code).strip() or referrals.default_region(locale)
    try:
        return referrals.get_region(wanted)
    except Exception:
        return None


def _region_name(t: Translator, code: str) -> str:
    """The region as the screen names it ("Tunisie"), never its code; unknown codes as typed."""
    from . import referrals

    code = clean(code).strip()
    if not code:
        return ""
    try:
        return t(referrals.get_region(code).name)
    except Exception:
        return code


def _contact_first(w: _Writer, t: Translator, ref: Any) -> list[Flowable]:
    """How to reach her without danger, what to avoid, and who must not receive this sheet:
    first after the header, on a tinted band kept tight (a full sheet stays on
    two pages)."""
    width = CONTENT_W - 6  # 3 pt padding each side
    flows = [w.kv(t("Contact sûr"), ref.safe_contact, width)
             or w.para(t("Contact sûr : non renseigné"), width=width)]
    for label, value in ((t("À éviter"), ref.avoid),
                         (t("Ne doivent pas recevoir cette fiche"), ref.not_to_receive)):
        p = w.kv(label, value, width)
        if p:
            flows.append(p)
    if sum(len(clean(v)) for v in (ref.safe_contact, ref.avoid, ref.not_to_receive)) > 600:
        return [Spacer(1, 2), *flows]  # a table row cannot split across pages: long text goes plain
    band = Table([[f] for f in flows], colWidths=[CONTENT_W])
    band.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 3), ("BOTTOMPADDING", (0, -1), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [Spacer(1, 2), band]


def _banner(w: _Writer, t: Translator, consent: str) -> Table:
    """Top of the first page when consent is refused, not asked or not sought: not an ordinary
    referral."""
    head = t("Ne pas transmettre sans son accord")
    body = t("Consentement : {consent}. Voir la note juridique sous « Orientation et contact ».").format(
        consent=t(CONSENT_LABELS[consent]))
    if consent == "not_sought":  # she does not know: any contact must not reveal the sheet
        head = t("Accord non demandé, pour sa sécurité")
        body = t("Consentement : {consent}. Ne la contactez jamais d'une manière qui révélerait cette fiche. "
                 "Voir la note juridique sous « Orientation et contact ».").format(consent=t(CONSENT_LABELS[consent]))
    style = ParagraphStyle("banner", parent=w.s.body, fontSize=8.8, leading=11.2, textColor=CONFIDENTIAL_INK)
    return _framed([w.para(body, style, width=FRAMED_W, prefix_bold=f"{head} —")], ALERT_BG, CONFIDENTIAL_INK)


def _format_when(t: Translator, when: datetime) -> str:
    from babel.dates import format_datetime

    return format_datetime(when, "long", tzinfo=when.tzinfo, locale=t.locale) if when.tzinfo \
        else t.datetime(when, "long")


def _framed(flows: list[Flowable], background: colors.Color, edge: colors.Color) -> Table:
    """A tinted, bordered block; rows split across pages if it ever gets that long."""
    table = Table([[f] for f in flows], colWidths=[CONTENT_W])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("BOX", (0, 0), (-1, -1), 0.8, edge),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 0), (-1, 0), 4), ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _level_box(w: _Writer, result: Result) -> Table:
    """The level as a coloured box WITH its words (colour is never the only signal)."""
    label = level_label(result.level, w.t)
    box = Table([[w.para(label, w.s.box, width=CONTENT_W - 16)]], colWidths=[CONTENT_W])
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(LEVEL_COLOURS[result.level])),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
    ]))
    return box


def _alerts(w: _Writer, t: Translator, loaded: Loaded, result: Result,
            region: str | None = None) -> list[Flowable]:
    if not result.alerts:
        return []
    style = ParagraphStyle("alert", parent=w.s.bullet, fontName=FONT_BOLD, textColor=colors.HexColor("#7f1d1d"))
    flows: list[Flowable] = [w.para(t("Alertes"), ParagraphStyle("alerth", parent=w.s.h2, spaceBefore=0,
                                                                  textColor=ALERT_EDGE), width=FRAMED_W)]
    for alert in result.alerts:
        flows.append(w.bullet(alert_label(loaded, alert, t, region), style, width=FRAMED_W))
    return flows


# -- the referral plan (assessment/referrals/plan.py: Plan)
def _plan(w: _Writer, t: Translator, plan: Any) -> list[Flowable]:
    """What to do now (ordered actions with their urgency) and the services to call."""
    if plan is None:
        return []
    from . import referrals

    flows: list[Flowable] = []
    if plan.actions:
        flows.append(w.heading(t("Que faire maintenant")))
        for action in plan.actions:
            text = action.render(t)
            if action.unverified:
                text += " (" + t(referrals._labels().unverified) + ")"
            flows.append(w.para(text, w.s.bullet,
                                prefix_bold="• " + referrals.urgency_label(action.urgency, t) + " —"))
    if plan.services:
        flows.append(w.heading(t("Services à contacter")))
        flows += _services_table(w, t, plan, referrals)
    return flows


def _services_table(w: _Writer, t: Translator, plan: Any, referrals: Any, size: float = 7.6) -> list[Flowable]:
    """One compact row per service; repeated warnings become numbered marks explained once.
    `size`: the text size (the trainer's one-page factor sheet makes it smaller to fit)."""
    s = w.s
    small = ParagraphStyle("svc", parent=s.cell, fontSize=size, leading=size * 9.6 / 7.6)
    small_bold = ParagraphStyle("svcb", parent=small, fontName=FONT_BOLD)
    widths = [CONTENT_W * 0.36, CONTENT_W * 0.17, CONTENT_W * 0.47]
    marks: dict[str, str] = {}  # note text -> mark, in order of first use
    rows = [w.row([w.cell(t("Service"), small_bold, widths[0] - 6),
                   w.cell(t("Téléphone"), small_bold, widths[1] - 6),
                   w.cell(t("Horaires, zone, langues"), small_bold, widths[2] - 6)])]
    for service in plan.services:
        notes = referrals.service_notes(service, t)
        refs = "".join(marks.setdefault(n, MARKS[len(marks)] if len(marks) < len(MARKS)
                                        else f"({len(marks) + 1})") for n in notes)
        details = [t(v) for v in (service.hours, service.area) if v]
        languages = referrals.language_names(service, t.locale)
        if languages:
            details.append(t.join(languages))
        rows.append(w.row([w.cell(t(service.name), small_bold, widths[0] - 6),
                           w.cell((service.phone or "—") + (f" {refs}" if refs else ""), small_bold, widths[1] - 6),
                           w.cell(" · ".join(details), small, widths[2] - 6)]))
    details_col = 0 if w.rtl else 2
    table = Table(rows, colWidths=w.cols(widths), repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        *w.font((0, 0), (-1, -1), small_bold),
        *w.font((details_col, 1), (details_col, -1), small),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7eaee")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.35, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    flows: list[Flowable] = [table]
    for note, mark in marks.items():
        flows.append(w.para(f"{mark} {note}", s.muted))
    return flows


def _answers_table(w: _Writer, t: Translator, loaded: Loaded, result: Result, section: Any,
                   when: dict[str, str] | None = None) -> Table:
    s = w.s
    answer_w = 21 * mm
    question_w = CONTENT_W - answer_w
    head = w.row([w.cell(t(section.title), s.cell_bold, question_w - 6),
                  w.cell(t("Réponse"), s.cell_bold, answer_w - 6)])
    data = [head]
    styles: list[tuple[Any, ...]] = [
        *w.font((0, 0), (-1, -1), s.cell),
        *w.font((0, 0), (-1, 0), s.cell_bold),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7eaee")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.35, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    answer_col = 0 if w.rtl else 1
    for index, item in enumerate(section.items, start=1):
        answer = result.answers.get(item.id, Answer.unknown)
        value = Answer(answer).value
        question = item_text(loaded, item.id, t)
        if value == "yes" and when:  # when it happened (referral, free text), beside its factor
            question = with_when(question, clean(when.get(item.id, "")), t)
        data.append(w.row([w.cell(question, s.cell, question_w - 6),
                           w.cell(answer_label(value, t), s.cell, answer_w - 6)]))
        if value in ("yes", "unknown"):
            styles += w.font((answer_col, index), (answer_col, index), s.cell_bold)
        if value == "unknown":
            styles.append(("BACKGROUND", (answer_col, index), (answer_col, index), UNKNOWN_BG))
    table = Table(data, colWidths=w.cols([question_w, answer_w]), repeatRows=1)
    table.setStyle(TableStyle(styles))
    return table



def _sheet_code(w: _Writer, t: Translator, doc: AssessmentDoc, loaded: Loaded) -> Any:
    """The sheet code (questionnaire version + answers, no free text; assessment/sheetcode.py) for
    the receiving service to re-open the answers in the tool: a QR code holding the code and the
    code as text, drawn on the first page in the free corner beside the title (the flow of a full
    sheet has no room left: it fills two pages). Returns what draws it on a canvas.

    The code is drawn left to right in every language: it never goes through the bidi reordering.
    The QR holds the bare code (no dashes: QR alphanumeric mode, smallest symbol)."""
    from reportlab.graphics.barcode.qr import QrCode  # the flowable: plain canvas rectangles, fast

    from .sheetcode import encode, normalise

    code = encode(doc, loaded)
    groups = code.split("-")
    lines = ["-".join(groups[i:i + 3]) for i in range(0, len(groups), 3)]
    top = PAGE_H - 11.7 * mm  # just under the header rule
    side = top - (PAGE_H - MARGIN_TOP - FRAME_PAD - w.s.h1.leading)  # down to the title's baseline
    qr = QrCode(normalise(code), width=side, height=side, qrBorder=2, qrLevel="M")
    above, below = t("Code de la fiche"), t("réponses seules, sans texte libre")
    room = 34 * mm  # beside the longest title of the shipped languages (tests/test_sheetcode.py)
    small = min(6.4, *(6.4 * room / max(pdfmetrics.stringWidth(_drawable(clean(s)), FONT, 6.4), 1)
                       for s in (above, below)))
    size = min(8.0, 8.0 * room / max(pdfmetrics.stringWidth(max(lines, key=len), FONT_BOLD, 8.0), 1))

    def draw(canvas: Canvas) -> None:
        qr_x = X0 if w.rtl else X1 - side
        qr.drawOn(canvas, qr_x, top - side)
        x = qr_x + side + 1.5 * mm if w.rtl else qr_x - 1.5 * mm
        anchor = "left" if w.rtl else "right"
        y = top - small - 1
        canvas.setFillColor(MUTED)
        w.draw(canvas, above, x, y, FONT, small, anchor)
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, size)
        for line in lines:  # ASCII, drawn as is: left to right in Arabic too
            y -= size + 1.6
            (canvas.drawString if w.rtl else canvas.drawRightString)(x, y, line)
        canvas.setFillColor(MUTED)
        w.draw(canvas, below, x, y - small - 2, FONT, small, anchor)

    draw.qr = qr  # type: ignore[attr-defined]  # the QR flowable, read by the tests
    return draw
