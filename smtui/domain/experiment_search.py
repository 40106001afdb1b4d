"""The search language of `:search` and `smtui experiments --search`, translated to the
SageMaker Search API (Resource=ExperimentTrialComponent).

    metrics.validation:accuracy.max > 0.9
    parameters.learning_rate < 0.01 and status = completed
    experiment = reviews-bert-lr-sweep or trial = churn-incremental-retrain-03
    display ~ train            (~ means contains)
    metrics.eval_loss.last exists

Conditions are ``FIELD OP VALUE`` or ``FIELD exists`` / ``FIELD missing``, joined with
``and`` / ``or`` (``and`` binds tighter; no parentheses). Property names as the Search
API takes them (API_Filter: "Metrics.<name>", "HyperParameters.<name>", "Tags.<key>";
trial components use ``Parameters.<name>`` and ``Metrics.<name>.<stat>``, e.g.
``metrics.test:accuracy.max`` in aws/amazon-sagemaker-examples' experiments notebooks).
Timestamps go out as ``YYYY-mm-ddTHH:MM:SS``, the format API_Filter requires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Search API limits (API_SearchExpression): at most 20 Filters and 20 SubExpressions.
MAX_FILTERS = 20

OPERATORS = {
    ">": "GreaterThan",
    ">=": "GreaterThanOrEqualTo",
    "<": "LessThan",
    "<=": "LessThanOrEqualTo",
    "=": "Equals",
    "==": "Equals",
    "!=": "NotEquals",
    "~": "Contains",
    "contains": "Contains",
}
UNARY = {"exists": "Exists", "missing": "NotExists"}
STATS = {"min": "Min", "max": "Max", "avg": "Avg", "last": "Last", "count": "Count"}
STATS["stddev"] = "StdDev"
SIMPLE_FIELDS = {
    "name": "TrialComponentName",
    "display": "DisplayName",
    "status": "Status.PrimaryStatus",
    "source": "Source.SourceArn",
    "trial": "Parents.TrialName",
    "experiment": "Parents.ExperimentName",
    "created": "CreationTime",
    "started": "StartTime",
    "ended": "EndTime",
    "modified": "LastModifiedTime",
}
TIME_FIELDS = {"CreationTime", "StartTime", "EndTime", "LastModifiedTime"}
STATUS_WORDS = {
    "running": "InProgress",
    "inprogress": "InProgress",
    "completed": "Completed",
    "failed": "Failed",
    "stopping": "Stopping",
    "stopped": "Stopped",
}
FIELD_HELP = "metrics.NAME.STAT, parameters.NAME, tags.KEY, input.NAME, output.NAME, " + ", ".join(
    SIMPLE_FIELDS
)
EXAMPLE = "metrics.validation:accuracy.max > 0.9"

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<quoted>"[^"]*"|'[^']*')
      | (?P<op>>=|<=|!=|==|&&|\|\||[<>=~])
      | (?P<paren>[()])
      | (?P<word>[^\s<>=!~"'()&|]+)
      | (?P<bad>\S)
    )""",
    re.VERBOSE,
)


class SearchSyntaxError(ValueError):
    """A search expression that cannot be translated; the message says what to type."""


@dataclass(frozen=True, slots=True)
class Condition:
    name: str
    """The Search API property name, e.g. ``Metrics.validation:accuracy.Max``."""
    operator: str
    """The Search API operator, e.g. ``GreaterThan``."""
    value: str | None = None
    text: str = ""
    """The condition as the user typed it."""

    def filter(self) -> dict[str, str]:
        out = {"Name": self.name, "Operator": self.operator}
        if self.value is not None:
            out["Value"] = self.value
        return out


@dataclass(frozen=True, slots=True)
class SearchQuery:
    groups: tuple[tuple[Condition, ...], ...]
    """Alternatives (or) of conjunctions (and)."""
    text: str

    def expression(self) -> dict[str, Any]:
        """The SearchExpression for the Search API."""
        if len(self.groups) == 1:
            return {"Filters": [c.filter() for c in self.groups[0]]}
        return {
            "SubExpressions": [{"Filters": [c.filter() for c in g]} for g in self.groups],
            "Operator": "Or",
        }

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return tuple(c for g in self.groups for c in g)

    def sort(self) -> tuple[str, str] | None:
        """(SortBy, SortOrder): by the first metric compared, best first for the condition
        (descending for > and >=, ascending for < and <=); None for the API default."""
        for c in self.conditions:
            if c.name.startswith("Metrics.") and c.operator in (
                "GreaterThan",
                "GreaterThanOrEqualTo",
                "LessThan",
                "LessThanOrEqualTo",
            ):
                order = "Descending" if c.operator.startswith("Greater") else "Ascending"
                return c.name, order
        return None


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "bad":
            raise SearchSyntaxError(f"unexpected {value!r}: {_usage()}")
        if kind == "paren":
            raise SearchSyntaxError("parentheses are not supported: 'and' binds tighter than 'or'")
        if kind == "quoted":
            value = value[1:-1]
        elif kind == "word" and value.lower() in OPERATORS | UNARY:
            kind = "op"
        out.append((kind, value))
    return out


def _usage() -> str:
    return f"type FIELD OP VALUE, e.g. {EXAMPLE}"


def _field(word: str) -> tuple[str, str]:
    """User field -> (Search property name, value type: number, time, text or any)."""
    head, _, rest = word.partition(".")
    key = head.lower()
    if key in ("metrics", "metric", "m"):
        name, _, stat = rest.rpartition(".")
        if not rest or stat.lower() not in STATS or not name:
            raise SearchSyntaxError(
                f"{word}: write metrics.NAME.STAT, e.g. metrics.{rest or 'NAME'}.max "
                f"(STAT: {', '.join(STATS)})"
            )
        return f"Metrics.{name}.{STATS[stat.lower()]}", "number"
    if key in ("parameters", "parameter", "params", "param", "p"):
        if not rest:
            raise SearchSyntaxError(f"{word}: write parameters.NAME, e.g. parameters.learning_rate")
        return f"Parameters.{rest}", "any"
    if key in ("tags", "tag"):
        if not rest:
            raise SearchSyntaxError(f"{word}: write tags.KEY")
        return f"Tags.{rest}", "text"
    if key in ("input", "inputs", "output", "outputs"):
        if not rest:
            raise SearchSyntaxError(f"{word}: write {key}.NAME, e.g. input.train")
        prefix = "InputArtifacts" if key.startswith("input") else "OutputArtifacts"
        return f"{prefix}.{rest}.Value", "text"
    if not rest and key in SIMPLE_FIELDS:
        name = SIMPLE_FIELDS[key]
        return name, "time" if name in TIME_FIELDS else "text"
    raise SearchSyntaxError(f"unknown field {word!r}: use {FIELD_HELP}")


def _number(value: str, field: str) -> str:
    try:
        float(value)
    except ValueError:
        raise SearchSyntaxError(
            f"{value!r} is not a number: {field} compares with numbers"
        ) from None
    return value


_TIME_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
)


def _time(value: str, field: str) -> str:
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).strftime("%Y-%m-%dT%H:%M:%S")
        except ValueError:
            continue
    raise SearchSyntaxError(
        f"{value!r} is not a time: {field} compares with YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)"
    )


def _condition(tokens: list[tuple[str, str]], i: int) -> tuple[Condition, int]:
    kind, word = tokens[i]
    if kind != "word":
        raise SearchSyntaxError(f"expected a field before {word!r}: {_usage()}")
    name, vtype = _field(word)
    if i + 1 >= len(tokens) or tokens[i + 1][0] != "op":
        after = f" before {tokens[i + 1][1]!r}" if i + 1 < len(tokens) else ""
        raise SearchSyntaxError(
            f"expected an operator after {word!r}{after}: >, >=, <, <=, =, !=, ~ (contains), "
            "exists, missing"
        )
    op = tokens[i + 1][1].lower()
    if op in ("&&", "||"):
        raise SearchSyntaxError(f"expected an operator after {word!r}, not {op!r}")
    if op in UNARY:
        return Condition(name, UNARY[op], None, f"{word} {op}"), i + 2
    if i + 2 >= len(tokens) or tokens[i + 2][0] not in ("word", "quoted"):
        raise SearchSyntaxError(f"expected a value after {word} {op}")
    value = tokens[i + 2][1]
    operator = OPERATORS[op]
    if vtype == "number":
        if operator == "Contains":
            raise SearchSyntaxError(f"~ (contains) compares text; {word} is a number")
        value = _number(value, word)
    elif vtype == "time":
        if operator == "Contains":
            raise SearchSyntaxError(f"~ (contains) compares text; {word} is a time")
        value = _time(value, word)
    elif vtype == "text" and operator not in ("Equals", "NotEquals", "Contains"):
        raise SearchSyntaxError(f"{op} compares numbers and times; {word} is text (use = or ~)")
    if name == "Status.PrimaryStatus":
        value = STATUS_WORDS.get(value.lower(), value)
    return Condition(name, operator, value, f"{word} {op} {tokens[i + 2][1]}"), i + 3


def parse_search(text: str) -> SearchQuery:
    """Parse a search expression; raises SearchSyntaxError with what to type instead."""
    tokens = _tokens(text)
    if not tokens:
        raise SearchSyntaxError(f"empty search: {_usage()}")
    groups: list[list[Condition]] = [[]]
    i = 0
    while True:
        condition, i = _condition(tokens, i)
        groups[-1].append(condition)
        if i >= len(tokens):
            break
        kind, word = tokens[i]
        joiner = word.lower()
        if joiner in ("and", "&&"):
            pass
        elif joiner in ("or", "||"):
            groups.append([])
        else:
            raise SearchSyntaxError(f"expected 'and' or 'or' before {word!r}")
        i += 1
        if i >= len(tokens):
            raise SearchSyntaxError(f"expected a condition after {word!r}")
    if any(len(g) > MAX_FILTERS for g in groups) or len(groups) > MAX_FILTERS:
        raise SearchSyntaxError(f"at most {MAX_FILTERS} conditions per 'or' branch and branches")
    return SearchQuery(tuple(tuple(g) for g in groups), " ".join(text.split()))
