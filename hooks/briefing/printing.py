"""The printed briefing: running heads for every printed page, and the one-page print edition made sound.

Pure string work on finished HTML, free of any site engine: the adapter hands in the print page and the
web address of each of its sections.
"""

from __future__ import annotations

import re

from .models import Dataset
from .render import format_date

_ID = re.compile(r"""\sid=(["'])([^"']+)\1""")
_IN_PAGE_HREF = re.compile(r"""(\shref=)(["'])#([^"']+)\2""")
_SECTION = re.compile(r"""<section class=(["'])print-page\1 id=(["'])([^"']+)\2 heading-number=(["'])[^"']*\4>""")
_LABEL_FOR = re.compile(r"""(<label\b[^>]*?)\sfor=(["'])([^"']+)\2""")
# What the print-site plugin appends for its heading numbers: a <style> in <body>, where HTML allows none.
# The flank map, drawn on the overview and again on the battlegroups page: printed once (its ids are unique).
_MAP = re.compile(r'<figure class="briefing-map" id="flank-map".*?</figure>', re.S)
_BODY_STYLE = re.compile(r"<style>[^<]*</style>(?=\s*</article>)")
# A record's Cite button and popover (overrides/fragments/briefing/_macros.html): paper shows neither.
_CITE_CONTROL = re.compile(
    r'<button type="button" class="briefing-cite__toggle".*?'
    r'<span class="briefing-cite__status" role="status"></span>\s*</span>',
    re.S,
)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string (for `content:`): quotes, backslashes and line breaks escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def running_head(dataset: Dataset) -> dict[str, str]:
    """The words every printed page carries besides its address, as CSS strings: the title and the date of the data."""
    briefing = dataset.briefing
    return {"title": css_string(briefing.title), "as_of": css_string(f"As of {format_date(briefing.as_of)}")}


def section_page_css(addresses: dict[str, str]) -> str:
    """One named page per section of the print edition, each printing that section's web address in its footer.

    A section with a wide table (`.briefing-table-wrap`) is printed on landscape pages, with the same address.
    """
    rules = []
    for key, address in addresses.items():
        content = f"@bottom-left {{ content: {css_string(address)}; }}"
        rules += [
            f"#{key} {{ page: section-{key}; }}",
            f"#{key}:has(.briefing-table-wrap), #{key} .briefing-table-wrap {{ page: section-{key}-wide; }}",
            f"@page section-{key} {{ {content} }}",
            f"@page section-{key}-wide {{ size: A4 landscape; {content} }}",
        ]
    return "\n".join(rules)


def for_print_page(html: str) -> str:
    """A page's content as the one-page print edition takes it: without the Cite controls, which print hides
    anyway. They are two thirds of a page's HTML, and the print edition joins every page into one."""
    return _CITE_CONTROL.sub("", html)


def _repair_anchor(target: str, ids: set[str], keys: list[str]) -> str:
    """`facts-fact-x` -> `fact-x` when only the latter exists: the plugin prefixes links, but not every anchor."""
    if target in ids:
        return target
    for key in keys:
        rest = target.removeprefix(f"{key}-")
        if rest != target and rest in ids:
            return rest
    return target


def tidy_print_page(html: str, addresses: dict[str, str]) -> str:
    """Make mkdocs-print-site-plugin's page sound: every in-page link reaches its record, valid HTML (no stray
    attribute or <style>, no label for a missing control), and each section printed with its own web address.
    `addresses`: section id (the plugin's page key) -> that page's URL."""
    ids = {match.group(2) for match in _ID.finditer(html)}
    keys = sorted(addresses, key=len, reverse=True)  # `battlegroups` before a shorter key that prefixes it
    html = _IN_PAGE_HREF.sub(lambda m: f"{m.group(1)}{m.group(2)}#{_repair_anchor(m.group(3), ids, keys)}{m.group(2)}", html)
    # heading-number is no HTML attribute; the plugin's numbering is off, so its styles are unused.
    html = _SECTION.sub(lambda m: f'<section class="print-page" id="{m.group(3)}">', html)
    html = _BODY_STYLE.sub("", html)
    maps = list(_MAP.finditer(html))
    for repeat in reversed(maps[1:]):
        html = html[: repeat.start()] + html[repeat.end() :]
    # The theme labels its table of contents for the page's nav toggle, which a page outside the nav lacks.
    html = _LABEL_FOR.sub(lambda m: m.group(0) if m.group(3) in ids else m.group(1), html)
    style = f'<style media="print">\n{section_page_css(addresses)}\n</style>\n'
    return html.replace("</head>", style + "</head>", 1)
