"""Fixtures for the published editions: `make build` (web site + offline zip) run once in a project copy."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import html_pages, make_project_for_make, run_make  # noqa: F401  (re-exported to the browser tests)

SUBPATH = "briefing"  # GitHub Pages serves a project under /<repo>/: the tests publish under /briefing/
SITE_URL = f"http://127.0.0.1/{SUBPATH}/"  # only its path matters to the files served (404.html, sitemap)
ZIP = "dist/nato-eastern-flank-briefing-offline.zip"


@dataclass
class Editions:
    project: Path
    web: Path  # site/
    offline: Path  # site-offline/
    zip: Path  # dist/*.zip


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> Editions:
    """The real `make build` (offline edition, its zip, then the web site) with SITE_URL under /briefing/."""
    project = make_project_for_make(tmp_path_factory.mktemp("published"))
    # Without an inherited SOURCE_DATE_EPOCH (as under `make test`) the copy, outside git, uses the Makefile's fallback.
    env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    result = run_make(project, "build", {**env, "SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stdout + result.stderr
    return Editions(project, project / "site", project / "site-offline", project / ZIP)


def search(page, query: str):
    """Type `query` into Material's search box as a reader would; returns the result items' locator."""
    box = page.locator("input.md-search__input")
    box.click()
    # Material shows "Initializing search" until its worker has the index, and searches on keyup.
    meta = page.locator(".md-search-result__meta")
    meta.wait_for()
    page.wait_for_function("m => !m.textContent.includes('Initializing')", arg=meta.element_handle(), timeout=15_000)
    box.press_sequentially(query)
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=15_000)
    return items
