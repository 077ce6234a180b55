"""Publishing: the Pages workflow (linted; checks before it publishes), site_url from the environment, and
`make deploy` end to end: editions on a gh-pages branch of a local bare repository, served side by side."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import MAKE_TOOLS, ROOT, make_project_for_make, run_make, static_server
from mkdocs.config import load_config
from quality.linkcheck import broken_links

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = os.path.join(os.path.dirname(sys.executable), "actionlint")


def actionlint(*paths) -> subprocess.CompletedProcess:
    return subprocess.run([ACTIONLINT, "-no-color", *map(str, paths)], capture_output=True, text=True, timeout=120)


def test_workflows_pass_actionlint():
    assert WORKFLOWS, "no workflow under .github/workflows/"
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The linter can fail: a typo in an expression and a job needing a job that does not exist."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    needs: nothing\n"
        "    steps:\n      - run: echo ${{ github.evnt }}\n"
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert "evnt" in result.stdout and "nothing" in result.stdout


def test_pages_workflow_checks_before_it_publishes_and_only_builds_on_pull_requests():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True] and workflow[True]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "").strip() for step in build["steps"]]
    order = [runs.index(command) for command in ("make check", "make edition", "make linkcheck SITE=site-pages")]
    assert order == sorted(order), "data check, then the strict build of the edition, then the link gate"
    push = next(step for step in build["steps"] if step.get("run", "").startswith("make publish-push"))
    assert runs.index(push["run"].strip()) > order[-1] and push["if"] == "github.event_name != 'pull_request'"
    edition = next(step for step in build["steps"] if step.get("run", "").strip() == "make edition")
    assert edition["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site-pages" and upload["if"] == push["if"]
    assert deploy["if"] == push["if"] and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.mark.parametrize("site_url", ["https://example.invalid/briefing/", None])
def test_site_url_comes_from_the_environment(monkeypatch, site_url):
    if site_url:
        monkeypatch.setenv("SITE_URL", site_url)
    else:
        monkeypatch.delenv("SITE_URL", raising=False)
    config = load_config(str(ROOT / "mkdocs.yml"))
    # Unset, the site still sits under a subpath, so a local build and `mkdocs serve` look like Pages.
    assert config.site_url == (site_url or "http://127.0.0.1:8000/briefing/")


# --- `make deploy` end to end, against a local bare repository standing in for GitHub ---------------

GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
TRACKED = ["mkdocs.yml", "docs", "data", "hooks", "overrides", ".gitignore", *MAKE_TOOLS]


def git(cwd, *args) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=env).stdout


def git_project(tmp_path: Path) -> tuple[Path, Path]:
    """A committed project copy whose `origin` is an empty bare repository; returns (project, remote)."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    project = make_project_for_make(tmp_path / "project")
    shutil.copy2(ROOT / ".gitignore", project / ".gitignore")
    git(project, "init", "-q")
    git(project, "add", *TRACKED)
    git(project, "commit", "-q", "-m", "briefing")
    git(project, "remote", "add", "origin", str(remote))
    return project, remote


def deploy(project: Path, site_url: str, target: str = "deploy") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}  # publish.py finds its own identity
    return run_make(project, target, {**env, "SITE_URL": site_url})


def published_files(remote: Path, ref: str = "gh-pages") -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", ref).split())


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    """What the editor reads on stderr, without make's own closing line (`make: ***`, `make[1]: ***` under make)."""
    return [line for line in result.stderr.splitlines() if line.strip() and not re.match(r"make(\[\d+\])?: \*\*\*", line)]


def set_as_of(project: Path, day: datetime.date) -> None:
    path = project / "data" / "briefing.yml"
    path.write_text(re.sub(r"(?m)^as_of: .*$", f"as_of: {day.isoformat()}", path.read_text(encoding="utf-8")), encoding="utf-8")


def as_of(project: Path) -> datetime.date:
    return yaml.safe_load((project / "data" / "briefing.yml").read_text(encoding="utf-8"))["as_of"]


@dataclass
class Published:
    project: Path
    remote: Path
    served: Path  # the remote's gh-pages files, as GitHub Pages serves them
    url: str
    first: str  # as_of of the first edition
    second: str
    changed_fact: str
    added_fact: str
    results: list[subprocess.CompletedProcess]


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory) -> Iterator[Published]:
    """Two editions published with `make deploy`: the second changes one fact, adds one and moves as_of on a day."""
    tmp_path = tmp_path_factory.mktemp("editions")
    project, remote = git_project(tmp_path)
    served = tmp_path / "served"
    served.mkdir()
    (project / "site").mkdir()
    (project / "site" / "kept.txt").write_text("the last local build\n")  # site/ must stay as it is
    (project / "notes.txt").write_text("an untracked file outside data/, docs/, overrides/, hooks/\n")
    (project / ".gitignore").open("a").write("docs/draft.md\n")
    git(project, "commit", "-q", "-am", "ignore drafts")
    (project / "docs" / "draft.md").write_text("# An ignored draft: not in the committed state\n")
    facts = yaml.safe_load((project / "data" / "facts.yml").read_text(encoding="utf-8"))
    changed, first = facts[0], as_of(project).isoformat()
    with static_server(served, prefix="briefing") as url:
        results = [deploy(project, url)]
        assert results[0].returncode == 0, results[0].stdout + results[0].stderr
        second = as_of(project) + datetime.timedelta(days=1)
        set_as_of(project, second)
        path = project / "data" / "facts.yml"
        text = path.read_text(encoding="utf-8").replace(changed["statement"], changed["statement"] + " (Corrected wording.)", 1)
        added = {"id": "publish-test-added-fact", "statement": "A fact added for the second edition.",
                 "sources": changed["sources"]}
        path.write_text(text + "\n" + yaml.safe_dump([added], sort_keys=False, allow_unicode=True), encoding="utf-8")
        git(project, "commit", "-q", "-am", "second edition")
        results.append(deploy(project, url))
        assert results[1].returncode == 0, results[1].stdout + results[1].stderr
        archive = subprocess.run(["git", "archive", "gh-pages"], cwd=remote, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(served)], input=archive, check=True)
        yield Published(project, remote, served, url, first, second.isoformat(), changed["id"], added["id"], results)


def test_both_editions_stay_published_beside_the_live_site(two_editions):
    files = published_files(two_editions.remote)
    for day in (two_editions.first, two_editions.second):
        assert {f"editions/{day}/index.html", f"editions/{day}/facts/index.html", f"editions/{day}/data/briefing.json",
                f"editions/{day}/downloads/nato-eastern-flank-briefing-offline.zip"} <= files
    # The live site stays at the root: published links keep their form.
    assert {"index.html", "facts/index.html", "editions/index.html", "editions.json", ".nojekyll", "404.html"} <= files
    listed = json.loads((two_editions.served / "editions.json").read_text())
    assert listed["current"] == two_editions.second
    assert [e["as_of"] for e in listed["editions"]] == [two_editions.second, two_editions.first]
    assert listed["editions"][0]["url"] == f"{two_editions.url}editions/{two_editions.second}/"
    live = json.loads((two_editions.served / "data" / "briefing.json").read_text())
    old = json.loads((two_editions.served / "editions" / two_editions.first / "data" / "briefing.json").read_text())
    assert live["briefing"]["as_of"] == two_editions.second and old["briefing"]["as_of"] == two_editions.first


def test_the_published_tree_has_no_broken_links(two_editions):
    problems = broken_links(two_editions.served, site_url=two_editions.url)
    assert not problems, "\n".join(problems)


def test_the_second_edition_lists_what_changed_since_the_first(two_editions):
    entry = json.loads((two_editions.served / "editions.json").read_text())["editions"][0]
    assert entry["changes"] == {"since": two_editions.first, "added": 1, "changed": 1, "removed": 0}
    page = (two_editions.served / "editions" / "index.html").read_text(encoding="utf-8")
    assert "1 added, 1 changed, 0 removed" in page
    assert f'href="../facts/#fact-{two_editions.added_fact}">Fact: A fact added for the second edition.</a>' in page
    assert f'href="../facts/#fact-{two_editions.changed_fact}">Fact: ' in page
    old = f"{two_editions.url}editions/{two_editions.first}/facts/#fact-{two_editions.changed_fact}"
    assert f'<a href="{old}">as it was</a>' in page


def test_deploy_publishes_the_committed_state_and_leaves_site_alone(two_editions):
    files = published_files(two_editions.remote)
    assert not any("draft" in name for name in files), "an ignored draft page was published"
    assert sorted(p.name for p in (two_editions.project / "site").iterdir()) == ["kept.txt"]
    message = git(two_editions.remote, "log", "-1", "--format=%B", "gh-pages")
    assert f"Source: {git(two_editions.project, 'rev-parse', 'HEAD').strip()}" in message
    # Each publish is one commit on top of the last: earlier editions are history too.
    assert len(git(two_editions.remote, "rev-list", "gh-pages").split()) == 2


def test_the_old_editions_notice_links_to_the_same_record_in_the_newer_one(two_editions, guarded_page):
    guarded = guarded_page((two_editions.url.split("briefing/")[0],))
    page, errors = guarded.page, []
    page.on("pageerror", lambda error: errors.append(str(error)))
    anchor = f"fact-{two_editions.changed_fact}"
    page.goto(f"{two_editions.url}editions/{two_editions.first}/facts/#{anchor}")
    newer = page.locator(".briefing-edition-notice a.briefing-edition-notice__newer")
    newer.wait_for()
    assert page.locator(".briefing-edition-notice .admonition-title").inner_text().startswith("Permanent edition of ")
    assert newer.get_attribute("href") == f"{two_editions.url}editions/{two_editions.second}/facts/#{anchor}"
    newer.click()
    page.wait_for_url(f"**/editions/{two_editions.second}/facts/#{anchor}")
    assert "(Corrected wording.)" in page.locator(f"#{anchor}").inner_text()
    # The newest edition says it is permanent, with no newer one; the live site shows no notice at all.
    page.wait_for_function("() => document.querySelector('.briefing-edition-notice')")
    page.wait_for_timeout(500)  # the list has been fetched: no "newer" link appears
    assert page.locator(".briefing-edition-notice__newer").count() == 0
    page.goto(f"{two_editions.url}facts/#{anchor}")
    assert page.locator(".briefing-edition-notice").count() == 0
    assert errors == [] and guarded.blocked == []


def test_the_notice_does_without_the_editions_list(two_editions, guarded_page):
    """Offline, or with editions.json unreachable, an old edition still loads and says what it is."""
    guarded = guarded_page((two_editions.url.split("briefing/")[0],))
    page, errors = guarded.page, []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/editions.json", lambda route: route.abort())
    page.goto(f"{two_editions.url}editions/{two_editions.first}/timeline/")
    page.locator(".briefing-edition-notice").wait_for()
    page.wait_for_timeout(500)
    assert page.locator(".briefing-edition-notice__newer").count() == 0
    assert errors == []


def test_republishing_the_same_data_keeps_the_edition_and_a_failed_push_says_one_line(two_editions):
    """Same as_of, same data: the edition is kept as it was; a push the remote refuses is one line, no traceback."""
    project, remote = two_editions.project, two_editions.remote
    before = git(remote, "rev-parse", f"gh-pages:editions/{two_editions.second}").strip()
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'publishing is closed' >&2\nexit 1\n")
    hook.chmod(0o755)
    try:
        result = deploy(project, two_editions.url)
    finally:
        hook.unlink()
    assert result.returncode != 0
    assert error_lines(result)[-1].startswith("publish: push to 'origin' failed: ")
    assert "Traceback" not in result.stderr and "nothing was published" in result.stderr
    result = deploy(project, two_editions.url, "edition")  # prepare only: the branch's files into site-pages/
    assert result.returncode == 0, result.stderr
    assert "edition " + two_editions.second + " kept" in result.stdout
    pages = project / "site-pages"
    assert (pages / "editions" / two_editions.first / "index.html").is_file() and (pages / "index.html").is_file()
    assert git(remote, "rev-parse", f"gh-pages:editions/{two_editions.second}").strip() == before


def test_changed_data_under_the_same_as_of_is_refused(two_editions):
    project = two_editions.project
    path = project / "data" / "facts.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("(Corrected wording.)", "(Corrected again.)"), encoding="utf-8")
    git(project, "commit", "-q", "-am", "a change without a new as_of")
    try:
        result = deploy(project, two_editions.url, "edition")
    finally:
        git(project, "reset", "-q", "--hard", "HEAD~1")
    assert result.returncode != 0
    assert error_lines(result) == [
        f"publish: the data changed since the edition of {two_editions.second} was published, but as_of did not: set "
        "as_of in data/briefing.yml to the date this edition holds for (or, to correct the edition of "
        f"{two_editions.second}, publish with --replace)"
    ]


def test_a_dirty_tree_is_refused_naming_the_files(tmp_path):
    project, remote = git_project(tmp_path)
    facts = project / "data" / "facts.yml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (project / "docs" / "new-page.md").write_text("# Not added yet\n")
    result = deploy(project, "https://example.invalid/briefing/")
    assert result.returncode != 0
    assert error_lines(result) == [
        "publish: uncommitted changes would not be published; commit or stash them first: "
        "data/facts.yml, docs/new-page.md (untracked)"
    ]
    assert not (project / "site-offline").exists() and git(remote, "for-each-ref") == ""


def test_deploy_without_site_url_or_with_a_missing_remote_says_one_line(tmp_path):
    project, _ = git_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = run_make(project, "deploy", env)
    assert result.returncode != 0
    assert error_lines(result) == [
        "publish: set SITE_URL to the address the site is served from, e.g. SITE_URL=https://<owner>.github.io/<repo>/"
    ]
    git(project, "remote", "set-url", "origin", str(tmp_path / "no-such-remote.git"))
    result = deploy(project, "https://example.invalid/briefing/")
    assert result.returncode != 0
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith("publish: cannot read the branch 'gh-pages' of remote 'origin': "), lines
    assert "Traceback" not in result.stderr


def test_a_build_without_site_url_says_which_address_it_used(tmp_path):
    project = make_project_for_make(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SOURCE_DATE_EPOCH")}  # as outside git
    result = run_make(project, "build", env)
    assert result.returncode == 0, result.stderr
    default = load_config(str(ROOT / "mkdocs.yml")).site_url if "SITE_URL" not in os.environ else None
    notes = [line for line in result.stdout.splitlines() if line.startswith("SITE_URL is not set")]
    assert len(notes) == 1 and (default is None or default in notes[0]), result.stdout
    # Outside git the sitemap's date is the newest data file's, not 1980.
    newest = max(path.stat().st_mtime for path in (project / "data").rglob("*") if path.is_file())
    day = datetime.datetime.fromtimestamp(int(newest), datetime.UTC).date().isoformat()
    assert f"<lastmod>{day}</lastmod>" in (project / "site" / "sitemap.xml").read_text()


def test_a_site_published_before_editions_becomes_the_first_edition(tmp_path):
    """A gh-pages branch written by the old `mkdocs gh-deploy` (no editions.json) is kept as an edition of its as_of."""
    project, remote = git_project(tmp_path)
    old = tmp_path / "old-site"
    (old / "data").mkdir(parents=True)
    (old / "index.html").write_text("<!doctype html><title>The old site</title>\n")
    (old / "data" / "briefing.json").write_text(json.dumps({"briefing": {"as_of": "2022-01-31"}, "facts": []}))
    git(old, "init", "-q")
    git(old, "add", ".")
    git(old, "commit", "-q", "-m", "Deployed with MkDocs")
    git(old, "push", "-q", str(remote), "HEAD:refs/heads/gh-pages")
    result = deploy(project, "https://example.invalid/briefing/", "edition")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = project / "site-pages"
    assert (pages / "editions" / "2022-01-31" / "index.html").read_text() == (old / "index.html").read_text()
    listed = json.loads((pages / "editions.json").read_text())
    assert [e["as_of"] for e in listed["editions"]] == [as_of(project).isoformat(), "2022-01-31"]
    assert listed["editions"][0]["changes"]["since"] == "2022-01-31"
    assert "<title>The old site</title>" not in (pages / "index.html").read_text()  # the root is the new live site
