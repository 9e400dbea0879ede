"""Right to left: every arrow icon in ui/ is mirrored in Arabic (the browser test checks the
pixels for start / next / back; this one catches a new arrow button nobody listed)."""
from __future__ import annotations

import ast
from pathlib import Path

from ui import keys
from ui.chrome import RTL_CSS

UI = Path(__file__).resolve().parents[1] / "ui"


def key_value(key: ast.expr | None) -> str | None:
    """A key spelled as a literal or as a constant of ui/keys.py (`K.START`); None otherwise."""
    if isinstance(key, ast.Constant):
        return str(key.value)
    if isinstance(key, ast.Attribute) and isinstance(key.value, ast.Name) and key.value.id == "K":
        return getattr(keys, key.attr, None)
    return None


def arrow_buttons() -> list[tuple[str, int, str | None]]:
    found = []
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            kw = {k.arg: k.value for k in node.keywords if k.arg}
            icon = kw.get("icon")
            # Arrows that point along the line (up and down arrows read the same both ways).
            if isinstance(icon, ast.Constant) and str(icon.value).startswith(":material/arrow_") \
                    and not str(icon.value).startswith((":material/arrow_downward", ":material/arrow_upward")):
                key = kw.get("key")
                found.append((path.name, node.lineno, key_value(key)))
    return found


def test_there_are_arrow_buttons():
    assert {k for _f, _l, k in arrow_buttons()} >= {"start", "nav_next", "nav_back"}


def test_every_arrow_button_is_mirrored_right_to_left():
    missing = [(f, line, k) for f, line, k in arrow_buttons()
               if k is None or f'.st-key-{k} [data-testid="stIconMaterial"]' not in RTL_CSS]
    assert missing == [], "add these keys to RTL_CSS's mirrored arrows (ui/chrome.py)"


def test_progress_bar_is_mirrored_right_to_left():
    assert '[data-testid="stProgress"]' in RTL_CSS and "scaleX(-1)" in RTL_CSS
