"""The offline edition from file://, as a reader with no network opens it: pages, navigation and search."""

from __future__ import annotations

import zipfile

import pytest

from .conftest import html_pages, search

pytestmark = pytest.mark.browser
HOST_COUNTRY = "Slovakia"  # a battlegroup host (data/battlegroups.yml)


def open_offline(guarded_page, site, page_name="index.html"):
    """A page of the edition from file://; only files inside the edition's folder may load."""
    guarded = guarded_page((site.as_uri() + "/",))
    requests: list[str] = []
    guarded.page.on("request", lambda request: requests.append(request.url))
    guarded.page.goto((site / page_name).as_uri(), wait_until="load")
    return guarded, requests


def test_every_page_loads_with_no_outside_request(editions, guarded_page):
    pages = html_pages(editions.offline)
    assert {p.name for p in pages} >= {"index.html", "timeline.html", "battlegroups.html", "sources.html"}
    for path in pages:
        guarded, requests = open_offline(guarded_page, editions.offline, path.relative_to(editions.offline).as_posix())
        guarded.page.wait_for_load_state("networkidle")
        # Material's stylesheet applied: the header takes the theme's colour, not the browser default.
        assert guarded.page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky", path
        outside = [url for url in requests if not url.startswith(editions.offline.as_uri() + "/")]
        assert guarded.blocked == [] and outside == [], (path.name, guarded.blocked, outside)


def test_search_finds_a_battlegroup_host_country(editions, guarded_page, tmp_path):
    guarded, requests = open_offline(guarded_page, editions.offline)
    items = search(guarded.page, HOST_COUNTRY)
    assert items.count() > 0
    assert HOST_COUNTRY in items.first.inner_text()
    # The worker ran through the shim from the edition itself, and the index was read from search_index.js.
    assert any(url.endswith("assets/javascripts/iframe-worker-shim.js") for url in requests)
    assert any("search/search_index.js" in url for url in requests)
    assert guarded.blocked == []
    guarded.page.screenshot(path=tmp_path / "offline-search.png")


def test_overview_links_to_the_timeline_and_to_records(editions, guarded_page):
    guarded, _ = open_offline(guarded_page, editions.offline)
    page = guarded.page
    page.locator("a.briefing-entry", has_text="Timeline").click()
    page.wait_for_url("**/timeline.html")
    assert page.title().startswith("Timeline")
    # A record link from a generated page lands on its anchor on another page.
    page.go_back()
    figure = page.locator("a.briefing-figure").first
    anchor = figure.get_attribute("href").split("#")[1]
    figure.click()
    page.wait_for_url(f"**/facts.html#{anchor}")
    assert page.locator(f"#{anchor}").is_visible()
    assert guarded.blocked == []


def test_zip_holds_the_whole_edition_under_one_folder(editions):
    files = sorted(p.relative_to(editions.offline).as_posix() for p in editions.offline.rglob("*") if p.is_file())
    with zipfile.ZipFile(editions.zip) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert names == [f"nato-eastern-flank-briefing/{name}" for name in files]
        assert archive.read("nato-eastern-flank-briefing/index.html") == (editions.offline / "index.html").read_bytes()
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "timeline.html" in files and "search/search_index.js" in files
