"""editions.py: permanent edition addresses, the history handed over by the publisher, the Editions page."""

from __future__ import annotations

import copy
import datetime
import json

import pytest
from briefing import TEMPLATES, build_site, load_and_validate
from briefing.editions import History, edition_url, export_editions, load_history, make_editions, write_history
from briefing.export import export_json
from conftest import GOOD_DATA

SITE = "https://example.org/briefing/"


@pytest.fixture(scope="module")
def dataset():
    return load_and_validate(GOOD_DATA.parent)[0]


@pytest.mark.parametrize("site_url", [SITE, SITE.rstrip("/")])
def test_edition_url_is_the_permanent_address(site_url):
    assert edition_url(site_url, datetime.date(2026, 11, 24)) == "https://example.org/briefing/editions/2026-11-24/"
    assert edition_url(site_url, "2026-11-24") == "https://example.org/briefing/editions/2026-11-24/"


def test_edition_url_refuses_what_is_not_a_date():
    with pytest.raises(ValueError):
        edition_url(SITE, "../../etc")


def test_history_round_trips(tmp_path):
    write_history(tmp_path, [{"as_of": "2022-01-01"}, {"as_of": "2022-03-01"}], {"briefing": {"as_of": "2022-03-01"}})
    history = load_history(tmp_path)
    assert [e["as_of"] for e in history.editions] == ["2022-03-01", "2022-01-01"]  # newest first
    assert history.previous == {"briefing": {"as_of": "2022-03-01"}}
    assert load_history(tmp_path / "nothing-published-yet") == History([], None)


def test_a_local_build_has_one_edition_and_no_change_list(dataset):
    editions = make_editions(dataset, SITE, None)
    assert editions.changes is None and not editions.published
    assert json.loads(export_editions(editions)) == {
        "current": "2022-04-10",
        "editions": [{"as_of": "2022-04-10", "url": f"{SITE}editions/2022-04-10/", "changes": None}],
    }


def test_the_first_published_edition(dataset):
    editions = make_editions(dataset, SITE, History())
    assert editions.entries[0]["changes"] == {"since": None, "added": 0, "changed": 0, "removed": 0}


def test_earlier_editions_follow_the_current_one_with_the_changes_since_the_previous(dataset):
    previous = json.loads(export_json(dataset))
    previous["briefing"]["as_of"] = "2022-04-01"
    removed = previous["facts"].pop()
    history = History([{"as_of": "2022-04-01", "changes": None}, {"as_of": "2022-03-01", "changes": None}], previous)
    editions = make_editions(dataset, SITE, history)
    assert [e["as_of"] for e in editions.entries] == ["2022-04-10", "2022-04-01", "2022-03-01"]
    assert editions.entries[0]["changes"] == {"since": "2022-04-01", "added": 1, "changed": 0, "removed": 0}
    assert [c.id for c in editions.changes.added] == [removed["id"]]
    assert all(e["url"] == edition_url(SITE, e["as_of"]) for e in editions.entries)


def test_an_edition_of_the_same_date_is_not_listed_twice(dataset):
    history = History([{"as_of": "2022-04-10"}, {"as_of": "2022-04-01"}], None)
    assert [e["as_of"] for e in make_editions(dataset, SITE, history).entries] == ["2022-04-10", "2022-04-01"]


def test_the_editions_page_lists_changes_with_links(tmp_path, dataset):
    previous = json.loads(export_json(dataset))
    previous["briefing"]["as_of"] = "2022-04-01"
    previous["facts"][0]["statement"] = "An earlier wording."
    gone = copy.deepcopy(previous["quotes"][0])
    gone.update(id="gone", url="quotes/#quote-gone")
    previous["quotes"].append(gone)
    write_history(tmp_path / "history", [{"as_of": "2022-04-01"}], previous)
    for directory_urls, fact_link in ((True, "../facts/#fact-eight-battlegroups"), (False, "facts.html#fact-eight-battlegroups")):
        site = build_site(GOOD_DATA.parent, TEMPLATES, directory_urls, SITE, tmp_path / "history")
        page = site.pages["editions.md"]
        assert f'<a href="{fact_link}">Fact: ' in page
        assert f'<a href="{SITE}editions/2022-04-01/facts/#fact-eight-battlegroups">as it was</a>' in page
        assert f'<a href="{SITE}editions/2022-04-01/quotes/#quote-gone">Quote: ' in page
        assert "0 added, 1 changed, 1 removed" in page
        assert json.loads(site.exports["editions.json"])["current"] == "2022-04-10"
