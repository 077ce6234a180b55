"""The data model: one pydantic class per record kind, field names equal to the YAML keys."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Annotated, ClassVar, Literal
from urllib.parse import urlsplit

import markdown
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# What a browser ignores inside a URL's scheme: ASCII whitespace and control characters.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
SAFE_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n]
        return "-".join(parts)


def parse_partial_date(value: object) -> PartialDate:
    """Accept a YAML date, a year or a `YYYY-MM`/`YYYY-MM-DD` string, and reject impossible dates."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime):
        raise PydanticCustomError("partial_date", "expected a date without a time of day, got {value}", {"value": str(value)})
    if isinstance(value, date):
        return PartialDate(value.year, value.month, value.day)
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    match = _PARTIAL_DATE.match(text) if isinstance(text, str) else None
    if not match:
        message = "expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {value}"
        raise PydanticCustomError("partial_date", message, {"value": repr(value)})
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        raise PydanticCustomError("partial_date", "'{value}' is not a real calendar date", {"value": text}) from None
    return PartialDate(year, month, day)


def parse_day(value: object) -> date:
    """A date to the day: a YAML date or a `YYYY-MM-DD` string (quoted or not)."""
    partial = parse_partial_date(value)
    if partial.precision != "day":
        raise PydanticCustomError("day", "expected a full date as YYYY-MM-DD, got {value}", {"value": repr(str(partial))})
    return date(partial.year, partial.month, partial.day)


def check_number(value: object) -> int | float:
    """A figure is a finite YAML number: text such as '40,000', a boolean or .nan is refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise PydanticCustomError("number", "expected a number such as 40000 or 2.5, got {value}", {"value": repr(value)})
    return value


def check_url(value: str) -> str:
    """Only absolute http(s) addresses: a `javascript:` or relative URL is refused."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        message = "expected an absolute http:// or https:// URL, got {value}"
        raise PydanticCustomError("url_scheme", message, {"value": repr(value)})
    return value


def link_scheme(target: str) -> str:
    """The scheme a browser would see in a link target: entities decoded, tabs and spaces dropped."""
    return urlsplit(_IGNORED_IN_URL.sub("", html.unescape(target))).scheme.lower()


class _LinkCollector(markdown.treeprocessors.Treeprocessor):
    """Notes every href and src Python-Markdown produces, so no link syntax escapes the check."""

    def run(self, root):
        self.md.link_targets = [element.get(a) for element in root.iter() for a in ("href", "src") if element.get(a)]


class _SafeLinks(markdown.treeprocessors.Treeprocessor):
    """Drop any href or src whose scheme is not http(s)/mailto, however it is spelt."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                scheme = link_scheme(value) if value else ""
                if scheme and scheme not in SAFE_SCHEMES:
                    del element.attrib[attribute]


class _FieldMarkdown(markdown.Extension):
    """Markdown fields: raw HTML shown as text; every link target noted, then any unsafe one dropped."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinkCollector(md), "collect_links", 1)
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


@cache
def _field_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_FieldMarkdown()])  # built once: a new instance per text costs more than the text


@cache
def convert_markdown(text: str) -> tuple[str, tuple[str, ...]]:
    """One Python-Markdown pass per Markdown field: its HTML and every link target in it. Validation checks
    the targets, the pages show the HTML: the same pass, cached, serves both."""
    converter = _field_converter()
    converter.reset()
    html_text = converter.convert(text)
    return html_text, tuple(converter.link_targets)


def markdown_link_targets(text: str) -> list[str]:
    """Every link and image target in a Markdown text, as Python-Markdown parses it."""
    return list(convert_markdown(text)[1])


def check_markdown_links(value: str) -> str:
    """Markdown keeps `[x](javascript:…)`, so link targets with another scheme are refused here."""
    for target in markdown_link_targets(value):
        scheme = link_scheme(target)
        if scheme and scheme not in SAFE_SCHEMES:
            message = "link to {target}: only http, https and mailto links are allowed"
            raise PydanticCustomError("link_scheme", message, {"target": repr(target)})
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Markdown = Annotated[
    Text,
    AfterValidator(check_markdown_links),
    WithJsonSchema({"type": "string", "minLength": 1, "description": "Markdown"}),
]
Url = Annotated[Text, AfterValidator(check_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]
Day = Annotated[
    date,
    PlainValidator(parse_day),
    PlainSerializer(date.isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Fuzzy = Annotated[
    PartialDate,
    PlainValidator(parse_partial_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "description": "YYYY-MM-DD, YYYY-MM or YYYY"}
    ),
]
SourceIds = Annotated[list[Slug], Field(min_length=1)]


class Record(BaseModel):
    """Fields every record kind shares: a slug id and an optional caveat marking uncertainty."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    prefix: ClassVar[str]

    id: Slug
    caveat: Text | None = None
    # Other names a reader may search for (Türkiye/Turkey, eFP): indexed by search, never shown as the name.
    aliases: list[Text] = []
    # Ids this record was published under before: links to `#<prefix>-<former id>` still land on it.
    former_ids: list[Slug] = []

    @property
    def anchor(self) -> str:
        return f"{self.prefix}-{self.id}"


class Source(Record):
    prefix: ClassVar[str] = "source"

    title: Text
    publisher: Text
    url: Url | None = Field(description="null when no public address is known")
    published: Fuzzy | None = None
    accessed: Day
    kind: Literal["news", "interview", "official", "analysis"]
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] | None = None


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Annotated[int | float, PlainValidator(check_number), WithJsonSchema({"type": "number"})]
    unit: Text


class Strength(BaseModel):
    """A troop figure with the date it holds for and the sources that give it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Annotated[int, Field(gt=0)]
    as_of: Fuzzy
    sources: SourceIds
    caveat: Text | None = None


class Location(BaseModel):
    """Where a base is, in decimal degrees (WGS 84), with the sources that place it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    sources: SourceIds


class Fact(Record):
    prefix: ClassVar[str] = "fact"

    statement: Text
    figure: Figure | None = None
    as_of: Fuzzy | None = None
    topics: list[Slug] = []
    sources: SourceIds


class Quote(Record):
    prefix: ClassVar[str] = "quote"

    speaker: Text
    role: Text
    text: Text
    said_on: Fuzzy
    context: Text | None = None
    sources: SourceIds


class Event(Record):
    prefix: ClassVar[str] = "event"

    date: Fuzzy
    title: Text
    summary: Markdown
    status: Literal["happened", "expected"]
    sources: SourceIds
    quotes: list[Slug] = []
    facts: list[Slug] = []


class Battlegroup(Record):
    prefix: ClassVar[str] = "battlegroup"

    host: Text
    framework_nation: Text
    base: Text | None = None
    established: Fuzzy
    # Battalion-size battlegroup, part of (or scaled up to) a brigade, or announced and not yet in place.
    stage: Literal["battlegroup", "brigade", "announced"] | None = None
    troops: Strength | None = None
    contributors: list[Text]
    contributors_as_of: Fuzzy | None = None
    location: Location | None = None
    sources: SourceIds


class Term(Record):
    """A glossary entry (data/glossary.yml), anchored as `#term-<id>` on the glossary page."""

    prefix: ClassVar[str] = "term"

    term: Text
    definition: Markdown
    sources: SourceIds


class KeyPoint(BaseModel):
    """One dated bullet of the overview's "Key points", citing the records it rests on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Markdown
    facts: list[Slug] = []
    events: list[Slug] = []
    quotes: list[Slug] = []
    battlegroups: list[Slug] = []


class Briefing(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    summary: Markdown
    as_of: Day
    key_points: Annotated[list[KeyPoint], Field(max_length=5)] = []
    key_facts: Annotated[list[Slug], Field(min_length=1)]
    key_quotes: list[Slug] = []


class Dataset(BaseModel):
    """The whole briefing, validated."""

    model_config = ConfigDict(frozen=True)

    briefing: Briefing
    sources: list[Source]
    facts: list[Fact]
    quotes: list[Quote]
    events: list[Event]
    battlegroups: list[Battlegroup]
    glossary: list[Term] = []


# The model class of each data file (data/<kind>.yml).
FILE_MODELS = {
    "briefing": Briefing,
    "sources": list[Source],
    "facts": list[Fact],
    "quotes": list[Quote],
    "events": list[Event],
    "battlegroups": list[Battlegroup],
    "glossary": list[Term],
}
