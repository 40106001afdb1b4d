"""Textual's Footer, without its memory leak on recompose.

Textual 8.2.8's Footer data-binds every FooterKey it composes to its ``compact``
reactive; the watcher list is pruned only when ``compact`` changes, so each recompose
(every binding refresh) leaves the old keys alive. Found by tests/ui/test_soak.py.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer


class ConsoleFooter(Footer):
    def compose(self) -> ComposeResult:
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, cb) for node, cb in entries if node.is_attached]
        yield from super().compose()
