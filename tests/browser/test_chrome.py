"""The site's chrome on the published site: the 404 page's ways back, the phone header, permalink target sizes."""

from __future__ import annotations

import pytest
from conftest import static_server
from playwright.sync_api import expect

from .conftest import SUBPATH

pytestmark = pytest.mark.browser

PHONES = [{"width": 320, "height": 640}, {"width": 375, "height": 667}]
# The header's first topic (the site's name) is clipped when its text is wider or taller than its box.
TITLE_CLIPPED = """() => {
  const text = document.querySelector('.md-header__topic .md-ellipsis');
  const style = getComputedStyle(text);
  const clipped = text.scrollWidth > text.clientWidth + 1 || text.scrollHeight > text.clientHeight + 1;
  return {name: text.textContent.trim(), clipped,
          ellipsis: style.textOverflow === 'ellipsis' && style.whiteSpace === 'nowrap'};
}"""

BOXES = "links => links.map(a => { const r = a.getBoundingClientRect(); return [a.getAttribute('href'), r.width, r.height]; })"


@pytest.fixture(scope="module")
def served(editions):
    with static_server(editions.web, prefix=SUBPATH) as base:
        yield base


def open_missing_page(editions, served, guarded_page, **options):
    """A missing address deep under the site, answered with 404.html as GitHub Pages does."""
    guarded = guarded_page((served,), **options)
    missing = served + "no/such/record/"
    body = (editions.web / "404.html").read_bytes()
    guarded.page.route(missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    guarded.page.goto(missing, wait_until="networkidle")
    return guarded


def test_404_page_leads_back_to_the_overview(editions, served, guarded_page):
    guarded = open_missing_page(editions, served, guarded_page)
    page = guarded.page
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    page.get_by_role("link", name="Go to the overview").click()
    page.wait_for_url(served)
    assert page.locator("article h1").first.is_visible()
    assert guarded.blocked == []


def test_404_page_lists_every_page_and_opens_search(editions, served, guarded_page):
    guarded = open_missing_page(editions, served, guarded_page, viewport=PHONES[1])
    page = guarded.page
    links = page.locator("article li a")
    targets = links.evaluate_all("links => links.map(a => a.href)")
    assert len(targets) >= 8 and served + "battlegroups/" in targets
    page.get_by_role("button", name="Search the briefing").click()
    query = page.locator("[data-md-component=search-query]")
    query.wait_for(state="visible")
    assert query.evaluate("input => input === document.activeElement")
    query.press_sequentially("Slovakia")
    # Results follow each keystroke: wait for those of the whole word, not the first letter's.
    expect(page.locator(".md-search-result__item").first).to_contain_text("Slovakia", timeout=15_000)


@pytest.mark.parametrize("viewport", PHONES, ids=lambda v: f"{v['width']}px")
def test_phone_header_shows_the_whole_title_without_cutting_a_word(served, guarded_page, viewport):
    guarded = guarded_page((served,), viewport=viewport)
    for path in ("", "battlegroups/", "about/"):
        guarded.page.goto(served + path)
        state = guarded.page.evaluate(TITLE_CLIPPED)
        assert state["name"]
        assert not state["clipped"] and not state["ellipsis"], (path, state)


@pytest.mark.parametrize("viewport", [PHONES[1], {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_record_permalink_controls_are_at_least_24_px_square(served, guarded_page, viewport):
    guarded = guarded_page((served,), viewport=viewport)
    sizes = []
    for path in ("facts/", "quotes/", "sources/", "timeline/", "battlegroups/"):
        guarded.page.goto(served + path)
        boxes = guarded.page.locator(".briefing-permalink").evaluate_all(BOXES)
        sizes += [(path, *box) for box in boxes]
    assert len(sizes) > 20
    small = [size for size in sizes if size[2] < 24 or size[3] < 24]
    assert not small, small[:10]
