"""The core of the danger-assessment tool: models, loader, scoring, wording, i18n, report.

Plain Python: nothing here imports streamlit. The scoring path imports neither reportlab nor
matplotlib, so the command line starts fast.
"""
