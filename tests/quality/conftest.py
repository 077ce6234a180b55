"""Fixtures for the quality gates: the pages of a build, the offline edition, a bare Material baseline."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT, html_pages, mkdocs_build  # noqa: F401  (html_pages re-exported)
from mkdocs.utils import yaml_load


def page_url(site: Path, page: Path) -> str:
    """The URL path of a page relative to the site root: `timeline/index.html` -> `timeline/`."""
    relative = page.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def served_path(site: Path) -> str:
    """The folder site_url serves the site under (`briefing`), read from the home page's canonical link.

    404.html links its assets from that path, so a server must use it for every page to work."""
    match = re.search(r'<link rel="canonical" href="([^"]*)"', (site / "index.html").read_text(encoding="utf-8"))
    return urlsplit(match.group(1)).path.strip("/") if match else ""


def has_offline_target() -> bool:
    return re.search(r"^offline:", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M) is not None


# The gates check the site exactly as published: the `make build` of tests/conftest.py (`editions`), with the
# footer's offline zip and PDF links, the one-page print edition and every script, not a bare `mkdocs build`.
@pytest.fixture(scope="session")
def built_site(editions) -> Path:
    """The published web site (overrides tests/conftest.py's bare build for the quality gates)."""
    for download in (editions.zip, editions.pdf):
        assert (editions.web / "downloads" / download.name).is_file(), f"the published site lacks {download.name}"
    assert (editions.web / "print_page" / "index.html").is_file(), "the published site lacks its print page"
    return editions.web


@pytest.fixture(scope="session")
def offline_project(editions) -> Path:
    """The project copy in which `make build` (hence `make offline`) ran: site-offline/ and dist/."""
    return editions.project


@pytest.fixture(scope="session")
def offline_site(offline_project) -> Path:
    site = offline_project / "site-offline"
    assert site.is_dir(), "`make offline` ran but wrote no site-offline/"
    return site


def write_bare_material_project(dest: Path) -> Path:
    """A one-page MkDocs project with our theme settings, extensions and plugins, but none of our markup."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as stream:
        config = yaml_load(stream)
    theme = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    # Material's own plugins only: the print-site plugin's markup is ours to make valid (briefing.tidy_print_page).
    plugins = [p for p in config.get("plugins", ["search"]) if "print-site" not in (p if isinstance(p, dict) else {p: None})]
    bare = {"site_name": "Bare Material", "theme": theme, "plugins": plugins}
    bare["markdown_extensions"] = config.get("markdown_extensions", [])
    (dest / "docs").mkdir(parents=True)
    (dest / "docs" / "index.md").write_text("# Bare page\n\nA paragraph with a [link](#bare-page).\n\n## Section\n\nText.\n")
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(bare, sort_keys=False), encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def bare_material_site(tmp_path_factory) -> Path:
    """The same Material version and theme settings, built from one plain Markdown page: the HTML baseline."""
    project = write_bare_material_project(tmp_path_factory.mktemp("bare-material"))
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site

