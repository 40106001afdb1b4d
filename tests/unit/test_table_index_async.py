"""RowIndex's deferred path: snapshot computations (`compute_view`) give exactly what the
synchronous path gives, superseded results are dropped, and rows that change while a
computation runs are reconciled (never lost, never duplicated)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from smtui.services import table_index
from smtui.services.table_index import RowIndex, Superseded, TableRow, compute_view

WORDS = ["llama", "bert", "xgb", "resnet", "failed", "completed"]
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def make_row(rng: random.Random, key: str) -> TableRow:
    created = EPOCH + timedelta(minutes=rng.randrange(500))  # many ties
    duration = rng.randrange(50) if rng.random() > 0.2 else None
    mixed: object = rng.choice([1, 2.5, "x", None, 3])  # incomparable types
    text = f"{key} {rng.choice(WORDS)} {rng.choice(WORDS)}"
    cells = (key, text, str(created), str(duration), str(mixed))
    return TableRow(key, cells, (key, text, created, duration, mixed), text)


def make_rows(n: int, seed: int = 7, prefix: str = "k") -> list[TableRow]:
    rng = random.Random(seed)
    return [make_row(rng, f"{prefix}{rng.randrange(10**6):06d}-{i}") for i in range(n)]


def keys(index: RowIndex) -> list[str]:
    return [index.key_at(i) for i in range(len(index))]


def sync_keys(rows: list[TableRow], column: int | None, reverse: bool, needle: str) -> list[str]:
    index = RowIndex()
    index.replace(rows)
    index.set_sort(column, reverse)
    index.set_filter(needle)
    return keys(index)


def drain(index: RowIndex) -> int:
    """Run pending computations (as the widget does, minus the thread) until exact."""
    rounds = 0
    while index.pending:
        job = index.begin_compute()
        assert job is not None
        assert index.finish_compute(compute_view(job))
        rounds += 1
        assert rounds < 10
    return rounds


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # The chunked sort is what runs on 100,000 rows: make small sets use it too.
    monkeypatch.setattr(table_index, "SORT_CHUNK", 7)


@pytest.mark.parametrize("column", [None, 0, 1, 2, 3, 4])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("needle", ["", "FAILED", "llama bert", "zzz"])
def test_snapshot_computation_equals_synchronous_path(
    column: int | None, reverse: bool, needle: str
) -> None:
    rows = make_rows(300)
    index = RowIndex(defer_above=10)
    index.replace(rows)
    before = keys(index)
    index.set_sort(column, reverse)
    index.set_filter(needle)
    expected = sync_keys(rows, column, reverse, needle)
    if column is None and not needle:
        assert not index.pending  # insertion order needs no computation
    else:
        assert index.pending
        assert keys(index) == before  # the previous order stays until the result lands
        assert index.busy == ("filtering" if needle else "sorting")
        assert drain(index) == 1
    assert keys(index) == expected
    assert index.busy == ""
    assert [index.position_of(k) for k in expected] == list(range(len(expected)))


def test_a_filter_change_reuses_the_sorted_order_and_narrows_the_view() -> None:
    rows = make_rows(200)
    index = RowIndex(defer_above=10)
    index.replace(rows)
    index.set_sort(2, True)
    drain(index)
    index.set_filter("llama")
    job = index.begin_compute()
    assert job is not None and job.base is not None and job.reason == "filter"
    assert list(job.base) == sync_keys(rows, 2, True, "")  # filter only, no re-sort
    index.finish_compute(compute_view(job))
    index.set_filter("llama b")  # narrower: only the shown rows are candidates
    job = index.begin_compute()
    assert job is not None and job.base is not None
    assert list(job.base) == sync_keys(rows, 2, True, "llama")
    index.finish_compute(compute_view(job))
    assert keys(index) == sync_keys(rows, 2, True, "llama b")
    index.set_filter("")
    drain(index)
    assert keys(index) == sync_keys(rows, 2, True, "")


def test_superseded_results_are_dropped() -> None:
    rows = make_rows(200)
    index = RowIndex(defer_above=10)
    index.replace(rows)
    index.set_sort(1)
    first = index.begin_compute()
    assert first is not None and index.computing
    assert not index.wants_job()  # the same request is already running
    index.set_sort(2, True)  # a newer request
    assert index.wants_job()
    second = index.begin_compute()
    assert second is not None and second.generation > first.generation
    stale = compute_view(first)
    fresh = compute_view(second)
    assert not index.finish_compute(stale)
    assert keys(index) == [r.key for r in rows]  # still the previous order
    assert index.pending and index.busy == "sorting"
    assert index.finish_compute(fresh)
    assert keys(index) == sync_keys(rows, 2, True, "")
    assert not index.finish_compute(stale)  # late, and twice: still dropped
    assert keys(index) == sync_keys(rows, 2, True, "")


def test_a_superseded_computation_gives_up() -> None:
    rows = make_rows(200)
    index = RowIndex(defer_above=10)
    index.replace(rows)
    index.set_sort(0)
    job = index.begin_compute()
    assert job is not None
    index.set_sort(1)
    index.begin_compute()
    with pytest.raises(Superseded):
        compute_view(job, cancelled=lambda: index.generation != job.generation)


def test_a_result_for_another_request_is_not_applied() -> None:
    rows = make_rows(100)
    index = RowIndex(defer_above=10)
    index.replace(rows)
    index.set_filter("bert")
    job = index.begin_compute()
    assert job is not None
    index.set_filter("xgb")  # no new job begun (e.g. the widget was not mounted)
    assert not index.finish_compute(compute_view(job))
    assert index.pending
    drain(index)
    assert keys(index) == sync_keys(rows, None, False, "xgb")


@pytest.mark.parametrize(
    ("column", "needle"), [(None, "failed"), (2, ""), (2, "failed"), (3, ""), (3, "llama")]
)
def test_changes_during_a_computation_are_reconciled(column: int | None, needle: str) -> None:
    rng = random.Random(3)
    rows = make_rows(200)
    mirror = {r.key: r for r in rows}
    rows_by_key = {r.key: r.search_text for r in rows}
    index = RowIndex(defer_above=10)
    index.replace(rows)
    index.set_sort(column)
    index.set_filter(needle)
    job = index.begin_compute()
    assert job is not None
    # While the worker runs: new rows, moved rows, removed rows, one removed and re-added.
    new = make_rows(15, seed=11, prefix="new")
    moved = [make_row(rng, r.key) for r in rows[10:30]]
    readded = make_row(rng, rows[90].key)
    gone = [r.key for r in rows[50:70]] + [new[0].key, rows[90].key]
    index.upsert(new + moved)
    index.remove(gone)
    index.upsert([readded])
    for row in new + moved:
        mirror[row.key] = row
    for key in gone:
        del mirror[key]
    mirror[readded.key] = readded
    shown = keys(index)
    assert len(shown) == len(set(shown))  # provisional, but never duplicated
    assert index.finish_compute(compute_view(job))
    shown = keys(index)
    # Applied: nothing lost, nothing duplicated, nothing removed still shown (rows
    # whose filter match flipped meanwhile keep their previous match for one round).
    assert len(shown) == len(set(shown))
    assert set(shown) <= set(mirror)
    flipped = {r.key for r in moved if (needle in r.search_text) != (needle in rows_by_key[r.key])}
    matching = {k for k, r in mirror.items() if needle in r.search_text}
    assert set(shown) ^ matching <= flipped
    assert index.pending == bool(column is not None or flipped)
    # The rows that moved meanwhile may need one more round to sit exactly in place.
    drain(index)
    assert keys(index) == sync_keys(list(mirror.values()), column, False, needle)


def test_removals_during_a_computation_need_no_second_round() -> None:
    rows = make_rows(100)
    index = RowIndex(defer_above=10)
    index.replace(rows)
    index.set_sort(3, True)
    index.set_filter("e")
    job = index.begin_compute()
    assert job is not None
    index.remove([r.key for r in rows[::3]])
    assert index.finish_compute(compute_view(job))
    assert not index.pending  # removing keys never changes the others' order
    remaining = [r for i, r in enumerate(rows) if i % 3]
    assert keys(index) == sync_keys(remaining, 3, True, "e")


def test_small_sets_stay_synchronous() -> None:
    rows = make_rows(50)
    index = RowIndex(defer_above=50)
    index.replace(rows)
    index.set_sort(1, True)
    index.set_filter("bert")
    assert not index.pending and index.begin_compute() is None
    assert keys(index) == sync_keys(rows, 1, True, "bert")


def test_shrinking_below_the_threshold_computes_on_access() -> None:
    rows = make_rows(100)
    index = RowIndex(defer_above=40)
    index.replace(rows)
    index.set_sort(2)
    job = index.begin_compute()
    assert job is not None
    index.remove([r.key for r in rows[:70]])
    assert keys(index) == sync_keys(rows[70:], 2, False, "")
    assert not index.finish_compute(compute_view(job))
    assert keys(index) == sync_keys(rows[70:], 2, False, "")


@pytest.mark.parametrize(("seed", "threshold"), [(42, 20), (7, 40), (2024, 60)])
def test_random_interleavings_converge_to_the_synchronous_result(seed: int, threshold: int) -> None:
    rng = random.Random(seed)
    index = RowIndex(defer_above=threshold)  # rows grow past it, and shrink back under
    mirror: dict[str, TableRow] = {}  # the same rows, in the same insertion order
    inflight: list[table_index.ViewResult] = []
    counter = 0
    deferred_rounds = 0
    for step in range(400):
        growing = step < 250  # past the threshold first, then back under it
        op = rng.random()
        if op < (0.25 if growing else 0.05):
            batch = []
            for _ in range(rng.randrange(1, 8)):
                if mirror and rng.random() < 0.3:
                    key = rng.choice(list(mirror))
                else:
                    counter += 1
                    key = f"r{counter:04d}"
                batch.append(make_row(rng, key))
            index.upsert(batch)
            for row in batch:
                mirror[row.key] = row
        elif op < 0.35 and mirror:
            most = 2 if growing else 4 + len(mirror) // 3
            gone = rng.sample(list(mirror), min(len(mirror), rng.randrange(1, most)))
            index.remove(gone)
            for key in gone:
                del mirror[key]
        elif op < 0.45:
            index.set_sort(rng.choice([None, 0, 1, 2, 3, 4]), rng.random() < 0.5)
        elif op < 0.55:
            index.set_filter(rng.choice(["", "l", "ll", "llama", "b", "failed", "x"]))
        elif op < 0.75:
            if index.wants_job():
                job = index.begin_compute()
                assert job is not None
                inflight.append(compute_view(job))
                deferred_rounds += 1
        elif inflight:
            index.finish_compute(inflight.pop(rng.randrange(len(inflight))))
        shown = keys(index)
        assert len(shown) == len(set(shown))
        assert set(shown) <= set(mirror)
        if not index.pending:
            assert shown == sync_keys(
                list(mirror.values()), index.sort_column, index.sort_reverse, index.filter_text
            )
    assert deferred_rounds > 10 and index.total < threshold
    for result in inflight:
        index.finish_compute(result)
    drain(index)
    assert keys(index) == sync_keys(
        list(mirror.values()), index.sort_column, index.sort_reverse, index.filter_text
    )


def test_rows_added_while_a_filter_is_pending_are_found_when_it_widens_again() -> None:
    rows = make_rows(100)
    index = RowIndex(defer_above=10)
    index.replace(rows)
    index.set_filter("l")
    drain(index)
    index.set_filter("ll")  # pending: the view still shows the matches of "l"
    extra = [
        TableRow("zz-1", ("zz-1",), ("zz-1",), "zz-1 lx"),  # matches "l" only
        TableRow("zz-2", ("zz-2",), ("zz-2",), "zz-2 llama"),
    ]
    index.upsert(extra)
    index.set_filter("l")  # back: the shown view is no longer exactly "l"'s
    drain(index)
    assert keys(index) == sync_keys([*rows, *extra], None, False, "l")
    assert "zz-1" in keys(index)


def test_erasing_a_pending_keystroke_needs_no_computation() -> None:
    rows = make_rows(100)
    index = RowIndex(defer_above=10)
    index.replace(rows)
    index.set_sort(2)
    index.set_filter("bert")
    drain(index)
    shown = keys(index)
    index.set_filter("bertx")
    job = index.begin_compute()
    assert job is not None and index.pending
    index.set_filter("bert")  # backspace: the view shown is exactly this filter's
    assert not index.pending and index.busy == "" and not index.wants_job()
    assert not index.finish_compute(compute_view(job))  # the "bertx" result is dropped
    assert keys(index) == shown == sync_keys(rows, 2, False, "bert")
