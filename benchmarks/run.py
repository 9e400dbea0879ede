"""`make bench`: run every benchmarks/bench_*.py in its own process (load_protocol.py too when
named), then print one table of all rows and write benchmarks/results/all.json (git-ignored)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import RESULTS, Row, Stat, table  # noqa: E402


def load_rows(path: Path) -> list[Row]:
    rows = []
    for r in json.loads(path.read_text("utf-8"))["rows"]:
        r.pop("ratio", None)
        r["ours"] = Stat(**r["ours"])
        r["floor"] = Stat(**r["floor"]) if r["floor"] else None
        rows.append(Row(**r))
    return rows


def main(selected: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if selected:
        # The protocol load run (about 25 minutes) only when named: `make bench BENCH=load_protocol`.
        scripts = [s for s in [*scripts, HERE / "load_protocol.py"]
                   if any(name in s.stem for name in selected)]
    failed = []
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        if subprocess.run([sys.executable, script.name], cwd=HERE).returncode != 0:
            failed.append(script.stem)
    rows = []
    for script in scripts:
        result = RESULTS / f"{script.stem.removeprefix('bench_')}.json"
        if result.exists():
            rows += load_rows(result)
    print()
    print(table(rows))
    (RESULTS / "all.json").write_text(json.dumps([r.__dict__ | {"ratio": r.ratio} for r in rows],
                                                 default=lambda o: o.__dict__, indent=2), "utf-8")
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
