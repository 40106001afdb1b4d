"""The parallel, CreationTime-partitioned listing returns exactly what NextToken paging does."""

from __future__ import annotations

from datetime import UTC, datetime

from smtui.aws.partitioned import list_partitioned, windows
from tests.sandbox.conftest import list_all


def test_windows_cover_the_range_without_overlap() -> None:
    a, b = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
    spans = windows(a, b, 4)
    assert spans[0][0] == a and spans[-1][1] > b
    assert all(spans[n][1] == spans[n + 1][0] for n in range(len(spans) - 1))
    assert len(windows(a, a, 8)) >= 1  # a single instant still gets a window


def test_partitioned_equals_sequential(sb, sm) -> None:
    sequential = list_all(sm)
    for partitions in (1, 3, 8):
        parallel = list_partitioned(
            sm, "list_training_jobs", "TrainingJobSummaries", {}, partitions=partitions
        )
        assert [j["TrainingJobName"] for j in parallel] == [
            j["TrainingJobName"] for j in sequential
        ]


def test_partitioned_keeps_filters(sb, sm) -> None:
    failed = list_all(sm, StatusEquals="Failed")
    parallel = list_partitioned(
        sm, "list_training_jobs", "TrainingJobSummaries", {"StatusEquals": "Failed"}, partitions=4
    )
    assert {j["TrainingJobName"] for j in parallel} == {j["TrainingJobName"] for j in failed}
    assert (
        list_partitioned(
            sm,
            "list_training_jobs",
            "TrainingJobSummaries",
            {"NameContains": "no-such-job-anywhere"},
        )
        == []
    )
