"""Real `mkdocs build --strict` and `make build`: good data builds, and no failure loses the last good site."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from briefing import build_site
from briefing.render import page_url
from conftest import GOOD_DATA, ROOT, add_make_tools, bad_data, make_project, mkdocs_build, run_make

UNCITED_SOURCE = "\n- id: unused\n  title: T\n  publisher: P\n  url: null\n  accessed: 2022-04-10\n  kind: news\n"
UNCITED_WARNING = "data/sources.yml:18: sources[2].id: source 'unused' is not cited by any record"


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path: equal dicts mean a byte-identical tree."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def expected_lines(case: str) -> list[str]:
    return (ROOT / "tests" / "data" / "bad" / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def replace_data(project: Path, case: str) -> None:
    shutil.rmtree(project / "data")
    bad_data(case, project / "data")


@pytest.fixture
def good_project(tmp_path) -> Path:
    (tmp_path / "project").mkdir()
    return make_project(tmp_path / "project", GOOD_DATA)


def test_good_data_builds_every_generated_page(good_project, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(good_project, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    for src_uri in build_site(good_project).pages:
        assert (site / page_url(src_uri) / "index.html").is_file(), src_uri
    assert "Test briefing" in (site / "index.html").read_text(encoding="utf-8")


def test_the_real_data_builds(built_site):
    for page in ("index.html", "timeline/index.html", "facts/index.html", "sources/index.html", "battlegroups/index.html"):
        assert (built_site / page).is_file(), page


@pytest.mark.parametrize("case", ["two-files-two-errors", "malformed-yaml", "missing-file", "markdown-javascript-link"])
def test_broken_data_fails_and_leaves_the_earlier_site_byte_identical(good_project, tmp_path, case):
    site = tmp_path / "site"
    assert mkdocs_build(good_project, site).returncode == 0
    before = tree_hashes(site)
    replace_data(good_project, case)
    result = mkdocs_build(good_project, site)
    assert result.returncode != 0
    for line in expected_lines(case):
        assert line in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hashes(site) == before


def test_an_uncited_source_fails_the_strict_build(good_project, tmp_path):
    with (good_project / "data" / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write(UNCITED_SOURCE)
    result = mkdocs_build(good_project, tmp_path / "site")
    assert result.returncode != 0
    assert any(line.startswith("WARNING") and line.endswith(UNCITED_WARNING) for line in result.stderr.splitlines())


def make(project: Path, target: str) -> subprocess.CompletedProcess:
    return run_make(project, target, {**os.environ, "MAKEFLAGS": "", "SITE_URL": "http://127.0.0.1:8000/briefing/"})


@pytest.fixture
def make_project_copy(good_project) -> Path:
    """The project with its Makefile, reusing the installed .venv and node_modules (no reinstall)."""
    return add_make_tools(good_project)


def site_folders(project: Path) -> dict[str, dict[str, str]]:
    """Every folder a build publishes (site/, and site-offline/ where the Makefile makes one)."""
    return {name: tree_hashes(project / name) for name in ("site", "site-offline") if (project / name).is_dir()}


def test_make_build_keeps_the_last_good_site_through_errors_and_strict_warnings(make_project_copy):
    project = make_project_copy
    first = make(project, "build")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "pip install" not in first.stdout, "make build reinstalled .venv: the test copy should reuse it"
    before = site_folders(project)
    assert before["site"], "make build produced an empty site/"

    replace_data(project, "two-files-two-errors")
    failed = make(project, "build")
    assert failed.returncode != 0
    for line in expected_lines("two-files-two-errors"):
        assert line in failed.stderr
    assert "Traceback" not in failed.stderr
    assert site_folders(project) == before

    # A strict-mode warning: MkDocs writes the new site before it aborts, hence the temporary folder and swap.
    replace_data(project, "two-files-two-errors")
    shutil.copy2(GOOD_DATA / "facts.yml", project / "data" / "facts.yml")
    shutil.copy2(GOOD_DATA / "quotes.yml", project / "data" / "quotes.yml")
    with (project / "data" / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write(UNCITED_SOURCE)
    warned = make(project, "build")
    assert warned.returncode != 0
    assert UNCITED_WARNING in warned.stderr
    assert site_folders(project) == before
    assert not (project / ".site-new").exists()


def test_the_print_page_rewrites_each_page_in_one_pass_as_the_plugin_would(built_site):
    """The adapter's one-pass rewrites give exactly what mkdocs-print-site-plugin's own page-wide replacements give."""
    import mkdocs_hooks  # noqa: F401, PLC0415  (importing the adapter installs the one-pass rewrites)
    from mkdocs_print_site_plugin import urls  # noqa: PLC0415

    pages = [p for p in built_site.rglob("index.html") if "print_page" not in p.parts]
    assert len(pages) > 5
    for path in pages:
        html = path.read_text(encoding="utf-8")
        folder = path.parent.relative_to(built_site).as_posix()
        url = "" if folder == "." else folder + "/"
        key = urls.get_page_key(url)
        for rewrite, args in ((urls.fix_href_links, (key, url, True)), (urls.update_anchor_ids, (key,)),
                              (urls.fix_image_src, (url, True))):  # fmt: skip
            assert rewrite is not rewrite.__wrapped__
            one_pass = rewrite(html, *args)
            assert one_pass == rewrite.__wrapped__(html, *args), f"{rewrite.__name__} differs on {url}"
        assert urls.update_anchor_ids(html, key) != html, f"no heading id rewritten on {url}"


def test_the_theme_s_static_files_are_listed_as_mkdocs_lists_them():
    """The adapter's listing of theme files, which skips dot folders, finds the same static files as MkDocs' own."""
    import mkdocs_hooks  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415
    from mkdocs.structure.files import Files  # noqa: PLC0415

    config = load_config(str(ROOT / "mkdocs.yml"))
    found = {}
    for name, prepare in (("mkdocs", lambda env: env), ("adapter", mkdocs_hooks._prepare_theme_env)):
        files = Files([])
        files.add_files_from_theme(prepare(type(config.theme).get_env(config.theme)), config)
        found[name] = sorted((file.src_uri, file.abs_src_path) for file in files)
    assert len(found["mkdocs"]) > 30 and any(uri.startswith("assets/javascripts/") for uri, _ in found["mkdocs"])
    assert found["adapter"] == found["mkdocs"]


@pytest.mark.parametrize("case", [None, "malformed-yaml"])
def test_the_cycle_collector_runs_again_after_a_build_good_or_failed(good_project, tmp_path, monkeypatch, case):
    """The adapter pauses the collector from on_config; the build's end (on_post_build, or on_build_error when the
    data stops it) restores it, so a `mkdocs serve` process that met a data error does not stay without it."""
    import gc  # noqa: PLC0415

    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    if case:
        replace_data(good_project, case)
    monkeypatch.setenv("PRINT_PAGE", "false")
    monkeypatch.chdir(good_project)
    config = load_config(str(good_project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    paused = []
    config.plugins.events["pre_build"].append(lambda config: paused.append(not gc.isenabled()))
    assert gc.isenabled()
    try:
        build(config)
    except Exception as error:  # the data error, as MkDocs raises it
        assert case, error
    finally:
        restored = gc.isenabled()
        gc.enable()  # whatever happened, not left off for the tests after this one
    assert restored and paused == ([] if case else [True])
