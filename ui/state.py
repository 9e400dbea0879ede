"""Session state of one assessment: the only place that knows how answers are kept.

Everything lives in `st.session_state` (memory of this browser session): nothing is written to
disk, logged or sent. Widgets are bound to a canonical store (`STORE`) so that an answer
survives when its widget is not on screen (Streamlit forgets the state of widgets it does not
render), when the language changes, and when the professional goes back and forth.

The store is keyed by widget key (every key is declared in ui/keys.py): `ans_<item_id>`,
`note_<section_id>`, `when_<item_id>` and the named fields below. `capture()` copies the current
widget values into the store at the start of every run (before any callback result is
rendered); `seed(key)` puts a stored value back into a widget that is about to be drawn again.

Why a store and not Streamlit 1.67's `persist_state="session"` (tests/test_ui_state.py measures
both). On the server, `persist_state` gives what the store gives: a keyed widget keeps its value
while it is not drawn, keeps its choice when its labels change language (its id comes from its
key), and takes a value set while it is not drawn (a resume). What it does not give is on the
browser's side: after a language switch the browser showed a radio whose option labels changed
as empty and sent it back empty on the next click, so the answer was lost
(tests/browser/test_clicks.py, run in Chromium). Only a value the server sends again with the
widget puts it back; `persist_state` keeps the server's copy and does not send it again, the
store does (`forget_widgets`, then `seed` on the next draw). The store also stays the one dict
that the document is built from (`build_doc`, the save file, the sheet), that a resume replaces
(`restore`) and that "end and erase" clears, whatever widgets were drawn in this session.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from . import keys as K

# The keys are declared in ui/keys.py; the names below are the ones the rest of ui/ and the
# tests have always used for them.
from .keys import (
    ANSWER_PREFIX,
    ASSESSED_ON,
    FLASH,
    FROM_REVIEW,
    JUDGEMENT,
    LOCALE,
    NEUTRAL,
    NOTE_PREFIX,
    PREVIOUS,
    QREF,
    SCROLL_TOP,
    SECTION,
    SESSION_TOKEN,
    STAGE,
    STORE,
    WHEN_PREFIX,
)

if TYPE_CHECKING:  # the models load with the first page that needs them, not the start page
    from assessment.loader import Loaded
    from assessment.model import Answer, AssessmentDoc

__all__ = ["ANSWER_PREFIX", "ASSESSED_ON", "FLASH", "FROM_REVIEW", "JUDGEMENT", "LOCALE", "NEUTRAL",
           "NOTE_PREFIX", "PREVIOUS", "QREF", "SCROLL_TOP", "SECTION", "STAGE", "STORE", "WHEN_PREFIX"]

#: Widget key -> where it goes in the Referral (flat fields, safety check, professional).
REFERRAL_FIELDS = {
    K.CASE_CODE: "case_code", K.VICTIM_NAME: "victim_name", K.CONSENT: "consent",
    K.CONSENT_TO: "consent_to", K.SAFE_CONTACT: "safe_contact", K.AVOID: "avoid",
    K.REGION: "region", K.OPEN_CONCERN: "open_concern", K.SITUATION: "situation",
    K.CHILDREN: "children", K.ACTIONS_TAKEN: "actions_taken",
    K.LAST_VIOLENCE: "last_violence", K.NOT_TO_RECEIVE: "not_to_receive",
}
SAFETY_FIELDS = {K.SAFE_TO_TALK: "safe_to_talk", K.ALONE: "alone", K.TIME_AVAILABLE: "time_available"}
PRO_FIELDS = {K.PRO_NAME: "name", K.PRO_ROLE: "role", K.PRO_SERVICE: "service", K.PRO_PHONE: "phone"}
OTHER_FIELDS = (K.MODE,)
NAMED_FIELDS = frozenset(REFERRAL_FIELDS) | frozenset(SAFETY_FIELDS) | frozenset(PRO_FIELDS) | frozenset(OTHER_FIELDS)


def is_field(key: str) -> bool:
    return key in NAMED_FIELDS or key.startswith((ANSWER_PREFIX, NOTE_PREFIX, WHEN_PREFIX))


def store(state: MutableMapping[str, Any]) -> dict[str, Any]:
    if STORE not in state:
        state[STORE] = {}
    values: dict[str, Any] = state[STORE]
    return values


def capture(state: MutableMapping[str, Any]) -> None:
    """Copy the live widget values into the store (start of every run and in callbacks)."""
    values = store(state)
    for key in list(state.keys()):
        if isinstance(key, str) and is_field(key):
            values[key] = state[key]


def seed(state: MutableMapping[str, Any], key: str, default: Any = None) -> None:
    """Give a widget about to be drawn its stored value (a widget not drawn forgets it)."""
    if key in state:
        return
    values = store(state)
    if key in values and values[key] is not None:
        state[key] = values[key]
    elif default is not None:
        state[key] = default


def forget_widgets(state: MutableMapping[str, Any]) -> None:
    """Drop widget values so every widget is drawn again from the store (after a resume)."""
    for key in list(state.keys()):
        if isinstance(key, str) and is_field(key):
            del state[key]


def _text(values: dict[str, Any], key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def answers(state: MutableMapping[str, Any], loaded: Loaded) -> dict[str, Answer]:
    """Given answers only; an unanswered question is absent (and counts as unknown)."""
    from assessment.model import Answer
    values = store(state)
    out: dict[str, Answer] = {}
    for item_id in loaded.questionnaire.item_ids:
        value = values.get(K.answer_key(item_id))
        if value in ("yes", "no", "unknown"):
            out[item_id] = Answer(value)
    return out


def critical_yes(loaded: Loaded, given: dict[str, Answer]) -> list[str]:
    """The critical factors answered yes, in questionnaire order (each may say when)."""
    from assessment.model import Answer, Tier
    return [item.id for item in loaded.questionnaire.items
            if item.tier is Tier.critical and given.get(item.id) is Answer.yes]


def build_doc(state: MutableMapping[str, Any], loaded: Loaded, judgement: dict[str, Any] | None = None) -> AssessmentDoc:
    """The assessment document of this session (what scoring, the PDF and the save file use)."""
    from assessment.model import (
        CONSENT_VALUES,
        AssessmentDoc,
        Judgement,
        Level,
        Professional,
        Referral,
        SafetyCheck,
    )
    values = store(state)
    safety = SafetyCheck(**{field: values[key] for key, field in SAFETY_FIELDS.items()
                            if key != K.TIME_AVAILABLE and values.get(key) in ("yes", "no", "unknown")},
                         time_available=_text(values, K.TIME_AVAILABLE))
    referral_kwargs: dict[str, Any] = {field: _text(values, key) for key, field in REFERRAL_FIELDS.items()}
    consent = values.get(K.CONSENT)
    referral_kwargs["consent"] = consent if consent in CONSENT_VALUES else "not_asked"
    if referral_kwargs["consent"] != "given":
        referral_kwargs["victim_name"] = ""  # a name only with her consent
    notes = {}
    for section in loaded.questionnaire.sections:
        note = _text(values, K.note_key(section.id))
        if note:
            notes[section.id] = note
    given = answers(state, loaded)
    factor_when = {item_id: _text(values, K.when_key(item_id)) for item_id in critical_yes(loaded, given)
                   if _text(values, K.when_key(item_id))}
    referral = Referral(
        **referral_kwargs, notes=notes, safety_check=safety, factor_when=factor_when,
        professional=Professional(**{field: _text(values, key) for key, field in PRO_FIELDS.items()}))
    if judgement is None:
        judgement = state.get(JUDGEMENT)
    q = loaded.questionnaire
    return AssessmentDoc(
        questionnaire=q.id, version=q.version, sha256=loaded.sha256, answers=answers(state, loaded),
        judgement=Judgement(level=Level(judgement["level"]), rationale=judgement["rationale"]) if judgement else None,
        referral=referral, mode="training" if values.get(K.MODE) == "training" else "real",
        assessed_on=state.get(ASSESSED_ON) or _today())


def _today() -> Any:
    import datetime as dt

    return dt.date.today()


def values_from_doc(doc: AssessmentDoc) -> dict[str, Any]:
    """The store a saved document restores (inverse of build_doc)."""
    from assessment.model import Answer
    values: dict[str, Any] = {K.answer_key(i): a.value for i, a in doc.answers.items()}
    ref = doc.referral
    for key, field in REFERRAL_FIELDS.items():
        values[key] = getattr(ref, field)
    for key, field in SAFETY_FIELDS.items():
        value = getattr(ref.safety_check, field)
        values[key] = value.value if isinstance(value, Answer) else value
    # An unknown safety answer in the file was most likely never asked: leave the radio empty.
    for key in (K.SAFE_TO_TALK, K.ALONE):
        if values[key] == "unknown":
            values[key] = None
    for key, field in PRO_FIELDS.items():
        values[key] = getattr(ref.professional, field)
    for section_id, note in ref.notes.items():
        values[K.note_key(section_id)] = note
    for item_id, when in ref.factor_when.items():
        values[K.when_key(item_id)] = when
    values[K.MODE] = doc.mode
    return values


def restore(state: MutableMapping[str, Any], doc: AssessmentDoc, loaded: Loaded) -> None:
    """Replace this session's assessment with a saved one (already validated)."""
    forget_widgets(state)
    state[STORE] = values_from_doc(doc)
    state[QREF] = loaded.key
    state[JUDGEMENT] = doc.judgement.model_dump(mode="json") if doc.judgement else None
    for key in (K.JUDGEMENT_LEVEL, K.JUDGEMENT_REASON):
        state.pop(key, None)
    state.pop(ASSESSED_ON, None)  # resumed answers are today's assessment from now on


#: Kept by erase: the page's session token (ui/guard.py) says "same session", nothing about her.
KEEP_ON_ERASE = (SESSION_TOKEN,)


def erase(state: MutableMapping[str, Any]) -> None:
    """Forget everything this session holds."""
    for key in list(state.keys()):
        if key not in KEEP_ON_ERASE:
            del state[key]
