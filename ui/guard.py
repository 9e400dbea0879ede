"""What protects the interview in the browser itself, where the server cannot help.

The server can only act while the page is connected; these moments are not:
- **Quick exit** (`#rd-exit`, a plain HTML button fixed at the top of every page, first in the
  Tab order, and the shortcut: Shift pressed three times, as GOV.UK's "Exit this page"). It
  works with no connection: the page is emptied and replaced by `about:blank` on the client; when
  connected, the server-side erase (the hidden `quick_exit` button) is sent first.
- **Leaving by mistake**: while answers exist, the browser asks before a reload, a tab close or
  a navigation away (Back included), with its standard `beforeunload` prompt.
- **A cut connection**: Streamlit's English "Connection error" dialog is replaced by a message
  in her language, with a button that hides the answers until the connection returns.
- **A lost session** (kept for `server.disconnectedSessionTTL`, see .streamlit/config.toml; a
  longer cut or a server restart loses it): when the connection returns, the page asks the
  server for a run (the hidden `rd_sync` button). A new server session has a new token, so the
  page says at once, in her language, that the assessment was interrupted and nothing was kept.

One static script (no user or translated text in it); the texts come from data attributes of
a hidden element, escaped. The script installs itself once per page and reads the newest
element on every event, so each run only has to redraw that element.
"""
from __future__ import annotations

import html
import secrets
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from . import keys as K
from . import state as S

if TYPE_CHECKING:
    from collections.abc import Callable

    from assessment.i18n import Translator

SESSION_TOKEN = K.SESSION_TOKEN
SYNC_KEY = K.RD_SYNC
EXIT_KEY = K.QUICK_EXIT

GUARD_JS = """<script>
(() => {
  const rd = window.__rd || (window.__rd = {sid: null, dirty: false, exiting: false, offline: false,
                                          shifts: [], installed: false});
  const guard = () => { const all = document.querySelectorAll('#rd-guard'); return all[all.length - 1]; };
  const text = (name) => { const g = guard(); return (g && g.dataset[name]) || ''; };
  const hiddenButton = (key) => document.querySelector('.st-key-' + key + ' button');

  const el = (tag, attrs, label) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (label !== undefined) node.textContent = label;
    return node;
  };

  function exitNow() {
    rd.exiting = true;
    const server = hiddenButton('quick_exit');
    const connected = !rd.offline && server && !server.disabled;
    if (connected) server.click();  // the server forgets the session too
    const leave = () => { document.body.replaceChildren(); location.replace('about:blank'); };
    document.documentElement.classList.add('rd-exiting');  // hides everything at once (CSS)
    if (connected) setTimeout(leave, 150); else leave();
  }

  function ensureChrome() {
    let exit = document.getElementById('rd-exit');
    if (!exit) {
      exit = el('button', {id: 'rd-exit', type: 'button'});
      document.body.prepend(exit);
    }
    let bar = document.getElementById('rd-offline');
    if (!bar) {
      bar = el('div', {id: 'rd-offline', role: 'alert', hidden: ''});
      bar.append(el('p', {id: 'rd-offline-text'}), el('button', {id: 'rd-hide', type: 'button'}));
      exit.after(bar);
    }
    let lost = document.getElementById('rd-lost');
    if (!lost) {
      lost = el('div', {id: 'rd-lost', role: 'alert', hidden: ''});
      lost.append(el('p', {id: 'rd-lost-text'}), el('button', {id: 'rd-lost-ok', type: 'button'}));
      bar.after(lost);
    }
    // A modal dialog makes the rest of the page inert: never the quick exit and our messages.
    const free = new MutationObserver((records) => {
      for (const r of records) {
        if (r.target.hasAttribute('inert')) r.target.removeAttribute('inert');
        if (r.target.getAttribute('aria-hidden') === 'true') r.target.removeAttribute('aria-hidden');
      }
    });
    for (const node of [exit, bar, lost]) free.observe(node, {attributes: true, attributeFilter: ['inert', 'aria-hidden']});
    syncTexts();
  }

  function syncTexts() {
    const g = guard();
    if (!g) return;
    document.documentElement.dataset.rdDir = g.dataset.dir || 'ltr';
    for (const id of ['rd-exit', 'rd-offline', 'rd-lost']) document.getElementById(id).dir = g.dataset.dir || 'ltr';
    const exit = document.getElementById('rd-exit');
    exit.textContent = text('exit');
    exit.title = text('exitHelp');
    exit.setAttribute('aria-label', text('exit') + '. ' + text('exitHelp'));
    const covered = document.documentElement.classList.contains('rd-covered');
    document.getElementById('rd-offline-text').textContent = text('offline');
    document.getElementById('rd-hide').textContent = covered ? text('show') : text('hide');
    document.getElementById('rd-lost-text').textContent = text('lost');
    document.getElementById('rd-lost-ok').textContent = text('lostOk');
  }

  function setOffline(offline) {
    if (offline === rd.offline) return;
    rd.offline = offline;
    document.documentElement.classList.toggle('rd-offline', offline);
    document.getElementById('rd-offline').hidden = !offline;
    if (!offline) {
      document.documentElement.classList.remove('rd-covered');
      syncTexts();
      // Ask the server for a run: a session it no longer has comes back with a new token.
      const sync = hiddenButton('rd_sync');
      if (sync) sync.click();
    }
  }

  // Browser Back inside the flow goes to the previous step: each step is a history entry,
  // and going back to one presses the page's own "Retour" button.
  function trackStep(step) {
    if (!step) return;
    const state = history.state || {};
    if (state.rdStep === step) { rd.idx = state.rdIdx; return; }
    if (typeof state.rdIdx !== 'number' || rd.popping) {
      rd.idx = typeof state.rdIdx === 'number' ? state.rdIdx : 0;
      history.replaceState(Object.assign({}, state, {rdStep: step, rdIdx: rd.idx}), '');
    } else {
      rd.idx = state.rdIdx + 1;
      history.pushState({rdStep: step, rdIdx: rd.idx}, '');
    }
    rd.popping = false;
  }

  // Every run redraws #rd-guard (a plain element, not this script): read it on every tick.
  function tick() {
    const g = guard();
    if (g && g.dataset.sid) {
      if (rd.sid && g.dataset.sid !== rd.sid && rd.dirty) {
        // A new server session: the one she worked in is gone.
        document.getElementById('rd-lost').hidden = false;
      }
      rd.sid = g.dataset.sid;
      rd.dirty = g.dataset.dirty === '1';
      trackStep(g.dataset.step);
      if (g.dataset.exit !== rd.lang) { rd.lang = g.dataset.exit; syncTexts(); }
    }
    // Streamlit's "Skip to main content" link has no option for its text: say it in her language.
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    if (skip && text('skip') && skip.textContent !== text('skip')) skip.textContent = text('skip');
    // Streamlit writes its connection state on the app element (CONNECTED, PINGING_SERVER...).
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.dataset.testConnectionState;
    setOffline(!!state && state !== 'CONNECTED');
  }

  if (rd.installed) return;
  rd.installed = true;
  ensureChrome();
  tick();

  // Our buttons answer at the window, first of all: a modal dialog's "click outside" handling
  // stops the click before it reaches them (the quick exit must work with a dialog open).
  addEventListener('click', (e) => {
    const button = e.target.closest && e.target.closest('#rd-exit, #rd-hide, #rd-lost-ok');
    if (!button) return;
    e.stopPropagation();
    if (button.id === 'rd-exit') exitNow();
    else if (button.id === 'rd-hide') { document.documentElement.classList.toggle('rd-covered'); syncTexts(); }
    else document.getElementById('rd-lost').hidden = true;
  }, true);
  addEventListener('beforeunload', (e) => {
    if (rd.dirty && !rd.exiting) { e.preventDefault(); e.returnValue = ''; }
  });
  addEventListener('popstate', (e) => {
    const state = e.state || {};
    if (typeof state.rdIdx !== 'number') return;
    const back = document.querySelector('.st-key-nav_back button');
    if (state.rdIdx < rd.idx && back && !back.disabled) { rd.popping = true; back.click(); }
    rd.idx = state.rdIdx;
  });
  addEventListener('keyup', (e) => {
    if (e.key !== 'Shift') { rd.shifts = []; return; }
    const now = Date.now();
    rd.shifts = rd.shifts.filter((t) => now - t < 5000).concat(now);
    if (rd.shifts.length >= 3) { rd.shifts = []; exitNow(); }
  }, true);
  addEventListener('keydown', (e) => { if (e.key !== 'Shift') rd.shifts = []; }, true);
  setInterval(tick, 200);
})();
</script>"""

#: Static CSS for the elements above (never user or translated text).
GUARD_CSS = """<style>
#rd-exit { position: fixed; top: .55rem; right: 4rem; z-index: 2147483000; padding: .45rem .9rem;
  font: 600 1rem/1.2 "Source Sans", sans-serif; color: #fff; background: #b3261e; border: 2px solid #fff;
  border-radius: .5rem; box-shadow: 0 1px 4px rgba(0,0,0,.35); cursor: pointer; }
#rd-exit:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
html[data-rd-dir="rtl"] #rd-exit { right: auto; left: 4rem; }
#rd-offline, #rd-lost { position: fixed; left: 50%; transform: translateX(-50%); top: 3.6rem;
  z-index: 2147482000; width: min(40rem, calc(100vw - 1.5rem)); box-sizing: border-box;
  padding: .9rem 1rem; border-radius: .5rem; font: 1rem/1.45 "Source Sans", sans-serif;
  background: #fff4e5; color: #1f1f1f; border: 2px solid #b35c00; box-shadow: 0 2px 10px rgba(0,0,0,.3); }
#rd-lost { background: #fdecea; border-color: #b3261e; }
#rd-offline[hidden], #rd-lost[hidden] { display: none; }
#rd-offline p, #rd-lost p { margin: 0 0 .6rem; }
#rd-offline button, #rd-lost button { font: 600 1rem "Source Sans", sans-serif; padding: .35rem .8rem;
  border-radius: .4rem; border: 1px solid #555; background: #fff; color: #1f1f1f; cursor: pointer; }
/* Streamlit's English connection dialog: ours says it in her language. */
html.rd-offline [data-testid="stDialog"] { display: none !important; }
html.rd-offline [data-testid="stStatusWidget"] { visibility: hidden; }
/* "Hide the answers" while disconnected, and the instant of a quick exit: nothing shows. */
html.rd-covered [data-testid="stApp"], html.rd-exiting [data-testid="stApp"] { visibility: hidden; }
html.rd-exiting #rd-offline, html.rd-exiting #rd-lost { display: none; }
/* The server-side halves of quick exit and reconnection: pressed by the script only. */
.st-key-quick_exit, .st-key-rd_sync { display: none !important; }
/* Room for the fixed button at the top of the page. */
@media (max-width: 640px) { #rd-exit { top: .5rem; right: 3.4rem; padding: .4rem .7rem; }
  html[data-rd-dir="rtl"] #rd-exit { left: 3.4rem; } }
</style>"""


def kept_minutes() -> int:
    """How long the server keeps a disconnected session (`server.disconnectedSessionTTL`)."""
    return max(1, int(st.get_option("server.disconnectedSessionTTL")) // 60)


def session_token(state: MutableMapping[str, Any]) -> str:
    """A random token per server session: the page compares it across runs."""
    if SESSION_TOKEN not in state:
        state[SESSION_TOKEN] = secrets.token_hex(8)
    token: str = state[SESSION_TOKEN]
    return token


def has_work(state: MutableMapping[str, Any]) -> bool:
    """Something she entered would be lost if the page went away."""
    if state.get(S.STAGE, "start") != "start":
        return True
    values = state.get(S.STORE) or {}
    return any(v not in (None, "") for k, v in values.items() if k not in ("mode", "lang", "region"))


def step(state: MutableMapping[str, Any]) -> str:
    """Where she is (stage, and section on the questions), one history entry each."""
    stage = state.get(S.STAGE, "start")
    return f"{stage}:{int(state.get(S.SECTION, 0) or 0)}" if stage == "questions" else str(stage)


def render(t: Translator, state: MutableMapping[str, Any]) -> None:
    """The guard element of this run (see the module docstring). Call once per run."""
    texts = {
        "exit": t("Sortie rapide"),
        "exit-help": t("Efface tout et quitte la page. Raccourci : appuyez trois fois sur Maj."),
        "offline": t.ngettext(
            "La connexion est coupée. Ne fermez pas cette fenêtre : vos réponses sont gardées "
            "{n} minute et reviennent dès que la connexion reprend.",
            "La connexion est coupée. Ne fermez pas cette fenêtre : vos réponses sont gardées "
            "{n} minutes et reviennent dès que la connexion reprend.", kept_minutes()).format(n=kept_minutes()),
        "hide": t("Masquer les réponses"),
        "show": t("Afficher les réponses"),
        "lost": t("Cette évaluation a été interrompue (connexion coupée trop longtemps ou serveur "
                  "redémarré) et rien n'a été conservé. Reprenez-la depuis un fichier enregistré, "
                  "ou recommencez."),
        "lost-ok": t("J'ai compris"),
        "skip": t("Aller au contenu principal"),
    }
    attrs = " ".join(f'data-{name}="{html.escape(value, quote=True)}"' for name, value in texts.items())
    # Texts go through Streamlit's HTML sanitiser (no script allowed there); the script is static.
    st.html(f'<div id="rd-guard" hidden data-sid="{session_token(state)}" '
            f'data-dirty="{1 if has_work(state) else 0}" data-step="{html.escape(step(state))}" '
            f'data-dir="{"rtl" if t.rtl else "ltr"}" {attrs}></div>' + GUARD_CSS, width=1)
    st.html(GUARD_JS, unsafe_allow_javascript=True, width=1)


def _noop() -> None:
    """The run itself is the point (see rd_sync in the module docstring)."""


def server_buttons(quick_exit: Callable[[MutableMapping[str, Any]], None]) -> None:
    """The hidden Streamlit buttons the script presses."""
    st.button("quick exit", key=EXIT_KEY, on_click=quick_exit, args=(st.session_state,))
    st.button("sync", key=SYNC_KEY, on_click=_noop)
