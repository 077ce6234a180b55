"""PyYAML's syntax errors in an editor's words: the line to fix and what to do, never the parser's jargon.

Most broken data files are an indentation slip, which PyYAML reports in terms of its own tokens
("expected <block end>, but found '?'", "mapping values are not allowed here"). `describe` reads the
file's lines around the error to say which line's indentation is off and what it should line up with.
"""

from __future__ import annotations

import re

import yaml

# A field line: indentation, an optional list dash, a plain field name, a colon ending the name.
_FIELD = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z0-9_][\w.-]*) *:(?:\s|$)")
_DASH = re.compile(r"^(?P<indent> *)-(?:\s|$)")
# The token PyYAML names in "but found '<token>'": a character or a <token name>.
_FOUND = re.compile(r"but (?:found|got) '(.+)'$")
GENERIC = "YAML cannot read this line: check its indentation, and put text with : # [ ] { } in quotes"


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def _content_lines_above(lines: list[str], index: int):
    """(index, line) of every line above `index` that holds YAML content, nearest first."""
    for above in range(min(index, len(lines)) - 1, -1, -1):
        stripped = lines[above].strip()
        if stripped and not stripped.startswith("#"):
            yield above, lines[above]


def _field(line: str) -> tuple[str, int] | None:
    """(field name, column of the name) when the line starts a field, as in `  sources: ...` or `- id: x`."""
    match = _FIELD.match(line)
    if not match:
        return None
    return match["key"], len(match["indent"]) + len(match["dash"] or "")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indentation(lines: list[str], index: int) -> str:
    """What is wrong with the indentation of line `index` (0-based), compared with the lines above it."""
    line = lines[index] if index < len(lines) else ""
    if _DASH.match(line):
        column = _indent(line)
        for above, other in _content_lines_above(lines, index):
            if _DASH.match(other) and _indent(other) != column:
                return (
                    f"indentation: this list item starts at column {column}, the one on line {above + 1} at column "
                    f"{_indent(other)}; items of one list start at the same column"
                )
        return "indentation: a list item ('- ') among fields: indent it under the field it belongs to"
    field = _field(line)
    previous = next(((above, found) for above, other in _content_lines_above(lines, index) if (found := _field(other))), None)
    if field is None or previous is None:
        return "indentation: this line does not line up with the lines above it"
    (key, column), (above, (other, other_column)) = field, previous
    if column > other_column:
        return (
            f"indentation: '{key}' is indented {_spaces(column)}, more than '{other}' on line {above + 1} "
            f"({_spaces(other_column)}); fields that belong together start at the same column"
        )
    if column == 0:
        record = next((i for i, other_line in _content_lines_above(lines, index) if other_line.startswith("-")), None)
        if record is not None:
            return (
                f"indentation: '{key}' starts at column 0, outside the record that begins on line {record + 1}; "
                f"indent it {_spaces(other_column)}, like '{other}' on line {above + 1}"
            )
    if column < other_column:
        return (
            f"indentation: '{key}' is indented {_spaces(column)}, less than '{other}' on line {above + 1} "
            f"({_spaces(other_column)}); fields that belong together start at the same column"
        )
    return "indentation: this line does not line up with the lines above it"


def _starts_line(lines: list[str], mark: yaml.Mark) -> bool:
    """Whether the error points at the first thing on its line (then the line's indentation is at fault)."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    return mark.column <= _indent(line)


def _at_field_colon(lines: list[str], mark: yaml.Mark) -> bool:
    """Whether the error points at the colon after a field name that starts its line (`    sources:`)."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    match = _FIELD.match(line)
    return bool(match) and line.index(":", match.end("key")) == mark.column


def _found(problem: str) -> str:
    match = _FOUND.search(problem)
    return match[1] if match else ""


def describe(text: str, error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """(1-based line, plain message) for a PyYAML scanner or parser error in `text`."""
    lines = text.splitlines()
    line, message = _describe(lines, error)
    return min(line, max(1, len(lines))), message  # an error at the end of the file: its last line


def _describe(lines: list[str], error: yaml.MarkedYAMLError) -> tuple[int, str]:
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    start = error.context_mark or mark
    if mark is None:
        return 1, GENERIC
    line = mark.line + 1

    if "that cannot start any token" in problem:
        character = problem.split("'")[1] if problem.count("'") >= 2 else ""
        if character == "\\t":
            return line, "indentation: a tab character; indent with spaces (YAML does not allow tabs)"
        return line, f"'{character}' cannot start a value: put the text in quotes"
    if problem == "mapping values are not allowed here":
        if _at_field_colon(lines, mark):
            return line, _indentation(lines, mark.line)
        return line, "this value contains ': ', which YAML reads as a new field: put the whole value in quotes"
    if problem.startswith("expected '<document start>'") and any(
        other.strip() in ("---", "...") for _, other in _content_lines_above(lines, mark.line)
    ):
        return line, "a second document after '---' or '...': a data file holds one document; remove that line"
    if problem.startswith(("expected <block end>", "expected '<document start>'")):
        if _starts_line(lines, mark):
            return line, _indentation(lines, mark.line)
        return line, "unexpected text after a value on this line: put the whole value in quotes"
    if problem == "could not find expected ':'":
        return start.line + 1, (
            "this line is not a field: write 'name: value', or, if it continues the text above, "
            "indent it more than that text's field"
        )
    if problem.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        bracket, closing, kind = ("[", "]", "list") if "]" in problem else ("{", "}", "mapping")
        if start.line != mark.line:
            return start.line + 1, f"the {kind} opened with '{bracket}' on this line is not closed: end it with '{closing}'"
        return line, f"expected ',' between the items of this '{bracket}...{closing}' {kind}, or '{closing}' at its end"
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        return start.line + 1, "the quoted text that starts on this line is never closed: end it with the same quote mark"
    if "escape" in problem and "double-quoted" in context:
        return line, "unknown escape in double quotes: write \\\\ for a backslash, or use single quotes"
    if problem == "invalid indentation or unclosed '[' or '{'":
        return line, "indentation: this line is indented less than the text it continues, or a '[' or '{' above is not closed"
    if problem == "sequence entries are not allowed here":
        return line, "a list item ('- ') cannot start here: put each item on its own line, indented under its field"
    if problem == "mapping keys are not allowed here":
        return line, "'?' cannot start a value: put the text in quotes"
    if "another document" in problem or "single document" in problem:
        return line, "a second document after '---' or '...': a data file holds one document; remove that line"
    if "anchor" in context or "alias" in context:
        return line, "'&' and '*' start YAML anchors and aliases: put text starting with them in quotes"
    if "tag" in context or "tag" in problem:
        return line, "'!' starts a YAML tag: put text starting with '!' in quotes"
    if "block scalar" in context:
        return line, "after '|' or '>' start the text on the next line, indented"
    if "directive" in context or "YAML document" in problem or "YAML directive" in problem:
        return line, "'%' at the start of a line is a YAML directive: remove the line, or put the text in quotes"
    if problem.startswith("expected the node content"):
        token = _found(problem)
        return line, f"a value is missing before '{token}'" if len(token) == 1 else "a value is missing here"
    return line, GENERIC
