"""The effective keymap: every binding with an id, its keys after config [keys], where it applies.

Derived from the real ``Binding`` definitions, so new views are included without a list
to maintain: every class in the ``smtui.ui`` package that defines ``BINDINGS`` (the app,
the resource and detail screens, the table, dialogs, widgets added later) and every
registry kind's actions and child views. ``smtui keys`` prints it; the docs site's keys
reference (docs/reference/keys.md) is generated from it (``python -m smtui.docs_gen``).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import string
from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import _character_to_key

from smtui.services.registry import Registry


@dataclass(frozen=True, slots=True)
class KeyEntry:
    id: str
    keys: tuple[str, ...]
    """Effective keys (config [keys] applied), as Textual names them (``slash``, ``ctrl+r``)."""
    default: tuple[str, ...]
    description: str
    scope: str
    """Where it applies: the id's prefix (app, view, detail, table, jobs, ...)."""

    @property
    def remapped(self) -> bool:
        return self.keys != self.default


_PRINTABLE = {_character_to_key(c): c for c in string.printable if not c.isspace()}


def key_label(key: str) -> str:
    """A key as a user reads it and may write it in config [keys]: ``slash`` -> ``/``."""
    return _PRINTABLE.get(key, key)


def normalize_keys(keys: str) -> tuple[str, ...]:
    """``"/,ctrl+r"`` -> ``("slash", "ctrl+r")``: Textual's names, as set_keymap stores them."""
    out = []
    for key in keys.split(","):
        key = key.strip()
        if key:
            out.append(_character_to_key(key) if len(key) == 1 else key)
    return tuple(out)


def _ui_classes() -> list[type[DOMNode]]:
    import smtui.ui

    found: dict[str, type[DOMNode]] = {}
    for info in pkgutil.walk_packages(smtui.ui.__path__, "smtui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, DOMNode)
                and cls.__module__ == module.__name__
                and "BINDINGS" in cls.__dict__
            ):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


def default_bindings(registry: Registry) -> list[Binding]:
    """Every binding with an id, in a stable order (classes by module, then kinds)."""
    from smtui.ui.screens.base import action_bindings

    bindings: list[Binding] = []
    for cls in _ui_classes():
        bindings.extend(Binding.make_bindings(cls.__dict__["BINDINGS"]))
    for kind in registry:
        bindings.extend(Binding.make_bindings(action_bindings(kind)))
    return [b for b in bindings if b.id]


_SCOPE_ORDER = ("app", "view", "table", "detail", "command", "help")


def effective_keymap(registry: Registry, keymap: Mapping[str, str]) -> list[KeyEntry]:
    """One entry per binding id, its keys after ``keymap`` (config [keys]) is applied."""
    grouped: dict[tuple[str, str], tuple[list[str], str]] = {}
    for binding in default_bindings(registry):
        assert binding.id is not None
        scope = binding.id.split(".", 1)[0]
        keys, _ = grouped.setdefault((scope, binding.id), ([], binding.description))
        if binding.key not in keys:
            keys.append(binding.key)
    entries = []
    for (scope, ident), (keys, description) in grouped.items():
        default = tuple(keys)
        effective = normalize_keys(keymap[ident]) if keymap.get(ident) else default
        entries.append(KeyEntry(ident, effective, default, description or ident, scope))
    order = {scope: n for n, scope in enumerate(_SCOPE_ORDER)}
    return sorted(entries, key=lambda e: (order.get(e.scope, len(order)), e.scope))


def unknown_ids(registry: Registry, keymap: Mapping[str, str]) -> list[str]:
    """Ids in config [keys] that no binding has (a typo, or a view that is gone)."""
    known = {b.id for b in default_bindings(registry)}
    return sorted(ident for ident in keymap if ident not in known)
