"""Session state of one assessment: the only place that knows how answers are kept.

Everything lives in `st.session_state` (memory of this browser session): nothing is written to
disk, logged or sent. Widgets are bound to a canonical store (`STORE`) so that an answer
survives when its widget is not on screen (Streamlit forgets the state of widgets it does not
render), when the language changes, and when the professional goes back and forth.

The store is keyed by widget key: `ans_<item_id>`, `note_<section_id>` and the named fields
below. `capture()` copies the current widget values into the store at the start of every run
(before any callback result is rendered); `seed(key)` puts a stored value back into a widget
that is about to be drawn again.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the models load with the first page that needs them, not the start page
    from assessment.loader import Loaded
    from assessment.model import Answer, AssessmentDoc

STORE = "_store"
STAGE = "stage"
SECTION = "section"
LOCALE = "locale"
QREF = "_qref"  # (questionnaire id, version) the answers belong to
JUDGEMENT = "_judgement"  # {"level": ..., "rationale": ...} once applied
FLASH = "_flash"  # one message to show on the next run: (kind, text)
FROM_REVIEW = "_from_review"
NEUTRAL = "_neutral"
PREVIOUS = "_previous"  # a previous assessment to compare with (ui/compare.py): the validated document
ASSESSED_ON = "_assessed_on"  # the assessment's date when it is not today (tests; None: today)
SCROLL_TOP = "_scroll_top"  # counter: a new page was opened, show it from its top  # quick exit happened: show the neutral page only

ANSWER_PREFIX = "ans_"
NOTE_PREFIX = "note_"
WHEN_PREFIX = "when_"  # when_<item_id>: when a critical factor answered yes happened (free text)
#: Widget key -> where it goes in the Referral (flat fields, safety check, professional).
REFERRAL_FIELDS = {
    "case_code": "case_code", "victim_name": "victim_name", "consent": "consent",
    "consent_to": "consent_to", "safe_contact": "safe_contact", "avoid": "avoid",
    "region": "region", "open_concern": "open_concern", "situation": "situation",
    "children": "children", "actions_taken": "actions_taken",
    "last_violence": "last_violence", "not_to_receive": "not_to_receive",
}
SAFETY_FIELDS = {"safe_to_talk": "safe_to_talk", "alone": "alone", "time_available": "time_available"}
PRO_FIELDS = {"pro_name": "name", "pro_role": "role", "pro_service": "service", "pro_phone": "phone"}
OTHER_FIELDS = ("mode",)
NAMED_FIELDS = frozenset(REFERRAL_FIELDS) | frozenset(SAFETY_FIELDS) | frozenset(PRO_FIELDS) | frozenset(OTHER_FIELDS)


def is_field(key: str) -> bool:
    return key in NAMED_FIELDS or key.startswith((ANSWER_PREFIX, NOTE_PREFIX, WHEN_PREFIX))


def store(state: MutableMapping[str, Any]) -> dict[str, Any]:
    if STORE not in state:
        state[STORE] = {}
    return state[STORE]


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
        value = values.get(ANSWER_PREFIX + item_id)
        if value in ("yes", "no", "unknown"):
            out[item_id] = Answer(value)
    return out


def critical_yes(loaded: Loaded, given: dict[str, Answer]) -> list[str]:
    """The critical factors answered yes, in questionnaire order (each may say when)."""
    from assessment.model import Answer, Tier
    return [item.id for item in loaded.questionnaire.items
            if item.tier is Tier.critical and given.get(item.id) is Answer.yes]


def build_doc(state: MutableMapping[str, Any], loaded: Loaded, judgement: dict | None = None) -> AssessmentDoc:
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
                            if key != "time_available" and values.get(key) in ("yes", "no", "unknown")},
                         time_available=_text(values, "time_available"))
    referral_kwargs: dict[str, Any] = {field: _text(values, key) for key, field in REFERRAL_FIELDS.items()}
    consent = values.get("consent")
    referral_kwargs["consent"] = consent if consent in CONSENT_VALUES else "not_asked"
    if referral_kwargs["consent"] != "given":
        referral_kwargs["victim_name"] = ""  # a name only with her consent
    notes = {}
    for section in loaded.questionnaire.sections:
        note = _text(values, NOTE_PREFIX + section.id)
        if note:
            notes[section.id] = note
    given = answers(state, loaded)
    factor_when = {item_id: _text(values, WHEN_PREFIX + item_id) for item_id in critical_yes(loaded, given)
                   if _text(values, WHEN_PREFIX + item_id)}
    referral = Referral(
        **referral_kwargs, notes=notes, safety_check=safety, factor_when=factor_when,
        professional=Professional(**{field: _text(values, key) for key, field in PRO_FIELDS.items()}))
    if judgement is None:
        judgement = state.get(JUDGEMENT)
    q = loaded.questionnaire
    return AssessmentDoc(
        questionnaire=q.id, version=q.version, sha256=loaded.sha256, answers=answers(state, loaded),
        judgement=Judgement(level=Level(judgement["level"]), rationale=judgement["rationale"]) if judgement else None,
        referral=referral, mode="training" if values.get("mode") == "training" else "real",
        assessed_on=state.get(ASSESSED_ON) or _today())


def _today() -> Any:
    import datetime as dt

    return dt.date.today()


def values_from_doc(doc: AssessmentDoc) -> dict[str, Any]:
    """The store a saved document restores (inverse of build_doc)."""
    from assessment.model import Answer
    values: dict[str, Any] = {ANSWER_PREFIX + i: a.value for i, a in doc.answers.items()}
    ref = doc.referral
    for key, field in REFERRAL_FIELDS.items():
        values[key] = getattr(ref, field)
    for key, field in SAFETY_FIELDS.items():
        value = getattr(ref.safety_check, field)
        values[key] = value.value if isinstance(value, Answer) else value
    # An unknown safety answer in the file was most likely never asked: leave the radio empty.
    for key in ("safe_to_talk", "alone"):
        if values[key] == "unknown":
            values[key] = None
    for key, field in PRO_FIELDS.items():
        values[key] = getattr(ref.professional, field)
    for section_id, note in ref.notes.items():
        values[NOTE_PREFIX + section_id] = note
    for item_id, when in ref.factor_when.items():
        values[WHEN_PREFIX + item_id] = when
    values["mode"] = doc.mode
    return values


def restore(state: MutableMapping[str, Any], doc: AssessmentDoc, loaded: Loaded) -> None:
    """Replace this session's assessment with a saved one (already validated)."""
    forget_widgets(state)
    state[STORE] = values_from_doc(doc)
    state[QREF] = loaded.key
    state[JUDGEMENT] = doc.judgement.model_dump(mode="json") if doc.judgement else None
    for key in ("judgement_level", "judgement_reason"):
        state.pop(key, None)
    state.pop(ASSESSED_ON, None)  # resumed answers are today's assessment from now on


#: Kept by erase: the page's session token (ui/guard.py) says "same session", nothing about her.
KEEP_ON_ERASE = ("_session_token",)


def erase(state: MutableMapping[str, Any]) -> None:
    """Forget everything this session holds."""
    for key in list(state.keys()):
        if key not in KEEP_ON_ERASE:
            del state[key]
