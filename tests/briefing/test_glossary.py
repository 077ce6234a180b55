"""Glossary links: the first mention of each term on a page links to its entry, safely and deterministically."""

from __future__ import annotations

from briefing.glossary import TermLinker
from briefing.models import Term
from markupsafe import Markup


def term(id_: str, name: str, *aliases: str) -> Term:
    return Term(id=id_, term=name, definition="D.", aliases=list(aliases), sources=["s"])


GLOSSARY = [
    term("efp", "Enhanced Forward Presence", "eFP"),
    term("nrf", "NATO Response Force", "NRF"),
    term("battlegroup", "Battlegroup", "battlegroups"),
    term("tripwire", "Tripwire"),
]


def linker() -> TermLinker:
    return TermLinker(GLOSSARY, lambda t: f"../glossary/#term-{t.id}")


def test_first_mention_only_across_the_page():
    link = linker()
    first = link("The battlegroups replaced a tripwire; each battlegroup is small.")
    assert first.count('href="../glossary/#term-battlegroup"') == 1
    assert 'href="../glossary/#term-tripwire"' in first
    assert 'title="Glossary: Battlegroup">battlegroups</a>' in first
    later = link("Another tripwire and battlegroups.")
    assert "<a" not in later  # already linked earlier on the same page


def test_aliases_link_to_their_term_and_longer_names_win():
    html = linker()("The eFP and the NATO Response Force.")
    efp = '<a class="briefing-term-link" href="../glossary/#term-efp" title="Glossary: Enhanced Forward Presence">eFP</a>'
    assert efp in html
    assert '#term-nrf" title="Glossary: NATO Response Force">NATO Response Force</a>' in html


def test_acronyms_keep_their_case_and_words_their_boundaries():
    html = linker()("efp, nrf and tripwires and the battlegroup-size unit.")
    assert "<a" not in html


def test_case_is_ignored_for_names():
    assert "#term-efp" in linker()("an enhanced forward presence")


def test_plain_text_is_escaped_and_markup_is_not_relinked_inside_links():
    link = linker()
    html = link("<b>tripwire</b> & co")
    assert html.startswith("&lt;b&gt;<a ") and "&amp; co" in html
    rendered = Markup('<p><a href="https://x.org/">Battlegroup</a> and <em>NRF</em></p>')
    html = linker()(rendered)
    assert '<a href="https://x.org/">Battlegroup</a>' in html and "#term-battlegroup" not in html
    assert '<em><a class="briefing-term-link" href="../glossary/#term-nrf"' in html


def test_no_glossary_leaves_text_alone():
    assert TermLinker([], str)("a tripwire & more") == "a tripwire &amp; more"
