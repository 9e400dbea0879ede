"""Front-end weight: Lighthouse on the start page, French and Arabic, desktop and
mobile, before (bare `streamlit run app.py`, one instance) and after (through deploy/'s nginx:
gzip or brotli, the look and direction in the page's <head>).

Lighthouse comes from npm into tests/browser/vendor/ (git-ignored), fetched once, and runs on
Debian's chromium (CHROME_PATH=/usr/bin/chromium, headless, --no-sandbox as the tests do).
Mobile is Lighthouse's default (simulated slow 4G and a 4x slower CPU); desktop is its
`--preset=desktop`. Reported: performance score, cumulative layout shift, total bytes
transferred, first contentful paint, total blocking time; median [min-max] of RUNS runs.

    .venv/bin/python benchmarks/bench_lighthouse.py [--runs 3]

Goals: desktop >= 90, mobile >= 75, layout shift < 0.05 on the Arabic page. Benchmarks report;
nothing here asserts. On a shared 2-core machine the scores move with the load (the simulated
throttling multiplies the page's own CPU time): read them beside the bytes and layout shift,
which do not.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Row, Stat, table, write

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.local import Cluster  # noqa: E402
from tests.browser.conftest import start_server, stop_server  # noqa: E402

VENDOR = ROOT / "tests" / "browser" / "vendor"
LIGHTHOUSE = VENDOR / "node_modules" / ".bin" / "lighthouse"
CHROME = shutil.which("chromium") or "/usr/bin/chromium"
AUDITS = {"cls": "cumulative-layout-shift", "bytes": "total-byte-weight",
          "fcp": "first-contentful-paint", "tbt": "total-blocking-time",
          "lcp": "largest-contentful-paint"}
GOALS = {"desktop": 90, "mobile": 75}


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    npm = shutil.which("npm")
    if not npm:
        sys.exit("npm is needed to fetch lighthouse (apt-get install npm)")
    VENDOR.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--prefix", str(VENDOR), "--no-save", "--no-package-lock",
                    "--no-audit", "--no-fund", "--loglevel=error", "lighthouse@12"], check=True,
                   timeout=600)


def lighthouse(url: str, form: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="lh-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
               f"--output-path={out}", "--quiet", "--max-wait-for-load=60000",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
               f"--user-data-dir={tmp}/profile"]
        if form == "desktop":
            cmd.append("--preset=desktop")
        subprocess.run(cmd, check=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROME},
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        report = json.loads(out.read_text("utf-8"))
    found = {"score": 100 * (report["categories"]["performance"]["score"] or 0)}
    for name, audit in AUDITS.items():
        found[name] = report["audits"][audit]["numericValue"]
    return found


def measure(base_url: str, runs: int) -> dict[tuple[str, str], list[dict]]:
    results: dict[tuple[str, str], list[dict]] = {}
    for _ in range(runs):  # interleaved, so that machine noise hits every page alike
        for lang in ("fr", "ar"):
            for form in ("desktop", "mobile"):
                results.setdefault((lang, form), []).append(
                    lighthouse(f"{base_url}/?lang={lang}", form))
    return results


def rows(label: str, results, setup: str) -> list[Row]:
    out = []
    for (lang, form), samples in results.items():
        def stat(key, scale=1.0):
            return Stat.of([s[key] * scale for s in samples])
        score = stat("score")
        notes = {k: statistics.median(s[k] for s in samples) for k in AUDITS}
        row = Row(f"lighthouse {label}: {lang} {form} score", "/100", score,
                  target=f">= {GOALS[form]}", notes={"setup": setup, **notes})
        row.met = score.median >= GOALS[form] if label == "after" else None
        out.append(row)
        cls = Row(f"lighthouse {label}: {lang} {form} layout shift", "", stat("cls"),
                  target="< 0.05" if lang == "ar" else "")
        cls.met = (cls.ours.median < 0.05) if (label == "after" and lang == "ar") else None
        out.append(cls)
        out.append(Row(f"lighthouse {label}: {lang} {form} bytes", "kB", stat("bytes", 1 / 1000)))
        out.append(Row(f"lighthouse {label}: {lang} {form} first paint", "ms", stat("fcp")))
        out.append(Row(f"lighthouse {label}: {lang} {form} blocking", "ms", stat("tbt")))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("before", "after", "floor"), default=None)
    args = parser.parse_args()
    ensure_lighthouse()
    found: list[Row] = []
    if args.only in (None, "before"):
        server = start_server()
        try:
            found += rows("before", measure(server.url, args.runs), "bare streamlit, 1 instance")
        finally:
            stop_server(server)
    if args.only in (None, "after"):
        with Cluster(instances=1) as cluster:
            found += rows("after", measure(cluster.url, args.runs),
                          "deploy/ nginx (compression, look in <head>), 1 instance")
    if args.only in (None, "floor"):
        # The floor: a one-line Streamlit page (one radio) through the same nginx. What any
        # Streamlit page costs before it shows a word: the goals are read beside it.
        with Cluster(instances=1, app=str(ROOT / "benchmarks" / "floors" / "oneline.py")) as cluster:
            found += rows("floor", measure(cluster.url, args.runs),
                          "one-line Streamlit script through deploy/ nginx, 1 instance")
    print(table(found))
    write(found, "lighthouse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
