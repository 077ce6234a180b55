"""Search entries from the records: one per fact, quote, event, battlegroup, source and glossary term.

Each entry is a dict in the shape of Material for MkDocs' search index (`location`, `title`, `text`, all
HTML-escaped) plus two fields the index is told to read but the result list never shows: `names` (the
record's aliases and the accent-free and digit-grouped spellings of its title, weighted like the title)
and `spellings` (the same for its text, weighted like the text). So "Ujmajor" finds "Újmajor",
"Turkey" finds a record whose aliases say so, and "40000" finds "40,000".
A generated page's own entry holds only its introduction, so it never outranks the records on it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

import yaml

from .models import Battlegroup, Dataset, Event, Fact, Quote, Record, Source, Term
from .passthrough import PassthroughPage
from .render import CANONICAL_PAGE, format_date, format_number, page_url, record_url, render_markdown

# The fields search reads besides Material's own, with the weight of the field they stand in for.
FIELDS = {"names": {"boost": 1000.0}, "spellings": {"boost": 1.0}}
# Where names tie (a place in an event's title and in its battlegroup's), the named thing comes first.
# A source's title often repeats the news it reports: the briefing's own record of it comes first.
KIND_BOOST = {Battlegroup: 1.2, Term: 1.2, Source: 0.8}
# Where words split, for the index and for queries alike (mkdocs.yml gives Material the same pattern; a test
# keeps them equal): Material's default (whitespace, hyphens) plus punctuation, so "Slovakia's" and
# "Slovakia," are the word "Slovakia"; a comma or point between digits stays (40,000 and 2.5 are one word).
SEPARATOR = r"""[\s\-:;!?=\[\]()"'’“”/…·]+|,(?!\d)|\.(?!\d)"""
_SEPARATOR = re.compile(SEPARATOR)
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_TAGS = re.compile(r"<[^>]+>")
_ANCHORED = re.compile(r"<[^>]*\sid=")
# Letters NFKD does not take apart.
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
                          "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th"})  # fmt: skip
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_PLAIN = re.compile(r"^\d{4,}$")
_NUMBER = re.compile(r"(?<![\d,.])\d[\d,]*\d(?![\d]|[,.]\d)")


def fold(text: str) -> str:
    """`Újmajor` -> `Ujmajor`, `Ādaži` -> `Adazi`: the text without accents (separators left as they are)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    return decomposed.translate({ord(c): None for c in set(decomposed) if unicodedata.combining(c)})


def _number_spellings(word: str) -> list[str]:
    """`40,000` -> `40000` and `40000` -> `40,000` (a four-digit year such as 2022 keeps one spelling)."""
    if _GROUPED.match(word):
        return [word.replace(",", "")]
    if _PLAIN.match(word) and not (len(word) == 4 and 1800 <= int(word) <= 2199):
        return [f"{int(word):,}"]
    return []


def spellings(text: str) -> list[str]:
    """Other spellings of the words of `text` a reader may type: accent-free and digit-grouped or not."""
    found: dict[str, None] = {}
    folded = fold(text)
    if folded != text:
        for word, plain in zip(_SEPARATOR.split(text), _SEPARATOR.split(folded), strict=False):
            if word != plain:
                found[_EDGE_PUNCTUATION.sub("", plain).lower()] = None
    for number in _NUMBER.findall(text):
        found.update(dict.fromkeys(_number_spellings(number)))
    found.pop("", None)
    return list(found)


def _plain(markup: str) -> str:
    """HTML (a rendered Markdown field) as plain text."""
    return html.unescape(_TAGS.sub("", markup)).strip()


def _describe(record: Record) -> tuple[str, list[str]]:
    """A record's title (what it is) and the sentences of its text, as plain text."""
    if isinstance(record, Battlegroup):
        title = f"{record.host} battlegroup: {record.framework_nation}" + (f", {record.base}" if record.base else "")
        text = [f"Host nation {record.host}, framework nation {record.framework_nation}.",
                f"Established {format_date(record.established)} (status: {record.stage or record.status})."]  # fmt: skip
        if record.base:
            text.append(f"Base: {record.base}.")
        if record.troops:
            text.append(f"About {format_number(record.troops.value)} troops as of {format_date(record.troops.as_of)}.")
        if record.contributors:
            text.append("Contributors: " + ", ".join(record.contributors) + ".")
        return title, text
    if isinstance(record, Fact):  # the statement is what a fact is: its title, not repeated in its text
        text = [f"{format_number(record.figure.value)} {record.figure.unit}."] if record.figure else []
        if record.as_of:
            text.append(f"As of {format_date(record.as_of)}.")
        return record.statement, text
    if isinstance(record, Quote):
        title = f"{record.speaker}, {format_date(record.said_on)}: “{_clip(record.text, 60)}”"
        return title, [f"“{record.text}”", f"{record.speaker}, {record.role}.", record.context or ""]
    if isinstance(record, Event):
        return f"{record.title} ({format_date(record.date)})", [_plain(render_markdown(record.summary))]
    if isinstance(record, Term):
        return record.term, [_plain(render_markdown(record.definition))]
    assert isinstance(record, Source)
    published = f", {format_date(record.published)}" if record.published else ""
    return f"{record.title} ({record.publisher}{published})", [f"{record.publisher}, {record.kind}."]


def _clip(text: str, limit: int = 90) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def record_entry(record: Record, directory_urls: bool = True) -> dict:
    """The search entry of one record: its anchor URL, a title saying what it is, its text."""
    title, sentences = _describe(record)
    if record.caveat:
        sentences.append(f"Caveat: {record.caveat}")
    text = " ".join(s for s in sentences if s)
    entry = {"location": record_url(record, directory_urls), "title": html.escape(title, quote=False),
             "text": html.escape(text, quote=False)}  # fmt: skip
    names = [*record.aliases, *spellings(" ".join(record.aliases)), *spellings(title)]
    if names:
        entry["names"] = html.escape(" ".join(dict.fromkeys(names)), quote=False)
    other = spellings(text)
    if other:
        entry["spellings"] = html.escape(" ".join(other), quote=False)
    if type(record) in KIND_BOOST:
        entry["boost"] = KIND_BOOST[type(record)]
    return entry


def _page_title(markdown: str) -> str:
    """The page's title: its front matter `title`, else its first `# ` heading."""
    if markdown.startswith("---\n"):
        meta = yaml.safe_load(markdown[4 : markdown.index("\n---\n", 3)]) or {}
        if meta.get("title"):
            return str(meta["title"])
    heading = re.search(r"^# (.+?)(?:\s*\{[^}]*\})?$", markdown, re.M)
    return heading.group(1) if heading else ""


def _introduction(page: PassthroughPage) -> str:
    """What the page says between its title and its first section heading (a "Key points" section counts as
    introduction: the overview opens with it), without the records (the HTML blocks holding anchors: they have
    entries of their own), as plain text."""
    body = re.sub(r"\A---\n.*?\n---\n", "", page.markdown, flags=re.S)
    body = re.sub(r"^# .*$", "", body, count=1, flags=re.M)
    body = re.sub(r"^## Key points \{ #key-points \}$", "", body, count=1, flags=re.M)
    intro = re.split(r"^#{2,6} ", body, maxsplit=1, flags=re.M)[0]
    prose = page.fill_with(intro, lambda block: "" if _ANCHORED.search(block) else _TAGS.sub(" ", block))
    return re.sub(r"\s+", " ", _plain(render_markdown(prose))) if prose.strip() else ""


def page_entry(src_uri: str, page: PassthroughPage, directory_urls: bool = True) -> dict:
    """A generated page's own entry: its title and introduction only."""
    return {"location": page_url(src_uri, directory_urls), "title": html.escape(_page_title(page.markdown), quote=False),
            "text": html.escape(_introduction(page), quote=False)}  # fmt: skip


def _records(dataset: Dataset) -> Iterable[Record]:
    yield from (*dataset.facts, *dataset.quotes, *dataset.events, *dataset.battlegroups, *dataset.sources, *dataset.glossary)


def search_entries(dataset: Dataset, pages: dict[str, PassthroughPage], directory_urls: bool = True) -> dict[str, list[dict]]:
    """Every generated page's entries, keyed by src_uri: the page's own entry first, then one per record on it."""
    entries = {src_uri: [page_entry(src_uri, text, directory_urls)] for src_uri, text in pages.items()}
    for record in _records(dataset):
        entries[CANONICAL_PAGE[type(record)]].append(record_entry(record, directory_urls))
    return entries


__all__ = ["FIELDS", "fold", "page_entry", "record_entry", "search_entries", "spellings"]
