"""Floor for the review page: same element kinds and counts (5 sections)."""
import streamlit as st
from _bar import bottom, top

top(4)
st.title("Synthèse des réponses")
st.warning("1 question sans réponse ou « Ne sait pas ».", icon=":material/help:")
for s in range(5):
    with st.container(border=True):
        st.header(f"Partie {s + 1}")
        st.markdown("\n".join(f"- Question {n + 1} — Non" for n in range(6)))
        st.button("Modifier cette partie", key=f"edit_{s}", icon=":material/edit:")
with st.container(horizontal=True, horizontal_alignment="distribute"):
    st.button("Retour", key="nav_back")
    st.button("Voir le résultat", key="nav_next", type="primary")
bottom(save=True)
