"""`python -m briefing check | write OUT | schema OUT` (run with PYTHONPATH=hooks)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DataError, build_site
from .export import export_schemas


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Check the data, or write the generated pages and exports for another site engine."""
    parser = argparse.ArgumentParser(prog="python -m briefing", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder holding data/ (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate data/*.yml and report every problem; warnings fail it too")
    write = commands.add_parser("write", help="write generated pages (Markdown) and exports into a folder")
    write.add_argument("out", type=Path)
    schema = commands.add_parser("schema", help="write the JSON Schema files for the data files")
    schema.add_argument("out", type=Path)
    args = parser.parse_args(argv)

    if args.command == "schema":
        _write(args.out, export_schemas())
        return 0
    try:
        site = build_site(args.root)
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in data/", file=sys.stderr)
        return 1
    for warning in site.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.command == "check" and site.warnings:
        # One verdict: the strict build (`make build`) fails on these too.
        print(f"{len(site.warnings)} warning(s) in data/: the strict build fails on warnings too", file=sys.stderr)
        return 1
    if args.command == "write":
        _write(args.out, {**site.pages, **site.exports})
    return 0


if __name__ == "__main__":
    sys.exit(main())
