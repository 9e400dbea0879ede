"""What every page shares: the context object, cached resources, small safe widgets."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st

from assessment.i18n import Translator, negotiate, translations, translator

if TYPE_CHECKING:  # the core's models load with the first page that needs them (not the start page)
    from assessment.loader import Loaded, Registry
    from assessment.model import AssessmentDoc, Result

from . import keys as K
from . import state as S

ANSWER_OPTIONS = ("yes", "no", "unknown")
#: Longest text a field takes on screen (the model accepts more; nobody types more here).
SHORT_MAX = 300
LONG_MAX = 3000


@st.cache_resource(show_spinner=False)
def registry() -> Registry:
    """The bundled questionnaires, read once per process."""
    from assessment.loader import default_registry

    return default_registry()


@st.cache_resource(show_spinner=False)
def get_translator(locale: str) -> Translator:
    """Catalogs compiled once per process and language (no file I/O on a rerun)."""
    t = translator(locale, domain="ui")  # the screen: ui first, then the domains shown with it
    translations(t.locale, domain=t.domain)  # compile the catalogs now, not in the middle of a page
    return t


@dataclass
class Ctx:
    t: Translator
    _loaded: Loaded | None  # None: read from the session when a page first asks (start needs none)
    state: MutableMapping[str, Any]
    #: Drawn by `nav` between its two buttons, once (ui/main.py: "save to a file").
    nav_extra: Callable[[], None] | None = None

    @property
    def loaded(self) -> Loaded:
        if self._loaded is None:
            self._loaded = current_loaded(self.state)
        return self._loaded

    @property
    def locale(self) -> str:
        return self.t.locale


def initial_locale() -> str:
    """`?lang=`, else the browser language, else French."""
    try:
        browser = st.context.locale
    except Exception:  # no browser context (bare mode)
        browser = None
    return negotiate(st.query_params.get("lang"), browser)


def current_loaded(state: MutableMapping[str, Any]) -> Loaded:
    from assessment.loader import DEFAULT_QUESTIONNAIRE

    ref = state.get(S.QREF)
    reg = registry()
    if ref:
        return reg.get(ref[0], ref[1], drafts=True)
    return reg.get(DEFAULT_QUESTIONNAIRE)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=^&])")
#: What GitHub-flavoured Markdown turns into a link by itself, escapes or not: `www.`, a scheme
#: followed by ':' and an e-mail's '@'. A WORD JOINER (U+2060, invisible, no width) after
#: `www`, before ':' or before '@' breaks the pattern; the text reads the same.
_AUTOLINK = re.compile(r"(?i)(www)(?=\.)|(https?|ftp|mailto|xmpp)(?=:)|(?<=\S)(?=@)")
WORD_JOINER = "\u2060"


def plain(text: str) -> str:
    """Markdown-escape text so it shows as written and never as markup or a link, for text
    that must sit inside Markdown (a list, a sentence). Text a person typed, shown on its own,
    goes through `literal` instead (no Markdown at all)."""
    text = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2) or "") + WORD_JOINER, text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def literal(text: str) -> None:
    """Show text exactly as typed: a plain-text element, no Markdown, no HTML, no link."""
    st.text(text)


def go(state: MutableMapping[str, Any], stage: str, section: int | None = None) -> None:
    """Change stage (used in callbacks: the next run draws the new stage)."""
    S.capture(state)
    state[S.STAGE] = stage
    if section is not None:
        state[S.SECTION] = section
    state[S.SCROLL_TOP] = state.get(S.SCROLL_TOP, 0) + 1


def answer_radio(ctx: Ctx, key: str, label: str, *, horizontal: bool = True) -> str | None:
    """Yes / no / don't know in one click (or arrow keys); nothing chosen at first."""
    from assessment.wording import answer_label

    S.seed(ctx.state, key)
    t = ctx.t
    return st.radio(label, ANSWER_OPTIONS, index=None, key=key, horizontal=horizontal,
                    format_func=lambda a: answer_label(a, t))


def text_field(ctx: Ctx, key: str, label: str, *, placeholder: str | None = None,
               area: bool = False, default: str | None = None) -> str:
    S.seed(ctx.state, key, default)
    if area:
        return st.text_area(label, key=key, placeholder=placeholder, max_chars=LONG_MAX, height=96)
    return st.text_input(label, key=key, placeholder=placeholder, max_chars=SHORT_MAX)


def nav(ctx: Ctx, *, back: Callable[[], None] | None, next_: Callable[[], None] | None,
        next_label: str | None = None) -> None:
    """Back and next, always in the same place; they never lose an answer. Between them, in the
    same row, what the page set in `ctx.nav_extra` (a row of its own would make every page taller)."""
    t = ctx.t
    extra, ctx.nav_extra = ctx.nav_extra, None
    with st.container(horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"):
        if back is not None:
            st.button(t("Retour"), key=K.NAV_BACK, on_click=back, icon=":material/arrow_back:")
        if extra is not None:
            extra()
        if next_ is not None:
            st.button(next_label or t("Suivant"), key=K.NAV_NEXT, on_click=next_, type="primary",
                      icon=":material/arrow_forward:", icon_position="right")


def compute_result(ctx: Ctx) -> tuple[Result, str | None]:
    """Score this session. A stored judgement that the answers have since overtaken is
    dropped with a note (it can only raise the level)."""
    from assessment.errors import DataError
    from assessment.scoring import score

    doc = S.build_doc(ctx.state, ctx.loaded)
    try:
        return score(ctx.loaded, doc), None
    except DataError as exc:
        if exc.code not in ("J401", "J402"):
            raise
        ctx.state[S.JUDGEMENT] = None
        note = ctx.t("Votre jugement professionnel a été retiré : les réponses donnent maintenant un "
                     "niveau égal ou plus élevé. Vous pouvez le formuler à nouveau.")
        return score(ctx.loaded, S.build_doc(ctx.state, ctx.loaded, judgement={})), note


def flash(ctx: Ctx) -> None:
    """Show the one pending message (after a resume, an erase...): (kind, text) or
    (kind, text, code), the code shown small under the message, for a maintainer."""
    pending = ctx.state.pop(S.FLASH, None)
    if not pending:
        return
    kind, text, *code = pending
    {"error": st.error, "success": st.success, "info": st.info}.get(kind, st.info)(text)
    if code and code[0]:
        error_code(ctx, code[0])


def error_code(ctx: Ctx, code: str) -> None:
    """The small 'code A301' under a message: what a maintainer looks up in docs/ERRORS.md."""
    st.caption(ctx.t("code {code}").format(code=code))


#: Static CSS (no user or translated text). A dialog is drawn outside `.stApp`, so the page's
#: right-to-left style (ui/chrome.py) does not reach it: Arabic dialogs read left to right.
DIALOG_RTL_CSS = """<style>
[role="dialog"] { direction: rtl; }
[role="dialog"] p, [role="dialog"] h2, [role="dialog"] [data-testid="stCaptionContainer"] { text-align: right; }
</style>"""


def dialog_direction(ctx: Ctx) -> None:
    """Call first in every dialog: right to left when the language is."""
    if ctx.t.rtl:
        st.html(DIALOG_RTL_CSS)



PDF_MEMO = K.PDF_MEMO


def sheet_fingerprint(doc: AssessmentDoc, loaded: Loaded, locale: str, password: str | None = None) -> str:
    """What a sheet depends on, hashed: the same fingerprint means the same sheet."""
    from assessment.document import dump_document

    return hashlib.sha256("\x00".join(
        (dump_document(doc), loaded.sha256, locale, password or "")).encode("utf-8")).hexdigest()


def sheet_bytes(state: MutableMapping[str, Any], doc: AssessmentDoc, loaded: Loaded, result: Result,
                locale: str, *, plan: Any = None, password: str | None = None,
                fingerprint: str | None = None, comparison: Any = None) -> bytes:
    """The referral sheet for `doc`, rebuilt only when something on it changed (the plan and
    the result follow from the document and the questionnaire, so they need no fingerprint).
    The referral page calls it only when the professional prepares the sheet (ui/referral.py).

    The bytes go to the download button directly, not as a deferred callable: Streamlit 1.67
    keeps a deferred file unreferenced, and another session's rerun can delete it before the
    browser fetches it (404 under concurrent use, seen in tests/browser/test_privacy.py). The
    memo lives in this session only (erase and quick exit clear it). `fingerprint`: when the caller
    has already computed sheet_fingerprint for these arguments.
    """
    fingerprint = fingerprint or sheet_fingerprint(doc, loaded, locale, password)
    if comparison is not None:  # the previous assessment is on the sheet too (ui/compare.py)
        prev = comparison.previous
        fingerprint += repr((prev.version, prev.date, prev.level.value, sorted(prev.answers.items())))
    memo = state.get(PDF_MEMO)
    if not memo or memo[0] != fingerprint:
        from assessment.report import (
            build_pdf,  # ReportLab loads on the first sheet, not at start-up
        )

        memo = (fingerprint, build_pdf(doc, loaded, result, locale, plan=plan, password=password,
                                       comparison=comparison))
        state[PDF_MEMO] = memo
    return memo[1]
