"""search.py: one search entry per record, titled by what it is, found by other spellings and aliases."""

from __future__ import annotations

import html
import re

import pytest
import yaml
from briefing import build_site, load_and_validate
from briefing.models import Battlegroup, Fact
from briefing.search import FIELDS, SEPARATOR, fold, record_entry, spellings
from conftest import GOOD_DATA, ROOT


@pytest.fixture(scope="module")
def site():
    return build_site(ROOT)


def test_fold_drops_accents():
    assert [fold(w) for w in ("Újmajor", "Ādaži", "Lešť", "Kościuszko", "Łódź", "Veszprém")] == [
        "Ujmajor", "Adazi", "Lest", "Kosciuszko", "Lodz", "Veszprem"]  # fmt: skip


def test_spellings_of_numbers_and_accents():
    assert spellings("40,000 troops") == ["40000"]
    assert spellings("about 40000.") == ["40,000"]
    assert sorted(spellings("in 2022, 9,641 at Ādaži")) == ["9641", "adazi"]
    assert spellings("Slovakia's battlegroup") == []


def test_battlegroup_entry_is_titled_by_what_it_is(site):
    slovakia = next(g for g in site.dataset.battlegroups if g.id == "slovakia")
    entry = record_entry(slovakia)
    assert entry["title"] == "Slovakia battlegroup: Spain, Lešť"
    assert entry["location"] == "battlegroups/#battlegroup-slovakia"
    assert "lest" in entry["names"].split() and "Czech Republic" in entry["names"]
    assert record_entry(slovakia, directory_urls=False)["location"] == "battlegroups.html#battlegroup-slovakia"


def test_every_record_has_one_entry_at_its_anchor(site):
    entries = site.search
    locations = [e["location"] for page in entries.values() for e in page]
    assert len(locations) == len(set(locations))
    data = site.dataset
    records = [*data.facts, *data.quotes, *data.events, *data.battlegroups, *data.sources, *data.glossary]
    anchored = {loc.split("#")[1] for loc in locations if "#" in loc}
    assert anchored == {r.anchor for r in records}
    for src_uri, page in entries.items():
        assert "#" not in page[0]["location"], src_uri  # the page's own entry comes first
        assert all("#" in e["location"] for e in page[1:]), src_uri


def test_page_entries_hold_only_their_introduction(site):
    page = site.search["battlegroups.md"][0]
    assert page["title"] == "Battlegroups"
    assert page["text"].startswith("NATO&#x27;s multinational battlegroups") or page["text"].startswith("NATO's multinational")
    # No table headers, no record text, no permalink glyphs.
    assert "Framework nation" not in page["text"] and "Lešť" not in page["text"] and "#" not in page["text"]
    overview = site.search["index.md"][0]
    assert "Eight battlegroups" in overview["text"]  # the overview's key points are its introduction


def test_entry_text_has_no_permalink_glyphs_or_markup(site):
    for page in site.search.values():
        for entry in page:
            assert not re.search(r"(^|\s)#(\s|$)", entry["text"]), entry["location"]
            assert "<" not in entry["text"] and "<" not in entry["title"], entry["location"]


def test_data_strings_are_escaped():
    dataset, _ = load_and_validate(GOOD_DATA.parent)
    group = dataset.battlegroups[0]
    evil = Battlegroup(**{**group.model_dump(), "host": "<script>x</script>", "aliases": ["<b>"]})
    entry = record_entry(evil)
    assert "<script>" not in entry["title"] and html.unescape(entry["title"]).startswith("<script>x</script> battlegroup")
    assert "<b>" not in entry["names"]


def test_fact_entry_shows_its_figure_and_date(site):
    fact = next(f for f in site.dataset.facts if f.id == "nato-40000-under-direct-command")
    entry = record_entry(fact)
    assert isinstance(fact, Fact) and entry["title"] == html.escape(fact.statement, quote=False)
    assert entry["text"].startswith("40,000 troops.") and "40000" in entry["spellings"].split()


def test_mkdocs_yml_gives_material_the_same_separator_and_fields():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = yaml.load(text, Loader=yaml.BaseLoader)["plugins"]  # BaseLoader: leaves `!ENV` alone
    search = next(p["search"] for p in plugins if isinstance(p, dict) and "search" in p)
    assert search["separator"] == SEPARATOR
    assert {name: float(spec["boost"]) for name, spec in search["fields"].items()} == {
        name: spec["boost"] for name, spec in FIELDS.items()}  # fmt: skip
