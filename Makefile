# The two commands: `make run` serves the demo site, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format bench audit messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

# Local development: DEBUG on, SQLite under var/ unless DATABASE_URL is set.
run: export DEBUG := true
run: $(VENV)/.installed
	mkdir -p var/static
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) ensure_admin
	$(MANAGE) runserver 127.0.0.1:8000

# The audit tools (axe-core, the Nu Html Checker, Lighthouse), pinned by
# package-lock.json; without npm the tests that need them are skipped.
NODE_TOOLS := $(if $(shell command -v npm),node_modules/.package-lock.json)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

test: $(VENV)/.installed-test $(NODE_TOOLS)
	$(BIN)/pytest

# Lighthouse on the homepage, a detail page and the Spanish homepage, served as
# in production.
audit: $(VENV)/.installed-test node_modules/.package-lock.json
	$(BIN)/python -m bench.lighthouse

# Needs PostgreSQL (BENCH_DATABASE_URL) and wrk; see bench/run.py.
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run

# Gather the strings marked for translation into locale/<language>/ (needs
# GNU gettext); translate the new entries, then compile the catalogues.
MESSAGES_OPTIONS := --no-location --ignore=.venv --ignore=node_modules \
	--ignore=var --ignore=tests --ignore=bench --ignore=static
messages: $(VENV)/.installed
	$(MANAGE) makemessages $(foreach code,es fr,-l $(code)) $(MESSAGES_OPTIONS)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules var/db.sqlite3 var/media var/static
