"""Open a sheet code (assessment/sheetcode.py): the answers printed on a referral sheet, typed
or pasted on the start page by the receiving service. Nothing is stored: the code is the data."""
from __future__ import annotations

import streamlit as st

from . import keys as K
from . import state as S
from .common import Ctx, registry

FIELD, BUTTON = K.SHEET_CODE, K.SHEET_CODE_OPEN


def _on_open(ctx: Ctx) -> None:
    """Callback: a valid code replaces the session's answers (review page, with a notice of what
    the code does not hold); a bad one gives one plain sentence and its code, nothing changes."""
    from assessment.document import resolve
    from assessment.errors import DataError
    from assessment.scoring import score
    from assessment.sheetcode import decode

    t = ctx.t
    S.capture(ctx.state)
    try:
        code = decode(ctx.state.get(FIELD) or "", registry())
        if code.mode == "training":  # a real assessment never starts from a training case
            raise DataError("K737")
        doc = code.to_doc()
        loaded = resolve(doc, registry())
        score(loaded, doc)
    except DataError as exc:
        ctx.state[S.FLASH] = ("error", exc.for_user(t), exc.code)
        return
    except Exception:  # a bug of ours: the same plain promise, no code
        ctx.state[S.FLASH] = ("error", t("Ce code de fiche n'a pas pu être lu ; rien n'a changé."), None)
        return
    S.restore(ctx.state, doc, loaded)
    ctx.state[FIELD] = ""
    ctx.state[S.STAGE] = "review"
    ctx.state[S.FLASH] = ("info", t(
        "Réponses reprises du code de fiche (questionnaire {qid}, version {version}). Le code ne "
        "contient ni texte libre (notes, contact sûr, situation), ni nom, ni code du dossier, ni "
        "jugement professionnel : ils ne sont pas repris. Vérifiez les réponses avant de continuer.").format(
            qid=code.questionnaire, version=code.version))


def code_widget(ctx: Ctx) -> None:
    t = ctx.t
    st.text_input(t("Code imprimé sur la fiche d'orientation"), key=FIELD, max_chars=200,
                  help=t("Le code redonne la version du questionnaire et les réponses de la fiche, "
                         "sans texte libre ni nom. Il est lu dans cette session seulement."))
    st.button(t("Ouvrir le code"), key=BUTTON, on_click=_on_open, args=(ctx,), icon=":material/qr_code:")
