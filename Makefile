# Two commands set everything up on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# mkdocs-material prints a notice about MkDocs 2.0 on every build; it is not ours.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve check-stories check test lint typecheck pytest pytest-fast manifest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the package metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

# The package with its test tools in one pip run (it installs the package too).
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(VENV)/.installed $@

## Build the example site into site/ (the story folder is checked first; a story
## error stops the build and leaves the previous site/ as it was).
site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

## Preview the example site at http://127.0.0.1:8000 with live reload.
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

## Check the example story folder, method warnings included.
check-stories: $(VENV)/.installed
	$(BIN)/visionkit check --strict stories

## Lint, type-check and run the whole test suite (what CI runs).
test: lint typecheck pytest

## The quick loop while working: lint, type-check and the tests that are neither
## `browser` nor `slow` (markers in pyproject.toml); under a minute.
check: lint typecheck pytest-fast

lint: $(VENV)/.installed-test
	$(BIN)/ruff check visionkit tests benchmarks
	$(BIN)/ruff format --check visionkit tests benchmarks
	$(BIN)/lint-imports --no-logo

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy visionkit

# A worker per core (pytest-xdist), each test file in one worker: a module's own
# site is built once, and the sites every test reads are built by the first worker
# that needs them (tests/conftest.py). PYTEST_WORKERS=0 runs in one process.
# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: otherwise every
# worker compiles (and rewrites the asserts of) every test module again, each run.
PYTEST_WORKERS ?= auto
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

pytest: $(VENV)/.installed-test
	$(PYTEST)

pytest-fast: $(VENV)/.installed-test
	$(PYTEST) -m "not browser and not slow"

## Only on purpose, when a change is meant to alter the example site's output:
## rebuild site/ and store its content hashes in tests/example-site.manifest.json,
## which tests/test_manifest.py compares every build with.
manifest: $(VENV)/.installed
	$(BIN)/mkdocs build --strict && $(BIN)/python tests/manifest.py site

clean:
	rm -rf $(VENV) site .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
