"""Where the project's data lives. Tiny on purpose: importing it loads nothing else, so the
first page of the app can find its catalogs without the models (docs/PERFORMANCE.md)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
