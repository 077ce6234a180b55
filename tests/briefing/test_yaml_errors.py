"""YAML syntax errors in an editor's words: indentation slips named as such, at the line to fix; never PyYAML's jargon."""

from __future__ import annotations

import pytest
import yaml
from briefing.yaml_errors import describe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# PyYAML's own wording (scanner, parser and composer messages): none of it may reach an editor.
RAW = (
    "expected <",
    "but found",
    "but got",
    "while scanning",
    "while parsing",
    "token",
    "<block",
    "<scalar>",
    "<document",
    "not allowed here",
    "could not find",
    "found unexpected",
    "found character",
    "stream",
)

RECORD = "- id: a\n  statement: First.\n  as_of: 2014-09\n  sources:\n    - paper\n    - seed\n  figure:\n    value: 8\n"


def error_of(text: str) -> yaml.MarkedYAMLError:
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.compose(text, Loader=yaml.SafeLoader)
    return raised.value


def plain(text: str) -> tuple[int, str]:
    return describe(text, error_of(text))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (  # a field indented by four spaces instead of two, after a plain, a quoted and a list value
            "- id: a\n  statement: First.\n    sources: [paper]\n",
            3,
            "indentation: 'sources' is indented 4 spaces, more than 'statement' on line 2 (2 spaces); "
            "fields that belong together start at the same column",
        ),
        ('- id: a\n  statement: "First."\n    sources: [paper]\n', 3, "indentation: 'sources' is indented 4 spaces"),
        ("- id: a\n  sources: [paper]\n    topics: [x]\n", 3, "indentation: 'topics' is indented 4 spaces, more than 'sources'"),
        (
            "- id: a\n  sources:\n    - paper\n    topics: [x]\n",
            4,
            "indentation: 'topics' is indented 4 spaces, more than 'sources'",
        ),
        (
            "- id: a\n  figure:\n    value: 8\n      unit: x\n",
            4,
            "indentation: 'unit' is indented 6 spaces, more than 'value' on line 3",
        ),
        ("title: T\n  summary: x\n", 2, "indentation: 'summary' is indented 2 spaces, more than 'title' on line 1 (0 spaces)"),
        (  # a field at column 0 inside a list item, in the first and in a later record
            "- id: a\n  statement: First.\nsources: [paper]\n",
            3,
            "indentation: 'sources' starts at column 0, outside the record that begins on line 1; "
            "indent it 2 spaces, like 'statement' on line 2",
        ),
        (
            "- id: a\n\n- id: b\n  statement: x\n# note\nsources: [paper]\n",
            6,
            "indentation: 'sources' starts at column 0, outside the record that begins on line 3",
        ),
        (
            "- id: a\n  statement: First.\n sources: [paper]\n",
            3,
            "indentation: 'sources' is indented 1 space, less than 'statement'",
        ),
        (  # list items out of line
            "- id: a\n  sources:\n    - paper\n   - seed\n",
            4,
            "indentation: this list item starts at column 3, the one on line 3 at column 4; "
            "items of one list start at the same column",
        ),
        (
            "- id: a\n  statement: x\n  - id: b\n",
            3,
            "indentation: this list item starts at column 2, the one on line 1 at column 0",
        ),
        ("- id: a\n\tstatement: x\n", 2, "indentation: a tab character; indent with spaces (YAML does not allow tabs)"),
    ],
)
def test_indentation_slips_say_indentation_at_the_line_to_fix(text, line, message):
    got_line, got = plain(text)
    assert got_line == line
    assert got.startswith(message)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "- id: a\n  statement: Note: x\n",
            2,
            "this value contains ': ', which YAML reads as a new field: put the whole value in quotes",
        ),
        ('- id: a\n  statement: "abc" def\n', 2, "unexpected text after a value on this line: put the whole value in quotes"),
        ("- id: a\n  sources: [paper\n\n- id: b\n", 2, "the list opened with '[' on this line is not closed: end it with ']'"),
        ("- id: a\n  figure: {value: 8\n- id: b\n", 2, "the mapping opened with '{' on this line is not closed: end it with '}'"),
        ('- id: a\n  statement: "abc\n  sources: [x]\n', 2, "the quoted text that starts on this line is never closed"),
        ("- id: a\n  statement\n  sources: [x]\n", 2, "this line is not a field: write 'name: value'"),
        ("- id: a\n  statement: @x\n", 2, "'@' cannot start a value: put the text in quotes"),
        ('- id: a\n  statement: "a\\qb"\n', 2, "unknown escape in double quotes"),
    ],
)
def test_other_slips_are_named_in_plain_words(text, line, message):
    got_line, got = plain(text)
    assert got_line == line
    assert got.startswith(message)
    assert not got.startswith("indentation")


def _mutations(draw_line: int, how: str, lines: list[str]) -> str:
    index = draw_line % len(lines)
    if how == "indent":
        lines[index] = "  " + lines[index]
    elif how == "dedent":
        lines[index] = lines[index].lstrip(" ")
    elif how == "one-space":
        lines[index] = " " + lines[index]
    else:
        lines[index] = lines[index].replace(":", "", 1) if how == "no-colon" else lines[index] + how
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=120),
        st.builds(
            lambda line, how: _mutations(line, how, RECORD.splitlines()),
            st.integers(0, 50),
            st.sampled_from(["indent", "dedent", "one-space", "no-colon", " [", ' "', ": x", " {", "\t", " &", " *", " !"]),
        ),
    )
)
def test_no_pyyaml_wording_ever_reaches_an_editor(text):
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        line, message = describe(text, error)
        assert not any(raw in message for raw in RAW), message
        assert 1 <= line <= max(1, len(text.splitlines()))
    except (yaml.YAMLError, RecursionError):
        pass  # reader errors (control characters) and aliases are worded by load.py
