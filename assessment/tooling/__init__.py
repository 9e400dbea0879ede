"""Maintainer tooling: `validate`, `release`, the translation catalogs (extract, update, check)
and the generated docs. Run from the command line or the Makefile, never by the app: nothing
under ui/ and no runtime module of assessment/ imports this package (tests/test_imports.py);
only assessment/cli.py does, inside the commands that need it. It writes files (the release
manifest, the .pot and .po catalogs) and loads Babel's command-line frontend, which the app
never needs.
"""
