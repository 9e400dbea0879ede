"""Core figures: scoring throughput in-process, and `python -m assessment score` wall time
against `python -c pass` (the interpreter's own floor). Also proves the scoring path imports
neither streamlit nor reportlab nor matplotlib."""
from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from common import Row, Stat, ratio_row, sample, table, write

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def throughput(repeat: int = 5, n: int = 5000) -> Row:
    from assessment.loader import default_registry
    from assessment.model import Answer, AssessmentDoc
    from assessment.scoring import score

    loaded = default_registry().get("danger-screen")
    ids = loaded.questionnaire.item_ids
    rng = random.Random(7)
    # Realistic mix: mostly answered, a few unknowns (as professionals fill it in).
    weights = [0.35, 0.55, 0.10]
    docs = [AssessmentDoc(questionnaire="danger-screen",
                          answers={i: rng.choices(list(Answer), weights)[0] for i in ids}) for _ in range(n)]
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for d in docs:
            score(loaded, d)
        rates.append(n / (time.perf_counter() - start))
    row = Row("scoring throughput (one core)", "/s", Stat.of(rates), target=">= 20000/s")
    row.met = row.ours.median >= 20000
    return row


def cli_wall(repeat: int = 7) -> Row:
    case = b'{"questionnaire": "danger-screen", "answers": {"strangulation": "yes", "separation": "unknown"}}'
    ours = sample(lambda: subprocess.run([sys.executable, "-m", "assessment", "score", "-"], input=case,
                                         cwd=ROOT, capture_output=True, check=True), repeat)
    floor = sample(lambda: subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True), repeat)
    imported = subprocess.run(
        [sys.executable, "-c", "import sys; from assessment.cli import main; import io;"
         "sys.stdin=io.TextIOWrapper(io.BytesIO(b'{\"questionnaire\":\"danger-screen\"}'));"
         "import contextlib; f=io.StringIO();\nwith contextlib.redirect_stdout(f): main(['score','-'])\n"
         "print(','.join(m for m in ('streamlit','reportlab','matplotlib') if m in sys.modules))"],
        cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return ratio_row("cli score wall time", ours, floor, "python -c pass", limit=None,
                     heavy_imports=imported or "none")


def main() -> list[Row]:
    rows = [throughput(), cli_wall()]
    print(table(rows))
    print("written", write(rows, "core"))
    return rows


if __name__ == "__main__":
    main()
