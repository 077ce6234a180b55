"""Machine-readable exports, all derived from the same models: JSON, CSV and JSON Schema."""

from __future__ import annotations

import csv
import io
import json

from pydantic import TypeAdapter

from .models import FILE_MODELS, Dataset, Record, Source
from .render import record_url

KIND_FIELDS = ("sources", "facts", "quotes", "events", "battlegroups", "glossary")


def _dump(value: object, compact: bool = False) -> str:
    """JSON text: indented for people (schemas), or compact for programs (json's C encoder: much faster)."""
    if compact:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def export_record(record: Record) -> dict:
    """A record's fields plus its `anchor` and canonical `url` (relative to the site root).

    `url` means the same for every kind, so a source's own web address, its `url` in
    data/sources.yml, is exported as `web_url` (null when no public address is known).
    """
    fields = record.model_dump(mode="json", exclude_none=True)
    if isinstance(record, Source):
        fields["web_url"] = fields.pop("url", None)
    return {**fields, "anchor": record.anchor, "url": record_url(record)}


def import_record(exported: dict) -> dict:
    """The inverse of `export_record`: the fields as data/*.yml spells them, ready for the models."""
    fields = {key: value for key, value in exported.items() if key not in ("anchor", "url")}
    if "web_url" in fields:
        fields["url"] = fields.pop("web_url")
    return fields


def export_json(dataset: Dataset) -> str:
    """Every record, validated, each with its `anchor` and canonical `url`."""
    out = {"briefing": dataset.briefing.model_dump(mode="json")}
    for kind in KIND_FIELDS:
        out[kind] = [export_record(record) for record in getattr(dataset, kind)]
    return _dump(out, compact=True)


def export_battlegroups_csv(dataset: Dataset) -> str:
    """One row per battlegroup; list fields joined with '; '."""
    buffer = io.StringIO()
    columns = [
        "id", "host", "framework_nation", "base", "established", "stage", "troops", "troops_as_of",
        "contributors", "contributors_as_of", "lat", "lon", "sources", "url",
    ]  # fmt: skip
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for group in dataset.battlegroups:
        row = group.model_dump(mode="json")
        row.update(contributors="; ".join(group.contributors), sources="; ".join(group.sources), url=record_url(group))
        if group.troops:
            row.update(troops=group.troops.value, troops_as_of=str(group.troops.as_of))
        if group.location:
            row.update(lat=group.location.lat, lon=group.location.lon)
        writer.writerow({column: "" if row.get(column) is None else row[column] for column in columns})
    return buffer.getvalue()


def export_schemas() -> dict[str, str]:
    """A JSON Schema per data file, for editors' YAML language servers: `<kind>.schema.json`."""
    schemas = {}
    for kind, model in FILE_MODELS.items():
        schema = TypeAdapter(model).json_schema(by_alias=True)
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": f"data/{kind}.yml", **schema}
        schemas[f"{kind}.schema.json"] = _dump(schema)
    return schemas
