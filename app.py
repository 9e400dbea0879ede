"""Streamlit entry point. Thin: the guided flow lives in ui/."""
from ui.main import main

main()
