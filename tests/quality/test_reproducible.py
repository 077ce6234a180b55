"""Reproducible gate: the same data gives byte-identical sites, offline zip and PDF, whichever folder builds them.

Only the sitemap carries a date. MkDocs takes it from SOURCE_DATE_EPOCH (`<lastmod>` in sitemap.xml and the
gzip header of sitemap.xml.gz), or from the clock when it is unset; the Makefile sets it to the last commit's
time, so `make build` on another day gives the same bytes. A plain `mkdocs build` differs in those two files
only, which the second test pins down.
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import PDF, SITE_URL, ZIP, make_project, make_project_for_make, mkdocs_build, run_make
from print_pdf import make_reproducible
from pypdf import PdfReader

EPOCH = "1700000000"  # any fixed SOURCE_DATE_EPOCH; the Makefile uses the last commit's time
DATE_DEPENDENT = {"sitemap.xml", "sitemap.xml.gz"}


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under `root`."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def differing(a: Path, b: Path) -> list[str]:
    first, second = tree_digest(a), tree_digest(b)
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def first_difference(a: Path, b: Path) -> str | None:
    """None if the two files hold the same bytes; else where they first differ, with a little context each side
    (a failed comparison of two megabyte files would otherwise print megabytes)."""
    first, second = a.read_bytes(), b.read_bytes()
    if first == second:
        return None
    at = next((i for i, (x, y) in enumerate(zip(first, second, strict=False)) if x != y), min(len(first), len(second)))
    return (f"{a.name} ({len(first)} bytes) and {b.name} ({len(second)} bytes) first differ at byte {at}:\n"
            f"{first[max(at - 120, 0):at + 120]!r}\n{second[max(at - 120, 0):at + 120]!r}")


def published_env() -> dict[str, str]:
    """The environment `editions` ran `make build` in: SITE_URL under /briefing/, no inherited SOURCE_DATE_EPOCH."""
    return {**{name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}, "SITE_URL": SITE_URL}


def build_copy(folder: Path, epoch: str) -> Path:
    """A fresh project copy in `folder`, built into `folder`/site with SOURCE_DATE_EPOCH=`epoch`."""
    (folder / "project").mkdir(parents=True)
    project = make_project(folder / "project")
    result = mkdocs_build(project, folder / "site", env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_two_builds_are_byte_identical(tmp_path):
    first, second = build_copy(tmp_path / "a", EPOCH), build_copy(tmp_path / "b", EPOCH)
    assert len(tree_digest(first)) > 20
    assert differing(first, second) == []


def test_only_the_sitemap_depends_on_the_build_date(tmp_path):
    """Builds a day apart differ in the sitemap's dates and nothing else."""
    first, second = build_copy(tmp_path / "a", EPOCH), build_copy(tmp_path / "b", str(int(EPOCH) + 86400))
    assert set(differing(first, second)) <= DATE_DEPENDENT
    assert not filecmp.cmp(first / "sitemap.xml.gz", second / "sitemap.xml.gz", shallow=False)


def test_offline_zip_is_byte_identical(offline_project, tmp_path):
    """`make offline` in another folder packs the same zip, byte for byte."""
    other = make_project_for_make(tmp_path)
    result = run_make(other, "offline", published_env())  # as the published copy was made
    assert result.returncode == 0, result.stdout + result.stderr
    assert differing(offline_project / "site-offline", other / "site-offline") == []
    assert (difference := first_difference(offline_project / ZIP, other / ZIP)) is None, difference


def test_pdf_is_byte_identical_and_dated_by_source_date_epoch(editions, tmp_path):
    """`make pdf` in another folder, with the same SOURCE_DATE_EPOCH, prints the same PDF byte for byte; its dates
    are that time, not the clock's (the published copy ran outside git: the Makefile's fallback, the newest data file's time)."""
    other = make_project_for_make(tmp_path)
    result = run_make(other, "pdf", published_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert (difference := first_difference(other / PDF, editions.pdf)) is None, difference
    newest = max(path.stat().st_mtime for path in (editions.project / "data").rglob("*") if path.is_file())
    expected = datetime.fromtimestamp(int(newest), UTC).strftime("D:%Y%m%d%H%M%SZ")
    assert PdfReader(editions.pdf).metadata["/CreationDate"] == expected


TABLE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Battlegroups</title></head><body>
<table><thead><tr><th>Host</th><th>Lead</th></tr></thead>
<tbody><tr><td>Poland</td><td>United States</td></tr><tr><td>Estonia</td><td>United Kingdom</td></tr></tbody></table>
</body></html>"""
NODE_ID = re.compile(rb"\(node(\d{8})\)")


@pytest.mark.browser
def test_the_pdf_keeps_its_bytes_whatever_number_chromium_gave_the_table_s_nodes(browser, tmp_path):
    """Chromium names a tagged table's header cells after DOM node numbers, which shift with what the page's scripts
    had added by the time it printed. `make_reproducible` numbers them from 1: Chromium's print of a table, and the
    same print with every number shifted by 1000 (as a busier machine could have printed it), end byte-identical,
    every cell still naming its headers by ids the /IDTree holds, and only header cells."""
    (tmp_path / "table.html").write_text(TABLE_PAGE, encoding="utf-8")
    page = browser.new_page()
    page.goto((tmp_path / "table.html").as_uri())
    page.pdf(path=str(tmp_path / "printed.pdf"), tagged=True)
    page.close()
    printed, shifted = tmp_path / "printed.pdf", tmp_path / "shifted.pdf"
    shifted.write_bytes(NODE_ID.sub(lambda m: b"(node%08d)" % (int(m[1]) + 1000), printed.read_bytes()))
    assert len(NODE_ID.findall(printed.read_bytes())) >= 4  # two header cells: /ID, /IDTree, and the cells' /Headers
    for pdf in (printed, shifted):
        make_reproducible(pdf, int(EPOCH))
    assert (difference := first_difference(printed, shifted)) is None, difference
    assert set(NODE_ID.findall(printed.read_bytes())) == {b"00000001", b"00000002"}
    structure = PdfReader(printed).trailer["/Root"]["/StructTreeRoot"]
    names = structure["/IDTree"]["/Kids"][0]["/Names"]
    tree = {names[i]: names[i + 1].get_object() for i in range(0, len(names), 2)}
    assert sorted(tree) == ["node00000001", "node00000002"] and all(cell["/S"] == "/TH" for cell in tree.values())
