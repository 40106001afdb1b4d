"""Example calls per served sandbox operation, one module per service area.

Each module defines ``EXAMPLES: dict[(service, operation), list[Callable[[Sandbox], params]]]``;
add a module for a new area, nothing else to edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

Example = Callable[[Any], dict[str, Any]]


def all_examples() -> dict[tuple[str, str], list[Example]]:
    merged: dict[tuple[str, str], list[Example]] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, calls in getattr(module, "EXAMPLES", {}).items():
            merged.setdefault(key, []).extend(calls)
    return merged
