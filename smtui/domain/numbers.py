"""One parser for every number a user types: form fields and command-line flags.

Each numeric input declares its type (whole or decimal) and its range once, as a ``Whole``
or ``Decimal``; the check and the request builder both use ``parse``, which returns the
parsed value or a message for beside the field (or after the flag), never an exception.
What float() would take but the field cannot hold ("2.0" for a count, "nan", "inf",
"1e999") is refused here, so a builder never meets it.

The bounds come from botocore's service models where the API states them (each spec
names its shape); tests/unit/test_numbers.py re-reads those shapes from botocore.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

INT32_MAX = 2**31 - 1
"""botocore ``integer`` shapes are 32-bit signed (the AWS JSON protocols' Integer type,
Smithy spec "Simple types": integer is a 32-bit signed integer)."""

_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_NON_FINITE = ("nan", "inf", "infinity")
_MAX_DIGITS = 40
"""Longer digit strings are out of every range here (and int() of thousands of digits
is slow): refused before converting."""


def shown(raw: str) -> str:
    """What the user typed, quoted for a message: control characters escaped by repr,
    at most 24 characters."""
    return repr(raw if len(raw) <= 24 else raw[:23] + "…")


@dataclass(frozen=True, slots=True)
class Whole:
    """A whole number within [low, high]."""

    what: str
    low: int | None = 0
    high: int | None = INT32_MAX
    source: str = ""
    """Where the bounds come from (botocore shape or documentation page)."""

    def parse(self, text: str) -> tuple[int | None, str]:
        raw = text.strip()
        if not raw:
            return None, f"{self.what} is required"
        if not _WHOLE.fullmatch(raw):
            return None, f"{self.what} must be a whole number (got {shown(raw)})"
        if len(raw.lstrip("+-")) > _MAX_DIGITS:
            return None, self._range_message(raw.startswith("-"))
        number = int(raw)
        if self.low is not None and number < self.low:
            return None, self._range_message(True)
        if self.high is not None and number > self.high:
            return None, self._range_message(False)
        return number, ""

    def _range_message(self, below: bool) -> str:
        if self.low is not None and self.high is not None and self.high != INT32_MAX:
            return f"{self.what} must be {self.low}..{self.high}"
        if below and self.low is not None:
            return (
                f"{self.what} cannot be negative"
                if self.low == 0
                else f"{self.what} must be at least {self.low}"
            )
        return f"{self.what} must be at most {self.high}"


@dataclass(frozen=True, slots=True)
class Decimal:
    """A finite decimal number within [low, high] (``above``: strictly greater than low)."""

    what: str
    low: float | None = 0.0
    high: float | None = None
    above: bool = False
    source: str = ""

    def parse(self, text: str) -> tuple[float | None, str]:
        raw = text.strip()
        if not raw:
            return None, f"{self.what} is required"
        if raw.lower().lstrip("+-") in _NON_FINITE:
            return None, f"{self.what} must be a finite number (got {shown(raw)})"
        if not _DECIMAL.fullmatch(raw):
            return None, f"{self.what} must be a number (got {shown(raw)})"
        number = float(raw)
        if not math.isfinite(number):
            return None, f"{self.what} must be a finite number (got {shown(raw)})"
        if self.low is not None and (number <= self.low if self.above else number < self.low):
            if self.above:
                return None, f"{self.what} must be greater than {self.low:g}"
            if self.low == 0:
                return None, f"{self.what} cannot be negative"
            return None, f"{self.what} must be at least {self.low:g}"
        if self.high is not None and number > self.high:
            return None, f"{self.what} must be at most {self.high:g}"
        return number, ""


Number = Whole | Decimal


def value_or_raise(spec: Whole | Decimal, text: str) -> int | float:
    """The parsed value, or ValueError with the message (argparse ``type=`` and callers
    that have already checked)."""
    value, problem = spec.parse(text)
    if problem or value is None:
        raise ValueError(problem or f"{spec.what}: no value")
    return value


def whole(spec: Whole, text: str) -> int:
    """For a builder, after the check passed: the same parse, so the same value."""
    value = value_or_raise(spec, text)
    assert isinstance(value, int)
    return value


def decimal(spec: Decimal, text: str) -> float:
    value = value_or_raise(spec, text)
    assert isinstance(value, float)
    return value
