# Two commands do all the set-up: `make run` (the app) and `make test` (the whole suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-$(shell cat requirements.txt | sha256sum | cut -c1-12)
DEV_STAMP := $(VENV)/.dev-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)
PORT ?= 8501

.PHONY: run test test-browser validate bench install install-dev clean i18n-extract i18n-update i18n-init i18n-check

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(RUN_STAMP)
install-dev: $(DEV_STAMP)

## Start the app on http://localhost:$(PORT) with the bundled questionnaire.
run: $(RUN_STAMP)
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

## Run the whole test suite (unit, property, AppTest, PDF, browser).
test: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Only the real-browser tests (Playwright + Debian's chromium; fetches axe-core with npm once).
test-browser: $(DEV_STAMP)
	$(BIN)/python -m pytest -m browser tests/browser $(PYTEST_ARGS)

## Benchmarks: our figures beside the framework's floor (table + benchmarks/results/*.json).
bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH)

## Validate every questionnaire, catalog and service directory.
validate: $(RUN_STAMP)
	$(BIN)/python -m assessment validate

## Translations (README "Translations"). DOMAIN=ui limits extract/update to one domain.
## Sources -> locales/<domain>.pot (pybabel extract with locales/mapping/<domain>.cfg).
i18n-extract: $(RUN_STAMP)
	PYTHONPATH=. $(BIN)/python -m assessment.tooling.catalogs extract $(DOMAIN)

## .pot -> locales/<lang>/LC_MESSAGES/<domain>.po for every language (new messages empty, changed ones fuzzy).
i18n-update: $(RUN_STAMP)
	PYTHONPATH=. $(BIN)/python -m assessment.tooling.catalogs update $(DOMAIN)

## Start the catalogs of a new language (after adding its line to locales/languages.toml): make i18n-init LANG=pt
i18n-init: $(RUN_STAMP)
	@test -n "$(LANG)" || { echo "Usage: make i18n-init LANG=xx (after adding xx to locales/languages.toml)"; exit 2; }
	PYTHONPATH=. $(BIN)/python -m assessment.tooling.catalogs init $(LANG)

## Every catalog current, complete, not fuzzy, placeholders and plural forms right.
i18n-check: $(RUN_STAMP)
	PYTHONPATH=. $(BIN)/python -m assessment.tooling.catalogs check

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-artifacts
