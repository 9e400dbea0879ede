import streamlit as st

st.radio("Peut-elle parler sans danger maintenant ?", ("Oui", "Non", "Ne sait pas"), index=None, key="q")
