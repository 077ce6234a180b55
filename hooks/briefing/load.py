"""Read data/*.yml into plain data, keeping the line of every path and reporting YAML mistakes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, format_path

# File stem -> whether the file holds a single mapping (True) or a list of records (False).
KINDS = {
    "briefing": True,
    "sources": False,
    "facts": False,
    "quotes": False,
    "events": False,
    "battlegroups": False,
}


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


class _Builder:
    """Turns a composed YAML node tree into plain data, noting lines and duplicate keys."""

    def __init__(self, name: str):
        self.name = name
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []
        self._loader = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: tuple) -> object:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                self._problem(line, path, "a key must be a plain name")
                continue
            if key in result:
                first = self.lines[path + (key,)]
                self._problem(line, path + (key,), f"duplicate key '{key}' (first given on line {first})")
                continue
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: tuple) -> object:
        try:
            return self._loader.construct_object(node)
        except ValueError:
            # An impossible date such as 2022-02-30: keep the text and let the model say why.
            return node.value
        except yaml.YAMLError as error:
            self._problem(node.start_mark.line + 1, path, f"unsupported YAML value: {error.problem}")
            return None

    def _problem(self, line: int, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.name, line, format_path(path), message))


def load_file(path: Path, name: str, kind: str) -> tuple[LoadedFile | None, list[Problem]]:
    """Parse one YAML file; syntax errors and duplicate keys come back as problems."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError as error:
        return None, [Problem(name, 1, "", f"not UTF-8 text ({error.reason})")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [error.context, error.problem]))
        return None, [Problem(name, line, "", f"YAML syntax error: {what}")]
    if node is None:
        shape = "a mapping of fields" if KINDS[kind] else f"a list of {kind}"
        return None, [Problem(name, 1, kind, f"the file is empty; expected {shape}")]
    builder = _Builder(name)
    data = builder.build(node, (kind,))
    return LoadedFile(name, kind, data, builder.lines), builder.problems


def load_dataset(root: Path) -> tuple[dict[str, LoadedFile], list[Problem]]:
    """Load every data/<kind>.yml under `root`; a missing file is a problem too."""
    files: dict[str, LoadedFile] = {}
    problems: list[Problem] = []
    for kind in KINDS:
        name = f"data/{kind}.yml"
        path = root / name
        if not path.is_file():
            problems.append(Problem(name, 0, "", "file not found"))
            continue
        loaded, found = load_file(path, name, kind)
        problems += found
        if loaded is not None:
            files[kind] = loaded
    return files, problems
