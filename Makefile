# The README's commands: `make build` or `make serve`, and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
# Reproducible output: the sitemap's dates and sitemap.xml.gz's gzip header take this time, not the clock.
# Outside git (a downloaded tarball), the newest data file's date: never 1980.
ifndef SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || find data -type f -printf '%T@\n' | sort -n | tail -1 | cut -d. -f1)
endif
export SOURCE_DATE_EPOCH
OFFLINE_ZIP := dist/nato-eastern-flank-briefing-offline.zip

NODE_STAMP := node_modules/.package-lock.json

.PHONY: build offline deploy edition publish-push linkcheck serve test lint check clean

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
	@$(SITE_URL_NOTE)
	rm -rf .offline-new
	OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir .offline-new || { rm -rf .offline-new; exit 1; }
	rm -rf site-offline; mv .offline-new site-offline
	$(PY) hooks/pack_offline.py site-offline $(OFFLINE_ZIP)

# The web site, with the offline zip for download (hence `offline` first). Set SITE_URL for where it is served.
# Strict build into a temporary folder, swapped in only on success: a failed build keeps the last good site/.
build: offline
	rm -rf .site-new
	$(VENV)/bin/mkdocs build --strict --site-dir .site-new || { rm -rf .site-new; exit 1; }
	rm -rf .site-old; if [ -d site ]; then mv site .site-old; fi; mv .site-new site; rm -rf .site-old

# A build meant for publishing must know its address: without SITE_URL, say (on one line) which one it used.
SITE_URL_DEFAULT := $(shell sed -n 's/^site_url: !ENV \[SITE_URL, "\(.*\)"\]$$/\1/p' mkdocs.yml)
SITE_URL_NOTE = test -n "$$SITE_URL" || echo "SITE_URL is not set: links, canonical URLs and the sitemap use $(SITE_URL_DEFAULT) (set SITE_URL=https://<owner>.github.io/<repo>/ to build for publishing)"
# Publishing builds a clean export of HEAD with the installed tools linked in: never remake their install stamps.
PUBLISH := $(PY) hooks/publish.py $(foreach stamp,$(STAMP) $(NODE_STAMP),--old-file=$(stamp))

# Publish the committed state as a new edition on the gh-pages branch (see the README, "Publishing"):
# refuses a dirty tree, builds HEAD in a temporary folder (site/ stays as it is), keeps every earlier
# edition. SITE_URL must be where GitHub Pages serves the project, e.g. https://<owner>.github.io/<repo>/.
# REPLACE=1 rewrites an edition whose data changed without a new as_of.
deploy: $(STAMP) $(NODE_STAMP)
	@$(PUBLISH) deploy $(if $(REPLACE),--replace)

# `deploy` in two steps, as the workflow runs it with the link gate between them: `edition` prepares the
# commit without pushing (site-pages/ holds the branch's files as they would be published), `publish-push`
# pushes what `edition` prepared.
edition: $(STAMP) $(NODE_STAMP)
	@$(PUBLISH) prepare --out site-pages $(if $(REPLACE),--replace)

publish-push: $(STAMP)
	@$(PUBLISH) push

# The link gate on any built folder: `make linkcheck SITE=site-pages` (every local link, anchor and asset).
SITE ?= site
linkcheck: $(STAMP)
	$(PY) tests/quality/linkcheck.py $(SITE) $(SITE_URL)

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
	rm -rf site .site-new .site-old site-offline .offline-new site-pages dist .venv .pytest_cache
