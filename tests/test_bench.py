"""`make bench` keeps running: a one-run pass at the real data's size prints every build figure (the figures
themselves are never checked: speed is measured, not tested)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_the_bench_runs_and_prints_the_build_table(tmp_path):
    command = [sys.executable, str(ROOT / "tests" / "bench" / "bench.py"), "--runs", "1", "--scales", "1",
               "--serve-scales", "", "--no-weight"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    row = next((line for line in result.stdout.splitlines() if line.startswith("| 1x |")), "")
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) == 8, result.stdout
    assert all(re.match(r"\d+\.\d\d \(\d+\.\d\d\)", cell) for cell in (cells[1], cells[2])), row
    assert "skipped" not in row, "the Hugo comparison did not run (requirements-dev.txt installs hugo)"
    assert re.search(r"Search index: [\d.]+ KB .* with \d+ entries", result.stdout), result.stdout
