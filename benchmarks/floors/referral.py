"""Floor for the referral page: same element kinds and counts (consent, identification,
professional, complements, sheet, save and resume, erase)."""
import streamlit as st
from _bar import bottom, top

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
st.button("Préparer la fiche (PDF)", key="pdf_prepare", type="primary")  # download: in a dialog
st.caption("La fiche n'est pas conservée.")
st.header("Enregistrer ou reprendre")
st.button("Enregistrer l'évaluation (.json)", key="save_prepare")  # download: in a dialog
st.caption("Le fichier contient toutes les réponses.")
st.file_uploader("Reprendre (.json)", type=["json"], key="resume_upload")
st.header("Terminer")
st.button("Terminer et tout effacer", key="erase")
st.caption("Efface toutes les réponses.")
with st.container(horizontal=True, horizontal_alignment="distribute"):
    st.button("Retour", key="nav_back")
bottom(save=False)
