"""RowIndex: keyed diffs, stable insertion order, sorting, filtering, positions."""

from __future__ import annotations

import random

import pytest

from smtui.services.table_index import ColumnSpec, RowDiff, RowIndex, TableRow


def row(key: str, *values: object, text: str | None = None, label: str | None = None) -> TableRow:
    cells = tuple(str(v) for v in values) or (key,)
    return TableRow(key, (label or key, *cells), (key, *values), (text or key).lower())


def keys(index: RowIndex) -> list[str]:
    return [index.key_at(i) for i in range(len(index))]


def test_replace_reports_keyed_diff() -> None:
    index = RowIndex()
    diff = index.replace([row("a", 1), row("b", 2), row("c", 3)])
    assert diff == RowDiff(added=("a", "b", "c"))
    diff = index.replace([row("a", 1), row("c", 30), row("d", 4)])
    assert diff.added == ("d",)
    assert diff.removed == ("b",)
    assert diff.changed == ("c",)
    assert index.total == 3 and len(index) == 3


def test_replace_with_identical_rows_is_an_empty_diff() -> None:
    index = RowIndex()
    index.replace([row("a", 1), row("b", 2)])
    diff = index.replace([row("a", 1), row("b", 2)])
    assert not diff
    assert diff == RowDiff()


def test_insertion_order_is_stable_across_refreshes() -> None:
    index = RowIndex()
    index.replace([row("b"), row("a"), row("c")])
    # A refresh listing keys in a different order keeps existing rows in place
    # and appends new keys at the end.
    index.replace([row("new"), row("c"), row("a"), row("b")])
    assert keys(index) == ["b", "a", "c", "new"]
    index.replace([row("c"), row("new")])
    assert keys(index) == ["c", "new"]


def test_upsert_appends_new_and_updates_existing() -> None:
    index = RowIndex()
    index.replace([row("a", 1), row("b", 2)])
    diff = index.upsert([row("c", 3), row("a", 10), row("c", 33)])
    assert diff.added == ("c",)
    assert diff.changed == ("a",)
    assert keys(index) == ["a", "b", "c"]
    assert index.get("c") == row("c", 33)
    assert index.get("a") == row("a", 10)


def test_remove_ignores_unknown_keys() -> None:
    index = RowIndex()
    index.replace([row("a"), row("b"), row("c")])
    diff = index.remove(["b", "zz", "b"])
    assert diff == RowDiff(removed=("b",))
    assert keys(index) == ["a", "c"]
    assert index.position_of("c") == 1
    assert index.position_of("b") is None


def test_sort_ascending_descending_and_none_last() -> None:
    index = RowIndex()
    index.replace([row("a", 3), row("b", None), row("c", 1), row("d", 2), row("e", None)])
    index.set_sort(1)
    assert keys(index) == ["c", "d", "a", "b", "e"]
    index.set_sort(1, reverse=True)
    assert keys(index) == ["a", "d", "c", "b", "e"]
    index.set_sort(None)
    assert keys(index) == ["a", "b", "c", "d", "e"]
    assert index.sort_column is None and index.sort_reverse is False


def test_sort_is_stable_for_ties_in_both_directions() -> None:
    index = RowIndex()
    index.replace([row("a", 1), row("b", 0), row("c", 1), row("d", 0)])
    index.set_sort(1)
    assert keys(index) == ["b", "d", "a", "c"]
    index.set_sort(1, reverse=True)
    assert keys(index) == ["a", "c", "b", "d"]


def test_sort_mixed_types_does_not_raise() -> None:
    index = RowIndex()
    values: list[object] = [3, "x", None, 1.5, "a", True, (1, 2), {"k": 1}, {"k": 0}, 2]
    index.replace([row(f"k{i}", v) for i, v in enumerate(values)])
    index.set_sort(1)
    ordered = [index.row_at(i).sort_values[1] for i in range(len(index))]
    assert ordered[-1] is None
    numbers = [v for v in ordered if isinstance(v, int | float)]
    assert numbers == sorted(numbers)
    index.set_sort(1, reverse=True)
    assert index.row_at(len(index) - 1).sort_values[1] is None
    assert len(index) == len(values)


def test_sort_on_missing_column_value_treats_it_as_none() -> None:
    index = RowIndex()
    index.replace([TableRow("short", ("s",), (), "s"), row("long", 5)])
    index.set_sort(1)
    assert keys(index) == ["long", "short"]


def test_changed_sort_value_resorts_but_unrelated_change_keeps_order() -> None:
    index = RowIndex()
    index.replace([row("a", 1), row("b", 2), row("c", 3)])
    index.set_sort(1)
    view_before = index.visible_keys()
    index.upsert([row("b", 2, label="renamed")])
    assert index.visible_keys() == view_before
    index.upsert([row("b", 99)])
    assert keys(index) == ["a", "c", "b"]
    index.replace([row("a", 1), row("c", 0)])  # removal plus a re-sorting change
    assert keys(index) == ["c", "a"]


def test_filter_is_case_insensitive_substring() -> None:
    index = RowIndex()
    index.replace(
        [
            row("a", text="Training Job FAILED"),
            row("b", text="endpoint InService"),
            row("c", text="processing failed"),
        ]
    )
    index.set_filter("FAIL")
    assert keys(index) == ["a", "c"]
    assert index.total == 3
    assert index.filter_text == "FAIL"
    index.set_filter("failed p")
    assert keys(index) == []
    index.set_filter("")
    assert keys(index) == ["a", "b", "c"]


def test_filter_narrowing_and_widening_match_a_fresh_index() -> None:
    rng = random.Random(7)
    words = ["alpha", "beta", "gamma", "delta"]
    rows = [row(f"k{i}", rng.random(), text=" ".join(rng.sample(words, 2))) for i in range(500)]
    index = RowIndex()
    index.replace(rows)
    index.set_sort(1, reverse=True)
    for text in ["a", "al", "alp", "al", "", "ta", "delta"]:
        index.set_filter(text)
        fresh = RowIndex()
        fresh.replace(rows)
        fresh.set_sort(1, reverse=True)
        fresh.set_filter(text)
        assert keys(index) == keys(fresh), text


def test_filter_follows_row_updates() -> None:
    index = RowIndex()
    index.replace([row("a", text="running"), row("b", text="stopped")])
    index.set_filter("run")
    assert keys(index) == ["a"]
    index.upsert([row("b", text="running again")])
    assert keys(index) == ["a", "b"]
    index.upsert([row("a", text="done")])
    assert keys(index) == ["b"]
    assert index.position_of("b") == 0 and index.position_of("a") is None


def test_position_of_tracks_changes() -> None:
    index = RowIndex()
    index.replace([row(k, i) for i, k in enumerate("abcde")])
    assert index.position_of("d") == 3
    index.set_sort(1, reverse=True)
    assert index.position_of("d") == 1
    index.remove(["e"])
    assert index.position_of("d") == 0
    index.upsert([row("z", 100)])
    assert index.position_of("z") == 0 and index.position_of("d") == 1
    assert index.position_of("missing") is None
    assert index.get("missing") is None and "z" in index


def test_row_at_out_of_range_raises() -> None:
    index = RowIndex()
    with pytest.raises(IndexError):
        index.row_at(0)
    index.replace([row("a")])
    assert index.row_at(-1).key == "a"


def test_hundred_thousand_rows() -> None:
    n = 100_000
    rng = random.Random(1)
    statuses = ["Completed", "Failed", "InProgress", "Stopped"]
    rows = []
    for i in range(n):
        status = statuses[i % 4]
        value = None if i % 97 == 0 else rng.random()
        rows.append(
            TableRow(
                f"job-{i:06d}",
                (f"job-{i:06d}", status),
                (f"job-{i:06d}", value),
                f"job-{i:06d} {status}".lower(),
            )
        )
    index = RowIndex()
    assert len(index.replace(rows).added) == n
    index.set_sort(1)
    values = [index.row_at(i).sort_values[1] for i in range(len(index))]
    present = [v for v in values if v is not None]
    assert present == sorted(present)
    assert values[len(present) :] == [None] * (n - len(present))
    index.set_filter("failed")
    assert len(index) == n // 4
    assert all("failed" in index.row_at(i).search_text for i in range(0, len(index), 101))
    # A refresh with 1% changed (new values) and 1% replaced by new keys.
    refreshed = list(rows)
    for i in range(0, n, 100):
        old = refreshed[i]
        refreshed[i] = TableRow(old.key, old.cells, (old.key, -1.0), old.search_text)
    for i in range(50, n, 100):
        refreshed[i] = TableRow(f"new-{i}", ("new", "Failed"), (f"new-{i}", 2.0), "new failed")
    diff = index.replace(refreshed)
    assert len(diff.changed) == n // 100
    assert len(diff.added) == len(diff.removed) == n // 100
    assert index.total == n
    by_key = {r.key: r for r in refreshed}
    current = [by_key[r.key] for r in rows if r.key in by_key]
    current += [r for r in refreshed if r.key.startswith("new-")]
    matching = [r for r in current if "failed" in r.search_text]
    with_value = [
        r.key
        for r in sorted(
            (r for r in matching if r.sort_values[1] is not None), key=lambda r: r.sort_values[1]
        )
    ]
    assert keys(index) == with_value + [r.key for r in matching if r.sort_values[1] is None]
    last = index.key_at(len(index) - 1)
    assert index.position_of(last) == len(index) - 1


def test_narrow_terminals_hide_the_highest_priority_columns_first() -> None:
    from smtui.ui.widgets.resource_table_render import layout_columns

    columns = [
        ColumnSpec("NAME", 24, flex=True),
        ColumnSpec("STATUS", 10),
        ColumnSpec("LATENCY", 10, priority=2),
        ColumnSpec("ERRORS", 8, priority=1),
        ColumnSpec("DATA", 12, priority=3),
    ]
    wide = layout_columns(columns, 120)
    assert all(w > 0 for w in wide)
    narrow = layout_columns(columns, 45)
    assert narrow[4] == 0 and narrow[2] == 0  # DATA, then LATENCY
    assert narrow[0] >= 10 and narrow[1] == 10 and narrow[3] == 8
    tiny = layout_columns(columns, 20)
    assert tiny[1] > 0 and tiny[0] > 0  # priority 0 columns are never hidden
