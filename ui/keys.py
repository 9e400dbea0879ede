"""Every session-state key of the app, in one place: widget keys and the app's own state.

A key is a name in `st.session_state` (a widget's `key=` is one too, and gives the widget its
CSS class `.st-key-<key>`, which ui/chrome.py, ui/guard.py, ui/look.py and the browser tests
select on). ui/ never spells a key as a string literal: it names a constant or calls a function
of this module (tests/test_ui_keys.py checks it with `ast`). Families of keys (one per question,
per section, per level, per module) are small functions, so their prefixes live here too; the
prefix is what erase, capture and "leave training" match on.

Keys that begin with `_` are the app's own state (never a widget). The others are widget keys;
the assessment's fields among them (`FIELD` keys and the `ans_`, `note_`, `when_` families) are
kept in the store of ui/state.py.
"""
from __future__ import annotations

# --------------------------------------------------------------------------- the app's own state
STORE = "_store"  # the canonical values of the assessment's fields (ui/state.py)
STAGE = "stage"
SECTION = "section"
LOCALE = "locale"
QREF = "_qref"  # (questionnaire id, version) the answers belong to
JUDGEMENT = "_judgement"  # {"level": ..., "rationale": ...} once applied
JUDGEMENT_ERROR = "_judgement_error"  # (message, code) of a judgement that could not be applied
FLASH = "_flash"  # one message to show on the next run: (kind, text)
FROM_REVIEW = "_from_review"
NEUTRAL = "_neutral"  # quick exit happened: show the neutral page only
PREVIOUS = "_previous"  # a previous assessment to compare with (ui/compare.py): the validated document
PREVIOUS_ROUND = "_previous_round"  # bumped by "stop comparing": a new, empty uploader key
ASSESSED_ON = "_assessed_on"  # the assessment's date when it is not today (tests; None: today)
SCROLL_TOP = "_scroll_top"  # counter: a new page was opened, show it from its top
SCROLLED = "_scrolled"  # the SCROLL_TOP the scroll script last ran for
FOCUSED = "_focused_page"  # the SCROLL_TOP the focus script last ran for (ui/look.py)
PDF_MEMO = "_pdf_memo"  # the last sheet made: (fingerprint, bytes)
SESSION_TOKEN = "_session_token"  # "same session" for the page's guard (ui/guard.py); kept by erase

# --------------------------------------------------------------------------- the assessment's fields
ANSWER_PREFIX = "ans_"
NOTE_PREFIX = "note_"
WHEN_PREFIX = "when_"  # when_<item_id>: when a critical factor answered yes happened (free text)


def answer_key(item_id: str) -> str:
    return ANSWER_PREFIX + item_id


def note_key(section_id: str) -> str:
    return NOTE_PREFIX + section_id


def when_key(item_id: str) -> str:
    return WHEN_PREFIX + item_id


CASE_CODE = "case_code"
VICTIM_NAME = "victim_name"
CONSENT = "consent"
CONSENT_TO = "consent_to"
SAFE_CONTACT = "safe_contact"
AVOID = "avoid"
REGION = "region"
OPEN_CONCERN = "open_concern"
SITUATION = "situation"
CHILDREN = "children"
ACTIONS_TAKEN = "actions_taken"
LAST_VIOLENCE = "last_violence"
NOT_TO_RECEIVE = "not_to_receive"
SAFE_TO_TALK = "safe_to_talk"
ALONE = "alone"
TIME_AVAILABLE = "time_available"
PRO_NAME = "pro_name"
PRO_ROLE = "pro_role"
PRO_SERVICE = "pro_service"
PRO_PHONE = "pro_phone"
MODE = "mode"  # "real" or "training" (start page)

# --------------------------------------------------------------------------- other widgets
LANG = "lang"
START = "start"
NAV_BACK = "nav_back"
NAV_NEXT = "nav_next"
RESTART = "restart"  # the neutral page's "new page"
QUICK_EXIT = "quick_exit"  # ui/guard.py's hidden server-side button
RD_SYNC = "rd_sync"
SKIP_UNANSWERED = "skip_unanswered"
KEYS_HINT = "keys_hint"
QBOX_PREFIX = "qbox_"
WHY_PREFIX = "why_"
JUDGEMENT_LEVEL = "judgement_level"
JUDGEMENT_REASON = "judgement_reason"
JUDGEMENT_APPLY = "judgement_apply"
JUDGEMENT_REMOVE = "judgement_remove"
CROSSWALK = "crosswalk"
RESUME_UPLOAD = "resume_upload"
SAVE_JSON = "save_json"
SAVE_PREPARE = "save_prepare"
PDF_PASSWORD = "pdf_password"
PDF_PREPARE = "pdf_prepare"
PDF_DOWNLOAD = "pdf_download"
ERASE = "erase"
ERASE_CANCEL = "erase_cancel"
ERASE_CONFIRM = "erase_confirm"
PAPER_PREPARE = "paper_prepare"
PAPER_DOWNLOAD = "paper_download"
FHIR_PREPARE = "fhir_prepare"
FHIR_DOWNLOAD = "fhir_download"
SHEET_CODE = "sheet_code"
SHEET_CODE_OPEN = "sheet_code_open"
PREVIOUS_UPLOAD = "previous_upload"
PREVIOUS_FORGET = "previous_forget"
COMPARISON = "comparison"


def bar_key(locale: str) -> str:
    """The top bar's container: its class `st-key-bar-<code>` tells LANG_JS the page's language."""
    return f"bar-{locale}"


def qbox_key(item_id: str) -> str:
    return QBOX_PREFIX + item_id


def why_key(item_id: str) -> str:
    return WHY_PREFIX + item_id


def review_edit_key(section_id: str) -> str:
    return f"review_edit_{section_id}"


def previous_upload_key(round_: int) -> str:
    """The previous-assessment uploader; a new round is a new, empty uploader."""
    return PREVIOUS_UPLOAD + (f"_{round_}" if round_ else "")


# --------------------------------------------------------------------------- training mode
TRAIN_PREFIX = "train_"  # every training key: "leave training" erases them all
TRAIN_LEARNER_PREFIX = f"{TRAIN_PREFIX}l_"  # the learner's exercise: "start again" erases them
TRAIN_CASE = f"{TRAIN_PREFIX}case"  # the case selector
TRAIN_CASE_BLIND = f"{TRAIN_PREFIX}case_blind"  # the selector that does not show the levels
TRAIN_CASE_ID = f"{TRAIN_PREFIX}case_id"  # the chosen case (not a widget: two selectors write it)
TRAIN_LOADED_CASE = f"{TRAIN_PREFIX}loaded_case"
TRAIN_JUDGEMENT = f"{TRAIN_PREFIX}judgement"
TRAIN_NEW_FACT = f"{TRAIN_PREFIX}new_fact"
TRAIN_REVEALED = f"{TRAIN_PREFIX}revealed"
TRAIN_WORKSHOP = f"{TRAIN_PREFIX}workshop"
TRAIN_VIEW = f"{TRAIN_PREFIX}view"
TRAIN_PROJECTOR = f"{TRAIN_PREFIX}projector"
TRAIN_BANNER = f"{TRAIN_PREFIX}banner"
TRAIN_VOTE_SPREAD = f"{TRAIN_PREFIX}vote_spread"
TRAIN_REVEAL = f"{TRAIN_PREFIX}reveal"
TRAIN_RESET_CASE = f"{TRAIN_PREFIX}reset_case"
TRAIN_CMP_A = f"{TRAIN_PREFIX}cmp_a"
TRAIN_CMP_B = f"{TRAIN_PREFIX}cmp_b"
TRAIN_PDF_FOR = f"{TRAIN_PREFIX}pdf_for"
TRAIN_PDF_PREPARE = f"{TRAIN_PREFIX}pdf_prepare"
TRAIN_PDF = f"{TRAIN_PREFIX}pdf"
TRAIN_HANDOUT_CASES = f"{TRAIN_PREFIX}handout_cases"
TRAIN_L_DONE = f"{TRAIN_LEARNER_PREFIX}done"
TRAIN_L_EXPECTED = f"{TRAIN_LEARNER_PREFIX}expected"
TRAIN_L_SUBMIT = f"{TRAIN_LEARNER_PREFIX}submit"
TRAIN_L_LEVELS = f"{TRAIN_LEARNER_PREFIX}levels"
TRAIN_L_RESTART = f"{TRAIN_LEARNER_PREFIX}restart"
TRAIN_EXIT = f"{TRAIN_PREFIX}exit"


def what_if_key(item_id: str) -> str:
    """The trainer's what-if answer to one question."""
    return f"{TRAIN_PREFIX}wi_{item_id}"


def learner_key(item_id: str) -> str:
    """The learner's answer to one question."""
    return f"{TRAIN_LEARNER_PREFIX}{item_id}"


def vote_key(level: str) -> str:
    """The workshop's count of votes for one level (a Level's value)."""
    return f"{TRAIN_PREFIX}vote_{level}"


def train_compare_side_key(side: str) -> str:
    """One side ("a" or "b") of the version comparison."""
    return f"{TRAIN_PREFIX}cmp_side_{side}"


def handout_key(kind: str) -> str:
    """A handout's download button."""
    return f"{TRAIN_PREFIX}handout_{kind}"


def handout_pdf_key(kind: str) -> str:
    """A handout made: (what it was made for, bytes)."""
    return f"{TRAIN_PREFIX}handout_{kind}_pdf"


def handout_prepare_key(kind: str) -> str:
    return f"{TRAIN_PREFIX}handout_{kind}_prepare"


# --------------------------------------------------------------------------- the online course
COURSE_PREFIX = "course_"  # every course key: leaving the course erases them all
COURSE_MODULE = f"{COURSE_PREFIX}module"  # the open module's id, None: the module list
COURSE_PROGRESS = f"{COURSE_PREFIX}progress"  # {module id: ModuleProgress as a dict}
COURSE_CERT = f"{COURSE_PREFIX}cert_pdf"
COURSE_RESUME = f"{COURSE_PREFIX}resume"
COURSE_NAME = f"{COURSE_PREFIX}name"
COURSE_WARNING = f"{COURSE_PREFIX}warning"
COURSE_SAVE = f"{COURSE_PREFIX}save"
COURSE_CERT_FORM = f"{COURSE_PREFIX}cert_form"
COURSE_CERT_PREPARE = f"{COURSE_PREFIX}cert_prepare"
COURSE_CERT_DOWNLOAD = f"{COURSE_PREFIX}cert_download"
COURSE_BACK = f"{COURSE_PREFIX}back"
COURSE_READING = f"{COURSE_PREFIX}reading"
COURSE_EXIT = f"{COURSE_PREFIX}exit"


def course_q_key(module_id: str, question_id: str) -> str:
    """The learner's answer to one knowledge-check question."""
    return f"{COURSE_PREFIX}q_{module_id}_{question_id}"


def course_case_key(module_id: str, item_id: str) -> str:
    """The learner's answer to one question of a module's calibration case."""
    return f"{COURSE_PREFIX}case_{module_id}_{item_id}"


def course_case_level_key(module_id: str) -> str:
    return f"{COURSE_PREFIX}case_level_{module_id}"


def course_module_key(kind: str, module_id: str) -> str:
    """One module's widget or box of a kind: card, open, check, feedback, case_story,
    case_submit, case_feedback, case_restart."""
    return f"{COURSE_PREFIX}{kind}_{module_id}"


#: Buttons with an arrow_* icon: right to left, ui/chrome.RTL_CSS mirrors their arrows.
ARROW_BUTTONS = (START, NAV_NEXT, NAV_BACK, COURSE_BACK)
