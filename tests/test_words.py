"""The reader's words: no page, search index or export of either edition uses our working vocabulary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_project_for_make, mkdocs_build

# Our working words, never the reader's: "seed", "reference sheet", "research notes", our folder
# name, and claim or quote numbers of the fact check ("S12", "Q4").
WORKING_WORDS = re.compile(
    r"(?i:\bseeds?\b|reference sheet|research notes|shared/reference)|\b(?:S|Q|W|ST|U|O)\d{1,2}\b(?![\w.-])"
)
# The theme's own scripts and styles are not ours (its bundles contain e.g. the word "seed").
THEME = {"javascripts", "stylesheets", "images", "fonts"}


def published_text_files(site: Path) -> list[Path]:
    """Every file of a built edition that carries our content: pages, search index, exports, sitemap."""
    files = []
    for path in sorted(site.rglob("*")):
        parts = path.relative_to(site).parts
        theme = parts[0] == "assets" and len(parts) > 1 and parts[1] in THEME
        if path.is_file() and not theme and path.suffix in {".html", ".json", ".js", ".csv", ".xml", ".txt", ".css"}:
            files.append(path)
    return files


def working_words(site: Path) -> list[str]:
    """`file: word` for every working word found, case-insensitively."""
    found = []
    for path in published_text_files(site):
        for match in WORKING_WORDS.finditer(path.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{path.relative_to(site)}: {match.group(0)!r}")
    return found


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, Path]:
    """The real data built as the web site and as the offline edition (search index included)."""
    project = make_project_for_make(tmp_path_factory.mktemp("words"))  # node_modules: the offline search shim
    sites = {}
    for name, env in (("web", {}), ("offline", {"OFFLINE": "true"})):
        site = tmp_path_factory.mktemp(name)
        result = mkdocs_build(project, site, env)
        assert result.returncode == 0, result.stderr
        sites[name] = site
    return sites


@pytest.mark.parametrize("edition", ["web", "offline"])
def test_no_working_words_in_the_published_edition(editions, edition):
    site = editions[edition]
    checked = {str(p.relative_to(site)) for p in published_text_files(site)}
    # The scan covers the pages, the search index and the exports, not just the HTML.
    assert {"index.html", "data/briefing.json", "data/battlegroups.csv"} <= checked
    assert any(name.startswith("search/") for name in checked)
    assert working_words(site) == []


def test_the_scan_finds_planted_words(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"text": "the Seed article, claim S12"}', encoding="utf-8")
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.js").write_text("seed", encoding="utf-8")  # the theme's, skipped
    (tmp_path / "page.html").write_text("<p>our research notes and reference sheet</p>", encoding="utf-8")
    assert working_words(tmp_path) == [
        "page.html: 'research notes'", "page.html: 'reference sheet'",
        "search/search_index.json: 'Seed'", "search/search_index.json: 'S12'",
    ]  # fmt: skip
