"""Shared fixtures: a throwaway copy of the project, real MkDocs builds, a local server, a browser."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD_DATA = ROOT / "tests" / "data" / "good" / "data"
BAD_CASES = ROOT / "tests" / "data" / "bad"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")  # the browser .ci/run checks too (README: Set-up)
# Flags that keep Chromium from calling home on this closed network (see the machine notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def make_project(dest: Path, data: Path | None = None) -> Path:
    """Copy the project's build inputs into `dest`, with `data` (default: the real data/) as data/."""
    for name in ("mkdocs.yml", "docs", "overrides", "hooks"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    shutil.copytree(data or ROOT / "data", dest / "data", ignore=shutil.ignore_patterns("__pycache__"))
    # The build reads the map's country shapes (and serves front-end packages) from node_modules.
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def bad_data(case: str, dest: Path) -> Path:
    """tests/data/good/data with the files of tests/data/bad/<case>/ laid over it (and those in its delete.txt removed)."""
    shutil.copytree(GOOD_DATA, dest)
    for path in sorted((BAD_CASES / case).iterdir()):
        if path.name == "delete.txt":
            for name in path.read_text(encoding="utf-8").split():
                (dest / name).unlink()
        elif path.suffix == ".yml":
            shutil.copy2(path, dest / path.name)
    return dest


# The Makefile's install stamps: `make -o` keeps a project copy from reinstalling into the shared .venv.
INSTALL_STAMPS = (*(f"{folder}/.installed-{part}" for folder in (".venv", "node_modules") for part in ("runtime", "dev")),
                  ".venv/.installed-pdf")
# What `make` needs besides the build inputs: the Makefile, its helper and the pins.
MAKE_TOOLS = ("Makefile", "requirements.txt", "requirements-pdf.txt", "requirements-dev.txt", "package.json", "package-lock.json")


def add_make_tools(project: Path) -> Path:
    """Let `make` run in a project copy: the Makefile and pins, with the installed .venv and node_modules linked in."""
    for name in MAKE_TOOLS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name)
        else:
            shutil.copy2(ROOT / name, project / name)
    for name in (".venv", "node_modules"):
        if not (project / name).exists():
            (project / name).symlink_to(ROOT / name, target_is_directory=True)
    return project


def make_project_for_make(dest: Path, data: Path | None = None) -> Path:
    """A project copy (see make_project) that `make` targets can run in."""
    dest.mkdir(parents=True, exist_ok=True)
    return add_make_tools(make_project(dest, data))


def run_make(project: Path, target: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`make <target>` in a project copy, never reinstalling the shared tools."""
    command = ["make", "--no-print-directory", *[f"--old-file={stamp}" for stamp in INSTALL_STAMPS], target]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600, env=env)


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site (the theme's assets folder holds none of ours)."""
    return sorted(path for path in site.rglob("*.html") if "assets" not in path.relative_to(site).parts)


def mkdocs_build(project: Path, site_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A real `mkdocs build --strict` of `project` into `site_dir` (offline: without the print page, as `make offline`)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    env = env or {}
    offline = {"PRINT_PAGE": "false"} if env.get("OFFLINE") == "true" else {}
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **offline, **env}
    return subprocess.run(command, capture_output=True, text=True, env=full_env, cwd=project, timeout=300)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project built once per test session; returns the site folder."""
    project = make_project(tmp_path_factory.mktemp("project"))
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


SUBPATH = "briefing"  # GitHub Pages serves a project under /<repo>/: the tests publish under /briefing/
SITE_URL = f"http://127.0.0.1/{SUBPATH}/"  # only its path matters to the files served (404.html, sitemap)
ZIP = "dist/nato-eastern-flank-briefing-offline.zip"
PDF = "dist/nato-eastern-flank-briefing.pdf"


@dataclass
class Editions:
    project: Path
    web: Path  # site/
    offline: Path  # site-offline/
    zip: Path  # dist/*.zip
    pdf: Path  # dist/*.pdf


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> Editions:
    """The real `make build` (offline edition and zip, the PDF, then the web site) with SITE_URL under /briefing/:
    the site exactly as published, for the browser tests and the quality gates alike."""
    project = make_project_for_make(tmp_path_factory.mktemp("published"))
    # Without an inherited SOURCE_DATE_EPOCH (as under `make test`) the copy, outside git, uses the Makefile's fallback.
    env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    result = run_make(project, "build", {**env, "SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stdout + result.stderr
    return Editions(project, project / "site", project / "site-offline", project / ZIP, project / PDF)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass

    def handle(self):
        # The browser may drop a request it no longer needs (navigation, aborted prefetch).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


class _GzipHandler(_QuietHandler):
    """Compresses text responses as GitHub Pages does, for measurements that should match the real host."""

    COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in self.COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def static_server(directory: Path, prefix: str = "", compress: bool = False) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (optionally under a /prefix/, gzipped); yields the base URL."""
    scratch = tempfile.TemporaryDirectory(prefix="served-")  # never beside the site: it may be in the repo
    if prefix:
        root = Path(scratch.name)
        (root / prefix).parent.mkdir(parents=True, exist_ok=True)
        (root / prefix).symlink_to(directory.resolve(), target_is_directory=True)
        directory = root
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/" + (f"{prefix}/" if prefix else "")
    finally:
        server.shutdown()
        server.server_close()
        scratch.cleanup()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install -y chromium, or set CHROMIUM=/path/to/chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class GuardedPage:
    """A page whose requests outside the allowed origins are aborted and recorded."""

    def __init__(self, browser, allowed: tuple[str, ...], **context_options):
        self.blocked: list[str] = []
        self.allowed = allowed + ("data:", "blob:", "about:")
        self.context = browser.new_context(**context_options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.allowed):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def guarded_page(browser):
    """Factory: `guarded_page(("http://127.0.0.1:1234/",))` -> GuardedPage; closed after the test."""
    pages: list[GuardedPage] = []

    def open_page(allowed: tuple[str, ...], **context_options) -> GuardedPage:
        pages.append(GuardedPage(browser, allowed, **context_options))
        return pages[-1]

    yield open_page
    for page in pages:
        page.close()
