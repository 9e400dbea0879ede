"""Shared by the floors: the same top bar every page of the app draws (progress and one
button in a horizontal container), a CSS block, and the sidebar language selector (a radio, as in the app)."""
import streamlit as st

LANGS = ["fr", "nl", "de", "en", "ar"]


def top(step: int, sidebar: bool = True) -> None:
    st.html("<style>.stApp p { line-height: 1.55; }</style>")  # base, RTL and look CSS: one element
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.progress(step / 6, text=f"Étape {step} sur 6")
        st.button("quick exit", key="quick_exit")  # hidden halves of ui/guard.py's quick exit
        st.button("sync", key="rd_sync")
    st.html("<script>/*0*/</script>", unsafe_allow_javascript=True, width=1)  # as page_language
    if sidebar:
        with st.sidebar:
            st.radio("Langue", LANGS, key="lang")


def bottom(save: bool = True) -> None:
    """What the app draws under every page: the save button (flow pages) and ui/guard.py's
    element (texts for the page script) and static script."""
    if save:
        st.button("Enregistrer l'évaluation (.json)", key="save_prepare", icon=":material/save:")
    st.html('<div id="rd-guard" hidden data-sid="0" data-exit="Sortie rapide"></div><style>#rd-exit{}</style>', width=1)
    st.html("<script>/*guard*/</script>", unsafe_allow_javascript=True, width=1)
    st.html("<script>/*look*/</script>", unsafe_allow_javascript=True, width=1)
