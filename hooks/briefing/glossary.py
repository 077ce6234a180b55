"""Links from record text to the glossary: the first mention of a term (or alias) on a page becomes a link."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from .models import Term

# Markup is split into tags and text; only text outside <a>…</a> (and outside tags) is searched.
_TAG = re.compile(r"(<[^>]*>)")
_OPEN_A = re.compile(r"<a[\s>]", re.IGNORECASE)
_CLOSE_A = re.compile(r"</a\s*>", re.IGNORECASE)


def _is_acronym(name: str) -> bool:
    """eFP, NRF, FLF: short names with capitals inside are matched with their case; other names ignore case."""
    return len(name) <= 5 and sum(c.isupper() for c in name) >= 2


def _names(glossary: Iterable[Term]) -> list[tuple[str, str]]:
    """(name, term id) for every term and alias, longest first so 'NATO Response Force' wins over 'NATO'."""
    names = [(name, term.id) for term in glossary for name in (term.term, *term.aliases)]
    return sorted(names, key=lambda pair: (-len(pair[0]), pair[0]))


def _pattern(names: list[tuple[str, str]]) -> re.Pattern | None:
    """One regex for all names, each escaped as HTML text (autoescape turns ' into &#39;) and word-bounded."""
    if not names:
        return None
    parts = []
    for name, _ in names:
        text = re.escape(str(escape(name)))
        parts.append(text if _is_acronym(name) else f"(?i:{text})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


class TermLinker:
    """Per page: links the first mention of each glossary term in the text it is given, in the order given."""

    def __init__(self, glossary: Iterable[Term], href: Callable[[Term], str]):
        glossary = list(glossary)
        self._names = _names(glossary)
        self._pattern = _pattern(self._names)
        self._href = {term.id: href(term) for term in glossary}
        self._titles = {term.id: term.term for term in glossary}
        self.linked: set[str] = set()

    def _term_of(self, match: str) -> str | None:
        for name, term_id in self._names:
            if str(escape(name)) == match or (not _is_acronym(name) and str(escape(name)).casefold() == match.casefold()):
                return term_id
        return None

    def _replace(self, match: re.Match) -> str:
        term_id = self._term_of(match.group(0))
        if term_id is None or term_id in self.linked:
            return match.group(0)
        self.linked.add(term_id)
        title = escape(f"Glossary: {self._titles[term_id]}")
        return f'<a class="briefing-term-link" href="{escape(self._href[term_id])}" title="{title}">{match.group(0)}</a>'

    def __call__(self, text: str | Markup) -> Markup:
        """Plain text is escaped first; Markup (rendered Markdown) is searched outside tags and links only."""
        html = str(text) if isinstance(text, Markup) else str(escape(text))
        if self._pattern is None:
            return Markup(html)
        out, in_link = [], 0
        for piece in _TAG.split(html):
            if piece.startswith("<"):
                in_link += 1 if _OPEN_A.match(piece) else -1 if _CLOSE_A.match(piece) else 0
                out.append(piece)
            elif in_link > 0 or not piece:
                out.append(piece)
            else:
                out.append(self._pattern.sub(self._replace, piece))
        return Markup("".join(out))
