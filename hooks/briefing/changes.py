"""What changed between two editions: records added, changed and removed, computed from the published data.

Both sides are `data/briefing.json` as the build exports it (see export.py), so an edition published
years ago compares with today's data without its code: only the JSON it published is needed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from .export import KIND_FIELDS, export_json, import_record
from .models import Battlegroup, Dataset, Event, Fact, Quote, Record, Source, Term
from .render import record_label

# Keys the build derives from a record (its address, its citation): not part of what an editor changed.
DERIVED = ("anchor", "url", "citation")
MODELS = {"sources": Source, "facts": Fact, "quotes": Quote, "events": Event, "battlegroups": Battlegroup, "glossary": Term}
KIND_NAMES = {"sources": "Source", "facts": "Fact", "quotes": "Quote", "events": "Event", "battlegroups": "Battlegroup",
              "glossary": "Term"}


@dataclass(frozen=True)
class RecordChange:
    """One record added, changed or removed; `url` is relative to the root of the edition that holds it."""

    kind: str
    id: str
    label: str
    url: str
    fields: tuple[str, ...] = ()  # for a changed record: the fields whose values differ
    renamed_from: str | None = None
    before_url: str = ""  # for a changed record: its address in the previous edition


@dataclass
class Changes:
    """The difference between a previous edition (as of `since`) and the current data."""

    since: str | None
    added: list[RecordChange] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)
    removed: list[RecordChange] = field(default_factory=list)
    briefing_fields: list[str] = field(default_factory=list)  # overview fields that changed (title, summary, ...)

    def counts(self) -> dict:
        return {"since": self.since, "added": len(self.added), "changed": len(self.changed), "removed": len(self.removed)}

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.briefing_fields)


def _meaningful(fields: dict) -> dict:
    """A record's own fields, without derived keys, and with empty values dropped.

    An optional field added to the model later (`aliases: []`) is then no change to an old record.
    """
    return {k: v for k, v in fields.items() if k not in DERIVED and v not in (None, [], {}, "")}


def _differing(before: dict, after: dict) -> tuple[str, ...]:
    before, after = _meaningful(before), _meaningful(after)
    return tuple(sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)))


def _label(kind: str, fields: dict) -> str:
    """The record's one-line name, as the sources page shows it; its id when old data no longer validates."""
    try:
        record: Record = TypeAdapter(MODELS[kind]).validate_python(import_record(_meaningful(fields)))
    except (ValidationError, KeyError, TypeError):
        return f"{KIND_NAMES.get(kind, kind)}: {fields.get('id', '?')}"
    return record_label(record)


def _change(kind: str, record: dict, **extra) -> RecordChange:
    return RecordChange(kind, record["id"], _label(kind, record), record.get("url", ""), **extra)


def _compare_kind(kind: str, before: list[dict], after: list[dict], changes: Changes) -> None:
    old = {record["id"]: record for record in before}
    new_ids = {record["id"] for record in after}
    claimed = set()  # previous ids a renamed record took over
    for record in after:
        previous, renamed_from = old.get(record["id"]), None
        if previous is None:  # a renamed record keeps its old id in former_ids
            renamed_from = next((i for i in record.get("former_ids", []) if i in old and i not in new_ids), None)
            previous = old.get(renamed_from) if renamed_from else None
        if previous is None:
            changes.added.append(_change(kind, record))
            continue
        claimed.add(previous["id"])
        differing = _differing(previous, record)
        if differing:
            before_url = previous.get("url", "")
            changes.changed.append(_change(kind, record, fields=differing, renamed_from=renamed_from, before_url=before_url))
    changes.removed += [_change(kind, r) for r in before if r["id"] not in new_ids and r["id"] not in claimed]


def compare(previous: dict, current: dict) -> Changes:
    """Records added, changed (with the fields that differ) and removed from `previous` to `current`.

    Both are `data/briefing.json` documents. Records are matched by kind and id; a record whose
    `former_ids` names a vanished id of its kind is that record renamed, so it counts as changed.
    """
    changes = Changes(since=str(previous.get("briefing", {}).get("as_of")) if previous.get("briefing") else None)
    for kind in KIND_FIELDS:
        _compare_kind(kind, previous.get(kind, []), current.get(kind, []), changes)
    before, after = dict(previous.get("briefing", {})), dict(current.get("briefing", {}))
    before.pop("as_of", None)
    after.pop("as_of", None)
    changes.briefing_fields = list(_differing(before, after))
    return changes


def compare_dataset(previous: dict, dataset: Dataset) -> Changes:
    """`compare` with the current side given as the validated dataset."""
    return compare(previous, json.loads(export_json(dataset)))
