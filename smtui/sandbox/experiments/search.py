"""SageMaker Search over plain records: SearchExpression evaluation, sorting, paging.

Rules from the API reference (https://docs.aws.amazon.com/sagemaker/latest/APIReference/
API_Search.html, API_SearchExpression.html, API_Filter.html, API_NestedFilters.html and
the same text in botocore's sagemaker model):

* A SearchExpression needs at least one of Filters, NestedFilters, SubExpressions; at
  most 50 of them recursively. ``Operator`` (And, the default, or Or) joins every part.
* A Filter without Operator means Equals. Exists / NotExists take no Value; the others
  need one. GreaterThan(OrEqualTo) / LessThan(OrEqualTo) are "not supported for text
  properties"; Contains and In are "only supported for text properties" (In takes a
  comma-delimited list). Numeric Values must be numbers; timestamps ISO 8601
  ``YYYY-mm-ddTHH:MM:SS``. Contains may appear once, except on names, display names,
  tags and artifacts ("'CONTAINS' operator usage limit of 1 exceeded.").
* Property names: ``Metrics.<name>.<Stat>`` (Stat: Min, Max, Avg, Last, Count, StdDev;
  SageMaker's own examples write it lower-case, e.g. ``metrics.test:accuracy.max`` in
  aws/amazon-sagemaker-examples, so the match is case-insensitive), ``Parameters.<name>``,
  ``Tags.<key>``, ``InputArtifacts.<name>.Value``, and any dotted path into the record
  (``Parents.TrialName``, ``Source.SourceArn``, ``Status.PrimaryStatus``, ...). A path
  through a list matches when any element matches; NestedFilters need all their filters
  to match the same element of the list ``NestedPropertyName``.
* SortBy defaults to LastModifiedTime, SortOrder to Descending; records without the
  property sort last.

Sandbox choices (not documented by AWS): ``Metrics.<name>`` without a statistic means
Last; Contains is case-insensitive, Equals is exact; a record without the property never
matches a comparison (NotEquals included).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ..errors import validation_error

MISSING = object()
STATS = {"min": "Min", "max": "Max", "avg": "Avg", "last": "Last", "count": "Count"}
STATS["stddev"] = "StdDev"
NUMERIC_OPS = {"GreaterThan", "GreaterThanOrEqualTo", "LessThan", "LessThanOrEqualTo"}
TEXT_OPS = {"Contains", "In"}
MAX_PARTS = 50
# Names on which Contains may be used more than once (API_Filter, Operator).
_MULTI_CONTAINS = ("displayname", "experimentname", "trialname", "trialcomponentname", "tags")
_MULTI_CONTAINS_PREFIX = ("tags.", "inputartifacts", "outputartifacts")

Record = dict[str, Any]


def _key(mapping: dict[str, Any], name: str) -> str | None:
    if name in mapping:
        return name
    lower = name.lower()
    return next((k for k in mapping if k.lower() == lower), None)


def resolve(record: Any, name: str) -> list[Any]:
    """Every value ``name`` designates in ``record`` (empty: the property does not exist)."""
    parts = name.split(".")
    head = parts[0].lower()
    if isinstance(record, dict):
        if head == "metrics" and isinstance(record.get("Metrics"), list) and len(parts) >= 2:
            return _metric(record["Metrics"], parts[1:])
        if head == "parameters" and isinstance(record.get("Parameters"), dict) and len(parts) >= 2:
            value = record["Parameters"].get(".".join(parts[1:]))
            if not isinstance(value, dict):
                return []
            found = value.get("NumberValue", value.get("StringValue", MISSING))
            return [] if found is MISSING else [found]
        if head == "tags" and isinstance(record.get("Tags"), list) and len(parts) >= 2:
            key = ".".join(parts[1:])
            return [t["Value"] for t in record["Tags"] if t.get("Key") == key]
        if head in ("inputartifacts", "outputartifacts") and len(parts) >= 2:
            artifacts = record.get(_key(record, parts[0]) or "") or {}
            rest = parts[1:]
            field = "Value"
            if len(rest) >= 2 and rest[-1].lower() in ("value", "mediatype"):
                field = "Value" if rest[-1].lower() == "value" else "MediaType"
                rest = rest[:-1]
            artifact = artifacts.get(".".join(rest))
            return [artifact[field]] if isinstance(artifact, dict) and field in artifact else []
    return _path(record, parts)


def _metric(metrics: list[dict[str, Any]], parts: list[str]) -> list[Any]:
    stat = "Last"
    if len(parts) >= 2 and parts[-1].lower() in STATS:
        stat = STATS[parts[-1].lower()]
        parts = parts[:-1]
    metric = ".".join(parts)
    return [m[stat] for m in metrics if m.get("MetricName") == metric and stat in m]


def _path(value: Any, parts: Sequence[str]) -> list[Any]:
    if not parts:
        if isinstance(value, list):
            return [v for v in value if not isinstance(v, dict | list)]
        return [] if isinstance(value, dict) else [value]
    if isinstance(value, list):
        return [found for element in value for found in _path(element, parts)]
    if isinstance(value, dict):
        key = _key(value, parts[0])
        return [] if key is None else _path(value[key], parts[1:])
    return []


def _number(text: str, name: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise validation_error(
            f"Value '{text}' for Filter '{name}' must be a number: {name} is numeric."
        ) from None


def _time(text: str, name: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise validation_error(
            f"Value '{text}' for Filter '{name}' must be an ISO 8601 date-time "
            "(YYYY-mm-ddTHH:MM:SS)."
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _compare(candidate: Any, op: str, value: str, name: str) -> bool:
    if isinstance(candidate, bool):
        candidate = str(candidate).lower()
    if isinstance(candidate, int | float | datetime):
        if op in TEXT_OPS:
            raise validation_error(f"Operator {op} is only supported for text properties: {name}.")
        target: Any = (
            _time(value, name) if isinstance(candidate, datetime) else _number(value, name)
        )
    else:
        candidate = str(candidate)
        if op in NUMERIC_OPS:
            raise validation_error(f"Operator {op} is not supported for text properties: {name}.")
        if op == "Contains":
            return value.lower() in candidate.lower()
        if op == "In":
            return candidate in [v.strip() for v in value.split(",")]
        target = value
    if op == "Equals":
        return bool(candidate == target)
    if op == "NotEquals":
        return bool(candidate != target)
    if op == "GreaterThan":
        return bool(candidate > target)
    if op == "GreaterThanOrEqualTo":
        return bool(candidate >= target)
    if op == "LessThan":
        return bool(candidate < target)
    return bool(candidate <= target)


def _filter(record: Any, f: dict[str, Any]) -> bool:
    name, op = f["Name"], f.get("Operator", "Equals")
    values = resolve(record, name)
    if op == "Exists":
        return bool(values)
    if op == "NotExists":
        return not values
    return any(_compare(v, op, f["Value"], name) for v in values)


def _nested(record: Record, nested: dict[str, Any]) -> bool:
    prop = nested["NestedPropertyName"]
    elements = _elements(record, prop)
    prefix = prop.lower() + "."
    for element in elements:
        ok = True
        for f in nested["Filters"]:
            name = f["Name"]
            if not name.lower().startswith(prefix):
                raise validation_error(
                    f"Filter name {name} must start with NestedPropertyName {prop}."
                )
            if not _filter(element, {**f, "Name": name[len(prefix) :]}):
                ok = False
                break
        if ok:
            return True
    return False


def _elements(record: Record, prop: str) -> list[Any]:
    value: Any = record
    for part in prop.split("."):
        if not isinstance(value, dict):
            return []
        key = _key(value, part)
        if key is None:
            return []
        value = value[key]
    return value if isinstance(value, list) else [value]


def matches(record: Record, expression: dict[str, Any]) -> bool:
    parts = [lambda f=f: _filter(record, f) for f in expression.get("Filters") or []]
    parts += [lambda n=n: _nested(record, n) for n in expression.get("NestedFilters") or []]
    parts += [lambda e=e: matches(record, e) for e in expression.get("SubExpressions") or []]
    if expression.get("Operator", "And") == "Or":
        return any(p() for p in parts)
    return all(p() for p in parts)


def check_expression(expression: dict[str, Any]) -> None:
    """The limits Search enforces before it looks at any resource."""
    counted = [0, 0]  # parts, Contains outside the exempt names

    def walk(e: dict[str, Any]) -> None:
        filters = list(e.get("Filters") or [])
        nested = e.get("NestedFilters") or []
        subs = e.get("SubExpressions") or []
        if not (filters or nested or subs):
            raise validation_error(
                "SearchExpression must contain at least one of Filters, NestedFilters or "
                "SubExpressions."
            )
        counted[0] += len(filters) + len(nested) + len(subs)
        for n in nested:
            filters += n["Filters"]
        for f in filters:
            op = f.get("Operator", "Equals")
            if op in ("Exists", "NotExists"):
                continue
            if "Value" not in f:
                raise validation_error(f"Filter '{f['Name']}' with operator {op} needs a Value.")
            lower = f["Name"].lower()
            exempt = lower in _MULTI_CONTAINS or lower.startswith(_MULTI_CONTAINS_PREFIX)
            if op == "Contains" and not exempt:
                counted[1] += 1
        for s in subs:
            walk(s)

    walk(expression)
    if counted[0] > MAX_PARTS:
        raise validation_error(
            f"SearchExpression has {counted[0]} filters, nested filters and subexpressions; "
            f"the maximum is {MAX_PARTS}."
        )
    if counted[1] > 1:
        raise validation_error("'CONTAINS' operator usage limit of 1 exceeded.")


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (2, str(value))
    if isinstance(value, int | float):
        return (0, float(value))
    if isinstance(value, datetime):
        return (0, value.timestamp())
    return (1, str(value))


def search(records: Sequence[Record], params: dict[str, Any]) -> list[Record]:
    """The records matching ``params['SearchExpression']``, sorted as asked."""
    expression = params.get("SearchExpression")
    if expression is not None:
        check_expression(expression)
        records = [r for r in records if matches(r, expression)]
    sort_by = params.get("SortBy") or "LastModifiedTime"
    descending = params.get("SortOrder", "Descending") == "Descending"
    keyed: list[tuple[Any, Record]] = []
    missing: list[tuple[Any, Record]] = []
    for r in records:
        values = resolve(r, sort_by)
        (keyed if values else missing).append((_sort_key(values[0]) if values else None, r))
    keyed.sort(key=lambda pair: pair[0], reverse=descending)  # numbers, then text
    return [r for _, r in keyed] + [r for _, r in missing]
