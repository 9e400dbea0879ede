"""The import graph of assessment/ and ui/, read from the source with `ast`.

- No circle: counting every import, the ones inside functions too (a function-level import
  that closes a circle only hides it until the function runs).
- A function-level import of a package module is listed in LAZY with its reason; anything
  else goes at the top of the module. (One of a module the file already imports at the top
  loads nothing more and is not counted.)
- The maintainer tooling (assessment/tooling/) is imported by nothing under ui/ and by no
  runtime module of assessment/ (only assessment/cli.py, inside the commands that need it).
- assessment/base.py is a leaf: at run time it imports nothing of the package.
Imports under `if TYPE_CHECKING:` are for annotations only and are not counted.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assessment", "ui")

_CLI = "a command loads only what it runs, so `python -m assessment score` starts fast"
_PDF = "ReportLab and the PDFs load with the first sheet only, not with the app's first page"
_PAGE = "loaded when the page or action that needs it runs, not with the app's first page"
_REFERRALS = "the referral directories load on the first use of a region's text"
_FHIR = "fhir.resources (large) loads only for an export or an import"
_SCORE = "the engine and the documents load when a result is needed, not with the first page"
_COURSE = "the course's case answers and certificate load with the course, not with the app"
_CROSSWALK = "the crosswalk between versions loads only when two versions are compared"

#: (importer, imported module): why the import is inside a function.
LAZY: dict[tuple[str, str], str] = {
    **{("assessment.cli", m): _CLI for m in (
        "assessment.compare", "assessment.document", "assessment.fhir", "assessment.handouts",
        "assessment.loader", "assessment.model", "assessment.paper", "assessment.referrals",
        "assessment.report", "assessment.sheetcode", "assessment.tooling.release",
        "assessment.tooling.validate", "assessment.wording")},
    **{("assessment.compare", m): _SCORE for m in (
        "assessment.document", "assessment.scoring", "assessment.inputs")},
    ("assessment.compare", "assessment.crosswalk"): _CROSSWALK,
    ("assessment.course", "assessment.i18n"): "the checker alone needs every language",
    ("assessment.course", "assessment.scoring"): _COURSE,
    ("assessment.course", "assessment.training"): _COURSE,
    **{("assessment.fhir", m): _FHIR for m in (
        "assessment.document", "assessment.inputs", "assessment.scoring", "assessment.wording")},
    **{("assessment.handouts", m): _PDF for m in (
        "assessment.course", "assessment.referrals", "assessment.training")},
    ("assessment.paper", "assessment.referrals"): _REFERRALS,
    **{("assessment.report", m): _PDF for m in (
        "assessment.compare", "assessment.crosswalk", "assessment.protect",
        "assessment.referrals", "assessment.sheetcode")},
    **{("assessment.sheetcode", m): _CLI for m in (
        "assessment.document", "assessment.i18n", "assessment.inputs", "assessment.loader",
        "assessment.wording")},
    ("assessment.wording", "assessment.crosswalk"): _CROSSWALK,
    ("assessment.wording", "assessment.referrals"): _REFERRALS,
    ("ui.before", "ui.state"): _PAGE,
    **{("ui.common", m): _SCORE for m in (
        "assessment.document", "assessment.errors", "assessment.report", "assessment.scoring",
        "assessment.wording", "assessment.loader")},
    **{("ui.compare", m): _SCORE for m in (
        "assessment.document", "assessment.errors", "assessment.scoring", "assessment.compare")},
    **{("ui.course", m): _COURSE for m in (
        "assessment.certificate", "assessment.errors", "assessment.training", "assessment.wording")},
    **{("ui.fhir_export", m): _FHIR for m in ("assessment.errors", "assessment.fhir")},
    **{("ui.main", m): _PAGE for m in ("ui.resume", "ui.router")},
    **{("ui.paper", m): _PDF for m in ("assessment.paper", "ui.plan")},
    **{("ui.referral", m): _PAGE for m in ("assessment.wording", "ui.fhir_export")},
    ("ui.result", "assessment.crosswalk"): _CROSSWALK,
    **{("ui.resume", m): _SCORE for m in (
        "assessment.document", "assessment.errors", "assessment.fhir", "assessment.scoring")},
    ("ui.sheet", "ui.compare"): _PAGE,
    **{("ui.sheetcode", m): _SCORE for m in (
        "assessment.document", "assessment.errors", "assessment.scoring", "assessment.sheetcode")},
    **{("ui.start", m): _PAGE for m in ("ui.router", "ui.sheetcode")},
    ("ui.state", "assessment.model"): _PAGE,
    **{("ui.training", m): _PAGE for m in (
        "assessment.handouts", "assessment.referrals", "ui.plan")},
}

#: Circles not yet broken, each with why (it must shrink, never grow).
KNOWN_CIRCLES: dict[frozenset[str], str] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _targets(module: str, node: ast.Import | ast.ImportFrom, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".")
            base = base[: len(base) - node.level + (1 if is_package else 0)]
            prefix = ".".join([*base, *([node.module] if node.module else [])])
        else:
            prefix = node.module or ""
        names = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in MODULES else prefix
                 for a in node.names]
    return [name for name in names if name in MODULES]


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports() -> dict[str, tuple[set[str], set[str]]]:
    """{module: (imported at the top, imported inside a function)}."""
    graph = {}
    for module, path in MODULES.items():
        top: set[str] = set()
        lazy: set[str] = set()
        is_package = path.name == "__init__.py"

        def visit(node: ast.AST, in_function: bool, top: set[str] = top, lazy: set[str] = lazy,
                  module: str = module, is_package: bool = is_package) -> None:
            for child in ast.iter_child_nodes(node):
                if _is_type_checking(child):
                    continue
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    (lazy if in_function else top).update(
                        t for t in _targets(module, child, is_package) if t != module)
                visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

        visit(ast.parse(path.read_text("utf-8")), False)
        graph[module] = (top, lazy - top)
    return graph


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle():
    graph = {m: top | lazy for m, (top, lazy) in imports().items()}
    unexpected = [sorted(c) for c in circles(graph) if c not in KNOWN_CIRCLES]
    assert not unexpected, f"import circles: {unexpected}"


def test_known_circles_still_exist():
    graph = {m: top | lazy for m, (top, lazy) in imports().items()}
    gone = [sorted(c) for c in KNOWN_CIRCLES if c not in circles(graph)]
    assert not gone, f"circles broken: take them out of KNOWN_CIRCLES: {gone}"


def test_function_level_imports_have_a_reason():
    found = {(m, t) for m, (_top, lazy) in imports().items() for t in lazy}
    unlisted = sorted(found - set(LAZY))
    assert not unlisted, ("import inside a function, not listed in LAZY with a reason "
                          f"(or move it to the top of the module): {unlisted}")
    stale = sorted(set(LAZY) - found)
    assert not stale, f"LAZY lists imports that are gone: {stale}"


def test_runtime_never_imports_the_tooling():
    offenders = sorted(
        (m, t) for m, (top, lazy) in imports().items() for t in top | lazy
        if (t == "assessment.tooling" or t.startswith("assessment.tooling."))
        and not m.startswith("assessment.tooling") and m != "assessment.cli")
    assert not offenders, f"runtime code imports the maintainer tooling: {offenders}"


def test_base_is_a_leaf():
    top, lazy = imports()["assessment.base"]
    assert not top | lazy, f"assessment/base.py must import nothing of the package: {top | lazy}"


def test_the_graph_sees_imports():
    """Guard against a parser that finds nothing (every test above would pass)."""
    graph = imports()
    assert "assessment.loader" in graph["assessment.scoring"][0]
    assert "assessment.tooling.validate" in graph["assessment.cli"][1]
