"""Model validation of loaded files, with pydantic errors turned into located problems."""

from __future__ import annotations

import typing
from datetime import date
from difflib import get_close_matches

from pydantic import BaseModel, TypeAdapter, ValidationError

from .load import KINDS, LoadedFile
from .models import FILE_MODELS, SLUG_PATTERN
from .problems import Problem, format_path

# Plain words for pydantic's error types; anything else keeps pydantic's own message.
_MESSAGES = {
    "missing": "required field '{field}' is missing",
    "string_too_short": "must not be empty",
    "too_short": "needs at least one entry",
    "list_type": "expected a list, got {shown}",
    "model_type": "expected a mapping of fields (name: value), got {shown}",
    "model_attributes_type": "expected a mapping of fields (name: value), got {shown}",
    "dict_type": "expected a mapping of fields (name: value), got {shown}",
    "string_type": "expected text, got {shown}",
    "literal_error": "unknown value {shown}; expected {expected}",
}


def show(value: object) -> str:
    """A loaded value the way an editor wrote it in YAML, not as Python prints it."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _message(error: dict, model: type[BaseModel] | None) -> str:
    kind = error["type"]
    field = error["loc"][-1] if error["loc"] else ""
    given = error.get("input")
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] == SLUG_PATTERN:
        return f"{given!r} is not a valid id: use lowercase letters, digits and single hyphens"
    if kind == "extra_forbidden":
        allowed = list(model.model_fields) if model else []
        guess = get_close_matches(str(field), allowed, n=1)
        if guess:
            return f"unknown field '{field}'; did you mean '{guess[0]}'?"
        return f"unknown field '{field}'" + (f" (expected one of: {', '.join(allowed)})" if allowed else "")
    if kind == "too_short" and field == "sources":
        return "cite at least one source"
    if kind == "string_type" and isinstance(given, (bool, int, float, date)):
        # YAML read `no`, `2014` or `2014-09-05` as something other than text.
        return f"expected text, got {show(given)}; put it in quotes to keep it as text"
    template = _MESSAGES.get(kind)
    if template is None:
        return error["msg"]
    return template.format(field=field, shown=show(given), **error.get("ctx", {}))


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model class inside an annotation such as `Figure | None`."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _owner(model: type[BaseModel] | None, loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last field of `loc`, to list its allowed fields."""
    for part in loc[:-1]:
        if isinstance(part, str) and model and part in model.model_fields:
            model = _model_in(model.model_fields[part].annotation)
    return model


def _validate(adapter: TypeAdapter, model, value, loaded: LoadedFile, prefix: tuple):
    try:
        return adapter.validate_python(value), []
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            path = prefix + tuple(item["loc"])
            message = _message(item, _owner(model, tuple(item["loc"])))
            problems.append(Problem(loaded.name, loaded.line_of(path), format_path(path), message))
        return None, problems


def validate_file(loaded: LoadedFile) -> tuple[object, list[Problem]]:
    """Validate one file record by record, so one bad record does not hide the others."""
    target = FILE_MODELS[loaded.kind]
    if KINDS[loaded.kind]:
        return _validate(TypeAdapter(target), target, loaded.data, loaded, (loaded.kind,))
    if not loaded.has_expected_shape:
        message = f"expected a list of {loaded.kind} (each starting with '- id: ...'), got {show(loaded.data)}"
        return None, [Problem(loaded.name, loaded.line_of((loaded.kind,)), loaded.kind, message)]
    record = typing.get_args(target)[0]
    adapter = TypeAdapter(record)
    records, problems = [], []
    for index, value in enumerate(loaded.data):
        valid, found = _validate(adapter, record, value, loaded, (loaded.kind, index))
        problems += found
        if valid is not None:
            records.append(valid)
    return records, problems
