# Thin wrappers: every target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install system-deps build serve parse check test test-fast bench bench-large fuzz i18n lint format clean screenshots

install: $(STAMP)

$(STAMP): pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

# Parse new or changed sources (hand-edited records are left alone), validate all records,
# then render the site into site/ (swapped in only when the whole build succeeded).
build: install
	$(BIN)/briefgen parse briefings
	$(BIN)/briefgen check briefings
	$(BIN)/briefgen build --briefings briefings --out site

# Build, serve on http://127.0.0.1:8000/ and rebuild and reload open pages on every save.
serve: install
	$(BIN)/briefgen serve --briefings briefings --out site --port 8000

check: install
	$(BIN)/briefgen check briefings

# Debian packages the tests need (CJK fonts); installs only what is missing.
system-deps:
	scripts/system-deps.sh

# Both cores: pytest-xdist hands tests to two workers as they free up (tests that share an
# expensive per-process result are grouped onto one worker: see tests/conftest.py).
# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE): every
# worker and every briefgen the tests start imports the same modules, and compiling them each
# time costs seconds (ignored by git: __pycache__/).
test: install system-deps lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n 2 --dist loadgroup

# The quick loop while editing: no browser, no PDF printing, nothing over about a second.
# Hypothesis's plugin is left out: its only tests (test_hostile_properties.py) are slow, so
# this run does not even collect them, and the plugin costs each process a quarter second.
test-fast: install
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n 2 -p no:hypothesispytest -m "not slow and not browser"

# Measurements, not tests: they print figures and assert nothing.
bench: install system-deps
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/ocr_bench.py
	$(BIN)/python bench/search_bench.py 86 2000
	$(BIN)/python bench/scale_bench.py 86 2000
	$(BIN)/python bench/build_bench.py 2000
	$(BIN)/python bench/analysis_bench.py 2000
	$(BIN)/python bench/serve_bench.py

# The 20,000-article column (minutes of work): build cost and search at the size of
# decades of issues.
bench-large: install system-deps
	$(BIN)/python bench/build_bench.py 20000
	$(BIN)/python bench/search_bench.py 20000 --rounds 3
	$(BIN)/python bench/scale_bench.py 20000

# A long fuzz campaign: mutated seeds, records, editor files and PDFs through parse, check and
# build; prints counts of tracebacks and hangs (both must be 0). FUZZ_INPUTS=200 for a quick run.
FUZZ_INPUTS ?= 10000
fuzz: install system-deps
	$(BIN)/python bench/fuzz.py --inputs $(FUZZ_INPUTS)

# Home, an issue, an article, a long author page and search at 360 px, light and dark, both
# languages, into screenshots/ (not committed) for a reviewer to look at.
screenshots: install system-deps
	$(BIN)/briefgen build --briefings briefings --out build/screenshot-site
	$(BIN)/python scripts/screenshots.py build/screenshot-site screenshots

# Refresh the message catalog template and the Chinese catalog from templates and code.
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -o src/briefgen/locales/messages.pot --no-location \
		--omit-header --sort-output .
	$(BIN)/pybabel update -i src/briefgen/locales/messages.pot -d src/briefgen/locales -l zh \
		--no-fuzzy-matching --ignore-obsolete -w 120

# eslint keeps a cache as ruff and mypy keep theirs (by content: a checkout changes times, not
# what files hold; an entry goes when eslint's configuration or version changes): warm, it costs
# 0.4 s of CPU and 0.8 s of every make test's wall time before the tests start, not 1.1 and 2.3.
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	node_modules/.bin/eslint --cache --cache-strategy content --cache-location .cache/eslint templates/static tests eslint.config.js

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) build site .pytest_cache .ruff_cache
