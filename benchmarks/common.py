"""Shared by the benchmarks: repeated timing, a row format, the table and the JSON report.

Every figure is reported beside its floor (the same work done by the bare framework), as
median, minimum and maximum of several runs. Benchmarks report; tests never assert on time.
"""
from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Stat:
    median: float
    min: float
    max: float
    n: int

    @classmethod
    def of(cls, samples: list[float]) -> Stat:
        return cls(statistics.median(samples), min(samples), max(samples), len(samples))


@dataclass
class Row:
    name: str
    unit: str
    ours: Stat
    floor: Stat | None = None
    floor_name: str = ""
    target: str = ""  # e.g. "<= 1.5x", ">= 20000/s"
    met: bool | None = None
    notes: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or not self.floor.median:
            return None
        return self.ours.median / self.floor.median


def sample(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Wall time in milliseconds of `fn`, `repeat` times after `warmup` runs."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def ratio_row(name: str, ours: list[float], floor: list[float], floor_name: str, limit: float | None,
              unit: str = "ms", **notes) -> Row:
    """A row compared with its floor; `limit` None reports the ratio without a target."""
    row = Row(name, unit, Stat.of(ours), Stat.of(floor), floor_name, f"<= {limit}x" if limit else "",
              notes=notes)
    row.met = None if limit is None else (row.ratio is not None and row.ratio <= limit)
    return row


def table(rows: list[Row]) -> str:
    head = f"{'benchmark':44} {'ours (median [min-max])':28} {'floor (median)':22} {'ratio':>6}  target      met"
    lines = [head, "-" * len(head)]
    for r in rows:
        ours = f"{r.ours.median:.4g} [{r.ours.min:.4g}-{r.ours.max:.4g}] {r.unit}"
        floor = f"{r.floor.median:.4g} {r.unit} {r.floor_name}" if r.floor else ""
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        met = {True: "yes", False: "NO", None: ""}[r.met]
        lines.append(f"{r.name:44} {ours:28} {floor[:22]:22} {ratio:>6}  {r.target:11} {met}")
    return "\n".join(lines)


def write(rows: list[Row], name: str) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"machine": {"python": platform.python_version(), "platform": platform.platform()},
               "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "rows": [asdict(r) | {"ratio": r.ratio} for r in rows]}
    path.write_text(json.dumps(payload, indent=2), "utf-8")
    return path
