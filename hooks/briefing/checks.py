"""Cross-reference and content rules run after the models: one small function each, returning problems."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date
from difflib import get_close_matches

from .load import LoadedFile
from .models import PartialDate, parse_day, parse_partial_date
from .problems import Problem, format_path

# Which id lists point at which kind of record: (file kind, path to the list inside a record) -> target kind.
# "*" in a path stands for every entry of a list (briefing.key_points[0].facts, [1].facts, ...).
REFERENCES = {
    ("briefing", ("key_facts",)): "facts",
    ("briefing", ("key_quotes",)): "quotes",
    ("briefing", ("key_points", "*", "facts")): "facts",
    ("briefing", ("key_points", "*", "events")): "events",
    ("briefing", ("key_points", "*", "quotes")): "quotes",
    ("briefing", ("key_points", "*", "battlegroups")): "battlegroups",
    ("facts", ("sources",)): "sources",
    ("quotes", ("sources",)): "sources",
    ("events", ("sources",)): "sources",
    ("events", ("quotes",)): "quotes",
    ("events", ("facts",)): "facts",
    ("battlegroups", ("sources",)): "sources",
    ("battlegroups", ("troops", "sources")): "sources",
    ("battlegroups", ("location", "sources")): "sources",
    ("glossary", ("sources",)): "sources",
}
_SINGULAR = {"facts": "fact", "quotes": "quote", "sources": "source", "events": "event", "battlegroups": "battlegroup"}


def _records(loaded: LoadedFile) -> list[tuple[tuple, dict]]:
    """(path, mapping) of each record in a file, as loaded (valid or not); none if the file has the wrong shape."""
    if not loaded.has_expected_shape:
        return []
    if isinstance(loaded.data, dict):
        return [((loaded.kind,), loaded.data)]
    return [((loaded.kind, i), item) for i, item in enumerate(loaded.data) if isinstance(item, dict)]


def _problem(loaded: LoadedFile, path: tuple, message: str, severity: str = "error") -> Problem:
    return Problem(loaded.name, loaded.line_of(path), format_path(path), message, severity)


def _id_lists(item: object, path: tuple, where: tuple) -> Iterator[tuple[tuple, list]]:
    """Every list found at `path` inside a loaded record (following "*" through lists), with its full location."""
    if not path:
        if isinstance(item, list):
            yield where, item
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for index, entry in enumerate(item if isinstance(item, list) else []):
            yield from _id_lists(entry, rest, where + (index,))
    elif isinstance(item, dict) and head in item:
        yield from _id_lists(item[head], rest, where + (head,))


def known_ids(loaded: LoadedFile) -> set[str]:
    """Ids a file declares, including those of records that failed validation."""
    return {item["id"] for _, item in _records(loaded) if isinstance(item.get("id"), str)}


def check_unique_ids(loaded: LoadedFile) -> list[Problem]:
    """Each id is used once per kind: anchors and references depend on it."""
    seen: dict[str, tuple] = {}
    problems = []
    for path, item in _records(loaded):
        record_id = item.get("id")
        if not isinstance(record_id, str):
            continue
        if record_id in seen:
            first = format_path(seen[record_id])
            problems.append(_problem(loaded, path + ("id",), f"duplicate id '{record_id}' (already used by {first})"))
        else:
            seen[record_id] = path
    return problems


def check_references(files: dict[str, LoadedFile]) -> list[Problem]:
    """Every id a record lists, at any depth, exists in the file it points to."""
    problems = []
    for (kind, field), target in REFERENCES.items():
        if kind not in files or target not in files or not files[target].has_expected_shape:
            continue  # that file already failed to load, and has its own problem
        targets = known_ids(files[target])
        for path, item in _records(files[kind]):
            for where, refs in _id_lists(item, field, path):
                for index, ref in enumerate(refs):
                    if isinstance(ref, str) and ref not in targets:
                        problems.append(_unknown(files[kind], where + (index,), target, ref, targets))
    return problems


def _unknown(loaded: LoadedFile, path: tuple, target: str, ref: str, targets: set[str]) -> Problem:
    guess = get_close_matches(ref, sorted(targets), n=1)
    hint = f"; did you mean '{guess[0]}'?" if guess else f"; no such id in data/{target}.yml"
    return _problem(loaded, path, f"unknown {_SINGULAR[target]} '{ref}'{hint}")


def check_uncited_sources(files: dict[str, LoadedFile]) -> list[Problem]:
    """A source nothing cites is probably a leftover: warn, since strict builds fail on it."""
    if "sources" not in files:
        return []
    cited = set()
    for (kind, field), target in REFERENCES.items():
        if target == "sources" and kind in files:
            for path, item in _records(files[kind]):
                for _, refs in _id_lists(item, field, path):
                    cited.update(ref for ref in refs if isinstance(ref, str))
    return [
        _problem(files["sources"], path + ("id",), f"source '{item['id']}' is not cited by any record", "warning")
        for path, item in _records(files["sources"])
        if isinstance(item.get("id"), str) and item["id"] not in cited
    ]


def _partial(value: object) -> PartialDate | None:
    """A loaded date at its precision, or None when it is not a valid date (the models report that)."""
    try:
        return parse_partial_date(value)
    except (ValueError, TypeError):
        return None


def _last_day(value: PartialDate) -> date:
    """The last day a partial date can mean: 2026 -> 31 December 2026, 2026-07 -> 31 July 2026."""
    month = value.month or 12
    return date(value.year, month, value.day or calendar.monthrange(value.year, month)[1])


def _as_of(files: dict[str, LoadedFile]) -> date | None:
    briefing = files.get("briefing")
    if briefing is None or not isinstance(briefing.data, dict):
        return None
    try:
        return parse_day(briefing.data.get("as_of"))
    except (ValueError, TypeError):
        return None


def check_expected_events(files: dict[str, LoadedFile]) -> list[Problem]:
    """An `expected` event whose whole date lies before the briefing's as_of has either happened or slipped."""
    as_of = _as_of(files)
    if as_of is None or "events" not in files:
        return []
    problems = []
    for path, item in _records(files["events"]):
        when = _partial(item.get("date"))
        if item.get("status") == "expected" and when is not None and _last_day(when) < as_of:
            message = (
                f"expected event dated {when}, before the briefing's as_of {as_of.isoformat()}: "
                "it has either happened (status: happened) or slipped (give the new date and say so in a caveat)"
            )
            problems.append(_problem(files["events"], path + ("status",), message))
    return problems


def check_key_facts_have_figures(files: dict[str, LoadedFile]) -> list[Problem]:
    """Every fact under "Key figures" shows a number and the date it holds for."""
    if "briefing" not in files or "facts" not in files or not isinstance(files["briefing"].data, dict):
        return []
    facts: dict[str, dict] = {}
    for _, item in _records(files["facts"]):
        if isinstance(item.get("id"), str):
            facts.setdefault(item["id"], item)  # a duplicate id is reported on its own; the first record counts
    key_facts = files["briefing"].data.get("key_facts")
    problems = []
    for index, fact_id in enumerate(key_facts if isinstance(key_facts, list) else []):
        fact = facts.get(fact_id) if isinstance(fact_id, str) else None
        missing = [field for field in ("figure", "as_of") if fact is not None and fact.get(field) is None]
        if missing:
            message = (
                f"key fact '{fact_id}' has no {' and no '.join(missing)}: a key figure shows a number and the date "
                "it holds for; add them in data/facts.yml or move the fact out of key_facts"
            )
            problems.append(_problem(files["briefing"], ("briefing", "key_facts", index), message))
    return problems


def check_unique_urls(files: dict[str, LoadedFile]) -> list[Problem]:
    """Two sources with the same address are one source cited twice: merge them."""
    if "sources" not in files:
        return []
    seen: dict[str, tuple[tuple, str]] = {}
    problems = []
    for path, item in _records(files["sources"]):
        url = item.get("url")
        if not isinstance(url, str) or not url.strip():
            continue
        key = url.strip().rstrip("/")
        if key in seen:
            first, first_id = seen[key]
            message = f"same URL as {format_path(first)} ('{first_id}'): one address is one source; merge the two"
            problems.append(_problem(files["sources"], path + ("url",), message))
        else:
            seen[key] = (path, str(item.get("id")))
    return problems


def check_battlegroups_dated(files: dict[str, LoadedFile]) -> list[Problem]:
    """Every battlegroup gives a dated troop strength and the date of its contributor list."""
    if "battlegroups" not in files:
        return []
    problems = []
    for path, item in _records(files["battlegroups"]):
        if not isinstance(item.get("troops"), dict):
            message = "no troop strength: add troops: {value, as_of, sources} (the figure and the date it holds for)"
            problems.append(_problem(files["battlegroups"], path + ("id",), message))
        if item.get("contributors_as_of") is None:
            message = "contributor list without a date: add contributors_as_of (the date the list holds for)"
            problems.append(_problem(files["battlegroups"], path + ("contributors",), message))
    return problems


def check_glossary_names(files: dict[str, LoadedFile]) -> list[Problem]:
    """A term or alias names one glossary entry only, whatever its case: links and search depend on it."""
    if "glossary" not in files:
        return []
    seen: dict[str, tuple] = {}
    problems = []
    for path, item in _records(files["glossary"]):
        aliases = item.get("aliases") if isinstance(item.get("aliases"), list) else []
        names = [(path + ("term",), item.get("term"))] + [(path + ("aliases", i), a) for i, a in enumerate(aliases)]
        for where, name in names:
            if not isinstance(name, str) or not name.strip():
                continue
            key = " ".join(name.split()).casefold()
            if key in seen and seen[key][:2] != path:
                message = f"'{name}' is already the term or an alias of {format_path(seen[key])}"
                problems.append(_problem(files["glossary"], where, message))
            seen.setdefault(key, where)
    return problems


CONTENT_RULES = (
    check_expected_events,
    check_key_facts_have_figures,
    check_unique_urls,
    check_battlegroups_dated,
    check_glossary_names,
)


def check_dataset(files: dict[str, LoadedFile]) -> list[Problem]:
    """All cross-reference and content rules over the loaded files."""
    problems = [p for loaded in files.values() for p in check_unique_ids(loaded)]
    problems += check_references(files) + check_uncited_sources(files)
    return problems + [p for rule in CONTENT_RULES for p in rule(files)]
