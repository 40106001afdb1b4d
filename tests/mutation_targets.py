"""For each mutating action of the registry: an item of the sandbox it applies to, and the
call the console makes for it (plain action, form or editor), through the action guard.

Walks the registry, so a new mutating action is found here without being named; the
tests then fail until it can be driven (tests/ui/test_mutations_outcome_unknown.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from smtui.services.backend import Backend
from smtui.services.registry import Action, Item, ResourceKind


@dataclass(frozen=True)
class Target:
    kind: ResourceKind
    action: Action
    key: str
    item: Item


def mutating_actions(backend: Backend) -> list[tuple[ResourceKind, Action]]:
    return [
        (kind, action)
        for kind in backend.registry.kinds.values()
        for action in kind.actions
        if action.mutating
    ]


def _items(backend: Backend, kind: ResourceKind) -> list[Item]:
    """The kind's items: listed directly, or under each parent that has it as a child."""
    never = lambda: False  # noqa: E731
    param_sets: list[dict[str, Any]] = []
    if kind.listed:
        param_sets.append({})
    for parent in backend.registry.kinds.values():
        for child in parent.children:
            if child.kind == kind.name and parent.listed:
                for page in parent.list_pages(backend.clients, {}, never):
                    param_sets.extend(child.params(p) for p in page)
    items: list[Item] = []
    for params in param_sets:
        for page in kind.list_pages(backend.clients, params, never):
            items.extend(page)
    return items


def find_target(backend: Backend, kind: ResourceKind, action: Action) -> Target | None:
    for item in _items(backend, kind):
        if action.applies(item) and (action.form is None or form_values(action, item)):
            return Target(kind, action, kind.key(item), item)
    return None


def form_values(action: Action, item: Item) -> dict[str, str] | None:
    """Values that pass the form's check: the initial ones, or one number bumped by one
    (the last field first: the count, the max, a cooldown), so something changes."""
    assert action.form is not None
    values: dict[str, str] = {}
    for field in action.form.fields:
        values[field.id] = field.initial(item, values)

    def ok(candidate: dict[str, str]) -> bool:
        return not [p for p in action.form.check(item, candidate) if not p.warning]  # type: ignore[union-attr]

    if ok(values):
        return values
    for field in reversed(action.form.fields):
        try:
            bumped = {**values, field.id: str(int(float(values[field.id])) + 1)}
        except ValueError:
            continue
        if ok(bumped):
            return bumped
    return None


def console_call(backend: Backend, target: Target) -> Callable[[], object]:
    """The call the console makes for the action, through the guard, as its screen does
    (base.py _execute, form_screen.py, retrain_screen.py)."""
    action, item = target.action, target.item
    if action.form is not None:
        values = form_values(action, item)
        assert values is not None
        form = action.form
        resource = form.resource(item, values) if form.resource else target.key
        return lambda: backend.guard.run(
            action.id, resource, lambda: form.submit(backend.clients, item, values)
        )
    if action.editor:
        from smtui.services import retrain

        draft = retrain.prepare(backend.clients, target.key, action.editor, backend.clock())
        values = draft.values()
        if values.spot and not values.max_wait:
            values.max_wait = values.max_runtime
        problems = retrain.check(draft, values)
        assert not problems, problems
        request = retrain.build(draft, values)
        name = request["TrainingJobName"]
        return lambda: backend.guard.run(
            action.id,
            f"training-job/{name}",
            lambda: retrain.launch(backend.clients, request),
            details={"source": target.key, "mode": action.editor},
        )
    return lambda: backend.run_action(action, target.key, item)
