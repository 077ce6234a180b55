"""passthrough.py: a page split into Markdown plus finished HTML renders exactly as the whole page does."""

from __future__ import annotations

import re
from pathlib import Path

import markdown as md
import pytest
from briefing.passthrough import split_page
from conftest import GOOD_DATA

GOLDEN = GOOD_DATA.parent.parent / "golden"
# mkdocs.yml's Markdown extensions, as MkDocs runs them.
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]
CONFIGS = {"toc": {"permalink": True, "toc_depth": 3}}


def _render(markdown_text: str) -> str:
    body = re.sub(r"\A---\n.*?\n---\n", "", markdown_text, flags=re.S)  # front matter is meta, not text
    return md.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(body)


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.md")), ids=lambda p: p.name)
def test_split_page_renders_byte_identical(golden: Path):
    """The seam changes nothing a reader sees: Markdown of the rest, then the blocks put back, equals Markdown of all."""
    text = golden.read_text(encoding="utf-8")
    page = split_page(text)
    assert page.fill(_render(page.markdown)) == _render(text)


def test_record_markup_never_reaches_markdown():
    page = split_page((GOLDEN / "facts.md").read_text(encoding="utf-8"))
    assert "<article" not in page.markdown and "briefing-fact" not in page.markdown
    assert "## Battlegroups { #topic-battlegroups }" in page.markdown  # headings stay for the TOC
    assert {"fact-eight-battlegroups", "fact-tripwire"} <= page.anchors  # (with the ids of their cite popovers)
    assert len(page.blocks) == 2 and all(block.startswith("<article") for block in page.blocks)


def test_blocks_are_split_like_python_markdown_reads_them():
    text = (
        "---\ntitle: T\n---\n\n# T\n\nIntro with <span>inline</span> HTML.\n\n"
        '<div id="a">\n<p>one</p>\n\n<pre><code>blank line inside</code></pre>\n</div>\n'
        '<div id="b"><br><hr/>x</div>\n\nText after.\n\n<div markdown="1">\n*md*\n</div>\n'
    )
    page = split_page(text)
    assert page.markdown.startswith("---\ntitle: T\n---\n")
    # Two blocks with no empty line between them are one raw block to Python-Markdown, so one here too.
    assert [b[:11] for b in page.blocks] == ['<div id="a"'] and page.blocks[0].endswith('<div id="b"><br><hr/>x</div>')
    assert "<span>inline</span>" in page.markdown and '<div markdown="1">' in page.markdown
    assert page.anchors == {"a", "b"}
    assert page.fill(_render(page.markdown)) == _render(text)


def test_an_unbalanced_block_takes_the_rest_of_the_page():
    page = split_page("# T\n\n<div id=\"x\">\n<p>never closed\n\n## Heading\n")
    assert page.blocks == ('<div id="x">\n<p>never closed\n\n## Heading\n',)


def test_a_block_ends_where_its_first_element_closes():
    """Nested elements of the same name, an unclosed child, text after the closing tag, a comment holding a closing
    tag, a line break before an id, and `id="…"` in text: split as Python-Markdown reads them, only real ids as
    anchors (after a closing tag, only the number of line breaks differs: one blank line more)."""
    text = (
        '# T\n\n<div id="a"><div>\n<p>inner</p>\n\n</div>\n<p>unclosed</div> tail\n\n'
        '<section class="s"\nid="c"><!-- </section> --><p>x</p></section>\n\nText with id="not-an-anchor" in it.\n'
    )
    page = split_page(text)
    assert [block[:15] for block in page.blocks] == ['<div id="a"><di', '<section class=']
    assert page.blocks[0].endswith("unclosed</div>") and page.blocks[1].endswith("</section>")
    assert page.anchors == {"a", "c"} and "tail" in page.markdown
    assert page.fill(_render(page.markdown)).replace("</div>\n\n<p>tail", "</div>\n<p>tail") == _render(text)
