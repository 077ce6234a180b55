"""The JSON Schemas committed in data/schema/ (for editors): current, and sensible for a YAML language server."""

from __future__ import annotations

import json

import pytest
import yaml
from briefing.export import export_schemas
from briefing.load import KINDS
from conftest import BAD_CASES, GOOD_DATA, ROOT
from jsonschema import Draft7Validator

COMMITTED = ROOT / "data" / "schema"


class _Yaml12Loader(yaml.SafeLoader):
    """Reads dates as text, as a YAML 1.2 language server does (PyYAML follows YAML 1.1)."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(kind: str) -> Draft7Validator:
    # The YAML extension for VS Code validates with draft 7; $defs are reached as plain JSON pointers.
    return Draft7Validator(json.loads((COMMITTED / f"{kind}.schema.json").read_text(encoding="utf-8")))


def editor_errors(kind: str, text: str) -> list[str]:
    return [error.message for error in validator(kind).iter_errors(yaml.load(text, Loader=_Yaml12Loader))]


def test_committed_schemas_equal_freshly_generated_ones():
    committed = {path.name: path.read_text(encoding="utf-8") for path in COMMITTED.glob("*.json")}
    assert committed == export_schemas(), "run: PYTHONPATH=hooks .venv/bin/python -m briefing schema data/schema"


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_accept_the_good_data_as_an_editor_reads_it(kind):
    assert editor_errors(kind, (GOOD_DATA / f"{kind}.yml").read_text(encoding="utf-8")) == []


def test_schemas_list_enums_required_fields_and_forbid_unknown_fields():
    schema = json.loads((COMMITTED / "sources.schema.json").read_text(encoding="utf-8"))
    source = schema["$defs"]["Source"]
    assert source["additionalProperties"] is False
    assert {"id", "title", "publisher", "url", "accessed", "kind"} <= set(source["required"])
    assert source["properties"]["kind"]["enum"] == ["news", "interview", "official", "analysis"]
    assert source["properties"]["accessed"] == {"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "title": "Accessed",
                                                "type": "string"}  # fmt: skip


@pytest.mark.parametrize(
    ("case", "kind", "fragment"),
    [
        ("unknown-field", "facts", "Additional properties are not allowed ('source' was unexpected)"),
        ("unknown-enum", "sources", "'blog' is not one of ['news', 'interview', 'official', 'analysis']"),
        ("javascript-url", "sources", "'javascript:alert(document.cookie)' is not valid under any of the given schemas"),
        ("non-slug-id", "battlegroups", "'Estonia_BG' does not match"),
        ("fact-without-sources", "facts", "'sources' is a required property"),
        ("missing-field", "quotes", "'speaker' is a required property"),
    ],
)
def test_schemas_flag_what_the_checker_flags_while_typing(case, kind, fragment):
    errors = editor_errors(kind, (BAD_CASES / case / f"{kind}.yml").read_text(encoding="utf-8"))
    assert any(fragment in error for error in errors), errors
