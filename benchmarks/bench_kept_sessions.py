"""What a kept session costs: server memory per interview whose browser went away.

`.streamlit/config.toml` keeps a disconnected session for `server.disconnectedSessionTTL`
(30 minutes), so that a network cut does not lose the interview. This measures what that
costs: SESSIONS professionals each complete a whole assessment (every free-text field filled)
and then close their browser, one after the other, against
* ours: the app as configured (every closed session is kept), and
* the floor: the same app with a 2-second TTL and a pause that lets each session expire
  (memory the server allocates and frees per session, the cost without keeping).
Reported: server RSS growth per session (least-squares slope, KiB). Nothing is asserted.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from common import Row, Stat, table, write

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_browser import vm_rss_kib  # noqa: E402

from tests.browser.conftest import Driver, start_server, stop_server  # noqa: E402
from tests.browser.flow import Case, complete  # noqa: E402
from tests.browser.helpers import new_context  # noqa: E402

SESSIONS = int(os.environ.get("KEPT_SESSIONS", "8"))


class _App:
    def __init__(self, driver):
        self.browser = driver.browser


def _slope(values: list[int]) -> float:
    xs = range(1, len(values) + 1)
    mx, my = statistics.fmean(xs), statistics.fmean(values)
    return sum((x - mx) * (y - my) for x, y in zip(xs, values, strict=True)) / sum((x - mx) ** 2 for x in xs)


def kept_cost(driver, ttl: int | None, pause: float) -> tuple[float, list[int]]:
    env_before = os.environ.get("STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL")
    if ttl is not None:
        os.environ["STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"] = str(ttl)
    try:
        server = start_server()
    finally:
        if env_before is None:
            os.environ.pop("STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL", None)
        else:
            os.environ["STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"] = env_before
    rss: list[int] = []
    try:
        for n in range(SESSIONS):
            async def one():
                ctx = await new_context(_App(driver))
                page = await ctx.new_page()
                case = Case.with_canary(f"KEPT{n:02d}", {"strangulation": "yes", "separation": "no"})
                await complete(page, server.url, case, downloads=False)
                await ctx.close()  # the browser goes away; the server keeps (or drops) the session
            driver.run(one(), timeout=300)
            time.sleep(pause)
            rss.append(vm_rss_kib(server.proc.pid))
    finally:
        stop_server(server)
    return _slope(rss), rss


def main() -> None:
    driver = Driver()
    problem = driver.run(driver._launch(), timeout=60)
    if problem:
        print(problem)
        return
    try:
        ours, rss_ours = kept_cost(driver, None, 0.5)
        floor, rss_floor = kept_cost(driver, 2, 4.0)
    finally:
        driver.close()
    rows = [Row("memory: RSS per kept closed session", "KiB", Stat.of([ours]), Stat.of([floor]),
                "TTL 2 s (dropped)", notes={"rss_ours": rss_ours, "rss_floor": rss_floor,
                                           "sessions": SESSIONS})]
    print(table(rows))
    write(rows, "kept_sessions")


if __name__ == "__main__":
    main()
