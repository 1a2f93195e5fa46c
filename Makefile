# Each target bootstraps what it needs: a venv in .venv/, dependencies,
# the database schema, and (for tests) a Chromium on PATH.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export FLASK_APP := wsgi

.PHONY: run test lint bench install install-dev chromium migrate icons messages clean

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

test: install-dev chromium lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-dev chromium
	$(BIN)/python scripts/bench.py

icons: install-dev
	$(BIN)/python scripts/make_icons.py

messages: install
	mkdir -p webapp/translations
	$(BIN)/pybabel extract -F babel.cfg -k _l -o webapp/translations/messages.pot .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
