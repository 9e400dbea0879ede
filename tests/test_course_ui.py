"""The course pages in the app (AppTest, widgets by key): list, module, check, calibration,
save, resume, certificate; the quick exit and the assessment stay apart."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from assessment.course import default_course, dump_progress
from assessment.i18n import translator
from ui import course as C
from ui import keys as K
from ui.common import Ctx

APP = Path(__file__).resolve().parent.parent / "app.py"
MOD = "facteurs_de_risque"


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.info, at.warning, at.error, at.success) for e in kind]
    parts += [p.proto.text for p in at.get("progress")]
    return "\n".join(parts).replace("\u00a0", " ").replace("\u202f", " ")


def _start(locale: str = "fr-BE") -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.context = {"locale": locale}
    app.run()
    app.radio(key=K.MODE).set_value("course").run()
    app.button(key=K.START).click().run()
    assert not app.exception, app.exception
    assert app.session_state[K.STAGE] == "course"
    return app


@pytest.fixture
def at() -> AppTest:
    return _start()


def _open(at: AppTest, module: str = MOD) -> None:
    at.button(key=f"course_open_{module}").click().run()
    assert not at.exception, at.exception


def _answer_all(at: AppTest, module: str = MOD, right: bool = True) -> None:
    for q in default_course().module(module).questions:
        option = next(o for o in q.options if o.correct == right)
        at.radio(key=C.q_key(module, q.id)).set_value(option.id).run()


def test_list__every_module_with_a_button_a_warning_and_no_progress(at):
    for module in default_course().modules:
        assert at.button(key=f"course_open_{module.id}")
    assert "Avertissement" in _texts(at) and "0800 30 030" in _texts(at)
    assert "0 modules terminés sur 7" in _texts(at)
    assert "Terminez au moins un module" in _texts(at)


def test_module__reading_then_check_with_feedback_for_each_chosen_option(at):
    _open(at)
    module = default_course().module(MOD)
    assert module.reading[0].split(" ")[0] in _texts(at)
    q1, q2 = module.questions[0], module.questions[1]
    right = next(o for o in q1.options if o.correct)
    wrong = next(o for o in q2.options if not o.correct)
    at.radio(key=C.q_key(MOD, q1.id)).set_value(right.id).run()
    at.radio(key=C.q_key(MOD, q2.id)).set_value(wrong.id).run()
    at.button(key=f"course_check_{MOD}").click().run()
    text = _texts(at)
    assert right.feedback.split(" ")[1] in text and wrong.feedback.split(" ")[1] in text
    assert "Question 3 : pas de réponse" in text
    assert "Résultat : 1 sur 3" in text


def test_calibration__nothing_shown_before_commit_then_under_triage_named(at):
    _open(at)
    case_level = "Niveau du cas"
    assert case_level not in _texts(at)
    assert at.button(key=f"course_case_submit_{MOD}").disabled  # a level must be committed first
    at.radio(key=f"course_case_level_{MOD}").set_value("low").run()
    at.button(key=f"course_case_submit_{MOD}").click().run()
    text = _texts(at)
    assert case_level in text and "Sous-estimer le danger est l'erreur à éviter" in text
    from assessment.training import get_case
    point = get_case(default_course().module(MOD).case).teaching_points[0]
    assert point[:30] in text.replace("\\", "")


def test_module_completed__shows_in_the_list_with_its_score(at):
    _open(at)
    _answer_all(at)
    at.button(key=f"course_check_{MOD}").click().run()
    at.radio(key=f"course_case_level_{MOD}").set_value("high").run()
    at.button(key=f"course_case_submit_{MOD}").click().run()
    assert "Module terminé." in _texts(at)
    at.button(key=K.COURSE_BACK).click().run()
    text = _texts(at)
    assert "1 module terminé sur 7" in text and "Terminé — test : 3 sur 3" in text
    assert not any(k.startswith("ans_") for k in list(at.session_state))  # no assessment answers


def test_save_progress__the_file_is_the_session_progress(at):
    _open(at, "demander_sans_danger")
    _answer_all(at, "demander_sans_danger", right=False)
    at.button(key="course_check_demander_sans_danger").click().run()
    doc = C.progress_doc(at.session_state, default_course())
    data = json.loads(dump_progress(doc))
    assert data["kind"] == "course-progress" and data["sha256"] == default_course().sha256
    assert data["modules"]["demander_sans_danger"]["checked"] is True


class _Upload:
    def __init__(self, raw: bytes):
        self._raw = raw
        self.size = len(raw)

    def getvalue(self) -> bytes:
        return self._raw


def _resume(raw: bytes, state: dict | None = None) -> dict:
    state = state if state is not None else {}
    state["course_resume"] = _Upload(raw)
    C._on_resume(Ctx(translator("fr", domain="ui"), None, state))
    return state


def test_resume__a_progress_file_restores_the_progress():
    loaded = default_course()
    m = loaded.module("demander_sans_danger")
    saved = {"kind": "course-progress", "course": loaded.course.id, "version": loaded.course.version,
             "sha256": loaded.sha256, "modules": {m.id: {"answers": {q.id: q.options[0].id for q in m.questions},
                                                       "checked": True}}}
    state = _resume(json.dumps(saved).encode())
    assert state["_flash"][0] == "success"
    assert state[C.PROGRESS][m.id]["checked"] is True


def test_resume__an_assessment_file_is_refused_and_nothing_changes():
    before = {C.PROGRESS: {"x": {"checked": True}}}
    state = _resume(json.dumps({"questionnaire": "danger-screen", "answers": {}}).encode(), dict(before))
    kind, text, code = state["_flash"]
    assert kind == "error" and code == "C755" and "évaluation enregistrée" in text
    assert state[C.PROGRESS] == before[C.PROGRESS]


def test_resume__widget_on_the_list_page(at):
    assert at.session_state[K.STAGE] == "course"
    # the uploader is drawn by key (AppTest cannot upload; the callback is tested above)
    assert "Reprendre ma progression" in str(at.main)


def test_certificate__name_typed_then_dropped_pdf_ready(at):
    _open(at, "demander_sans_danger")
    _answer_all(at, "demander_sans_danger")
    at.button(key="course_check_demander_sans_danger").click().run()
    at.button(key=K.COURSE_BACK).click().run()
    at.text_input(key=K.COURSE_NAME).input("Camille Martin")
    at.button(key=K.COURSE_CERT_PREPARE).click().run()
    assert not at.exception, at.exception
    assert "course_cert_download" in str(at.main)  # the download button, drawn this run
    assert at.text_input(key=K.COURSE_NAME).value == ""  # the name is not kept in the session
    assert C.CERT not in at.session_state
    assert "Camille Martin" not in repr([at.session_state[k] for k in at.session_state])
    at.button(key="course_open_controle_coercitif").click().run()
    assert "course_cert_download" not in str(at.main)


def test_certificate__built_from_the_session_progress_with_the_typed_name():
    loaded = default_course()
    m = loaded.module("demander_sans_danger")
    state = {C.PROGRESS: {m.id: {"answers": {q.id: q.options[0].id for q in m.questions}, "checked": True}},
             "course_name": "Camille Martin"}
    C._make_certificate(Ctx(translator("fr", domain="ui"), None, state))
    assert "course_name" not in state
    text = PdfReader(io.BytesIO(state[C.CERT])).pages[0].extract_text()
    assert "Camille Martin" in text and "Demander sans mettre en danger" in text


def test_arabic__course_pages_translated():
    app = _start("ar")
    text = _texts(app)
    assert "Avertissement" not in text and "تنبيه" in text
    app.button(key=f"course_open_{MOD}").click().run()
    assert not app.exception
    assert "عوامل الخطر" in "\n".join(h.value for h in app.header)


def test_leave_course__back_to_start_and_course_keys_gone(at):
    _open(at)
    at.button(key=K.COURSE_EXIT).click().run()
    assert at.session_state[K.STAGE] == "start"
    assert not [k for k in list(at.session_state) if k.startswith("course_")]


def test_quick_exit__erases_the_course_too(at):
    _open(at)
    _answer_all(at)
    from ui.guard import EXIT_KEY
    at.button(key=EXIT_KEY).click().run()
    assert not [k for k in list(at.session_state) if k.startswith("course_")]
