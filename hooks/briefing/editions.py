"""Permanent editions: each published state of the briefing, named by its `as_of` date.

The live site sits at the site root; every edition also stays at `<site_url>editions/<as_of>/`.
The publisher (hooks/publish.py) hands the build the history it read from the published branch,
a folder holding `editions.json` (the earlier editions) and `previous.json` (the data/briefing.json
of the newest earlier edition); from it the core renders the Editions page and `editions.json`.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from . import cite
from .changes import Changes, RecordChange, compare_dataset
from .export import KIND_FIELDS
from .models import Dataset
from .render import record_url

PAGE = "editions.md"
TEMPLATE = "editions.html"
LIST = "editions.json"  # at the site root: the live site's list of editions, newest first
PREVIOUS = "previous.json"


def edition_url(site_url: str, as_of: datetime.date | str) -> str:
    """The permanent address of the edition as of `as_of`: `<site_url>editions/<as_of>/`."""
    day = as_of.isoformat() if isinstance(as_of, datetime.date) else str(as_of)
    datetime.date.fromisoformat(day)  # a malformed date must not become a URL
    return cite.edition_url(site_url, day)  # the one place the scheme is written


@dataclass
class History:
    """What was published before this build: earlier editions (newest first) and the newest one's data."""

    editions: list[dict] = field(default_factory=list)
    previous: dict | None = None


def load_history(folder: Path) -> History:
    """Read a history folder written by the publisher; a missing file means none published yet."""
    folder = Path(folder)
    listed = folder / LIST
    editions = json.loads(listed.read_text(encoding="utf-8"))["editions"] if listed.is_file() else []
    previous = folder / PREVIOUS
    data = json.loads(previous.read_text(encoding="utf-8")) if previous.is_file() else None
    return History(sorted(editions, key=lambda e: e["as_of"], reverse=True), data)


def write_history(folder: Path, editions: list[dict], previous: dict | None) -> None:
    """The inverse of `load_history`, for the publisher."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LIST).write_text(json.dumps({"editions": editions}, ensure_ascii=False), encoding="utf-8")
    if previous is not None:
        (folder / PREVIOUS).write_text(json.dumps(previous, ensure_ascii=False), encoding="utf-8")


@dataclass
class Editions:
    """The editions as this build publishes them: the current one first, with its changes."""

    site_url: str
    current: str
    entries: list[dict]  # newest first: {"as_of", "url", "changes": {"since", "added", "changed", "removed"} | None}
    changes: Changes | None  # None: this build has no published history to compare with (a local build)
    published: bool  # whether the history came from the published branch


def make_editions(dataset: Dataset, site_url: str, history: History | None) -> Editions:
    """This edition's entry, computed changes, and the earlier editions (older than this one)."""
    current = dataset.briefing.as_of.isoformat()
    earlier = [e for e in (history.editions if history else []) if e["as_of"] < current]
    changes = compare_dataset(history.previous, dataset) if history and history.previous else None
    if history and changes is None:
        changes = Changes(since=None)  # the first edition: nothing to compare with
    counts = changes.counts() if changes is not None else None
    entry = {"as_of": current, "url": edition_url(site_url, current), "changes": counts}
    rest = [{"as_of": e["as_of"], "url": edition_url(site_url, e["as_of"]), "changes": e.get("changes")} for e in earlier]
    return Editions(site_url, current, [entry, *rest], changes, history is not None)


def export_editions(editions: Editions) -> str:
    """`editions.json`: the current edition's date and every edition, newest first, with its address."""
    return json.dumps({"current": editions.current, "editions": editions.entries}, ensure_ascii=False, indent=1) + "\n"


def render_editions(env: Environment, editions: Editions, dataset: Dataset, directory_urls: bool = True) -> str:
    """The Editions page: this edition, what changed since the previous one, and every edition."""
    changes = editions.changes
    previous_url = edition_url(editions.site_url, changes.since) if changes and changes.since else ""
    records = {(kind, record.id): record for kind in KIND_FIELDS for record in getattr(dataset, kind)}
    depth = "../" if directory_urls else ""  # the page is editions/ (or editions.html offline)

    def url(change: RecordChange) -> str:
        """A link to an added or changed record where this edition shows it."""
        return depth + record_url(records[change.kind, change.id], directory_urls)

    return env.get_template(TEMPLATE).render(
        editions=editions, changes=changes, previous_url=previous_url, url=url, day=datetime.date.fromisoformat
    )
