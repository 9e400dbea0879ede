"""Shared by the floors: the same top bar every page of the app draws (progress and one
button in a horizontal container), a CSS block, and the sidebar language selector (a radio, as in the app)."""
import streamlit as st

LANGS = ["fr", "nl", "de", "en", "ar"]


def top(step: int, sidebar: bool = True) -> None:
    st.html("<style>.stApp p { line-height: 1.55; }</style>")
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.progress(step / 6, text=f"Étape {step} sur 6")
        st.button("Sortie rapide", key="quick_exit", icon=":material/close:")
    st.html("<script>/*0*/</script>", unsafe_allow_javascript=True, width=1)  # as page_language
    if sidebar:
        with st.sidebar:
            st.radio("Langue", LANGS, key="lang")
