"""CITATION.cff: how to cite the dataset, valid against the Citation File Format 1.2.0 schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from briefing import load_and_validate
from conftest import ROOT

# The schema as the citation-file-format project publishes it (copied from cffconvert 2.0.0's wheel).
SCHEMA = ROOT / "tests" / "data" / "citation" / "cff-1.2.0.schema.json"


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_cff_1_2_0(cff):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(cff), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_citation_cff_names_the_dataset_as_the_briefing_does(cff):
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["title"] == load_and_validate(ROOT)[0].briefing.title
    assert cff["message"].strip() and cff["authors"]


def test_the_schema_check_rejects_a_file_without_authors(cff):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = {key: value for key, value in cff.items() if key != "authors"}
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)
