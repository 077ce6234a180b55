"""The web build as GitHub Pages serves a project: under a subpath, with no outside request and nothing broken."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from xml.etree import ElementTree

import pytest
from conftest import static_server

from .conftest import SITE_URL, SUBPATH, html_pages, search

pytestmark = pytest.mark.browser
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


@pytest.fixture(scope="module")
def served(editions):
    """The web build on 127.0.0.1 under /briefing/; yields its base URL."""
    with static_server(editions.web, prefix=SUBPATH) as base:
        yield base


def open_watched(guarded_page, base: str, url: str):
    """A page whose requests outside `base` are aborted, and whose failed loads are recorded."""
    guarded = guarded_page((base,))
    failed: list[str] = []
    guarded.page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    guarded.page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}") if r.url.startswith(base) else None)
    guarded.page.goto(url, wait_until="networkidle")
    return guarded, failed


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_page_loads_under_the_subpath_with_nothing_outside_or_broken(editions, served, guarded_page):
    links: set[str] = set()
    pages = [p for p in html_pages(editions.web) if p.name != "404.html"]
    assert len(pages) >= 7
    for path in pages:
        url = served + path.relative_to(editions.web).as_posix().removesuffix("index.html")
        guarded, failed = open_watched(guarded_page, served, url)
        assert guarded.page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky", url
        assert guarded.blocked == [] and failed == [], (url, guarded.blocked, failed)
        # getAttribute: the href of an SVG link (the map's markers) is not a string.
        script = "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href.split('#')[0])"
        hrefs = guarded.page.eval_on_selector_all("a[href]", script)
        links.update(href for href in hrefs if href.startswith("http://127.0.0.1"))
    # Every link that stays on this host stays under the subpath and answers.
    broken = sorted(f"{status} {link}" for link in links if not link.startswith(served) or (status := http_status(link)) != 200)
    assert broken == []


def test_web_search_works_under_the_subpath(served, guarded_page):
    guarded, failed = open_watched(guarded_page, served, served)
    items = search(guarded.page, "Slovakia")
    assert "Slovakia" in items.first.inner_text()
    assert guarded.blocked == [] and failed == []


def test_the_offline_zip_is_offered_for_download(editions, served, guarded_page):
    guarded, _ = open_watched(guarded_page, served, served + "timeline/")
    link = guarded.page.get_by_role("link", name="Download the offline edition")
    assert link.is_visible()
    href = link.evaluate("a => a.href")
    assert href == served + "downloads/nato-eastern-flank-briefing-offline.zip"
    with urllib.request.urlopen(href, timeout=10) as response:
        assert response.read() == editions.zip.read_bytes()


def test_the_404_page_works_at_any_depth(editions, served, guarded_page):
    """GitHub Pages answers a missing path anywhere under the project with 404.html: its assets must still load."""
    guarded = guarded_page((served,))
    missing = served + "no/such/page/"
    body = (editions.web / "404.html").read_bytes()
    guarded.page.route(missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    failed: list[str] = []
    guarded.page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.url != missing else None)
    guarded.page.goto(missing, wait_until="networkidle")
    assert guarded.page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert "404" in guarded.page.locator("article").inner_text()
    assert guarded.blocked == [] and failed == []
    guarded.page.get_by_role("link", name="Timeline").first.click()
    guarded.page.wait_for_url(served + "timeline/")


def test_sitemap_lists_every_page_under_site_url_and_its_gzip_is_reproducible(editions):
    locs = [loc.text.strip() for loc in ElementTree.parse(editions.web / "sitemap.xml").getroot().iter(SITEMAP)]
    assert SITE_URL in locs and SITE_URL + "timeline/" in locs
    assert all(loc.startswith(SITE_URL) for loc in locs)
    packed = (editions.web / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == (editions.web / "sitemap.xml").read_bytes()
    # The gzip header's time is SOURCE_DATE_EPOCH, not the clock: outside git, the Makefile's fallback is the
    # newest data file's time (MkDocs keeps its day), never 1980.
    newest = max(int(path.stat().st_mtime) for path in (editions.project / "data").rglob("*") if path.is_file())
    assert int.from_bytes(packed[4:8], "little") == newest - newest % 86400
