# The README's commands: `make build` or `make serve`, and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := build
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
# Reproducible output: the sitemap's dates and sitemap.xml.gz's gzip header take this time, not the clock.
# Outside git (a downloaded tarball), the newest data file's date: never 1980.
ifndef SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH := $(shell { git log -1 --format=%ct || find data -type f -printf '%Ts\n' | sort -n | tail -1; } 2>/dev/null)
endif
export SOURCE_DATE_EPOCH
OFFLINE_ZIP := dist/nato-eastern-flank-briefing-offline.zip
PDF := dist/nato-eastern-flank-briefing.pdf
# The browser `make pdf` prints with: $CHROMIUM, else Debian's chromium, else Google Chrome (hooks/print_pdf.py).
BROWSER := $(shell for b in "$$CHROMIUM" chromium google-chrome google-chrome-stable; do [ -n "$$b" ] && command -v "$$b" && break; done)

# Python: the oldest version every pin in requirements*.txt allows (tests/test_setup.py checks it).
# Before anything installs, hooks/find-python picks the interpreter for .venv (PYTHON=/path/to/python if
# given, else python3, else the newest python3.X on PATH) or stops with one line naming the version found
# and the version needed; a .venv made by another interpreter is removed there, so it is rebuilt below.
PYTHON_MIN := 3.11
ifneq ($(filter-out clean,$(or $(MAKECMDGOALS),$(.DEFAULT_GOAL))),)
BASE_PYTHON := $(shell hooks/find-python $(PYTHON_MIN) $(VENV) $(PYTHON))
ifneq ($(.SHELLSTATUS),0)
$(error $(BASE_PYTHON))
endif
endif

# Two sets of dependencies, each pinned exactly, each installed only when its pins change:
#   runtime  (make build, serve, check, offline): requirements.txt, package.json "dependencies"
#   dev      (make test, lint, bench): the runtime plus requirements-dev.txt and "devDependencies"
# A package the built site serves (a map, a table sorter) is a runtime npm "dependency"; a tool only one
# optional target needs (a PDF engine for `make pdf`) gets its own requirements-<name>.txt and stamp like these.
PY_RUNTIME := $(VENV)/.installed-runtime
PY_PDF := $(VENV)/.installed-pdf
PY_DEV := $(VENV)/.installed-dev
NODE_RUNTIME := node_modules/.installed-runtime
NODE_DEV := node_modules/.installed-dev
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check
MAKE_VENV := test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
# --ignore-scripts: the one install script in package-lock.json is vnu-jar's, which downloads a Java runtime
# from GitHub when no `java` is on PATH. The tests run vnu.jar with the system's Java 17+ (.ci/run installs
# Debian's), so skipping it loses nothing and no install step fetches anything outside the npm registry.
NPM_CI := npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

.PHONY: build offline pdf no-pdf deploy edition publish-push linkcheck serve test lint check clean

$(PY_RUNTIME): requirements.txt
	$(MAKE_VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

# The PDF engine (Playwright driving Chromium, pypdf): only `make pdf` needs it. It includes requirements.txt.
$(PY_PDF): requirements.txt requirements-pdf.txt
	$(MAKE_VENV)
	$(PIP_INSTALL) -r requirements-pdf.txt
	touch $(PY_RUNTIME) $@

# requirements-dev.txt includes requirements-pdf.txt (and so requirements.txt): one install brings .venv up to date.
$(PY_DEV): requirements.txt requirements-pdf.txt requirements-dev.txt
	$(MAKE_VENV)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $(PY_RUNTIME) $(PY_PDF) $@

# npm ci empties node_modules first, so installing one set removes the other's stamp with the other's packages.
$(NODE_RUNTIME): package-lock.json
	$(NPM_CI) --omit=dev
	touch $@

$(NODE_DEV): package-lock.json
	$(NPM_CI)
	touch $(NODE_RUNTIME) $@

# The offline edition for file://: .html links, search through the iframe-worker shim from node_modules,
# no outside request. Built like `build` (swapped in on success), then packed as a reproducible zip.
offline: $(PY_RUNTIME) $(NODE_RUNTIME)
	@$(SITE_URL_NOTE)
	rm -rf .offline-new
	OFFLINE=true PRINT_PAGE=false $(VENV)/bin/mkdocs build --strict --site-dir .offline-new || { rm -rf .offline-new; exit 1; }
	rm -rf site-offline; mv .offline-new site-offline
	$(PY) hooks/pack_offline.py site-offline $(OFFLINE_ZIP)

# The whole briefing as one PDF: a web build (for its one-page edition, print_page/) into a scratch folder,
# printed by Debian's Chromium, dates fixed to SOURCE_DATE_EPOCH (same data, same bytes: the build offers
# no downloads, so what an earlier run left in dist/ changes nothing).
pdf: $(PY_PDF)
	rm -rf .print-new
	OFFER_DOWNLOADS=false $(VENV)/bin/mkdocs build --strict --quiet --site-dir .print-new || { rm -rf .print-new; exit 1; }
	$(PY) hooks/print_pdf.py .print-new $(PDF) || { rm -rf .print-new; exit 1; }
	rm -rf .print-new

# The web site, with the offline zip and the PDF for download (hence `offline` and `pdf` first). Set SITE_URL for where it is served.
# Strict build into a temporary folder, swapped in only on success: a failed build keeps the last good site/.
build: offline $(if $(BROWSER),pdf,no-pdf)
	rm -rf .site-new
	$(VENV)/bin/mkdocs build --strict --site-dir .site-new || { rm -rf .site-new; exit 1; }
	rm -rf .site-old; if [ -d site ]; then mv site .site-old; fi; mv .site-new site; rm -rf .site-old

# Without a Chromium the site is built without the PDF (said on one line), and no older PDF is offered.
no-pdf:
	@echo "make build: no Chromium found (apt-get install -y chromium, or set CHROMIUM): building without the PDF" >&2
	rm -f $(PDF)

# A build meant for publishing must know its address: without SITE_URL, say (on one line) which one it used.
SITE_URL_DEFAULT := $(shell sed -n 's/^site_url: !ENV \[SITE_URL, "\(.*\)"\]$$/\1/p' mkdocs.yml)
SITE_URL_NOTE = test -n "$$SITE_URL" || echo "SITE_URL is not set: links, canonical URLs and the sitemap use $(SITE_URL_DEFAULT) (set SITE_URL=https://<owner>.github.io/<repo>/ to build for publishing)"
# Publishing builds a clean export of HEAD with the installed tools linked in: never remake their install stamps.
PUBLISH := $(PY) hooks/publish.py $(foreach stamp,$(PY_RUNTIME) $(NODE_RUNTIME),--old-file=$(stamp))

# Publish the committed state as a new edition on the gh-pages branch (see the README, "Publishing"):
# refuses a dirty tree, builds HEAD in a temporary folder (site/ stays as it is), keeps every earlier
# edition. SITE_URL must be where GitHub Pages serves the project, e.g. https://<owner>.github.io/<repo>/.
# REPLACE=1 rewrites an edition whose data changed without a new as_of.
deploy: $(PY_RUNTIME) $(NODE_RUNTIME)
	@$(PUBLISH) deploy $(if $(REPLACE),--replace)

# `deploy` in two steps, as the workflow runs it with the link gate between them: `edition` prepares the
# commit without pushing (site-pages/ holds the branch's files as they would be published), `publish-push`
# pushes what `edition` prepared.
edition: $(PY_RUNTIME) $(NODE_RUNTIME)
	@$(PUBLISH) prepare --out site-pages $(if $(REPLACE),--replace)

publish-push: $(PY_RUNTIME)
	@$(PUBLISH) push

# The link gate on any built folder: `make linkcheck SITE=site-pages` (every local link, anchor and asset;
# its HTML parser is a test tool, hence the dev install).
SITE ?= site
linkcheck: $(PY_DEV)
	$(PY) tests/quality/linkcheck.py $(SITE) $(SITE_URL)

# Live preview: rebuilds and reloads on edits under data/, hooks/, overrides/ and docs/, served under
# site_url's path: http://127.0.0.1:8000/briefing/ by default. A data error is printed; see the README.
# The one-page print edition is left out (a quarter of each rebuild): `PRINT_PAGE=true make serve` shows it.
serve: $(PY_RUNTIME)
	PRINT_PAGE=$${PRINT_PAGE:-false} $(VENV)/bin/mkdocs serve --dev-addr $(HOST)

# The same verdict as `make build`, without touching site/: first the data (every problem, one line each;
# warnings fail too, as in the strict build), then both strict builds into a throwaway folder, which fail
# on anything else the build would fail on (a broken link in docs/), shown without MkDocs' INFO lines.
check: $(PY_RUNTIME) $(NODE_RUNTIME)
	@PYTHONPATH=hooks $(PY) -m briefing check
	@set -o pipefail; scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	{ OFFLINE=true PRINT_PAGE=false $(VENV)/bin/mkdocs build --strict --site-dir "$$scratch/offline" && \
	  $(VENV)/bin/mkdocs build --strict --site-dir "$$scratch/site"; } 2>&1 | { grep -v '^INFO ' >&2 || true; }
	@echo "make check: no problems (data, and both strict builds)"

lint: $(PY_DEV)
	$(VENV)/bin/ruff check hooks tests
	$(VENV)/bin/actionlint .github/workflows/*.yml

test: $(PY_DEV) $(NODE_DEV) lint
	$(PY) -m pytest

# Figures, never a failure: build time against a no-hook floor at 1x/10x/100x data, live-preview rebuild,
# first-view weight, search index and offline zip sizes, Lighthouse scores (tests/bench/bench.py --help).
.PHONY: bench
bench: $(PY_DEV) $(NODE_DEV)
	$(PY) tests/bench/bench.py

clean:
	rm -rf site .site-new .site-old site-offline .offline-new .print-new site-pages dist .venv .pytest_cache
