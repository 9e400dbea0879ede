"""A Streamlit client without a browser: Streamlit's own WebSocket protocol and protobuf messages.

Used by benchmarks/load_protocol.py (many simulated professionals in one asyncio process) and by
tests/test_load_protocol.py. It does what the browser's frontend does for the messages that
matter to the server, and nothing the server would not see from a browser:

- `GET /_stcore/health` first (the browser does; it sets the `_streamlit_xsrf` cookie), then the
  WebSocket `/_stcore/stream` with `Sec-WebSocket-Protocol: streamlit, <xsrf token>`, the cookie
  and a same-origin `Origin` (streamlit/web/server/starlette/starlette_websocket.py).
- Every interaction is a `BackMsg.rerun_script` carrying a `ClientState`: the query string, the
  page script hash from `new_session`, the browser's context (locale, timezone, URL) and ALL the
  widget states the client holds, as the browser's WidgetStateManager keeps them: the value of
  every widget on the page (its default when untouched), a button click as a one-shot
  `trigger_value` (cleared after it is sent), a radio or selectbox as the `string_value` of the
  option (Streamlit 1.67 serialises them as the formatted option, ui option order).
- After a full run that finished successfully, the states of widgets no longer on the page are
  dropped (the browser's `removeInactive`). A widget drawn inside an `st.fragment` carries the
  fragment's id in its delta; a change to it asks for that fragment's rerun (`fragment_id`),
  and the deltas of a fragment run replace only the fragment's widgets.
- A click's latency is the time from sending the BackMsg to the `script_finished` message that
  ends the run it caused (FINISHED_SUCCESSFULLY or FINISHED_FRAGMENT_RUN_SUCCESSFULLY; a run
  that ends early for a rerun, e.g. `st.rerun()`, is followed by the run that counts).

Widgets are found by their user key: Streamlit's element id ends with `-<key>`
(`$$ID-<hash>-<key>`, streamlit/elements/lib/utils.py). Nothing here is written to disk.
"""
from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
ID_PREFIX = "$$ID-"
#: Element kinds this client can operate (the oneof name in Element).
WIDGET_KINDS = {"button", "download_button", "radio", "selectbox", "text_input", "text_area",
                "checkbox", "file_uploader"}


class ProtocolError(RuntimeError):
    """The server said something a browser would show as an error, or nothing at all."""


@dataclass
class Widget:
    key: str
    id: str
    kind: str
    proto: object  # the element's widget message (Radio, Button, ...)
    fragment_id: str = ""

    @property
    def options(self) -> list[str]:
        return list(getattr(self.proto, "options", []))


@dataclass
class Run:
    """What one run sent: its status, its widgets by key and the text of its elements."""
    status: int | None = None
    fragment: bool = False
    widgets: dict[str, Widget] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # markdown, headings, alerts, captions, ...
    exceptions: list[str] = field(default_factory=list)
    dialogs: int = 0


def user_key(element_id: str) -> str | None:
    """`$$ID-<hash>-<key>` -> key (None for an element without a user key)."""
    if not element_id.startswith(ID_PREFIX):
        return None
    rest = element_id[len(ID_PREFIX):]
    _hash, sep, key = rest.partition("-")
    return key if sep and key else None


def _default_state(w: Widget) -> WidgetState | None:
    """The value the browser registers for a widget it draws (before any user action)."""
    p = w.proto
    state = WidgetState(id=w.id)
    if w.kind in ("radio", "selectbox"):
        if p.set_value and p.HasField("raw_value"):
            state.string_value = p.raw_value
        elif p.HasField("default") and 0 <= p.default < len(p.options):
            state.string_value = p.options[p.default]
        else:
            return None
    elif w.kind in ("text_input", "text_area"):
        if p.set_value and p.HasField("value"):
            state.string_value = p.value
        elif p.HasField("default"):
            state.string_value = p.default
        else:
            return None
    elif w.kind == "checkbox":
        state.bool_value = p.value if p.set_value else p.default
    else:
        return None
    return state


def _texts(element, kind: str) -> list[str]:
    msg = getattr(element, kind)
    if kind in ("markdown", "heading", "alert", "text", "code", "exception"):
        for name in ("body", "message", "code_text"):
            value = getattr(msg, name, None)
            if isinstance(value, str) and value:
                return [value]
    return []


class Session:
    """One browser tab's conversation with the server, without the browser."""

    def __init__(self, url: str, locale: str = "fr-BE", query: str = "",
                 timeout: float = 120.0) -> None:
        self.url = url.rstrip("/")
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.ws_url = ("wss" if parts.scheme == "https" else "ws") + "://" + parts.netloc \
            + parts.path + "/_stcore/stream"
        self.locale, self.query, self.timeout = locale, query, timeout
        self.ws = None
        self.page_script_hash = ""
        self.session_id = ""
        self.widgets: dict[str, Widget] = {}  # the page as the browser shows it, by key
        self.states: dict[str, WidgetState] = {}  # by widget id, as the WidgetStateManager
        self.last: Run | None = None
        self.runs = 0
        self.bytes_in = 0

    # ------------------------------------------------------------------ connection
    def _xsrf_cookie(self) -> str | None:
        with urllib.request.urlopen(self.url + "/_stcore/health", timeout=30) as resp:
            resp.read()
            for header in resp.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() == "_streamlit_xsrf":
                    return rest.split(";", 1)[0]
        return None

    async def connect(self) -> tuple[float, Run]:
        """Open the stream and ask for the first run, as a page load does; (ms, run)."""
        start = time.perf_counter()
        token = await asyncio.to_thread(self._xsrf_cookie)
        headers = {"Cookie": f"_streamlit_xsrf={token}"} if token else {}
        protocols = ["streamlit", token] if token else ["streamlit"]
        self.ws = await websockets.connect(
            self.ws_url, subprotocols=protocols, origin=self.origin, additional_headers=headers,
            max_size=None, compression="deflate", open_timeout=self.timeout,
            ping_interval=None)
        run = await self._rerun(None)
        return (time.perf_counter() - start) * 1000, run

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    # ------------------------------------------------------------------ runs
    def _client_state(self, back: BackMsg, fragment_id: str | None) -> None:
        cs = back.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_script_hash
        cs.context_info.locale = self.locale
        cs.context_info.timezone = "Europe/Brussels"
        cs.context_info.timezone_offset = -60
        cs.context_info.url = self.url + "/" + (("?" + self.query) if self.query else "")
        cs.context_info.is_embedded = False
        cs.context_info.color_scheme = "light"
        if fragment_id:
            cs.fragment_id = fragment_id
        cs.widget_states.widgets.extend(self.states.values())

    async def _rerun(self, fragment_id: str | None) -> Run:
        back = BackMsg()
        self._client_state(back, fragment_id)
        # One-shot values (button clicks) are sent once, as the browser does.
        for wid in [wid for wid, s in self.states.items()
                    if s.WhichOneof("value") in ("trigger_value", "string_trigger_value",
                                                  "json_trigger_value")]:
            del self.states[wid]
        await self.ws.send(back.SerializeToString())
        return await self._collect()

    async def _collect(self) -> Run:
        """Read ForwardMsgs until the run this client asked for has finished."""
        run = Run()
        while True:
            try:
                data = await asyncio.wait_for(self.ws.recv(), self.timeout)
            except TimeoutError as exc:
                raise ProtocolError(f"no script_finished within {self.timeout} s") from exc
            except websockets.ConnectionClosed as exc:
                raise ProtocolError(f"connection closed: {exc}") from exc
            self.bytes_in += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                run = Run()  # a new run starts (after a rerun that ended early, too)
                ns = msg.new_session
                self.page_script_hash = ns.page_script_hash or ns.main_script_hash
                self.session_id = ns.initialize.session_id or self.session_id
            elif kind == "delta":
                self._delta(msg, run)
            elif kind == "script_finished":
                run.status = msg.script_finished
                if run.status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun() or a newer request: the next run is the one
                if run.status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("script finished with a compile error")
                run.fragment = run.status == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                self._finish(run)
                return run
            elif kind == "session_event" and msg.session_event.WhichOneof("type") in (
                    "script_compilation_exception",):
                raise ProtocolError("script compilation exception")

    def _delta(self, msg: ForwardMsg, run: Run) -> None:
        delta = msg.delta
        which = delta.WhichOneof("type")
        if which == "add_block":
            if delta.add_block.WhichOneof("type") == "dialog":
                run.dialogs += 1
            return
        if which != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        if kind == "exception":
            run.exceptions.append(element.exception.message)
        run.texts += _texts(element, kind)
        if kind not in WIDGET_KINDS:
            return
        proto = getattr(element, kind)
        key = user_key(proto.id)
        if key:
            run.widgets[key] = Widget(key, proto.id, kind, proto, delta.fragment_id)

    def _finish(self, run: Run) -> None:
        self.runs += 1
        if run.fragment:
            self.widgets.update(run.widgets)  # only the fragment's part of the page was redrawn
        else:
            self.widgets = dict(run.widgets)
            active = {w.id for w in self.widgets.values()}
            for wid in [wid for wid in self.states if wid not in active]:
                del self.states[wid]  # removeInactive
        for w in run.widgets.values():
            if w.id not in self.states:
                state = _default_state(w)
                if state is not None:
                    self.states[w.id] = state
        self.last = run

    # ------------------------------------------------------------------ interactions
    def widget(self, key: str) -> Widget:
        try:
            return self.widgets[key]
        except KeyError:
            raise ProtocolError(f"no widget with key {key!r} on the page "
                                f"(keys: {sorted(self.widgets)[:40]})") from None

    def has(self, key: str) -> bool:
        return key in self.widgets

    async def _act(self, w: Widget, state: WidgetState) -> tuple[float, Run]:
        self.states[w.id] = state
        start = time.perf_counter()
        run = await self._rerun(w.fragment_id or None)
        return (time.perf_counter() - start) * 1000, run

    async def click(self, key: str) -> tuple[float, Run]:
        w = self.widget(key)
        return await self._act(w, WidgetState(id=w.id, trigger_value=True))

    async def choose(self, key: str, index: int) -> tuple[float, Run]:
        """Option `index` (in the app's option order) of a radio or selectbox."""
        w = self.widget(key)
        return await self._act(w, WidgetState(id=w.id, string_value=w.options[index]))

    async def type(self, key: str, text: str) -> tuple[float, Run]:
        w = self.widget(key)
        return await self._act(w, WidgetState(id=w.id, string_value=text))


# ---------------------------------------------------------------------- one whole assessment
#: Option order of the app's radios (ui/common.py ANSWER_OPTIONS, ui/before.py CONSENT_OPTIONS).
ANSWER_OPTIONS = ("yes", "no", "unknown")
CONSENT_OPTIONS = ("given", "refused", "not_asked")
PATTERN = ("yes", "no", "unknown", "no")


def answer_for(n: int, k: int) -> str:
    """Session n's answer to the k-th question (questionnaire order): a different mix each."""
    return PATTERN[(k + n) % len(PATTERN)]


@dataclass
class Outcome:
    answers: dict[str, str] = field(default_factory=dict)  # item id -> answer given
    clicks: list[tuple[str, float]] = field(default_factory=list)  # (kind, ms) after the page load
    first_page_ms: float = 0.0
    stages: list[str] = field(default_factory=list)
    level_text: str = ""  # the result page's "Niveau de danger" line, as sent
    result_texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    sent_at: list[float] = field(default_factory=list)  # perf_counter of each click


async def complete_assessment(url: str, n: int = 0, think=None, texts: bool = True,
                              outcome: Outcome | None = None, timeout: float = 120.0,
                              answers: dict[str, str] | None = None) -> Outcome:
    """Start -> before the questions -> every section -> review -> result -> referral page.

    Every question is answered: `answers[item id]`, else answer_for(n, k); a few fields are typed (as
    benchmarks/load_sessions.py's sessions do). `think()` is awaited before every click.
    Stages are recognised by the widgets on the page, not by their number: the same client drives
    the app and its floor (benchmarks/floors/flow.py). Raises ProtocolError on anything a
    professional would see as a failure (an exception on the page, a missing widget)."""
    out = outcome if outcome is not None else Outcome()
    s = Session(url, timeout=timeout)

    async def act(kind: str, coro_fn, *args) -> Run:
        if think is not None:
            await think()
        out.sent_at.append(time.perf_counter())
        ms, run = await coro_fn(*args)
        out.clicks.append((kind, ms))
        if run.exceptions:
            out.exceptions += run.exceptions
            raise ProtocolError(f"exception on the page after {kind}: {run.exceptions[0][:300]}")
        return run

    try:
        out.first_page_ms, run = await s.connect()
        if run.exceptions:
            raise ProtocolError(f"exception on the first page: {run.exceptions[0][:300]}")
        out.stages.append("start")
        await act("navigate", s.click, "start")
        out.stages.append("before")
        await act("answer", s.choose, "safe_to_talk", ANSWER_OPTIONS.index("yes"))
        await act("answer", s.choose, "alone", ANSWER_OPTIONS.index("yes"))
        await act("answer", s.choose, "consent", CONSENT_OPTIONS.index("given"))
        if texts:
            await act("type", s.type, "safe_contact", "portable")
        await act("navigate", s.click, "nav_next")
        k = 0
        while any(key.startswith("ans_") for key in s.widgets):
            out.stages.append("section")
            for key in [key for key in s.widgets if key.startswith("ans_")]:
                item = key.removeprefix("ans_")
                answer = (answers or {}).get(item) or answer_for(n, k)
                out.answers[item] = answer
                await act("answer", s.choose, key, ANSWER_OPTIONS.index(answer))
                k += 1
            if texts and s.has("open_concern"):
                await act("type", s.type, "open_concern", f"session {n}")
            await act("navigate", s.click, "nav_next")
        if not any(key.startswith("review_edit_") for key in s.widgets):
            raise ProtocolError(f"not on the review page after the questions: {sorted(s.widgets)}")
        out.stages.append("review")
        run = await act("navigate", s.click, "nav_next")
        if not s.has("region"):
            raise ProtocolError(f"not on the result page: {sorted(s.widgets)}")
        out.stages.append("result")
        out.result_texts = list(run.texts)
        out.level_text = next((t for t in run.texts if "Niveau de danger" in t), "")
        await act("navigate", s.click, "nav_next")
        if not s.has("erase"):
            raise ProtocolError(f"not on the referral page: {sorted(s.widgets)}")
        out.stages.append("referral")
        if texts:
            await act("type", s.type, "case_code", f"LOAD-{n:04d}")
        return out
    finally:
        await s.close()
