# Two commands do all the set-up: `make run` (the app) and `make test` (the whole suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-$(shell cat requirements.txt | sha256sum | cut -c1-12)
DEV_STAMP := $(VENV)/.dev-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)
PORT ?= 8501

.PHONY: run test test-browser validate bench install install-dev clean

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

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-artifacts
