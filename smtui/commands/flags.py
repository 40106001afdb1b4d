"""argparse ``type=`` converters from the domain's specs: every numeric flag parses with
smtui/domain/numbers.py (the same parser the console's forms use) and every name flag is
checked against the API's pattern (smtui/domain/names.py). A bad value ends in argparse's
one-line usage error (exit 2), before anything is sent."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from smtui.domain.names import NameRule
from smtui.domain.numbers import INT32_MAX, Decimal, Whole


def whole(spec: Whole) -> Callable[[str], int]:
    def convert(text: str) -> int:
        value, problem = spec.parse(text)
        if problem or value is None:
            raise argparse.ArgumentTypeError(problem)
        return value

    convert.__name__ = spec.what
    return convert


def decimal(spec: Decimal) -> Callable[[str], float]:
    def convert(text: str) -> float:
        value, problem = spec.parse(text)
        if problem or value is None:
            raise argparse.ArgumentTypeError(problem)
        return value

    convert.__name__ = spec.what
    return convert


def name(rule: NameRule) -> Callable[[str], str]:
    def convert(text: str) -> str:
        problem = rule.check(text)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return text

    convert.__name__ = rule.what
    return convert


# Flags of the command line's own (no API shape): a count, a port, a factor.
def count(what: str, low: int = 0, high: int = INT32_MAX) -> Callable[[str], int]:
    return whole(Whole(what, low, high))


PORT = whole(Whole("port", 0, 65535, source="TCP port numbers are 16-bit (RFC 793)"))


def positive(what: str) -> Callable[[str], float]:
    return decimal(Decimal(what, 0.0, None, above=True))


def non_negative(what: str) -> Callable[[str], float]:
    return decimal(Decimal(what, 0.0, None))
