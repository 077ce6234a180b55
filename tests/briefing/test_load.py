"""Loading YAML with line numbers, and every way a file can be unreadable."""

from __future__ import annotations

import datetime

import pytest
from briefing.load import KINDS, load_dataset, load_file


def load(tmp_path, text: str | bytes, kind: str = "facts"):
    path = tmp_path / f"{kind}.yml"
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return load_file(path, f"data/{kind}.yml", kind)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


FACTS = """\
- id: a
  statement: First.
  as_of: 2014-09-05
  sources: [paper]

- id: b
  statement: Second.
  as_of: 2014-09
  sources:
    - paper
    - seed
"""


def test_lines_are_kept_for_every_path(tmp_path):
    loaded, problems = load(tmp_path, FACTS)
    assert problems == []
    assert loaded.line_of(("facts", 0)) == 1
    assert loaded.line_of(("facts", 0, "as_of")) == 3
    assert loaded.line_of(("facts", 1, "id")) == 6
    assert loaded.line_of(("facts", 1, "sources", 1)) == 11


def test_line_of_falls_back_to_the_nearest_ancestor(tmp_path):
    loaded, _ = load(tmp_path, FACTS)
    assert loaded.line_of(("facts", 1, "figure", "value")) == 6  # a missing field: its record's line
    assert loaded.line_of(()) == 1


def test_full_date_loads_as_date_and_month_as_text(tmp_path):
    loaded, _ = load(tmp_path, FACTS)
    assert loaded.data[0]["as_of"] == datetime.date(2014, 9, 5)
    assert loaded.data[1]["as_of"] == "2014-09"


def test_impossible_date_is_kept_as_text_for_the_model_to_refuse(tmp_path):
    loaded, problems = load(tmp_path, "- id: a\n  as_of: 2022-02-30\n")
    assert problems == []
    assert loaded.data[0]["as_of"] == "2022-02-30"


def test_duplicate_key_is_reported_with_both_lines(tmp_path):
    loaded, problems = load(tmp_path, "- id: a\n  statement: One.\n  statement: Two.\n")
    assert messages(problems) == ["data/facts.yml:3: facts[0].statement: duplicate key 'statement' (first given on line 2)"]
    assert loaded.data[0]["statement"] == "One."


def test_byte_order_mark_is_accepted(tmp_path):
    loaded, problems = load(tmp_path, "\ufeff" + FACTS)
    assert problems == []
    assert loaded.line_of(("facts", 1, "id")) == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- id: a\n  ? [x, y]\n  : 1\n", "data/facts.yml:2: facts[0]: a key must be a plain name, not a list or mapping"),
        ("- id: a\n  yes: 1\n", "data/facts.yml:2: facts[0]: 'yes' is not a field name (YAML reads it as bool)"),
        ("- id: a\n  3: x\n", "data/facts.yml:2: facts[0]: '3' is not a field name (YAML reads it as int)"),
        ("- id: a\n  <<: {b: 1}\n", "data/facts.yml:2: facts[0]: merge keys ('<<') are not supported: write the fields out"),
    ],
)
def test_keys_that_are_not_field_names(tmp_path, text, expected):
    _, problems = load(tmp_path, text)
    assert messages(problems) == [expected]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("- id: a\n  statement: !!python/object:os.system x\n", "!!python/object:os.system"),
        ("- id: a\n  statement: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
        ("- id: a\n  statement: !!binary aGVsbG8=\n", "!!binary"),
        ("- id: a\n  statement: !custom x\n", "!custom"),
    ],
)
def test_non_plain_tags_are_reported_never_constructed(tmp_path, text, tag):
    loaded, problems = load(tmp_path, text)
    assert messages(problems) == [f"data/facts.yml:2: facts[0].statement: unsupported YAML tag '{tag}': write plain values"]
    assert isinstance(loaded.data[0]["statement"], (str, list))


def test_aliases_are_refused_at_their_line(tmp_path):
    loaded, problems = load(tmp_path, "- id: a\n  sources: &s [paper]\n- id: b\n  sources: *s\n")
    assert loaded is None
    assert messages(problems) == ["data/facts.yml:4: aliases such as '*s' are not supported: write the value out in full"]


def test_self_referencing_alias_does_not_recurse(tmp_path):
    _, problems = load(tmp_path, "- &a [*a]\n")
    assert messages(problems) == ["data/facts.yml:1: aliases such as '*a' are not supported: write the value out in full"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- id: a\n\tstatement: x\n", "data/facts.yml:2: indentation: a tab character; indent with spaces"),
        ("- id: a\n  statement: [x\n- id: b\n", "data/facts.yml:2: the list opened with '[' on this line is not closed"),
        ("- id: a\n  statement: Note: x\n", "data/facts.yml:2: this value contains ': ', which YAML reads as a new field"),
        ("- id: a\n---\n- id: b\n", "data/facts.yml:2: a second document after '---' or '...'"),
        ("- id: a\n  statement: x\x07\n", "data/facts.yml:2: control character U+0007 is not allowed in YAML text"),
        (b"- id: a\n  statement: caf\xe9\n", "data/facts.yml:2: not UTF-8 text (invalid continuation byte at byte 24)"),
        ("[" * 5000 + "]" * 5000, "data/facts.yml:1: the YAML is nested too deeply"),
    ],
)
def test_unreadable_yaml_is_one_located_problem(tmp_path, text, expected):
    loaded, problems = load(tmp_path, text)
    assert loaded is None
    assert len(problems) == 1
    assert str(problems[0]).startswith(expected)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_file_says_what_was_expected(tmp_path, text):
    _, problems = load(tmp_path, text)
    assert messages(problems) == ["data/facts.yml:1: facts: the file is empty; expected a list of facts"]
    _, problems = load(tmp_path, text, kind="briefing")
    assert messages(problems) == ["data/briefing.yml:1: briefing: the file is empty; expected a mapping of fields"]


def test_shape_is_a_list_of_records_or_for_briefing_a_mapping(tmp_path):
    assert load(tmp_path, "- id: a\n")[0].has_expected_shape
    assert not load(tmp_path, "a: {id: a}\n")[0].has_expected_shape
    assert load(tmp_path, "title: T\n", kind="briefing")[0].has_expected_shape
    assert not load(tmp_path, "- title: T\n", kind="briefing")[0].has_expected_shape


def test_load_dataset_reports_missing_and_unreadable_files(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "facts.yml").write_text(FACTS, encoding="utf-8")
    (data / "quotes.yml").mkdir()  # a folder where a file should be
    files, problems = load_dataset(tmp_path)
    assert list(files) == ["facts"]
    assert "data/quotes.yml: cannot read the file: Is a directory" in messages(problems)
    missing = {p.file for p in problems if p.message == "file not found"}
    # The glossary is optional: leaving it out is not a problem.
    assert missing == {f"data/{kind}.yml" for kind in KINDS} - {"data/facts.yml", "data/quotes.yml", "data/glossary.yml"}


def test_libyaml_with_the_quick_resolver_types_every_scalar_as_pyyaml_does():
    """The shortcuts in _FastResolver (quoted, first character, long words) never change a scalar's type."""
    import yaml  # noqa: PLC0415
    from briefing.load import _compose_text  # noqa: PLC0415

    values = ["yes", "No", "TRUE", "false", "On", "OFF", "y", "n", "null", "Null", "~", "", "nothing", "Yesterday",
              "truest", "offline", "onwards", "2014-09-05", "2014-09", "1_000", "0x1F", "-1", "+.5", ".inf", ".NaN",
              "1e3", "12:30", "'yes'", '"2014-09-05"', "official", "text with yes"]  # fmt: skip
    text = "".join(f"- {value}\n" for value in values)
    fast, reference = _compose_text(text), yaml.compose(text, Loader=yaml.SafeLoader)
    assert [node.tag for node in fast.value] == [node.tag for node in reference.value]
    assert {node.tag.rsplit(":", 1)[1] for node in fast.value} >= {"bool", "null", "int", "float", "timestamp", "str"}
