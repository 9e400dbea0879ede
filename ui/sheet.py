"""The referral sheet's prepare step, shared by the result page and the referral page.

The sheet is the screen. A text input commits on blur or Enter, and a download button serves
bytes made in the previous run: a download button on a page would miss the field typed last
(and the password). So a page has only a "prepare" button: pressing it commits every field, the
sheet is built in that run, and its download button lives in a dialog, which covers the fields:
nothing can change between building and downloading.

From the result page the sheet is one click away (prepare, then download: two clicks after the
result). It holds what has been entered so far, a case code if none was given yet, and the
consent as it stands: without consent the sheet itself says it is not for transmission, and the
dialog shows the country's note, as the referral page does. The password, the case code and the
details for the specialised service are on the referral page ("Orientation et fiche").
"""
from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

import streamlit as st

from . import keys as K
from . import state as S
from .common import Ctx, dialog_direction, sheet_bytes

if TYPE_CHECKING:  # the models load with the first page that needs them
    from assessment.model import Result
    from assessment.referrals import Plan

SHEET_PLAIN = "fiche-orientation.pdf"
SHEET_PROTECTED = "fiche-orientation-protegee.pdf"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def new_case_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def _sheet_dialog(ctx: Ctx, pdf: bytes, protected: bool, legal_note: str | None, from_result: bool) -> None:
    """The prepared sheet: the consent note when it applies, whether it is protected, its download."""
    t = ctx.t
    dialog_direction(ctx)
    if legal_note:
        st.info(t(legal_note), icon=":material/gavel:")
    if protected:
        st.success(t("La fiche est protégée : elle ne s'ouvre qu'avec votre mot de passe "
                     "(chiffrement AES-256). Donnez le mot de passe au service par un autre moyen "
                     "que la fiche, par exemple par téléphone."),
                   icon=":material/lock:")
    elif from_result:
        st.warning(t("Cette fiche n'est pas protégée par un mot de passe : toute personne qui "
                     "reçoit le fichier peut la lire. Pour la protéger, choisissez un mot de passe "
                     "sur la page « Orientation et fiche » et préparez-la de là."),
                   icon=":material/lock_open:")
    else:
        st.warning(t("Cette fiche n'est pas protégée par un mot de passe : toute personne qui "
                     "reçoit le fichier peut la lire. Pour la protéger, fermez cette fenêtre et "
                     "choisissez un mot de passe."), icon=":material/lock_open:")
    # The bytes are handed to the button directly (not as a deferred callable): Streamlit 1.67
    # keeps a deferred file unreferenced, and another session's rerun can delete it before the
    # browser fetches it (404 under concurrent use, seen in tests/browser/test_privacy.py).
    st.download_button(t("Télécharger la fiche d'orientation (PDF)"), data=pdf,
                       file_name=SHEET_PROTECTED if protected else SHEET_PLAIN,
                       mime="application/pdf", key=K.PDF_DOWNLOAD, on_click="ignore",
                       type="primary", icon=":material/download:")
    st.caption(t("La fiche reprend ce qui était à l'écran. Si vous changez une réponse ou un "
                 "champ, préparez-la à nouveau."))


def prepare_button(ctx: Ctx, result: Result, plan: Plan, password: str | None = None, *,
                   from_result: bool = False) -> None:
    """"Prepare the sheet": when pressed, commit every field, build the sheet, open its dialog."""
    t = ctx.t
    if not st.button(t("Préparer la fiche d'orientation (PDF)"), key=K.PDF_PREPARE,
                     type="secondary" if from_result else "primary", icon=":material/picture_as_pdf:"):
        return
    S.capture(ctx.state)
    values = S.store(ctx.state)
    if K.CASE_CODE not in values:  # the referral page not seen yet: the code it would propose
        values[K.CASE_CODE] = new_case_code()
    doc = S.build_doc(ctx.state, ctx.loaded)
    from .compare import comparison_for
    pdf = sheet_bytes(ctx.state, doc, ctx.loaded, result, ctx.locale, plan=plan,
                      password=password or None, comparison=comparison_for(ctx, doc, result)[0])
    st.dialog(t("Fiche d'orientation"), width="medium")(_sheet_dialog)(
        ctx, pdf, bool(password), plan.legal_note if from_result else None, from_result)
