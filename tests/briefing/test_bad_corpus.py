"""The bad-input corpus: each tests/data/bad/<case>/ gives exactly the problem lines in its expected.txt."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from briefing import DataError, build_site, load_and_validate
from conftest import BAD_CASES, ROOT, bad_data

CASES = sorted(path.name for path in BAD_CASES.iterdir() if path.is_dir())
# The failure kinds issue 2 asks the corpus to cover; more cases are welcome.
REQUIRED = {
    "malformed-yaml", "duplicate-id", "duplicate-key", "unknown-reference", "missing-field", "wrong-type",
    "impossible-date", "unknown-enum", "empty-file", "javascript-url", "markdown-javascript-link", "non-slug-id",
    "fact-without-sources", "unknown-key-fact", "two-files-two-errors", "missing-file", "unknown-field",
    # issue 8: content rules and nested references
    "expected-event-before-as-of", "key-fact-without-figure", "duplicate-url", "battlegroup-without-dates",
    "glossary-collision", "unknown-nested-reference",
    # issue 12: indentation slips in plain words (never PyYAML's), misspelt field names with a "did you mean"
    "indent-four-spaces", "indent-column-zero", "list-item-misindented", "colon-in-text", "unclosed-quote",
    "tab-indent", "misspelt-field",
}  # fmt: skip


def expected_lines(case: str) -> list[str]:
    return (BAD_CASES / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_corpus_covers_every_failure_kind():
    assert set(CASES) >= REQUIRED
    for case in CASES:
        assert expected_lines(case), f"{case}/expected.txt is empty"


@pytest.mark.parametrize("case", CASES)
def test_load_and_validate_reports_exactly_the_expected_lines(case, tmp_path):
    bad_data(case, tmp_path / "data")
    with pytest.raises(DataError) as raised:
        load_and_validate(tmp_path)
    assert [str(p) for p in raised.value.problems] == expected_lines(case)


@pytest.mark.parametrize("case", ["two-files-two-errors", "markdown-javascript-link"])
def test_build_site_raises_the_same_problems(case, tmp_path):
    bad_data(case, tmp_path / "data")
    with pytest.raises(DataError) as raised:
        build_site(tmp_path)
    assert str(raised.value).splitlines() == expected_lines(case)


@pytest.mark.parametrize("case", CASES)
def test_cli_check_prints_the_lines_and_exits_1(case, tmp_path):
    bad_data(case, tmp_path / "data")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    command = [sys.executable, "-m", "briefing", "--root", str(tmp_path), "check"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    lines = expected_lines(case)
    assert result.stderr.splitlines() == [*lines, f"{len(lines)} problem(s) in data/"]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
