"""Pipelines on the sandbox: executions, steps, the failed step's training job; stop, retry."""

from __future__ import annotations

from typing import Any

from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from tests.sandbox.conftest import client
from tests.sandbox.examples.pipelines import execution_arn
from tests.ui.conftest import wait_for
from tests.ui.surface_helpers import app_at, audit, cursor_to, loaded


def pipeline_of(arn: str) -> str:
    return arn.split(":pipeline/", 1)[1].split("/", 1)[0]


def steps_of(sandbox: Any, arn: str) -> list[dict[str, Any]]:
    sm = client(sandbox, "sagemaker")
    return sm.list_pipeline_execution_steps(PipelineExecutionArn=arn)["PipelineExecutionSteps"]


async def open_execution(pilot: Any, arn: str) -> Any:
    """From `:pipelines`, the executions of ``arn``'s pipeline, cursor on ``arn``."""
    pipelines = await loaded(pilot, "pipelines", 5)
    await cursor_to(pilot, pipelines, pipeline_of(arn))
    await pilot.press("enter")
    executions = await loaded(pilot, "pipeline-executions")
    await cursor_to(pilot, executions, arn)
    return executions


async def test_a_failed_step_opens_the_training_job_behind_it(sandbox) -> None:
    arn = execution_arn(sandbox, "Failed", "TrainingJob")
    failed = next(s for s in steps_of(sandbox, arn) if s["StepStatus"] == "Failed")
    job = failed["Metadata"]["TrainingJob"]["Arn"].rsplit("/", 1)[-1]
    app = app_at(sandbox, "pipelines")
    async with app.run_test(size=(120, 40)) as pilot:
        executions = await open_execution(pilot, arn)
        row = executions.table.index.get(arn)
        assert row.cells[1] == ("Failed", "error") and row.cells[4] != "-"  # started by
        await pilot.press("enter")
        steps = await loaded(pilot, "pipeline-steps")
        train = steps.table.index.get(failed["StepName"])
        assert train.cells[1] == "Training" and train.cells[4] == job
        assert train.cells[5][1] == "error"  # the failure reason, in the list
        await cursor_to(pilot, steps, failed["StepName"])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        detail = app.screen
        assert detail.kind.name == "jobs" and detail.key == job
        await wait_for(pilot, lambda: bool(detail.query(SectionView)))
        reason = " ".join(failed["FailureReason"].split())[:60]
        texts = [" ".join(v.section.text.split()) for v in detail.query(SectionView)]
        assert any(reason in text for text in texts)  # the job's own failure, in its detail
        if any(v.section.logs is not None for v in detail.query(SectionView)):
            from smtui.ui.widgets.log_view import LogView

            assert detail.query(LogView)  # the jobs view shows its logs: they are here
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is steps)


async def test_steps_without_a_job_open_their_own_detail_and_others_say_why(sandbox) -> None:
    arn = execution_arn(sandbox, "Succeeded")
    steps_api = steps_of(sandbox, arn)
    condition = next(s["StepName"] for s in steps_api if "Condition" in s["Metadata"])
    processing = next(s["StepName"] for s in steps_api if "ProcessingJob" in s["Metadata"])
    app = app_at(sandbox, "pipelines")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_execution(pilot, arn)
        await pilot.press("enter")
        steps = await loaded(pilot, "pipeline-steps", len(steps_api))
        await cursor_to(pilot, steps, condition)
        assert steps.check_action("open_child", ("steps.open_job",)) is None  # `o` dimmed
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert app.screen.kind.name == "pipeline-steps"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is steps)
        await cursor_to(pilot, steps, processing)
        await pilot.press("o")
        # No processing view yet (a message), or one that opens the job or says AWS's error.
        await wait_for(
            pilot,
            lambda: (
                app.screen is not steps
                or any(
                    "Open job" in str(n.title) or "no processing view" in str(n.message)
                    for n in app._notifications
                )
            ),
        )
        if app.screen is not steps:
            assert isinstance(app.screen, DetailScreen)
            assert app.screen.kind.name == "processing"


async def test_stop_an_execution_stops_its_training_job(sandbox) -> None:
    arn = execution_arn(sandbox, "Executing")
    app = app_at(sandbox, "pipelines", interval=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        executions = await open_execution(pilot, arn)
        assert executions.check_action("run_action", ("executions.retry",)) is None
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: ("sagemaker", "StopPipelineExecution") in sandbox.request_log)
        await wait_for(pilot, lambda: executions.items[arn].status == "Stopping")
    sm = client(sandbox, "sagemaker")
    assert (
        sm.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
        == "Stopping"
    )
    train = next(s for s in steps_of(sandbox, arn) if "TrainingJob" in s["Metadata"])
    job = train["Metadata"]["TrainingJob"]["Arn"].rsplit("/", 1)[-1]
    assert sm.describe_training_job(TrainingJobName=job)["TrainingJobStatus"] == "Stopping"
    (record,) = audit()
    assert (record["action"], record["resource"], record["outcome"]) == (
        "executions.stop",
        arn,
        "ok",
    )


async def test_retry_a_failed_execution(sandbox) -> None:
    arn = execution_arn(sandbox, "Failed", "TrainingJob")
    app = app_at(sandbox, "pipelines", interval=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        executions = await open_execution(pilot, arn)
        assert executions.check_action("run_action", ("executions.stop",)) is None
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: executions.items[arn].status == "Executing")
    assert ("sagemaker", "RetryPipelineExecution") in sandbox.request_log
    train = next(s for s in steps_of(sandbox, arn) if "TrainingJob" in s["Metadata"])
    assert train["AttemptCount"] == 2 and train["StepStatus"] == "Executing"
    assert audit()[0]["action"] == "executions.retry"


async def test_read_only_refuses_retry_and_stop_without_a_call(sandbox) -> None:
    arn = execution_arn(sandbox, "Failed", "TrainingJob")
    app = app_at(sandbox, "pipelines", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_execution(pilot, arn)
        await pilot.press("r")
        await wait_for(pilot, lambda: len(audit()) == 1)
        assert not isinstance(app.screen, ConfirmScreen)
    assert ("sagemaker", "RetryPipelineExecution") not in sandbox.request_log
    assert audit()[0]["outcome"] == "refused: read-only"
