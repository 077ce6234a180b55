"""The one file that knows MkDocs: it hands the core's pages and exports to the build."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

HOOKS = str(Path(__file__).parent)
sys.path.insert(0, HOOKS)
import briefing  # noqa: E402  (MkDocs puts hooks/ on sys.path only while importing this file)

log = get_plugin_logger("briefing")  # under mkdocs.*: --strict counts its warnings
_site: briefing.Site | None = None


def _reload_core() -> None:
    """MkDocs caches hook modules across `serve` rebuilds (mkdocs#3993): re-import the core."""
    global briefing
    if HOOKS not in sys.path:
        sys.path.insert(0, HOOKS)
    for name in sorted(n for n in sys.modules if n == "briefing" or n.startswith("briefing.")):
        del sys.modules[name]
    briefing = importlib.import_module("briefing")


def on_config(config):
    """Load and check the data before MkDocs touches site_dir, so a failure loses nothing."""
    global _site
    _reload_core()
    try:
        _site = briefing.build_site(Path(config.config_file_path).parent)
    except briefing.DataError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"{len(error.problems)} problem(s) in data/: see the lines above") from None
    for warning in _site.warnings:
        log.warning(str(warning))
    return config


def on_files(files, config):
    """Register the generated pages and exports as in-memory files."""
    for src_uri, content in {**_site.pages, **_site.exports}.items():
        files.append(File.generated(config, src_uri, content=content))
    return files
