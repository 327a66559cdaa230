# Workplan: `make demo` serves a populated demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Python >= 3.12 (Django 6 needs it): python3.13 / python3.12 on PATH or under pyenv.
PYTHON ?= $(shell for c in python3.13 python3.12; do \
    if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then command -v $$c; exit; fi; done; \
  for p in $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3.13 $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3.12; do \
    if [ -x "$$p" ]; then echo "$$p"; exit; fi; done)

.PHONY: venv demo test test-postgres lint fmt golden messages bench clean

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Workplan needs Python 3.12 or newer (Django 6 requires it), and none was found."; \
	  echo "Install one, e.g. 'apt-get install python3.13' or 'pyenv install 3.13', or run 'make PYTHON=/path/to/python3.12'."; \
	  exit 1; fi
	@echo "Using $(PYTHON)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

# The Django tests again on a throwaway PostgreSQL cluster (initdb + pg_ctl, see workplan/testing/postgres.py).
test-postgres: $(STAMP)
	WORKPLAN_TEST_POSTGRES=1 $(PY) -m pytest -q -m "not browser" --ignore=tests/parsing

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

fmt: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

golden: $(STAMP)
	$(PY) -m tests.parsing.regen_golden

bench: $(STAMP)
	$(PY) benchmarks/bench_parse.py

# Update every app's zh_Hans catalog from code and templates and compile it; translate new entries, review the diff.
messages: $(STAMP)
	cd src/workplan && DJANGO_DEBUG=1 ../../$(PY) ../../manage.py makemessages -l zh_Hans --ignore='parsing/*' --ignore='testing/*' --no-obsolete
	cd src/workplan && DJANGO_DEBUG=1 ../../$(PY) ../../manage.py compilemessages -l zh_Hans

demo: $(STAMP)
	$(VENV)/bin/workplan demo

clean:
	rm -rf $(VENV) var build *.egg-info
