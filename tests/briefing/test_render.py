"""render.py: the filters, record URLs and the page render functions."""

from __future__ import annotations

import os
from datetime import date

import markdown as md
import pytest
from briefing import TEMPLATES, load_and_validate
from briefing.models import Battlegroup, Event, Fact, PartialDate, Quote, Source
from briefing.render import (
    Catalog,
    format_date,
    format_number,
    markdown_inline_text,
    newest_date,
    record_label,
    record_url,
    render_markdown,
    render_pages,
)
from bs4 import BeautifulSoup
from conftest import GOOD_DATA


@pytest.fixture(scope="module")
def dataset():
    return load_and_validate(GOOD_DATA.parent)[0]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (PartialDate(2022), "2022"),
        (PartialDate(2022, 3), "March 2022"),  # month-only: never "1 March 2022"
        (PartialDate(2022, 3, 1), "1 March 2022"),
        (PartialDate(2016, 12, 31), "31 December 2016"),
        (date(2022, 4, 9), "9 April 2022"),
    ],
)
def test_date_is_shown_at_its_precision(value, shown):
    assert format_date(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(40000, "40,000"), (9641, "9,641"), (8, "8"), (2.5, "2.5"), (5.0, "5"), (300000.0, "300,000")]
)
def test_number_formatting(value, shown):
    assert format_number(value) == shown


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",  # a browser decodes the entity before reading the scheme
        "[x](&#x6A;avascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](java\tscript:alert(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox(1))",
    ],
)
def test_markdown_drops_unsafe_link_schemes(text):
    soup = BeautifulSoup(render_markdown(text), "html.parser")
    assert soup.find(["a", "img"]) is not None
    assert not soup.select("[href], [src]"), str(soup)


def test_markdown_keeps_safe_links_and_formatting():
    soup = BeautifulSoup(render_markdown("**bold** [a](https://example.com/?a=1&b=2) [m](mailto:x@example.com)"), "html.parser")
    assert soup.strong.get_text() == "bold"
    assert [a["href"] for a in soup.find_all("a")] == ["https://example.com/?a=1&b=2", "mailto:x@example.com"]


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "a <img src=x onerror=alert(1)> b", "<div onclick=alert(1)>\n\nx\n\n</div>", "<b>bold?</b>"],
)
def test_markdown_shows_raw_html_as_text(text):
    soup = BeautifulSoup(render_markdown(text), "html.parser")
    assert not soup.find_all(["script", "img", "div", "b"])
    assert not [name for element in soup.find_all(True) for name in element.attrs if name.startswith("on")]
    assert soup.get_text().strip().replace("\n\n", "\n") == text.replace("\n\n", "\n")


@pytest.mark.parametrize(
    "title",
    [
        "Plain title",
        "A *star* and _under_ [link](javascript:x) `code`",
        "Ends { #evil }",
        "# Hash | pipe \\ back",
        "<b>&amp; x</b>",
        "1. Not a list",
    ],
)
def test_md_text_keeps_a_heading_literal(title):
    """What the templates do: `### {{ title | md_text }} { #id }`, converted as MkDocs converts it."""
    source = f"### {markdown_inline_text(title)} {{ #event-x }}"
    soup = BeautifulSoup(md.markdown(source, extensions=["attr_list", "tables"]), "html.parser")
    assert soup.h3["id"] == "event-x"
    assert soup.h3.get_text() == title
    assert not soup.h3.find(True)


def test_record_url_is_the_canonical_page_and_anchor(dataset):
    records = {Source: dataset.sources[0], Fact: dataset.facts[0], Quote: dataset.quotes[0],
               Event: dataset.events[0], Battlegroup: dataset.battlegroups[0]}
    pages = {Source: "sources", Fact: "facts", Quote: "quotes", Event: "timeline", Battlegroup: "battlegroups"}
    for kind, record in records.items():
        assert record_url(record) == f"{pages[kind]}/#{record.prefix}-{record.id}"
        assert record_url(record, directory_urls=False) == f"{pages[kind]}.html#{record.prefix}-{record.id}"
    assert record_url(dataset.facts[0]) == "facts/#fact-eight-battlegroups"


def test_labels_are_short(dataset):
    long_fact = dataset.facts[0].model_copy(update={"statement": "word " * 80})
    assert len(record_label(long_fact)) < 140 and record_label(long_fact).endswith("…")
    assert record_label(dataset.battlegroups[0]) == "Battlegroup: Estonia"


def test_catalog_orders_events_and_battlegroups(dataset):
    catalog = Catalog(dataset)
    assert [(year, [e.id for e in events]) for year, events in catalog.events_by_year()] == [(2022, ["interview", "summit"])]
    assert [g.id for g in catalog.battlegroups_by_established()] == ["estonia", "slovakia"]  # 2017 before 2022
    assert {r.anchor for r in catalog.citations["seed"]} == {"fact-eight-battlegroups", "fact-tripwire", "event-summit",
                                                              "battlegroup-slovakia"}


def test_pages_link_relative_to_themselves(dataset):
    pages = render_pages(dataset, TEMPLATES)
    assert set(pages) == {"index.md", "facts.md", "quotes.md", "timeline.md", "battlegroups.md", "sources.md", "glossary.md"}
    assert 'href="facts/#fact-tripwire"' in pages["index.md"]
    assert 'href="../sources/#source-seed"' in pages["timeline.md"]
    offline = render_pages(dataset, TEMPLATES, directory_urls=False)
    assert 'href="sources.html#source-seed"' in offline["timeline.md"]
    assert 'href="timeline.html"' in offline["index.md"]


GOLDEN = GOOD_DATA.parent.parent / "golden"


def test_pages_match_golden_files(dataset):
    """The rendered Markdown of the test dataset, byte for byte; `UPDATE_GOLDEN=1 pytest` rewrites it after a
    deliberate template change, and the diff of tests/data/golden/ shows what changed for a reader."""
    pages = render_pages(dataset, TEMPLATES)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        for src_uri, text in pages.items():
            (GOLDEN / src_uri).write_text(text, encoding="utf-8")
    assert {p.name for p in GOLDEN.glob("*.md")} == set(pages)
    for src_uri, text in pages.items():
        assert text == (GOLDEN / src_uri).read_text(encoding="utf-8"), f"{src_uri} differs from tests/data/golden/{src_uri}"


def test_newest_date_is_the_latest_record_date_up_to_as_of(tmp_path):
    dataset, _ = load_and_validate(GOOD_DATA.parent)
    # The good data's newest dated record is the interview (9 April 2022); the expected June summit does not count.
    assert str(newest_date(dataset)) == "2022-04-09"
