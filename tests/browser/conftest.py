"""Real-browser harness: the app served as `make run` serves it, driven by Playwright.

One Streamlit server and one browser per test session. The browser runs on Playwright's async
API inside a dedicated event-loop thread (`drive`), so tests stay plain functions and several
browser contexts can run truly concurrently (asyncio.gather) against the one server.

Browser choice: Debian's chromium (/usr/bin/chromium), else Playwright's own browser when it is
installed on a user's machine. Without any browser the tests skip with the reason, except when
CI=true, where that is a failure (a CI run must not pass by skipping its browser tests).
"""
from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import helpers

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
AXE_PREFIX = Path(__file__).resolve().parent / "vendor"  # vendor/node_modules is git-ignored
AXE_JS = AXE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() == "true"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _unavailable(reason: str):
    """Skip on a developer's machine; fail in CI, where a skip would hide a broken set-up."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- server
@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    output: list[bytes] = field(default_factory=list)  # stdout + stderr, kept in memory only

    def text(self) -> str:
        return b"".join(self.output).decode("utf-8", "replace")


def _pump(stream, sink: list[bytes]) -> None:
    for chunk in iter(lambda: stream.read1(65536), b""):
        sink.append(chunk)


def start_server(port: int | None = None, timeout: float = 60, script: str = "app.py",
                 poll: float = 0.25) -> Server:
    """`make run` without make: the venv's python -m streamlit run app.py --server.port PORT,
    from the repository root so .streamlit/config.toml applies (address 127.0.0.1, telemetry off,
    toolbar in viewer mode). Output is captured in memory (never a file), for the privacy test.
    `script` and `poll` (health check interval, s) are for benchmarks/bench_browser.py."""
    port = port or _free_port()
    python = ROOT / ".venv" / "bin" / "python"
    cmd = [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", script,
           "--server.port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", proc)
    threading.Thread(target=_pump, args=(proc.stdout, server.output), daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            time.sleep(0.2)
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{server.text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(f"streamlit not healthy after {timeout}s:\n{server.text()[-3000:]}")
        time.sleep(poll)


def stop_server(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.terminate()
        try:
            server.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server():
    srv = start_server()
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def app_url(server) -> str:
    return server.url


# --------------------------------------------------------------------------- browser
class Driver:
    """An asyncio loop in its own thread, holding Playwright and one browser."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="playwright-loop",
                                       daemon=True)
        self.thread.start()
        self.playwright = None
        self.browser = None
        self.browser_name = ""

    def run(self, coro, timeout: float = 240):
        """Run a coroutine on the browser loop and return its result (exceptions propagate)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _launch(self) -> str | None:
        from playwright.async_api import async_playwright

        self.playwright = await async_playwright().start()
        errors = []
        debian = shutil.which("chromium") or shutil.which("chromium-browser")
        candidates = ([("Debian chromium " + debian, {"executable_path": debian})] if debian else [])
        candidates.append(("Playwright's own chromium", {}))
        for name, extra in candidates:
            try:
                self.browser = await self.playwright.chromium.launch(args=CHROMIUM_ARGS, **extra)
                self.browser_name = f"{name} {self.browser.version}"
                return None
            except Exception as exc:  # no such executable / not downloaded
                errors.append(f"{name}: {str(exc).splitlines()[0]}")
        return ("no browser for the real-browser tests: install Debian's chromium "
                "(apt-get install chromium) or run `playwright install chromium`. Tried: "
                + "; ".join(errors))

    async def _close(self) -> None:
        if self.browser:
            await self.browser.close()
        if self.playwright:
            await self.playwright.stop()

    def close(self) -> None:
        try:
            self.run(self._close(), timeout=30)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def driver():
    try:
        import playwright  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    drv = Driver()
    problem = drv.run(drv._launch(), timeout=60)
    if problem:
        drv.close()
        _unavailable(problem)
    yield drv
    drv.close()


# --------------------------------------------------------------------------- axe-core
def ensure_axe() -> str | None:
    """axe-core from the npm registry into tests/browser/vendor (git-ignored), once.
    Returns None when ready, else the reason it is not."""
    if AXE_JS.exists():
        return None
    npm = shutil.which("npm")
    if not npm:
        return "npm is not available to install axe-core (apt-get install npm)"
    AXE_PREFIX.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([npm, "install", "--prefix", str(AXE_PREFIX), "--no-save",
                           "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error",
                           "axe-core@4"], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not AXE_JS.exists():
        return f"npm install axe-core@4 failed: {(proc.stderr or proc.stdout).strip()[-500:]}"
    return None


@pytest.fixture(scope="session")
def axe_source() -> str:
    problem = ensure_axe()
    if problem:
        _unavailable(problem)
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def app(driver, server, artifacts):
    """Everything a browser test needs, in one object (see helpers.App)."""
    return helpers.App(driver=driver, url=server.url, server=server, artifacts=artifacts)
