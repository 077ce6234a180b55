"""Generated pages as the engine needs them: Markdown for what Markdown is for, finished HTML for the rest.

A rendered page is Markdown (front matter, headings for the table of contents, short paragraphs) with raw
HTML blocks: the core's record markup, already escaped and linked. Feeding those blocks back through
Python-Markdown costs more than everything else in a build and grows faster than the page, so
`split_page` swaps each block for a one-line placeholder paragraph, and `PassthroughPage.fill` puts the
blocks back into the HTML the engine made of the rest. Template-agnostic: any page template works.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown.util import BLOCK_LEVEL_ELEMENTS

# What Python-Markdown reads as the start of a raw HTML block: a block-level tag at the start of a block.
_BLOCK_TAGS = "|".join(sorted(BLOCK_LEVEL_ELEMENTS, key=len, reverse=True))
_BLOCK_START = re.compile(rf"^<(?:{_BLOCK_TAGS})(?=[\s/>])", re.M)
# Tags and comments, for balancing a block (autoescape keeps a raw '<' or '>' out of text and attributes).
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?>", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_OPENING = re.compile(rf"<(?!(?:{'|'.join(_VOID)})[\s/>])[A-Za-z][^>]*(?<!/)>", re.I)
_CLOSING = re.compile(r"</[A-Za-z]")
_TEXT_LINE = re.compile(r"\n(?![<\n])")  # a line of text (empty lines do not count)
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown(?:\s*=|[\s>])")
_ANCHOR = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)="([^"]*)\"""")
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


def _balance(text: str) -> int:
    """Opening minus closing tags in `text` (void elements and comments count for nothing)."""
    return len(_OPENING.findall(text)) - len(_CLOSING.findall(text))


def _block_end(text: str, start: int) -> int:
    """Where the raw HTML block opening at `start` ends: after the line where its first tag closes."""
    # Fast path: the block runs to an empty line, its tags balance, and every line of it is markup, so
    # however its top-level elements split, Python-Markdown reads the lines as raw HTML throughout.
    # An empty line inside an open element does not end the block: take the next stretch too.
    depth, position = 0, start
    while True:
        stop = text.find("\n\n", position)
        stop = len(text) if stop < 0 else stop
        chunk = text[position:stop]
        depth += _balance(chunk)
        if depth <= 0 or stop == len(text) or _TEXT_LINE.search(chunk):
            break
        position = stop + 2  # past the empty line
    if depth == 0 and not _TEXT_LINE.search(text, start, stop):
        return stop
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
            end = text.find("\n", match.end())
            return len(text) if end < 0 else end
    return len(text)  # unbalanced: the rest of the page, as Python-Markdown would take it


def split_page(text: str) -> PassthroughPage:
    """Split a rendered page into Markdown with placeholders and the raw HTML blocks they stand for."""
    front = _FRONT_MATTER.match(text)
    position = front.end() if front else 0
    parts, blocks = [text[:position]], []
    for match in _BLOCK_START.finditer(text, position):
        start = match.start()
        at_block_start = start in (position, position + 1) or text[start - 2 : start] == "\n\n"
        if start < position or not at_block_start:
            continue  # inside a block already taken, or a tag that continues a paragraph
        end = _block_end(text, start)
        block = text[start:end]
        if _MARKDOWN_ATTRIBUTE.search(block[: block.find(">") + 1]):
            continue  # `markdown="1"`: its content is Markdown, so the engine must see it
        if blocks and start == position + 1:  # right below the last block, no empty line: one block with it
            blocks[-1] += text[position:end]
        else:
            parts.append(text[position:start])
            parts.append(f"\n\n{_OPEN}{len(blocks)}{_CLOSE}\n\n")
            blocks.append(block)
        position = end
    parts.append(text[position:])
    anchors = frozenset(html.unescape(anchor) for block in blocks for anchor in _ANCHOR.findall(block))
    return PassthroughPage("".join(parts), tuple(blocks), anchors)
