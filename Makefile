# govcrawl: two commands from a fresh clone.
#   make demo   set up, serve the bundled demo portal on 127.0.0.1, crawl it into
#               archive/govcrawl.db, then run a sample search
#   make test   set up, then lint and run the test suite (what CI runs)
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint setup clean

$(BIN)/govcrawl: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/govcrawl

demo: setup
	$(BIN)/govcrawl demo

# ruff (lint, format), the layering contract (import-linter) and declared dependencies (deptry).
lint: setup
	$(BIN)/ruff check govcrawl tests benchmarks
	$(BIN)/ruff format --check govcrawl tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/deptry .

# Two workers (pytest-xdist), one test file each at a time: module fixtures are built once.
test: lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
