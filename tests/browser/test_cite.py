"""Citing and durable links in headless Chromium: the Cite control, former ids and unknown anchors, in both editions."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import GOOD_DATA, make_project, mkdocs_build, static_server
from quality.test_accessibility import AXE, NO_TRANSITIONS, RUN_AXE

pytestmark = pytest.mark.browser
PUBLISHED = "https://example.org/nato-briefing/"
EDITION = PUBLISHED + "editions/2022-04-10/"  # the test data's as_of
EDITION_DATE = "10 April 2022"
# The test data with ids that changed: links to the former anchors must still land.
FORMER = {"fact-battlegroup-count": "fact-eight-battlegroups", "event-telegraph-interview": "event-interview"}


@dataclass
class Built:
    web: Path
    offline: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The test data, two of its ids renamed, built as the web and the offline edition for SITE_URL=PUBLISHED."""
    data = tmp_path_factory.mktemp("renamed") / "data"
    shutil.copytree(GOOD_DATA, data)
    renamed = (("facts", "eight-battlegroups", "battlegroup-count"), ("events", "interview", "telegraph-interview"))
    for kind, record_id, former in renamed:
        path = data / f"{kind}.yml"
        text = path.read_text(encoding="utf-8")
        assert f"- id: {record_id}\n" in text
        path.write_text(text.replace(f"- id: {record_id}\n", f"- id: {record_id}\n  former_ids: [{former}]\n"), encoding="utf-8")
    sites = []
    for offline in ("false", "true"):
        project = make_project(tmp_path_factory.mktemp(f"cite-{offline}"), data)
        result = mkdocs_build(project, project / "site", {"SITE_URL": PUBLISHED, "OFFLINE": offline})
        assert result.returncode == 0, result.stderr
        sites.append(project / "site")
    return Built(*sites)


@pytest.fixture(scope="module")
def served(built):
    with static_server(built.web, prefix="nato-briefing") as base:
        yield base


def page_url(edition: str, built: Built, served: str, name: str) -> str:
    """`facts` as the web edition (`<base>facts/`) or the offline edition (`file://…/facts.html`) addresses it."""
    return served + f"{name}/" if edition == "web" else (built.offline / f"{name}.html").as_uri()


def open_page(guarded_page, url: str, allowed: str, **options):
    guarded = guarded_page((allowed,), **options)
    guarded.page.goto(url, wait_until="load")
    return guarded.page


def allowed_for(edition: str, built: Built, served: str) -> str:
    return served if edition == "web" else built.offline.as_uri() + "/"


def in_viewport(page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }"
    )


def background(page, selector: str) -> str:
    return page.locator(selector).evaluate("e => getComputedStyle(e).backgroundColor")


TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("edition", ["web", "offline"])
@pytest.mark.parametrize("former", sorted(FORMER))
def test_a_link_to_a_former_id_lands_on_the_record(built, served, guarded_page, edition, former):
    current = FORMER[former]
    name = "facts" if former.startswith("fact") else "timeline"
    page = open_page(guarded_page, page_url(edition, built, served, name) + "#" + former, allowed_for(edition, built, served))
    page.wait_for_function(f"location.hash === '#{current}'")
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == current
    # The old address was replaced, not stacked under the new one: Back leaves the page.
    assert not [url for url in page.evaluate("navigation.entries().map(e => e.url)") if url.endswith("#" + former)]
    assert in_viewport(page, f"#{current}")
    assert background(page, f"#{current}") != TRANSPARENT  # highlighted as any linked record
    assert page.locator(".briefing-missing").count() == 0


@pytest.mark.parametrize("edition", ["web", "offline"])
def test_a_link_to_an_unknown_anchor_says_so_and_offers_a_search(built, served, guarded_page, edition):
    url = page_url(edition, built, served, "facts") + "#fact-no-such-thing"
    page = open_page(guarded_page, url, allowed_for(edition, built, served))
    notice = page.locator(".md-content__inner > .briefing-missing")
    notice.wait_for()
    assert notice.is_visible() and in_viewport(page, ".briefing-missing")
    assert page.locator(".md-content__inner > :first-child").evaluate("e => e.classList.contains('briefing-missing')")
    assert "No record fact-no-such-thing on this page" in " ".join(notice.inner_text().split())
    link = notice.get_by_role("link")
    assert "no such thing" in link.inner_text()
    link.click()
    # Material opens its search with the query from ?q=.
    box = page.locator("input.md-search__input")
    page.wait_for_function("() => document.querySelector('input.md-search__input')?.value === 'no such thing'", timeout=30_000)
    assert box.is_visible()


def test_a_linked_timeline_event_is_highlighted(built, served, guarded_page):
    page = open_page(guarded_page, served + "timeline/#event-summit", served)
    assert background(page, "#event-summit") != TRANSPARENT
    assert background(page, "#event-summit + .briefing-event") != TRANSPARENT
    assert background(page, "#event-interview + .briefing-event") == TRANSPARENT  # only the linked one


def open_cite(page, anchor: str):
    """Open the Cite popover of a record and return it."""
    page.locator(f'[data-briefing-anchor="{anchor}"] .briefing-cite__toggle').click()
    panel = page.locator(f"#cite-{anchor}")
    panel.wait_for(state="visible")
    return panel


def test_copy_link_and_each_citation_format(built, served, guarded_page):
    page = open_page(guarded_page, served + "facts/", served, permissions=["clipboard-read", "clipboard-write"])
    data = json.loads((built.web / "data" / "briefing.json").read_text(encoding="utf-8"))
    citation = next(f["citation"] for f in data["facts"] if f["id"] == "tripwire")
    panel = open_cite(page, "fact-tripwire")
    copied = {}
    buttons = panel.locator("button.briefing-cite__copy")
    for index, name in enumerate(("Copy link", "Copy edition link", "Copy text", "Copy BibTeX", "Copy CSL-JSON")):
        button = buttons.nth(index)
        assert button.inner_text() == name
        button.click()
        page.wait_for_function("b => b.textContent === 'Copied'", arg=button.element_handle())
        copied[name] = page.evaluate("navigator.clipboard.readText()")
        assert "copied to the clipboard" in panel.locator("[role=status]").inner_text()
    assert copied["Copy link"] == PUBLISHED + "facts/#fact-tripwire"
    assert copied["Copy edition link"] == EDITION + "facts/#fact-tripwire"
    assert copied["Copy text"] == citation["text"] and copied["Copy BibTeX"] == citation["bibtex"]
    assert json.loads(copied["Copy CSL-JSON"]) == citation["csl"]
    for text in (copied["Copy text"], copied["Copy BibTeX"], copied["Copy CSL-JSON"]):
        assert EDITION + "facts/#fact-tripwire" in text
    assert EDITION_DATE in copied["Copy text"] and "Edition of " + EDITION_DATE in copied["Copy BibTeX"]
    assert '"issued": {"date-parts": [[2022, 4, 10]]}' in copied["Copy CSL-JSON"]
    # What was copied is what the reader sees.
    shown = [code.inner_text() for code in panel.locator("code").all()]
    assert shown == list(copied.values())


def test_the_offline_edition_offers_web_links_never_file_addresses(built, guarded_page):
    allowed = built.offline.as_uri() + "/"
    page = open_page(guarded_page, (built.offline / "quotes.html").as_uri(), allowed)
    panel = open_cite(page, "quote-new-normal")
    shown = [code.inner_text() for code in panel.locator("code").all()]
    assert shown[0] == PUBLISHED + "quotes/#quote-new-normal"
    assert all("file:" not in text for text in shown)
    assert page.locator('link[rel="canonical"]').get_attribute("href") == PUBLISHED + "quotes/"


def test_without_javascript_the_link_and_the_citation_are_there(built, served, guarded_page):
    page = open_page(guarded_page, served + "battlegroups/", served, java_script_enabled=False)
    control = page.locator('[data-briefing-anchor="battlegroup-slovakia"]')
    assert control.locator("a.briefing-permalink").get_attribute("href") == "#battlegroup-slovakia"
    panel = open_cite(page, "battlegroup-slovakia")  # a popover: the browser opens it, no script
    assert EDITION + "battlegroups/#battlegroup-slovakia" in panel.inner_text()
    assert "@misc{battlegroup-slovakia-2022-04-10," in panel.inner_text()
    assert panel.locator("button.briefing-cite__copy").count() == 5
    assert not any(button.is_visible() for button in panel.locator("button.briefing-cite__copy").all())  # nothing to press


def test_the_cite_control_is_reachable_by_keyboard(built, served, guarded_page):
    page = open_page(guarded_page, served + "sources/", served)
    toggle = page.locator('[data-briefing-anchor="source-paper"] .briefing-cite__toggle')
    page.locator('[data-briefing-anchor="source-paper"] a.briefing-permalink').focus()
    page.keyboard.press("Tab")
    assert toggle.evaluate("e => e === document.activeElement")
    page.keyboard.press("Enter")
    panel = page.locator("#cite-source-paper")
    panel.wait_for(state="visible")
    page.keyboard.press("Tab")  # into the popover: its close button, then the copy buttons
    assert page.evaluate("document.activeElement.closest('#cite-source-paper') !== null")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")


@pytest.mark.parametrize("width", [375, 1280])
def test_permalink_and_cite_targets_are_at_least_24_px(built, served, guarded_page, width, tmp_path):
    for name in ("facts", "quotes", "timeline", "battlegroups", "sources", "glossary"):
        page = open_page(guarded_page, served + f"{name}/", served, viewport={"width": width, "height": 800})
        sizes = page.eval_on_selector_all(
            "a.briefing-permalink, .briefing-cite__toggle",
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.className, r.width, r.height]; })",
        )
        assert sizes, name
        small = [size for size in sizes if size[1] < 24 or size[2] < 24]
        assert small == [], (name, width, small[:3])
    page.screenshot(path=tmp_path / f"cite-{width}.png")


@pytest.mark.parametrize("colours", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_open_cite_popover_has_no_axe_violations(built, served, guarded_page, colours, width, tmp_path):
    page = open_page(guarded_page, served + "quotes/", served, viewport={"width": width, "height": 800}, color_scheme=colours)
    page.add_style_tag(content=NO_TRANSITIONS)
    panel = open_cite(page, "quote-new-normal")
    panel.locator("button.briefing-cite__copy").first.wait_for()
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE, [])
    assert [f"{v['id']}: {v['nodes']}" for v in found] == []
    page.screenshot(path=tmp_path / f"cite-popover-{width}-{colours}.png")
