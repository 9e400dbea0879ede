"""Floor for the whole assessment (benchmarks/load_protocol.py): the six stages of the app as a
bare Streamlit script with the same widget keys, kinds and counts on every page and the same
navigation (buttons with on_click callbacks, no st.rerun), static text, no logic: no core, no
scoring, no translation. The questionnaire's structure (sections and their question ids) is read
once per process, so a section page has as many radios as the app's.

Each page's elements follow the per-page floors (start.py, section.py, review.py, result.py,
referral.py); "before the questions" has its own block here (no per-page floor yet)."""
import streamlit as st
from _bar import LANGS, bottom, top

ANSWERS = ("yes", "no", "unknown")


@st.cache_resource(show_spinner=False)
def sections() -> list[tuple[str, list[str]]]:
    from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry

    q = default_registry().get(DEFAULT_QUESTIONNAIRE).questionnaire
    return [(s.id, [i.id for i in s.items]) for s in q.sections]


state = st.session_state
stage = state.setdefault("stage", "start")


def go(to: str, section: int = 0) -> None:
    state["stage"], state["section"] = to, section


def nav(back, next_, label: str) -> None:
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.button("Retour", key="nav_back", on_click=back)
        if next_:
            st.button(label, key="nav_next", type="primary", on_click=next_)


if stage == "start":
    top(1, sidebar=False)
    st.title("Repérage du danger")
    st.markdown("Cet outil aide les professionnels de première ligne à repérer le danger et à orienter.")
    st.markdown("C'est une aide au repérage et à l'orientation. Comptez 5 à 10 minutes.")
    st.info("Rien n'est conservé.", icon=":material/lock:")
    st.radio("Langue", LANGS, key="lang", horizontal=True)
    st.radio("Mode", ("real", "training"), key="mode", horizontal=True)
    st.button("Commencer", key="start", type="primary", on_click=go, args=("before",))
    with st.expander("Reprendre une évaluation enregistrée"):
        st.file_uploader("Fichier .json", type=["json"], key="resume_upload")
    bottom(save=False)

elif stage == "before":
    top(2)
    st.title("Avant les questions")
    st.markdown("Posez les questions seulement si elle peut parler sans risque.")
    st.radio("Peut-elle parler sans danger maintenant ?", ANSWERS, index=None, key="safe_to_talk", horizontal=True)
    st.radio("Est-elle seule ?", ANSWERS, index=None, key="alone", horizontal=True)
    st.text_input("De combien de temps dispose-t-elle ?", key="time_available")
    st.text_input("Moyen sûr de la recontacter", key="safe_contact")
    st.text_input("Ce qu'il faut éviter", key="avoid")
    st.radio("Accepte-t-elle d'être orientée ?", ("given", "refused", "not_asked"), index=None,
             key="consent", horizontal=True)
    if state.get("consent") == "given":
        st.text_input("À quel service ?", key="consent_to")
    nav(lambda: go("start"), lambda: go("questions", 0), "Aux questions")
    bottom(save=True)

elif stage == "questions":
    all_sections = sections()
    index = state.get("section", 0)
    sid, items = all_sections[index]
    last = index + 1 == len(all_sections)
    top(3)
    st.title(f"Partie {index + 1}")
    with st.container(horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"):
        st.caption(f"Partie {index + 1} sur {len(all_sections)}")
        st.button("Question suivante sans réponse", key="skip_unanswered", type="tertiary",
                  icon=":material/arrow_downward:")
    with st.container(key="keys_hint"):
        st.caption("Au clavier : les flèches choisissent, Entrée passe à la question suivante.")
    for item in items:
        with st.container(border=True, key=f"qbox_{item}"):
            st.radio(f"Question {item} ?", ANSWERS, index=None, key=f"ans_{item}", horizontal=True)
            with st.expander("Pourquoi cette question ?", type="compact", key=f"why_{item}"):
                st.markdown("Un signal retenu par la recherche.")
    st.text_area("Note sur cette partie (facultatif)", key=f"note_{sid}", height=96)
    if last:
        st.text_area("Autre inquiétude ?", key="open_concern", height=96)
    st.caption("Une question sans réponse compte comme « Ne sait pas ».")
    nav(lambda: go("questions", index - 1) if index else go("before"),
        lambda: go("review") if last else go("questions", index + 1),
        "Vers la synthèse" if last else "Partie suivante")
    bottom(save=True)

elif stage == "review":
    top(4)
    st.title("Synthèse des réponses")
    st.warning("1 question sans réponse ou « Ne sait pas ».", icon=":material/help:")
    for n, (sid, items) in enumerate(sections()):
        with st.container(border=True):
            st.header(f"Partie {n + 1}")
            st.markdown("\n".join(f"- Question {i} — Non" for i in items))
            st.button("Modifier cette partie", key=f"review_edit_{sid}", icon=":material/edit:",
                      on_click=go, args=("questions", n))
    nav(lambda: go("questions", len(sections()) - 1), lambda: go("result"), "Voir le résultat")
    bottom(save=True)

elif stage == "result":
    top(5)
    st.title("Résultat")
    st.warning("**Alerte médicale**  \nConsulter un médecin.", icon=":material/priority_high:")
    with st.container(border=True):
        st.markdown("## Niveau de danger : :red[**Élevé**]")
        st.caption("Échelle : ○ Faible · ○ Modéré · ● **Élevé** · ○ Grave")
    st.header("Pourquoi ce niveau")
    st.markdown("- Une raison.\n- Une autre raison.")
    st.header("Que faire maintenant")
    st.selectbox("Région des services", ["be-wal", "be-vl", "fr"], key="region")
    st.markdown("1. **Aujourd'hui** — Appeler le service spécialisé.\n2. **Cette semaine** — Revoir.")
    with st.expander("Qui appeler", expanded=True):
        st.markdown("- **Service** — 0800 30 030  \n  Écoute · 24 h sur 24")
    with st.expander("Comment ces réponses se liraient sur d'autres outils", icon=":material/translate:"):
        st.caption("À titre indicatif : les mêmes réponses, lues selon les règles publiées de ces outils.")
        st.markdown("- **Lethality Screen** : positif\n- **DA-5** : indéterminé")
    st.header("Votre jugement professionnel")
    st.markdown("Si ce que vous avez vu vous inquiète davantage, vous pouvez relever le niveau.")
    st.selectbox("Niveau que vous retenez", ["severe"], index=None, key="judgement_level")
    st.text_area("Motif (obligatoire)", key="judgement_reason", height=96)
    st.button("Appliquer mon jugement", key="judgement_apply")
    st.caption("Outil d'aide au repérage, pas une prédiction.")
    nav(lambda: go("review"), lambda: go("referral"), "Orientation et fiche")
    bottom(save=True)

else:  # referral
    top(6)
    st.title("Orientation et fiche")
    st.radio("Accepte-t-elle d'être orientée ?", ("given", "refused", "not_asked"), key="consent", horizontal=True)
    st.text_input("À quel service ?", key="consent_to")
    st.header("Identification du dossier")
    st.text_input("Code du dossier", key="case_code", value="ABC234")
    st.caption("Un code plutôt qu'un nom.")
    st.text_input("Son nom (facultatif)", key="victim_name")
    st.header("Vos coordonnées (facultatif)")
    left, right = st.columns(2)
    with left:
        st.text_input("Nom", key="pro_name")
        st.text_input("Service", key="pro_service")
    with right:
        st.text_input("Fonction", key="pro_role")
        st.text_input("Téléphone", key="pro_phone")
    with st.expander("Compléments pour le service spécialisé (facultatif)"):
        st.text_area("Résumé de la situation", key="situation", height=96)
        st.text_area("Enfants", key="children", height=96)
        st.text_area("Ce qui a déjà été fait", key="actions_taken", height=96)
    st.header("Fiche d'orientation (PDF)")
    st.text_input("Mot de passe (facultatif)", key="pdf_password", type="password")
    st.button("Préparer la fiche (PDF)", key="pdf_prepare", type="primary")
    st.caption("La fiche n'est pas conservée.")
    st.header("Enregistrer ou reprendre")
    st.button("Enregistrer l'évaluation (.json)", key="save_prepare")
    st.caption("Le fichier contient toutes les réponses.")
    st.file_uploader("Reprendre (.json)", type=["json"], key="resume_upload")
    st.header("Terminer")
    st.button("Terminer et tout effacer", key="erase")
    st.caption("Efface toutes les réponses.")
    nav(lambda: go("result"), None, "")
    bottom(save=False)
