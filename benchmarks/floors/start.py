"""Floor for the start page: the same element kinds and counts, static text, no logic."""
import streamlit as st
from _bar import LANGS, bottom, top

top(1, sidebar=False)
st.title("Repérage du danger")
st.markdown("Cet outil aide les professionnels de première ligne à repérer le danger et à orienter.")
st.markdown("C'est une aide au repérage et à l'orientation. Comptez 5 à 10 minutes.")
st.info("Rien n'est conservé.", icon=":material/lock:")
st.radio("Langue", LANGS, key="lang", horizontal=True)
st.radio("Mode", ("real", "training"), key="mode", horizontal=True)
st.button("Commencer", key="start", type="primary")
with st.expander("Reprendre une évaluation enregistrée"):
    st.file_uploader("Fichier .json", type=["json"], key="resume_upload")
with st.expander("Version papier"):
    st.caption("Pour une visite sans appareil.")
    st.button("Préparer le formulaire papier (PDF)", key="paper_prepare")
with st.expander("Ouvrir un code de fiche"):
    st.text_input("Code imprimé sur la fiche", key="sheet_code")
    st.button("Ouvrir le code", key="sheet_code_open")
with st.expander("Comparer avec une évaluation précédente"):
    st.caption("Après un nouvel incident : chargez une évaluation précédente.")
    st.file_uploader("Fichier .json", type=["json"], key="previous_upload")
bottom(save=False)
