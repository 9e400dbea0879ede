"""N app instances behind Debian's nginx: the configuration, and a loopback run of it.

    python deploy/local.py start 3              # 3 instances + nginx on http://127.0.0.1:8080/
    python deploy/local.py start 3 --base rd    # the same under http://127.0.0.1:8080/rd/
    python deploy/local.py stop                 # stops exactly the processes `start` recorded
    python deploy/local.py render --instances 4 --tls --server-name repere.example.org > site.conf

`render` writes an nginx site file (what goes in /etc/nginx/sites-available/, inside Debian's
`http {}`); `start` wraps the same site file in a standalone nginx.conf (its own pid file, temp
folders and logs in a run folder) so nothing of the system nginx is touched. The tests
(tests/browser/test_deploy.py) and benchmarks/bench_lighthouse.py use `Cluster` from here, so
what is tested is what is shipped.

Why each directive is there: deploy/README.md. In short: every request of a browser goes to the
same instance (a random routing cookie set by nginx on the first visit, then `hash ...
consistent`), because a Streamlit session lives in one process's memory: its WebSocket, its
uploads (`/_stcore/upload_file`), its downloads (`/media/`) and its reconnection after a cut.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python deploy/local.py`: the app's packages (ui, assessment)
    sys.path.insert(0, str(ROOT))
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
DEFAULT_RUN_DIR = Path(tempfile.gettempdir()) / "repere-deploy"
COOKIE = "rd_node"
#: Idle timeout of a proxied WebSocket. Streamlit pings every 30 s (server.websocketPingInterval
#: default, starlette_server_config.py), so a live connection is never idle that long; a longer
#: timeout only bounds how long nginx keeps a half-dead one.
WS_TIMEOUT = "3600s"

#: What Streamlit 1.67's front end needs, and nothing else (checked in the browser console by
#: tests/browser/test_deploy.py: no violation on any stage). 'unsafe-inline' for scripts: the
#: app's own scripts (ui/guard.py, ui/look.py, ui/chrome.py) are st.html inline scripts that
#: Streamlit inserts itself; free text is never rendered as HTML (SECURITY.md). 'wasm-unsafe-eval'
#: (WebAssembly only, not JavaScript's eval): Streamlit's protobuf decoder (long.js) compiles a
#: tiny WebAssembly module for 64-bit arithmetic; without it the page works through a fallback,
#: but every page load reports a violation, which would hide real ones. Styles: Streamlit
#: and its widgets write <style> elements and style attributes at run time.
CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

#: Text types worth compressing. Streamlit's JavaScript is 2.7 MB uncompressed on a first visit.
COMPRESS_TYPES = ("text/css application/javascript text/javascript application/json "
                  "image/svg+xml text/plain application/manifest+json")


def _css_body(css: str) -> str:
    css = re.sub(r"</?style>", "", css)
    return " ".join(re.sub(r"/\*.*?\*/", "", css, flags=re.S).split())


def _scoped(css: str, scope: str) -> str:
    """Every rule prefixed with `scope` (one level of @media), except selectors that already
    start at the root (`html...`). In the <head>, before Streamlit's own styles, a rule must be
    more specific than the same rule in the page's body, which comes after them."""
    css, out, i = _css_body(css), [], 0
    while i < len(css):
        brace = css.find("{", i)
        if brace < 0:
            break
        head = css[i:brace].strip()
        if head.startswith("@"):
            depth, j = 1, brace + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(css[j], 0)
                j += 1
            out.append(head + " { " + _scoped(css[brace + 1:j - 1], scope) + " }")
            i = j
            continue
        close = css.index("}", brace)
        sels = [sel.strip() for sel in head.split(",")]
        out.append(", ".join(sel if sel.startswith("html") else f"{scope} {sel}" for sel in sels)
                   + " {" + css[brace + 1:close].strip() + "}")
        i = close + 1
    return " ".join(out)


def first_paint_css() -> list[str]:
    """The app's page-wide look (ui/chrome.py BASE_CSS, ui/look.py LOOK_CSS, ui/guard.py
    GUARD_CSS) and its right-to-left rules (RTL_CSS, only under <html data-rd-dir="rtl">), for the
    page's <head>.

    The app sends the same styles with its first element, but Streamlit draws an st.html
    element only once its code chunk has arrived, after the first text: on a phone the page
    was drawn, then moved (padding, title size, direction: layout shift 0.22 in French, 0.31 in
    Arabic). In the <head> they apply at the first paint. Same rules, so the app's own copy
    changes nothing when it arrives; the guard script (ui/guard.py) sets data-rd-dir to the
    page's direction on every run, so a language chosen later wins."""
    from ui.chrome import BASE_CSS, RTL_CSS
    from ui.guard import GUARD_CSS
    from ui.look import LOOK_CSS

    # Two style elements: one nginx parameter holds at most 4 kB.
    return ["<style>" + _scoped(BASE_CSS, "html") + " " + _scoped(LOOK_CSS, "html") + "</style>",
            "<style>" + _scoped(GUARD_CSS, "html") + " "
            + _scoped(RTL_CSS, 'html[data-rd-dir="rtl"]') + "</style>"]


def rtl_languages() -> list[str]:
    from babel import Locale

    from assessment.i18n import available

    return [code for code in available() if Locale.parse(code).text_direction == "rtl"]


def _nginx_string(text: str) -> str:
    if "$" in text:
        raise ValueError("a $ would read as an nginx variable")
    if len(text) > 4000:
        raise ValueError(f"{len(text)} characters: nginx takes at most 4 kB per parameter")
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _base(base: str) -> str:
    """'rd' or '/rd/' -> '/rd/'; '' -> '/'."""
    base = base.strip("/")
    return f"/{base}/" if base else "/"


def render(ports: list[int], *, listen: str = "127.0.0.1:8080", base: str = "",
           server_name: str = "_", tls: tuple[str, str] | None = None,
           brotli: bool = False, access_log: str = "/var/log/nginx/repere.access.log",
           upstream_host: str = "127.0.0.1") -> str:
    """The nginx site: maps, upstream, log format and server block(s), for inside `http {}`."""
    prefix = _base(base)
    ups = "\n".join(f"    server {upstream_host}:{p} max_fails=0;" for p in ports)
    secure = "; Secure" if tls else ""
    hsts = ('    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;\n'
            if tls else "")
    brotli_block = (f"    brotli on;\n    brotli_comp_level 5;\n    brotli_min_length 1024;\n"
                    f"    brotli_types {COMPRESS_TYPES};\n" if brotli else "")
    if tls:
        cert, key = tls
        listen_block = (f"    listen {listen} ssl http2;\n"
                        f"    ssl_certificate {cert};\n    ssl_certificate_key {key};\n"
                        "    ssl_protocols TLSv1.2 TLSv1.3;\n"
                        "    ssl_session_cache shared:repere_tls:10m;\n")
    else:
        listen_block = f"    listen {listen};\n"
    plain_http = ("" if not tls else f"""
# Plain HTTP only redirects to HTTPS (HSTS then keeps the browser on HTTPS).
server {{
    listen 80;
    server_name {server_name};
    access_log {access_log} repere;
    return 301 https://$host$request_uri;
}}
""")
    redirect = ("" if prefix == "/" else
                f"    location = / {{\n        return 302 {prefix};\n    }}\n\n")
    rtl = rtl_languages()
    dir_rules = "\n".join(f'    "~^{code}([-_:;,]|$)" rtl;\n    "~^:{code}([-_;,]|$)" rtl;' for code in rtl)
    look, guard = first_paint_css()
    head_open, head_close = _nginx_string("<head>" + look), _nginx_string(guard + "</head>")
    return f"""\
# Repérage du danger: {len(ports)} Streamlit instance(s) behind nginx. Generated by
# deploy/local.py render; deploy/README.md says why each directive is here.

# Sticky sessions on EVERY path. A Streamlit session lives in one process: its WebSocket, its
# uploads (/_stcore/upload_file), its downloads (/media/) and its reconnection after a cut must
# reach that process. nginx gives each new browser a random routing id ($request_id, 128 bits)
# in a cookie on its first response and hashes on it from then on. Round robin is unsupported
# (SECURITY.md). The cookie is only a routing id: it carries nothing about the assessment.
map $cookie_{COOKIE} $repere_node {{
    ""      $request_id;
    default $cookie_{COOKIE};
}}
map $cookie_{COOKIE} $repere_set_node {{
    ""      "{COOKIE}=$request_id; Path={prefix}; HttpOnly; SameSite=Strict{secure}";
    default "";
}}
map $http_upgrade $repere_connection {{
    default upgrade;
    ""      close;
}}

# The page's direction before the first paint: ?lang= first, else the browser's first language
# (the app negotiates the same way, ui/common.initial_locale; it corrects the mark if not).
map "$arg_lang:$http_accept_language" $repere_dir {{
    default ltr;
{dir_rules}
}}

upstream repere_app {{
    hash $repere_node consistent;
{ups}
    keepalive 16;
}}

# No query string ($uri, not $request), no body, no referrer, no cookie, no user agent.
log_format repere '$remote_addr [$time_local] "$request_method $uri" $status '
                  '$body_bytes_sent $request_time $upstream_addr';

server {{
{listen_block}    server_name {server_name};
    access_log {access_log} repere;
    # Redirects keep the scheme and host the browser used (a TLS terminator in front stays https).
    absolute_redirect off;

    # An assessment document is a few kB; Streamlit refuses over 1 MB (server.maxUploadSize).
    # The whole body stays in memory (never a temp file on disk), and so do responses:
    # proxy_max_temp_file_size 0 streams a large download instead of buffering it to disk.
    client_max_body_size 2m;
    client_body_buffer_size 2m;
    proxy_max_temp_file_size 0;

    gzip on;
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_proxied any;
    gzip_vary on;
    gzip_types {COMPRESS_TYPES};
{brotli_block}
    # Security headers, on every response (also errors: `always`). No add_header below this
    # level, so every location inherits them.
    add_header Set-Cookie $repere_set_node always;
    add_header Content-Security-Policy "{CSP}" always;
    add_header Referrer-Policy no-referrer always;
    add_header X-Content-Type-Options nosniff always;
    add_header X-Frame-Options DENY always;
    add_header X-Robots-Tag "noindex, nofollow" always;
    add_header Permissions-Policy "camera=(), microphone=(), geolocation=(), interest-cohort=()" always;
{hsts}
    location = /robots.txt {{
        default_type text/plain;
        return 200 "User-agent: *\\nDisallow: /\\n";
    }}

{redirect}    location {prefix} {{
        proxy_pass http://repere_app;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $repere_connection;
        # No retry on another instance: it would not hold the session.
        proxy_next_upstream off;
    }}

    # The page itself: the app's look and direction in its <head>, so the first paint is the
    # final layout (first_paint_css in deploy/local.py). Uncompressed from the app, so that
    # nginx can edit it (then gzips it).
    location = {prefix} {{
        proxy_pass http://repere_app;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header Accept-Encoding "";
        proxy_next_upstream off;
        sub_filter_once on;
        sub_filter '<html lang="en">' '<html lang="en" data-rd-dir="$repere_dir">';
        sub_filter '<head>' {head_open};
        sub_filter '</head>' {head_close};
    }}

    location {prefix}_stcore/stream {{
        proxy_pass http://repere_app;
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $repere_connection;
        proxy_next_upstream off;
        proxy_buffering off;
        # Longer than Streamlit's 30 s WebSocket ping.
        proxy_read_timeout {WS_TIMEOUT};
        proxy_send_timeout {WS_TIMEOUT};
    }}
}}
{plain_http}"""


def standalone(site: str, run_dir: Path, brotli: bool = False) -> str:
    """A complete nginx.conf around `site` for an unprivileged run in `run_dir`."""
    load = f"load_module {BROTLI_MODULE};\n" if brotli else ""
    return f"""\
{load}worker_processes 1;
daemon off;
pid {run_dir}/nginx.pid;
error_log {run_dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {run_dir}/body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;
    server_tokens off;
{site}
}}
"""


def brotli_available() -> bool:
    return BROTLI_MODULE.exists()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv if venv.exists() else sys.executable)


def _pump(stream, sink: list[bytes]) -> None:
    for chunk in iter(lambda: stream.read1(65536), b""):
        sink.append(chunk)


@dataclass
class Cluster:
    """N Streamlit instances and one nginx on loopback, started and stopped by process id.
    Output is kept in memory (tests) or in the run folder (`start` on the command line)."""
    instances: int = 3
    base: str = ""
    app: str = "app.py"  # the benchmarks' floor serves a one-line Streamlit script the same way
    port: int | None = None
    run_dir: Path | None = None
    brotli: bool | None = None
    log_to_files: bool = False
    ports: list[int] = field(default_factory=list)
    procs: list[subprocess.Popen] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    output: dict[str, list[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{_base(self.base)}".rstrip("/")

    @property
    def access_log(self) -> Path:
        return Path(self.run_dir) / "access.log"

    def _spawn(self, name: str, cmd: list[str], env=None) -> subprocess.Popen:
        if self.log_to_files:
            with open(Path(self.run_dir) / f"{name}.log", "ab") as out:
                return subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True, env=env)
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True, env=env)
        sink = self.output.setdefault(name, [])
        threading.Thread(target=_pump, args=(proc.stdout, sink), daemon=True).start()
        return proc

    def text(self, name: str) -> str:
        return b"".join(self.output.get(name, [])).decode("utf-8", "replace")

    def start(self, timeout: float = 90) -> Cluster:
        if self.run_dir is None:
            self.run_dir = Path(tempfile.mkdtemp(prefix="repere-deploy-"))
        self.run_dir = Path(self.run_dir)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.brotli is None:
            self.brotli = brotli_available()
        self.port = self.port or free_port()
        self.ports = [free_port() for _ in range(self.instances)]
        try:
            for i, p in enumerate(self.ports):
                cmd = [_python(), "-m", "streamlit", "run", self.app, "--server.port", str(p)]
                if self.base:
                    cmd += ["--server.baseUrlPath", self.base.strip("/")]
                self.procs.append(self._spawn(f"app-{i + 1}", cmd))
            site = render(self.ports, listen=f"127.0.0.1:{self.port}", base=self.base,
                          brotli=self.brotli, access_log=str(self.access_log))
            conf = self.run_dir / "nginx.conf"
            conf.write_text(standalone(site, self.run_dir, self.brotli), encoding="utf-8")
            self.nginx = self._spawn("nginx", [NGINX, "-p", str(self.run_dir), "-c", str(conf),
                                               "-e", str(self.run_dir / "nginx-error.log")])
            self._wait(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        health = _base(self.base) + "_stcore/health"
        pending = {f"app-{i + 1}": (p, proc) for i, (p, proc) in enumerate(zip(self.ports, self.procs, strict=True))}
        while pending:
            for name, (p, proc) in list(pending.items()):
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}: {self.text(name)[-2000:]}")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{p}{health}", timeout=2) as r:
                        if r.read().strip() == b"ok":
                            del pending[name]
                except OSError:
                    pass
            if self.nginx.poll() is not None:
                err = (self.run_dir / "nginx-error.log")
                raise RuntimeError(f"nginx exited with {self.nginx.returncode}: "
                                   f"{self.text('nginx')} {err.read_text() if err.exists() else ''}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"not healthy after {timeout}s: {sorted(pending)}")
            if pending:
                time.sleep(0.25)
        while True:  # nginx itself
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{health}", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("nginx does not answer")
            time.sleep(0.1)

    def pids(self) -> dict[str, int]:
        found = {f"app-{i + 1}": p.pid for i, p in enumerate(self.procs)}
        if self.nginx:
            found["nginx"] = self.nginx.pid
        return found

    def stop(self) -> None:
        for proc in ([self.nginx] if self.nginx else []) + self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in ([self.nginx] if self.nginx else []) + self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --------------------------------------------------------------------------- command line
def _record(run_dir: Path) -> Path:
    return run_dir / "pids.json"


def _is_ours(pid: int, what: str) -> bool:
    """The recorded id still names the process we started (not a recycled id)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return what in cmdline


def cli_start(args) -> int:
    run_dir = Path(args.run_dir)
    if _record(run_dir).exists():
        print(f"already started (see {_record(run_dir)}); run `stop` first", file=sys.stderr)
        return 2
    cluster = Cluster(instances=args.instances, base=args.base, port=args.port,
                      run_dir=run_dir, log_to_files=True)
    cluster.start()
    _record(run_dir).write_text(json.dumps({"url": cluster.url, "pids": cluster.pids()}, indent=1))
    print(f"{cluster.url}/  ({args.instances} instances on ports "
          f"{', '.join(map(str, cluster.ports))}; processes {cluster.pids()}; logs in {run_dir})")
    return 0


def cli_stop(args) -> int:
    record = _record(Path(args.run_dir))
    if not record.exists():
        print("nothing recorded: not started", file=sys.stderr)
        return 1
    pids = json.loads(record.read_text())["pids"]
    live = {}
    for name, pid in pids.items():
        if _is_ours(pid, "nginx" if name == "nginx" else "streamlit"):
            os.killpg(pid, signal.SIGTERM)  # each was started in its own session (group = pid)
            live[name] = pid
    deadline = time.monotonic() + 10
    for name, pid in live.items():
        while _is_ours(pid, "nginx" if name == "nginx" else "streamlit") and time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG) != (0, 0):
                    break
            except ChildProcessError:
                pass
            time.sleep(0.1)
    record.unlink()
    print(f"stopped {live}")
    return 0


def cli_render(args) -> int:
    ports = list(range(args.first_port, args.first_port + args.instances))
    tls = (args.cert, args.key) if args.tls else None
    listen = args.listen or ("443" if args.tls else "80")
    sys.stdout.write(render(ports, listen=listen, base=args.base, server_name=args.server_name,
                            tls=tls, brotli=args.brotli))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("start", help="start N instances + nginx on loopback")
    p.add_argument("instances", type=int, nargs="?", default=3)
    p.add_argument("--base", default="", help="server.baseUrlPath, e.g. rd")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--run-dir", default=str(DEFAULT_RUN_DIR))
    p.set_defaults(func=cli_start)
    p = sub.add_parser("stop", help="stop what `start` recorded, by process id")
    p.add_argument("--run-dir", default=str(DEFAULT_RUN_DIR))
    p.set_defaults(func=cli_stop)
    p = sub.add_parser("render", help="print the nginx site file for a real server")
    p.add_argument("--instances", type=int, default=2)
    p.add_argument("--first-port", type=int, default=8501)
    p.add_argument("--base", default="")
    p.add_argument("--listen", default="")
    p.add_argument("--server-name", default="_")
    p.add_argument("--tls", action="store_true")
    p.add_argument("--cert", default="/etc/ssl/certs/repere.pem")
    p.add_argument("--key", default="/etc/ssl/private/repere.key")
    p.add_argument("--brotli", action="store_true",
                   help="Debian: apt-get install libnginx-mod-http-brotli-filter first")
    p.set_defaults(func=cli_render)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
