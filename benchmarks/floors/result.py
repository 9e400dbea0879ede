"""Floor for the result page: same element kinds and counts (one alert, level, reasons,
what to do, whom to call; the case is severe, so no judgement block, one sentence instead)."""
import streamlit as st
from _bar import bottom, top

top(5)
st.title("Résultat")
st.warning("**Alerte médicale**  \nConsulter un médecin.", icon=":material/priority_high:")
with st.container(border=True):
    st.markdown("### Niveau de danger : :red[**Élevé**]")
    st.caption("Échelle : ○ Faible · ○ Modéré · ● **Élevé** · ○ Grave")
st.header("Pourquoi ce niveau")
st.markdown("- Une raison.\n- Une autre raison.")
st.header("Que faire maintenant")
st.selectbox("Région des services", ["be-wal", "be-vl", "fr"], key="region")
st.markdown("1. **Aujourd'hui** — Appeler le service spécialisé.\n2. **Cette semaine** — Revoir.")
with st.expander("Qui appeler", expanded=True):
    st.markdown("- **Service** — 0800 30 030  \n  Écoute · 24 h sur 24")
st.header("Quand refaire l'évaluation")
st.markdown("- Après tout nouvel incident.\n- Sinon, au plus tard dans 7 jours.\n- C'est une recommandation.")
with st.expander("Comment ces réponses se liraient sur d'autres outils", icon=":material/translate:"):
    st.caption("À titre indicatif : les mêmes réponses, lues selon les règles publiées de ces outils.")
    st.markdown("- **Lethality Screen** : positif\n- **DA-5** : indéterminé")
st.header("Votre jugement professionnel")
st.markdown("Le niveau est déjà le plus élevé : votre jugement ne peut rien y ajouter.")
st.caption("Outil d'aide au repérage, pas une prédiction.")
with st.container(horizontal=True, horizontal_alignment="distribute"):
    st.button("Retour", key="nav_back")
    st.button("Orientation et fiche", key="nav_next", type="primary")
bottom(save=True)
