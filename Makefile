# PlusTeam HR. `make demo` runs the app with demo data; `make test` runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: install demo run test lint format bench messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

install: $(VENV)/.installed

## Install, migrate the SQLite database, load the demo organisation and start the server.
demo: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	@echo ""
	@echo "  PlusTeam HR runs at http://$(HOST):$(PORT)/"
	@echo "  Log in as adjunct, director, hr, manager, employee, pvt, board or admin"
	@echo "  (password for all: plusteam-demo). Stop with Ctrl+C."
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

run: install
	$(PY) manage.py runserver $(HOST):$(PORT)

## Install what the tests need (Python packages; Debian's chromium and poppler-utils when missing) and run every test.
test: install
	@if { [ ! -x /usr/bin/chromium ] || ! command -v pdfinfo >/dev/null; } && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium (browser tests) and poppler-utils (PDF page checks)..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null) || true; \
	fi
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v1
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(VENV)/bin/lint-imports --no-logo
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Rebuild the translation files (needs gettext).
messages: install
	$(PY) manage.py makemessages -l nl -l en --ignore=.venv --ignore=tests --ignore=benchmarks
	$(PY) manage.py compilemessages --ignore=.venv

## Benchmarks: print figures against the targets (not part of the tests).
bench: install
	$(PY) benchmarks/absence_stats.py
	$(PY) benchmarks/absence_db.py
	$(PY) benchmarks/development.py
	$(PY) benchmarks/handbook.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
