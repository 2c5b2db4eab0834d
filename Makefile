# govcrawl, from a fresh clone:
#   make demo   set up, serve the bundled demo portal on 127.0.0.1, crawl it into
#               archive/govcrawl.db, then run a sample search
#   make test   set up, then lint, type-check and run the whole test suite (what CI runs)
#   make check  the inner loop, under a minute: ruff, then the tests marked not e2e
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test check lint ruff setup clean

$(BIN)/govcrawl: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/govcrawl

demo: setup
	$(BIN)/govcrawl demo

# ruff (lint, format), the layering contract (import-linter), declared dependencies (deptry)
# and types (mypy, configured in pyproject.toml).
lint: setup ruff
	$(BIN)/lint-imports
	$(BIN)/deptry .
	$(BIN)/mypy

ruff: setup
	$(BIN)/ruff check govcrawl tests benchmarks
	$(BIN)/ruff format --check govcrawl tests benchmarks

# Two workers (pytest-xdist), one test file each at a time: module fixtures are built once.
test: lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The inner loop: every test that starts no process and no server (pytest -m "not e2e").
check: ruff
	$(BIN)/python -m pytest -q -m "not e2e"

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
