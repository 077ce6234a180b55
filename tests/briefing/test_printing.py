"""The printed briefing's helpers: CSS strings for running heads, and the one-page print edition made sound."""

from __future__ import annotations

import re

from briefing import build_site, for_print_page, load_and_validate, running_head, tidy_print_page
from briefing.printing import css_string, section_page_css
from conftest import GOOD_DATA

# The shape mkdocs-print-site-plugin 2.9 writes: sections keyed by page, links prefixed with that key, but record
# anchors on <article>/<tr> left as they were; its heading-number styles in a <style> at the end of the article.
PLUGIN_PAGE = """<html><head><title>x</title></head><body><label class="md-nav__title" for="__toc">Contents</label>
<input id="__search"><label for="__search">Search</label><article class="md-content__inner">
<div id="print-site-page" class=""><section class="print-page" id="index" heading-number="1"><h1 id="index-overview">Overview</h1>
<p><a href="#facts-fact-eight">eight</a> <a href="#timeline-year-2022">2022</a> <a href="#index-overview">top</a>
<a href="#facts-no-such">gone</a> <a href='#quotes-quote-q'>q</a> <a href="https://example.org/#facts-fact-eight">out</a></p></section>
<section class="print-page" id="facts" heading-number="2"><article id="fact-eight">Eight.</article></section>
<section class="print-page" id="timeline" heading-number="3"><h2 id="timeline-year-2022">2022</h2></section>
<section class="print-page" id="quotes" heading-number="4"><div id="quote-q">Q</div></section>
</div><style>.print-site-enumerate-headings #index > h1:before { content: '1 ' }</style>
</article></body></html>"""
ADDRESSES = {
    "index": "https://example.org/briefing/",
    "facts": "https://example.org/briefing/facts/",
    "timeline": "https://example.org/briefing/timeline/",
    "quotes": "https://example.org/briefing/quotes/",
}


def hrefs(html: str) -> list[str]:
    return re.findall(r"""href=["']([^"']*)["']""", html)


def test_links_the_plugin_prefixed_reach_the_record_anchors():
    tidy = tidy_print_page(PLUGIN_PAGE, ADDRESSES)
    assert hrefs(tidy) == ["#fact-eight", "#timeline-year-2022", "#index-overview", "#facts-no-such", "#quote-q",
                           "https://example.org/#facts-fact-eight"]


def test_the_page_becomes_valid_html_and_each_section_prints_its_address():
    tidy = tidy_print_page(PLUGIN_PAGE, ADDRESSES)
    assert "heading-number" not in tidy
    assert '<label class="md-nav__title">Contents</label>' in tidy  # no control __toc on this page
    assert '<label for="__search">' in tidy
    assert "print-site-enumerate-headings" not in tidy  # its <style> inside <body> is gone
    head = tidy.split("</head>")[0]
    assert '<style media="print">' in head
    for key, address in ADDRESSES.items():
        assert f'<section class="print-page" id="{key}">' in tidy
        assert f"@page section-{key} {{ @bottom-left {{ content: \"{address}\"; }} }}" in head


def test_a_section_with_the_wide_table_is_printed_landscape_with_its_address():
    css = section_page_css({"battlegroups": "https://example.org/b/"})
    wide = "#battlegroups:has(.briefing-table-wrap), #battlegroups .briefing-table-wrap { page: section-battlegroups-wide; }"
    assert wide in css
    assert '@page section-battlegroups-wide { size: A4 landscape; @bottom-left { content: "https://example.org/b/"; } }' in css


def test_css_string_escapes_what_would_end_the_string():
    assert css_string('NATO "eastern" flank') == '"NATO \\"eastern\\" flank"'
    assert css_string("a\\b") == '"a\\\\b"'
    assert css_string("two\nlines") == '"two\\a lines"'
    assert css_string("Ādaži — 2026") == '"Ādaži — 2026"'


def test_running_head_is_the_title_and_the_date_of_the_data():
    dataset, _ = load_and_validate(GOOD_DATA.parent)
    head = running_head(dataset)
    assert head["title"] == css_string(dataset.briefing.title)
    assert head["as_of"].startswith('"As of ') and str(dataset.briefing.as_of.year) in head["as_of"]


def test_the_map_drawn_on_two_pages_is_printed_once():
    figure = ('<figure class="briefing-map" id="flank-map" data-search-exclude>'
              '<svg><title id="flank-map-title">Map</title></svg></figure>')
    page = PLUGIN_PAGE.replace("Eight.</article>", f"Eight.</article>{figure}").replace("Q</div>", f"Q</div>{figure}")
    tidied = tidy_print_page(page, ADDRESSES)
    assert tidied.count('id="flank-map"') == 1 and tidied.count('id="flank-map-title"') == 1
    assert tidied.index('id="flank-map"') < tidied.index('id="quote-q"')  # the first one stays


def test_the_print_page_takes_each_record_without_its_cite_control():
    """On pages as the core renders them, every Cite button and popover goes (hidden on paper); the permalinks stay."""
    pages = build_site(GOOD_DATA.parent).pages
    rendered = "".join(pages.values())
    assert rendered.count("briefing-cite__panel") > 5
    printed = for_print_page(rendered)
    assert "briefing-cite__" not in printed and "@misc{" not in printed
    assert printed.count('class="briefing-permalink"') == rendered.count('class="briefing-permalink"')
