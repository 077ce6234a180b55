"""Fixtures for the published editions: `make build` (web site + offline zip) run once in a project copy."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, make_project

# `make -o` keeps the copy from reinstalling into the shared .venv and node_modules (linked in below).
INSTALL_STAMPS = (".venv/.requirements", "node_modules/.package-lock.json")
SUBPATH = "briefing"  # GitHub Pages serves a project under /<repo>/: the tests publish under /briefing/
SITE_URL = f"http://127.0.0.1/{SUBPATH}/"  # only its path matters to the files served (404.html, sitemap)
ZIP = "dist/nato-eastern-flank-briefing-offline.zip"


@dataclass
class Editions:
    project: Path
    web: Path  # site/
    offline: Path  # site-offline/
    zip: Path  # dist/*.zip


def make_project_for_make(dest: Path, data: Path | None = None) -> Path:
    """A project copy that `make` can run in: the build inputs, the Makefile and the installed tools."""
    dest.mkdir(parents=True, exist_ok=True)
    make_project(dest, data)
    for name in ("Makefile", "requirements.txt", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, dest / name)
    for name in (".venv", "node_modules"):
        (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    return dest


def run_make(project: Path, target: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    command = ["make", "--no-print-directory", *[f"--old-file={stamp}" for stamp in INSTALL_STAMPS], target]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> Editions:
    """The real `make build` (offline edition, its zip, then the web site) with SITE_URL under /briefing/."""
    project = make_project_for_make(tmp_path_factory.mktemp("published"))
    # Without an inherited SOURCE_DATE_EPOCH (as under `make test`) the copy, outside git, uses the Makefile's fallback.
    env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    result = run_make(project, "build", {**env, "SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stdout + result.stderr
    return Editions(project, project / "site", project / "site-offline", project / ZIP)


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site (the theme's assets folder holds none of ours)."""
    return sorted(path for path in site.rglob("*.html") if "assets" not in path.relative_to(site).parts)


def search(page, query: str):
    """Type `query` into Material's search box as a reader would; returns the result items' locator."""
    box = page.locator("input.md-search__input")
    box.click()
    # Material shows "Initializing search" until its worker has the index, and searches on keyup.
    meta = page.locator(".md-search-result__meta")
    meta.wait_for()
    page.wait_for_function("m => !m.textContent.includes('Initializing')", arg=meta.element_handle(), timeout=15_000)
    box.press_sequentially(query)
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=15_000)
    return items
