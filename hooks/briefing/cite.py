"""Citations of every record: plain text, one BibTeX @misc entry and one CSL-JSON item, all from one place.

Every address here is the published web address (`site_url`), whichever edition is being built: a link
copied from the offline edition must open for someone else. The URL scheme of editions lives here too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from .models import Briefing, Dataset, Record
from .render import format_date, page_url, record_label, record_url

# LaTeX's special characters, as BibTeX field text must spell them (braces stay balanced in any input).
_BIBTEX_ESCAPES = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&",
    "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
})  # fmt: skip


# json.dumps(key) and json.dumps(value, ensure_ascii=False), without making an encoder for each call.
_json_key = json.JSONEncoder().encode
_json_value = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(frozen=True)
class Citation:
    """How to cite one record: the three exported formats plus the two links the cite action offers."""

    text: str
    bibtex: str
    csl: dict
    live_url: str
    edition_url: str

    @property
    def csl_json(self) -> str:
        """The CSL-JSON item as the page shows it and the copy button copies it: one field a line."""
        fields = (f"  {_json_key(key)}: {_json_value(value)}" for key, value in self.csl.items())
        return "{\n" + ",\n".join(fields) + "\n}"

    def export(self) -> dict:
        """The `citation` key of a record in data/briefing.json."""
        return {"text": self.text, "bibtex": self.bibtex, "csl": self.csl}


def site_address(site_url: str) -> str:
    """The published address of the site root, always ending in `/`."""
    return site_url if site_url.endswith("/") else site_url + "/"


def edition_url(site_url: str, as_of: date | str, path: str = "") -> str:
    """The permanent URL of `path` (relative to the site root) in the edition of `as_of`: `<site>editions/<as_of>/<path>`.

    The one place the editions' URL scheme is written: citations and the published editions both use it.
    """
    day = as_of.isoformat() if isinstance(as_of, date) else as_of
    return f"{site_address(site_url)}editions/{day}/{path}"


def live_url(site_url: str, record: Record) -> str:
    """The record's address on the live site (web URL form, also when building the offline edition)."""
    return site_address(site_url) + record_url(record, directory_urls=True)


def web_page_url(site_url: str, src_uri: str) -> str:
    """The published address of a page from its source path, as the web edition serves it: `about.md` -> `<site>about/`."""
    return site_address(site_url) + page_url(src_uri, directory_urls=True)


SITE_URL_PLACEHOLDER = "{{ site_url }}"


def fill_site_url(text: str, site_url: str) -> str:
    """Replace `{{ site_url }}` in a hand-written page with the published address (ending in `/`)."""
    return text.replace(SITE_URL_PLACEHOLDER, site_address(site_url))


def _bibtex_text(value: str) -> str:
    return value.translate(_BIBTEX_ESCAPES)


def _citation_label(record: Record) -> str:
    """The record's label, with its own double quotes made single so the citation can quote it."""
    return record_label(record).replace("“", "‘").replace("”", "’")


def cite_record(record: Record, briefing: Briefing, site_url: str) -> Citation:
    """The citation of one record in the edition of `briefing.as_of`."""
    label, edition = record_label(record), format_date(briefing.as_of)
    url = edition_url(site_url, briefing.as_of, record_url(record, directory_urls=True))
    key = f"{record.anchor}-{briefing.as_of.isoformat()}"
    text = f"“{_citation_label(record)}” In {briefing.title}, edition of {edition}. {url}"
    bibtex = (
        f"@misc{{{key},\n"
        f"  title = {{{{{_bibtex_text(label)}}}}},\n"
        f"  howpublished = {{{_bibtex_text(briefing.title)}}},\n"
        f"  year = {{{briefing.as_of.year}}},\n"
        f"  date = {{{briefing.as_of.isoformat()}}},\n"
        f"  url = {{{url}}},\n"
        f"  note = {{Edition of {edition}}}\n"
        "}"
    )
    csl = {
        "id": key,
        "type": "webpage",
        "title": label,
        "container-title": briefing.title,
        "URL": url,
        "issued": {"date-parts": [[briefing.as_of.year, briefing.as_of.month, briefing.as_of.day]]},
        "note": f"Edition of {edition}. Current version: {live_url(site_url, record)}",
    }
    return Citation(text, bibtex, csl, live_url(site_url, record), url)


def cite_dataset(dataset: Dataset, site_url: str) -> dict[str, Citation]:
    """The citation of every record, keyed by its anchor (`fact-<id>`, …): anchors are unique across kinds."""
    records = [*dataset.sources, *dataset.facts, *dataset.quotes, *dataset.events, *dataset.battlegroups, *dataset.glossary]
    return {record.anchor: cite_record(record, dataset.briefing, site_url) for record in records}
