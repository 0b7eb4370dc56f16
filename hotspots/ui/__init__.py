"""Streamlit pages and components: the only part of Hotspots that imports streamlit."""
