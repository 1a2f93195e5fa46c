# Each target bootstraps what it needs: a venv in .venv/, dependencies,
# the database schema, and (for tests) a Chromium on PATH.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export FLASK_APP := wsgi

.PHONY: run test lint bench soak install install-dev chromium migrate icons messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/flask db upgrade

run: migrate
	$(BIN)/gunicorn --config gunicorn.conf.py --no-control-socket \
		--bind $(HOST):$(PORT) wsgi:app

chromium:
	@sh scripts/ensure-chromium.sh $(BIN)

# Zero findings from ruff (the rules in pyproject.toml) and mypy (webapp/, strict about
# untyped functions); `make test` runs this first, so CI fails on a regression.
lint: install-dev
	$(BIN)/ruff check webapp tests scripts
	$(BIN)/mypy

# One test process per core (pytest-xdist); TEST_WORKERS=0 runs them all in one.
TEST_WORKERS ?= auto
test: install-dev chromium lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# wrk (Debian's package) and Lighthouse (npm, kept outside the project in
# $(BENCH_HOME)) are installed on first use; never part of `make test`.
# BENCH_SECONDS per route (10), BENCH_ARGS e.g. --no-lighthouse; then the soak test.
BENCH_HOME ?= $(HOME)/.cache/steady-bench
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
bench: install-dev chromium
	@command -v wrk >/dev/null || $(SUDO) apt-get install -y wrk
	@[ -x $(BENCH_HOME)/node_modules/.bin/lighthouse ] || \
		npm install --prefix $(BENCH_HOME) --no-save --no-audit --no-fund lighthouse
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} STEADY_BENCH_HOME=$(BENCH_HOME) \
		$(BIN)/python scripts/bench.py --soak $(BENCH_ARGS)

soak: install-dev chromium
	$(BIN)/python scripts/bench.py --soak-only

icons: install-dev
	$(BIN)/python scripts/make_icons.py

# Extract every string, bring each language's .po up to date (new strings arrive
# empty, for a translator), and compile the .mo files the app reads.
messages: install
	mkdir -p webapp/translations
	$(BIN)/pybabel extract -F babel.cfg -k _l -o webapp/translations/messages.pot .
	$(BIN)/pybabel update -i webapp/translations/messages.pot -d webapp/translations \
		--no-fuzzy-matching --width 100
	$(BIN)/pybabel compile -d webapp/translations --statistics

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
