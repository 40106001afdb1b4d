"""How `:` views stack: a view typed at `:` replaces the top-level view (k9s), the
child views opened from a row stack on their parent; views reached only from a parent
say how to get there instead of opening empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtui.services.registry import QueryError, Registry, ResourceKind
from smtui.ui.keymap import key_label

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen


def parents(registry: Registry, kind: ResourceKind) -> list[tuple[ResourceKind, str, str]]:
    """(parent kind, key, label) of every child view that opens ``kind``."""
    return [
        (parent, child.key, child.label)
        for parent in registry
        for child in parent.children
        if child.kind == kind.name
    ]


def route(registry: Registry, kind: ResourceKind, seen: frozenset[str] = frozenset()) -> str:
    """The keys from a `:` view to ``kind``: ``:pipelines, e on a row, then x on a row``."""
    for parent, key, _ in parents(registry, kind):
        if parent.name in seen:
            continue
        step = f"{key_label(key)} on a row"
        if parent.listed:
            return f":{parent.name}, then {step}"
        before = route(registry, parent, seen | {kind.name})
        if before:
            return f"{before.replace(', then ', ', ')}, then {step}"
    return ""


def needs_parent(registry: Registry, kind: ResourceKind) -> str | None:
    """Why ``kind`` cannot open from `:` and how to reach it; None when it can.

    A kind reached only from a parent (``listed=False``) lists the children of one
    parent item, which `:` does not name: opening it would poll without its parent and
    fail every interval. A kind whose ``parse_args`` takes the parent as an argument
    (`:tuning-training-jobs NAME`) says so itself when the argument is missing.
    """
    if kind.listed or kind.opens_alone:
        return None
    try:
        kind.parse_args([])
    except QueryError:
        return None  # it takes its parent as an argument: parse_args checks it
    how = route(registry, kind) or "its parent's view"
    return f"{kind.title} open from a parent: {how}"


def show_view(app: App[None], screen: Screen[None]) -> None:
    """``screen`` as the top-level view: it replaces the views on the stack (escape on
    a top-level view stays there) rather than stacking on them."""
    stack = app.screen_stack
    if len(stack) < 2:  # the first view
        app.push_screen(screen)
        return
    while len(app.screen_stack) > 2:
        app.pop_screen()
    app.switch_screen(screen)
