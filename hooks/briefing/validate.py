"""Model validation of loaded files, with pydantic errors turned into located problems."""

from __future__ import annotations

from pydantic import BaseModel, TypeAdapter, ValidationError

from .load import KINDS, LoadedFile
from .models import FILE_MODELS, SLUG_PATTERN
from .problems import Problem, format_path

# Plain words for pydantic's error types; anything else keeps pydantic's own message.
_MESSAGES = {
    "missing": "required field '{field}' is missing",
    "string_too_short": "must not be empty",
    "too_short": "needs at least one entry",
    "list_type": "expected a list",
    "model_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
    "string_type": "expected text, got {input!r}",
    "date_type": "expected a date as YYYY-MM-DD, got {input!r}",
    "literal_error": "unknown value {input!r}; expected {expected}",
}


def _message(error: dict, model: type[BaseModel] | None) -> str:
    kind = error["type"]
    field = error["loc"][-1] if error["loc"] else ""
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] == SLUG_PATTERN:
        return f"{error['input']!r} is not a valid id: use lowercase letters, digits and single hyphens"
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields) if model else ""
        return f"unknown field '{field}'" + (f" (expected one of: {allowed})" if allowed else "")
    if kind == "too_short" and field == "sources":
        return "cite at least one source"
    template = _MESSAGES.get(kind)
    if template is None:
        return error["msg"]
    return template.format(field=field, input=error.get("input"), **error.get("ctx", {}))


def _owner(model: type | None, loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last field of `loc`, to list its allowed fields."""
    for part in loc[:-1]:
        if not (isinstance(part, str) and model and part in model.model_fields):
            continue
        annotation = model.model_fields[part].annotation
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
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
    if not isinstance(loaded.data, list):
        return None, [Problem(loaded.name, loaded.line_of((loaded.kind,)), loaded.kind, f"expected a list of {loaded.kind}")]
    record = target.__args__[0]
    adapter = TypeAdapter(record)
    records, problems = [], []
    for index, value in enumerate(loaded.data):
        valid, found = _validate(adapter, record, value, loaded, (loaded.kind, index))
        problems += found
        if valid is not None:
            records.append(valid)
    return records, problems
