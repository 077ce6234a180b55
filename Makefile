# The README's commands: `make build` or `make serve`, and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
# Reproducible output: the sitemap's dates and sitemap.xml.gz's gzip header take this time, not the clock.
ifndef SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
endif
export SOURCE_DATE_EPOCH
OFFLINE_ZIP := dist/nato-eastern-flank-briefing-offline.zip
PDF := dist/nato-eastern-flank-briefing.pdf

NODE_STAMP := node_modules/.package-lock.json

.PHONY: build offline pdf deploy site-url serve test lint check clean

# (Re)create .venv only when requirements.txt changed since the last install.
$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $(STAMP)

# Front-end tools (offline search shim, axe-core, vnu, Lighthouse), exactly as package-lock.json pins them.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The offline edition for file://: .html links, search through the iframe-worker shim from node_modules,
# no outside request. Built like `build` (swapped in on success), then packed as a reproducible zip.
offline: $(STAMP) $(NODE_STAMP)
	rm -rf .offline-new
	OFFLINE=true PRINT_PAGE=false $(VENV)/bin/mkdocs build --strict --site-dir .offline-new || { rm -rf .offline-new; exit 1; }
	rm -rf site-offline; mv .offline-new site-offline
	$(PY) hooks/pack_offline.py site-offline $(OFFLINE_ZIP)

# The whole briefing as one PDF: a web build (for its one-page edition, print_page/) into a scratch folder,
# printed by Debian's Chromium, dates fixed to SOURCE_DATE_EPOCH (same data, same bytes).
pdf: $(STAMP)
	rm -rf .print-new
	$(VENV)/bin/mkdocs build --strict --quiet --site-dir .print-new || { rm -rf .print-new; exit 1; }
	$(PY) hooks/print_pdf.py .print-new $(PDF) || { rm -rf .print-new; exit 1; }
	rm -rf .print-new

# The web site, with the offline zip and the PDF for download (hence `offline` and `pdf` first). Set SITE_URL for where it is served.
# Strict build into a temporary folder, swapped in only on success: a failed build keeps the last good site/.
build: offline pdf
	rm -rf .site-new
	$(VENV)/bin/mkdocs build --strict --site-dir .site-new || { rm -rf .site-new; exit 1; }
	rm -rf .site-old; if [ -d site ]; then mv site .site-old; fi; mv .site-new site; rm -rf .site-old

# Publish to the gh-pages branch with the offline zip and the PDF (the other route is .github/workflows/pages.yml). SITE_URL must be
# where GitHub Pages serves the project, e.g. https://<user>.github.io/<repo>/.
deploy: site-url offline pdf
	$(VENV)/bin/mkdocs gh-deploy --strict --message "Publish {sha} with MkDocs {version}"

site-url:
	@test -n "$$SITE_URL" || { echo "make deploy: set SITE_URL=https://<user>.github.io/<repo>/" >&2; exit 1; }

# Live preview: rebuilds and reloads on edits under data/, hooks/, overrides/ and docs/, served under
# site_url's path: http://127.0.0.1:8000/briefing/ by default. A data error is printed; see the README.
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr $(HOST)

# Check data/ only (fast, no site): every problem, one line each.
check: $(STAMP)
	PYTHONPATH=hooks $(PY) -m briefing check

lint: $(STAMP)
	$(VENV)/bin/ruff check hooks tests
	$(VENV)/bin/actionlint .github/workflows/*.yml

test: $(STAMP) $(NODE_STAMP) lint
	$(PY) -m pytest

# Figures, never a failure: build time against a no-hook floor at 1x/10x/100x data, live-preview rebuild,
# first-view weight, search index and offline zip sizes, Lighthouse scores (tests/bench/bench.py --help).
.PHONY: bench
bench: $(STAMP) $(NODE_STAMP)
	$(PY) tests/bench/bench.py

clean:
	rm -rf site .site-new .site-old site-offline .offline-new .print-new dist .venv .pytest_cache
