# Quick start:  make run   (dashboard on the demo database)
#               make test  (the whole test suite)
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMPS := $(VENV)/.stamps

.PHONY: run test lint demo-db clean-venv

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Hotspots needs Python 3.11: set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/dev: requirements-dev.txt $(STAMPS)/runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

demo-db: $(STAMPS)/runtime
	$(BIN)/python -m hotspots setup-demo

run: demo-db
	$(BIN)/python -m streamlit run dashboard.py

lint: $(STAMPS)/dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy hotspots

test: demo-db lint
	$(BIN)/python -m pytest -q

clean-venv:
	rm -rf $(VENV)
