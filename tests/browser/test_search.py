"""Material's search box on the served web site finds the generated pages' text."""

from __future__ import annotations

import pytest
from conftest import static_server

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("query", "page"), [("Slovakia", "battlegroups/"), ("Stoltenberg", "quotes/")])
def test_search_box_finds_generated_text(built_site, guarded_page, query, page):
    """`built_site` is built for /briefing/ (mkdocs.yml's default site_url), so it is served there."""
    with static_server(built_site, prefix="briefing") as base:
        guarded = guarded_page((base,), viewport={"width": 1280, "height": 900})
        guarded.page.goto(base, wait_until="load")
        # At desktop width the search field is in the header: click it and type, as a reader would.
        field = guarded.page.locator("input.md-search__input")
        field.click()
        field.press_sequentially(query, delay=20)
        items = guarded.page.locator(".md-search-result__item")
        items.first.wait_for(timeout=15_000)
        links = [items.nth(i).locator("a").first.get_attribute("href") for i in range(items.count())]
        assert any(f"/briefing/{page}" in href or href.startswith(page) for href in links), links
        assert query in items.filter(has=guarded.page.locator(f'a[href*="{page}"]')).first.inner_text()
        assert guarded.blocked == []
