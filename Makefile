# Préau — the README's commands. Everything installs into .venv from pinned files.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test test-sqlite test-postgres bench lint format messages check-migrations clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/preau run

test: $(STAMP) check-migrations test-sqlite test-postgres

check-migrations: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: $(STAMP)
	@echo "== test suite on SQLite =="
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@echo "== test suite on a throwaway PostgreSQL 15 cluster =="
	scripts/with-postgres $(BIN)/pytest -n auto $(PYTEST_ARGS)

bench: $(STAMP)
	bench/run

lint: $(STAMP)
	$(BIN)/ruff check src tests conftest.py bench
	$(BIN)/ruff format --check src tests conftest.py bench
	$(BIN)/mypy src

format: $(STAMP)
	$(BIN)/ruff check --fix src tests conftest.py bench
	$(BIN)/ruff format src tests conftest.py bench

messages: $(STAMP)
	cd src/preau && ../../$(BIN)/django-admin makemessages -l fr --settings=preau.settings --pythonpath=../.. -i "*/tests/*"
	cd src/preau && ../../$(BIN)/django-admin compilemessages --settings=preau.settings --pythonpath=../..

clean:
	rm -rf $(VENV) var test-artifacts
