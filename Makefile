# The two commands of the README: `make build` and `make test` (`make test-fast` while working). Both set up what they
# need first (system packages when missing, a virtual environment in .venv).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: build test test-fast setup system-deps lint golden bench clean

build: setup
	$(BIN)/annexgen build

test: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

# The quick loop while working: no LibreOffice, none of the tests that are long by design
# (marked slow: property searches, kill schedules, time-outs).
test-fast: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q -n auto -m "not render and not slow and not browser"

setup: system-deps $(VENV)/.installed

system-deps:
	@sh scripts/install-system-deps.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

lint: setup
	$(BIN)/ruff check src tests

golden: setup
	$(BIN)/python -m tests.golden.regenerate

bench: setup
	-$(BIN)/python -m pip install --quiet docxtpl
	$(BIN)/python -m benchmarks

clean:
	rm -rf out .pytest_cache
