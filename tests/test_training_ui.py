"""Training mode in the app (AppTest, widgets found by key): trainer, learner, the way out."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.loader import QUESTIONNAIRES_DIR, Registry
from assessment.training import get_case
from ui import keys as K
from ui import training as T
from ui.common import PDF_MEMO

BANNER = "FORMATION"
APP = Path(__file__).resolve().parent.parent / "app.py"


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.info, at.warning, at.error, at.success) for e in kind]
    return "\n".join(parts).replace("\u00a0", " ").replace("\u202f", " ")  # French non-breaking spaces read as spaces


def _level_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("## ")).replace("\u00a0", " ").replace("\u202f", " ")


def _state_keys(at: AppTest) -> set[str]:
    return set(at.session_state.keys())


@pytest.fixture
def at() -> AppTest:
    """The real app (app.py), switched to training mode from the start page."""
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.context = {"locale": "fr-BE"}
    app.run()
    assert not app.exception
    app.radio(key=K.MODE).set_value("training").run()
    app.button(key=K.START).click().run()
    assert not app.exception, app.exception
    assert app.session_state[K.STAGE] == "training"
    return app


def test_training__starts_from_the_start_page_with_the_banner(at):
    assert BANNER in at.markdown[0].value or BANNER in _texts(at)
    assert at.selectbox(key=K.TRAIN_CASE).value == T.cases()[0].id
    assert at.segmented_control(key=K.TRAIN_VIEW).value == "trainer"


def test_trainer__shows_each_answer_and_its_contribution(at):
    at.selectbox(key=K.TRAIN_CASE).set_value("strangulation").run()
    assert "Danger élevé" in _level_line(at)
    assert at.radio(key=K.what_if_key("strangulation")).value == "yes"
    text = _texts(at)
    assert "+5 points" in text and "plancher « élevé » appliqué" in text and "décisif" in text
    assert "si oui : « grave »" in text  # e.g. separation: yes would make it severe


def test_trainer__what_if_changes_level_and_reasons_at_once_and_resets(at):
    at.selectbox(key=K.TRAIN_CASE).set_value("coercive_control").run()
    assert "Danger modéré" in _level_line(at)
    at.radio(key=K.what_if_key("separation")).set_value("yes").run()
    assert "Danger élevé" in _level_line(at)
    assert "Une séparation (réelle, prévue ou redoutée par lui)" in _texts(at)  # the combination's reason
    at.button(key=K.TRAIN_RESET_CASE).click().run()
    assert at.radio(key=K.what_if_key("separation")).value == "no"
    assert "Danger modéré" in _level_line(at)


def test_trainer__new_fact_toggle_changes_the_level_to_the_documented_one(at):
    at.selectbox(key=K.TRAIN_CASE).set_value("new_fact_separation").run()
    assert "Danger modéré" in _level_line(at)
    at.toggle(key=K.TRAIN_NEW_FACT).set_value(True).run()
    assert at.radio(key=K.what_if_key("separation")).value == "yes"
    assert "Danger élevé" in _level_line(at)
    at.toggle(key=K.TRAIN_NEW_FACT).set_value(False).run()
    assert "Danger modéré" in _level_line(at)


def test_trainer__case_judgement_can_be_shown_and_removed(at):
    at.selectbox(key=K.TRAIN_CASE).set_value("judgement_raises").run()
    assert "Danger élevé" in _level_line(at)
    assert "Niveau calculé par l'outil" in _texts(at)
    at.toggle(key=K.TRAIN_JUDGEMENT).set_value(False).run()
    assert "Danger modéré" in _level_line(at)


def test_trainer__compare_two_versions_from_the_registry(at, tmp_path, monkeypatch):
    folder = tmp_path / "danger-screen"
    folder.mkdir()
    shutil.copy(QUESTIONNAIRES_DIR / "danger-screen" / "1.0.0.yaml", folder / "1.0.0.yaml")
    draft = (folder / "1.0.0.yaml").read_text("utf-8").replace('version: "1.0.0"', 'version: "2.0.0"')
    draft = draft.replace("status: released", "status: draft").replace("    high: 10\n", "    high: 8\n")
    (folder / "2.0.0.yaml").write_text(draft, "utf-8")
    registry = Registry.scan(tmp_path)
    assert not registry.errors
    monkeypatch.setattr(T, "versions_registry", lambda: registry)
    at.selectbox(key=K.TRAIN_CASE).set_value("coercive_control").run()  # 8 points
    assert at.selectbox(key=K.TRAIN_CMP_A).value == "danger-screen 1.0.0"
    assert at.selectbox(key=K.TRAIN_CMP_B).options == ["danger-screen 1.0.0 (publiée)",
                                                      "danger-screen 2.0.0 (brouillon)"]
    at.selectbox(key=K.TRAIN_CMP_B).set_value("danger-screen 2.0.0").run()
    assert "Le niveau change d'une version à l'autre : modéré → élevé." in _texts(at)
    at.selectbox(key=K.TRAIN_CMP_B).set_value("danger-screen 1.0.0").run()
    assert "Même niveau avec les deux versions." in _texts(at)


def test_learner__answers_states_a_level_then_compares_and_reads_teaching_points(at):
    at.selectbox(key=K.TRAIN_CASE).set_value("stalking_after_separation").run()
    at.segmented_control(key=K.TRAIN_VIEW).set_value("learner").run()
    assert at.button(key=K.TRAIN_L_SUBMIT).disabled  # the expected level comes first
    case = get_case("stalking_after_separation")
    for item, answer in case.answers.items():
        if item != "order_breach":  # one answer left unanswered: it counts as unknown
            at.radio(key=K.learner_key(item)).set_value(answer.value)
    at.radio(key=K.TRAIN_L_EXPECTED).set_value("moderate").run()
    at.button(key=K.TRAIN_L_SUBMIT).click().run()
    assert not at.exception
    text = _texts(at)
    assert "Niveau que vous attendiez : **Danger modéré**" in text
    assert "Niveau du cas : **Danger élevé**" in text
    assert "Sous-estimer le danger" in text
    assert "1 réponse diffère de celles du cas" in text and "vous : Ne sait pas ; le cas : Oui" in text
    assert case.teaching_points[0].split()[0] in text
    at.button(key=K.TRAIN_L_RESTART).click().run()
    assert at.radio(key=K.TRAIN_L_EXPECTED).value is None


def test_training_never_writes_the_real_assessment(at):
    at.selectbox(key=K.TRAIN_CASE).set_value("threats_children").run()
    at.radio(key=K.what_if_key("strangulation")).set_value("yes").run()
    keys = _state_keys(at)
    assert not any(k.startswith("ans_") for k in keys)
    store = at.session_state[K.STORE]
    assert not any(k.startswith("ans_") for k in store)


def test_leaving_training__is_an_explicit_reset_and_the_real_assessment_starts_empty(at):
    at.selectbox(key=K.TRAIN_CASE).set_value("threats_children").run()
    assert any(k.startswith("train_wi_") for k in _state_keys(at))
    at.button(key=K.TRAIN_EXIT).click().run()
    assert at.session_state[K.STAGE] == "start"
    assert not any(k.startswith("train_") for k in _state_keys(at))
    assert at.radio(key=K.MODE).value == "real"
    at.button(key=K.START).click().run()
    assert at.session_state[K.STAGE] == "before"
    assert not any(k.startswith("ans_") for k in _state_keys(at) | set(at.session_state[K.STORE]))
    assert BANNER not in "\n".join(m.value for m in at.markdown)


def test_every_document_built_in_training_is_marked_training():
    case = get_case("strangulation")
    assert T.case_doc(case, dict(case.answers)).mode == "training"
    assert case.doc().mode == "training"


def test_specimen_pdf__training_watermark_on_every_page():
    pytest.importorskip("assessment.report")
    import io

    from pypdf import PdfReader

    from assessment.report import build_pdf
    from assessment.scoring import score
    from assessment.training import loaded_for
    case = get_case("threats_children")
    loaded = loaded_for(case)
    doc = T.case_doc(case, dict(case.answers))
    pdf = build_pdf(doc, loaded, score(loaded, doc), "fr")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 1
    for page in pages:
        assert "FORMATION" in page.extract_text().upper()


def test_specimen_pdf__built_on_request_and_offered_again_after_a_what_if(at):
    """The specimen is not rebuilt on every "what if" rerun: it is prepared on request, for the
    answers shown, and a change of answer brings the prepare button back."""
    def downloads():
        return {d.key for d in at.get("download_button")}

    at.selectbox(key=K.TRAIN_CASE).set_value("strangulation").run()
    assert "train_pdf" not in downloads() and PDF_MEMO not in _state_keys(at)  # nothing built yet
    at.button(key=K.TRAIN_PDF_PREPARE).click().run()
    assert not at.exception
    assert "train_pdf" in downloads() and PDF_MEMO in _state_keys(at)
    at.radio(key=K.what_if_key("strangulation")).set_value("no").run()
    assert "train_pdf" not in downloads()
    at.button(key=K.TRAIN_PDF_PREPARE).click().run()
    assert "train_pdf" in downloads()


def test_trainer__comparison_shows_added_question_changelog_and_a_draft_notice(at, tmp_path, monkeypatch):
    folder = tmp_path / "danger-screen"
    folder.mkdir()
    shutil.copy(QUESTIONNAIRES_DIR / "danger-screen" / "1.0.0.yaml", folder / "1.0.0.yaml")
    draft = (folder / "1.0.0.yaml").read_text("utf-8").replace('version: "1.0.0"', 'version: "2.0.0"')
    draft = draft.replace("status: released", "status: draft").replace(
        "\nprovenance:", '\nchangelog: "Une question sur les objets cassés."\n\nprovenance:', 1)
    at_items = draft.index("    items:\n") + len("    items:\n")
    draft = draft[:at_items] + ('      - id: property_damage\n        text: "A-t-il cassé des objets ?"\n'
                                '        help: "Casser des objets est une menace."\n        tier: low\n'
                                '        weight: 1\n') + draft[at_items:]
    (folder / "2.0.0.yaml").write_text(draft, "utf-8")
    registry = Registry.scan(tmp_path)
    assert not registry.errors
    monkeypatch.setattr(T, "versions_registry", lambda: registry)
    at.run()
    at.selectbox(key=K.TRAIN_CMP_B).set_value("danger-screen 2.0.0").run()
    text = _texts(at)
    assert "Question ajoutée : « A-t-il cassé des objets ? »" in text
    assert "**Changements de la version 2.0.0**  \nUne question sur les objets cassés." in text
    assert "pas encore entièrement traduite" not in text  # French is the source: nothing missing
    at.radio(key=K.LANG).set_value("en").run()
    assert not at.exception
    text = _texts(at)
    assert "Question added: “A-t-il cassé des objets ?”" in text  # the draft's text: in French
    assert "This draft version is not fully translated yet" in text


def test_learner__empty_exercise_at_low__not_praised_and_told_information_is_missing(at):
    """Reproduced on main: no answer at all, "low" expected on the low case, and the
    learner read "you expected the right level" with no word about the missing information."""
    at.selectbox(key=K.TRAIN_CASE).set_value("first_contact_low").run()
    at.segmented_control(key=K.TRAIN_VIEW).set_value("learner").run()
    at.radio(key=K.TRAIN_L_EXPECTED).set_value("low").run()
    at.button(key=K.TRAIN_L_SUBMIT).click().run()
    assert not at.exception
    assert [s.value for s in at.success if "bon niveau" in s.value] == []
    assert "il manque des informations" in _texts(at)


def test_specimen_pdf__has_what_to_do_now_and_the_services(at):
    """Reproduced on main: the specimen sheet had neither "what to do now" nor the
    services, so a trainer could not show the real sheet's most useful part."""
    import io

    from pypdf import PdfReader

    at.selectbox(key=K.TRAIN_CASE).set_value("strangulation").run()
    at.button(key=K.TRAIN_PDF_PREPARE).click().run()
    assert not at.exception
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(at.session_state[PDF_MEMO][1])).pages)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Que faire maintenant" in text and "Services à contacter" in text


def test_learner__dont_know_where_the_story_is_silent__is_not_marked_wrong(at):
    """Reproduced on main: the answer key says "no" to facts the stalking story never
    mentions, so a learner who answered only what the story says got 20 "differences"."""
    at.selectbox(key=K.TRAIN_CASE).set_value("stalking_after_separation").run()
    at.segmented_control(key=K.TRAIN_VIEW).set_value("learner").run()
    told = {"stalking": "yes", "order_breach": "yes", "separation": "yes",
            "victim_fears_death": "no", "children_present": "no", "threats_children": "no",
            "child_not_his": "no"}  # "no children"
    for item, answer in told.items():  # everything else left as "don't know"
        at.radio(key=K.learner_key(item)).set_value(answer)
    at.radio(key=K.TRAIN_L_EXPECTED).set_value("high").run()
    at.button(key=K.TRAIN_L_SUBMIT).click().run()
    assert not at.exception
    text = _texts(at)
    assert "diffère" not in text and "diffèrent" not in text, text
    assert "l'histoire ne le dit pas" in text


def test_case_list__titles_do_not_give_the_level_away(at):
    """Reproduced on main: the case list read "… — Danger grave"."""
    from assessment.i18n import translator
    from assessment.wording import level_name

    t = translator("fr")
    names = {level_name(level, t) for level in __import__("assessment.model", fromlist=["Level"]).Level}
    assert not [o for o in at.selectbox(key=K.TRAIN_CASE).options if any(n in o for n in names)]


def test_workshop__level_reasons_and_contributions_hidden_until_revealed__then_the_vote_spread(at):
    """A trainer asks the group first: in workshop mode nothing on screen says the level (nor
    the points, nor "decisive") until "reveal"; the group's vote is then set against it."""
    at.selectbox(key=K.TRAIN_CASE).set_value("stalking_after_separation").run()
    at.toggle(key=K.TRAIN_WORKSHOP).set_value(True).run()
    hidden = _texts(at)
    assert "Danger élevé" not in hidden and "Pourquoi ce niveau" not in hidden
    assert not __import__("re").search(r"\+\d+ points?|décisif|Score", hidden)
    at.number_input(key=K.vote_key("moderate")).set_value(4).run()
    at.number_input(key=K.vote_key("high")).set_value(9).run()
    at.number_input(key=K.vote_key("severe")).set_value(2).run()
    at.button(key=K.TRAIN_REVEAL).click().run()
    assert not at.exception
    shown = _texts(at)
    assert "Danger élevé" in shown and "Pourquoi ce niveau" in shown
    assert "4 sur 15 ont choisi un niveau plus bas" in shown  # under-triage named
    at.selectbox(key=K.TRAIN_CASE).set_value("strangulation").run()  # a new case: hidden again
    assert "Pourquoi ce niveau" not in _texts(at)


def test_trainer_view__why_we_ask_and_a_legend_for_floor_and_decisive(at):
    at.selectbox(key=K.TRAIN_CASE).set_value("strangulation").run()
    text = _texts(at)
    assert "Plancher :" in text and "Décisif :" in text
    assert any(e.label.replace("\u00a0", " ").replace("\u202f", " ") == "Pourquoi cette question ?" for e in at.expander)


def test_workshop__discussion_prompts_open_while_the_level_is_hidden(at):
    at.selectbox(key=K.TRAIN_CASE).set_value("strangulation").run()
    at.toggle(key=K.TRAIN_WORKSHOP).set_value(True).run()
    case = get_case("strangulation")
    text = _texts(at)
    assert all(q.replace("\u00a0", " ").replace("\u202f", " ") in text for q in case.discussion)
    assert "Danger élevé" not in text


def test_learner_and_workshop__titles_and_summaries_hidden_until_compare_or_reveal(at):
    """Titles and summaries give the answer away ("Strangulation : un seul signe suffit",
    "... le danger est grave"): blind views show "Cas n" in an order that says nothing."""
    titles = {c.id: c.title for c in T.cases()}
    summaries = [c.summary for c in T.cases()]
    at.segmented_control(key=K.TRAIN_VIEW).set_value("learner").run()
    options = at.selectbox(key=K.TRAIN_CASE_BLIND).options
    assert not set(options) & set(titles.values()) and all(o.startswith("Cas ") for o in options)
    assert not any(s.replace("\u00a0", " ").replace("\u202f", " ") in _texts(at) for s in summaries)
    at.selectbox(key=K.TRAIN_CASE_BLIND).set_value("strangulation").run()
    at.radio(key=K.TRAIN_L_EXPECTED).set_value("high").run()
    at.button(key=K.TRAIN_L_SUBMIT).click().run()
    assert titles["strangulation"] in _texts(at).replace("\u00a0", " ").replace("\u202f", " ")  # after comparing
    at.segmented_control(key=K.TRAIN_VIEW).set_value("trainer").run()
    at.toggle(key=K.TRAIN_WORKSHOP).set_value(True).run()
    assert all(o.startswith("Cas ") for o in at.selectbox(key=K.TRAIN_CASE_BLIND).options)
    assert at.selectbox(key=K.TRAIN_CASE_BLIND).value == "strangulation"  # the same case, unnamed
    at.button(key=K.TRAIN_REVEAL).click().run()
    assert at.selectbox(key=K.TRAIN_CASE).value == "strangulation"
    assert titles["strangulation"] in _texts(at).replace("\u00a0", " ").replace("\u202f", " ")
