# quotecheck: `make run` serves the API with the sample data, `make test` runs the suite.
SHELL := /bin/bash
# The newest Python 3.11+ that actually runs (pyenv shims exist for versions that are not installed).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
# What the app needs, then what tests and lint need on top: `make run` waits only for the first.
INSTALLED := $(VENV)/.installed
DEV_INSTALLED := $(VENV)/.installed-dev
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: install install-dev run key worker test lint clean bench bench-search bench-auth bench-imports bench-webhooks eval-extract fuzz

$(INSTALLED): setup.cfg pyproject.toml
	@test -n "$(PYTHON)" || { echo "quotecheck needs Python 3.11 or newer on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	@touch $@

$(DEV_INSTALLED): $(INSTALLED)
	$(PIP) -e '.[test,dev]'
	@touch $@

install: $(INSTALLED)
install-dev: $(DEV_INSTALLED)

## Migrate instance/quotecheck.db (or DATABASE_URL), load the sample data if empty, serve on :8000.
run: install
	PATH="$(CURDIR)/$(BIN):$$PATH" LOAD_SAMPLE_DATA=1 bin/start

## Your first key, printed once: `make key`, or `make key NAME="Politics desk" ROLE=editor`.
NAME ?= Admin
ROLE ?= admin
key: install
	@LOG_LEVEL=WARNING $(BIN)/flask --app api db upgrade
	@$(BIN)/flask --app api keys create --name "$(NAME)" --role "$(ROLE)"

## The webhook worker: delivers the outbox (issue 5). Run it beside `make run`.
worker: install
	$(BIN)/flask --app api webhooks worker

## The whole suite on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set; it fuzzes
## every operation in /openapi.json briefly (tests/fuzz, 20 examples an operation).
test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

## Fuzz /openapi.json for longer: FUZZ_EXAMPLES random examples an operation (with 5x as many
## stateful scenarios), from FUZZ_SEED; e.g. `make fuzz FUZZ_EXAMPLES=500 FUZZ_SEED=7`.
FUZZ_EXAMPLES ?= 100
FUZZ_SEED ?= 6
fuzz: install-dev
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SEED=$(FUZZ_SEED) $(BIN)/pytest tests/fuzz $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache *.egg-info

## The load benchmark (issue 6): the API through gunicorn under 16 connections, next to a bare
## Flask route and a one-query route on the same database, 100,000 claims, PostgreSQL
## (BENCH_DATABASE_URL, default: the local server) and SQLite; see docs/PERFORMANCE.md. wrk is
## installed with apt-get where it can be (as root); elsewhere a Python load generator stands in.
BENCH_BACKEND ?= both
bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 wrk \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		-o DPkg::Lock::Timeout=120 wrk; }; } >/dev/null 2>&1; } \
		|| echo "wrk could not be installed: the Python load generator stands in (lower numbers)"
	$(BIN)/python bench/load.py --backend $(BENCH_BACKEND) $(BENCH_ARGS)

## The search benchmark (issue 3): 1,000,000 claims on PostgreSQL and SQLite; see docs/PERFORMANCE.md.
bench-search: install
	$(BIN)/python bench/search.py --backend both --rows 1000000

## What a key costs: reads anonymous and keyed, a keyed write (issue 4); see docs/PERFORMANCE.md.
bench-auth: install
	$(BIN)/python bench/auth.py --backend both --requests 2000

## Webhook latency from commit to receiver under write load (issue 5); see docs/PERFORMANCE.md.
bench-webhooks: install
	$(BIN)/python bench/webhooks.py --backend both --seconds 20 --threads 4

## Bulk import throughput and export memory (issue 5); see docs/PERFORMANCE.md.
bench-imports: install
	$(BIN)/python bench/imports.py --backend both --rows 100000

## Claim extraction's precision and recall on the labelled set (issue 7), with kiwipiepy and with
## the rules alone; see docs/EXTRACTION.md. `make eval-extract VERBOSE=-v` lists every miss.
eval-extract: install-dev
	$(BIN)/python -m services.extraction.evaluation --analyzer both $(VERBOSE)
