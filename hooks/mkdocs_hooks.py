"""The one file that knows MkDocs: it hands the core's pages and exports to the build."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

HOOKS = str(Path(__file__).parent)
sys.path.insert(0, HOOKS)
import briefing  # noqa: E402  (MkDocs puts hooks/ on sys.path only while importing this file)

log = get_plugin_logger("briefing")  # under mkdocs.*: --strict counts its warnings
_site: briefing.Site | None = None
_extra_files: dict[str, Path] = {}  # site path -> file outside docs/ that this build publishes

# material/offline loads its search shim from a CDN; the offline edition serves the npm copy itself.
WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
WORKER_SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
# `make offline` packs the offline edition here; the web build offers it for download.
OFFLINE_ZIP = Path("dist/nato-eastern-flank-briefing-offline.zip")
OFFLINE_ZIP_URL = "downloads/" + OFFLINE_ZIP.name
# Live preview: how often `mkdocs serve` looks for saved edits under `watch:` (data/, hooks/, overrides/).
PREVIEW_POLL_SECONDS = 0.05


def _reload_core() -> None:
    """MkDocs caches hook modules across `serve` rebuilds (mkdocs#3993): re-import the core."""
    global briefing
    if HOOKS not in sys.path:
        sys.path.insert(0, HOOKS)
    for name in sorted(n for n in sys.modules if n == "briefing" or n.startswith("briefing.")):
        del sys.modules[name]
    briefing = importlib.import_module("briefing")


def _is_offline(config) -> bool:
    """Whether this is the offline edition (`OFFLINE=true` enables material/offline in mkdocs.yml)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def _prepare_offline(config, root: Path) -> None:
    """Serve the iframe-worker shim (search on file://) from node_modules, not material/offline's CDN."""
    polyfills = [str(p) for p in config.extra.get("polyfills", [])]
    if not (root / WORKER_SHIM_SOURCE).is_file():
        raise PluginError(f"{WORKER_SHIM_SOURCE} is missing: run `npm ci` (or `make offline`, which does)")
    config.extra["polyfills"] = [p for p in polyfills if "iframe-worker" not in p] + [WORKER_SHIM]
    _extra_files[WORKER_SHIM] = root / WORKER_SHIM_SOURCE
    # file:// shows no error page, and 404.html links root-absolute (site_url's path) assets.
    config.theme.static_templates.discard("404.html")


def _offer_offline_zip(config, root: Path) -> None:
    """The web build publishes the offline edition's zip, if `make offline` made one, for the footer link."""
    zip_path = root / OFFLINE_ZIP
    if not zip_path.is_file():
        return
    config.extra["offline_download"] = {"url": OFFLINE_ZIP_URL, "size": f"{zip_path.stat().st_size / 1e6:.1f} MB"}
    _extra_files[OFFLINE_ZIP_URL] = zip_path


@event_priority(-50)  # after material/offline's on_config, which switches off directory URLs
def on_config(config):
    """Load and check the data before MkDocs touches site_dir, so a failure loses nothing."""
    global _site
    if _site is not None:  # a rebuild in `mkdocs serve`: pick up edits to the core (the first build just imported it)
        _reload_core()
    root = Path(config.config_file_path).parent
    try:
        _site = briefing.build_site(root, directory_urls=config.use_directory_urls)
    except briefing.DataError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"{len(error.problems)} problem(s) in data/: see the lines above") from None
    for warning in _site.warnings:
        log.warning(str(warning))
    _extra_files.clear()
    if _is_offline(config):
        _prepare_offline(config, root)
    else:
        _offer_offline_zip(config, root)
    return config


def on_files(files, config):
    """Register the generated pages (as Markdown with placeholders for their HTML) and exports, and the
    files published from outside docs/."""
    pages = {src_uri: page.markdown for src_uri, page in _site.passthrough.items()}
    for src_uri, content in {**pages, **_site.exports}.items():
        files.append(File.generated(config, src_uri, content=content))
    for src_uri, path in _extra_files.items():
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    return files


def on_page_content(html, page, config, files):
    """Put the core's finished HTML in place of its placeholders, and let strict validation see its anchors."""
    passthrough = _site.passthrough.get(page.file.src_uri)
    if passthrough is None:
        return html
    page.present_anchor_ids = (page.present_anchor_ids or set()) | passthrough.anchors
    return passthrough.fill(html)


@event_priority(50)  # before material/search parses the page: a generated page's entries come from the data
def on_page_context(context, page, config, nav):
    """Index a generated page by its records (briefing/search.py) instead of by parsing its HTML again."""
    entries = _site.search.get(page.file.src_uri)
    search = config.plugins.get("material/search")
    if entries is None or search is None or not search.config.enabled:
        return context
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    search.search_index.entries.extend(entries)
    return context


def on_serve(server, config, builder):
    """Live preview: look for saved edits every 50 ms instead of MkDocs' 0.5 s, so an edit shows at once.

    MkDocs polls for changes (a PollingObserver); its `watch:` folders are scheduled right after this event,
    and each takes the observer's interval when scheduled. Polling data/, hooks/ and overrides/ is a few stats."""
    if hasattr(server.observer, "_timeout"):
        server.observer._timeout = PREVIEW_POLL_SECONDS
    return server
