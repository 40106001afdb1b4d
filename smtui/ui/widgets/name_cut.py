"""Cutting names so that rows still read apart (issue 20.3).

Resource names share long prefixes (`xgboost-churn-2026-12-08-00-...`, `endpoint/...`)
and differ at the end, where an end cut (`xgboost-churn-2026-12-08-00…`) removes exactly
what tells them apart. The name column is cut in the middle instead, keeping as much of
the start as still leaves the rows on screen distinct; when no cut at the column's width
does, the table hides other columns first (see ``layout_columns``' ``name_need``).
Pure functions over plain strings: the table calls them once per paint for the rows on
screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

ELLIPSIS = "…"


def cut_middle(text: str, width: int, head: int) -> str:
    """``text`` in ``width`` cells: its first ``head`` characters, "…", then its end."""
    if len(text) <= width or width <= 1:
        return text[:width]
    head = max(0, min(head, width - 1))
    tail = width - 1 - head
    return text[:head] + ELLIPSIS + (text[-tail:] if tail else "")


def _distinct(names: Sequence[str], width: int, head: int) -> bool:
    return len({cut_middle(n, width, head) for n in names}) == len(set(names))


def _band(width: int) -> range:
    """Heads that keep a third or more of the cells at each end, longest head first."""
    return range(2 * (width - 1) // 3, (width - 1) // 3 - 1, -1)


def _applies(names: Sequence[str], width: int) -> bool:
    return width >= 3 and all(n.isascii() and cell_len(n) == len(n) for n in names)


def distinct_head(names: Sequence[str], width: int) -> int | None:
    """How many leading characters a middle cut keeps so that ``names`` stay distinct
    at ``width`` cells; None when an end cut (or no cut) already keeps them apart.

    A head keeping a third or more at both ends is preferred (both the family and
    the run id read); else any head that keeps them apart; else the one keeping the
    most apart."""
    if all(len(n) <= width for n in names) or not _applies(names, width):
        return None
    if _distinct(names, width, width - 1):
        return None  # the end cut reads apart: keep the usual look
    for head in _band(width):
        if _distinct(names, width, head):
            return head
    best, best_count = (width - 1) // 2, -1
    for head in range(width - 2, -1, -1):
        count = len({cut_middle(n, width, head) for n in names})
        if count == len(set(names)):
            return head
        if count > best_count:
            best, best_count = head, count
    return best


def width_needed(names: Sequence[str], width: int, limit: int) -> int:
    """The narrowest width from ``width`` up to ``limit`` at which ``names`` read apart:
    whole, or cut at the end or in the middle keeping a third or more at each end
    (``limit`` if none does)."""
    if not _applies(names, width):
        return width
    for w in range(width, limit + 1):
        if all(len(n) <= w for n in names) or _distinct(names, w, w - 1):
            return w
        if any(_distinct(names, w, head) for head in _band(w)):
            return w
    return limit
