"""Helpers for the browser tests; the published editions (`editions`: `make build` run once) are in tests/conftest.py."""

from __future__ import annotations

from conftest import SITE_URL, SUBPATH, ZIP, Editions, html_pages, make_project_for_make, run_make  # noqa: F401  (re-exported)


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
