"""The briefing core: load -> validate -> check -> render, free of any site engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_dataset
from .export import export_battlegroups_csv, export_json, export_schemas
from .geo import MapError
from .load import load_dataset
from .models import Dataset
from .problems import DataError, Problem
from .render import render_pages
from .validate import validate_file

__all__ = ["DataError", "MapError", "Problem", "Site", "build_site", "load_and_validate"]

# The page templates ship with the project, whatever folder the data comes from.
TEMPLATES = Path(__file__).resolve().parents[2] / "overrides" / "fragments" / "briefing"


@dataclass
class Site:
    """What the core produces: generated pages and exports keyed by site path, plus warnings."""

    dataset: Dataset
    pages: dict[str, str] = field(default_factory=dict)
    exports: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)


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


def build_site(root: Path, templates: Path = TEMPLATES, directory_urls: bool = True) -> Site:
    """Everything the site needs from `root`/data/: pages, exports and warnings.

    `directory_urls=False` links pages as `facts.html` rather than `../facts/` (the offline edition).
    """
    root = Path(root)
    dataset, warnings = load_and_validate(root)
    exports = {"data/briefing.json": export_json(dataset), "data/battlegroups.csv": export_battlegroups_csv(dataset)}
    exports.update({f"data/schema/{name}": text for name, text in export_schemas().items()})
    pages = render_pages(dataset, templates, directory_urls)
    return Site(dataset, pages, exports, warnings)
