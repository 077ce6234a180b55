"""Record-level search, as a reader uses it: type a query in Material's search box, press Enter, land on the
record. Run against the web site (served under /briefing/) and the offline edition (file://)."""

from __future__ import annotations

import pytest
from conftest import static_server

from .conftest import search

pytestmark = pytest.mark.browser

# Query -> the record Enter opens (Material opens its top-scored result). Real data; why each matters.
QUERIES = [
    ("Slovakia", "battlegroups/#battlegroup-slovakia", "a host country: its battlegroup, not the page top"),
    ("Újmajor", "battlegroups/#battlegroup-hungary", "a base, accented as in the data"),
    ("Ujmajor", "battlegroups/#battlegroup-hungary", "the same base without its accent"),
    ("Adazi", "battlegroups/#battlegroup-latvia", "Ādaži without accents"),
    ("Lest", "battlegroups/#battlegroup-slovakia", "Lešť without accents"),
    ("Cincu", "battlegroups/#battlegroup-romania", "a base named only in the table"),
    ("Novo Selo", "battlegroups/#battlegroup-bulgaria", "a two-word base"),
    ("Turkey", "battlegroups/#battlegroup-hungary", "alias: the data says Türkiye"),
    ("Turkey Bulgaria", "battlegroups/#battlegroup-bulgaria", "alias plus host"),
    ("Czech Republic Slovakia", "battlegroups/#battlegroup-slovakia", "alias: the data says Czechia"),
    ("eFP", "glossary/#term-enhanced-forward-presence", "the glossary term's alias"),
    ("40000", "facts/#fact-nato-40000-under-direct-command", "a figure typed without a separator"),
    ("40,000", "facts/#fact-nato-40000-under-direct-command", "the same figure as printed"),
    ("9641", "facts/#fact-battlegroup-troops-june-2022", "9,641 typed without a separator"),
    ("Forward Land Forces", "glossary/#term-forward-land-forces", "the battlegroups' current name, defined"),
    ("4800 soldiers", "facts/#fact-panzerbrigade-45", "4,800 typed without a separator"),
    ("NATO announces Eastern Sentry", "timeline/#event-eastern-sentry", "an event by its title"),
    ("Madrid summit", "timeline/#event-madrid-summit", "an event title"),
    ("Vilnius summit", "timeline/#event-vilnius-summit", "another event title"),
    ("Kalle Laanet", "sources/#source-ee-mod-2022-04-20", "a source's title"),
    ("China coercive policies", "facts/#fact-china-first-time-strategic-concept", "a fact by its words"),
    ("Camp Kosciuszko", "timeline/#event-camp-kosciuszko-named", "Kościuszko without accents"),
]


def _open_first_result(page, query: str) -> tuple[str, list[tuple[float, str]]]:
    """Type `query` and press Enter, as a reader does; returns the address Material opened, and the
    best results it showed (for the failure message)."""
    search(page, query).first.wait_for()
    page.wait_for_timeout(300)  # Material searches on every keystroke: let the last one's results land
    ranked = _ranked(page)
    with page.expect_navigation():
        page.locator("input.md-search__input").press("Enter")
    return page.url, ranked


def _ranked(page) -> list[tuple[float, str]]:
    """The results on screen with Material's scores, best first (what the assertion message shows)."""
    links = page.locator(".md-search-result__link")
    found = [(float(a.locator("article").get_attribute("data-md-score")), a.get_attribute("href")) for a in links.all()]
    return sorted(found, key=lambda pair: -pair[0])[:5]


def _check(guarded, home: str, query: str, expected: str) -> None:
    page = guarded.page
    page.goto(home, wait_until="load")
    opened, ranked = _open_first_result(page, query)
    anchor = expected.split("#")[1]
    assert opened.endswith("#" + anchor), (query, opened, ranked)
    # The record itself is the :target, scrolled into view and highlighted.
    target = page.locator(f"#{anchor}")
    assert target.evaluate("e => e.matches(':target')"), (query, opened)
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), (query, background)
    assert target.is_visible()


@pytest.mark.parametrize(("query", "expected", "why"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_enter_opens_the_record_on_the_web(editions, guarded_page, query, expected, why):
    with static_server(editions.web, prefix="briefing") as base:
        guarded = guarded_page((base,), viewport={"width": 1280, "height": 900})
        _check(guarded, base, query, expected)
        assert guarded.page.url.startswith(base + expected.split("#")[0])
        assert guarded.blocked == []


@pytest.mark.parametrize(("query", "expected", "why"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_enter_opens_the_record_offline(editions, guarded_page, query, expected, why):
    site = editions.offline
    guarded = guarded_page((site.as_uri() + "/",), viewport={"width": 1280, "height": 900})
    _check(guarded, (site / "index.html").as_uri(), query, expected)
    page_part = expected.split("#")[0].rstrip("/") + ".html"
    assert guarded.page.url.startswith((site / page_part).as_uri())
    assert guarded.blocked == []


def test_query_table_is_long_enough():
    assert len(QUERIES) >= 20 and len({q for q, _, _ in QUERIES}) == len(QUERIES)
