"""The one file that knows MkDocs: it hands the core's pages and exports to the build."""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs_print_site_plugin import urls as print_site_urls
from mkdocs_print_site_plugin.urls import get_page_key

HOOKS = str(Path(__file__).parent)
sys.path.insert(0, HOOKS)
import briefing  # noqa: E402  (MkDocs puts hooks/ on sys.path only while importing this file)

log = get_plugin_logger("briefing")  # under mkdocs.*: --strict counts its warnings
_site: briefing.Site | None = None
_extra_files: dict[str, Path] = {}  # site path -> file outside docs/ that this build publishes

# material/offline loads its search shim from a CDN; the offline edition serves the npm copy itself.
WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
WORKER_SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
# Front-end packages the pages use (the battlegroup table's sorting), served from node_modules in both editions.
SITE_PACKAGES = {
    "assets/javascripts/tablesort.min.js": Path("node_modules/tablesort/dist/tablesort.min.js"),
    "assets/javascripts/tablesort.number.min.js": Path("node_modules/tablesort/dist/sorts/tablesort.number.min.js"),
}
# `make offline` packs the offline edition here; the web build offers it for download.
OFFLINE_ZIP = Path("dist/nato-eastern-flank-briefing-offline.zip")
OFFLINE_ZIP_URL = "downloads/" + OFFLINE_ZIP.name
# `make pdf` prints the print page (mkdocs-print-site-plugin) here; the web build offers it too.
PDF = Path("dist/nato-eastern-flank-briefing.pdf")
PDF_URL = "downloads/" + PDF.name
_print_addresses: dict[str, str] = {}  # print page section id -> the web address of that page
_build_scope = contextlib.ExitStack()  # what lasts for one build: on_config until on_post_build or on_build_error
# Live preview: how often `mkdocs serve` looks for saved edits under `watch:` (data/, hooks/, overrides/).
PREVIEW_POLL_SECONDS = 0.05


# mkdocs-print-site-plugin 2.9 rewrites each link, heading id and image of a page by replacing its text in the whole
# page, once per match: time grows with the square of a page's size (over ten minutes at 100 times the data). Each
# rewrite below runs the plugin's own function on that one match instead, in a single pass. The regexes are its
# urls.py's, the tag name matched possessively (`++`: it is not searched again for `id="`, which a name never holds).
_PRINT_SITE_PATTERNS = {
    "fix_href_links": re.compile(r"<a\s+([^>]*?\s+)?href=\"(.*?)\"", flags=re.IGNORECASE),
    "update_anchor_ids": re.compile(r"<([^\s]++).*?id=\"([^\"]*?)\".*?>", flags=re.IGNORECASE),
    "fix_image_src": re.compile(r"<img[^>]+src=\"([^\">]+)\"", flags=re.IGNORECASE),
}


def _one_pass(pattern: re.Pattern, rewrite_page):
    """`rewrite_page(page_html, *args)`, applied to each match of `pattern` in one pass rather than to the page."""

    @functools.wraps(rewrite_page)
    def rewrite(page_html: str, *args) -> str:
        return pattern.sub(lambda match: rewrite_page(match.group(), *args), page_html)

    return rewrite


def _print_page_in_one_pass() -> None:
    """Swap the plugin's page-wide rewrites for one-pass ones, once per process (MkDocs loads this file again)."""
    for name, pattern in _PRINT_SITE_PATTERNS.items():
        rewrite_page = getattr(print_site_urls, name)
        if not hasattr(rewrite_page, "__wrapped__"):
            setattr(print_site_urls, name, _one_pass(pattern, rewrite_page))


_print_page_in_one_pass()


def _core_stamp() -> tuple[tuple[str, int], ...]:
    """When each file of the core was last saved: an edit during `mkdocs serve` changes it."""
    return tuple((path.name, path.stat().st_mtime_ns) for path in sorted(Path(HOOKS, "briefing").glob("*.py")))


_core_saved = _core_stamp()


def _reload_core() -> None:
    """MkDocs caches hook modules across `serve` rebuilds (mkdocs#3993): re-import the core after an edit of it
    (only then: importing it again costs a rebuild more than a tenth of a second)."""
    global briefing, _core_saved
    saved = _core_stamp()
    if saved == _core_saved:
        return
    _core_saved = saved
    if HOOKS not in sys.path:
        sys.path.insert(0, HOOKS)
    for name in sorted(n for n in sys.modules if n == "briefing" or n.startswith("briefing.")):
        del sys.modules[name]
    briefing = importlib.import_module("briefing")


def _publish_package_file(root: Path, site_path: str, source: Path) -> None:
    """Publish a file of an installed npm package at `site_path`."""
    if not (root / source).is_file():
        raise PluginError(f"{source} is missing: run `npm ci` (or `make build`, which does)")
    _extra_files[site_path] = root / source


def _is_offline(config) -> bool:
    """Whether this is the offline edition (`OFFLINE=true` enables material/offline in mkdocs.yml)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def _prepare_offline(config, root: Path) -> None:
    """Serve the iframe-worker shim (search on file://) from node_modules, not material/offline's CDN."""
    polyfills = [str(p) for p in config.extra.get("polyfills", [])]
    _publish_package_file(root, WORKER_SHIM, WORKER_SHIM_SOURCE)
    config.extra["polyfills"] = [p for p in polyfills if "iframe-worker" not in p] + [WORKER_SHIM]
    # file:// shows no error page, and 404.html links root-absolute (site_url's path) assets.
    config.theme.static_templates.discard("404.html")


def _offer_downloads(config, root: Path) -> None:
    """The web build publishes the offline zip and the PDF, each if `make` made it, for the footer and about page."""
    for key, path, url in (("offline_download", OFFLINE_ZIP, OFFLINE_ZIP_URL), ("pdf_download", PDF, PDF_URL)):
        if (root / path).is_file():
            config.extra[key] = {"url": url, "size": f"{(root / path).stat().st_size / 1e6:.1f} MB"}
            _extra_files[url] = root / path


def _theme_files(env, extensions=None, filter_func=None) -> list[str]:
    """`env.list_templates`, without walking dot folders: MkDocs lists every file of the theme to find the static
    ones, then drops each path with a part starting with a dot. Material's 14,500 icons sit in `.icons/`, and
    listing them was a third of a live-preview rebuild at the real data's size."""
    found = set()
    for searchpath in env.loader.searchpath:
        for folder, folders, names in os.walk(searchpath, followlinks=env.loader.followlinks):
            folders[:] = [name for name in folders if not name.startswith(".")]
            relative = Path(folder).relative_to(searchpath).as_posix()
            prefix = "" if relative == "." else relative + "/"
            found.update(prefix + name for name in names if not name.startswith("."))
    return [name for name in sorted(found) if filter_func is None or filter_func(name)]


def _prepare_theme_env(env):
    """A theme environment that reuses compiled templates and lists its static files without dot folders."""
    env = briefing.cached_templates(env)
    env.list_templates = functools.partial(_theme_files, env)
    return env


def _prepare_theme_envs(theme) -> None:
    """Every Jinja environment of the theme (MkDocs' own, the print page's) as `_prepare_theme_env` makes it:
    compiling the templates again for each environment and each build was over a third of a build's time on the
    real data, and listing the icons a third of a live-preview rebuild."""
    make_env = type(theme).get_env
    theme.get_env = lambda: _prepare_theme_env(make_env(theme))


def _site_url(config) -> str:
    """The published web address (SITE_URL): links and citations use it in the web and offline editions alike."""
    return config.site_url or briefing.LOCAL_SITE_URL


def _build_core(config, root: Path) -> briefing.Site:
    """The core's pages and exports; every data problem logged, one line each, before the build stops."""
    try:
        # BRIEFING_EDITIONS: the earlier editions, handed over by hooks/publish.py (see briefing/editions.py).
        history = os.environ.get("BRIEFING_EDITIONS") or None
        site = briefing.build_site(root, directory_urls=config.use_directory_urls, site_url=_site_url(config), history=history)
    except briefing.DataError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"{len(error.problems)} problem(s) in data/: see the lines above") from None
    except briefing.MapError as error:
        raise PluginError(str(error)) from None
    for warning in site.warnings:
        log.warning(str(warning))
    return site


def _prepare_theme(config, root: Path) -> None:
    """What the theme and the pages need besides the core's pages: packages, downloads, the print page's address."""
    _extra_files.clear()
    _prepare_theme_envs(config.theme)
    config.extra["running_head"] = briefing.running_head(_site.dataset)  # printed on every page (overrides/main.html)
    for site_path, source in SITE_PACKAGES.items():
        _publish_package_file(root, site_path, source)
    if _is_offline(config):
        _prepare_offline(config, root)
    elif config.extra.get("offer_downloads", True):
        _offer_downloads(config, root)
    print_site = config.plugins.get("print-site")
    config.extra["print_page"] = print_site.print_file.url if print_site and print_site.config.get("enabled") else None


@event_priority(-50)  # after material/offline's on_config, which switches off directory URLs
def on_config(config):
    """Load and check the data before MkDocs touches site_dir, so a failure loses nothing. The whole build runs with
    the cycle collector paused (see briefing.cyclic_gc_paused; a third of the time at 100 times the data)."""
    global _site
    _build_scope.enter_context(briefing.cyclic_gc_paused())
    if _site is not None:  # a rebuild in `mkdocs serve`: pick up edits to the core (the first build just imported it)
        _reload_core()
    root = Path(config.config_file_path).parent
    _site = _build_core(config, root)
    _prepare_theme(config, root)
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


def on_page_markdown(markdown, page, config, files):
    """Hand-written pages may write `{{ site_url }}` for the published address (docs/about.md does)."""
    return briefing.fill_site_url(markdown, _site_url(config))


@event_priority(50)  # before mkdocs-print-site-plugin copies the page's HTML for the print page
def on_page_content(html, page, config, files):
    """Put the core's finished HTML in place of its placeholders, and let strict validation see its anchors."""
    passthrough = _site.passthrough.get(page.file.src_uri)
    if passthrough is None:
        return html
    page.present_anchor_ids = (page.present_anchor_ids or set()) | passthrough.anchors
    return passthrough.fill(html)


# Material's search strips `data-search-*="…"` attributes from each page it indexes, with a regular expression that has
# no literal first character (`\s?data-search-…`): tried at every character, 1.5 s at 100 times the data. It indexes
# no generated page (their entries come from the data), so it gets those empty and the adapter strips them itself.
_MATERIAL_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # (material/plugins/search/plugin.py)
_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="')  # the same attributes found, at the speed of a string search
_kept_from_search: dict[str, str] = {}  # src_uri -> the HTML of a generated page while material/search runs


@event_priority(50)  # before material/search parses the page: a generated page's entries come from the data
def _page_context_first(context, page, config, nav):
    """Canonical links name the web page, also in the offline edition (`facts.html` exists only there); the print
    page's copy of the page (mkdocs-print-site-plugin keeps it as `page.html`) loses what paper cannot show; a
    generated page is indexed by its records (briefing/search.py) instead of by parsing its HTML again."""
    page.canonical_url = briefing.web_page_url(_site_url(config), page.file.src_uri)
    if hasattr(page, "html"):
        page.html = briefing.for_print_page(page.html)
    entries = _site.search.get(page.file.src_uri)
    search = config.plugins.get("material/search")
    if entries is None or search is None or not search.config.enabled:
        return context
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    search.search_index.entries.extend(entries)
    _kept_from_search[page.file.src_uri], page.content = page.content, ""
    return context


@event_priority(-50)  # after material/search
def _page_context_last(context, page, config, nav):
    """A generated page gets its HTML back, stripped of search attributes as material/search would strip them."""
    content = _kept_from_search.pop(page.file.src_uri, None)
    if content is not None:
        page.content = _MATERIAL_SEARCH_ATTRIBUTE.sub("", content) if _SEARCH_ATTRIBUTE.search(content) else content
    return context


on_page_context = CombinedEvent(_page_context_first, _page_context_last)


def on_nav(nav, config, files):
    """Remember each page's web address, which its section of the print page prints."""
    _print_addresses.clear()
    _print_addresses.update({get_page_key(page.url): page.canonical_url for page in nav.pages})
    return nav


@event_priority(-100)  # after mkdocs-print-site-plugin has written its page
def on_post_build(config):
    """Make the print page sound (links to records, valid HTML, each section's address on its printed pages)."""
    plugin = config.plugins.get("print-site")
    if plugin and plugin.config.get("enabled"):
        page = Path(plugin.print_file.abs_dest_path)
        page.write_text(briefing.tidy_print_page(page.read_text(encoding="utf-8"), _print_addresses), encoding="utf-8")
    _build_scope.close()


def on_build_error(error):
    """A failed build ends too: the cycle collector runs again."""
    _build_scope.close()


def on_serve(server, config, builder):
    """Live preview: look for saved edits every 50 ms instead of MkDocs' 0.5 s, so an edit shows at once.

    MkDocs polls for changes (a PollingObserver); its `watch:` folders are scheduled right after this event,
    and each takes the observer's interval when scheduled. Polling data/, hooks/ and overrides/ is a few stats."""
    if hasattr(server.observer, "_timeout"):
        server.observer._timeout = PREVIEW_POLL_SECONDS
    server.build_delay = PREVIEW_POLL_SECONDS  # how long MkDocs waits for further saves before it rebuilds (0.1 s)
    return server
