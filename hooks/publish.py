"""Publish the committed state of the briefing as an edition on the gh-pages branch (`make deploy`).

    python hooks/publish.py [deploy | prepare | push] [--remote origin] [--branch gh-pages] [--replace] [--out DIR]

`prepare` refuses a dirty working tree, reads the editions already on the branch, exports HEAD into a
temporary folder and runs `make build` there (so the local site/ is never touched), then composes the
branch's next commit: the new site at the root (the live site, links keep their form), a copy of it at
editions/<as_of>/, every earlier edition kept as it was, and the site's editions.json. `push` pushes that
commit (a fast-forward, so a concurrent publish is refused, not overwritten); `deploy` does both.

Why not mike (Material's versioning tool): it puts every version in a folder of its own and leaves the
root to a redirect, so the live site could not stay at the root; see the README, "Publishing".
Every refusal or failure is one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefing import DataError, load_and_validate  # noqa: E402  (the core, from hooks/)
from briefing.changes import compare  # noqa: E402
from briefing.editions import LIST, edition_url, write_history  # noqa: E402
from briefing.export import export_json  # noqa: E402

# Untracked files here would change the site, so they make the tree dirty (other untracked files do not).
WATCHED = ("data/", "docs/", "overrides/", "hooks/")
EDITION = re.compile(r"^editions/(\d{4}-\d{2}-\d{2})/(.+)$")
KEEP_AT_ROOT = ("CNAME",)  # files put on the branch by hand (a custom domain) stay
PREPARED = "refs/briefing/prepared"  # the commit `prepare` made, for `push`
FETCHED = "refs/briefing/published"  # the branch as last read from the remote
TOOLS = (".venv", "node_modules")  # installed once in the checkout, linked into the export
DATA = "data/briefing.json"


class PublishError(Exception):
    """A reason not to publish, said in one line."""


def _reason(stderr: str) -> str:
    """The informative line of git's error output: a rejected ref, or the fatal/error message."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith("hint:")]
    for line in lines:
        if line.startswith("!"):
            return line.lstrip("! ").strip()
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line.split(":", 1)[1].strip()
    return lines[-1] if lines else "no output"


def git(root: Path, *args: str, data: bytes | None = None, env: dict | None = None) -> bytes:
    """Run git in `root`; its output as bytes, or a PublishError naming what failed."""
    result = subprocess.run(["git", *args], cwd=root, input=data, capture_output=True, env=env)
    if result.returncode:
        raise PublishError(f"git {args[0]} failed: {_reason(result.stderr.decode(errors='replace'))}")
    return result.stdout


def text(root: Path, *args: str, **kwargs) -> str:
    return git(root, *args, **kwargs).decode().strip()


def dirty_files(root: Path) -> list[str]:
    """Uncommitted changes that would be missing from what is published: tracked ones, and untracked files under WATCHED."""
    fields = git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all").decode().split("\0")
    found, skip = [], False
    for entry in fields:
        if skip or not entry:
            skip = False
            continue
        code, path = entry[:2], entry[3:]
        skip = code[0] in "RC"  # a rename is followed by its old path
        if code == "??":
            if path.startswith(WATCHED):
                found.append(f"{path} (untracked)")
        else:
            found.append(path)
    return found


@dataclass
class Published:
    """The branch as published: its commit, every file on it, and the editions it holds."""

    root: Path
    commit: str | None = None
    files: list[tuple[str, str, str]] = field(default_factory=list)  # (mode, blob sha, path)
    listed: dict[str, dict] = field(default_factory=dict)  # editions.json's entries by as_of

    def read(self, spec: str) -> dict:
        """A JSON file of the branch, by blob sha or `<commit>:<path>`."""
        return json.loads(git(self.root, "cat-file", "blob", spec))

    @cached_property
    def editions(self) -> dict[str, list[tuple[str, str, str]]]:
        """Each edition's files (mode, sha, path inside the edition), by as_of.

        A branch published before editions existed (no editions.json) holds one edition: its root.
        """
        found: dict[str, list] = {}
        for mode, sha, path in self.files:
            if match := EDITION.match(path):
                found.setdefault(match[1], []).append((mode, sha, match[2]))
        paths = {path for _, _, path in self.files}
        if self.commit and LIST not in paths and DATA in paths:
            legacy = self.read(f"{self.commit}:{DATA}")["briefing"]["as_of"]
            found.setdefault(legacy, [f for f in self.files if not f[2].startswith("editions/")])
        return found


def read_published(root: Path, remote: str, branch: str) -> Published:
    """The remote branch's tip and files; an empty Published when the branch does not exist yet."""
    heads = subprocess.run(["git", "ls-remote", "--heads", remote, f"refs/heads/{branch}"], cwd=root, capture_output=True,
                           text=True)
    if heads.returncode:
        raise PublishError(f"cannot read the branch '{branch}' of remote '{remote}': {_reason(heads.stderr)}")
    if not heads.stdout.strip():
        return Published(root)
    git(root, "fetch", "--quiet", "--no-tags", remote, f"+refs/heads/{branch}:{FETCHED}")
    commit = text(root, "rev-parse", FETCHED)
    files = []
    for line in filter(None, git(root, "ls-tree", "-r", "-z", "--full-tree", commit).decode().split("\0")):
        info, path = line.split("\t", 1)
        mode, _, sha = info.split()
        files.append((mode, sha, path))
    published = Published(root, commit, files)
    if LIST in {path for _, _, path in files}:
        published.listed = {e["as_of"]: e for e in published.read(f"{commit}:{LIST}")["editions"]}
    return published


def edition_data(published: Published, as_of: str) -> dict:
    """The data/briefing.json an edition published."""
    sha = next((sha for _, sha, path in published.editions[as_of] if path == DATA), None)
    if sha is None:
        raise PublishError(f"the edition of {as_of} on the published branch has no {DATA}")
    return published.read(sha)


def export_head(root: Path, dest: Path) -> None:
    """The committed state (HEAD) of the project, as files in `dest`, with the installed tools linked in."""
    prefix = text(root, "rev-parse", "--show-prefix")
    archive = git(root, "archive", "--format=tar", f"HEAD:{prefix}" if prefix else "HEAD")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    for name in TOOLS:
        if (root / name).exists():
            (dest / name).symlink_to((root / name).resolve(), target_is_directory=True)


def committed_data(project: Path) -> dict:
    """The exported project's data as the build will publish it (data/briefing.json), validated."""
    try:
        dataset, _ = load_and_validate(project)
    except DataError as error:
        raise PublishError(f"the committed data/ has {len(error.problems)} problem(s): run `make check`") from None
    return json.loads(export_json(dataset))


def write_build_history(published: Published, as_of: str, folder: Path) -> None:
    """Hand the build the editions older than `as_of`, and the data of the newest of them."""
    older = sorted((d for d in published.editions if d < as_of), reverse=True)
    entries = [{k: v for k, v in published.listed.get(d, {"as_of": d}).items() if k != "url"} for d in older]
    write_history(folder, entries, edition_data(published, older[0]) if older else None)


def build(project: Path, site_url: str, history: Path, commit_time: str, old_files: list[str]) -> Path:
    """`make build` in the exported project (its own keep-the-last-good swap); returns the built site."""
    env = {**os.environ, "SITE_URL": site_url, "BRIEFING_EDITIONS": str(history), "SOURCE_DATE_EPOCH": commit_time}
    command = ["make", "--no-print-directory", *[f"--old-file={name}" for name in old_files], "build"]
    if subprocess.run(command, cwd=project, env=env).returncode:
        raise PublishError("the build of the committed state failed (see above); nothing was published")
    return project / "site"


def hash_files(root: Path, site: Path) -> list[tuple[str, str]]:
    """(path inside the site, blob sha) of every file of the built site, written into the repository."""
    paths = sorted(p for p in site.rglob("*") if p.is_file())
    shas = text(root, "hash-object", "-w", "--stdin-paths", data="".join(f"{p}\n" for p in paths).encode()).split()
    return [(p.relative_to(site).as_posix(), sha) for p, sha in zip(paths, shas, strict=True)]


def compose(root: Path, published: Published, site: Path, as_of: str, keep_edition: bool) -> str:
    """The branch's next tree: the site at the root and at editions/<as_of>/, earlier editions as they were."""
    files = [(mode, sha, f"editions/{day}/{path}") for day, entries in published.editions.items()
             if day != as_of or keep_edition for mode, sha, path in entries]
    files += [f for f in published.files if f[2] in KEEP_AT_ROOT]
    built = hash_files(root, site)
    files += [("100644", sha, path) for path, sha in built]
    if not keep_edition:
        files += [("100644", sha, f"editions/{as_of}/{path}") for path, sha in built]
    if not (site / ".nojekyll").exists():  # GitHub Pages: serve the files as they are, no Jekyll
        files.append(("100644", text(root, "hash-object", "-w", "--stdin", data=b""), ".nojekyll"))
    with tempfile.TemporaryDirectory(prefix="publish-index-") as scratch:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        lines = "".join(f"{mode} {sha}\t{path}\0" for mode, sha, path in files)
        git(root, "update-index", "--add", "-z", "--index-info", data=lines.encode(), env=env)
        return text(root, "write-tree", env=env)


def identity(root: Path) -> dict:
    """The publishing commit's author: git's configured user, else the author of the commit published."""
    configured = subprocess.run(["git", "config", "user.email"], cwd=root, capture_output=True).returncode == 0
    if configured or os.environ.get("GIT_COMMITTER_EMAIL"):
        return dict(os.environ)
    name, email = text(root, "log", "-1", "--format=%an%n%ae", "HEAD").splitlines()
    return {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email}


def decide(published: Published, current: dict, replace: bool) -> bool:
    """Whether the edition of this as_of already on the branch is kept (True) or (re)written (False)."""
    as_of = current["briefing"]["as_of"]
    newest = max(published.editions, default=None)
    if newest and as_of < newest:
        raise PublishError(f"as_of ({as_of}) in data/briefing.yml is older than the newest edition ({newest})")
    if as_of not in published.editions:
        return False
    if compare(edition_data(published, as_of), current) and not replace:
        raise PublishError(
            f"the data changed since the edition of {as_of} was published, but as_of did not: set as_of in "
            f"data/briefing.yml to the date this edition holds for (or, to correct the edition of {as_of}, "
            "publish with --replace)"
        )
    return not replace


def prepare(root: Path, args: argparse.Namespace) -> str:
    """Build the committed state and commit the branch's next state locally (not pushed); returns the commit."""
    site_url = os.environ.get("SITE_URL", "").strip()
    if not site_url:
        raise PublishError("set SITE_URL to the address the site is served from, e.g. SITE_URL=https://<owner>.github.io/<repo>/")
    site_url = site_url.rstrip("/") + "/"
    if dirty := dirty_files(root):
        raise PublishError(f"uncommitted changes would not be published; commit or stash them first: {', '.join(dirty)}")
    published = read_published(root, args.remote, args.branch)
    head = text(root, "rev-parse", "HEAD")
    with tempfile.TemporaryDirectory(prefix="publish-") as scratch:
        project = Path(scratch) / "project"
        export_head(root, project)
        current = committed_data(project)
        as_of = current["briefing"]["as_of"]
        keep = decide(published, current, args.replace)  # before building: a refusal comes at once
        write_build_history(published, as_of, Path(scratch) / "history")
        site = build(project, site_url, Path(scratch) / "history", text(root, "log", "-1", "--format=%ct", "HEAD"), args.old_file)
        tree = compose(root, published, site, as_of, keep)
    what = f"Live site from {head[:7]}; edition {as_of} kept" if keep else f"Edition {as_of} from {head[:7]}"
    message = f"{what}\n\n{edition_url(site_url, as_of)}\nSource: {head}\n"
    parents = ["-p", published.commit] if published.commit else []
    commit = text(root, "commit-tree", tree, *parents, "-m", message, env=identity(root))
    git(root, "update-ref", PREPARED, commit)
    if args.out:
        materialize(root, tree, Path(args.out))
    where = f"; the branch's files are in {args.out}/" if args.out else ""
    print(f"publish: {what.lower()}, prepared as commit {commit[:7]}{where}")
    return commit


def materialize(root: Path, tree: str, out: Path) -> None:
    """The branch's files as they will be published, for checking them (the link gate)."""
    shutil.rmtree(out, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(git(root, "archive", "--format=tar", tree))) as tar:
        tar.extractall(out, filter="data")


def push(root: Path, args: argparse.Namespace) -> None:
    """Push the prepared commit as the branch's new tip: a fast-forward only."""
    try:
        commit = text(root, "rev-parse", "--verify", "--quiet", PREPARED)
    except PublishError:
        raise PublishError("nothing prepared: run `python hooks/publish.py prepare` (or `make deploy`) first") from None
    source = re.search(r"^Source: (\w+)$", text(root, "log", "-1", "--format=%B", commit), re.M)
    if not source or source[1] != text(root, "rev-parse", "HEAD"):
        raise PublishError("the prepared edition is not of the current commit (HEAD moved): prepare it again")
    result = subprocess.run(["git", "push", "--quiet", args.remote, f"{commit}:refs/heads/{args.branch}"], cwd=root,
                            capture_output=True, text=True)
    if result.returncode:
        raise PublishError(f"push to '{args.remote}' failed: {_reason(result.stderr)}; nothing was published")
    git(root, "update-ref", "-d", PREPARED)
    print(f"publish: pushed {commit[:7]} to {args.remote} {args.branch}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hooks/publish.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="deploy", choices=("deploy", "prepare", "push"))
    parser.add_argument("--remote", default="origin", help="the remote to publish to (default: origin)")
    parser.add_argument("--branch", default="gh-pages", help="the branch GitHub Pages serves (default: gh-pages)")
    parser.add_argument("--replace", action="store_true", help="rewrite the edition of the same as_of with changed data")
    parser.add_argument("--out", help="also write the branch's files as they will be published into this folder")
    parser.add_argument("--old-file", action="append", default=[], help="passed to make: an install stamp not to remake")
    args = parser.parse_args(argv)
    try:
        root = Path(text(Path.cwd(), "rev-parse", "--show-toplevel")) / text(Path.cwd(), "rev-parse", "--show-prefix")
        if args.command in ("deploy", "prepare"):
            prepare(root, args)
        if args.command in ("deploy", "push"):
            push(root, args)
    except PublishError as error:
        print(f"publish: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
