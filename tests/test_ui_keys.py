"""Every session-state key of ui/ is declared in ui/keys.py: no string literal (nor f-string, nor
"prefix" + id) is passed as a widget's `key=`, used as a `session_state[...]` index, given to
`.get` / `.pop` / `.setdefault` of the state, tested with `in state`, or given as the key of the
field helpers (common.text_field, common.answer_radio, state.seed)."""
from __future__ import annotations

import ast
from pathlib import Path

from ui import keys as K

UI = Path(__file__).resolve().parents[1] / "ui"
#: Helpers whose argument at this position is a session key.
KEY_ARGUMENT = {"text_field": 1, "answer_radio": 1, "seed": 1}


def _is_state(node: ast.expr) -> bool:
    """`st.session_state`, `state`, `ctx.state`, `self.state`..."""
    return (isinstance(node, ast.Name) and node.id == "state") or (
        isinstance(node, ast.Attribute) and node.attr in ("state", "session_state"))


def _spelled(node: ast.expr | None) -> bool:
    """A key spelled in place instead of named: a literal, an f-string, or a sum with one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _spelled(node.left) or _spelled(node.right) or any(
            isinstance(side, ast.Attribute) and side.attr.endswith("PREFIX") for side in (node.left, node.right))
    return False


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def spelled_keys(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        candidates: list[ast.expr | None] = []
        if isinstance(node, ast.Call):
            candidates += [kw.value for kw in node.keywords if kw.arg == "key"]
            name = _name(node.func)
            if isinstance(node.func, ast.Attribute) and name in ("get", "pop", "setdefault") \
                    and _is_state(node.func.value) and node.args:
                candidates.append(node.args[0])
            if name in KEY_ARGUMENT and len(node.args) > KEY_ARGUMENT[name]:
                candidates.append(node.args[KEY_ARGUMENT[name]])
        elif isinstance(node, ast.Subscript) and _is_state(node.value):
            candidates.append(node.slice)
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops) \
                and any(_is_state(c) for c in node.comparators):
            candidates.append(node.left)
        found += [(node.lineno, ast.unparse(c)) for c in candidates if _spelled(c)]
    return found


def test_no_key_is_spelled_outside_ui_keys():
    spelled = {path.name: hits for path in sorted(UI.glob("*.py")) if path.name != "keys.py"
               for hits in [spelled_keys(path.read_text("utf-8"))] if hits}
    assert spelled == {}, "declare these keys in ui/keys.py and use the constant or function"


def test_the_scan_finds_what_it_should():
    source = '''
st.button("x", key="nav_next")
st.radio("x", [], key=f"ans_{item}")
state["stage"] = "start"
ctx.state.get("mode")
st.session_state.pop("_flash", None)
if "lang" in st.session_state: pass
text_field(ctx, "case_code", "label")
S.seed(ctx.state, "consent")
answer_radio(ctx, S.ANSWER_PREFIX + item.id, "label")
st.button("x", key=K.NAV_NEXT)
text_field(ctx, K.when_key(item), "label")
state[K.STAGE] = "start"
other["not a state"] = 1
'''
    assert [line for line, _ in spelled_keys(source)] == [2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_keys_are_distinct():
    """Two names for one key would make two widgets share a value."""
    values = [v for n, v in vars(K).items() if n.isupper() and isinstance(v, str) and not n.endswith("PREFIX")]
    assert len(values) == len(set(values))


def test_css_and_scripts_select_only_declared_keys():
    """A `.st-key-<key>` class in ui/'s static CSS and scripts names a key of ui/keys.py (or a
    family's prefix, `[class*="st-key-qbox_"]`): renaming a key there without its CSS fails."""
    import re

    declared = {v for n, v in vars(K).items() if n.isupper() and isinstance(v, str)} | {K.bar_key("")}
    used = {(path.name, name) for path in sorted(UI.glob("*.py")) if path.name != "keys.py"
            for name in re.findall(r"st-key-([A-Za-z0-9_-]+)", path.read_text("utf-8"))}
    assert used, "the scan finds the keys the CSS selects"
    assert sorted((f, name) for f, name in used if name not in declared) == []
