"""Links gate: MkDocs' own validation fails the build on a bad link or anchor, and every internal link,
anchor and asset of the built web site and of the offline edition resolves."""

from __future__ import annotations

import pytest
from conftest import make_project, mkdocs_build

from .linkcheck import broken_links


def test_web_build_has_no_broken_links(built_site):
    assert (built_site / "timeline" / "index.html").is_file()
    problems = broken_links(built_site)
    assert not problems, "\n".join(problems)


def test_offline_edition_has_no_broken_links(offline_site):
    assert (offline_site / "timeline.html").is_file() or (offline_site / "timeline" / "index.html").is_file()
    # Addresses under site_url (canonical links, the about page's) name the web site on purpose, not local files:
    # tests/test_pages.py checks they are the web pages' addresses.
    problems = broken_links(offline_site, site_url="")
    assert not problems, "\n".join(problems)


def test_checker_finds_broken_links(tmp_path):
    """The checker can fail: a missing page, a missing anchor and a missing asset are each reported."""
    page = tmp_path / "broken" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<a href="../timeline/#event-no-such-event">a</a><a href="../no-such-page/">b</a>'
        '<img src="../assets/no-such.png" alt=""><a href="#here">c</a><p id="here"></p>',
        encoding="utf-8",
    )
    (tmp_path / "timeline").mkdir()
    (tmp_path / "timeline" / "index.html").write_text('<h2 id="year-2014">2014</h2>', encoding="utf-8")
    problems = broken_links(tmp_path, site_url="")
    assert len(problems) == 3, problems
    assert "no element with id 'event-no-such-event'" in problems[0] + problems[1] + problems[2]


# A hand-written page with one bad link each: MkDocs' validation (warn) under `strict: true` must fail the build.
BAD_LINKS = {
    "missing-anchor-on-generated-page": ("[x](timeline.md#no-such-anchor)", "does not contain an anchor '#no-such-anchor'"),
    # Record markup reaches MkDocs as finished HTML after Markdown has run: its anchors are still checked.
    "missing-record-anchor": ("[x](facts.md#fact-no-such-fact)", "does not contain an anchor '#fact-no-such-fact'"),
    "missing-anchor-on-same-page": ("[x](#no-such-heading)", "there is no such anchor on this page"),
    "missing-page": ("[x](no-such-page.md)", "not found among documentation files"),
}


@pytest.mark.parametrize("case", BAD_LINKS)
def test_strict_build_fails_on_a_bad_link_in_a_hand_written_page(tmp_path, case):
    link, message = BAD_LINKS[case]
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\nA broken link: {link}.\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_strict_build_accepts_links_to_records_in_finished_html(tmp_path):
    """Anchors inside the core's HTML blocks (never parsed by Markdown) count for MkDocs' anchor validation."""
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    links = ("[a](facts.md#fact-eight-battlegroups), [b](sources.md#source-nato-topic-east), "
             "[c](battlegroups.md#battlegroup-slovakia)")
    about.write_text(about.read_text(encoding="utf-8") + f"\nRecords: {links}.\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert 'href="../facts/#fact-eight-battlegroups"' in (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
