"""Question first, keyboard second: what makes the questionnaire quick on a
phone and by keyboard. Static CSS and one static script, no user or translated text in either.

- The question is the most prominent line of its block; "why we ask" is a compact toggle under
  it (ui/questions.py), in the caption's colour.
- Every control shows a focus ring of 3 px in #0b57d0 (6.4:1 on white, 5.7:1 on the sidebar's
  #f0f2f6): WCAG 2.4.7 / 1.4.11 need at least 3:1.
- Keys (KEYS_JS): in a yes / no / don't-know group, Enter chooses the focused option (when none
  is chosen yet) and moves the focus to the next question, or to the page's main button after
  the last one; the arrows still choose (the group is one Tab stop, as the browser makes it).
  "Next unanswered question" (the `skip_unanswered` button) moves the focus to the first group
  of the page with no answer. Radio inputs lose Streamlit's empty `title`. A new page puts
  the focus on its first unanswered question, or on its title when it has none, so Tab goes
  on from there and not from the top of the window.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import streamlit as st

from . import keys as K
from . import state as S

LOOK_CSS = """<style>
/* A focus ring on every control, 3:1 or more against the page (WCAG 1.4.11, 2.4.7). */
.stApp :is(button, a, summary, input, textarea, select, [role="button"], [tabindex="0"], [role="combobox"]):focus-visible,
.stApp [data-baseweb="select"] > div:focus-within,
.stApp [data-baseweb="input"]:focus-within, .stApp [data-baseweb="textarea"]:focus-within {
  outline: 3px solid #0b57d0 !important; outline-offset: 2px; box-shadow: none;
}
/* Radios: the input is hidden; its option (the label around it) carries the ring. */
.stApp [data-testid="stRadio"] label:has(input:focus-visible) {
  outline: 3px solid #0b57d0; outline-offset: 2px; border-radius: 0.4rem;
}
.stApp [data-testid="stRadio"] input:focus-visible { outline: none !important; }
/* Streamlit's "Link to heading" anchors (English, a Tab stop each, useless here) go. */
.stApp [data-testid="stHeaderActionElements"] { display: none !important; }
/* Headings: one h1 per page (the page or the section), h2 for its parts: h2 at the old h3 size. */
.stApp [data-testid="stMainBlockContainer"] h2 { font-size: 1.5rem; padding-top: 0.75rem; }
/* The question is the line that stands out; its block is tight, the reason one tap away. */
.stApp [class*="st-key-qbox_"] [data-testid="stWidgetLabel"] p { font-size: 1.05rem; font-weight: 600; line-height: 1.4; }
.stApp [class*="st-key-qbox_"] { gap: 0; padding: 0.45rem 0.75rem 0.15rem; }
/* The question page's blocks: the page's own (title, notes, buttons) and the one inside the
   fragment that holds the questions (ui/questions.py), both tight. */
.stApp [data-testid="stVerticalBlock"]:has([class*="st-key-qbox_"]) { gap: 0.6rem; }
/* "Save to a file" sits in the navigation row, between back and next (ui/common.py nav): it takes
   the room left and its label wraps there, so the row stays one button high on a phone (its
   longest word, at least: when even that does not fit, the row wraps rather than overlaps). */
.stApp [data-testid="stHorizontalBlock"]:has(> :is(.st-key-nav_back, .st-key-nav_next)) > .st-key-save_prepare {
  flex: 1 1 0; min-width: min-content; display: flex; justify-content: center;
}
.stApp [data-testid="stHorizontalBlock"] > .st-key-save_prepare button { min-width: 0; text-align: center; }
.stApp [data-testid="stHorizontalBlock"] > .st-key-save_prepare :is(p, [data-testid="stMarkdownContainer"]) {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: normal; word-break: normal; line-height: 1.2;
}
@media (max-width: 640px) {
  /* On a phone the row needs the room: a smaller gap, and the save icon (decoration: the label says it) goes. */
  .stApp [data-testid="stHorizontalBlock"]:has(> .st-key-save_prepare) { gap: 0.5rem; }
  .stApp [data-testid="stHorizontalBlock"] > .st-key-save_prepare [data-testid="stIconMaterial"] { display: none; }
}
/* Streamlit's compact toggle is #9d9ea4 (2.7:1): #5c5e68 is 6.5:1 on white. */
.stApp [class*="st-key-why_"] summary { padding: 0.1rem 0; opacity: 1 !important; }
.stApp [class*="st-key-why_"] summary :is(p, span) { color: #5c5e68 !important; opacity: 1 !important; }
.stApp [class*="st-key-why_"] summary p { font-size: 0.9rem; }
.stApp [class*="st-key-why_"] [data-testid="stExpanderDetails"] { padding: 0.1rem 0 0.5rem; }
/* Non-visual elements (styles, scripts) take no gap; the page ends after its buttons. */
.stApp [data-testid="stElementContainer"]:has(> [data-testid="stHtml"]) { display: none; }
.stApp [data-testid="stMainBlockContainer"] { padding-bottom: 3rem; }
.stApp [data-testid="stMainBlockContainer"]:has(.st-key-skip_unanswered) { padding-bottom: 1.5rem; }
@media (max-width: 640px) {
  .stApp [data-testid="stMainBlockContainer"] { padding-top: 4.5rem; }
  .stApp [data-testid="stMainBlockContainer"]:has(.st-key-skip_unanswered) h1 { font-size: 1.6rem; padding-bottom: 0.25rem; }
}
/* The keyboard hint is for a desk, not a phone. */
@media (max-width: 640px) { .stApp .st-key-keys_hint { display: none; } }
</style>"""

#: Static script, installed once per page (see the module docstring). The question groups are
#: the radio groups in the main area; the main button is `nav_next` (else the page's primary).
KEYS_JS = """<script>
(() => {
  const rd = window.__rdKeys || (window.__rdKeys = {installed: false});
  if (rd.installed) return;
  rd.installed = true;
  // Streamlit gives every radio input an empty title (HTML_CodeSniffer H65: a control's title
  // must say its purpose); the option's label already names it, so the empty one goes.
  const untitle = () => { for (const el of document.querySelectorAll('input[title=""]')) el.removeAttribute('title'); };
  new MutationObserver(untitle).observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ['title']});
  untitle();
  const main = () => document.querySelector('[data-testid="stMain"]');
  // Not filtered on data-stale: during the run an answer starts, the groups below are stale.
  const groups = () => { const m = main(); return m ? [...m.querySelectorAll('[role="radiogroup"]')]
      .filter(g => g.getClientRects().length) : []; };
  const entry = (g) => g.querySelector('input[type="radio"]:checked') || g.querySelector('input[type="radio"]');
  const mainButton = () => {
    const m = main(); if (!m) return null;
    return m.querySelector('.st-key-nav_next button') || m.querySelector('button[kind="primary"]');
  };
  const unanswered = () => groups().find(g => !g.querySelector('input[type="radio"]:checked'));
  const put = (el, scroll) => {
    if (!el) return false;
    el.focus({preventScroll: !scroll});
    if (scroll) el.scrollIntoView({block: 'center'});
    return true;
  };
  rd.moveOn = (group) => {
    const all = groups(); const i = all.indexOf(group);
    const next = i >= 0 ? all[i + 1] : null;
    return put(next ? entry(next) : mainButton(), true);
  };
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key !== 'Enter' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.isComposing) return;
    if (!(t instanceof HTMLInputElement) || t.type !== 'radio') return;
    const group = t.closest('[role="radiogroup"]');
    const m = main();
    if (!group || !m || !m.contains(group)) return;
    e.preventDefault();
    if (!t.checked) t.click();
    rd.moveOn(group);
  }, true);
  document.addEventListener('click', (e) => {
    const skip = e.target instanceof Element && e.target.closest('.st-key-skip_unanswered button');
    if (!skip) return;
    const g = unanswered();
    put(g ? entry(g) : mainButton(), true);
  }, true);
})();
</script>"""

#: Static script: a new page puts the focus on its first unanswered question, else (all answered,
#: or no question) on its title
#: (made focusable by script only, tabindex -1), so Tab goes on from the page and not from the
#: window's top. {n} is the page counter (ui/state.py SCROLL_TOP): each page is a new element.
PAGE_FOCUS_JS = """<script>/*{n}*/
(() => {{
  let tries = 0;
  const place = () => {{
    const m = document.querySelector('[data-testid="stMain"]');
    const groups = m ? [...m.querySelectorAll('[role="radiogroup"]')].filter(
        g => g.getClientRects().length && !g.closest('[data-stale="true"]')) : [];
    const h1 = m && m.querySelector('h1');
    if (!groups.length && !h1) {{ if (++tries < 120) requestAnimationFrame(place); return; }}
    const open = groups.find(g => !g.querySelector('input[type="radio"]:checked'));
    const radio = open && open.querySelector('input[type="radio"]');
    if (radio) {{ radio.focus({{preventScroll: true}}); return; }}
    if (!h1) return;
    h1.setAttribute('tabindex', '-1');
    h1.focus({{preventScroll: true}});
  }};
  requestAnimationFrame(place);
}})();
</script>"""

_FOCUSED = K.FOCUSED


def render(state: MutableMapping[str, Any]) -> None:
    """The look and the keys; after a page change (not on the first page of a visit), the new
    page's focus. Drawn last on the page, so the page's own elements are there. LOOK_CSS
    itself is drawn first, with the base style (ui/main.py)."""
    st.html(KEYS_JS, unsafe_allow_javascript=True, width=1)
    n = state.get(S.SCROLL_TOP)
    if n and state.get(_FOCUSED) != n:
        state[_FOCUSED] = n
        st.html(PAGE_FOCUS_JS.format(n=int(n)), unsafe_allow_javascript=True, width=1)
