"""The Jinja environment and one render function per generated page."""

from __future__ import annotations

from collections import defaultdict
from functools import cache, cached_property
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import geo
from .glossary import TermLinker
from .models import (
    Battlegroup,
    Dataset,
    Event,
    Fact,
    KeyPoint,
    PartialDate,
    Quote,
    Record,
    Source,
    Term,
    convert_markdown,
)

MONTHS = ("January", "February", "March", "April", "May", "June",
          "July", "August", "September", "October", "November", "December")

# The one page that holds each record kind: its anchor lives there.
CANONICAL_PAGE = {
    Fact: "facts.md",
    Quote: "quotes.md",
    Event: "timeline.md",
    Battlegroup: "battlegroups.md",
    Source: "sources.md",
    Term: "glossary.md",
}
# Generated page -> its template in overrides/fragments/briefing/.
PAGES = {
    "index.md": "overview.html",
    "facts.md": "facts.html",
    "quotes.md": "quotes.html",
    "timeline.md": "timeline.html",
    "battlegroups.md": "battlegroups.html",
    "sources.md": "sources.html",
    "glossary.md": "glossary.html",
}
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|"})


@cache  # called for every link on every page
def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL of a page relative to the site root: `timeline.md` -> `timeline/` (or `timeline.html`)."""
    if not directory_urls:  # the offline edition: file:// cannot open `timeline/`
        return src_uri.removesuffix(".md") + ".html"
    return "" if src_uri == "index.md" else src_uri.removesuffix(".md") + "/"


def record_url(record: Record, directory_urls: bool = True) -> str:
    """The canonical URL of a record relative to the site root, e.g. `facts/#fact-eight-battlegroups`."""
    return f"{page_url(CANONICAL_PAGE[type(record)], directory_urls)}#{record.anchor}"


def format_date(value: PartialDate | object) -> str:
    """A date at its real precision: `9 April 2022`, `April 2022` or `2022`."""
    if not isinstance(value, PartialDate):
        value = PartialDate(value.year, value.month, value.day)
    if value.precision == "year":
        return str(value.year)
    month = MONTHS[value.month - 1]
    return f"{value.day} {month} {value.year}" if value.day else f"{month} {value.year}"


def format_number(value: int | float) -> str:
    """40000 -> `40,000`; 2.5 stays `2.5`."""
    return f"{value:,}" if isinstance(value, int) or not value.is_integer() else f"{int(value):,}"


def _clip(text: str, limit: int = 120) -> str:
    """Shorten long text at a word boundary, so a list of links stays scannable."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def record_label(record: Record) -> str:
    """A one-line name for a record in a list of links."""
    if isinstance(record, Fact):
        return f"Fact: {_clip(record.statement)}"
    if isinstance(record, Quote):
        return f"Quote: {record.speaker}, “{_clip(record.text, 90)}”"
    if isinstance(record, Event):
        return f"Event: {record.title} ({format_date(record.date)})"
    if isinstance(record, Battlegroup):
        return f"Battlegroup: {record.host}"
    if isinstance(record, Term):
        return f"Term: {record.term}"
    return f"Source: {record.title}"


def markdown_inline_text(value: str) -> Markup:
    """Escape a data string for use inside Markdown (a heading): HTML and Markdown syntax both."""
    return Markup(str(escape(value)).translate(_MD_SPECIAL))


def render_markdown(text: str) -> Markup:
    """Render a field documented as Markdown, with raw HTML shown as text (the pass validation already made)."""
    return Markup(convert_markdown(text)[0])


# Compiled templates kept between builds (in the system's temp folder, keyed by each template's checksum):
# compiling was most of the core's time on the real data. The adapter gives the theme's environments the same.
TEMPLATE_CACHE = FileSystemBytecodeCache()


def cached_templates(env: Environment) -> Environment:
    """`env`, compiling each template once across builds and environments instead of once per environment."""
    env.bytecode_cache = TEMPLATE_CACHE
    return env


def make_environment(templates: Path) -> Environment:
    """The core's own Jinja environment: autoescaped, and strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(templates),
        bytecode_cache=TEMPLATE_CACHE,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date=format_date, number=format_number, markdown=render_markdown, md_text=markdown_inline_text, label=record_label
    )
    return env


def _nested_sources(record: Record) -> list[str]:
    """Sources a battlegroup cites for its troop strength and its location, besides its own list."""
    if not isinstance(record, Battlegroup):
        return []
    return [*(record.troops.sources if record.troops else []), *(record.location.sources if record.location else [])]


class Catalog:
    """Lookups the templates need: records by id, and who cites each source."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.facts = {f.id: f for f in dataset.facts}
        self.quotes = {q.id: q for q in dataset.quotes}
        self.sources = {s.id: s for s in dataset.sources}
        self.newest = newest_date(dataset)
        self.events = {e.id: e for e in dataset.events}
        self.battlegroups = {g.id: g for g in dataset.battlegroups}
        self.citations: dict[str, list[Record]] = defaultdict(list)
        for record in [*dataset.facts, *dataset.quotes, *dataset.events, *dataset.battlegroups, *dataset.glossary]:
            for source_id in dict.fromkeys([*record.sources, *_nested_sources(record)]):  # each citer once
                self.citations[source_id].append(record)

    def events_by_year(self) -> list[tuple[int, list[Event]]]:
        """Events in date order (stable for equal dates), grouped by year."""
        years: dict[int, list[Event]] = defaultdict(list)
        for event in sorted(self.dataset.events, key=lambda e: e.date.sort_key):
            years[event.date.year].append(event)
        return sorted(years.items())

    def battlegroups_by_established(self) -> list[Battlegroup]:
        """Oldest first, so the table reads as the build-up (2017, then 2022); host breaks ties."""
        return sorted(self.dataset.battlegroups, key=lambda g: (g.established.sort_key, g.host))

    def key_point_records(self, point: KeyPoint) -> list[Record]:
        """The records a key point cites: facts, events, quotes, then battlegroups."""
        kinds = (("facts", self.facts), ("events", self.events), ("quotes", self.quotes), ("battlegroups", self.battlegroups))
        return [records[record_id] for field, records in kinds for record_id in getattr(point, field)]

    @cached_property
    def flank_map(self) -> geo.FlankMap:
        """The map's geometry, computed once for the pages that show it."""
        return geo.build_map(self.dataset.battlegroups)

    def facts_by_topic(self) -> list[tuple[str, list[Fact]]]:
        """Facts under their first topic, topics in order of first appearance."""
        topics: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.dataset.facts:
            topics[fact.topics[0] if fact.topics else "general"].append(fact)
        return list(topics.items())


def newest_date(dataset: Dataset) -> PartialDate | None:
    """The date of the newest information: the latest date a record holds for, up to the briefing's as_of.

    Happened events, facts' as_of, quotes, and battlegroups' strength and contributor dates count;
    expected events and anything dated after as_of (a plan) do not.
    """
    as_of = dataset.briefing.as_of
    dates = [e.date for e in dataset.events if e.status == "happened"]
    dates += [f.as_of for f in dataset.facts if f.as_of] + [q.said_on for q in dataset.quotes]
    for group in dataset.battlegroups:
        dates += [group.troops.as_of] if group.troops else []
        dates += [group.contributors_as_of] if group.contributors_as_of else []
    dates = [d for d in dates if d.sort_key <= (as_of.year, as_of.month, as_of.day)]
    return max(dates, key=lambda d: d.sort_key, default=None)


def render_page(env: Environment, catalog: Catalog, src_uri: str, directory_urls: bool = True, cite=None) -> str:
    """Render one generated page; links are made relative to that page (all pages sit at the root without directory URLs).

    `cite(record)` gives the record's citation (see cite.py) to the permalink control; None leaves it out.
    """
    depth = "../" if directory_urls and src_uri != "index.md" else ""

    def url(target: Record | str) -> str:
        """A link to a record, or to a page by its src_uri (`url("timeline.md")`), in the engine's URL style."""
        return depth + (page_url(target, directory_urls) if isinstance(target, str) else record_url(target, directory_urls))

    # Each page links the first mention of a glossary term in its record text (not on the glossary itself).
    glossary = [] if src_uri == CANONICAL_PAGE[Term] else catalog.dataset.glossary
    link_terms = TermLinker(glossary, url)

    def asset(path: str) -> str:
        """A file the site publishes (`assets/…`), relative to this page."""
        return depth + path

    template = env.get_template(PAGES[src_uri])
    return template.render(
        ds=catalog.dataset, briefing=catalog.dataset.briefing, catalog=catalog, url=url,
        newest=catalog.newest, link_terms=link_terms, cite=cite, asset=asset,
    )  # fmt: skip


def render_pages(dataset: Dataset, templates: Path, directory_urls: bool = True, citations: dict | None = None) -> dict[str, str]:
    """Every generated page, keyed by its MkDocs src_uri; `directory_urls` as the engine serves pages.

    `citations` ({anchor: Citation}, from cite.cite_dataset) adds the cite control to every permalink.
    """
    env = make_environment(templates)
    catalog = Catalog(dataset)
    cite = (lambda record: citations[record.anchor]) if citations else None
    return {src_uri: render_page(env, catalog, src_uri, directory_urls, cite) for src_uri in PAGES}
