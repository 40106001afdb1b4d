"""How many List calls a filtered listing costs, counted at an in-process sandbox.

AWS applies MaxResults before StatusEquals (API_ListTrainingJobs), so a status-filtered
listing pages at the maximum whatever ``--limit`` is: ``--status InProgress --limit 5``
on 600 jobs reads 6 pages of 100, not 120 pages of 5."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smtui.cli import main
from smtui.sandbox import SANDBOX_REGION, Sandbox
from smtui.sandbox.jobkinds import area

START = 1_795_000_000.0


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=600, speed=0, start=START).start() as sandbox:
        yield sandbox


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "sandbox")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "sandbox")


def _calls(sb: Sandbox, operation: str) -> int:
    return sb.request_log.count(("sagemaker", operation))


def _total(sb: Sandbox, kind: str) -> int:
    if kind == "training":
        return sb.simulator.job_count()
    jobs = area(sb.world)
    return len(jobs.kinds[kind].statuses(jobs.now()))


@pytest.mark.parametrize(
    ("kind", "operation", "status", "limit"),
    [
        # 1 Stopping job among 600: before, 120 pages of 5 to find it.
        ("training", "ListTrainingJobs", "Stopping", 5),
        ("processing", "ListProcessingJobs", "Stopped", 20),
        ("transform", "ListTransformJobs", "Failed", 20),
    ],
)
def test_status_filter_pages_at_the_maximum(
    sb: Sandbox,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    operation: str,
    status: str,
    limit: int,
) -> None:
    before = _calls(sb, operation)
    code = main(
        ["jobs", "--kind", kind, "--status", status, "--limit", str(limit), "--output", "json"]
        + ["--endpoint-url", sb.url, "--region", SANDBOX_REGION]
    )
    assert code == 0, capsys.readouterr().err
    # At most one call per 100 jobs of the kind, and the whole kind was read.
    assert _calls(sb, operation) - before == -(-_total(sb, kind) // 100)
