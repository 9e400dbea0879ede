"""Referral sheet build time: `build_pdf` for a full assessment (every item answered, every
referral field filled, the plan's actions and services) beside its floor, a plain ReportLab
document holding the same text as simple paragraphs (same font, same page size).
Targets: <= 100 ms median and <= 3x the floor."""
from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from common import Row, Stat, ratio_row, sample, table, write

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WHEN = datetime(2026, 11, 25, 14, 30, tzinfo=timezone(timedelta(hours=1)))


def full_case() -> dict:
    from tests.test_report import FULL

    return json.loads(json.dumps(FULL))


def plain_pdf(lines: list[str]) -> bytes:
    """The floor: the same text, one simple Paragraph per line, no tables, no decoration."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from assessment.report import FONT

    style = ParagraphStyle("plain", fontName=FONT, fontSize=8.3, leading=10.6)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build([Paragraph(escape(line), style) for line in lines])
    return buf.getvalue()


def rows_for(locale: str, repeat: int) -> list[Row]:
    from pypdf import PdfReader

    from assessment import referrals
    from assessment.document import score_document
    from assessment.report import build_pdf

    doc, loaded, result = score_document(json.dumps(full_case()))
    plan = referrals.plan_for(result, region=doc.referral.region, consent=doc.referral.consent)

    def ours() -> bytes:
        return build_pdf(doc, loaded, result, locale, plan=plan, generated_at=WHEN)

    pdf = ours()
    reader = PdfReader(io.BytesIO(pdf))
    lines = [line for page in reader.pages for line in page.extract_text().splitlines() if line.strip()]
    floor_pdf = plain_pdf(lines)
    ours_ms = sample(ours, repeat, warmup=2)
    floor_ms = sample(lambda: plain_pdf(lines), repeat, warmup=2)
    notes = {"pages": len(reader.pages), "bytes": len(pdf), "lines": len(lines),
             "floor_pages": len(PdfReader(io.BytesIO(floor_pdf)).pages)}
    ratio = ratio_row(f"referral sheet build, {locale} (vs plain doc)", ours_ms, floor_ms,
                      "plain paragraphs", limit=3, **notes)
    absolute = Row(f"referral sheet build, {locale} (absolute)", "ms", Stat.of(ours_ms), target="<= 100 ms")
    absolute.met = absolute.ours.median <= 100
    return [absolute, ratio]


def main() -> list[Row]:
    rows = rows_for("fr", 20) + rows_for("ar", 20)
    print(table(rows))
    for row in rows:
        if row.notes:
            print(f"  {row.name}: {row.notes}")
    print("written", write(rows, "pdf"))
    return rows


if __name__ == "__main__":
    main()
