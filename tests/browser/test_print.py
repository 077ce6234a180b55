"""Print and PDF: the PDF `make build` publishes, and a page printed from the browser with the print stylesheet.

Everything expected is read from the data and the built pages, so the tests hold whatever the data says.
"""

from __future__ import annotations

import html
import re
import urllib.request
from pathlib import Path

import pytest
from briefing import load_and_validate
from briefing.render import format_date, render_markdown
from bs4 import BeautifulSoup
from conftest import ROOT, static_server
from pypdf import PdfReader

from .conftest import SITE_URL, SUBPATH

pytestmark = pytest.mark.browser

RECORD_PREFIXES = ("fact-", "quote-", "event-", "battlegroup-", "source-")


def normalise(text: str) -> str:
    """One space for any run of white space, and no printed link addresses (` <https://…>`): text as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"\s*<[^<>]*>", "", text)).strip()


def page_texts(pdf: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(pdf).pages]


def markdown_text(markdown: str) -> str:
    """What a Markdown field reads as, once rendered: no tags, no entities."""
    return normalise(html.unescape(re.sub(r"<[^>]+>", "", str(render_markdown(markdown)))))


@pytest.fixture(scope="module")
def dataset():
    return load_and_validate(ROOT)[0]


@pytest.fixture(scope="module")
def pdf_text(editions) -> list[str]:
    return page_texts(editions.pdf)


def table_of(page_html: str) -> tuple[list[str], list[list[str]]]:
    """The battlegroup table's column headers and, per row, the words of each cell as printed (print hides the
    permalink "#" and the Cite control)."""
    soup = BeautifulSoup(page_html, "html.parser")
    table = soup.select_one("table.briefing-table")
    for hidden in table.select(".briefing-permalink, briefing-cite"):
        hidden.decompose()
    for br in table.find_all("br"):
        br.replace_with(" ")
    headers = [normalise(th.get_text()) for th in table.select("thead th")]
    rows = [[normalise(cell.get_text()) for cell in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    return headers, rows


def fragments(cell: str) -> list[str]:
    """A cell's first and last three words: both on one page means the cell was not split."""
    words = cell.split()
    return ["".join(words[:3]), "".join(words[-3:])] if words else []  # without spaces, as check_table_pages compares


def check_table_pages(texts: list[str], headers: list[str], rows: list[list[str]]) -> list[str]:
    """Problems: a table page without every column header, a row whose cells are not all on one page."""
    problems = []
    # Compared without spaces: a word wrapped inside a narrow cell comes out of the PDF's text as two ("Bundesw ehr").
    texts = [text.replace(" ", "") for text in texts]
    headers = [header.replace(" ", "") for header in headers]
    table_pages = [i for i, text in enumerate(texts) if any(all(f in text for f in fragments(row[0])) for row in rows)]
    assert table_pages, "no printed page holds the battlegroup table"
    for i in table_pages:
        problems += [f"page {i + 1}: no column header {h!r}" for h in headers if h not in texts[i]]
    for row in rows:
        parts = [f for cell in row for f in fragments(cell)]
        if not any(all(part in text for part in parts) for text in texts):
            problems.append(f"row {row[0]!r} is split across pages (or missing): {parts}")
    return problems


def check_running_heads(texts: list[str], title: str, as_of: str) -> list[str]:
    """Problems: a printed page without the briefing's title, its date or a web address on the site."""
    return [f"page {i + 1} lacks {what}" for i, text in enumerate(texts)
            for what in (title, f"As of {as_of}", SITE_URL) if what not in text]


def test_pdf_holds_every_host_key_point_and_source_title(pdf_text, dataset):
    text = normalise(" ".join(pdf_text))
    expected = [group.host for group in dataset.battlegroups]
    expected += [markdown_text(point.text) for point in dataset.briefing.key_points]
    expected += [normalise(source.title) for source in dataset.sources]
    missing = [item for item in expected if item not in text]
    assert len(expected) >= len(dataset.sources) + len(dataset.battlegroups) > 10
    assert not missing, missing


def test_every_pdf_page_shows_title_address_and_date(pdf_text, dataset):
    assert len(pdf_text) > 10
    assert not check_running_heads(pdf_text, dataset.briefing.title, format_date(dataset.briefing.as_of))
    # Each section's pages carry that page's own address, not the print page's.
    battlegroup_pages = " ".join(t for t in pdf_text if f"{SITE_URL}battlegroups/" in t)
    assert all(group.host in battlegroup_pages for group in dataset.battlegroups)


def test_pdf_battlegroup_table_keeps_every_column_on_landscape_pages_and_splits_no_row(editions, pdf_text):
    headers, rows = table_of((editions.web / "battlegroups" / "index.html").read_text(encoding="utf-8"))
    assert len(headers) >= 7 and len(rows) >= 8
    assert not check_table_pages(pdf_text, headers, rows)
    reader = PdfReader(editions.pdf)
    landscape = [i for i, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height]
    table_pages = [i for i, text in enumerate(pdf_text) if all(header in text for header in headers)]
    assert table_pages and set(table_pages) <= set(landscape), (landscape, table_pages)


def test_pdf_has_bookmarks_for_every_page_and_internal_links_to_records(editions):
    reader = PdfReader(editions.pdf)
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    soup = BeautifulSoup((editions.web / "print_page" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for mark in soup.select(".headerlink"):
        mark.decompose()
    sections = [normalise(h1.get_text()) for h1 in soup.select("section.print-page > h1")]
    assert len(sections) >= 8 and [t for t in top if t in sections] == sections, (top, sections)
    assert any(isinstance(item, list) and item for item in reader.outline)  # headings within pages nest
    names = {str(name).lstrip("/") for name in reader.named_destinations}
    dests = [str(annot.get_object()["/Dest"]).lstrip("/") for page in reader.pages for annot in page.get("/Annots") or []
             if "/Dest" in annot.get_object()]
    assert dests and all(dest in names for dest in dests), sorted(set(dests) - names)[:10]
    assert sum(dest.startswith(RECORD_PREFIXES) for dest in dests) >= 50, "links between records are not links in the PDF"


def test_pdf_text_is_selectable_and_tagged(editions):
    reader = PdfReader(editions.pdf)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged: a screen reader follows the structure
    assert all(len(page.extract_text().split()) > 20 for page in reader.pages)


def test_links_to_other_sites_print_their_address(editions, pdf_text):
    """The overview's links to other sites show where they go on paper; links within the briefing do not."""
    soup = BeautifulSoup((editions.web / "index.html").read_text(encoding="utf-8"), "html.parser")
    outside = [a["href"] for a in soup.select("article a[href^='http']")]
    squeezed = "".join(pdf_text).replace(" ", "")
    assert outside and all(f"<{href}>" in squeezed for href in outside), outside
    assert "<#" not in squeezed and "<../" not in squeezed


def test_a_page_printed_from_the_browser_keeps_the_whole_table_and_the_running_heads(editions, browser, dataset, tmp_path):
    """Printing /battlegroups/ as a reader would: no site chrome, every column, no row split, title, address and date."""
    headers, rows = table_of((editions.web / "battlegroups" / "index.html").read_text(encoding="utf-8"))
    pdf = tmp_path / "battlegroups.pdf"
    with static_server(editions.web, SUBPATH) as base:
        context = browser.new_context(color_scheme="dark")  # a reader in dark mode still gets a light page
        page = context.new_page()
        page.goto(base + "battlegroups/")
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        context.close()
    texts = page_texts(pdf)
    assert not check_table_pages(texts, headers, rows)
    assert not check_running_heads(texts, dataset.briefing.title, format_date(dataset.briefing.as_of))
    assert all(f"{SITE_URL}battlegroups/" in text for text in texts)
    whole = " ".join(texts)
    for chrome in ("Download the offline edition", "Made with", "Table of contents", "Search"):
        assert chrome not in whole, chrome


def test_the_site_links_the_pdf_in_every_footer_and_on_the_about_page(editions):
    url = f"downloads/{editions.pdf.name}"
    pages = [p for p in editions.web.rglob("index.html") if "assets" not in p.parts]
    without = [p for p in pages if f'{url}" download>Download the whole briefing as a PDF' not in
               re.sub(r"(\.\./)+", "", p.read_text(encoding="utf-8"))]
    assert len(pages) >= 8 and not without, without
    about = BeautifulSoup((editions.web / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert about.select_one("h2#downloads") and about.select_one(f"article a[href='../{url}']")
    with static_server(editions.web, SUBPATH) as base, urllib.request.urlopen(base + url) as response:
        assert response.read() == editions.pdf.read_bytes()
