"""Streamlit entry point. Thin: the guided flow lives in ui/."""
import streamlit as st

from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry

st.set_page_config(page_title="Danger", layout="centered")
loaded = default_registry().get(DEFAULT_QUESTIONNAIRE)
st.title(loaded.questionnaire.title)
st.caption(f"{loaded.questionnaire.id} {loaded.questionnaire.version}")
