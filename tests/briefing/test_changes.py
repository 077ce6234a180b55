"""changes.py: records added, changed and removed between two published data/briefing.json documents."""

from __future__ import annotations

import copy
import json

import pytest
from briefing import load_and_validate
from briefing.changes import compare, compare_dataset
from briefing.export import export_json
from conftest import GOOD_DATA


@pytest.fixture(scope="module")
def published() -> dict:
    """The good dataset as the build publishes it."""
    return json.loads(export_json(load_and_validate(GOOD_DATA.parent)[0]))


def by_id(changes) -> dict[str, list[str]]:
    return {name: [f"{c.kind}:{c.id}" for c in getattr(changes, name)] for name in ("added", "changed", "removed")}


def test_the_same_data_has_no_changes(published):
    changes = compare(published, copy.deepcopy(published))
    assert not changes
    assert changes.counts() == {"since": "2022-04-10", "added": 0, "changed": 0, "removed": 0}


def test_added_changed_and_removed_records_with_the_fields_that_differ(published):
    current = copy.deepcopy(published)
    current["briefing"]["as_of"] = "2022-05-01"  # a new edition's date is no change to the content
    current["facts"][0]["statement"] = "A corrected statement."
    current["facts"][0]["sources"] = ["seed"]
    removed = current["quotes"].pop(0)
    current["events"].append({**current["events"][0], "id": "new-event", "url": "timeline/#event-new-event"})
    changes = compare(published, current)
    assert by_id(changes) == {"added": ["events:new-event"], "changed": ["facts:eight-battlegroups"],
                              "removed": [f"quotes:{removed['id']}"]}
    assert changes.changed[0].fields == ("sources", "statement")
    assert changes.changed[0].label == "Fact: A corrected statement."
    assert changes.changed[0].before_url == "facts/#fact-eight-battlegroups"
    # A removed record is named as the previous edition showed it, with its address there.
    assert changes.removed[0].label.startswith("Quote: ") and changes.removed[0].url == removed["url"]
    assert changes.briefing_fields == []


def test_derived_keys_and_empty_new_fields_are_no_change(published):
    """A citation (which names the edition date) or an empty field a newer model added changes nothing."""
    previous = copy.deepcopy(published)
    for fact in previous["facts"]:
        fact.pop("aliases", None)
        fact.pop("former_ids", None)
    current = copy.deepcopy(published)
    current["facts"][0]["citation"] = {"text": "cited as of 2022-05-01"}
    assert not compare(previous, current)


def test_a_renamed_record_is_changed_not_removed_and_added(published):
    current = copy.deepcopy(published)
    fact = current["facts"][1]
    old_id = fact["id"]
    fact.update(id="renamed-fact", former_ids=[old_id], url="facts/#fact-renamed-fact", anchor="fact-renamed-fact")
    changes = compare(published, current)
    assert by_id(changes) == {"added": [], "changed": ["facts:renamed-fact"], "removed": []}
    assert changes.changed[0].renamed_from == old_id
    assert changes.changed[0].fields == ("former_ids", "id")


def test_overview_changes_are_listed(published):
    current = copy.deepcopy(published)
    current["briefing"]["title"] = "Another title"
    assert compare(published, current).briefing_fields == ["title"]


def test_a_record_old_data_no_longer_validates_is_named_by_its_id(published):
    previous = copy.deepcopy(published)
    previous["facts"].append({"id": "old-shape", "claim": "a field the models no longer have", "url": "facts/#fact-old-shape"})
    changes = compare(previous, published)
    assert [(c.id, c.label) for c in changes.removed] == [("old-shape", "Fact: old-shape")]


def test_compare_dataset_takes_the_validated_dataset(published):
    dataset = load_and_validate(GOOD_DATA.parent)[0]
    previous = copy.deepcopy(published)
    previous["sources"].pop()
    assert by_id(compare_dataset(previous, dataset))["added"] == [f"sources:{published['sources'][-1]['id']}"]
