"""Reading at a glance, in both editions: key points first, the map, the sortable and filterable battlegroup
table, and no page wider than the screen."""

from __future__ import annotations

import json

import pytest
from conftest import static_server

from .conftest import SUBPATH, html_pages

pytestmark = pytest.mark.browser
WIDTHS = (320, 375, 768, 1024, 1280)
STAGE_ORDER = {"announced": 1, "battlegroup": 2, "brigade": 3}


class Edition:
    """One published edition: the web site served under /briefing/, or the offline one from file://."""

    def __init__(self, name: str, root, base: str):
        self.name, self.root, self.base = name, root, base

    def url(self, page: str) -> str:
        """`page` is "" (the overview) or a page name such as "battlegroups"."""
        if self.name == "web":
            return self.base + (f"{page}/" if page else "")
        return self.base + (f"{page}.html" if page else "index.html")

    def open(self, guarded_page, page: str = "", **options):
        guarded = guarded_page((self.base,), **options)
        guarded.page.goto(self.url(page), wait_until="load")
        return guarded.page


@pytest.fixture(scope="module", params=["web", "offline"])
def edition(request, editions):
    if request.param == "offline":
        yield Edition("offline", editions.offline, editions.offline.as_uri() + "/")
        return
    with static_server(editions.web, prefix=SUBPATH) as base:
        yield Edition("web", editions.web, base)


@pytest.fixture(scope="module")
def groups(editions) -> list[dict]:
    """The battlegroups as the site publishes them (data/briefing.json), with the sources they cite."""
    data = json.loads((editions.web / "data" / "briefing.json").read_text(encoding="utf-8"))
    sources = {s["id"]: s for s in data["sources"]}
    for group in data["battlegroups"]:
        group["cited"] = [sources[s] for s in group["sources"]]
    return data["battlegroups"]


def date_key(text: str | None) -> tuple:
    """A partial date's real order: a month-only date after the known days of that month, never before them."""
    if not text:
        return (0,)
    parts = [int(p) for p in text.split("-")] + [99, 99]
    return tuple(parts[:3])


def newest_source(group: dict) -> tuple:
    return max((date_key(s.get("published")) for s in group["cited"] if s.get("published")), default=(0,))


# Each column's heading and the value it must sort by, computed from the published data (not the page).
COLUMNS = {
    "Host and base": lambda g: g["host"].lower(),
    "Framework nation": lambda g: g["framework_nation"].lower(),
    "Stage": lambda g: STAGE_ORDER.get(g.get("stage"), 0),
    "Established": lambda g: date_key(g["established"]),
    "Troops": lambda g: g["troops"]["value"] if g.get("troops") else 0,
    "Contributors": lambda g: len(g["contributors"]),
    "Sources": newest_source,
}


def row_ids(page) -> list[str]:
    return page.eval_on_selector_all("#battlegroup-table tbody tr:not([hidden])", "rows => rows.map(r => r.id)")


def test_map_has_one_marker_per_battlegroup_each_linking_to_its_row(edition, guarded_page, groups):
    for page_name in ("", "battlegroups"):
        page = edition.open(guarded_page, page_name)
        script = "links => links.map(a => new URL(a.href.baseVal, location.href).href)"
        hrefs = page.eval_on_selector_all("#flank-map svg a", script)
        assert len(hrefs) == len(groups), page_name
        assert sorted(h.split("#")[1] for h in hrefs) == sorted(f"battlegroup-{g['id']}" for g in groups)
        # Every marker opens a page where its anchor is a row of the table.
        for href in hrefs:
            page.goto(href)
            anchor = href.split("#")[1]
            assert page.evaluate("id => document.getElementById(id)?.closest('#battlegroup-table tbody') !== null", anchor), href
        assert page.title()


def test_map_markers_take_keyboard_focus_with_a_visible_ring(edition, guarded_page):
    page = edition.open(guarded_page, "battlegroups")
    first = page.locator("#flank-map svg a").first
    first.focus()
    assert page.evaluate("() => document.activeElement.closest('#flank-map') !== null")
    ring = first.locator(".briefing-map__focus")
    assert ring.evaluate("e => getComputedStyle(e).stroke") != "none"
    # The map names itself and points to its text alternative.
    svg = page.locator("#flank-map .briefing-map__svg")
    assert "battlegroups" in page.locator("#flank-map-title").text_content()
    assert svg.get_attribute("aria-describedby") == "flank-map-desc"
    assert page.locator("#flank-map figcaption a[href='#battlegroups-table']").count() == 1


@pytest.mark.parametrize("heading", list(COLUMNS))
def test_sorting_orders_rows_by_real_value_ascending_then_descending(edition, guarded_page, groups, heading):
    page = edition.open(guarded_page, "battlegroups")
    header = page.locator("#battlegroup-table thead th", has_text=heading)
    by_anchor = {f"battlegroup-{g['id']}": g for g in groups}
    keys = lambda: [COLUMNS[heading](by_anchor[row]) for row in row_ids(page)]  # noqa: E731
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert keys() == sorted(keys()), heading
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert keys() == sorted(keys(), reverse=True), heading


def test_a_month_only_date_sorts_after_the_known_days_of_its_month(edition, guarded_page, groups):
    month_only = [g for g in groups if len(g["established"]) == 7]
    months = {m["established"] for m in month_only}
    same_month_days = [g for g in groups if len(g["established"]) == 10 and g["established"][:7] in months]
    assert month_only and same_month_days, "the data no longer has a month-only date beside a full one of the same month"
    page = edition.open(guarded_page, "battlegroups")
    page.locator("#battlegroup-table thead th", has_text="Established").click()
    order = row_ids(page)
    for day in same_month_days:
        for month in (m for m in month_only if m["established"] == day["established"][:7]):
            assert order.index(f"battlegroup-{day['id']}") < order.index(f"battlegroup-{month['id']}")


def test_the_caveat_column_sorts_by_its_text(edition, guarded_page):
    page = edition.open(guarded_page, "battlegroups")
    page.locator("#battlegroup-table thead th", has_text="Caveat").click()
    cells = "#battlegroup-table tbody td.briefing-table__caveat"
    texts = page.eval_on_selector_all(cells, "cells => cells.map(c => c.textContent.trim().toLowerCase())")
    assert texts == sorted(texts)


def test_filtering_by_a_host_leaves_its_row_alone(edition, guarded_page, groups):
    page = edition.open(guarded_page, "battlegroups")
    box = page.get_by_label("Filter", exact=True)
    assert box.is_visible()
    box.fill("Estonia")
    assert row_ids(page) == ["battlegroup-estonia"]
    assert page.locator("#battlegroup-filter-count").text_content() == f"1 of {len(groups)} battlegroups shown"
    box.fill("ujmajor")  # accents and case do not matter
    assert row_ids(page) == ["battlegroup-hungary"]
    box.fill("")
    assert len(row_ids(page)) == len(groups)


def test_the_table_is_complete_without_javascript(edition, guarded_page, groups):
    page = edition.open(guarded_page, "battlegroups", java_script_enabled=False)
    headings = page.eval_on_selector_all("#battlegroup-table thead th", "ths => ths.map(th => th.textContent.trim())")
    assert headings == [*COLUMNS, "Caveat"]
    assert len(row_ids(page)) == len(groups)
    for group in groups:
        row = page.locator(f"#battlegroup-{group['id']}")
        assert row.locator("th, td").count() == len(headings)
        text = row.text_content()
        assert group["host"] in text and group["framework_nation"] in text
        if group.get("troops"):
            assert f"{group['troops']['value']:,}" in text
    # No dead controls: the filter and the sorting hint need the script.
    assert not page.locator(".briefing-filter").is_visible()
    assert not page.locator(".briefing-table-hint").is_visible()
    assert page.locator("#flank-map svg a").count() == len(groups)


def test_no_page_is_wider_than_the_screen(edition, guarded_page):
    pages = [p for p in html_pages(edition.root) if p.name != "404.html"]
    paths = [p.relative_to(edition.root).as_posix() for p in pages]
    names = [path.removesuffix("index.html").removesuffix("/").removesuffix(".html") for path in paths]
    for width in WIDTHS:
        page = edition.open(guarded_page, "", viewport={"width": width, "height": 800})
        for name in names:
            page.goto(edition.url(name), wait_until="load")
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (width, name or "overview", overflow)
        # A table wider than its column scrolls inside its box, and then the box shows a cue.
        page.goto(edition.url("battlegroups"), wait_until="load")
        wrap = page.locator(".briefing-table-wrap")
        if wrap.evaluate("e => e.scrollWidth > e.clientWidth"):
            assert "gradient" in wrap.evaluate("e => getComputedStyle(e).backgroundImage"), width


def test_first_key_point_is_visible_without_scrolling_on_a_phone(edition, guarded_page):
    page = edition.open(guarded_page, "", viewport={"width": 375, "height": 667})
    title = page.locator("h1")
    heading = page.locator("#key-points")
    first = page.locator(".briefing-keypoints > li").first
    assert heading.text_content().strip().startswith("Key points")
    # The heading comes straight after the title, the date straight after the heading.
    assert page.evaluate("() => document.querySelector('h1').nextElementSibling.id") == "key-points"
    assert page.locator("#key-points + .briefing-asof").text_content().startswith("As of ")
    for element in (title, page.locator("#key-points + .briefing-asof"), first):
        box = element.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 667, (element, box)


@pytest.mark.parametrize("width", [375, 1280])
def test_key_figures_are_dated_numbers_with_no_empty_slot(edition, guarded_page, width):
    page = edition.open(guarded_page, "", viewport={"width": width, "height": 900})
    cards = page.locator(".briefing-figure")
    assert cards.count() >= 3
    for i in range(cards.count()):
        card = cards.nth(i)
        assert card.locator(".briefing-figure__value").text_content().strip()[0].isdigit()
        assert card.locator(".briefing-figure__asof").text_content().startswith("as of ")
        assert "#fact-" in card.get_attribute("href")
    # The last row is filled: its cards end where the grid ends.
    grid = page.locator(".briefing-figures").bounding_box()
    last = cards.nth(cards.count() - 1).bounding_box()
    assert abs((last["x"] + last["width"]) - (grid["x"] + grid["width"])) < 2
