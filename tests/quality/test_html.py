"""HTML gate: the Nu Html Checker finds no errors in the generated pages beyond those of a bare Material page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from .conftest import has_offline_target, html_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A page with a known error: proves the checker ran and its report was read.
BROKEN_PAGE = "<!doctype html><html lang=en><title>x</title><span><div>a block inside a span</div></span>"


def run_vnu(files: list[Path]) -> dict[Path, list[dict]]:
    """One JVM for all files (vnu is slow to start): error messages per file."""
    command = ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr)  # vnu writes its JSON report to stderr
    errors: dict[Path, list[dict]] = {path: [] for path in files}
    for message in report["messages"]:
        if message["type"] in ("error", "non-document-error"):
            errors[Path(message["url"].removeprefix("file:"))].append(message)
    return errors


def signature(message: dict) -> tuple[str, str]:
    """What identifies an error across pages: its text and the markup it points at."""
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    return message["message"], extract[start : start + message.get("hiliteLength", len(extract))]


def describe(site: Path, page: Path, message: dict) -> str:
    return f"{page.relative_to(site)}:{message.get('lastLine', '?')}: {message['message']} [{signature(message)[1].strip()}]"


@pytest.fixture(scope="module")
def vnu_report(built_site, bare_material_site, request, tmp_path_factory) -> dict[Path, list[dict]]:
    """vnu over the web build, the offline edition (when it exists), the bare baseline and a known-bad page."""
    broken = tmp_path_factory.mktemp("vnu") / "broken.html"
    broken.write_text(BROKEN_PAGE, encoding="utf-8")
    files = [broken, *html_pages(bare_material_site), *html_pages(built_site)]
    if has_offline_target():
        files += html_pages(request.getfixturevalue("offline_site"))
    return run_vnu(files)


@pytest.fixture(scope="module")
def baseline(vnu_report, bare_material_site) -> set[tuple[str, str]]:
    """Errors Material's own markup produces in a bare page (e.g. autocomplete on its checkbox toggles)."""
    return {signature(m) for page in html_pages(bare_material_site) for m in vnu_report[page]}


def new_errors(site: Path, vnu_report, baseline) -> list[str]:
    return [describe(site, page, m) for page in html_pages(site) for m in vnu_report[page] if signature(m) not in baseline]


def test_checker_reports_a_known_error(vnu_report):
    problems = [m["message"] for path, messages in vnu_report.items() if path.name == "broken.html" for m in messages]
    assert any("not allowed as child of element “span”" in text for text in problems), problems


def test_web_pages_have_no_errors_beyond_material(built_site, vnu_report, baseline):
    assert len(html_pages(built_site)) >= 7
    problems = new_errors(built_site, vnu_report, baseline)
    assert not problems, "\n".join(problems)


def test_offline_pages_have_no_errors_beyond_material(offline_site, vnu_report, baseline):
    problems = new_errors(offline_site, vnu_report, baseline)
    assert not problems, "\n".join(problems)


def test_baseline_holds_only_material_markup(built_site, vnu_report, baseline):
    """Every baseline error also occurs on our pages: the baseline describes the theme we ship, not another one."""
    ours = {signature(m) for page in html_pages(built_site) for m in vnu_report[page]}
    assert baseline <= ours, baseline - ours
