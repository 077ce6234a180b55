"""Publishing: the Pages workflow (linted, and shaped as GitHub's Pages actions need), site_url from the
environment, and the `make deploy` route to a gh-pages branch."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from browser.conftest import make_project_for_make, run_make
from conftest import ROOT
from mkdocs.config import load_config

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


def test_pages_workflow_builds_with_the_pins_and_deploys_with_pages_actions():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    run = next(step for step in build["steps"] if "run" in step)
    # `make build` installs requirements.txt's pins and package-lock.json (npm ci), then builds both editions.
    assert run["run"].strip() == "make build"
    assert run["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"]["name"] == "github-pages"


@pytest.mark.parametrize("site_url", ["https://example.invalid/briefing/", None])
def test_site_url_comes_from_the_environment(monkeypatch, site_url):
    if site_url:
        monkeypatch.setenv("SITE_URL", site_url)
    else:
        monkeypatch.delenv("SITE_URL", raising=False)
    config = load_config(str(ROOT / "mkdocs.yml"))
    # Unset, the site still sits under a subpath, so a local build and `mkdocs serve` look like Pages.
    assert config.site_url == (site_url or "http://127.0.0.1:8000/briefing/")


def git(cwd, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=env).stdout


def test_make_deploy_refuses_without_site_url(tmp_path):
    project = make_project_for_make(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = run_make(project, "deploy", env)
    assert result.returncode != 0
    assert "set SITE_URL=" in result.stderr
    assert not (project / "site-offline").exists()


def test_make_deploy_pushes_the_site_with_the_zip_to_gh_pages(tmp_path):
    """`make deploy` (mkdocs gh-deploy) into a local bare repository standing in for GitHub."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    project = make_project_for_make(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", "mkdocs.yml", "docs", "data", "hooks", "overrides")
    git(project, "commit", "-q", "-m", "briefing")
    git(project, "remote", "add", "origin", str(remote))
    result = run_make(project, "deploy", {**os.environ, "SITE_URL": "https://example.invalid/briefing/"})
    assert result.returncode == 0, result.stdout + result.stderr
    published = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {"index.html", "timeline/index.html", "404.html", "sitemap.xml", ".nojekyll"} <= set(published)
    assert "downloads/nato-eastern-flank-briefing-offline.zip" in published
