"""Configuration that protects the people described in the data."""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))


def test_telemetry_is_off():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_xsrf_protection_is_on_and_uploads_are_limited():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["maxUploadSize"] <= 1


def test_no_toolbar_menu_and_no_error_details_for_users():
    # "minimal": no Deploy / developer items, and no English-only ⋮ menu (README "What remains in English")
    assert CONFIG["client"]["toolbarMode"] == "minimal"
    assert CONFIG["client"]["showErrorDetails"] in ("none", False)


def test_no_full_garbage_collection_after_every_run():
    # Streamlit's default walks every object after each run: at 100 sessions that walk was most
    # of a click's cost (docs/PERFORMANCE.md, "Load"); with it off one process holds 100 professionals.
    assert CONFIG["runner"]["postScriptGC"] is False


def test_server_listens_on_loopback_by_default():
    assert CONFIG["server"]["address"] == "127.0.0.1"


def _python_sources():
    for path in [ROOT / "app.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "assessment").rglob("*.py")]:
        if path.exists():
            yield path, path.read_text("utf-8")


def _static(node: ast.AST, constants: set[str]) -> bool:
    """A module-level string constant, or one formatted with int(...) values only."""
    if isinstance(node, ast.Name):
        return node.id in constants
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
            and isinstance(node.func.value, ast.Name) and node.func.value.id in constants and not node.args):
        return all(isinstance(k.value, ast.Call) and isinstance(k.value.func, ast.Name)
                   and k.value.func.id == "int" for k in node.keywords)
    return False


def test_html_or_javascript_rendering__only_for_static_snippets():
    """User or translated text must never reach HTML/JS rendering: where a switch is on, the
    content is a module-level string constant (formatted with integers at most)."""
    offenders = []
    for path, text in _python_sources():
        tree = ast.parse(text)
        constants = {t.id for n in tree.body if isinstance(n, ast.Assign)
                     and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                     for t in n.targets if isinstance(t, ast.Name)}
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            unsafe = [k for k in call.keywords if k.arg in ("unsafe_allow_html", "unsafe_allow_javascript")
                      and not (isinstance(k.value, ast.Constant) and k.value.value is False)]
            if unsafe and not (call.args and _static(call.args[0], constants)):
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert offenders == []


def test_static_snippet_check__catches_translated_or_user_text():
    tree = ast.parse("X = '<b>'\nst.markdown(t(name), unsafe_allow_html=True)\n")
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.keywords)
    assert not _static(call.args[0], {"X"})
    assert _static(ast.parse("X.format(n=int(k))").body[0].value, {"X"})
    assert not _static(ast.parse("X.format(n=name)").body[0].value, {"X"})


def test_no_logging_of_answers_and_no_network_clients_in_the_code():
    banned = re.compile(r"^\s*(import|from)\s+(logging|requests|urllib\.request|http\.client|socket)\b", re.M)
    offenders = [f"{p.relative_to(ROOT)}" for p, text in _python_sources() if banned.search(text)]
    assert offenders == []


def test_core_does_not_import_streamlit():
    offenders = [p.name for p in (ROOT / "assessment").rglob("*.py")
                 if re.search(r"^\s*(import|from)\s+streamlit", p.read_text("utf-8"), re.M)]
    assert offenders == []


def test_disconnected_sessions_kept_30_minutes__as_the_readme_says():
    """Streamlit's default (120 s) lost the interview after a two-minute cut; the README's
    deployment section gives the figure and its memory cost, so both must change together."""
    ttl = CONFIG["server"]["disconnectedSessionTTL"]
    assert ttl == 1800
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"server.disconnectedSessionTTL = {ttl}" in readme
    assert f"{ttl // 60} minutes" in readme
