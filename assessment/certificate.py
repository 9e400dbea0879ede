"""The course's certificate of completion: build_certificate(...) -> PDF bytes.

Same fonts, text hygiene and right-to-left handling as the referral sheet (assessment/report.py:
its font registration, its writer and its build lock are imported, not copied). The learner's
name is printed as typed and kept nowhere: the caller passes it, the PDF is returned.
"""
from __future__ import annotations

from datetime import datetime
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from .course import LoadedCourse, Record
from .i18n import N_, Translator, translator
from .report import _BUILD_LOCK, RULE, _ensure_fonts, _Writer, clean

VERDICTS = {
    "right": N_("niveau juste"),
    "right_but_missing": N_("niveau juste, informations manquantes"),
    "under": N_("niveau sous-estimé"),
    "over": N_("niveau surestimé"),
}


def build_certificate(loaded: LoadedCourse, record: Record, name: str, locale: str, *,
                      when: datetime | None = None) -> bytes:
    """The certificate as PDF bytes; deterministic for a given `when` (invariant PDF)."""
    with _BUILD_LOCK:
        return _build(loaded, record, name, locale, when or datetime.now().astimezone())


def _build(loaded: LoadedCourse, record: Record, name: str, locale: str, when: datetime) -> bytes:
    _ensure_fonts()
    t = translator(locale, domain="course")
    w = _Writer(t)
    s = w.s
    course = loaded.course
    title = ParagraphStyle("ct", parent=s.h1, fontSize=20, leading=26, spaceAfter=8)
    big = ParagraphStyle("cn", parent=s.h1, fontSize=16, leading=21, spaceBefore=6, spaceAfter=6)
    body = ParagraphStyle("cb", parent=s.body, fontSize=10.5, leading=14)
    story = [
        # TRANSLATORS: title of the PDF a learner gets after finishing course modules.
        w.para(t("Certificat de suivi"), title),
        w.para(t(course.title), ParagraphStyle("cc", parent=s.h2, fontSize=13, leading=17)),
        Spacer(1, 6 * mm),
        w.para(t("Ce certificat atteste que"), body),
        w.para(clean(name).strip() or t("(nom non indiqué)"), big),
        w.para(t.ngettext("a terminé {n} module de ce cours :", "a terminé {n} modules de ce cours :",
                          len(record.done)).format(n=len(record.done)), body),
        Spacer(1, 3 * mm),
    ]
    # TRANSLATORS: table headings: the module, its quiz score, the verdict of its calibration case.
    head = [t("Module"), t("Test"), t("Exercice de calibrage")]
    rows = [w.row([w.cell(h, s.cell_bold, wd) for h, wd in zip(head, _WIDTHS, strict=True)])]
    for done in record.done:
        module = loaded.module(done.module)
        cells = [t(module.title), t("{score} sur {total}").format(score=done.score, total=done.total),
                 t(VERDICTS[done.case_verdict]) if done.case_verdict else "—"]
        rows.append(w.row([w.cell(c, s.cell, wd) for c, wd in zip(cells, _WIDTHS, strict=True)]))
    table = Table(rows, colWidths=w.cols(list(_WIDTHS)), repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6"))]
    style += w.font((0, 0), (-1, 0), s.cell_bold) + w.font((0, 1), (-1, -1), s.cell)
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 6 * mm)]
    story.append(w.kv(t("Date"), _date(t, when)))
    story.append(w.kv(t("Version du cours"), course.version))
    story.append(w.kv(t("Empreinte du contenu (SHA-256)"), record.sha256[:12]))
    story.append(Spacer(1, 4 * mm))
    story.append(w.para(t("Ce certificat dit que les modules ont été suivis et leurs tests faits. Il ne "
                          "remplace pas une formation spécialisée. L'outil ne garde aucune copie de ce "
                          "certificat ni du nom qui y figure."), s.muted))
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=22 * mm,
                            bottomMargin=20 * mm, title=t("Certificat de suivi"), invariant=1)
    doc.build([f for f in story if f is not None])
    return buf.getvalue()


_W = A4[0] - 36 * mm - 12  # the frame inside 18 mm margins, less its padding
_WIDTHS = (_W * 0.58, _W * 0.14, _W * 0.28)


def _date(t: Translator, when: datetime) -> str:
    from babel.dates import format_date

    return format_date(when.date(), "long", locale=t.locale)
