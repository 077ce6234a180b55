"""Read data/*.yml into plain data, keeping the line of every path and reporting YAML mistakes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yaml_errors
from .problems import Problem, format_path

# File stem -> whether the file holds a single mapping (True) or a list of records (False).
KINDS = {
    "briefing": True,
    "sources": False,
    "facts": False,
    "quotes": False,
    "events": False,
    "battlegroups": False,
    "glossary": False,
}
# Files a dataset may leave out: the briefing is complete without a glossary.
OPTIONAL = {"glossary"}
_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
# Plain YAML only: text, numbers, booleans, null, dates, lists and mappings. Anything else
# (`!!python/object`, `!!binary`, `!!set`, a custom `!tag`) is reported instead of constructed.
PLAIN_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}

TOO_DEEP = "the YAML is nested too deeply"


class AliasRefused(yaml.composer.ComposerError):
    """An alias (`*name`): refused, as it hides where a value is written and can expand without bound."""


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            message = f"aliases such as '*{event.anchor}' are not supported: write the value out in full"
            raise AliasRefused(None, None, message, event.start_mark)
        return super().compose_node(parent, index)


@dataclass
class LoadedFile:
    """One data file: its plain data and the line of each path inside it."""

    name: str
    kind: str
    data: object
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, path: tuple) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    @property
    def has_expected_shape(self) -> bool:
        """A mapping for briefing.yml, a list for the others: only then do its ids mean anything."""
        return isinstance(self.data, dict if KINDS[self.kind] else list)


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


class _Builder:
    """Turns a composed YAML node tree into plain data, noting lines and duplicate keys."""

    def __init__(self, name: str):
        self.name = name
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []
        self._loader = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: tuple) -> object:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in PLAIN_TAGS:
            # Reported once here; the value is still read as plain data so later checks stay quiet.
            self._problem(node.start_mark.line + 1, path, f"unsupported YAML tag '{_tag_name(node.tag)}': write plain values")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                continue
            line = key_node.start_mark.line + 1
            if key in result:
                first = self.lines[path + (key,)]
                self._problem(line, path + (key,), f"duplicate key '{key}' (first given on line {first})")
                continue
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result

    def _key(self, node: yaml.Node, path: tuple) -> str | None:
        """A field name, or None after reporting why the key is not one."""
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.ScalarNode):
            self._problem(line, path, "a key must be a plain name, not a list or mapping")
        elif node.tag == _CORE + "merge":
            self._problem(line, path, "merge keys ('<<') are not supported: write the fields out")
        elif node.tag != _CORE + "str":
            self._problem(line, path, f"'{node.value}' is not a field name (YAML reads it as {_tag_name(node.tag)[2:]})")
        else:
            return node.value
        return None

    def _scalar(self, node: yaml.ScalarNode) -> object:
        if node.tag == _STR or node.tag not in PLAIN_TAGS:  # text needs no constructing
            return node.value
        try:
            return self._loader.construct_object(node)
        except ValueError:
            # An impossible date such as 2022-02-30: keep the text and let the model say why.
            return node.value

    def _problem(self, line: int, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.name, line, format_path(path), message))


def _yaml_problem(name: str, text: str, error: yaml.YAMLError) -> Problem:
    """A parser error as one located line, in an editor's words (see yaml_errors)."""
    if isinstance(error, yaml.reader.ReaderError):  # a control character: located by offset only
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character[:1] or "\0")
        return Problem(name, line, "", f"control character U+{code:04X} is not allowed in YAML text")
    if isinstance(error, AliasRefused):
        return Problem(name, error.problem_mark.line + 1, "", error.problem)
    line, message = yaml_errors.describe(text, error)
    return Problem(name, line, "", message)


class _FastResolver:
    """PyYAML resolves every scalar's type in Python, with libyaml too: most of the data work. A quoted
    scalar, a plain one whose first character starts no implicit type (bool, int, float, null, timestamp),
    or one starting with a letter and longer than the longest bool or null word ("false"), is text whatever
    it holds, so it skips the regular expressions."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and (not implicit[0] or (value and self._is_text(value))):
            return _CORE + "str"
        return super().resolve(kind, value, implicit)

    def _is_text(self, value: str) -> bool:
        return value[0] not in self.yaml_implicit_resolvers or (len(value) > 5 and value[0].isalpha())


_FastLoader = type("_FastLoader", (_FastResolver, yaml.CSafeLoader), {}) if hasattr(yaml, "CSafeLoader") else None
# An anchor (`&name`) where YAML allows one: without any, the file holds no alias either.
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]")


def _compose_text(text: str) -> yaml.Node | None:
    """Compose with libyaml when it is there (several times faster: most of a build's data work);
    anything it refuses, and any alias, goes through the pure-Python loader, which words the problem."""
    if _FastLoader is not None:
        try:
            node = yaml.compose(text, Loader=_FastLoader)
            if not _ANCHOR.search(text) or not _has_alias(node):
                return node
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_Loader)


def _has_alias(root: yaml.Node | None) -> bool:
    """An alias composes to the anchored node itself, so a node met twice (or inside itself) is one."""
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def _compose(path: Path, name: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The YAML node tree of one file, or the problem that stopped it being read."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = error.object.count(b"\n", 0, error.start) + 1
        return None, [Problem(name, line, "", f"not UTF-8 text ({error.reason} at byte {error.start}): save the file as UTF-8")]
    except OSError as error:
        return None, [Problem(name, 0, "", f"cannot read the file: {error.strerror}")]
    try:
        return _compose_text(text), []
    except yaml.YAMLError as error:
        return None, [_yaml_problem(name, text, error)]
    except RecursionError:
        return None, [Problem(name, 1, "", TOO_DEEP)]


def load_file(path: Path, name: str, kind: str) -> tuple[LoadedFile | None, list[Problem]]:
    """Parse one YAML file; syntax errors, unsupported tags and duplicate keys come back as problems."""
    node, problems = _compose(path, name)
    if problems:
        return None, problems
    if node is None:
        shape = "a mapping of fields" if KINDS[kind] else f"a list of {kind}"
        return None, [Problem(name, 1, kind, f"the file is empty; expected {shape}")]
    builder = _Builder(name)
    try:
        data = builder.build(node, (kind,))
    except RecursionError:  # libyaml composes deeper trees than Python can walk
        return None, [Problem(name, 1, "", TOO_DEEP)]
    return LoadedFile(name, kind, data, builder.lines), builder.problems


def load_dataset(root: Path) -> tuple[dict[str, LoadedFile], list[Problem]]:
    """Load every data/<kind>.yml under `root`; a missing file is a problem too."""
    files: dict[str, LoadedFile] = {}
    problems: list[Problem] = []
    for kind in KINDS:
        name = f"data/{kind}.yml"
        path = Path(root) / name
        if not path.exists():
            if kind in OPTIONAL:
                continue
            problems.append(Problem(name, 0, "", "file not found"))
            continue
        loaded, found = load_file(path, name, kind)
        problems += found
        if loaded is not None:
            files[kind] = loaded
    return files, problems
