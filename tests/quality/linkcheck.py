"""A link checker over a built site: every local href/src names a file, every #fragment an id on its page.

Reusable: `from quality.linkcheck import broken_links` (tests/ is on sys.path under pytest).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup

# Attributes that load or link something: (tag, attribute).
LINKING = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"))
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "http://site.invalid/"  # stands for the site root while resolving relative links


class Site:
    """A built site folder, with the ids of its pages parsed once."""

    def __init__(self, root: Path, site_url: str | None = None):
        self.root = root
        self.site_url = site_url if site_url is not None else self._canonical_root()

    def _canonical_root(self) -> str:
        """site_url, read back from the home page's canonical link (absent in the offline edition)."""
        index = self.root / "index.html"
        link = self.soup(index).find("link", rel="canonical") if index.is_file() else None
        return link["href"].removesuffix("index.html") if link else ""

    @cache  # noqa: B019  (one Site per check; the cache dies with it)
    def soup(self, page: Path) -> BeautifulSoup:
        return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")

    @cache  # noqa: B019
    def ids(self, page: Path) -> frozenset[str]:
        soup = self.soup(page)
        named = {a["name"] for a in soup.find_all("a", attrs={"name": True})}
        return frozenset(tag["id"] for tag in soup.find_all(id=True)) | named

    def local_path(self, page_url: str, ref: str) -> str | None:
        """The site-relative URL `ref` points at from `page_url`, or None when it leaves the site."""
        if self.site_url and ref.startswith(self.site_url):
            ref = "/" + ref.removeprefix(self.site_url)
        elif urlsplit(ref).scheme or ref.startswith("//"):
            return None
        elif ref.startswith("/") and self.site_url:
            prefix = urlsplit(self.site_url).path
            ref = "/" + ref.removeprefix(prefix) if ref.startswith(prefix) else ref
        return urljoin(BASE + page_url, ref).removeprefix(BASE.rstrip("/"))

    def target(self, url: str) -> Path | None:
        """The file a site URL (`/timeline/#x`) serves, as a static server would; None if there is none."""
        path = self.root / unquote(urlsplit(url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() and path.resolve().is_relative_to(self.root.resolve()) else None

    def check(self, source: str, url: str) -> str | None:
        """Why `url` (site-relative, from `source`) is broken, or None."""
        target = self.target(url)
        if target is None:
            return f"{source}: {url}: no such file"
        fragment = unquote(urlsplit(url).fragment)
        if fragment and target.suffix == ".html" and fragment not in self.ids(target):
            return f"{source}: {url}: no element with id '{fragment}' on {target.relative_to(self.root)}"
        return None


def page_links(site: Site, page: Path) -> list[tuple[str, str]]:
    """(where, site URL) of every local link and asset on one page."""
    page_url = page.relative_to(site.root).as_posix()
    found = []
    for tag_name, attribute in LINKING:
        for tag in site.soup(page).find_all(tag_name, attrs={attribute: True}):
            url = site.local_path(page_url, tag[attribute].strip())
            if url is not None and tag[attribute].strip():
                found.append((f"{page_url}: <{tag_name} {attribute}={tag[attribute]!r}>", url))
    return found


def search_links(site: Site) -> list[tuple[str, str]]:
    """Each search result's location: search/search_index.json (web) or .js (offline, file://)."""
    for name in ("search/search_index.json", "search/search_index.js"):
        path = site.root / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            index = json.loads(text[text.index("{") : text.rindex("}") + 1])
            return [(f"{name}: {doc['location']!r}", "/" + doc["location"]) for doc in index["docs"]]
    return []


def sitemap_links(site: Site) -> list[tuple[str, str]]:
    path = site.root / "sitemap.xml"
    if not path.is_file() or not site.site_url:
        return []
    locs = [loc.text.strip() for loc in ElementTree.parse(path).getroot().iter(f"{SITEMAP_NS}loc")]
    return [(f"sitemap.xml: {loc}", site.local_path("", loc) or loc) for loc in locs]


def broken_links(root: Path, site_url: str | None = None) -> list[str]:
    """Every broken internal link, anchor or asset of the site in `root`, one line each."""
    site = Site(root, site_url)
    pages = sorted(p for p in root.rglob("*.html") if "assets" not in p.relative_to(root).parts)
    links = [link for page in pages for link in page_links(site, page)] + search_links(site) + sitemap_links(site)
    return [problem for source, url in links if (problem := site.check(source, url))]


if __name__ == "__main__":  # `python tests/quality/linkcheck.py SITE_DIR [SITE_URL]`: the link gate for CI
    found = broken_links(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
    print("\n".join(found) or f"{sys.argv[1]}: no broken links")
    sys.exit(1 if found else 0)
