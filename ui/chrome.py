"""What surrounds every page: look, right-to-left, progress, language, quick exit."""
from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from assessment.i18n import N_, available, languages

from . import guard
from . import keys as K
from . import state as S
from .common import Ctx

if TYPE_CHECKING:
    from collections.abc import MutableMapping
    from typing import Any

    from assessment.i18n import Translator

#: Static CSS only (never user or translated text): right to left for Arabic (tech.md 2.7).
RTL_CSS = """<style>
.stApp { direction: rtl; }
.stApp h1, .stApp h2, .stApp h3, .stApp p, .stApp label, .stApp li,
.stApp [data-testid="stMarkdownContainer"], .stApp [data-testid="stCaptionContainer"] { text-align: right; }
.stApp [data-testid="stMarkdownContainer"] ul, .stApp [data-testid="stMarkdownContainer"] ol { padding-right: 1.2em; padding-left: 0; }
/* The collapsed sidebar sits on the right in RTL: push it off to the right, not over the page. */
.stApp [data-testid="stSidebar"][data-collapsed="true"] { transform: translateX(100vw); }
/* Arrows point the way the page reads: "next" (arrow_forward) points left, "back" right.
   Every button with an arrow_* icon is listed by key in ui/keys.ARROW_BUTTONS (tests/test_i18n_rtl_css.py). */
{arrows} { transform: scaleX(-1); }
/* The progress bar fills from the right: its track is mirrored (the fill is a translateX). */
.stApp [data-testid="stProgress"] [role="progressbar"] div:has(> [style*="translateX"]) { transform: scaleX(-1); }
</style>""".replace("{arrows}", ",\n".join(
    f'.stApp .st-key-{key} [data-testid="stIconMaterial"]' for key in K.ARROW_BUTTONS))
#: Calm, legible: a little more line height, larger radio targets for touch.
BASE_CSS = """<style>
.stApp [data-testid="stMarkdownContainer"] p { line-height: 1.55; }
.stApp [data-testid="stRadio"] label { min-height: 2.25rem; }
.stApp [data-testid="stCaptionContainer"] { opacity: 1; color: #5c5e68; }  /* contrast >= 4.5:1 (axe) */
/* Long single words ("Gefahreneinschätzung") must not break mid-word on a phone. */
.stApp h1, .stApp h2 { hyphens: auto; }
@media (max-width: 640px) { .stApp h1 { font-size: 2rem; } }
/* Streamlit's English-only hints (README "What remains in English"): the uploader's
   "1MB per file • JSON" (our label says it in the page's language), and "Press Enter to apply"
   before a field's character count (the count "12/300" stays, without its leading dot). */
.stApp [data-testid="stFileUploaderDropzoneInstructions"],
.stApp [data-testid="InputInstructions"] > span:first-child:not(:only-child) { display: none; }
.stApp [data-testid="InputInstructions"] > span:first-child:not(:only-child) + span::before { display: none; }
/* The sheet code is left to right in every language (ui/sheetcode.py), clear of the count. */
.stApp .st-key-sheet_code input { direction: ltr; text-align: left; }
</style>"""

#: Static script (no user or translated text): a new page opens at its top, not where the
#: previous page was scrolled to. The counter makes each one a new element so it runs again.
SCROLL_TOP_JS = """<script>/*{n}*/
for (const el of document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stMainBlockContainer"]')) {{ el.scrollTop = 0; }}
window.scrollTo(0, 0);
</script>"""


#: Static script (no user or translated text): tells screen readers the page's language
#: (WCAG 3.1.1), which Streamlit leaves at "en". It reads the code from the top bar's key (class
#: `st-key-bar-<code>`), accepts only a language-tag form, and sets <html lang>. Direction stays
#: with RTL_CSS. {n} is the language's position: a new language is a new element, which runs.
LANG_JS = """<script>/*{n}*/
(() => {{
  let tries = 0;
  const apply = () => {{
    const bar = document.querySelector('[class*="st-key-bar-"]');
    const m = bar && /(?:^|\\s)st-key-bar-([a-z]{{2,3}}(?:-[A-Za-z0-9]{{2,8}})*)(?:\\s|$)/.exec(bar.className);
    if (m) {{ document.documentElement.lang = m[1]; return; }}
    if (++tries < 120) requestAnimationFrame(apply);
  }};
  apply();
}})();
</script>"""


def page_language(t: Translator) -> None:
    """Set <html lang> to the language the page is in (see LANG_JS)."""
    codes = available()
    if t.locale in codes:
        st.html(LANG_JS.format(n=int(codes.index(t.locale))), unsafe_allow_javascript=True, width=1)


def scroll_to_top(state: MutableMapping[str, Any]) -> None:
    n = state.get(S.SCROLL_TOP)
    if n and state.get(K.SCROLLED) != n:
        state[K.SCROLLED] = n
        st.html(SCROLL_TOP_JS.format(n=int(n)), unsafe_allow_javascript=True, width=1)


FLOW_LABELS = {
    "start": N_("Accueil"), "before": N_("Avant les questions"), "questions": N_("Questions"),
    "review": N_("Synthèse"), "result": N_("Résultat"), "referral": N_("Orientation"),
}


def _on_language(ctx: Ctx) -> None:
    # Every widget's label changes with the language, so Streamlit draws it as a new widget the
    # browser shows empty (and sends back empty on the next click): the start page's mode radio
    # lost "training", a question lost its answer (tests/browser/test_training_view.py,
    # test_clicks.py). Keep the values in the store and seed every widget from it again.
    S.capture(ctx.state)
    S.forget_widgets(ctx.state)
    chosen = ctx.state.get(K.LANG)
    if chosen:
        ctx.state[S.LOCALE] = chosen
        st.query_params["lang"] = chosen


def language_select(ctx: Ctx, horizontal: bool = False) -> None:
    """One selector (key `lang`): on the start page (in a row), in the sidebar elsewhere.
    Answers stay. A radio, not a select box: every language shows under its own name, so a
    person who does not read the current one still finds hers, with one click; and it shares
    the radio's front-end code with the questions (a select box made the browser fetch 20 more
    files before the first question could be drawn)."""
    ctx.state[K.LANG] = ctx.state.get(S.LOCALE)
    names = {code: spec.get("name", code) for code, spec in languages().items()}
    st.radio(ctx.t("Langue"), available(), key=K.LANG, format_func=names.get,
             on_change=_on_language, args=(ctx,), horizontal=horizontal)


def quick_exit(state: MutableMapping[str, Any]) -> None:
    S.erase(state)
    state[S.NEUTRAL] = True


def top_bar(ctx: Ctx, stage: str, flow: list[str]) -> None:
    t = ctx.t
    # The key carries the page's language for LANG_JS (codes come from locales/languages.toml).
    with st.container(horizontal=True, vertical_alignment="center", gap="medium", key=K.bar_key(t.locale)):
        if stage in flow:
            step = flow.index(stage)
            label = t(FLOW_LABELS.get(stage, stage))
            st.progress((step + 1) / len(flow), text=t("Étape {n} sur {total} : {stage}").format(
                n=step + 1, total=len(flow), stage=label))
    # Quick exit itself is ui/guard.py's fixed button (it must work offline); these are the
    # server-side halves it presses.
    guard.server_buttons(quick_exit)


def sidebar(ctx: Ctx, stage: str) -> None:
    if stage == "start":
        return
    with st.sidebar:
        language_select(ctx)


def _restart(state: MutableMapping[str, Any]) -> None:
    S.erase(state)


def neutral_page(t: Translator) -> None:
    """After a quick exit: nothing that says what was on screen, nothing kept."""
    st.title(t("Bienvenue"))
    st.write(t("Aucune page ouverte."))
    st.button(t("Nouvelle page"), key=K.RESTART, on_click=_restart, args=(st.session_state,))
