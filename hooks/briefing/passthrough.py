"""Generated pages as the engine needs them: Markdown for what Markdown is for, finished HTML for the rest.

A rendered page is Markdown (front matter, headings for the table of contents, short paragraphs) with raw
HTML blocks: the core's record markup, already escaped and linked. Feeding those blocks back through
Python-Markdown costs more than everything else in a build and grows faster than the page, so
`split_page` swaps each block for a one-line placeholder paragraph, and `PassthroughPage.fill` puts the
blocks back into the HTML the engine made of the rest. Template-agnostic: any page template works.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown.util import BLOCK_LEVEL_ELEMENTS

# What Python-Markdown reads as the start of a raw HTML block: a block-level tag at the start of a block.
_BLOCK_TAGS = "|".join(sorted(BLOCK_LEVEL_ELEMENTS, key=len, reverse=True))
_BLOCK_START = re.compile(rf"^<(?:{_BLOCK_TAGS})(?=[\s/>])", re.M)
# Tags and comments, for walking a block that holds comments (autoescape keeps a raw '<' or '>' out of text
# and attributes).
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?>", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown(?:\s*=|[\s>])")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# Characters Markdown passes through untouched and no page text holds (Unicode private use).
_OPEN, _CLOSE = "\ue000", "\ue001"
_SOURCE_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_PLACEHOLDER = re.compile(f"<p>{_SOURCE_PLACEHOLDER.pattern}</p>")


@dataclass(frozen=True)
class PassthroughPage:
    """A generated page split in two: `markdown` for the engine, `blocks` of finished HTML, and their anchors."""

    markdown: str
    blocks: tuple[str, ...]
    anchors: frozenset[str]

    def fill(self, rendered: str) -> str:
        """The engine's HTML of `markdown` with every placeholder paragraph replaced by its block."""
        # As Python-Markdown writes raw blocks: an empty line after each, none at the end of the page.
        return _PLACEHOLDER.sub(lambda match: self.blocks[int(match.group(1))] + "\n", rendered).rstrip("\n")

    def fill_with(self, markdown: str, replace: Callable[[str], str]) -> str:
        """A part of `markdown` with each placeholder replaced by `replace(block)`."""
        return _SOURCE_PLACEHOLDER.sub(lambda match: replace(self.blocks[int(match.group(1))]), markdown)


@functools.cache
def _element_tags(name: str) -> re.Pattern:
    """The opening and closing tags of elements named `name` (an opening tag's end is looked up separately)."""
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.I)


def _walk_tags(text: str, start: int) -> int:
    """Where the first element from `start` closes, every tag counted: slow, for blocks holding comments."""
    depth = 0
    for match in _TAG.finditer(text, start):
        closing, name = match.group(1), (match.group(2) or "").lower()
        if not name or name in _VOID or match.group(0).endswith("/>"):
            pass
        elif closing:
            depth -= 1
        else:
            depth += 1
        if depth <= 0:
            return match.end()
    return -1


def _element_end(text: str, start: int) -> int:
    """Where the element opening at `start` closes, or -1 if it never does.

    As Python-Markdown's HTML block parser reads it: a closing tag pops open elements up to the one it names,
    so the block ends at the closing tag that matches its first element, however the tags inside balance.
    Only that element's own name is looked at, so the search runs at the speed of a string scan."""
    name = _START_TAG.match(text, start).group(1).lower()
    first_end = text.find(">", start)
    if name in _VOID or first_end < 0 or text[first_end - 1] == "/":
        return first_end + 1 if first_end >= 0 else -1
    depth = 0
    for match in _element_tags(name).finditer(text, start):
        if match.group(1):
            depth -= 1
        elif not match.group().endswith("/>"):
            depth += 1
        if depth == 0:
            end = match.end()
            return _walk_tags(text, start) if text.find("<!--", start, end) >= 0 else end
    return -1


def _block_end(text: str, start: int) -> int:
    """Where the raw HTML block opening at `start` ends: where its first element closes (with the rest of that line
    when it is blank; text after the closing tag is Markdown again); unclosed, the rest of the page."""
    closed = _element_end(text, start)
    if closed < 0:
        return len(text)  # unbalanced: the rest of the page, as Python-Markdown would take it
    end = text.find("\n", closed)
    end = len(text) if end < 0 else end
    return end if text[closed:end].isspace() or closed == end else closed


def _anchors(block: str) -> list[str]:
    """The ids (and names) of the elements in `block`: each `id="` or `name="` after a space inside a tag
    (found with str.find, many times faster on a large page than a regular expression tried at each character)."""
    found = []
    for attribute in ('id="', 'name="'):
        at = block.find(attribute)
        while at >= 0:
            value_start = at + len(attribute)
            value_end = block.find('"', value_start)
            if value_end < 0:
                break
            if block[at - 1].isspace() and block.rfind("<", 0, at) > block.rfind(">", 0, at):
                found.append(block[value_start:value_end])
            at = block.find(attribute, value_end + 1)
    return found


def split_page(text: str) -> PassthroughPage:
    """Split a rendered page into Markdown with placeholders and the raw HTML blocks they stand for."""
    front = _FRONT_MATTER.match(text)
    position = front.end() if front else 0
    parts, spans = [text[:position]], []  # spans: [start, end] of each block in `text`
    search_from = position
    while match := _BLOCK_START.search(text, search_from):  # from the end of the last block taken
        start = match.start()
        search_from = start + 1
        if not (start in (position, position + 1) or text[start - 2 : start] == "\n\n"):
            continue  # a tag that continues a paragraph
        if _MARKDOWN_ATTRIBUTE.search(text, start, text.find(">", start) + 1):
            continue  # `markdown="1"`: its content is Markdown, so the engine must see it
        end = _block_end(text, start)
        # Right below the last block, or one empty line below (which Python-Markdown writes out as it is): one
        # block with it, so a page of records is a few placeholders, not one paragraph per record to parse.
        if spans and text[position:start] in ("\n", "\n\n"):
            spans[-1][1] = end
        else:
            parts.append(text[position:start])
            parts.append(f"\n\n{_OPEN}{len(spans)}{_CLOSE}\n\n")
            spans.append([start, end])
        position = search_from = end
    parts.append(text[position:])
    blocks = tuple(text[start:end] for start, end in spans)
    anchors = frozenset(html.unescape(anchor) for block in blocks for anchor in _anchors(block))
    return PassthroughPage("".join(parts), blocks, anchors)
