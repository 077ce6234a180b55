"""Property-based tests of the core (hypothesis): any valid dataset builds and every record's anchor exists;
corrupted data only ever ends in DataError with one `file:line: path: message` line per problem."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import markdown
import yaml
from briefing import DataError, build_site
from briefing.render import CANONICAL_PAGE
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

# Fixed examples, no example database: the same cases on every run and in CI (2 cores, so few of them).
SETTINGS = settings(max_examples=30, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = ("briefing", "sources", "facts", "quotes", "events", "battlegroups")
# The documented problem line: `data/facts.yml:12: facts[3].sources[0]: message` (line and path may be absent).
PROBLEM_LINE = re.compile(rf"^data/(?:{'|'.join(KINDS)})\.yml(?::(\d+))?:(?: [a-z_]+(?:\[\d+\]|\.[a-z_]+)*:)? \S[^\n]*$")
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]  # as in mkdocs.yml

# Text as editors write it, plus characters that mean something to HTML, Markdown, Jinja or YAML.
SPECIAL = list("<>&\"'{}#*_[]()|`\\!-:%") + ["{{", "{%", "{#", "</p>", "<script>", "&amp;"]
SPECIAL += ["\u00e9", "\u0142", "\u4e2d", "\U0001f600"]
LETTERS = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"))
WORDS = st.lists(st.one_of(st.text(LETTERS, min_size=1, max_size=12), st.sampled_from(SPECIAL)), min_size=1, max_size=12)
TEXT = WORDS.map(" ".join).filter(lambda s: s.strip())
# Markdown fields: no ':' so that no link scheme can form (the model refuses javascript: and friends).
MARKDOWN_TEXT = TEXT.map(lambda s: s.replace(":", ";"))
SLUG = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6), min_size=1, max_size=3).map("-".join)
DAY = st.dates(min_value=date(1949, 4, 4), max_value=date(2040, 12, 31))
# A date at its precision: a YAML date, a "YYYY-MM" string or a year.
SOURCE_KINDS, EVENT_STATUS = ["news", "interview", "official", "analysis"], ["happened", "expected"]
GROUP_STAGES = ["battlegroup", "brigade", "announced"]
FUZZY = st.one_of(DAY, DAY.map(lambda d: f"{d.year:04d}-{d.month:02d}"), DAY.map(lambda d: d.year))


def optional(strategy):
    return st.one_of(st.none(), strategy)


def ids(min_size: int = 0, max_size: int = 5):
    return st.lists(SLUG, min_size=min_size, max_size=max_size, unique=True)


def some(pool: list[str], min_size: int = 0):
    """A few distinct ids from `pool`: references that resolve."""
    return st.lists(st.sampled_from(pool), min_size=min_size, max_size=3, unique=True) if pool else st.just([])


def without_nones(record: dict) -> dict:
    """Leave optional fields out, except `url`, which must be given (null: no public address known)."""
    return {key: value for key, value in record.items() if value is not None or key == "url"}


def last_day(value: date | str | int) -> date:
    """The last day a YAML date of any precision can mean (2026 -> 31 December 2026)."""
    if isinstance(value, date):
        return value
    year, _, month = str(value).partition("-")
    month_number = int(month) if month else 12
    next_month = date(int(year) + month_number // 12, month_number % 12 + 1, 1)
    return date.fromordinal(next_month.toordinal() - 1)


@st.composite
def datasets(draw) -> dict[str, object]:
    """A valid dataset as plain data, every cross-reference resolving."""
    source_ids, fact_ids = draw(ids(1)), draw(ids(1))
    quote_ids, event_ids, group_ids = draw(ids()), draw(ids()), draw(ids())
    sources = [
        {"id": i, "title": draw(TEXT), "publisher": draw(TEXT), "url": draw(optional(st.just(f"https://example.org/{i}?a=1&b=<2>"))),
         "published": draw(optional(FUZZY)), "accessed": draw(DAY), "kind": draw(st.sampled_from(SOURCE_KINDS)),
         "language": draw(optional(st.sampled_from(["en", "de", "pl"]))), "caveat": draw(optional(TEXT))}
        for i in source_ids
    ]  # fmt: skip
    cite = some(source_ids, 1)
    figure = st.fixed_dictionaries({"value": st.one_of(st.integers(0, 10**7), st.floats(0, 1e6, allow_nan=False)), "unit": TEXT})
    key_facts = draw(some(fact_ids, 1))
    # A key fact shows a figure and the date it holds for (a content rule); other facts may lack both.
    facts = [
        {"id": i, "statement": draw(TEXT), "figure": draw(figure if i in key_facts else optional(figure)),
         "as_of": draw(FUZZY if i in key_facts else optional(FUZZY)),
         "topics": draw(ids(0, 2)), "sources": draw(cite), "caveat": draw(optional(TEXT))}
        for i in fact_ids
    ]  # fmt: skip
    quotes = [
        {"id": i, "speaker": draw(TEXT), "role": draw(TEXT), "text": draw(TEXT), "said_on": draw(FUZZY),
         "context": draw(optional(TEXT)), "sources": draw(cite)}
        for i in quote_ids
    ]  # fmt: skip
    as_of = draw(DAY)
    events = [
        {"id": i, "date": (when := draw(FUZZY)), "title": draw(TEXT), "summary": draw(MARKDOWN_TEXT),
         # An expected event lies after as_of (a content rule): one wholly before it has happened.
         "status": draw(st.sampled_from(EVENT_STATUS)) if last_day(when) >= as_of else "happened",
         "sources": draw(cite), "quotes": draw(some(quote_ids)), "facts": draw(some(fact_ids)), "caveat": draw(optional(TEXT))}
        for i in event_ids
    ]  # fmt: skip
    groups = [
        {"id": i, "host": draw(TEXT), "framework_nation": draw(TEXT), "base": draw(optional(TEXT)), "established": draw(FUZZY),
         "stage": draw(optional(st.sampled_from(GROUP_STAGES))),
         "troops": {"value": draw(st.integers(1, 10**5)), "as_of": draw(FUZZY), "sources": draw(cite)},
         "contributors": draw(st.lists(TEXT, max_size=3)), "contributors_as_of": draw(FUZZY), "sources": draw(cite)}
        for i in group_ids
    ]  # fmt: skip
    briefing = {"title": draw(TEXT), "summary": draw(MARKDOWN_TEXT), "as_of": as_of, "key_facts": key_facts,
                "key_quotes": draw(some(quote_ids))}  # fmt: skip
    records = {"sources": sources, "facts": facts, "quotes": quotes, "events": events, "battlegroups": groups}
    return {"briefing": without_nones(briefing), **{kind: [without_nones(r) for r in rs] for kind, rs in records.items()}}


def write_data(root: Path, data: dict[str, object], texts: dict[str, str] | None = None) -> Path:
    """data/<kind>.yml under `root`; `texts` replaces a file's YAML with raw text."""
    folder = root / "data"
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        text = (texts or {}).get(kind)
        if text is None:
            text = yaml.safe_dump(data[kind], allow_unicode=True, sort_keys=False, width=80)
        (folder / f"{kind}.yml").write_text(text, encoding="utf-8")
    return root


def rendered_ids(page: str) -> set[str]:
    """The ids in a generated page once Markdown has rendered it (as MkDocs would, with our extensions)."""
    body = get_data(page)[0]
    html = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    return {tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True)}


@SETTINGS
@given(datasets())
def test_any_valid_dataset_builds_with_every_anchor(data):
    with tempfile.TemporaryDirectory() as folder:
        site = build_site(write_data(Path(folder), data))
    page_ids = {src_uri: rendered_ids(text) for src_uri, text in site.pages.items()}
    for kind in ("sources", "facts", "quotes", "events", "battlegroups"):
        records = getattr(site.dataset, kind)
        assert len(records) == len(data[kind])
        for record in records:
            assert record.anchor in page_ids[CANONICAL_PAGE[type(record)]], (kind, record.anchor)


# --- corruptions of valid data ------------------------------------------------------------------------

REQUIRED = {
    "sources": ["id", "title", "publisher", "accessed", "kind"],
    "facts": ["id", "statement", "sources"],
    "quotes": ["id", "speaker", "role", "text", "said_on", "sources"],
    "events": ["id", "date", "title", "summary", "status", "sources"],
    "battlegroups": ["id", "host", "framework_nation", "established", "troops", "contributors", "contributors_as_of", "sources"],
}
BAD_DATES = ["2022-02-30", "2022-13", "yesterday", "22-04-09", "2022/04/09", ""]
DATE_FIELDS = {"sources": "accessed", "quotes": "said_on", "events": "date", "battlegroups": "established"}
REFERENCE_FIELDS = {"facts": "sources", "quotes": "sources", "events": "sources", "battlegroups": "sources"}


def wrong_type(value: object) -> object:
    """A value of another YAML type than `value`."""
    if isinstance(value, str):
        return ["a", "list"]
    if isinstance(value, list):
        return "text, not a list"
    if isinstance(value, dict):
        return 42
    return {"not": "a scalar"}


@st.composite
def corrupted(draw) -> tuple[dict, dict[str, str], bool]:
    """(data, raw file texts, must_fail): a valid dataset with one thing broken."""
    data = draw(datasets())
    kinds = [k for k in REQUIRED if data[k]]
    kind = draw(st.sampled_from(kinds))
    record = draw(st.sampled_from(data[kind]))
    how = draw(st.sampled_from(["drop", "wrong_type", "dangling", "bad_date", "extra_field", "garbage_yaml", "truncate"]))
    if how == "drop":
        del record[draw(st.sampled_from(REQUIRED[kind]))]
    elif how == "wrong_type":
        field = draw(st.sampled_from(sorted(record)))
        record[field] = wrong_type(record[field])
    elif how == "dangling":
        record[REFERENCE_FIELDS.get(kind, "sources")] = ["no-such-record"]
    elif how == "bad_date" and kind in DATE_FIELDS:
        record[DATE_FIELDS[kind]] = draw(st.sampled_from(BAD_DATES))
    elif how == "extra_field":
        record["unexpected_field"] = draw(TEXT)
    texts = {}
    if how == "garbage_yaml":
        texts[draw(st.sampled_from(KINDS))] = draw(st.text(max_size=200))
    elif how == "truncate":
        which = draw(st.sampled_from(KINDS))
        text = yaml.safe_dump(data[which], allow_unicode=True, sort_keys=False)
        texts[which] = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    must_fail = how in ("drop", "wrong_type", "dangling", "extra_field") or (how == "bad_date" and kind in DATE_FIELDS)
    return data, texts, must_fail


@settings(SETTINGS, max_examples=60)
@given(corrupted())
def test_corrupted_data_gives_only_documented_problem_lines(case):
    data, texts, must_fail = case
    with tempfile.TemporaryDirectory() as folder:
        root = write_data(Path(folder), data, texts)
        line_counts = {kind: len((root / "data" / f"{kind}.yml").read_text(encoding="utf-8").splitlines()) for kind in KINDS}
        try:
            build_site(root)
        except DataError as error:
            problems = error.problems
        else:
            assert not must_fail, "a corruption that must be refused was accepted"
            return
    assert problems
    for problem in problems:
        line = str(problem)
        match = PROBLEM_LINE.match(line)
        assert match, f"not a documented problem line: {line!r}"
        kind = line.split("/")[1].split(".")[0]
        assert problem.line <= max(1, line_counts[kind]), f"line {problem.line} is past the end of the file: {line}"
