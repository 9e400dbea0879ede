"""Stage 6 and 7: consent, the professional, the referral sheet, save / resume, end and erase."""
from __future__ import annotations

import streamlit as st

from assessment.protect import MAX_PASSWORD_CHARS

from . import keys as K
from . import state as S
from .before import consent_widgets
from .common import Ctx, compute_result, dialog_direction, go, nav, text_field
from .plan import plan_for_session
from .resume import save_widget, upload_widget
from .sheet import new_case_code, prepare_button


def _erase(ctx: Ctx) -> None:
    locale = ctx.state.get(S.LOCALE)
    S.erase(ctx.state)
    ctx.state[S.LOCALE] = locale
    ctx.state[S.FLASH] = ("success", ctx.t("Tout a été effacé. Vous pouvez fermer cette fenêtre."))


def _erase_dialog(ctx: Ctx) -> None:
    """Confirm before erasing; cancel keeps everything."""
    t = ctx.t
    dialog_direction(ctx)
    st.write(t("Toutes les réponses de cette fenêtre seront effacées. Cela ne peut pas être "
               "annulé. Avez-vous enregistré la fiche ou le fichier dont vous avez besoin ?"))
    # The erase runs in the button's callback, before any script or dialog code: it cannot be
    # half done. Then the whole page is redrawn (a button in a dialog reruns only the dialog),
    # which closes the dialog. The erase also forgets the button's own click, so "erased" is
    # read from the session (no stage left), not from the button.
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        cancel = st.button(t("Annuler"), key=K.ERASE_CANCEL)
        st.button(t("Oui, tout effacer"), key=K.ERASE_CONFIRM, type="primary",
                  icon=":material/delete:", on_click=_erase, args=(ctx,))
    if cancel or S.STAGE not in ctx.state:
        st.rerun()


def when_fields(ctx: Ctx) -> None:
    """When things happened, as the specialised services ask (free text, never scored): the most
    recent violence, and each critical factor answered yes (ui/state.py, `when_<item id>`)."""
    from assessment.wording import factor_name

    t = ctx.t
    st.header(t("Quand ?"))
    st.caption(t("Une date ou quelques mots (par exemple : « hier soir », « en mars »). Ce n'est pas "
                 "compté dans le niveau ; le service spécialisé en a besoin."))
    text_field(ctx, K.LAST_VIOLENCE, t("Dernières violences : quand ?"))
    for item_id in S.critical_yes(ctx.loaded, S.answers(ctx.state, ctx.loaded)):
        text_field(ctx, K.when_key(item_id),
                   t("« {factor} » : quand ?").format(factor=factor_name(ctx.loaded, item_id, t)))


def render(ctx: Ctx) -> None:
    t = ctx.t
    st.title(t("Orientation et fiche"))
    consent = consent_widgets(ctx)
    S.capture(ctx.state)
    result, _note = compute_result(ctx)
    plan = plan_for_session(ctx, result)
    if plan.legal_note:  # refused, not asked or not sought: the country's note (referrals/actions.yaml)
        st.info(t(plan.legal_note), icon=":material/gavel:")
    text_field(ctx, K.NOT_TO_RECEIVE, t("Ne doivent pas recevoir cette fiche (personnes ou services)"),
               placeholder=t("par exemple : son conjoint, l'école des enfants"))
    when_fields(ctx)
    st.header(t("Identification du dossier"))
    text_field(ctx, K.CASE_CODE, t("Code du dossier"), default=new_case_code())
    st.caption(t("Un code plutôt qu'un nom : la fiche ne porte pas son nom par défaut."))
    if consent == "given":
        text_field(ctx, K.VICTIM_NAME, t("Son nom (facultatif, seulement avec son accord)"))
    st.header(t("Vos coordonnées (facultatif)"))
    left, right = st.columns(2)
    with left:
        text_field(ctx, K.PRO_NAME, t("Nom"))
        text_field(ctx, K.PRO_SERVICE, t("Service"))
    with right:
        text_field(ctx, K.PRO_ROLE, t("Fonction"))
        text_field(ctx, K.PRO_PHONE, t("Téléphone"))
    with st.expander(t("Compléments pour le service spécialisé (facultatif)")):
        text_field(ctx, K.SITUATION, t("Résumé de la situation"), area=True)
        text_field(ctx, K.CHILDREN, t("Enfants ou autres personnes en danger"), area=True)
        text_field(ctx, K.ACTIONS_TAKEN, t("Ce qui a déjà été fait"), area=True)

    st.header(t("Fiche d'orientation (PDF)"))
    password = st.text_input(t("Mot de passe pour ouvrir la fiche (facultatif)"), key=K.PDF_PASSWORD,
                             type="password", max_chars=MAX_PASSWORD_CHARS)
    # The sheet is the screen: this button only prepares it, its download is in a dialog (ui/sheet.py).
    prepare_button(ctx, result, plan, password)
    st.caption(t("La fiche est créée sur le moment et n'est pas conservée. Transmettez-la par un "
                 "moyen sûr ; un mot de passe protège le fichier s'il s'égare."))

    st.header(t("Enregistrer ou reprendre"))
    save_widget(ctx)
    upload_widget(ctx)
    from .fhir_export import fhir_widget  # off the main path: a closed box
    fhir_widget(ctx)

    st.header(t("Terminer"))
    if st.button(t("Terminer et tout effacer"), key=K.ERASE, icon=":material/delete:"):
        st.dialog(t("Tout effacer ?"))(_erase_dialog)(ctx)
    st.caption(t("Efface toutes les réponses de cette fenêtre. Enregistrez d'abord la fiche ou le "
                 "fichier si vous en avez besoin."))
    nav(ctx, back=lambda: go(ctx.state, "result"), next_=None)

