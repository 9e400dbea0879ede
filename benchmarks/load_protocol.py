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

--instances N runs each level on N fresh server processes, session i always on process i mod N
(what a cookie-hash sticky proxy does, without the proxy's own cost); per core is then divided
by min(N, cores). Written to benchmarks/results/load_protocol-N-processes.json.

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

from common import Row, Stat  # noqa: E402
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
    instances: int = 1
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
    machine_load: float = 0.0  # 1-minute load average at the end of the window (others' work too)

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


async def run_level(urls: list[str], pids: list[int], app: str, sessions: int, duration: float,
                    think: tuple[float, float, float], seed: int) -> Level:
    """`sessions` professionals, session i on server i mod len(urls) (sticky: all its
    connections go to one server, as a cookie-hash proxy would send them)."""
    lo, hi, scale = think
    rng = random.Random(seed)
    ramp = hi * scale
    t0 = time.perf_counter()
    start, end = t0 + ramp, t0 + ramp + duration
    level = Level(app, sessions, duration, instances=len(urls))
    samples: dict[str, list[float]] = {}
    first_pages: list[float] = []

    async def thinker() -> None:
        delay = rng.uniform(lo, hi) * scale
        if time.perf_counter() + delay >= end:
            raise Stop
        await asyncio.sleep(delay)

    def record(out: Outcome) -> None:
        for (kind, ms), sent in zip(out.clicks, out.sent_at, strict=True):
            if start <= sent < end:
                samples.setdefault(kind, []).append(ms)

    async def professional(i: int) -> None:
        await asyncio.sleep(rng.uniform(0, ramp))
        n = i
        while time.perf_counter() < end:
            out = Outcome()
            try:
                await complete_assessment(urls[i % len(urls)], n, think=thinker, outcome=out)
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
    cpu0, client0 = sum(map(server_cpu, pids)), client_cpu()
    await asyncio.sleep(max(0.0, end - time.perf_counter()))
    cpu1, client1 = sum(map(server_cpu, pids)), client_cpu()
    level.server_rss_mib = sum(map(server_rss_mib, pids))
    level.machine_load = os.getloadavg()[0]
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


def with_server(app: str, fn, instances: int = 1):
    """fn(urls, pids) with `instances` fresh server processes of the app, stopped after."""
    servers = []
    try:
        for _ in range(instances):
            servers.append(start_server(script=APPS[app], timeout=90))
        return fn([s.url for s in servers], [s.proc.pid for s in servers])
    finally:
        for server in servers:
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
    parser.add_argument("--instances", type=int, default=1,
                        help="server processes per level; each session stays on one (i mod N)")
    parser.add_argument("--max-sessions", type=int, default=400)
    parser.add_argument("--max-minutes", type=float, default=60)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--report", type=Path, help="print the table of an earlier run's JSON, run nothing")
    args = parser.parse_args()
    if args.report:
        print(table(json.loads(args.report.read_text("utf-8"))))
        return 0

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
        cpu = with_server(app, lambda urls, pids: asyncio.run(
            cpu_per_assessment(urls[0], pids[0], args.cpu_sessions, args.cpu_concurrency)))
        report["cpu"][app] = cpu
        print(f"   {cpu['cpu_per_assessment_s']:.2f} CPU-s per assessment, "
              f"{cpu['cpu_per_click_ms']:.1f} ms per click, {cpu['clicks_per_assessment']:.0f} clicks, "
              f"errors {len(cpu['errors'])}", flush=True)

    def measure(app: str, n: int) -> Level | None:
        if time.monotonic() + args.duration + args.think_max * args.think + 30 > deadline:
            report["not_run"].append({"app": app, "sessions": n})
            print(f"   {app} {n}: not run (--max-minutes)", flush=True)
            return None

        def go(urls, pids):
            for url in urls:
                asyncio.run(warm(url))
            return asyncio.run(run_level(urls, pids, app, n, args.duration, think, args.seed + n))

        level = with_server(app, go, args.instances)
        report["levels"].append(asdict(level) | {"held": level.held})
        print(f"   {app:5} {n:>4} sessions: {level.clicks:>5} clicks  p50 {level.p50_ms:>6.0f} ms  "
              f"p95 {level.p95_ms:>6.0f} ms  max {level.max_ms:>6.0f} ms  server {level.server_cores:.2f} "
              f"cores, {level.server_cpu_per_click_ms:.0f} ms/click, {level.server_rss_mib:.0f} MiB  "
              f"client {level.client_cores:.2f} cores  completed {level.completed}  "
              f"errors {len(level.errors)}", flush=True)
        return level

    # Level by level, the app then its floor: on a shared machine both sides of a comparison
    # then see about the same background load.
    print(f"== levels {levels}, window {args.duration:.0f} s, think "
          f"{args.think_min:g}-{args.think_max:g} s x {args.think:g}", flush=True)
    by_app: dict[str, dict[int, Level | None]] = {app: {} for app in apps}
    for n in levels:
        for app in apps:
            by_app[app][n] = measure(app, n)
    for app in apps:
        results = by_app[app]
        for _ in range(args.refine):
            held = [n for n, lv in results.items() if lv and lv.held]
            failed = [n for n, lv in results.items() if lv and not lv.held and (not held or n > max(held))]
            if not held or not failed or min(failed) - max(held) < 4:
                break
            mid = (max(held) + min(failed)) // 2
            results[mid] = measure(app, mid)

    path = finish(report)
    print(f"written: {path.relative_to(ROOT)}")
    failed = any(lv["errors"] for lv in report["levels"]) or any(c["errors"] for c in report["cpu"].values())
    return 1 if failed else 0


def finish(report: dict) -> Path:
    """Table on stdout; JSON with the run and its rows in benchmarks/run.py's format."""
    print()
    print(table(report))
    report["summary"] = summary(report)
    report["rows"] = [asdict(r) | {"ratio": r.ratio} for r in rows(report)]
    RESULTS.mkdir(exist_ok=True)
    n = report["args"].get("instances", 1)
    path = RESULTS / ("load_protocol.json" if n == 1 else f"load_protocol-{n}-processes.json")
    path.write_text(json.dumps(report, indent=2, default=str), "utf-8")
    return path


def rows(report: dict) -> list[Row]:
    """The figures as rows beside their floor (`make bench BENCH=load_protocol`)."""
    out: list[Row] = []
    cpu = report["cpu"]

    def one(value: float, n: int = 1) -> Stat:
        return Stat(value, value, value, n)

    if "ours" in cpu:
        floor = cpu.get("floor")
        row = Row("load: server CPU per assessment", "s", one(cpu["ours"]["cpu_per_assessment_s"],
                                                           cpu["ours"]["assessments"]),
                  one(floor["cpu_per_assessment_s"], floor["assessments"]) if floor else None,
                  "floors/flow.py", "<= 1.3x")
        row.met = None if row.ratio is None else row.ratio <= 1.3
        out.append(row)
    levels = {(lv["app"], lv["sessions"]): lv for lv in report["levels"]}
    for (app, n), lv in sorted(levels.items()):
        if app != "ours":
            continue
        floor = levels.get(("floor", n))
        row = Row(f"load: p95 click, {n} sessions", "ms", one(lv["p95_ms"], lv["clicks"]),
                  one(floor["p95_ms"], floor["clicks"]) if floor else None, "floors/flow.py",
                  "<= 1000 ms", lv["p95_ms"] <= 1000 and not lv["errors"],
                  notes={"p50_ms": lv["p50_ms"], "errors": len(lv["errors"])})
        out.append(row)
    s = summary(report)
    if "ours" in s:
        floor = s.get("floor")
        out.append(Row("load: sessions per core, p95 <= 1 s", "sessions",
                       one(s["ours"]["sessions_per_core_p95_1s"]),
                       one(floor["sessions_per_core_p95_1s"]) if floor else None, "floors/flow.py",
                       ">= 100", s["ours"]["sessions_per_core_p95_1s"] >= 100))
    return out


def summary(report: dict) -> dict:
    out = {}
    instances = report["args"].get("instances", 1)
    cores = min(instances, report["machine"]["cpus"] or 1)  # one process uses about one core
    for app in {lv["app"] for lv in report["levels"]} | set(report["cpu"]):
        held = [lv["sessions"] for lv in report["levels"] if lv["app"] == app and lv["held"]]
        out[app] = {"cpu_per_assessment_s": report["cpu"].get(app, {}).get("cpu_per_assessment_s"),
                    "largest_level_p95_1s": max(held) if held else 0,
                    "instances": instances, "cores": cores,
                    "sessions_per_core_p95_1s": (max(held) if held else 0) / cores}
        # What one core could carry if the server had it to itself: a session asks for one click
        # per mean think time, each costing the measured CPU per click (100 % busy: the ceiling).
        a = report["args"]
        per_click = report["cpu"].get(app, {}).get("cpu_per_click_ms")
        if per_click:
            think = (a["think_min"] + a["think_max"]) / 2 * a["think"]
            out[app]["cpu_ceiling_sessions_per_core"] = 1000 * think / per_click
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
                 f"{'srv cores':>9} {'ms/click':>8} {'RSS MiB':>7} {'client':>6} {'done':>5} {'err':>4} {'load':>5} held")
    for lv in sorted(report["levels"], key=lambda lv: (lv["app"], lv["sessions"])):
        lines.append(f"{lv['app']:6} {lv['sessions']:>8} {lv['clicks']:>7} {lv['p50_ms']:>7.0f} "
                     f"{lv['p95_ms']:>7.0f} {lv['max_ms']:>7.0f} {lv['server_cores']:>9.2f} "
                     f"{lv['server_cpu_per_click_ms']:>8.0f} {lv['server_rss_mib']:>7.0f} "
                     f"{lv['client_cores']:>6.2f} {lv['completed']:>5} {len(lv['errors']):>4} {lv.get('machine_load', 0):>5.1f} "
                     f"{'yes' if lv['held'] else 'no'}")
    for app, s in summary(report).items():
        if isinstance(s, dict):
            lines.append(f"{app}: largest level with p95 <= 1 s: {s['largest_level_p95_1s']} sessions "
                         f"on {s['instances']} server process(es), {s['sessions_per_core_p95_1s']:.0f} per core; "
                         f"CPU ceiling {s.get('cpu_ceiling_sessions_per_core', float('nan')):.0f} sessions "
                         f"per core (mean think / CPU per click)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
