"""Server-side request validation against the EMR Serverless model, as the service does.

The AWS SDK for Java v2 does not check length/pattern/range constraints on the client,
and stock moto does not check them either, so e.g. an empty string in
``entryPointArguments`` (model: min length 1, pattern ``.*\\S.*``) would pass the
emulator and only fail on AWS.  This module reports such values the way the service
does: a ValidationException "N validation error(s) detected: Value at 'path' failed to
satisfy constraint: ...".
"""

from __future__ import annotations

import re
from typing import Any

import botocore.session
from botocore.model import ListShape, MapShape, Shape, StructureShape

from moto.emrserverless.exceptions import ValidationException

_model = None
_patterns: dict[str, re.Pattern | None] = {}


def _service_model() -> Any:
    global _model
    if _model is None:
        _model = botocore.session.get_session().get_service_model("emr-serverless")
    return _model


def _compiled(pattern: str) -> re.Pattern | None:
    if pattern not in _patterns:
        try:
            _patterns[pattern] = re.compile(pattern)
        except re.error:  # a Java-only construct: do not check it
            _patterns[pattern] = None
    return _patterns[pattern]


def _check(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if value is None:
        return
    meta = shape.metadata or {}
    shown = "" if meta.get("sensitive") else f" '{value}'" if isinstance(value, (str, int, float)) else ""
    where = f"Value{shown} at '{path}'"
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            errors.append(f"{where} failed to satisfy constraint: Member must be a structure")
            return
        for name in shape.required_members:
            if value.get(name) is None:
                errors.append(f"Value null at '{path + '.' if path else ''}{name}' failed to satisfy "
                              "constraint: Member must not be null")
        for name, member in shape.members.items():
            if name in value:
                _check(value[name], member, f"{path + '.' if path else ''}{name}", errors)
        return
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            errors.append(f"{where} failed to satisfy constraint: Member must be a list")
            return
        _check_size(len(value), meta, where, "length", errors)
        for index, item in enumerate(value, start=1):
            _check(item, shape.member, f"{path}.{index}.member", errors)
        return
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            errors.append(f"{where} failed to satisfy constraint: Member must be a map")
            return
        _check_size(len(value), meta, where, "length", errors)
        for key, item in value.items():
            _check(key, shape.key, f"{path}.key", errors)
            _check(item, shape.value, f"{path}.{key}", errors)
        return
    if shape.type_name == "string":
        if not isinstance(value, str):
            errors.append(f"{where} failed to satisfy constraint: Member must be a string")
            return
        _check_size(len(value), meta, where, "length", errors)
        if shape.enum and value not in shape.enum:
            errors.append(
                f"{where} failed to satisfy constraint: Member must satisfy enum value set: "
                f"[{', '.join(shape.enum)}]"
            )
        pattern = meta.get("pattern")
        compiled = _compiled(pattern) if pattern else None
        if compiled is not None and not compiled.fullmatch(value):
            errors.append(
                f"{where} failed to satisfy constraint: Member must satisfy regular expression "
                f"pattern: {pattern}"
            )
        return
    if shape.type_name in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"{where} failed to satisfy constraint: Member must be a number")
            return
        if "min" in meta and value < meta["min"]:
            errors.append(f"{where} failed to satisfy constraint: Member must have value greater than or equal to {meta['min']}")
        if "max" in meta and value > meta["max"]:
            errors.append(f"{where} failed to satisfy constraint: Member must have value less than or equal to {meta['max']}")


def _check_size(size: int, meta: dict, where: str, what: str, errors: list[str]) -> None:
    if "min" in meta and size < meta["min"]:
        errors.append(f"{where} failed to satisfy constraint: Member must have {what} greater than or equal to {meta['min']}")
    if "max" in meta and size > meta["max"]:
        errors.append(f"{where} failed to satisfy constraint: Member must have {what} less than or equal to {meta['max']}")


def validate_request(operation: str, params: dict[str, Any]) -> None:
    """Raise ValidationException if `params` (API camelCase) break the model's constraints."""
    shape = _service_model().operation_model(operation).input_shape
    errors: list[str] = []
    _check({k: v for k, v in params.items() if v is not None}, shape, "", errors)
    if errors:
        count = len(errors)
        noun = "error" if count == 1 else "errors"
        raise ValidationException(f"{count} validation {noun} detected: " + "; ".join(errors))
