"""The online course: module list with progress, reading, knowledge check,
calibration case, progress file, certificate.

Same privacy as the rest of the app: everything lives in this browser session (keys prefixed
`course_`), nothing is written on the server, nothing is tracked. Progress leaves the session
only as a file the learner downloads ("Enregistrer ma progression", kind `course-progress`) and
comes back when she uploads it. The learner's name is typed for the certificate only and
dropped as soon as the certificate is made. Fictional cases only; the real assessment's answers
(`ans_*`) are never read or written here. The quick exit (ui/guard.py) erases everything.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from assessment.course import (
    LoadedCourse,
    ModuleProgress,
    ProgressDoc,
    check_answers,
    default_course,
    dump_progress,
    module_done,
    parse_progress,
    record,
)
from assessment.i18n import N_
from assessment.model import LEVEL_ORDER, Answer, Level

from . import keys as K
from . import state as S
from .common import Ctx, plain

if TYPE_CHECKING:
    from assessment.course import Module

PREFIX = K.COURSE_PREFIX
MODULE = K.COURSE_MODULE  # the open module's id, None: the module list
PROGRESS = K.COURSE_PROGRESS  # {module id: ModuleProgress as a dict}
CERT = K.COURSE_CERT
ANSWERS = ("yes", "no", "unknown")
VERDICT_TEXT = {
    "right": N_("Vous attendiez le bon niveau, et vos réponses suffisent à le fonder."),
    "right_but_missing": N_("Vous avez nommé le niveau du cas, mais avec vos réponses une question "
                            "importante reste sans réponse (ou trop de questions) : l'outil dirait "
                            "qu'un danger plus élevé ne peut pas être exclu. Posez ces questions, "
                            "ou orientez sans attendre."),
    "under": N_("Vous attendiez un niveau plus bas que celui du cas. Sous-estimer le danger est "
                "l'erreur à éviter : relisez ce qui fixe le niveau du cas."),
    "over": N_("Vous attendiez un niveau plus élevé que celui du cas. En première ligne, la prudence "
               "est préférable ; voyez ce qui fixe le niveau du cas."),
}


q_key = K.course_q_key
case_key = K.course_case_key


def course() -> LoadedCourse:
    return default_course()


def progress(state: MutableMapping[str, Any]) -> dict[str, dict[str, Any]]:
    if PROGRESS not in state:
        state[PROGRESS] = {}
    progress: dict[str, dict[str, Any]] = state[PROGRESS]
    return progress


def module_progress(state: MutableMapping[str, Any], module_id: str) -> ModuleProgress | None:
    found = progress(state).get(module_id)
    return ModuleProgress.model_validate(found) if found else None


def progress_doc(state: MutableMapping[str, Any], loaded: LoadedCourse) -> ProgressDoc:
    """The session's progress as the file the learner keeps."""
    return ProgressDoc(kind="course-progress", course=loaded.course.id, version=loaded.course.version,
                       sha256=loaded.sha256,
                       modules={k: ModuleProgress.model_validate(v) for k, v in progress(state).items()})


def course_keys(state: MutableMapping[str, Any]) -> list[str]:
    return [k for k in list(state.keys()) if isinstance(k, str) and k.startswith(PREFIX)]


# --------------------------------------------------------------------------- callbacks
def _open(state: MutableMapping[str, Any], module_id: str | None) -> None:
    state[MODULE] = module_id
    state[S.SCROLL_TOP] = state.get(S.SCROLL_TOP, 0) + 1
    if module_id is None:
        return
    saved = module_progress(state, module_id)
    module = course().module(module_id)
    for question in module.questions:  # the last checked answers come back on the radios
        key = q_key(module_id, question.id)
        state[key] = saved.answers.get(question.id) if saved else None


def _check(state: MutableMapping[str, Any], module_id: str) -> None:
    module = course().module(module_id)
    answers = {q.id: state.get(q_key(module_id, q.id)) for q in module.questions}
    entry = progress(state).setdefault(module_id, {})
    entry["answers"] = {k: v for k, v in answers.items() if v is not None}
    entry["checked"] = True


def _commit_case(state: MutableMapping[str, Any], module_id: str, item_ids: list[str]) -> None:
    entry = progress(state).setdefault(module_id, {})
    entry["case_level"] = state.get(K.course_case_level_key(module_id))
    entry["case_answers"] = {i: state.get(case_key(module_id, i)) or "unknown" for i in item_ids}
    entry["case_done"] = True


def _restart_case(state: MutableMapping[str, Any], module_id: str, item_ids: list[str]) -> None:
    entry = progress(state).setdefault(module_id, {})
    for name in ("case_level", "case_answers", "case_done"):
        entry.pop(name, None)
    for item in item_ids:
        state.pop(case_key(module_id, item), None)
    state.pop(K.course_case_level_key(module_id), None)


def _on_resume(ctx: Ctx) -> None:
    """A progress file was chosen: valid, it replaces the session's progress; invalid, one plain
    sentence (an assessment file is refused here) and the progress stays as it was."""
    from assessment.errors import GENERIC_USER, DataError

    state = ctx.state
    uploaded = state.get(K.COURSE_RESUME)
    if uploaded is None:
        return
    try:
        doc = parse_progress(uploaded.getvalue(), course())
    except DataError as exc:
        state[S.FLASH] = ("error", exc.for_user(ctx.t), exc.code)
        return
    except Exception:  # a bug of ours: same promise, nothing changed
        state[S.FLASH] = ("error", ctx.t(GENERIC_USER), None)
        return
    state[PROGRESS] = {k: v.model_dump(mode="json") for k, v in doc.modules.items()}
    state[MODULE] = None
    state.pop(CERT, None)
    state[S.FLASH] = ("success", ctx.t("Progression reprise."))


def leave_course(state: MutableMapping[str, Any]) -> None:
    """Back to the start page; everything the course held in this session goes."""
    for key in course_keys(state):
        del state[key]
    S.store(state)[K.MODE] = "real"
    state[K.MODE] = "real"
    state[S.STAGE] = "start"


def _make_certificate(ctx: Ctx) -> None:
    """Form callback: the PDF is built now, the typed name dropped at once (kept nowhere)."""
    from assessment.certificate import build_certificate

    state = ctx.state
    name = state.pop(K.COURSE_NAME, "") or ""
    loaded = course()
    state[CERT] = build_certificate(loaded, record(loaded, progress_doc(state, loaded)), name, ctx.locale)


# --------------------------------------------------------------------------- pages
def content_warning(ctx: Ctx, loaded: LoadedCourse) -> None:
    t = ctx.t
    with st.container(border=True, key=K.COURSE_WARNING):
        st.markdown(":material/warning: **" + t("Avertissement") + "** — " + plain(t(loaded.course.content_warning)))
        st.markdown("\n".join("- " + plain(t(line)) for line in loaded.course.support))


def render_list(ctx: Ctx, loaded: LoadedCourse) -> None:
    t = ctx.t
    state = ctx.state
    st.markdown(plain(t(loaded.course.description)))
    content_warning(ctx, loaded)
    done = [m for m in loaded.modules if module_done(m, module_progress(state, m.id))]
    st.progress(len(done) / len(loaded.modules),
                text=t.ngettext("{n} module terminé sur {total}", "{n} modules terminés sur {total}",
                                len(done)).format(n=len(done), total=len(loaded.modules)))
    for number, module in enumerate(loaded.modules, 1):
        saved = module_progress(state, module.id)
        with st.container(border=True, key=K.course_module_key("card", module.id)):
            st.markdown(f"**{number}. {plain(t(module.title))}**")
            st.caption(plain(t(module.summary)) + " · " + t("{n} minutes").format(n=module.minutes))
            if saved is not None and module_done(module, saved):
                score = sum(f.correct for f in check_answers(module, dict(saved.answers)))
                st.markdown(":material/check_circle: " + t("Terminé — test : {score} sur {total}").format(
                    score=score, total=len(module.questions)))
            elif saved is not None:
                st.markdown(":material/pending: " + t("Commencé"))
            st.button(t("Ouvrir le module"), key=K.course_module_key("open", module.id), on_click=_open,
                      args=(state, module.id), icon=":material/menu_book:")
    st.subheader(t("Votre progression"))
    st.caption(t("Le site ne garde rien : pour continuer plus tard, enregistrez votre progression dans "
                 "un fichier, puis reprenez-la ici."))
    st.download_button(t("Enregistrer ma progression (.json)"), data=dump_progress(progress_doc(state, loaded)).encode("utf-8"),
                       file_name="progression-cours.json", mime="application/json", key=K.COURSE_SAVE,
                       on_click="ignore", icon=":material/save:")
    st.file_uploader(t("Reprendre ma progression (fichier .json)"), type=["json"], key=K.COURSE_RESUME,
                     on_change=_on_resume, args=(ctx,), max_upload_size=1,
                     help=t("Le fichier est lu dans cette session seulement ; il n'est pas conservé."))
    certificate(ctx, loaded, len(done))


def certificate(ctx: Ctx, loaded: LoadedCourse, done: int) -> None:
    t = ctx.t
    state = ctx.state
    st.subheader(t("Certificat de suivi"))
    if not done:
        st.caption(t("Terminez au moins un module (lecture, test et exercice) pour obtenir un certificat."))
        return
    st.caption(t.ngettext(
        "Le certificat indique le module terminé, son score, la version du cours et la date.",
        "Le certificat indique les {n} modules terminés, leurs scores, la version du cours et la date.",
        done).format(n=done))
    with st.form(K.COURSE_CERT_FORM, clear_on_submit=True, border=False):
        st.text_input(t("Votre nom, tel qu'il doit figurer sur le certificat (il n'est pas conservé)"),
                      key=K.COURSE_NAME, max_chars=120)
        st.form_submit_button(t("Préparer le certificat"), key=K.COURSE_CERT_PREPARE,
                              on_click=_make_certificate, args=(ctx,), icon=":material/workspace_premium:")
    # Shown once, in the run right after "Préparer": the bytes (and the name in them) leave the
    # session now; the next click anywhere removes the button and nothing of her name remains.
    pdf = state.pop(CERT, None)
    if pdf:
        st.download_button(t("Télécharger le certificat (PDF)"), data=pdf, file_name="certificat-cours.pdf",
                           mime="application/pdf", key=K.COURSE_CERT_DOWNLOAD, on_click="ignore",
                           type="primary", icon=":material/download:")


def render_module(ctx: Ctx, loaded: LoadedCourse, module_id: str) -> None:
    t = ctx.t
    state = ctx.state
    module = loaded.module(module_id)
    st.button(t("Retour à la liste des modules"), key=K.COURSE_BACK, on_click=_open, args=(state, None),
              icon=":material/arrow_back:")
    st.header(t(module.title))
    # TRANSLATORS: reading and quiz time of one module.
    st.caption(t("{n} minutes").format(n=module.minutes))
    with st.container(key=K.COURSE_READING):
        for paragraph in module.reading:
            st.markdown(plain(t(paragraph)))
    with st.expander(t("Sources")):
        st.markdown("\n".join("- " + plain(s.citation) + (f" — {plain(s.url)}" if s.url else "")
                              for s in module.sources))
    st.subheader(t("Testez vos connaissances"))
    saved = module_progress(state, module_id)
    for number, question in enumerate(module.questions, 1):
        options = [o.id for o in question.options]
        texts = {o.id: t(o.text) for o in question.options}
        key = q_key(module_id, question.id)
        if key not in state:
            state[key] = saved.answers.get(question.id) if saved else None
        st.radio(f"{number}. {t(question.text)}", options, key=key, format_func=texts.__getitem__)
    # TRANSLATORS: checks the quiz answers and shows why each one is right or not.
    st.button(t("Vérifier"), key=K.course_module_key("check", module_id), type="primary", on_click=_check,
              args=(state, module_id), icon=":material/fact_check:")
    saved = module_progress(state, module_id)
    if saved and saved.checked:
        feedback(ctx, module, saved)
    if module.case:
        calibration(ctx, module, saved)
    if module_done(module, saved):
        st.success(t("Module terminé."), icon=":material/check_circle:")


def feedback(ctx: Ctx, module: Module, saved: ModuleProgress) -> None:
    t = ctx.t
    results = check_answers(module, dict(saved.answers))
    score = sum(f.correct for f in results)
    with st.container(key=K.course_module_key("feedback", module.id)):
        st.markdown("**" + t("Résultat : {score} sur {total}").format(score=score, total=len(results)) + "**")
        for number, (_question, result) in enumerate(zip(module.questions, results, strict=False), 1):
            if result.chosen is None:
                st.warning(t("Question {n} : pas de réponse. Choisissez une réponse, puis vérifiez à "
                             "nouveau.").format(n=number), icon=":material/help:")
            elif result.correct:
                # TRANSLATORS: {feedback} is the chosen option's own explanation, already translated.
                st.success(t("Question {n} : juste. {feedback}").format(n=number, feedback=t(result.text)),
                           icon=":material/check:")
            else:
                st.error(t("Question {n} : pas tout à fait. {feedback}").format(n=number, feedback=t(result.text)),
                         icon=":material/close:")


def calibration(ctx: Ctx, module: Module, saved: ModuleProgress | None) -> None:
    """The learner commits a level and her answers before seeing anything about the case."""
    from assessment.course import calibration as judge
    from assessment.training import get_case, loaded_for
    from assessment.wording import answer_label, item_text, level_label

    from .common import registry

    t = ctx.t
    state = ctx.state
    if module.case is None:  # drawn only for a module with a case (module_page)
        return
    case = get_case(module.case)
    qloaded = loaded_for(case, registry())
    item_ids = list(qloaded.questionnaire.item_ids)
    st.subheader(t("Exercice de calibrage"))
    with st.container(border=True, key=K.course_module_key("case_story", module.id)):
        st.markdown(plain(t(case.narrative)))
    if not (saved and saved.case_done and saved.case_level is not None):  # a hand-edited file: ask again
        st.markdown(t("Répondez aux questions comme vous le feriez avec elle (« ne sait pas » quand "
                      "l'histoire ne le dit pas), puis dites quel niveau de danger vous attendez. Vous "
                      "verrez ensuite le niveau du cas et les écarts."))
        with st.expander(t("Les questions de l'outil"), expanded=True):
            for section in qloaded.questionnaire.sections:
                st.markdown(f"**{t(section.title)}**")
                for item in section.items:
                    st.radio(t(item.text), ANSWERS, index=None, key=case_key(module.id, item.id),
                             horizontal=True, format_func=lambda a: answer_label(a, t))
        st.radio(t("Quel niveau de danger attendez-vous ?"), [lv.value for lv in LEVEL_ORDER], index=None,
                 key=K.course_case_level_key(module.id), horizontal=True,
                 format_func=lambda lv: level_label(Level(lv), t))
        missing = state.get(K.course_case_level_key(module.id)) is None
        if missing:
            st.caption(t("Choisissez le niveau attendu pour pouvoir comparer."))
        st.button(t("Valider mon niveau et mes réponses"), key=K.course_module_key("case_submit", module.id),
                  type="primary", disabled=missing, on_click=_commit_case, args=(state, module.id, item_ids))
        return
    verdict, differ, unsaid, _mine, case_result = judge(case.id, saved.case_level, dict(saved.case_answers))
    with st.container(border=True, key=K.course_module_key("case_feedback", module.id)):
        st.markdown(t("Niveau que vous attendiez : **{level}**").format(level=level_label(saved.case_level, t)))
        st.markdown(t("Niveau du cas : **{level}**").format(level=level_label(case_result.level, t)))
        show = {"right": st.success, "right_but_missing": st.info, "under": st.warning, "over": st.info}[verdict]
        show(t(VERDICT_TEXT[verdict]))
        if differ:
            st.markdown("\n".join("- " + t("{item} — vous : {mine} ; le cas : {case}").format(
                item=item_text(qloaded, i, t), mine=answer_label(saved.case_answers.get(i, Answer.unknown).value, t),
                case=answer_label(case_result.answers[i].value, t)) for i in differ))
        if unsaid:
            st.caption(t.ngettext(
                "« Ne sait pas » est juste pour {n} question : l'histoire ne le dit pas. Dans un vrai "
                "entretien, c'est une question à poser.",
                "« Ne sait pas » est juste pour {n} questions : l'histoire ne le dit pas. Dans un vrai "
                "entretien, ce sont les questions à poser.", len(unsaid)).format(n=len(unsaid)))
    st.markdown("**" + t("Points d'enseignement") + "**")
    st.markdown("\n".join("- " + plain(t(point)) for point in case.teaching_points))
    st.button(t("Refaire l'exercice"), key=K.course_module_key("case_restart", module.id), on_click=_restart_case,
              args=(state, module.id, item_ids), icon=":material/restart_alt:")


def render(ctx: Ctx) -> None:
    t = ctx.t
    state = ctx.state
    loaded = course()
    st.title(t(loaded.course.title))
    module_id = state.get(MODULE)
    if module_id and module_id in loaded.course.modules:
        render_module(ctx, loaded, module_id)
    else:
        render_list(ctx, loaded)
    st.divider()
    st.button(t("Quitter le cours (la progression non enregistrée est effacée)"), key=K.COURSE_EXIT,
              on_click=leave_course, args=(state,), icon=":material/logout:")
