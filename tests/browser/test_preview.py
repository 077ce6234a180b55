"""Live preview: `mkdocs serve` on a copy of the project rebuilds and reloads the open page on a data edit,
on an edit of the core's code, and reports a data error in the terminal until it is fixed."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import make_project
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
RELOAD_TIMEOUT = 30_000  # ms: a rebuild takes about a second; generous for a loaded 2-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"mkdocs serve did not answer on {url}:\n{log.read_text()}")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`mkdocs serve` on a project copy, with the default site_url: served under /briefing/. Always stopped."""
    project = make_project(tmp_path_factory.mktemp("preview"))
    log = project / "serve.log"
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"} | {"NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        base = f"http://127.0.0.1:{port}/briefing/"
        wait_until_serving(base, server, log)
        yield project, base, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def edit(preview):
    """edit(path, change): rewrite a file of the served copy; every edited file is restored afterwards."""
    project = preview[0]
    originals: dict[Path, str] = {}

    def change(relative: str, rewrite) -> None:
        path = project / relative
        originals.setdefault(path, path.read_text(encoding="utf-8"))
        path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")

    yield change
    for path, text in originals.items():
        path.write_text(text, encoding="utf-8")
    time.sleep(1.5)  # let the restoring rebuild start before the next test looks at the page


def open_preview(guarded_page, base: str):
    """The overview, with requests allowed to the preview's origin only (livereload polls /livereload/)."""
    guarded = guarded_page((base.removesuffix("briefing/"),))
    guarded.page.goto(base)
    return guarded


def retitle(title: str):
    return lambda text: re.sub(r"^title: .*$", f'title: "{title}"', text, count=1, flags=re.M)


def test_a_data_edit_rebuilds_and_reloads_the_open_page(preview, guarded_page, edit):
    _, base, _ = preview
    guarded = open_preview(guarded_page, base)
    expect(guarded.page.locator("h1")).not_to_contain_text("Edited in the preview")
    edit("data/briefing.yml", retitle("Edited in the preview"))
    expect(guarded.page.locator("h1")).to_contain_text("Edited in the preview", timeout=RELOAD_TIMEOUT)
    assert guarded.blocked == []


def test_an_edit_of_the_core_code_is_picked_up(preview, guarded_page, edit):
    """MkDocs caches hook modules (mkdocs#3993): the thin hook re-imports hooks/briefing/ on every build."""
    _, base, _ = preview
    guarded = open_preview(guarded_page, base)
    patch = (
        "\n\n_render_page = render_page\n\n\ndef render_page(*args, **kwargs):\n"
        '    return _render_page(*args, **kwargs) + "\\n\\nCore code reloaded.\\n"\n'
    )
    edit("hooks/briefing/render.py", lambda text: text + patch)
    expect(guarded.page.locator("article")).to_contain_text("Core code reloaded.", timeout=RELOAD_TIMEOUT)


def test_a_data_error_is_reported_and_the_page_stays_until_fixed(preview, guarded_page, edit):
    project, base, log = preview
    guarded = open_preview(guarded_page, base)
    title = guarded.page.locator("h1").first.inner_text()
    logged = len(log.read_text())
    edit("data/facts.yml", lambda text: text.replace("sources: [", "sources: [no-such-source, ", 1))
    deadline = time.monotonic() + RELOAD_TIMEOUT / 1000
    while "problem(s) in data/" not in log.read_text()[logged:] and time.monotonic() < deadline:
        time.sleep(0.3)
    terminal = log.read_text()[logged:]
    # One line per problem, naming file, line and field, then MkDocs' own note; no traceback of ours.
    problem = r"ERROR\s+-\s+briefing: data/facts\.yml:\d+: facts\[\d+\]\.sources\[0\]: unknown source 'no-such-source'"
    assert re.search(problem, terminal), terminal
    assert "Traceback" not in terminal and "An error happened during the rebuild" in terminal
    # The open page keeps the last good build (MkDocs does not reload it); new requests wait for a good build.
    assert guarded.page.locator("h1").first.inner_text() == title
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "facts/", timeout=2)
    edit("data/facts.yml", lambda text: text.replace("sources: [no-such-source, ", "sources: [", 1))
    edit("data/briefing.yml", retitle("Fixed in the preview"))
    expect(guarded.page.locator("h1")).to_contain_text("Fixed in the preview", timeout=RELOAD_TIMEOUT)
