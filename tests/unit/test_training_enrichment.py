"""The list's enrichment policy and engine, the watch list, and the training row cells."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from smtui.aws.errors import AwsError
from smtui.domain.training import TrainingDetails, TrainingJobSummary, spot_saving
from smtui.services import refresh
from smtui.services.describe_cache import DescribeCache
from smtui.services.kinds.training_jobs import TRAINING_JOBS
from smtui.services.registry import Column, Enrichment, ResourceKind
from smtui.services.settings import Settings, SettingsError, _apply
from smtui.services.table_index import TableRow
from smtui.services.watch import WatchList

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def kind(fetched: list[str], fail: set[str] | None = None, per_poll: int = 3) -> ResourceKind:
    """Items are dicts: k (key), v (version), live; enrichment adds "extra"."""

    def fetch(_clients: Any, item: dict[str, Any]) -> dict[str, Any]:
        if fail and item["k"] in fail:
            raise AwsError("ThrottlingException", "Rate exceeded", "DescribeThing")
        fetched.append(item["k"])
        return {"extra": f"x-{item['k']}-{item['v']}"}

    return ResourceKind(
        name="things",
        title="Things",
        columns=(Column("K", 5), Column("EXTRA", 5)),
        list_pages=lambda c, p, x: iter([]),
        key=lambda i: i["k"],
        row=lambda i, now: TableRow(i["k"], (i["k"], i.get("extra", "…")), (i["k"], ""), i["k"]),
        version=lambda i: i["v"],
        ticking=lambda i: i.get("live", False),
        cacheable=lambda i: i["v"] == "done",
        enrichment=Enrichment(fetch=fetch, merge=lambda i, d: {**i, **d}, per_poll=per_poll),
    )


def items(*specs: tuple[str, str, bool]) -> dict[str, dict[str, Any]]:
    return {k: {"k": k, "v": v, "live": live} for k, v, live in specs}


def test_plan_takes_visible_rows_in_screen_order_then_live_ones_and_skips_current() -> None:
    k = kind([])
    rows = items(("a", "1", False), ("b", "1", True), ("c", "1", False), ("d", "1", False))
    enriched = refresh.Enriched()
    plan = refresh.enrichment_plan(k, rows, ["c", "a"], enriched)
    assert [i["k"] for i in plan] == ["c", "a", "b"]  # d: neither visible nor live
    enriched.put("c", "1", {})
    enriched.put("b", "1", {})
    assert [i["k"] for i in refresh.enrichment_plan(k, rows, ["c", "a"], enriched)] == ["a"]
    rows["c"]["v"] = "2"  # changed since: fetched again
    assert [i["k"] for i in refresh.enrichment_plan(k, rows, ["c", "a"], enriched)] == ["c", "a"]


def test_a_kind_without_enrichment_plans_nothing() -> None:
    plain = ResourceKind(
        name="p",
        title="P",
        columns=(),
        list_pages=lambda c, p, x: iter([]),
        key=lambda i: i,
        row=lambda i, n: TableRow(i, (), (), ""),
    )
    assert refresh.enrichment_plan(plain, {"a": "a"}, ["a"], refresh.Enriched()) == []


def test_enrich_caps_calls_per_round_and_cache_hits_are_free(tmp_path: Path) -> None:
    fetched: list[str] = []
    k = kind(fetched, per_poll=2)
    cache = DescribeCache(tmp_path)
    rows = items(("a", "1", False), ("b", "1", False), ("c", "1", False))
    enriched = refresh.Enriched()
    out = dict(refresh.enrich(k, None, list(rows.values()), enriched, cache))
    assert fetched == ["a", "b"] and set(out) == {"a", "b"}  # the cap: c waits
    assert out["a"]["extra"] == "x-a-1"
    plan = refresh.enrichment_plan(k, rows, ["a", "b", "c"], enriched)
    assert [i["k"] for i in plan] == ["c"]
    fresh = refresh.Enriched()  # e.g. another view of the same kind: the cache answers
    again = dict(refresh.enrich(k, None, list(rows.values()), fresh, cache))
    assert set(again) == {"a", "b", "c"} and fetched == ["a", "b", "c"]


def test_terminal_rows_come_from_disk_after_a_restart(tmp_path: Path) -> None:
    fetched: list[str] = []
    k = kind(fetched)
    rows = [{"k": "a", "v": "done"}, {"k": "b", "v": "1"}]
    list(refresh.enrich(k, None, rows, refresh.Enriched(), DescribeCache(tmp_path)))
    assert fetched == ["a", "b"]
    restarted = DescribeCache(tmp_path)
    out = dict(refresh.enrich(k, None, rows, refresh.Enriched(), restarted))
    assert fetched == ["a", "b", "b"]  # the live one is described again, the terminal one not
    assert out["a"]["extra"] == "x-a-done"


def test_a_failed_fetch_ends_the_round_quietly() -> None:
    fetched: list[str] = []
    k = kind(fetched, fail={"b"})
    rows = [{"k": "a", "v": "1"}, {"k": "b", "v": "1"}, {"k": "c", "v": "1"}]
    enriched = refresh.Enriched()
    out = dict(refresh.enrich(k, None, rows, enriched, None))
    assert set(out) == {"a"} and fetched == ["a"]
    assert enriched.get("b") is None


def test_poll_merges_what_was_enriched_even_for_an_older_version() -> None:
    pages = [[{"k": "a", "v": "2"}, {"k": "b", "v": "1"}]]
    k = replace(kind([]), list_pages=lambda c, p, x: iter(pages))
    enriched = refresh.Enriched()
    enriched.put("a", "1", {"extra": "known"})
    batches = list(refresh.poll(k, None, {}, now=lambda: NOW, enriched=enriched))
    assert [r.cells for b in batches for r in b.rows] == [("a", "known"), ("b", "…")]


# --- the training rows ------------------------------------------------------------------
def job(status: str = "Completed", **describe: Any) -> TrainingJobSummary:
    base = TrainingJobSummary.from_api(
        {
            "TrainingJobName": "j",
            "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/j",
            "TrainingJobStatus": status,
            "SecondaryStatus": status,
            "CreationTime": NOW,
            "TrainingEndTime": NOW + timedelta(hours=1),
            "LastModifiedTime": NOW,
        }
    )
    return base.with_details(describe) if describe else base


def test_training_rows_show_instances_and_spot_saving_once_enriched() -> None:
    plain = TRAINING_JOBS.row(job(), NOW)
    assert plain.cells[3:5] == ("…", "…")
    spot = job(
        ResourceConfig={"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2},
        EnableManagedSpotTraining=True,
        TrainingTimeInSeconds=1000,
        BillableTimeInSeconds=400,
    )
    row = TRAINING_JOBS.row(spot, NOW)
    assert row.cells[3] == "p4d.24xlarge x2" and row.cells[4] == ("spot 60%", "accent")
    assert row.sort_values[4] == pytest.approx(0.6)
    groups = job(
        ResourceConfig={
            "InstanceGroups": [
                {"InstanceGroupName": "gpu", "InstanceType": "ml.p4d.24xlarge", "InstanceCount": 1},
                {"InstanceGroupName": "cpu", "InstanceType": "ml.c5.18xlarge", "InstanceCount": 4},
            ]
        }
    )
    assert TRAINING_JOBS.row(groups, NOW).cells[3:5] == ("p4d.24xlarge x1+c5.18xlarge x4", "-")
    assert groups.details is not None and groups.details.hosts == 5


def test_spot_saving_formula() -> None:
    assert spot_saving(500, 100) == pytest.approx(0.8)  # the SageMaker docs' example
    assert spot_saving(None, 100) is None and spot_saving(500, None) is None
    assert TrainingDetails(spot=False, training_seconds=10, billable_seconds=5).spot_saving is None


# --- watching ---------------------------------------------------------------------------
def test_watch_reports_primary_status_changes_once() -> None:
    watch = WatchList()
    running = job("InProgress")
    assert watch.toggle(TRAINING_JOBS, "j", running, now=0.0)
    assert watch.keys(TRAINING_JOBS) == {"j"}
    assert watch.observe(TRAINING_JOBS, [("j", running), ("other", job("Failed"))], 1.0) == []
    (change,) = watch.observe(TRAINING_JOBS, [("j", job("Failed"))], 2.0)
    assert (change.old, change.new) == ("InProgress", "Failed")
    assert watch.observe(TRAINING_JOBS, [("j", job("Failed"))], 3.0) == []
    assert watch.due(10.0, 5.0) == [] and [e.key for e in watch.due(10.0, 13.0)] == ["j"]
    assert not watch.toggle(TRAINING_JOBS, "j", running, now=4.0) and len(watch) == 0


def test_new_settings_log_lines_and_bell() -> None:
    settings = _apply(Settings(), {"log_lines": "800", "bell": "yes"}, "config.toml")
    assert settings.log_lines == 800 and settings.bell is True
    assert Settings().log_lines == 5000 and Settings().bell is False
    with pytest.raises(SettingsError, match="log_lines"):
        _apply(Settings(), {"log_lines": 10}, "config.toml")
    with pytest.raises(SettingsError, match="bell"):
        _apply(Settings(), {"bell": "loud"}, "config.toml")


def test_a_partial_describe_is_not_cached(tmp_path: Path) -> None:
    calls: list[int] = []

    def describe(_clients: Any, item: dict[str, Any], _options: Any) -> dict[str, Any]:
        calls.append(1)
        return {"k": item["k"], refresh.PARTIAL: len(calls) == 1}  # metrics failed once

    k = replace(kind([]), describe=describe)
    cache = DescribeCache(tmp_path)
    item = {"k": "a", "v": "done"}
    assert refresh.describe(k, None, item, cache)[refresh.PARTIAL]
    assert not refresh.describe(k, None, item, cache)[refresh.PARTIAL]
    refresh.describe(k, None, item, cache)
    assert len(calls) == 2  # the complete one came from the cache
