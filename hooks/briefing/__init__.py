"""The briefing core: load -> validate -> check -> render, free of any site engine."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import editions as editions_
from .checks import check_dataset
from .cite import cite_dataset, fill_site_url, web_page_url
from .export import export_battlegroups_csv, export_json, export_schemas
from .geo import MapError
from .load import load_dataset
from .models import Dataset
from .passthrough import PassthroughPage, split_page
from .printing import for_print_page, running_head, tidy_print_page
from .problems import DataError, Problem
from .render import cached_templates, make_environment, render_pages
from .search import search_entries
from .validate import validate_file

__all__ = [
    "DataError", "MapError", "Problem", "Site", "build_site", "cached_templates", "cyclic_gc_paused", "fill_site_url",
    "for_print_page", "load_and_validate", "running_head", "tidy_print_page", "web_page_url",
]

# Where a build that is not told its published address (SITE_URL) says it lives: mkdocs.yml's default too.
LOCAL_SITE_URL = "http://127.0.0.1:8000/briefing/"
# The page templates ship with the project, whatever folder the data comes from.
TEMPLATES = Path(__file__).resolve().parents[2] / "overrides" / "fragments" / "briefing"


@dataclass
class Site:
    """What the core produces: generated pages and exports keyed by site path, plus warnings."""

    dataset: Dataset
    pages: dict[str, str] = field(default_factory=dict)
    exports: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    directory_urls: bool = True

    @cached_property
    def passthrough(self) -> dict[str, PassthroughPage]:
        """Each generated page as Markdown with placeholders plus the finished HTML blocks they stand for."""
        return {src_uri: split_page(text) for src_uri, text in self.pages.items()}

    @cached_property
    def search(self) -> dict[str, list[dict]]:
        """Search entries of each generated page: its introduction, then one per record it holds."""
        return search_entries(self.dataset, self.passthrough, self.directory_urls)


def load_and_validate(root: Path) -> tuple[Dataset, list[Problem]]:
    """Load, validate and check data/*.yml; raise DataError with every error, return warnings."""
    files, problems = load_dataset(root)
    # Where loading already said what is wrong (an unsupported tag), the model's complaint is noise.
    reported = {(p.file, p.path) for p in problems}
    valid = {}
    for kind, loaded in files.items():
        records, found = validate_file(loaded)
        problems += [p for p in found if (p.file, p.path) not in reported]
        valid[kind] = records
    problems += check_dataset(files)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(errors)
    return Dataset(**valid), sorted(problems)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector off for a while. A build makes millions of objects that live until it ends (YAML nodes,
    records, rendered pages), and the collector walks them all again and again as they pile up: a third of the time
    at 100 times the data. Reference counting still frees what the build drops; the few cycles (Jinja's) wait for
    the collector's next run after the pause."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_site(
    root: Path,
    templates: Path = TEMPLATES,
    directory_urls: bool = True,
    site_url: str = LOCAL_SITE_URL,
    history: Path | None = None,
) -> Site:
    """Everything the site needs from `root`/data/: pages, exports and warnings.

    `directory_urls=False` links pages as `facts.html` rather than `../facts/` (the offline edition).
    `site_url` is the published web address: citations and copied links use it in every edition.
    `history` is a folder of earlier editions (see editions.py).
    """
    with cyclic_gc_paused():
        return _build_site(Path(root), templates, directory_urls, site_url, history)


def _build_site(root: Path, templates: Path, directory_urls: bool, site_url: str, history: Path | None) -> Site:
    dataset, warnings = load_and_validate(root)
    citations = cite_dataset(dataset, site_url)
    exports = {"data/briefing.json": export_json(dataset, citations), "data/battlegroups.csv": export_battlegroups_csv(dataset)}
    exports.update({f"data/schema/{name}": text for name, text in export_schemas().items()})
    pages = render_pages(dataset, templates, directory_urls, citations)
    editions = editions_.make_editions(dataset, site_url, editions_.load_history(history) if history else None)
    pages[editions_.PAGE] = editions_.render_editions(make_environment(templates), editions, dataset, directory_urls)
    exports[editions_.LIST] = editions_.export_editions(editions)
    return Site(dataset, pages, exports, warnings, directory_urls)
