"""`make bench`: build time against a no-hook floor at 1x/10x/100x data, live-preview rebuild, page weight,
search index and offline zip sizes, Lighthouse scores. Prints figures; never fails on speed.

Run: .venv/bin/python tests/bench/bench.py [--runs N] [--scales 1,10,100] [--no-lighthouse]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS.parent / "hooks")]
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, make_project, make_project_for_make, mkdocs_build, static_server  # noqa: E402
from quality.conftest import make_offline, served_path  # noqa: E402

KINDS = ("sources", "facts", "quotes", "events", "battlegroups")
# The fields of each kind that hold ids: a copy's references stay inside the copy.
REFERENCES = {"sources": (), "facts": ("sources",), "quotes": ("sources",), "events": ("sources", "quotes", "facts"),
              "battlegroups": ("sources",)}  # fmt: skip
PAGES = {"overview": "", "timeline": "timeline/", "battlegroups": "battlegroups/", "facts": "facts/", "quotes": "quotes/",
         "sources": "sources/", "about": "about/"}  # fmt: skip
LIGHTHOUSE_PAGES = ("overview", "timeline", "battlegroups")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


class _NoAliases(yaml.SafeDumper):
    """Copies share lists; the data layer refuses YAML aliases, so write every value out."""

    def ignore_aliases(self, data):
        return True


def new_project(dest: Path, data: Path | None = None) -> Path:
    dest.mkdir(parents=True)
    return make_project(dest, data)


def scaled_data(scale: int, dest: Path) -> Path:
    """data/ with every record repeated `scale` times (ids suffixed per copy, references kept inside the copy)."""
    real = {kind: yaml.safe_load((ROOT / "data" / f"{kind}.yml").read_text(encoding="utf-8")) for kind in (*KINDS, "briefing")}
    dest.mkdir(parents=True)
    for kind in KINDS:
        records = []
        for copy in range(scale):
            suffix = f"-x{copy}" if copy else ""
            for record in real[kind]:
                record = {**record, "id": record["id"] + suffix}
                for field in REFERENCES[kind]:
                    if field in record:
                        record[field] = [ref + suffix for ref in record[field]]
                records.append(record)
        (dest / f"{kind}.yml").write_text(
            yaml.dump(records, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    shutil.copy2(ROOT / "data" / "briefing.yml", dest / "briefing.yml")
    return dest


def timed(command_or_function, runs: int) -> float:
    """Median wall-clock seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        command_or_function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor_project(project: Path, dest: Path) -> Path:
    """The same site as static Markdown (`python -m briefing write`), built with the same theme and plugins, no hooks."""
    shutil.copytree(project / "docs", dest / "docs")
    shutil.copytree(project / "overrides", dest / "overrides")
    env = {**ENV, "PYTHONPATH": str(project / "hooks")}
    command = [sys.executable, "-m", "briefing", "--root", str(project), "write", str(dest / "docs")]
    subprocess.run(command, check=True, env=env, capture_output=True)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # No hooks; and no `watch:` list, which only `serve` reads and which names folders the floor lacks.
    config = re.sub(r"^(?:hooks|watch):\n(?:  - .*\n)+", "", config, flags=re.M)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def build_times(scale: int, runs: int, work: Path) -> dict[str, float]:
    project = new_project(work / f"project-{scale}", scaled_data(scale, work / f"data-{scale}"))
    floor = floor_project(project, work / f"floor-{scale}")

    def build(where: Path) -> None:
        result = mkdocs_build(where, work / f"site-{scale}", env=ENV)
        assert result.returncode == 0, result.stderr

    build(project)  # warm the file cache once for both
    return {"full": timed(lambda: build(project), runs), "floor": timed(lambda: build(floor), runs)}


def live_rebuild(runs: int, work: Path) -> float:
    """What `mkdocs serve` does after a save: reload the config and build again, in a warm process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = new_project(work / "live")
    facts = project / "data" / "facts.yml"
    original = facts.read_text(encoding="utf-8")
    site_dir = work / "live-site"

    def rebuild() -> None:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
        build(config, serve_url="http://127.0.0.1:8000/briefing/", dirty=False)

    with contextlib.redirect_stderr(open(os.devnull, "w")):  # noqa: SIM115
        rebuild()  # the first build `serve` does before watching
        times = []
        for n in range(runs):
            # A one-line edit: the first statement gets a word, as an editor would change it.
            facts.write_text(original.replace("statement: ", f"statement: Edit{n} ", 1), encoding="utf-8")
            start = time.perf_counter()
            rebuild()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_view(site: Path) -> dict[str, dict[str, int]]:
    """Gzip bytes of everything Chromium fetches while loading each page, split page / search."""
    from playwright.sync_api import sync_playwright

    weights = {}
    prefix = served_path(site)
    with static_server(site, prefix) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for name, url in PAGES.items():
            page = browser.new_page(viewport={"width": 390, "height": 844})
            fetched: list[str] = []
            page.on("request", lambda request, fetched=fetched: fetched.append(request.url))
            page.goto(base + url, wait_until="networkidle")
            page.close()
            sizes = {"page": 0, "search": 0}
            for address in dict.fromkeys(fetched):
                if not address.startswith(base):
                    continue
                path = site / address.removeprefix(base).split("#")[0].split("?")[0]
                path = path / "index.html" if path.is_dir() else path
                if path.is_file():
                    kind = "search" if "search" in path.relative_to(site).as_posix() else "page"
                    sizes[kind] += len(gzip.compress(path.read_bytes(), 6, mtime=0))
            weights[name] = sizes
        browser.close()
    return weights


def reading_weights(site: Path, overview_first_view: int) -> list[str]:
    """Lines on what the map and the sortable table cost: the map's SVG, the table's scripts, the overview with the map."""
    html = (site / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg class="briefing-map__svg".*?</svg>', html, re.S)
    gz = lambda data: len(gzip.compress(data, 6, mtime=0))  # noqa: E731
    scripts = re.findall(r'<script src="\.\./(assets/[^"]+)"', (site / "battlegroups" / "index.html").read_text(encoding="utf-8"))
    scripts = [path for path in scripts if "bundle" not in path]  # Material's own script is on every page
    script_bytes = [(site / path).read_bytes() for path in scripts]
    return [
        f"Map (inline SVG on the overview and battlegroups pages): {kb(len(svg.group(0)))} ({kb(gz(svg.group(0).encode()))} gzip;"
        " target < 60 KB)" if svg else "Map: not found on the overview",
        f"Table scripts ({', '.join(Path(p).name for p in scripts)}): {kb(sum(map(len, script_bytes)))}"
        f" ({kb(sum(map(gz, script_bytes)))} gzip), battlegroups page only",
        f"Overview first view with the map: {kb(overview_first_view)} gzip (target <= 75 KB)",
    ]


def lighthouse(site: Path) -> dict[str, dict[str, int]]:
    """Lighthouse's four category scores (mobile preset) per page, served gzipped on 127.0.0.1 like GitHub Pages."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    scores = {}
    with static_server(site, served_path(site), compress=True) as base:  # gzip, as GitHub Pages serves it
        for name in LIGHTHOUSE_PAGES:
            command = [
                "npx",
                "--no-install",
                "lighthouse",
                base + PAGES[name],
                "--output=json",
                "--quiet",
                f"--chrome-flags={flags}",
            ]
            result = subprocess.run(
                command, capture_output=True, text=True, cwd=ROOT, env={**ENV, "CHROME_PATH": CHROMIUM}, timeout=300
            )
            report = json.loads(result.stdout)
            scores[name] = {key: round(100 * (c["score"] or 0)) for key, c in report["categories"].items()}
    return scores


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line), "?"
    )
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def _folder_sizes(folder: Path, owner) -> dict[str, int]:
    """Bytes of the files under `folder` (links not followed), summed by `owner(path relative to folder)`."""
    sizes: dict[str, int] = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                key = owner(os.path.relpath(path, folder))
                sizes[key] = sizes.get(key, 0) + os.lstat(path).st_size
    return sizes


def _venv_owner(path: str) -> str:
    """lib/pythonX.Y/site-packages/<entry>/... -> <entry> (a package, module or .dist-info); else the path (bin/ruff)."""
    parts = path.split(os.sep)
    return parts[3] if len(parts) > 4 and parts[0] == "lib" and parts[2] == "site-packages" else path


def _node_owner(path: str) -> str:
    """<name>/... or @scope/<name>/... -> the top-level package (nested node_modules belong to it)."""
    return "/".join(path.split(os.sep)[: 2 if path.startswith("@") else 1])


def install_sizes() -> dict[str, dict[str, int]]:
    """Bytes in .venv and node_modules: all of it (`make test`), and what is left without the development
    dependencies (`make build`): requirements-dev.txt's pins and package-lock.json's dev packages."""
    from importlib.metadata import distribution

    venv = ROOT / ".venv"
    dev_pins = [line.split("==")[0] for line in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
                if "==" in line and not line.startswith("#")]  # fmt: skip
    dev_python = {_venv_owner(os.path.relpath(os.path.normpath(file.locate()), venv))
                  for name in dev_pins for file in distribution(name).files or ()}  # fmt: skip
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    dev_node = {name.removeprefix("node_modules/") for name, entry in lock.items() if entry.get("dev")}
    return {
        folder: {"all": sum(sizes.values()), "runtime": sum(size for key, size in sizes.items() if key not in dev)}
        for folder, sizes, dev in (
            (".venv", _folder_sizes(venv, _venv_owner), dev_python),
            ("node_modules", _folder_sizes(ROOT / "node_modules", _node_owner), dev_node),
        )
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="builds per measurement; the median is printed (default 5)")
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    sizes = install_sizes()
    print("| Installed (MB) | make build, serve, check: runtime | make test, bench: runtime + dev |\n| --- | --- | --- |")
    for folder, size in sizes.items():
        print(f"| {folder} | {size['runtime'] / 1e6:.1f} | {size['all'] / 1e6:.1f} |")
    print()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as folder:
        work = Path(folder)
        print("| Data | Full build (s) | Floor: static Markdown, no hooks (s) | Ratio (target <= 1.15) |")
        print("| --- | --- | --- | --- |")
        first = None
        for scale in (int(s) for s in args.scales.split(",")):
            runs = max(3, args.runs // 2) if scale >= 100 else args.runs
            t = build_times(scale, runs, work)
            first = first or t["full"]
            ratio, growth = t["full"] / t["floor"], t["full"] / first
            print(f"| {scale}x | {t['full']:.2f} | {t['floor']:.2f} | {ratio:.2f} (build x{growth:.1f} the 1x time) |")
        rebuild = live_rebuild(args.runs, work)
        print(f"\nLive preview, rebuild after a one-line data edit (median of {args.runs}): {rebuild:.2f} s (target < 1 s)")

        site = work / "site"
        assert mkdocs_build(new_project(work / "weight"), site, env=ENV).returncode == 0
        print("\n| Page | First view, gzip (target <= 70 KB overview) | + search worker and index |")
        print("| --- | --- | --- |")
        weights = first_view(site)
        for name, sizes in weights.items():
            print(f"| {name} | {kb(sizes['page'])} | {kb(sizes['search'])} |")
        print("\n" + "\n".join(reading_weights(site, weights["overview"]["page"])))
        index = (site / "search" / "search_index.json").read_bytes()
        print(f"\nSearch index: {kb(len(index))} ({kb(len(gzip.compress(index, 6, mtime=0)))} gzip)")
        offline = make_project_for_make(work / "offline")
        if make_offline(offline).returncode == 0:
            for archive in sorted((offline / "dist").glob("*.zip")):
                print(f"Offline zip: {archive.name}: {archive.stat().st_size / 1e6:.2f} MB")
        else:
            print("Offline zip: `make offline` failed")
        if not args.no_lighthouse:
            print("\n| Lighthouse (mobile) | Performance | Accessibility | Best practices | SEO |")
            print("| --- | --- | --- | --- | --- |")
            for name, score in lighthouse(site).items():
                cells = " | ".join(str(score.get(k, "?")) for k in ("performance", "accessibility", "best-practices", "seo"))
                print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
