"""The keys and views reference pages, from the registry and the effective keymap."""

from __future__ import annotations

from collections.abc import Iterable

from smtui.docs_gen.markdown import code, table
from smtui.services.kinds import default_registry
from smtui.services.registry import Registry, ResourceKind
from smtui.ui.keymap import KeyEntry, effective_keymap, key_label

GLOBAL_SCOPES = {
    "app": "Everywhere",
    "view": "Every list view",
    "table": "Every table (cursor, selection, sort)",
    "detail": "A detail screen",
    "command": "The `:` command line",
    "help": "The help screen (`?`)",
}


def _keys(keys: Iterable[str]) -> str:
    return " ".join(code(key_label(k)) for k in keys)


def _owners(registry: Registry) -> dict[str, ResourceKind]:
    """Binding scope -> the kind whose actions, children or links carry it."""
    owners: dict[str, ResourceKind] = {}
    for kind in registry:
        for ident in (
            *(a.id for a in kind.actions),
            *(c.id for c in kind.children),
            *(k.id for k in kind.links),
        ):
            owners.setdefault(ident.split(".", 1)[0], kind)
    return owners


def _scope_title(scope: str, owners: dict[str, ResourceKind]) -> str:
    if scope in GLOBAL_SCOPES:
        return GLOBAL_SCOPES[scope]
    kind = owners.get(scope)
    if kind is not None:
        return f"{kind.title} ({code(':' + kind.name)})" if kind.listed else kind.title
    return f"Screen: {scope}"


def keys_page() -> str:
    registry = default_registry()
    owners = _owners(registry)
    entries = effective_keymap(registry, {})
    by_scope: dict[str, list[KeyEntry]] = {}
    for entry in entries:
        by_scope.setdefault(entry.scope, []).append(entry)
    out = [
        "# Keys\n",
        "Every key binding of the console, with its **binding id**: remap any of them in "
        "`config.toml` under `[keys]` (binding id = keys, comma-separated; see "
        "[Configuration](../configuration.md)). In the console, `?` lists the keys that apply "
        "where you are; `smtui keys` prints this list with your `[keys]` applied.\n",
        f"{len(entries)} bindings. `ctrl+p` opens the command palette (every view, the actions "
        "that apply, the themes); it has no binding id.\n",
    ]
    for scope, group in by_scope.items():
        out.append(f"## {_scope_title(scope, owners)}\n")
        rows = [(_keys(e.default), code(e.id), e.description) for e in group]
        out.append(table(("keys", "binding id", "does"), rows))
    return "\n".join(out)


def _parents(registry: Registry) -> dict[str, list[str]]:
    """Kind name -> the kinds whose rows open it (children and `enter`)."""
    parents: dict[str, list[str]] = {}
    for kind in registry:
        for child in kind.children:
            parents.setdefault(child.kind, []).append(kind.name)
    return parents


def _view(kind: ResourceKind, parents: dict[str, list[str]]) -> str:
    title = f"{kind.title} ({code(':' + kind.name)})" if kind.listed else kind.title
    head = f"## {title} {{#{kind.name}}}\n"  # the anchor is the kind's name: stable links
    lines = [head]
    facts = []
    if kind.aliases:
        facts.append("aliases: " + ", ".join(code(":" + a) for a in kind.aliases))
    if not kind.listed:
        opened = ", ".join(code(":" + p) for p in parents.get(kind.name, []))
        facts.append(f"opened from a row of {opened}" if opened else "opened from another view")
    if kind.arg_words:
        facts.append("words after the name: " + ", ".join(code(w) for w in kind.arg_words))
    opens = "its detail" if kind.enter == "detail" else code(kind.enter)
    facts.append(f"`enter` opens {opens}")
    if kind.status is not None:
        facts.append("rows can be watched (`w`)")
    if kind.compare is not None:
        facts.append("marked rows can be compared (`c`)")
    if kind.detail_windows:
        facts.append("detail metric windows: " + ", ".join(kind.detail_windows))
    lines.append("".join(f"- {fact}\n" for fact in facts))
    lines.append("Columns: " + ", ".join(c.label for c in kind.columns) + ".\n")
    rows = []
    for action in kind.actions:
        if action.copy is not None:
            how = "copies (no API call)"
        elif action.mutating:
            how = "mutating: " + ("type the name to confirm" if action.typed else "confirmed")
            if action.form is not None or action.editor:
                how = "mutating: a form, checked, then reviewed"
        else:
            how = "reads"
        rows.append((code(key_label(action.key)), code(action.id), action.description, how))
    for child in kind.children:
        rows.append(
            (code(key_label(child.key)), code(child.id), child.label, f"opens :{child.kind}")
        )
    for link in kind.links:
        rows.append((code(key_label(link.key)), code(link.id), link.label, "opens its detail"))
    if rows:
        lines.append(table(("key", "binding id", "does", "kind"), rows))
    return "\n".join(lines)


def views_page() -> str:
    registry = default_registry()
    parents = _parents(registry)
    listed = [k for k in registry if k.listed]
    out = [
        "# Views\n",
        "Every view of the console, from the registry of resource kinds: `:NAME` (or an "
        "alias) on the `:` line opens it, with completion (`tab`); words after the name "
        "filter it (`:jobs failed`, `:jobs running bert`). Views reached only from a "
        "parent row are listed after them. Actions marked *mutating* go through the "
        "read-only guard and the audit log (see [Safety](../safety.md)).\n",
        table(
            ("view", "aliases", "shows"),
            (
                (code(":" + k.name), ", ".join(code(":" + a) for a in k.aliases), k.title)
                for k in listed
            ),
        ),
    ]
    out.extend(_view(kind, parents) for kind in listed)
    out.extend(_view(kind, parents) for kind in registry if not kind.listed)
    return "\n".join(out)
