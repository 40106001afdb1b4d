"""The refresh engine's fetch side and the describe cache, on a kind made of plain data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smtui.aws.errors import AwsError
from smtui.services import refresh
from smtui.services.describe_cache import DescribeCache
from smtui.services.registry import Column, ResourceKind
from smtui.services.table_index import TableRow

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def kind(
    pages: list[list[dict[str, Any]]],
    fail_after: int | None = None,
    describes: list[str] | None = None,
) -> ResourceKind:
    def list_pages(_clients: Any, _params: dict[str, Any], _cancelled: Any):
        for n, page in enumerate(pages):
            if fail_after is not None and n == fail_after:
                raise AwsError("ThrottlingException", "Rate exceeded", "ListThings")
            yield page

    def describe(_clients: Any, item: dict[str, Any], _options: Any) -> dict[str, Any]:
        assert describes is not None
        describes.append(item["k"])
        return {"k": item["k"], "when": NOW}

    return ResourceKind(
        name="things",
        title="Things",
        columns=(Column("K", 5),),
        list_pages=list_pages,
        key=lambda i: i["k"],
        row=lambda i, now: TableRow(i["k"], (i["k"],), (i["k"],), i["k"]),
        describe=describe,
        version=lambda i: i["v"],
        cacheable=lambda i: i["v"] == "done",
    )


def test_first_page_comes_at_once_and_the_last_batch_lists_every_key() -> None:
    pages = [[{"k": "a", "v": "1"}], [{"k": "b", "v": "1"}], [{"k": "c", "v": "1"}]]
    batches = list(refresh.poll(kind(pages), None, {}, flush_every=3600, now=lambda: NOW))
    assert [r.key for r in batches[0].rows] == ["a"]
    assert not batches[0].done
    assert batches[-1].done and batches[-1].seen == frozenset("abc")
    assert [r.key for b in batches for r in b.rows] == ["a", "b", "c"]
    assert batches[-1].at == NOW


def test_an_error_mid_way_yields_the_error_and_no_removal() -> None:
    pages = [[{"k": "a", "v": "1"}], [{"k": "b", "v": "1"}]]
    batches = list(refresh.poll(kind(pages, fail_after=1), None, {}, now=lambda: NOW))
    assert batches[-1].error is not None and batches[-1].error.code == "ThrottlingException"
    assert all(b.seen is None for b in batches)


def test_describe_is_cached_by_version_and_terminal_ones_survive_a_restart(tmp_path: Path) -> None:
    calls: list[str] = []
    k = kind([], describes=calls)
    cache = DescribeCache(tmp_path)
    running, done = {"k": "a", "v": "1"}, {"k": "b", "v": "done"}
    refresh.describe(k, None, running, cache)
    refresh.describe(k, None, running, cache)
    assert calls == ["a"]
    refresh.describe(k, None, {"k": "a", "v": "2"}, cache)  # changed: described again
    assert calls == ["a", "a"]
    refresh.describe(k, None, done, cache)
    restarted = DescribeCache(tmp_path)
    data = refresh.describe(k, None, done, restarted)
    assert calls == ["a", "a", "b"]
    assert data["when"] == NOW
    assert restarted.get("things", "a", "2|") is None  # live describes stay in memory only


def test_an_incremental_poll_lists_changes_and_drops_items_that_left_the_view() -> None:
    calls: list[object] = []

    def changed(_clients: Any, params: dict[str, Any], since: datetime, _cancelled: Any):
        calls.append(since)
        yield [
            {"k": "a", "v": "2", "status": "Completed"},
            {"k": "b", "v": "2", "status": "InProgress"},
        ]

    base = kind([[{"k": "zz", "v": "1"}]])
    from dataclasses import replace

    incremental = replace(
        base, list_changed=changed, matches=lambda item, params: item["status"] == params["status"]
    )
    (batch,) = refresh.poll(incremental, None, {"status": "InProgress"}, since=NOW, now=lambda: NOW)
    assert calls == [NOW]
    assert [r.key for r in batch.rows] == ["b"] and batch.removed == frozenset({"a"})
    assert batch.done and batch.seen is None
    full = list(refresh.poll(incremental, None, {"status": "InProgress"}, now=lambda: NOW))
    assert full[-1].seen == frozenset({"zz"})  # without `since`: the full listing


def test_changes_since_full_pass_then_margin_then_full_again() -> None:
    from datetime import timedelta

    assert refresh.changes_since(None, None, NOW) is None  # never listed: everything
    last = NOW - timedelta(seconds=30)
    assert refresh.changes_since(last, NOW - timedelta(seconds=60), NOW) == last - timedelta(
        seconds=refresh.SINCE_MARGIN_SECONDS
    )
    stale = NOW - timedelta(seconds=refresh.FULL_PASS_SECONDS)
    assert refresh.changes_since(last, stale, NOW) is None
