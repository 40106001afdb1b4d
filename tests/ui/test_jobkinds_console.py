"""The other job kinds in the console, on the sandbox: each kind's list (enriched columns)
and detail (failure first, logs, raw), stopping each kind (and AWS's refusal on a job that
finished meanwhile, shown as AWS said it), a tuning job's training jobs and opening one."""

from __future__ import annotations

from typing import Any

from smtui.domain.jobkinds import SPECS
from smtui.sandbox import Sandbox
from smtui.sandbox.jobkinds import JobKindsArea, area
from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.screens.resource_screen import ResourceScreen
from smtui.ui.widgets.log_view import LogView
from tests.ui.conftest import wait_for
from tests.ui.surface_helpers import app_at, audit, cell, cursor_to, loaded

KINDS = ("processing", "transform", "tuning", "automl", "labeling", "compilation")
REFUSALS = ("compilation", "tuning", "processing")
"""In stack order from the top: `:kind` goes back to an open view, popping those above."""


def jobs_of(sb: Sandbox) -> JobKindsArea:
    return area(sb.world)


def named(sb: Sandbox, kind: str, status: str) -> list[str]:
    jobs = jobs_of(sb)
    return sorted(n for n, s in jobs.kinds[kind].statuses(jobs.now()).items() if s == status)


def section_titles(screen: DetailScreen) -> list[str]:
    return [v.section.title for v in screen.query(SectionView)]


async def open_detail(pilot: Any, screen: ResourceScreen, name: str) -> DetailScreen:
    app = pilot.app
    await cursor_to(pilot, screen, name)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
    detail = app.screen
    assert isinstance(detail, DetailScreen)
    await wait_for(pilot, lambda: len(detail.query(SectionView)) > 2)
    return detail


def no_loading_cells(screen: ResourceScreen) -> bool:
    """Columns only the describe carries have filled in on the rows on screen."""
    visible = screen._visible_keys()
    for key in visible:
        row = screen.table.index.get(key)
        if row is None or any(isinstance(c, tuple) and c[0] == "…" for c in row.cells):
            return False
    return bool(visible)


async def test_each_kind_lists_and_shows_a_failed_job_failure_first(sandbox: Sandbox) -> None:
    jobs = jobs_of(sandbox)
    app = app_at(sandbox, "processing", interval=1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        for kind in KINDS:
            total = len(jobs.kinds[kind])
            failed = named(sandbox, kind, "FAILED" if kind == "compilation" else "Failed")[0]
            assert app.run_command_line(kind) is None
            screen = await loaded(pilot, kind, total)
            await wait_for(pilot, lambda s=screen: no_loading_cells(s))
            row = screen.table.index.get(failed)
            assert row is not None and row.cells[1] == ("Failed", "error")
            detail = await open_detail(pilot, screen, failed)
            titles = section_titles(detail)
            assert titles[:2] == ["Failure reason", "Overview"] and titles[-1] == "Raw", kind
            reason = detail.data["FailureReason"] if detail.data else ""
            assert reason and list(detail.query(SectionView))[0].section.text.startswith(reason)
            spec = SPECS[kind]
            if spec.log_group:
                assert "Logs" in titles
                assert detail.query_one(LogView).source.group == spec.log_group
            else:
                assert "Logs" not in titles
            await pilot.press("escape")
            await wait_for(pilot, lambda s=screen: app.screen is s)
        # Status words after the kind: `:tuning running`, `:labeling initializing`.
        assert app.run_command_line("tuning running") is None
        running = named(sandbox, "tuning", "InProgress")
        screen = await loaded(pilot, "tuning", len(running))
        assert sorted(screen.items) == running
        assert app.run_command_line("compilation nosuchstatus extra") is not None
        assert app.run_command_line("labeling initializing") is None
        await wait_for(pilot, lambda: app.screen.params.get("status") == "Initializing")
        labeling = await loaded(pilot, "labeling", len(named(sandbox, "labeling", "Initializing")))
        assert {i.status for i in labeling.items.values()} == {"Initializing"}


async def test_stop_each_kind_then_aws_refuses_jobs_that_finished_meanwhile(
    sandbox: Sandbox,
) -> None:
    jobs = jobs_of(sandbox)
    picked: dict[str, tuple[str, str]] = {}
    for kind in KINDS:
        statuses = jobs.kinds[kind].statuses(jobs.now())
        first, second = sorted(n for n, s in statuses.items() if s in jobs.kinds[kind].stoppable)[
            :2
        ]
        picked[kind] = (first, second)
    app = app_at(sandbox, "processing", interval=1.0)
    screens: dict[str, ResourceScreen] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        for kind in KINDS:
            sim = jobs.kinds[kind]
            first, _ = picked[kind]
            # Stacked, not replaced as `:` views are (issue 20.7): each paused view stays
            # alive with its old rows, and `:kind` below goes back to it.
            view = app.backend.registry.kinds[kind]
            await app.push_screen(ResourceScreen(app.backend, view, view.parse_args([]), ""))
            screen = screens[kind] = await loaded(pilot, kind, len(sim))
            await cursor_to(pilot, screen, first)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("y")
            stopping = sim.stop_words[0]
            await wait_for(pilot, lambda s=sim, f=first, w=stopping: s.statuses(jobs.now())[f] == w)
            await wait_for(pilot, lambda s=screen, f=first, w=stopping: s.items[f].status == w)
            assert screen.check_action("run_action", (f"{kind}.stop",)) is None  # dimmed now
            await pilot.press("p")  # pause: the rows stay as they are while the clock moves
            await wait_for(pilot, lambda s=screen: s.paused)
        # Second jobs finish while their (paused) lists still show them running; the
        # refusal path is the same for every kind: three kinds with different wordings.
        sandbox.simulator.clock.advance(6 * 86400)
        for kind in REFUSALS:
            sim = jobs.kinds[kind]
            _, second = picked[kind]
            assert app.run_command_line(kind) is None
            screen = screens[kind]
            await wait_for(pilot, lambda s=screen: app.screen is s)
            status = sim.statuses(jobs.now())[second]
            assert status not in sim.stoppable
            await cursor_to(pilot, screen, second)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("y")
            expected = f"The request was rejected because the {sim.noun} is in status {status}."
            await wait_for(
                pilot, lambda e=expected: any(str(n.message) == e for n in app._notifications)
            )
            note = next(n for n in app._notifications if str(n.message) == expected)
            assert note.title.startswith("ValidationException") and note.severity == "error"
    outcomes = {(r["action"], r["resource"]): r["outcome"] for r in audit()}
    for kind, (first, second) in picked.items():
        assert outcomes[(f"{kind}.stop", first)] == "ok"
        if kind in REFUSALS:
            assert outcomes[(f"{kind}.stop", second)].startswith("error")


async def test_stop_is_dimmed_for_finished_jobs_and_read_only_sends_nothing(
    sandbox: Sandbox,
) -> None:
    done = named(sandbox, "transform", "Completed")[0]
    running = named(sandbox, "transform", "InProgress")[0]
    app = app_at(sandbox, "transform", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "transform")
        await cursor_to(pilot, screen, done)
        assert screen.check_action("run_action", ("transform.stop",)) is None
        await cursor_to(pilot, screen, running)
        await pilot.press("s")
        await wait_for(pilot, lambda: any(n.title == "Read-only" for n in app._notifications))
    assert ("sagemaker", "StopTransformJob") not in sandbox.request_log
    assert [r["outcome"] for r in audit()] == ["refused: read-only"]


async def test_tuning_job_training_jobs_and_opening_one(sandbox: Sandbox) -> None:
    jobs = jobs_of(sandbox)
    tuning = named(sandbox, "tuning", "InProgress")[0]
    children = [c.name for c in jobs.tuning.get(tuning).extra["children"]]
    app = app_at(sandbox, "tuning")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "tuning", len(jobs.tuning))
        await cursor_to(pilot, screen, tuning)
        counters = screen.items[tuning].summary["TrainingJobStatusCounters"]
        assert cell(screen, tuning, 6) == str(counters["Completed"])  # DONE
        await pilot.press("t")
        child_view = await loaded(pilot, "tuning-training-jobs", len(children))
        assert sorted(child_view.items) == sorted(children)
        title = str(child_view.query_one("#view-title").render())
        assert f"Training jobs of {tuning}" in title
        done = next(n for n in children if child_view.items[n]["TrainingJobStatus"] == "Completed")
        value = child_view.items[done]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
        assert cell(child_view, done, 2) == f"{value:.4g}"
        assert "=" in cell(child_view, done, 3)  # tuned hyperparameters
        await cursor_to(pilot, child_view, done)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        assert detail.kind.name == "jobs" and detail.key == done
        await wait_for(pilot, lambda: detail.data is not None)
        assert detail.data is not None and detail.data["TuningJobArn"].endswith(tuning)
        await pilot.press("escape")
        assert app.screen is child_view
        await pilot.press("escape")
        assert app.screen is screen
        # `b` opens the best training job of the tuning job.
        best = screen.items[tuning].detail["BestTrainingJob"]["TrainingJobName"]
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert app.screen.kind.name == "jobs" and app.screen.key == best
