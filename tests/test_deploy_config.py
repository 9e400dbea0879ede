"""deploy/: the nginx site file is valid for Debian's nginx in every variant, and says what
SECURITY.md promises (sticky on every path, nothing private in the access log)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy.local import NGINX, render, standalone

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {"root": {}, "sub-path": {"base": "rd"}, "tls": {"tls": True}, "brotli": {"brotli": True}}


def _nginx_t(tmp_path: Path, site: str, brotli: bool) -> subprocess.CompletedProcess:
    conf = tmp_path / "nginx.conf"
    conf.write_text(standalone(site, tmp_path, brotli), encoding="utf-8")
    return subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-e",
                           str(tmp_path / "error.log")], capture_output=True, text=True)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_rendered_site__nginx_accepts_it(tmp_path, variant):
    if not Path(NGINX).exists():
        pytest.skip(f"nginx not installed ({NGINX})")
    opts = dict(VARIANTS[variant])
    brotli = opts.pop("brotli", False)
    if brotli and not Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so").exists():
        pytest.skip("libnginx-mod-http-brotli-filter not installed")
    if opts.pop("tls", False):
        if not shutil.which("openssl"):
            pytest.skip("openssl not installed")
        cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True)
        opts["tls"] = (str(cert), str(key))
        opts["listen"] = "127.0.0.1:8443"
    site = render([8501, 8502, 8503], access_log=str(tmp_path / "access.log"), brotli=brotli, **opts)
    proc = _nginx_t(tmp_path, site, brotli)
    assert proc.returncode == 0, proc.stderr


def test_site__sticky_on_every_path_and_a_private_log():
    site = render([8501, 8502], base="rd", tls=("/c", "/k"))
    assert "hash $repere_node consistent;" in site
    # One upstream only, so no location can bypass the hash (uploads, media, WebSocket).
    assert len(re.findall(r"^upstream ", site, re.M)) == 1
    assert set(re.findall(r"proxy_pass (\S+);", site)) == {"http://repere_app"}
    fmt = re.search(r"log_format repere (.*?);", site, re.S).group(1)
    for private in ("$request ", "$request\"", "$request_uri", "$args", "$query_string",
                    "$request_body", "$http_referer", "$http_cookie", "$http_user_agent"):
        assert private not in fmt, private
    assert "$uri" in fmt
    assert "Strict-Transport-Security" in site and "Secure" in site
    assert "Strict-Transport-Security" not in render([8501])
    assert "proxy_max_temp_file_size 0;" in site  # no response buffered to disk


def _without_head_styles(site: str) -> str:
    """The two lines that carry the app's page-wide styles (they change with ui/*.py)."""
    return re.sub(r"sub_filter '(<head>|</head>)' '.*';", r"sub_filter '\1' ...;", site)


def test_shipped_example__is_what_render_writes():
    """deploy/nginx/repere.conf is `render --instances 2 --tls --brotli --server-name ...`.
    Its embedded styles may lag behind ui/ (operators render their own, deploy/README.md)."""
    shipped = (ROOT / "deploy" / "nginx" / "repere.conf").read_text(encoding="utf-8")
    rendered = render([8501, 8502], listen="443", server_name="repere.example.org",
                      tls=("/etc/ssl/certs/repere.pem", "/etc/ssl/private/repere.key"), brotli=True)
    assert _without_head_styles(shipped) == _without_head_styles(rendered), (
        "deploy/nginx/repere.conf is out of date: python deploy/local.py render --instances 2 "
        "--tls --brotli --server-name repere.example.org > deploy/nginx/repere.conf")
    assert _without_head_styles(rendered) != rendered  # the masking found both lines
