"""cite.py: every record's citation as plain text, BibTeX and CSL-JSON, with the published addresses."""

from __future__ import annotations

import json
from datetime import date

import bibtexparser
import pytest
from briefing import load_and_validate
from briefing.cite import cite_dataset, cite_record, edition_url, fill_site_url, live_url, web_page_url
from briefing.models import Briefing, Fact
from briefing.render import record_label
from conftest import GOOD_DATA

SITE = "https://example.org/briefing/"
EDITION = "https://example.org/briefing/editions/2022-04-10/"


@pytest.fixture(scope="module")
def dataset():
    return load_and_validate(GOOD_DATA.parent)[0]


@pytest.fixture(scope="module")
def citations(dataset):
    return cite_dataset(dataset, SITE)


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], [block.error for block in library.failed_blocks]
    assert len(library.entries) == 1
    return library.entries[0]


def test_every_record_of_every_kind_is_cited_under_its_anchor(dataset, citations):
    records = [*dataset.sources, *dataset.facts, *dataset.quotes, *dataset.events, *dataset.battlegroups, *dataset.glossary]
    assert set(citations) == {record.anchor for record in records}
    assert {anchor.split("-")[0] for anchor in citations} == {"source", "fact", "quote", "event", "battlegroup", "term"}


def test_plain_text_names_title_label_edition_date_and_permanent_url(dataset, citations):
    text = citations["fact-eight-battlegroups"].text
    assert text == ("“Fact: There are eight multinational battlegroups.” In Test briefing, edition of 10 April 2022. "
                    f"{EDITION}facts/#fact-eight-battlegroups")
    # A quote's label quotes its words: inside the citation's own quotation marks they become single ones.
    quote = citations["quote-new-normal"].text
    assert quote.startswith("“Quote: Jens Stoltenberg, ‘") and "’”" in quote


def test_links_are_the_web_addresses_also_for_the_offline_edition(citations):
    citation = citations["event-summit"]
    assert citation.live_url == f"{SITE}timeline/#event-summit"
    assert citation.edition_url == f"{EDITION}timeline/#event-summit"
    assert not any(".html" in url for c in citations.values() for url in (c.live_url, c.edition_url))


def test_the_site_address_may_come_without_its_final_slash(dataset):
    fact = dataset.facts[0]
    assert live_url("https://example.org/briefing", fact) == live_url(SITE, fact)
    assert edition_url("https://example.org/briefing", date(2022, 4, 10)) == EDITION
    assert edition_url(SITE, "2022-04-10", "facts/#fact-x") == EDITION + "facts/#fact-x"  # a date as editions list it
    assert web_page_url("https://example.org/briefing", "battlegroups.md") == f"{SITE}battlegroups/"
    assert web_page_url(SITE, "index.md") == SITE


def test_bibtex_is_one_misc_entry_a_parser_reads_back(dataset, citations):
    entry = parse_bibtex(citations["battlegroup-slovakia"].bibtex)
    assert entry.entry_type == "misc"
    assert entry.key == "battlegroup-slovakia-2022-04-10"
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == "{Battlegroup: Slovakia}"  # inner braces keep BibTeX styles from lowercasing it
    assert fields["url"] == f"{EDITION}battlegroups/#battlegroup-slovakia"
    assert fields["year"] == "2022" and fields["date"] == "2022-04-10"
    assert fields["note"] == "Edition of 10 April 2022"
    assert fields["howpublished"] == "Test briefing"


def test_bibtex_escapes_latex_specials_and_keeps_braces_balanced(dataset):
    fact = Fact(id="odd", statement="50% of {troops} & $costs_2 at #1 ~ ^ \\ here", sources=["paper"])
    briefing = dataset.briefing.model_copy(update={"title": "R&D {briefing}"})
    entry = parse_bibtex(cite_record(fact, briefing, SITE).bibtex)
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == (r"{Fact: 50\% of \textbraceleft{}troops\textbraceright{} \& \$costs\_2 at \#1 "
                               r"\textasciitilde{} \textasciicircum{} \textbackslash{} here}")
    assert fields["howpublished"] == r"R\&D \textbraceleft{}briefing\textbraceright{}"
    assert fields["url"] == f"{EDITION}facts/#fact-odd"  # a URL field is verbatim: its # stays


def test_csl_json_is_one_webpage_item_with_the_fields_zotero_and_pandoc_read(dataset, citations):
    citation = citations["source-paper"]
    item = citation.csl
    assert item["type"] == "webpage"
    assert item["id"] == "source-paper-2022-04-10"
    assert item["title"] == record_label(dataset.sources[0])
    assert item["container-title"] == "Test briefing"
    assert item["URL"] == f"{EDITION}sources/#source-paper"
    assert item["issued"] == {"date-parts": [[2022, 4, 10]]}
    assert f"{SITE}sources/#source-paper" in item["note"]  # the live link too
    assert json.loads(citation.csl_json) == item  # the text shown is the item exported


def test_keys_are_stable_and_distinct(dataset, citations):
    again = cite_dataset(dataset, SITE)
    assert again == citations
    assert len({c.csl["id"] for c in citations.values()}) == len(citations)


def test_a_new_edition_changes_the_date_and_links_not_the_live_link(dataset):
    fact = dataset.facts[0]
    later = Briefing(**{**dataset.briefing.model_dump(), "as_of": date(2023, 1, 5)})
    old, new = cite_record(fact, dataset.briefing, SITE), cite_record(fact, later, SITE)
    assert old.live_url == new.live_url
    assert "editions/2023-01-05/facts/#fact-eight-battlegroups" in new.text and "5 January 2023" in new.text
    assert "year = {2023}" in new.bibtex and new.csl["issued"] == {"date-parts": [[2023, 1, 5]]}


def test_export_is_the_citation_key_of_briefing_json(citations):
    exported = citations["fact-tripwire"].export()
    assert set(exported) == {"text", "bibtex", "csl"}
    assert json.loads(json.dumps(exported))["csl"] == citations["fact-tripwire"].csl


def test_hand_written_pages_get_the_published_address():
    text = "Cite `{{ site_url }}facts/#fact-x` or <{{ site_url }}>."
    assert fill_site_url(text, "https://example.org/briefing") == (
        "Cite `https://example.org/briefing/facts/#fact-x` or <https://example.org/briefing/>."
    )
