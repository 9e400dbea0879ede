"""Floor for a questionnaire section (7 questions): same element kinds and counts."""
import streamlit as st
from _bar import bottom, top

top(3)
st.title("Violences")
with st.container(horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"):
    st.caption("Partie 1 sur 5")
    st.button("Question suivante sans réponse", key="skip", type="tertiary", icon=":material/arrow_downward:")
with st.container(key="hint"):
    st.caption("Au clavier : les flèches choisissent, Entrée passe à la question suivante.")
st.markdown("Ces questions portent sur les violences subies.")


@st.fragment
def questions():  # as ui/questions.py: the questions are a fragment (its own container)
    for n in range(7):
        with st.container(border=True):
            st.radio(f"Question {n + 1} : est-ce que cela s'est déjà produit ?", ("yes", "no", "unknown"),
                     index=None, key=f"q{n}", horizontal=True)
            with st.expander("Pourquoi cette question ?", type="compact"):
                st.markdown("Un signal retenu par la recherche.")


questions()
st.text_area("Note sur cette partie (facultatif)", key="note", height=96)
st.caption("Une question sans réponse compte comme « Ne sait pas ».")
with st.container(horizontal=True, horizontal_alignment="distribute"):
    st.button("Retour", key="nav_back")
    st.button("Partie suivante", key="nav_next", type="primary")
bottom(save=True)
