"""Load: N concurrent browser sessions (default 20) complete an assessment against one server.

Run: `.venv/bin/python benchmarks/load_sessions.py [--sessions 20]`. Needs the browser test
set-up (Debian's chromium or Playwright's). Starts the app as `make run` does on a free
loopback port, drives every session through the real UI (tests/browser/flow.py: the same
clicks as the browser tests), and reports the interaction latency (click or key -> the server
finished the run it caused and the page is idle) as p50 / p95 / max, overall and per kind.
Prints a table and writes benchmarks/results/load_sessions.json (git-ignored).
This is a benchmark, not a test: it asserts nothing about time; it fails only on errors.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import Driver, start_server, stop_server  # noqa: E402
from tests.browser.flow import Case, complete, questionnaire  # noqa: E402
from tests.browser.helpers import App, new_context  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def case_for(n: int) -> Case:
    """Every session answers every question (a different pattern each) and types a few notes."""
    answers = {item: ("yes", "no", "unknown", "no")[(k + n) % 4]
               for k, item in enumerate(questionnaire().item_ids)}
    return Case(answers=answers, texts={"case_code": f"LOAD-{n:02d}", "safe_contact": "portable",
                                        "open_concern": f"session {n}"})


def kind(label: str) -> str:
    return label.split(" ")[0] if label.split(" ")[0] in ("answer", "type", "download") else "navigate"


async def run(app: App, sessions: int):
    async def one(n: int):
        ctx = await new_context(app)
        page = await ctx.new_page()
        started = time.perf_counter()
        try:
            out = await complete(page, app.url, case_for(n))
            return n, out, None, time.perf_counter() - started
        except Exception as exc:  # counted as an error, the others go on
            return n, None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}", \
                time.perf_counter() - started
        finally:
            await ctx.close()

    return await asyncio.gather(*(one(n) for n in range(sessions)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()

    server = start_server()
    driver = Driver()
    try:
        problem = driver.run(driver._launch(), timeout=60)
        if problem:
            print(problem, file=sys.stderr)
            return 2
        app = App(driver=driver, url=server.url, server=server, artifacts=ROOT / "test-artifacts")
        wall_start = time.perf_counter()
        results = driver.run(run(app, args.sessions), timeout=3600)
        wall = time.perf_counter() - wall_start
    finally:
        driver.close()
        stop_server(server)

    errors = {n: err for n, out, err, _ in results if err}
    errors.update({n: out.errors for n, out, err, _ in results if out and out.errors})
    samples: dict[str, list[float]] = {}
    for _n, out, _err, _t in results:
        if out:
            for label, ms in out.latencies:
                if label != "first page":
                    samples.setdefault(kind(label), []).append(ms)
                samples.setdefault("all interactions" if label != "first page" else "first page",
                                   []).append(ms)
    rows = []
    for name in ("all interactions", "answer", "type", "navigate", "download", "first page"):
        values = samples.get(name, [])
        if values:
            rows.append({"name": name, "n": len(values), "p50_ms": percentile(values, 50),
                         "p95_ms": percentile(values, 95), "max_ms": max(values)})
    durations = [t for _n, out, err, t in results if out and not err]
    print(f"{args.sessions} concurrent sessions, one server, {os.cpu_count()} cores, "
          f"wall {wall:.1f} s, session median {statistics.median(durations) if durations else 0:.1f} s, "
          f"errors {len(errors)}")
    print(f"{'interaction':18} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for r in rows:
        print(f"{r['name']:18} {r['n']:>6} {r['p50_ms']:>9.0f} {r['p95_ms']:>9.0f} {r['max_ms']:>9.0f}")
    for n, err in sorted(errors.items()):
        print(f"session {n}: {err}")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "load_sessions.json"
    path.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sessions": args.sessions, "wall_s": wall,
        "session_median_s": statistics.median(durations) if durations else None,
        "errors": {str(k): v for k, v in errors.items()}, "rows": rows}, indent=2), "utf-8")
    print(f"written: {path.relative_to(ROOT)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
