# The README's commands: `make build` or `make serve`, and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

NODE_STAMP := node_modules/.package-lock.json

.PHONY: build serve test lint check clean

# (Re)create .venv only when requirements.txt changed since the last install.
$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $(STAMP)

# Front-end tools (offline search shim, axe-core, vnu, Lighthouse), exactly as package-lock.json pins them.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Strict build into a temporary folder, swapped in only on success: a failed build keeps the last good site/.
build: $(STAMP)
	rm -rf .site-new
	$(VENV)/bin/mkdocs build --strict --site-dir .site-new || { rm -rf .site-new; exit 1; }
	rm -rf .site-old; if [ -d site ]; then mv site .site-old; fi; mv .site-new site; rm -rf .site-old

# Live preview: rebuilds and reloads on edits under data/, hooks/, overrides/ and docs/.
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr $(HOST)

# Check data/ only (fast, no site): every problem, one line each.
check: $(STAMP)
	PYTHONPATH=hooks $(PY) -m briefing check

lint: $(STAMP)
	$(VENV)/bin/ruff check hooks tests

test: $(STAMP) $(NODE_STAMP) lint
	$(PY) -m pytest

clean:
	rm -rf site .site-new .site-old .venv .pytest_cache
