"""The command line as a user runs it: real subprocesses, exit codes, one clear line, no traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assessment", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=60)


def case(**extra) -> str:
    return json.dumps({"questionnaire": "danger-screen",
                       "answers": {"strangulation": "yes", "separation": "unknown"}} | extra)


def test_validate__ok_with_counts():
    out = cli("validate")
    assert out.returncode == 0, out.stderr
    from assessment.loader import Registry

    reg = Registry.scan()  # the counts follow the data (a maintainer adding a version edits no test)
    items = sum(len(v.questionnaire.items) for v in reg.loaded.values())
    assert out.stdout.startswith("OK:") and f"versions={len(reg.loaded)}, items={items}" in out.stdout


def test_score_json__has_the_contract_keys(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(case(), "utf-8")
    out = cli("score", str(path), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in ("questionnaire", "level", "computed_level", "level_max", "score", "score_max",
                "rules", "alerts", "unknown", "to_clarify", "insufficient_information", "judgement"):
        assert key in data
    assert data["questionnaire"]["id"] == "danger-screen" and len(data["questionnaire"]["sha256"]) == 64
    assert data["level"] == "high" and data["level_max"] == "severe"
    assert data["to_clarify"][0] in {"weapon_threat", "threat_to_kill"}  # a yes makes it severe


def test_score_text__from_stdin_says_level_reasons_and_what_to_clarify():
    out = cli("score", "-", "--format", "text", stdin=case())
    assert out.returncode == 0, out.stderr
    assert "Danger élevé" in out.stdout and "floor_strangulation" in out.stdout
    assert "ne peut pas être exclu" in out.stdout


@pytest.mark.parametrize("document, code, named", [
    ('{"questionnaire": "danger-screen", "answers": {"nope": "yes"}}', "A304", "nope"),
    # an id with a line break is shown escaped: the message stays one line (found by hypothesis)
    ('{"questionnaire": "danger-screen", "answers": {"a\\r\\nb": "yes"}}', "A304", "a\\r\\nb"),
    ('{"questionnaire": "danger-screen", "answers": {"strangulation": "maybe"}}', "A305", "strangulation"),
    ('{"questionnaire": "other"}', "A302", "other"),
    ('{"questionnaire": "danger-screen", "version": "9.0.0"}', "A303", "9.0.0"),
    ('{"questionnaire": "danger-screen", "answers": {"strangulation": "yes"},'
     ' "judgement": {"level": "low", "rationale": "x"}}', "J401", "low"),
    ('{"questionnaire": "danger-screen", "judgement": {"level": "severe", "rationale": ""}}', "J402", "motivé"),
    ('{"questionnaire": "danger-screen", "colour": "red"}', "A306", "colour"),
    ("not json {", "A301", "JSON"),
    ("[1, 2]", "A301", "JSON"),
])
def test_score__bad_document_exits_2_with_one_clear_line(document, code, named):
    out = cli("score", "-", stdin=document)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and code in lines[0] and named in lines[0]
    assert "Traceback" not in out.stderr


def test_score__missing_file_exits_2():
    out = cli("score", "/nonexistent/case.json")
    assert out.returncode == 2 and "Q100" in out.stderr and "Traceback" not in out.stderr


def test_schema__exports_the_questionnaire_json_schema():
    out = cli("schema")
    schema = json.loads(out.stdout)
    assert out.returncode == 0 and "sections" in schema["properties"] and "Item" in schema["$defs"]


def test_score__does_not_import_streamlit_reportlab_or_matplotlib():
    code = ("import sys, runpy; sys.argv=['assessment','score','-'];"
            "import io; sys.stdin=io.TextIOWrapper(io.BytesIO(b'{\"questionnaire\": \"danger-screen\"}'));"
            "from assessment.cli import main; main(['score','-']);"
            "bad=[m for m in ('streamlit','reportlab','matplotlib') if m in sys.modules]; print('BAD', bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().endswith("BAD []"), out.stdout + out.stderr


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


def test_validate_score_and_pdf__write_nothing_to_disk(tmp_path):
    """In an isolated copy (so other work on the tree cannot interfere), with HOME and TMPDIR
    inside it: validate, score and `pdf -o -` leave every file as it was and add none."""
    import shutil

    copy = tmp_path / "repo"
    for part in ("assessment", "questionnaires", "locales", "referrals", "training", "course", "ui"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "app.py", copy / "app.py")
    (copy / "home").mkdir()
    (copy / "tmp").mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(copy / "home"), "TMPDIR": str(copy / "tmp"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    before = _snapshot(copy)
    for args, stdin in ((["validate"], None), (["score", "-"], case()), (["pdf", "-", "-o", "-"], case())):
        out = subprocess.run([sys.executable, "-m", "assessment", *args], cwd=copy, capture_output=True,
                             input=stdin.encode() if stdin else None, env=env, timeout=120)
        assert out.returncode == 0, out.stderr.decode()
    assert _snapshot(copy) == before


def _released_tree(tmp_path: Path, status: str = "released") -> Path:
    from .helpers import MINI

    root = tmp_path / "questionnaires"
    (root / "mini").mkdir(parents=True)
    (root / "mini" / "1.0.0.yaml").write_text(
        MINI.read_text("utf-8").replace("status: released", f"status: {status}"), "utf-8")
    return root


def test_release__says_what_it_did_then_refuses_a_changed_file(tmp_path):
    root = _released_tree(tmp_path)
    out = cli("release", "mini", "1.0.0", "--questionnaires", str(root))
    assert out.returncode == 0, out.stderr
    assert "released.json" in out.stdout and "mini 1.0.0" in out.stdout
    path = root / "mini" / "1.0.0.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Mini", "title: Mini modifié", 1), "utf-8")
    out = cli("release", "mini", "1.0.0", "--questionnaires", str(root), "--locale", "en")
    assert out.returncode == 2 and "M205" in out.stderr and "1.1.0" in out.stderr
    assert "Traceback" not in out.stderr


def test_release__refuses_a_draft(tmp_path):
    root = _released_tree(tmp_path, status="draft")
    out = cli("release", "mini", "1.0.0", "--questionnaires", str(root))
    assert out.returncode == 2 and "M204" in out.stderr and "status: released" in out.stderr
    assert not (root / "released.json").exists()
