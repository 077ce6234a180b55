"""Cross-reference rules run after the models: one small function each, returning problems."""

from __future__ import annotations

from difflib import get_close_matches

from .load import LoadedFile
from .problems import Problem, format_path

# Which id lists point at which kind of record: (file kind, field) -> target kind.
REFERENCES = {
    ("briefing", "key_facts"): "facts",
    ("briefing", "key_quotes"): "quotes",
    ("facts", "sources"): "sources",
    ("quotes", "sources"): "sources",
    ("events", "sources"): "sources",
    ("events", "quotes"): "quotes",
    ("events", "facts"): "facts",
    ("battlegroups", "sources"): "sources",
    ("glossary", "sources"): "sources",
}
_SINGULAR = {"facts": "fact", "quotes": "quote", "sources": "source"}


def _records(loaded: LoadedFile) -> list[tuple[tuple, dict]]:
    """(path, mapping) of each record in a file, as loaded (valid or not); none if the file has the wrong shape."""
    if not loaded.has_expected_shape:
        return []
    if isinstance(loaded.data, dict):
        return [((loaded.kind,), loaded.data)]
    return [((loaded.kind, i), item) for i, item in enumerate(loaded.data) if isinstance(item, dict)]


def _problem(loaded: LoadedFile, path: tuple, message: str, severity: str = "error") -> Problem:
    return Problem(loaded.name, loaded.line_of(path), format_path(path), message, severity)


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
    """Every id a record lists exists in the file it points to."""
    problems = []
    for (kind, field), target in REFERENCES.items():
        if kind not in files or target not in files or not files[target].has_expected_shape:
            continue  # that file already failed to load, and has its own problem
        targets = known_ids(files[target])
        for path, item in _records(files[kind]):
            refs = item.get(field)
            if not isinstance(refs, list):
                continue
            for index, ref in enumerate(refs):
                if isinstance(ref, str) and ref not in targets:
                    problems.append(_unknown(files[kind], path + (field, index), target, ref, targets))
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
            for _, item in _records(files[kind]):
                refs = item.get(field)
                if isinstance(refs, list):
                    cited.update(ref for ref in refs if isinstance(ref, str))
    return [
        _problem(files["sources"], path + ("id",), f"source '{item['id']}' is not cited by any record", "warning")
        for path, item in _records(files["sources"])
        if isinstance(item.get("id"), str) and item["id"] not in cited
    ]


def check_dataset(files: dict[str, LoadedFile]) -> list[Problem]:
    """All cross-reference rules over the loaded files."""
    problems = [p for loaded in files.values() for p in check_unique_ids(loaded) + check_former_ids(loaded)]
    return problems + check_references(files) + check_uncited_sources(files)


def _names(path: tuple, item: dict) -> list[tuple[tuple, str]]:
    """(field path, name) of every anchor name a record answers to: its id, then its former ids."""
    names = [(path + ("id",), item["id"])] if isinstance(item.get("id"), str) else []
    former = item.get("former_ids")
    if isinstance(former, list):
        names += [(path + ("former_ids", i), name) for i, name in enumerate(former) if isinstance(name, str)]
    return names


def check_former_ids(loaded: LoadedFile) -> list[Problem]:
    """Within a kind, ids and former ids are unique together: each old link must land on one record.

    The later name is the error; two equal ids are check_unique_ids' to report.
    """
    seen: dict[str, tuple] = {}
    problems = []
    for path, item in _records(loaded):
        for field_path, name in _names(path, item):
            first = seen.get(name)
            if first is None:
                seen[name] = field_path
            elif "former_ids" in first + field_path:
                problems.append(_problem(loaded, field_path, f"'{name}' is already in use as {format_path(first)}; ids and "
                                         "former ids of one kind must all differ, or an old link would land on two records"))
    return problems
