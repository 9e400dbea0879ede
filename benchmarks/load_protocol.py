"""Load without browsers: simulated professionals speak Streamlit's WebSocket protocol to one server.

Run: `.venv/bin/python benchmarks/load_protocol.py` (about 25 minutes with the defaults), or
shorter, e.g. `--levels 25,50 --duration 60 --think 0.5`. Needs no browser: each simulated
professional is a `benchmarks/stclient.Session` (Streamlit's own protobuf messages over
`/_stcore/stream`, as the browser sends them) that completes a whole assessment: start, before
the questions (3 radios, one field), every section (every question answered), review, result,
referral page (the case code typed), 41 clicks, with a think time drawn uniformly in
[--think-min, --think-max] seconds (2-10 s) times --think before every click. A professional who
finishes starts a new assessment in a new connection, so a level holds its number of sessions.

Against the app (`app.py`) and its floor (`benchmarks/floors/flow.py`: the same six stages, the
same widget keys, kinds and counts, static text, no core), each in its own fresh server process:

1. **Server CPU per completed assessment**: --cpu-sessions assessments (--cpu-concurrency at a
   time, no think time), the server's utime+stime read from /proc/<pid>/stat before and after.
2. **Click latency at each level** (--levels, default 25, 50, 100, 200 concurrent sessions): the
   sessions arrive spread over the first --think-max x --think seconds; then, during --duration
   seconds, every click's latency (BackMsg sent -> the `script_finished` of the run it caused)
   is recorded; p50 / p95 / max, the server's CPU (cores busy) and memory, and the client's own
   CPU (one asyncio process; if it nears one core, the client, not the server, is the limit).
3. **Sessions per core**: the largest level whose p95 is <= 1 s. One server process runs its
   scripts under one interpreter lock, so it uses about one core: the figure is per process,
   i.e. per core (run one process per core). --refine N adds N bisection levels between the
   largest level that held and the smallest that did not.

Bounded: at most --max-sessions sessions at once and --max-minutes in all (levels left are
reported as not run). Loopback only (the servers listen on 127.0.0.1, .streamlit/config.toml).
Prints a table and writes benchmarks/results/load_protocol.json (git-ignored). A benchmark, not
a test: it asserts nothing about time; it fails (exit 1) only when sessions fail.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from stclient import Outcome, ProtocolError, complete_assessment  # noqa: E402
from tests.browser.conftest import start_server, stop_server  # noqa: E402

RESULTS = HERE / "results"
APPS = {"ours": "app.py", "floor": "benchmarks/floors/flow.py"}
TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def server_cpu(pid: int) -> float:
    """utime + stime of the process (and its reaped children), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # after the command: state(3) ... utime(14) stime(15) cutime(16) cstime(17), 1-based
    return sum(int(fields[i - 3]) for i in (14, 15, 16, 17)) / TICKS


def server_rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def client_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Stop(Exception):
    """The level's window is over: the session leaves before its next click."""


@dataclass
class Level:
    app: str
    sessions: int
    duration_s: float
    clicks: int = 0
    p50_ms: float = float("nan")
    p95_ms: float = float("nan")
    max_ms: float = float("nan")
    by_kind: dict = field(default_factory=dict)
    first_page_p95_ms: float = float("nan")
    completed: int = 0
    errors: list[str] = field(default_factory=list)
    server_cores: float = 0.0  # server CPU seconds per wall second during the window
    server_cpu_per_click_ms: float = 0.0
    server_rss_mib: float = 0.0
    client_cores: float = 0.0

    @property
    def held(self) -> bool:
        return not self.errors and self.clicks > 0 and self.p95_ms <= 1000


async def warm(url: str) -> None:
    """One assessment first: imports, caches, the questionnaire load (a server's first minute)."""
    await complete_assessment(url, 0)


async def cpu_per_assessment(url: str, pid: int, count: int, concurrency: int) -> dict:
    await warm(url)
    sem = asyncio.Semaphore(concurrency)
    outcomes: list[Outcome] = []
    errors: list[str] = []

    async def one(n: int) -> None:
        async with sem:
            try:
                outcomes.append(await complete_assessment(url, n))
            except (ProtocolError, OSError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}"[:300])

    before, wall = server_cpu(pid), time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(1, count + 1)))
    cpu, wall = server_cpu(pid) - before, time.perf_counter() - wall
    clicks = sum(len(o.clicks) for o in outcomes)
    return {"assessments": len(outcomes), "errors": errors, "server_cpu_s": cpu, "wall_s": wall,
            "cpu_per_assessment_s": cpu / len(outcomes) if outcomes else float("nan"),
            "clicks_per_assessment": clicks / len(outcomes) if outcomes else float("nan"),
            "cpu_per_click_ms": 1000 * cpu / clicks if clicks else float("nan")}


async def run_level(url: str, pid: int, app: str, sessions: int, duration: float,
                    think: tuple[float, float, float], seed: int) -> Level:
    lo, hi, scale = think
    rng = random.Random(seed)
    ramp = hi * scale
    t0 = time.perf_counter()
    start, end = t0 + ramp, t0 + ramp + duration
    level = Level(app, sessions, duration)
    samples: dict[str, list[float]] = {}
    first_pages: list[float] = []

    async def thinker() -> None:
        delay = rng.uniform(lo, hi) * scale
        if time.perf_counter() + delay >= end:
            raise Stop
        await asyncio.sleep(delay)

    def record(out: Outcome) -> None:
        for (kind, ms), sent in zip(out.clicks, out.sent_at):
            if start <= sent < end:
                samples.setdefault(kind, []).append(ms)

    async def professional(i: int) -> None:
        await asyncio.sleep(rng.uniform(0, ramp))
        n = i
        while time.perf_counter() < end:
            out = Outcome()
            try:
                await complete_assessment(url, n, think=thinker, outcome=out)
                if start <= time.perf_counter() < end:
                    level.completed += 1
            except Stop:
                pass
            except (ProtocolError, OSError) as exc:
                level.errors.append(f"session {i}: {type(exc).__name__}: {exc}"[:300])
            finally:
                record(out)
                if out.first_page_ms and time.perf_counter() >= start:
                    first_pages.append(out.first_page_ms)
            n += sessions

    tasks = [asyncio.create_task(professional(i)) for i in range(sessions)]
    await asyncio.sleep(max(0.0, start - time.perf_counter()))
    cpu0, client0 = server_cpu(pid), client_cpu()
    await asyncio.sleep(max(0.0, end - time.perf_counter()))
    cpu1, client1 = server_cpu(pid), client_cpu()
    level.server_rss_mib = server_rss_mib(pid)
    await asyncio.gather(*tasks)
    everything = [ms for values in samples.values() for ms in values]
    level.clicks = len(everything)
    if everything:
        level.p50_ms, level.p95_ms = percentile(everything, 50), percentile(everything, 95)
        level.max_ms = max(everything)
    level.by_kind = {k: {"n": len(v), "p50_ms": percentile(v, 50), "p95_ms": percentile(v, 95)}
                     for k, v in sorted(samples.items())}
    level.first_page_p95_ms = percentile(first_pages, 95)
    level.server_cores = (cpu1 - cpu0) / duration
    level.server_cpu_per_click_ms = 1000 * (cpu1 - cpu0) / level.clicks if level.clicks else 0.0
    level.client_cores = (client1 - client0) / duration
    return level


def with_server(app: str, fn):
    server = start_server(script=APPS[app], timeout=90)
    try:
        return fn(server.url, server.proc.pid)
    finally:
        stop_server(server)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", default="ours,floor", help="ours, floor or both (comma-separated)")
    parser.add_argument("--levels", default="25,50,100,200", help="concurrent sessions per level")
    parser.add_argument("--duration", type=float, default=120, help="measured window per level, s")
    parser.add_argument("--think", type=float, default=1.0, help="scale of the think time")
    parser.add_argument("--think-min", type=float, default=2.0)
    parser.add_argument("--think-max", type=float, default=10.0)
    parser.add_argument("--cpu-sessions", type=int, default=20, help="assessments for the CPU figure")
    parser.add_argument("--cpu-concurrency", type=int, default=4)
    parser.add_argument("--refine", type=int, default=0, help="bisection levels after the sweep")
    parser.add_argument("--max-sessions", type=int, default=400)
    parser.add_argument("--max-minutes", type=float, default=60)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()

    apps = [a.strip() for a in args.apps.split(",") if a.strip()]
    levels = sorted({int(x) for x in args.levels.split(",") if x.strip()})
    if any(a not in APPS for a in apps) or not levels:
        parser.error(f"--apps among {sorted(APPS)}, --levels at least one number")
    if max(levels) > args.max_sessions:
        parser.error(f"a level above --max-sessions ({args.max_sessions})")
    think = (args.think_min, args.think_max, args.think)
    deadline = time.monotonic() + 60 * args.max_minutes
    report: dict = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                                "cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()},
                    "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "args": vars(args), "cpu": {}, "levels": [], "not_run": []}

    for app in apps:
        print(f"== {app}: server CPU per completed assessment "
              f"({args.cpu_sessions} assessments, {args.cpu_concurrency} at a time)", flush=True)
        cpu = with_server(app, lambda url, pid: asyncio.run(
            cpu_per_assessment(url, pid, args.cpu_sessions, args.cpu_concurrency)))
        report["cpu"][app] = cpu
        print(f"   {cpu['cpu_per_assessment_s']:.2f} CPU-s per assessment, "
              f"{cpu['cpu_per_click_ms']:.1f} ms per click, {cpu['clicks_per_assessment']:.0f} clicks, "
              f"errors {len(cpu['errors'])}", flush=True)

    def measure(app: str, n: int) -> Level | None:
        if time.monotonic() + args.duration + args.think_max * args.think + 30 > deadline:
            report["not_run"].append({"app": app, "sessions": n})
            print(f"   {app} {n}: not run (--max-minutes)", flush=True)
            return None

        def go(url, pid):
            asyncio.run(warm(url))
            return asyncio.run(run_level(url, pid, app, n, args.duration, think, args.seed + n))

        level = with_server(app, go)
        report["levels"].append(asdict(level) | {"held": level.held})
        print(f"   {app:5} {n:>4} sessions: {level.clicks:>5} clicks  p50 {level.p50_ms:>6.0f} ms  "
              f"p95 {level.p95_ms:>6.0f} ms  max {level.max_ms:>6.0f} ms  server {level.server_cores:.2f} "
              f"cores, {level.server_cpu_per_click_ms:.0f} ms/click, {level.server_rss_mib:.0f} MiB  "
              f"client {level.client_cores:.2f} cores  completed {level.completed}  "
              f"errors {len(level.errors)}", flush=True)
        return level

    for app in apps:
        print(f"== {app}: levels {levels}, window {args.duration:.0f} s, think "
              f"{args.think_min:g}-{args.think_max:g} s x {args.think:g}", flush=True)
        results = {n: measure(app, n) for n in levels}
        for _ in range(args.refine):
            held = [n for n, lv in results.items() if lv and lv.held]
            failed = [n for n, lv in results.items() if lv and not lv.held and (not held or n > max(held))]
            if not held or not failed or min(failed) - max(held) < 4:
                break
            mid = (max(held) + min(failed)) // 2
            results[mid] = measure(app, mid)

    print()
    print(table(report))
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "load_protocol.json"
    report["summary"] = summary(report)
    path.write_text(json.dumps(report, indent=2, default=str), "utf-8")
    print(f"written: {path.relative_to(ROOT)}")
    failed = any(lv["errors"] for lv in report["levels"]) or any(c["errors"] for c in report["cpu"].values())
    return 1 if failed else 0


def summary(report: dict) -> dict:
    out = {}
    for app in {lv["app"] for lv in report["levels"]} | set(report["cpu"]):
        held = [lv["sessions"] for lv in report["levels"] if lv["app"] == app and lv["held"]]
        out[app] = {"cpu_per_assessment_s": report["cpu"].get(app, {}).get("cpu_per_assessment_s"),
                    "sessions_per_core_p95_1s": max(held) if held else 0}
    if "ours" in out and "floor" in out and out["floor"]["cpu_per_assessment_s"]:
        out["cpu_ratio"] = out["ours"]["cpu_per_assessment_s"] / out["floor"]["cpu_per_assessment_s"]
    return out


def table(report: dict) -> str:
    lines = []
    cpu = report["cpu"]
    if cpu:
        lines.append(f"{'server CPU per completed assessment':40} " + "  ".join(
            f"{app} {c['cpu_per_assessment_s']:.2f} s ({c['cpu_per_click_ms']:.0f} ms/click)"
            for app, c in cpu.items()))
        if "ours" in cpu and "floor" in cpu and cpu["floor"]["cpu_per_assessment_s"]:
            lines.append(f"{'  ratio to the floor (target <= 1.3x)':40} "
                         f"{cpu['ours']['cpu_per_assessment_s'] / cpu['floor']['cpu_per_assessment_s']:.2f}x")
    lines.append(f"{'app':6} {'sessions':>8} {'clicks':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
                 f"{'srv cores':>9} {'ms/click':>8} {'RSS MiB':>7} {'client':>6} {'done':>5} {'err':>4} held")
    for lv in sorted(report["levels"], key=lambda lv: (lv["app"], lv["sessions"])):
        lines.append(f"{lv['app']:6} {lv['sessions']:>8} {lv['clicks']:>7} {lv['p50_ms']:>7.0f} "
                     f"{lv['p95_ms']:>7.0f} {lv['max_ms']:>7.0f} {lv['server_cores']:>9.2f} "
                     f"{lv['server_cpu_per_click_ms']:>8.0f} {lv['server_rss_mib']:>7.0f} "
                     f"{lv['client_cores']:>6.2f} {lv['completed']:>5} {len(lv['errors']):>4} "
                     f"{'yes' if lv['held'] else 'no'}")
    for app, s in summary(report).items():
        if isinstance(s, dict):
            lines.append(f"{app}: largest level with p95 <= 1 s: {s['sessions_per_core_p95_1s']} "
                         f"sessions on one server process (one core)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
