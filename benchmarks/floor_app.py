"""The framework's floor for :mod:`benchmarks.outside_timing`: the same sidebar
interaction (two multiselects, a reset button, the filter line) in a Streamlit app
that does nothing else. A dashboard change cannot cost less than this on the machine
it is measured on."""

import streamlit as st

CATEGORIES = {"deal_point": "Point de deal", "other": "Autre"}
TRIAGE = {"exploitable": "Exploitable", "pending": "À trier"}


def _reset() -> None:
    st.session_state["cat"] = []
    st.session_state["tri"] = []


st.set_page_config(page_title="floor", layout="wide")
with st.sidebar:
    cats = st.multiselect("Catégories", list(CATEGORIES), format_func=CATEGORIES.get, key="cat")
    tri = st.multiselect("Tri", list(TRIAGE), format_func=TRIAGE.get, key="tri")
    st.button("Réinitialiser les filtres", on_click=_reset)
chosen = [CATEGORIES[c] for c in cats] + [TRIAGE[c] for c in tri]
st.caption("Filtres actifs : " + (" · ".join(chosen) or "aucun"))
