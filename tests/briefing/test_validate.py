"""Pydantic errors as located problems in an editor's words."""

from __future__ import annotations

import datetime

import pytest
from briefing.load import load_file
from briefing.models import Fact
from briefing.validate import show, validate_file


def validate(tmp_path, text: str, kind: str = "facts"):
    path = tmp_path / f"{kind}.yml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_file(path, f"data/{kind}.yml", kind)
    assert problems == []
    records, problems = validate_file(loaded)
    return records, [str(p) for p in problems]


def test_one_bad_record_does_not_hide_the_others(tmp_path):
    records, problems = validate(
        tmp_path,
        "- id: a\n  statement: Fine.\n  sources: [s]\n"
        "- id: b\n  statement: 42\n  sources: [s]\n"
        "- id: c\n  statement: Fine.\n  sources: []\n",
    )
    assert [r.id for r in records] == ["a"]
    assert isinstance(records[0], Fact)
    assert problems == [
        "data/facts.yml:5: facts[1].statement: expected text, got 42; put it in quotes to keep it as text",
        "data/facts.yml:9: facts[2].sources: cite at least one source",
    ]


def test_missing_field_points_at_its_record(tmp_path):
    _, problems = validate(tmp_path, "- id: a\n  statement: S.\n  sources: [s]\n\n- id: b\n  sources: [s]\n")
    assert problems == ["data/facts.yml:5: facts[1].statement: required field 'statement' is missing"]


def test_unknown_field_lists_the_allowed_ones_even_when_nested(tmp_path):
    text = "- id: a\n  statement: S.\n  figure: {value: 1, unit: u, note: n}\n  sources: [s]\n  colour: red\n"
    _, problems = validate(tmp_path, text)
    assert problems == [
        "data/facts.yml:3: facts[0].figure.note: unknown field 'note' (expected one of: value, unit)",
        "data/facts.yml:5: facts[0].colour: unknown field 'colour' "
        "(expected one of: id, caveat, aliases, former_ids, statement, figure, as_of, topics, sources)",
    ]


@pytest.mark.parametrize(
    ("yaml_value", "message"),
    [
        ("no", "expected text, got false; put it in quotes to keep it as text"),
        ("2014-09-05", "expected text, got 2014-09-05; put it in quotes to keep it as text"),
        ("", "expected text, got an empty value"),
        ("[a, b]", "expected text, got a list"),
        ("'   '", "must not be empty"),
    ],
)
def test_wrong_types_are_shown_as_yaml(tmp_path, yaml_value, message):
    _, problems = validate(tmp_path, f"- id: a\n  statement: {yaml_value}\n  sources: [s]\n")
    assert problems == [f"data/facts.yml:2: facts[0].statement: {message}"]


def test_unknown_enum_value_lists_the_known_ones(tmp_path):
    text = "- id: s\n  title: T\n  publisher: P\n  url: null\n  accessed: 2022-04-10\n  kind: blog\n"
    _, problems = validate(tmp_path, text, kind="sources")
    expected = "data/sources.yml:6: sources[0].kind: unknown value 'blog'; expected 'news', 'interview', 'official' or 'analysis'"
    assert problems == [expected]


def test_a_record_that_is_not_a_mapping(tmp_path):
    _, problems = validate(tmp_path, "- The interview\n- 42\n")
    assert problems == [
        "data/facts.yml:1: facts[0]: expected a mapping of fields (name: value), got 'The interview'",
        "data/facts.yml:2: facts[1]: expected a mapping of fields (name: value), got 42",
    ]


def test_a_file_of_the_wrong_shape_is_one_problem(tmp_path):
    records, problems = validate(tmp_path, "a:\n  statement: S.\n")
    assert records is None
    assert problems == ["data/facts.yml:1: facts: expected a list of facts (each starting with '- id: ...'), got a mapping"]
    _, problems = validate(tmp_path, "- title: T\n", kind="briefing")
    assert problems == ["data/briefing.yml:1: briefing: expected a mapping of fields (name: value), got a list"]


def test_the_briefing_validates_as_one_mapping(tmp_path):
    briefing, problems = validate(tmp_path, "title: T\nsummary: S.\nas_of: 2022-04-10\nkey_facts: [a]\n", kind="briefing")
    assert problems == []
    assert briefing.as_of == datetime.date(2022, 4, 10)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "an empty value"), (True, "true"), (datetime.date(2022, 4, 9), "2022-04-09"), ({}, "a mapping"), ([1], "a list"),
     ("x", "'x'"), (3, "3")],
)  # fmt: skip
def test_show_writes_values_as_yaml_does(value, shown):
    assert show(value) == shown
