"""The generated pages, read back from real `mkdocs build --strict` runs: structure, links, escaping, search, exports."""

from __future__ import annotations

import csv
import html
import json
import random
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from briefing import load_and_validate
from briefing.export import import_record
from briefing.models import Dataset
from bs4 import BeautifulSoup
from conftest import GOOD_DATA, make_project, mkdocs_build

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("sources", "facts", "quotes", "events", "battlegroups", "glossary")
PAGES = ("", "timeline/", "battlegroups/", "facts/", "quotes/", "sources/", "about/")
MONTH_DATE = re.compile(r"^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$")
DAY_DATE = re.compile(r"^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$")


@cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url: str) -> BeautifulSoup:
    """The parsed HTML of a page given by its directory URL (`timeline/`)."""
    return _parse(site / url / "index.html")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def export(site: Path) -> dict:
    return json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))


def build(tmp_path: Path, data: Path) -> Path:
    """A real strict build of the project with `data` as its data/ folder."""
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project", data)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("good"), GOOD_DATA)


@pytest.fixture(params=["real", "good"])
def any_site(request) -> Path:
    """The real data's site, then the small test dataset's: both must hold the property."""
    return request.getfixturevalue("built_site" if request.param == "real" else "good_site")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_and_validate(ROOT)[0]


# --- structure of the real site ---------------------------------------------------------------


def test_every_page_is_built(built_site):
    for url in PAGES:
        assert (built_site / url / "index.html").is_file(), url


def test_battlegroup_table_has_one_row_per_record(built_site, dataset):
    rows = page(built_site, "battlegroups/").select("table.briefing-table tbody tr")
    assert [row["id"] for row in rows] != []
    assert sorted(row["id"] for row in rows) == sorted(group.anchor for group in dataset.battlegroups)
    for row in rows:
        assert [cell["data-label"] for cell in row.find_all(["th", "td"])] == [
            "Host and base", "Framework nation", "Stage", "Established", "Troops", "Contributors", "Sources", "Caveat"]


def test_battlegroups_are_sorted_by_date_established(built_site, dataset):
    hosts = [row.select_one(".briefing-table__host").get_text() for row in
             page(built_site, "battlegroups/").select("table.briefing-table tbody tr")]
    expected = [g.host for g in sorted(dataset.battlegroups, key=lambda g: (g.established.sort_key, g.host))]
    assert hosts == expected


def test_every_exported_url_exists_on_its_page_with_a_visible_permalink(built_site):
    data = export(built_site)
    count = 0
    for kind in KINDS:
        for record in data[kind]:
            url, fragment = record["url"].split("#")
            assert fragment == record["anchor"]
            soup = page(built_site, url)
            assert soup.find(id=fragment) is not None, record["url"]
            link = soup.select_one(f'a.briefing-permalink[href="#{fragment}"]')
            assert link is not None and link.get_text(strip=True), f"no visible permalink for {record['url']}"
            count += 1
    assert count == sum(len(data[kind]) for kind in KINDS) > 100


def _site_path(site: Path) -> str:
    """The path the site is served under (`/briefing/`), from the home page's canonical link."""
    canonical = _parse(site / "index.html").select_one('link[rel="canonical"]')
    return urlsplit(canonical["href"]).path if canonical else "/"


def _target(site: Path, html_file: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at, or None for an external one."""
    base = "http://site" + _site_path(site) + html_file.relative_to(site).as_posix()
    parts = urlsplit(urljoin(base, href))
    if parts.scheme != "http" or parts.netloc != "site":
        return None
    assert parts.path.startswith(_site_path(site)), f"{html_file}: {href} leaves the site"
    path = site / unquote(parts.path).removeprefix(_site_path(site))
    if parts.path.endswith("/"):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def test_every_internal_link_resolves(any_site):
    site, checked = any_site, 0
    for html_file in html_files(site):
        for element in _parse(html_file).select("[href], [src]"):
            target = _target(site, html_file, element.get("href") or element.get("src"))
            if target is None:
                continue
            path, fragment = target
            where = f"{html_file.relative_to(site)}: {element.name} {element.get('href') or element.get('src')}"
            assert path.is_file(), where
            if fragment and path.suffix == ".html":
                assert _parse(path).find(id=fragment) is not None, where
            checked += 1
    assert checked > 200


def test_timeline_is_in_date_order_grouped_by_year(built_site, dataset):
    soup = page(built_site, "timeline/")
    seen, year = [], None
    for element in soup.select("h2[id^=year-], .briefing-event time"):
        if element.name == "h2":
            year = int(element["id"].removeprefix("year-"))
            continue
        key = tuple(int(part) for part in element["datetime"].split("-"))
        assert key[0] == year, f"{element['datetime']} under {year}"
        seen.append(key + (0,) * (3 - len(key)))
    assert len(seen) == len(dataset.events)
    assert seen == sorted(seen)


def test_expected_events_are_marked(good_site):
    heading = page(good_site, "timeline/").find(id="event-summit")
    badge = heading.find_next("div", class_="briefing-event").select_one(".briefing-badge")
    assert badge is not None and badge.get_text() == "Expected"
    happened = page(good_site, "timeline/").find(id="event-interview").find_next("div", class_="briefing-event")
    assert happened.select_one(".briefing-badge") is None


def test_dates_are_shown_at_their_precision(any_site):
    site, months = any_site, 0
    for html_file in html_files(site):
        for time in _parse(html_file).find_all("time"):
            text, precision = time.get_text(strip=True), time["datetime"].count("-")
            expected = [re.compile(r"^\d{4}$"), MONTH_DATE, DAY_DATE][precision]
            assert expected.match(text), f"{html_file.relative_to(site)}: {time['datetime']} shown as {text!r}"
            months += precision == 1
    assert months > 0, "no month-only date in the data: the test proves nothing"


def test_overview_tells_the_story(good_site):
    soup = page(good_site, "")
    assert soup.h1.get_text(strip=True).startswith("Test briefing")
    assert soup.select_one(".briefing-asof time").get_text() == "10 April 2022"
    assert soup.select_one(".briefing-summary strong").get_text() == "bold"
    # Key points come first, then a card for each key fact with a number (dated), the others as a list.
    assert soup.h1.find_next("h2")["id"] == "key-points"
    assert [a["href"] for a in soup.select(".briefing-keypoints li a")] == [
        "facts/#fact-eight-battlegroups", "timeline/#event-summit"]
    figures = soup.select("a.briefing-figure")
    assert [a["href"] for a in figures] == ["facts/#fact-eight-battlegroups", "facts/#fact-tripwire"]
    assert figures[0].select_one(".briefing-figure__value").get_text() == "8"
    assert figures[0].select_one(".briefing-figure__asof").get_text() == "as of March 2022"
    assert figures[1].select_one(".briefing-figure__asof").get_text() == "as of 2017"
    assert soup.select(".briefing-keyfacts a") == []  # every key fact has a figure (a data check requires it)
    caption = soup.select_one(".briefing-quote figcaption").get_text(" ", strip=True)
    assert "Jens Stoltenberg" in caption and "NATO Secretary General" in caption and "9 April 2022" in caption
    entries = {a["href"] for a in soup.select(".briefing-entries a")}
    assert entries == {"timeline/", "battlegroups/", "facts/", "quotes/", "sources/", "about/"}


def test_sources_page_lists_details_and_every_backlink(built_site, dataset):
    soup = page(built_site, "sources/")
    citing: dict[str, set[str]] = {s.id: set() for s in dataset.sources}
    data = export(built_site)
    for kind in ("facts", "quotes", "events", "battlegroups", "glossary"):
        for record in data[kind]:
            nested = [record.get(field, {}).get("sources", []) for field in ("troops", "location")]
            for source_id in [*record["sources"], *(s for ids in nested for s in ids)]:
                citing[source_id].add("../" + record["url"])
    for source in dataset.sources:
        article = soup.find(id=source.anchor)
        backlinks = {a["href"] for a in article.select(".briefing-citations a")}
        assert backlinks == citing[source.id], source.id
        text = article.get_text(" ", strip=True)
        assert source.publisher in text and source.kind in text
        if source.url:
            assert article.select_one(f'a[href="{source.url}"]') is not None
        else:
            assert "no public address known" in text.lower()


def test_caveats_are_visible_on_the_canonical_page(built_site, dataset):
    checked = 0
    for kind in KINDS:
        for record in getattr(dataset, kind):
            if record.caveat:
                url = export(built_site)[kind][0]["url"].split("#")[0]
                shown = [c.get_text(" ", strip=True) for c in page(built_site, url).select(".briefing-caveat")]
                assert any(record.caveat in text for text in shown), record.anchor
                checked += 1
    assert checked > 0


# --- search --------------------------------------------------------------------------------------


def _search_docs(site: Path) -> list[dict]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return [{**doc, "text": html.unescape(re.sub(r"<[^>]+>", " ", doc["text"]))} for doc in docs]


def _pages_finding(docs: list[dict], word: str) -> set[str]:
    return {doc["location"].split("#")[0] for doc in docs if word in doc["text"] or word in doc["title"]}


def test_search_index_holds_the_generated_text(built_site, dataset):
    docs = _search_docs(built_site)
    assert "battlegroups/" in _pages_finding(docs, "Slovakia")
    assert "quotes/" in _pages_finding(docs, "Stoltenberg")
    for source in dataset.sources:
        assert "sources/" in _pages_finding(docs, source.publisher), source.publisher


# --- escaping ------------------------------------------------------------------------------------

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)> javascript:alert(1) " onmouseover="alert(1)'
# Outside Markdown fields Markdown syntax is text too: links, emphasis, heading ids.
TEXT_PAYLOAD = PAYLOAD + " [click](javascript:alert(1)) *a* _b_ { #evil } |"
TEXT_FIELDS = {"title", "publisher", "caveat", "statement", "unit", "speaker", "role", "text", "context",
               "host", "framework_nation", "base"}


def _poison(value, key=None):
    """Every free-text field of a record gets the payload; ids, dates and enums stay valid."""
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value] if key == "contributors" else value
    if key in TEXT_FIELDS:
        return f"{TEXT_PAYLOAD} {value}"
    if key == "summary":
        return f"{PAYLOAD} {value}"
    if key == "url" and value:
        return value + '?q="><script>alert(1)</script>'
    return value


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("evil")
    data = root / "data"
    data.mkdir()
    for path in GOOD_DATA.glob("*.yml"):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        poisoned = _poison(loaded) if isinstance(loaded, dict) else [_poison(record) for record in loaded]
        if path.stem == "battlegroups":  # a host called "<script>…" is no country the map knows: place it by location
            for record in poisoned:
                record["location"] = {"lat": 56.0, "lon": 24.0, "sources": list(record["sources"])}
        (data / path.name).write_text(yaml.safe_dump(poisoned, allow_unicode=True), encoding="utf-8")
    return build(root, data)


def test_every_data_string_is_inert(evil_site):
    for html_file in html_files(evil_site):
        soup = _parse(html_file)
        for script in soup.find_all("script"):
            assert "alert" not in (script.string or "") and "alert" not in script.get("src", ""), html_file
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{html_file.relative_to(evil_site)}: <{element.name} {handlers}>"
            for attribute in ("href", "src", "action", "formaction"):
                value = re.sub(r"[\x00-\x20]", "", element.get(attribute, "")).lower()
                assert not value.startswith("javascript:"), f"{html_file.relative_to(evil_site)}: {element}"
        assert not soup.select('img[src="x"]')


def test_data_strings_are_shown_literally(evil_site):
    for url in ("", "timeline/", "battlegroups/", "facts/", "quotes/", "sources/"):
        text = page(evil_site, url).get_text()
        assert PAYLOAD in text, url
    heading = page(evil_site, "timeline/").find(id="event-interview")
    assert heading.get_text().startswith(TEXT_PAYLOAD + " The interview")
    assert page(evil_site, "timeline/").find(id="evil") is None
    assert page(evil_site, "battlegroups/").select_one("#battlegroup-estonia .briefing-table__host").get_text() \
        == TEXT_PAYLOAD + " Estonia"


# --- exports -------------------------------------------------------------------------------------


def test_json_export_validates_back_into_the_models(built_site, dataset):
    data = export(built_site)
    rebuilt = Dataset(briefing=data["briefing"], **{kind: [import_record(r) for r in data[kind]] for kind in KINDS})
    assert rebuilt == dataset


def test_csv_has_one_row_per_battlegroup(built_site, dataset):
    with (built_site / "data" / "battlegroups.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == [group.id for group in dataset.battlegroups]
    urls = {record["id"]: record["url"] for record in export(built_site)["battlegroups"]}
    assert all(row["url"] == urls[row["id"]] for row in rows)


def test_schemas_are_published(built_site):
    for kind in ("briefing", *KINDS):
        schema = json.loads((built_site / "data" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"].startswith("http://json-schema.org/draft-07/") and ("properties" in schema or "items" in schema)


# --- stable URLs ---------------------------------------------------------------------------------


def _anchors(site: Path) -> dict[str, set[str]]:
    return {url: {e["id"] for e in page(site, url).find_all(id=True)} for url in PAGES}


def test_reordering_the_data_keeps_every_url(tmp_path, built_site):
    shuffled = tmp_path / "data"
    shuffled.mkdir()
    rng = random.Random(3)
    for path in (ROOT / "data").glob("*.yml"):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(loaded, list):
            rng.shuffle(loaded)
        (shuffled / path.name).write_text(yaml.safe_dump(loaded, allow_unicode=True, sort_keys=False), encoding="utf-8")
    other = build(tmp_path, shuffled)
    assert [r["id"] for r in export(other)["facts"]] != [r["id"] for r in export(built_site)["facts"]]
    assert _anchors(other) == _anchors(built_site)
    urls = {kind: {r["id"]: r["url"] for r in export(built_site)[kind]} for kind in KINDS}
    assert {kind: {r["id"]: r["url"] for r in export(other)[kind]} for kind in KINDS} == urls


# --- citing: every address is the published one, in both editions ---------------------------------

PUBLISHED = "https://example.org/nato-briefing/"


@pytest.fixture(scope="module")
def published_sites(tmp_path_factory) -> dict[str, Path]:
    """The real data built as the web and the offline edition for SITE_URL=PUBLISHED."""
    sites = {}
    for edition, offline in (("web", "false"), ("offline", "true")):
        project = make_project(tmp_path_factory.mktemp(f"cited-{edition}"))
        site = project / "site"
        result = mkdocs_build(project, site, {"SITE_URL": PUBLISHED, "OFFLINE": offline})
        assert result.returncode == 0, result.stderr
        sites[edition] = site
    return sites


def _cite_panels(soup: BeautifulSoup) -> dict[str, dict[str, str]]:
    """anchor -> {format: text shown} for every permalink control's Cite popover on a page."""
    panels = {}
    for control in soup.select(".briefing-cite"):
        shown = {code.get("data-cite-format", f"link{i}"): code.get_text() for i, code in enumerate(control.select("code"))}
        panels[control["data-briefing-anchor"]] = shown
    return panels


def test_every_record_offers_its_citation_exactly_as_briefing_json_has_it(published_sites):
    for edition, site in published_sites.items():
        records = {r["anchor"]: r for kind in KINDS for r in export(site)[kind]}
        names = ("timeline", "battlegroups", "facts", "quotes", "sources", "glossary")
        paths = [site / name / "index.html" if edition == "web" else site / f"{name}.html" for name in names]
        shown = {anchor: panel for path in paths for anchor, panel in _cite_panels(_parse(path)).items()}
        assert set(records) <= set(shown), edition
        for anchor, record in records.items():
            citation, panel = record["citation"], shown[anchor]
            assert panel["text"] == citation["text"] and panel["bibtex"] == citation["bibtex"], anchor
            assert json.loads(panel["csl"]) == citation["csl"], anchor
            live, permanent = panel["link0"], panel["link1"]
            assert live == PUBLISHED + record["url"], (edition, anchor)
            assert permanent.startswith(PUBLISHED + "editions/") and permanent in citation["text"], (edition, anchor)


def test_canonical_links_name_the_web_page_in_both_editions(published_sites):
    web, offline = published_sites["web"], published_sites["offline"]
    for url in PAGES:
        web_canonical = page(web, url).find("link", rel="canonical")["href"]
        offline_file = offline / ((url[:-1] or "index") + ".html")
        assert web_canonical == PUBLISHED + url
        assert _parse(offline_file).find("link", rel="canonical")["href"] == PUBLISHED + url, offline_file.name


def test_the_about_page_shows_the_published_address(published_sites):
    for edition, site in published_sites.items():
        about = _parse(site / "about" / "index.html" if edition == "web" else site / "about.html")
        text = about.select_one(".md-content").get_text()
        assert "<site>" not in text and "{{" not in text, edition
        assert f"{PUBLISHED}facts/#fact-eight-battlegroups" in text, edition
        assert f"published at {PUBLISHED}." in " ".join(text.split()), edition


def test_citations_stay_out_of_the_search_index(published_sites):
    docs = _search_docs(published_sites["web"])
    assert not [doc["location"] for doc in docs if "@misc" in doc["text"] or "Copy link" in doc["text"]]
