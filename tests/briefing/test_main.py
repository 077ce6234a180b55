"""The command line: `python -m briefing check | write OUT | schema OUT`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from briefing import build_site
from briefing.__main__ import main
from briefing.export import export_schemas
from conftest import GOOD_DATA, ROOT


def cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """The real command, in its own process, as an editor or CI runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    command = [sys.executable, "-m", "briefing", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


@pytest.fixture
def project(tmp_path):
    shutil.copytree(GOOD_DATA, tmp_path / "data")
    return tmp_path


def test_check_on_good_data_is_silent_and_succeeds(project):
    result = cli("--root", str(project), "check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_check_uses_the_current_folder_by_default(project):
    result = cli("check", cwd=project)
    assert result.returncode == 0, result.stderr


def test_check_fails_on_a_warning_as_the_strict_build_does(project):
    with (project / "data" / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write("\n- id: unused\n  title: T\n  publisher: P\n  url: null\n  accessed: 2022-04-10\n  kind: news\n")
    result = cli("--root", str(project), "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "warning: data/sources.yml:18: sources[2].id: source 'unused' is not cited by any record",
        "1 warning(s) in data/: the strict build fails on warnings too",
    ]


def test_check_on_a_folder_without_data_lists_every_missing_file(tmp_path):
    result = cli("--root", str(tmp_path), "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "data/battlegroups.yml: file not found"
    assert result.stderr.splitlines()[-1] == "6 problem(s) in data/"
    assert "Traceback" not in result.stderr


def test_write_puts_pages_and_exports_in_a_folder(project, tmp_path):
    out = tmp_path / "out"
    assert main(["--root", str(project), "write", str(out)]) == 0
    site = build_site(project)
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert written == set(site.pages) | set(site.exports)
    assert (out / "timeline.md").read_text(encoding="utf-8") == site.pages["timeline.md"]
    assert json.loads((out / "data" / "briefing.json").read_text(encoding="utf-8"))["briefing"]["title"] == "Test briefing"


def test_write_refuses_bad_data_and_writes_nothing(tmp_path, capsys):
    shutil.copytree(GOOD_DATA, tmp_path / "data")
    (tmp_path / "data" / "facts.yml").write_text("- id: a\n  statement: S.\n  sources: [nope]\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "write", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    assert "data/facts.yml:3: facts[0].sources[0]: unknown source 'nope'" in capsys.readouterr().err


def test_schema_writes_one_schema_per_data_file(tmp_path):
    result = cli("schema", str(tmp_path / "schema"))
    assert result.returncode == 0, result.stderr
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "schema").iterdir()}
    assert written == export_schemas()
    assert sorted(written) == [f"{kind}.schema.json" for kind in sorted(["briefing", "sources", "facts", "quotes", "events",
                                                                          "battlegroups", "glossary"])]  # fmt: skip


def test_a_command_is_required(capsys):
    with pytest.raises(SystemExit) as exited:
        main([])
    assert exited.value.code == 2
    assert "required" in capsys.readouterr().err
