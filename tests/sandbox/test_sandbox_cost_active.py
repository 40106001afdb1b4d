"""The cost sweeps' active sets against the sandbox: one full listing (the billing states
and the window's changes), then only what changed, then a full pass again once
refresh.FULL_PASS_SECONDS have passed, bounded to the window's changes."""

from __future__ import annotations

from datetime import UTC, datetime

from smtui.sandbox import Sandbox
from smtui.sandbox.jobkinds import area
from smtui.services import refresh
from smtui.services.cost_active import ActiveJobs
from tests.sandbox.test_sandbox_cost import START, clients_of


def lists(sb: Sandbox) -> int:
    return sum(1 for _, op in sb.request_log if op == "ListProcessingJobs")


def ended_since(sb: Sandbox, names: dict[str, str]) -> set[str]:
    jobs = area(sb.world).kinds["processing"]
    now = jobs.statuses(area(sb.world).now())
    return {n for n in names if now.get(n) != "InProgress"}


def test_full_then_changes_only_then_full_again() -> None:
    with Sandbox(seed=7, jobs=200, speed=0, start=START.timestamp()).start() as sb:
        clients = clients_of(sb)
        clock = sb.simulator.clock
        active = ActiveJobs(
            "list_processing_jobs",
            "ProcessingJobSummaries",
            "ProcessingJobName",
            "ProcessingJobStatus",
        )
        since = datetime(2026, 11, 26, tzinfo=UTC)
        first = active.refresh(clients, since, clock.now_datetime())
        assert first is not None
        running = {
            s["ProcessingJobName"] for s in first if s["ProcessingJobStatus"] == "InProgress"
        }
        # The jobs in a billing state (InProgress, Stopping) and those modified in the
        # window: one listing (no lifetime given here: the whole history, once).
        assert running and lists(sb) >= 1

        clock.advance(300)
        before = lists(sb)
        second = active.refresh(clients, since, clock.now_datetime())
        assert second is not None and lists(sb) == before + 1  # one page of changes
        now_status = {s["ProcessingJobName"]: s["ProcessingJobStatus"] for s in second}
        truth = {
            s["ProcessingJobName"]: s["ProcessingJobStatus"]
            for s in clients.client("sagemaker").list_processing_jobs(
                MaxResults=100, StatusEquals="InProgress"
            )["ProcessingJobSummaries"]
        }
        assert set(truth) <= set(now_status)  # every running job is still in the set
        assert all(now_status[n] == "InProgress" for n in truth)
        ended = running - set(truth)  # finished in those 5 minutes: seen by the change list
        assert ended and all(now_status[n] != "InProgress" for n in ended)

        clock.advance(refresh.FULL_PASS_SECONDS)
        before = lists(sb)
        again = active.refresh(clients, since, clock.now_datetime())
        assert again is not None
        # A full pass again, bounded in time: what was modified in the window (one page
        # here), not the status listings that read the whole history; the running jobs
        # known are kept.
        assert lists(sb) == before + 1
        assert set(truth) - ended_since(sb, truth) <= {s["ProcessingJobName"] for s in again}


def test_a_job_that_ends_or_moves_on_is_not_described_again(monkeypatch, tmp_path) -> None:
    """The cost's describe of a processing job holds its instances and start: its end
    comes from the list summary, its next phase costs nothing."""
    from smtui.aws import cost_sources
    from smtui.services.cost import CostSession

    described: list[str] = []
    plain = cost_sources.describe

    def counted(clients, method, **params):
        if method == "describe_processing_job":
            described.append(params["ProcessingJobName"])
        return plain(clients, method, **params)

    monkeypatch.setattr(cost_sources, "describe", counted)
    with Sandbox(seed=7, jobs=200, speed=0, start=START.timestamp()).start() as sb:
        clients = clients_of(sb)
        clock = sb.simulator.clock
        session = CostSession(clients, cache_dir=tmp_path)
        since = datetime(2026, 11, 26, tzinfo=UTC)
        session.sweep(clients, since, clock.now_datetime())
        first = set(described)
        started = {
            n
            for n, s in session.active["processing"].summaries.items()
            if s["ProcessingJobStatus"] == "InProgress"
            and session.describes.latest("cost.processing", n)[1].get("ProcessingStartTime")
        }
        clock.advance(300)
        described.clear()
        session.sweep(clients, since, clock.now_datetime())
        after = session.active["processing"].summaries
        ended = {n for n in started if after[n]["ProcessingJobStatus"] != "InProgress"}
        assert ended and first
        assert not set(described) & started  # ended or still running: no new describe
        charges = {c.key: c for c in session.ledger.charges() if c.kind == "processing"}
        assert all(not charges[n].running for n in ended)  # the end came from the summary
