"""Machine-readable exports, all derived from the same models: JSON, CSV and JSON Schema."""

from __future__ import annotations

import csv
import io
import json

from pydantic import TypeAdapter

from .cite import Citation
from .models import FILE_MODELS, Battlegroup, Dataset, Record, Source
from .render import record_url

KIND_FIELDS = ("sources", "facts", "quotes", "events", "battlegroups", "glossary")


def _dump(value: object, compact: bool = False) -> str:
    """JSON text: indented for people (schemas), or compact for programs (json's C encoder: much faster)."""
    if compact:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def export_record(record: Record, citation: Citation | None = None) -> dict:
    """A record's fields plus its `anchor`, canonical `url` (relative to the site root) and `citation`.

    `url` means the same for every kind, so a source's own web address, its `url` in
    data/sources.yml, is exported as `web_url` (null when no public address is known).
    `citation` is {"text", "bibtex", "csl"}, exactly as the page's cite control shows it.
    """
    fields = record.model_dump(mode="json", exclude_none=True)
    if isinstance(record, Source):
        fields["web_url"] = fields.pop("url", None)
    exported = {**fields, "anchor": record.anchor, "url": record_url(record)}
    if citation is not None:
        exported["citation"] = citation.export()
    return exported


def import_record(exported: dict) -> dict:
    """The inverse of `export_record`: the fields as data/*.yml spells them, ready for the models."""
    fields = {key: value for key, value in exported.items() if key not in ("anchor", "url", "citation")}
    if "web_url" in fields:
        fields["url"] = fields.pop("web_url")
    return fields


def export_json(dataset: Dataset, citations: dict[str, Citation] | None = None) -> str:
    """Every record, validated, each with its `anchor`, canonical `url` and (given `citations`) its `citation`."""
    citations = citations or {}
    out = {"briefing": dataset.briefing.model_dump(mode="json")}
    for kind in KIND_FIELDS:
        out[kind] = [export_record(record, citations.get(record.anchor)) for record in getattr(dataset, kind)]
    return _dump(out, compact=True)


# Every column of the battlegroup table, and more: lists are joined with "; ", dates at their precision
# (YYYY-MM-DD, YYYY-MM or YYYY). The source_* columns list the cited sources in one order, one entry each.
CSV_COLUMNS = (
    "id", "host", "framework_nation", "base", "established", "stage",
    "troops", "troops_as_of", "troops_sources", "troops_caveat", "contributors", "contributors_as_of",
    "latitude", "longitude", "location_sources", "sources", "source_publishers", "source_dates", "source_urls",
    "caveat", "url",
)  # fmt: skip


def _battlegroup_row(group: Battlegroup, sources: dict[str, Source]) -> dict[str, str]:
    cited = [sources[source_id] for source_id in group.sources if source_id in sources]
    troops, location = group.troops, group.location
    row = {
        **group.model_dump(mode="json", include={"id", "host", "framework_nation", "base", "established", "stage"}),
        "troops": troops.value if troops else None,
        "troops_as_of": str(troops.as_of) if troops else None,
        "troops_sources": "; ".join(troops.sources) if troops else None,
        "troops_caveat": troops.caveat if troops else None,
        "contributors": "; ".join(group.contributors),
        "contributors_as_of": str(group.contributors_as_of) if group.contributors_as_of else None,
        "latitude": location.lat if location else None,
        "longitude": location.lon if location else None,
        "location_sources": "; ".join(location.sources) if location else None,
        "sources": "; ".join(group.sources),
        "source_publishers": "; ".join(source.publisher for source in cited),
        "source_dates": "; ".join(str(source.published or "") for source in cited),
        "source_urls": "; ".join(source.url or "" for source in cited),
        "caveat": group.caveat,
        "url": record_url(group),
    }
    return {column: "" if row.get(column) is None else row[column] for column in CSV_COLUMNS}


def export_battlegroups_csv(dataset: Dataset) -> str:
    """One row per battlegroup, every column of the table plus the sources' publishers, dates and full addresses."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    sources = {source.id: source for source in dataset.sources}
    for group in dataset.battlegroups:
        writer.writerow(_battlegroup_row(group, sources))
    return buffer.getvalue()


def export_schemas() -> dict[str, str]:
    """A JSON Schema per data file, for editors' YAML language servers: `<kind>.schema.json`."""
    schemas = {}
    for kind, model in FILE_MODELS.items():
        schema = TypeAdapter(model).json_schema(by_alias=True)
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": f"data/{kind}.yml", **schema}
        schemas[f"{kind}.schema.json"] = _dump(schema)
    return schemas
