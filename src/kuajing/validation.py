"""Turn pydantic validation errors into pointed errors: file, line, column, field path,
what was expected, what was found, and a "did you mean" for misspelt keys.

A model validator that finds fields disagreeing with one another (dates out of order, two items
sharing an id) raises ``cross_field_error`` naming the fields concerned: the error then points at
the first of them and shows only their values, never the whole mapping.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import Any, Sequence, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from .errors import InputError
from .yamlsource import Document, format_path

__all__ = ["validate_document", "allowed_keys", "cross_field_error"]

M = TypeVar("M", bound=BaseModel)

CROSS_FIELD = "cross_field"


def cross_field_error(message: str, fields: Sequence[str | tuple], *,
                      expected: str | None = None) -> PydanticCustomError:
    """The error for a model validator to raise when fields disagree with one another.

    ``fields`` are the fields concerned, each a name or a path (tuple) relative to the model, the
    first being the one the error points at. ``validate_document`` reports the first field's
    position and path, ``expected``, and the values of the fields concerned as found."""
    paths = [(f,) if isinstance(f, str) else tuple(f) for f in fields]
    return PydanticCustomError(CROSS_FIELD, "{message}", {"message": message, "fields": paths,
                                                          "expected": expected})


def validate_document(model: type[M], doc: Document, error_cls: type[InputError] = InputError,
                      context: dict | None = None) -> M:
    """Validate ``doc.data`` against ``model``; raise one error listing every problem."""
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        errors = _drop_unknown_branch(exc.errors())
        problems = _merge([_problem(model, doc, err, error_cls) for err in errors])
        first, rest = problems[0], problems[1:]
        raise error_cls(
            first.message,
            location=first.location,
            path=first.path,
            expected=first.expected,
            found=first.found,
            hint=first.hint,
            problems=rest,
        ) from None


def _problem(model: type[BaseModel], doc: Document, err: dict, error_cls=InputError) -> InputError:
    kind = err["type"]
    loc = _real_loc(doc.data, err["loc"], keep_last=kind == "missing")
    found = err.get("input")
    if kind == CROSS_FIELD:
        return _cross_field(doc, loc, err.get("ctx") or {}, error_cls)
    if kind == "extra_forbidden":
        key = loc[-1]
        options = allowed_keys(model, loc[:-1], data=_at(doc.data, loc[:-1]))
        close = difflib.get_close_matches(str(key), options, n=1, cutoff=0.6)
        return error_cls(
            f"unknown key '{key}'",
            location=doc.location(loc),
            path=format_path(loc),
            expected="one of: " + ", ".join(sorted(options)) if options else "no extra keys",
            found=repr(key),
            hint=f"did you mean '{close[0]}'?" if close else None,
        )
    if kind == "missing":
        return error_cls(
            f"required key '{loc[-1]}' is missing",
            location=doc.location(loc[:-1]),
            path=format_path(loc),
            expected=f"a value for '{loc[-1]}'",
            found="nothing",
        )
    if kind == "union_tag_invalid":
        ctx = err.get("ctx") or {}
        field = str(ctx.get("discriminator", "kind")).strip("'")
        tags = _quoted(str(ctx.get("expected_tags", "")))
        tag_loc = loc + (field,) if isinstance(_at(doc.data, loc), dict) else loc
        close = difflib.get_close_matches(str(ctx.get("tag")), tags, n=1, cutoff=0.6)
        return error_cls(
            f"invalid value: '{field}' must be one of the known kinds",
            location=doc.location(tag_loc),
            path=format_path(tag_loc),
            expected=" or ".join(f"'{t}'" for t in tags) or None,
            found=repr(ctx.get("tag")),
            hint=f"did you mean '{close[0]}'?" if close else None,
        )
    msg = err["msg"]
    if msg.startswith(_VALUE_ERROR):
        msg = msg[len(_VALUE_ERROR):]
    expected = _expected_from(err)
    if err.get("unknown_allowed") and expected and "unknown" not in expected:
        expected += ", or unknown"
    hint = (err.get("ctx") or {}).get("hint")
    if kind == "literal_error" and isinstance(found, str):
        close = difflib.get_close_matches(found, _quoted(expected or ""), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else None
    # a whole mapping or list is not shown: the error already points at it by position and path
    shown = None if isinstance(found, (dict, list)) and kind in _MODEL_LEVEL else _short(found)
    return error_cls(
        f"invalid value: {msg}",
        location=doc.location(loc),
        path=format_path(loc),
        expected=expected,
        found=shown,
        hint=hint,
    )


_VALUE_ERROR = "Value error, "
#: Errors a validator raises about a model as a whole (its input is the mapping, not one field).
_MODEL_LEVEL = {"value_error", "assertion_error"}


def _cross_field(doc: Document, loc: tuple, ctx: dict, error_cls) -> InputError:
    """A model-level error over some of its fields: point at the first, show only their values."""
    fields = [tuple(f) for f in ctx.get("fields") or ()]
    mapping = _at(doc.data, loc)
    shown = [f"{format_path(f)}: {_show(_at(mapping, f))}" for f in fields
             if isinstance(mapping, dict) and _present(mapping, f)]
    at = loc + fields[0] if fields else loc
    return error_cls(
        str(ctx.get("message") or "fields disagree"),
        location=doc.location(at),
        path=format_path(at),
        expected=ctx.get("expected"),
        found=", ".join(shown) or None,
    )


def _present(data: Any, path: tuple) -> bool:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return False
    return True


def _show(value: Any) -> str:
    """A value as the user wrote it: dates in ISO form, text quoted, long values cut."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return _short(value)


_UNKNOWN_BRANCH = "literal['unknown']"


def _drop_unknown_branch(errors: list[dict]) -> list[dict]:
    """A fact that may be ``unknown`` is a union with the literal 'unknown'; when its value is
    wrong pydantic reports a second error ("Input should be 'unknown'") for that branch. Drop it
    when another error explains the same field, and say "or unknown" in that error instead."""
    def field(err):  # the loc up to the union-member tag
        loc = tuple(err["loc"])
        return loc[:-1] if loc and loc[-1] == _UNKNOWN_BRANCH else None

    branches = {field(e) for e in errors if field(e) is not None}
    kept = []
    for err in errors:
        f = field(err)
        loc = tuple(err["loc"])
        if f is not None and any(tuple(o["loc"])[:len(f)] == f and o is not err for o in errors):
            continue
        if any(loc[:len(b)] == b and len(loc) == len(b) + 1 for b in branches):
            err = {**err, "unknown_allowed": True}
        kept.append(err)
    return kept


def _merge(problems: list[InputError]) -> list[InputError]:
    """One problem per field: errors of the other members of a union at the same spot are joined."""
    out: list[InputError] = []
    seen: dict[tuple, int] = {}
    for p in problems:
        key = (p.path, str(p.location))
        if not p.message.startswith("invalid value") or key not in seen:
            if p.message.startswith("invalid value"):
                seen[key] = len(out)
            out.append(p)
            continue
        q = out[seen[key]]
        expected = " or ".join(dict.fromkeys(e for e in (q.expected, p.expected) if e)) or None
        out[seen[key]] = type(q)(q.message, location=q.location, path=q.path, expected=expected,
                                 found=q.found, hint=q.hint or p.hint)
    return out


def _quoted(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def _at(data: Any, loc: tuple) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _real_loc(data: Any, loc: tuple, keep_last: bool) -> tuple:
    """Drop the union-member tags pydantic inserts into ``loc`` (e.g. 'organisation',
    "literal['unknown']"), keeping only the parts that are real keys or indices of the data."""
    out: list = []
    current = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            out.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
        elif last and keep_last:
            out.append(part)
    return tuple(out)


def _expected_from(err: dict) -> str | None:
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        return str(ctx["expected"])
    kind = err["type"]
    mapping = {
        "bool_parsing": "true, false or unknown",
        "bool_type": "true, false or unknown",
        "int_parsing": "a whole number or unknown",
        "int_type": "a whole number or unknown",
        "float_parsing": "a number or unknown",
        "date_from_datetime_parsing": "a date such as 2026-01-31",
        "date_parsing": "a date such as 2026-01-31",
        "date_type": "a date such as 2026-01-31",
        "list_type": "a list",
        "dict_type": "a mapping of keys to values",
        "model_type": "a mapping of keys to values",
        "string_type": "text",
        "greater_than_equal": f"a number ≥ {ctx.get('ge')}",
        "greater_than": f"a number > {ctx.get('gt')}",
        "less_than_equal": f"a number ≤ {ctx.get('le')}",
        "less_than": f"a number < {ctx.get('lt')}",
    }
    return mapping.get(kind)


def _short(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def allowed_keys(model: type[BaseModel], loc: tuple, data: Any = None) -> list[str]:
    """The keys a mapping at ``loc`` may hold, found by walking the model's annotations. With the
    mapping's ``data``, a union of models tagged by ``kind`` narrows to the member it names."""
    current: Any = model
    for part in loc:
        current = _descend(current, part)
        if current is None:
            return []
    models = _models_in(current)
    if isinstance(data, dict) and len(models) > 1:
        tagged = [m for m in models if "kind" in m.model_fields
                  and data.get("kind") in (typing.get_args(m.model_fields["kind"].annotation) or ())]
        models = tagged or models
    keys: set[str] = set()
    for m in models:
        for name, f in m.model_fields.items():
            keys.add(f.alias or name)
    return sorted(keys)


def _descend(tp: Any, part: Any) -> Any:
    for m in _models_in(tp):
        if isinstance(part, str):
            for name, f in m.model_fields.items():
                if part in (name, f.alias):
                    return f.annotation
    if isinstance(part, int):
        for arg in _args(tp):
            origin = typing.get_origin(arg)
            if origin in (list, tuple, set):
                return typing.get_args(arg)[0]
    if isinstance(part, str):
        for arg in _args(tp):
            if typing.get_origin(arg) is dict:
                return typing.get_args(arg)[1]
    return None


def _args(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _args(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out = []
        for a in typing.get_args(tp):
            out.extend(_args(a))
        return out
    return [tp]


def _models_in(tp: Any) -> list[type[BaseModel]]:
    return [a for a in _args(tp) if isinstance(a, type) and issubclass(a, BaseModel)]
