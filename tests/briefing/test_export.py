"""export.py: JSON, CSV and JSON Schema, derived from the same models."""

from __future__ import annotations

import csv
import io
import json

import pytest
from briefing import load_and_validate
from briefing.cite import cite_dataset
from briefing.export import KIND_FIELDS, export_battlegroups_csv, export_json, export_record, export_schemas, import_record
from briefing.models import Dataset
from conftest import GOOD_DATA


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_and_validate(GOOD_DATA.parent)[0]


def test_json_round_trips_into_the_models(dataset):
    data = json.loads(export_json(dataset))
    assert list(data) == ["briefing", *KIND_FIELDS]
    rebuilt = Dataset(briefing=data["briefing"], **{kind: [import_record(r) for r in data[kind]] for kind in KIND_FIELDS})
    assert rebuilt == dataset


def test_every_record_has_its_anchor_and_canonical_url(dataset):
    data = json.loads(export_json(dataset))
    assert data["facts"][0]["url"] == "facts/#fact-eight-battlegroups"
    assert data["quotes"][0]["anchor"] == "quote-new-normal"
    assert {r["url"] for r in data["events"]} == {"timeline/#event-interview", "timeline/#event-summit"}
    assert data["battlegroups"][1]["url"] == "battlegroups/#battlegroup-slovakia"


def test_a_sources_web_address_is_web_url(dataset):
    paper, seed = (export_record(s) for s in dataset.sources)
    assert paper["web_url"] == "https://example.com/report" and paper["url"] == "sources/#source-paper"
    assert seed["web_url"] is None  # "no public address known" stays visible to programs too
    assert "published" not in seed  # other unknowns are left out


def test_json_is_deterministic(dataset):
    assert export_json(dataset) == export_json(dataset)
    assert export_json(dataset).endswith("}\n")


def test_csv_has_one_row_per_battlegroup(dataset):
    rows = list(csv.DictReader(io.StringIO(export_battlegroups_csv(dataset))))
    assert [r["id"] for r in rows] == ["estonia", "slovakia"]
    assert rows[0]["contributors"] == "France; Denmark"
    assert rows[0]["established"] == "2017-04-20" and rows[1]["established"] == "2022"
    assert rows[1]["base"] == "" and rows[1]["contributors"] == ""
    assert rows[1]["url"] == "battlegroups/#battlegroup-slovakia"


def test_a_schema_per_data_file():
    schemas = {name: json.loads(text) for name, text in export_schemas().items()}
    assert set(schemas) == {f"{kind}.schema.json" for kind in ("briefing", *KIND_FIELDS)}
    assert schemas["sources.schema.json"]["type"] == "array"
    assert schemas["briefing.schema.json"]["additionalProperties"] is False


def test_every_record_carries_the_citation_its_page_shows(dataset):
    citations = cite_dataset(dataset, "https://example.org/briefing/")
    data = json.loads(export_json(dataset, citations))
    for kind in KIND_FIELDS:
        for record in data[kind]:
            assert record["citation"] == citations[record["anchor"]].export(), record["anchor"]
    fact = data["facts"][0]["citation"]
    assert fact["csl"]["URL"] == "https://example.org/briefing/editions/2022-04-10/facts/#fact-eight-battlegroups"
    assert "citation" not in import_record(data["facts"][0])
