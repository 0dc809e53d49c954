# Thin wrappers: every target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install system-deps build parse check test bench lint format clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Parse new or changed sources (hand-edited records are left alone), then validate all records.
build: install
	$(BIN)/briefgen parse briefings
	$(BIN)/briefgen check briefings

check: install
	$(BIN)/briefgen check briefings

# Debian packages the tests need (CJK fonts); installs only what is missing.
system-deps:
	scripts/system-deps.sh

test: install system-deps lint
	$(BIN)/python -m pytest

# Measurements, not tests: they print figures and assert nothing.
bench: install system-deps
	$(BIN)/python bench/ingest_bench.py

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) build site .pytest_cache .ruff_cache
