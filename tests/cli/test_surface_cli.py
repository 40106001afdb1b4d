"""`smtui notebooks|apps|pipelines|humanloops` and their actions, against the sandbox.

The actions run against a sandbox served by the test (--endpoint-url), so a plain boto3
client can see what they did and the request log shows what was (not) sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from smtui.cli import main
from smtui.sandbox import Sandbox
from smtui.services import paths
from tests.sandbox.conftest import client
from tests.sandbox.examples.humanloops import loop_in
from tests.sandbox.examples.pipelines import execution_arn


@pytest.fixture
def sb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "sandbox")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "sandbox")
    with Sandbox(seed=7, jobs=200, speed=0.0).start() as sandbox:
        yield sandbox


def at(sb: Sandbox, *args: str) -> list[str]:
    return [*args, "--endpoint-url", sb.url, "--region", "us-east-1"]


def run_json(capsys: Any, *args: str) -> list[dict[str, Any]]:
    assert main([*args, "--output", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def audit() -> list[dict[str, str]]:
    return [json.loads(x) for x in paths.audit_log().read_text().splitlines()]


def test_notebooks_json_flags_the_idle_ones(capsys: Any) -> None:
    rows = run_json(capsys, "notebooks", "--sandbox")
    assert len(rows) == 14
    by_name = {r["NotebookInstanceName"]: r for r in rows}
    assert by_name["gustavo-sandbox"]["Idle"] is True
    assert by_name["fraud-features-dev"]["Idle"] is False
    assert by_name["vision-label-audit"]["InServiceSeconds"] is None
    assert by_name["alice-churn-eda"]["VolumeSizeInGB"] == 50
    assert main(["notebooks", "--sandbox", "--idle", "--output", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("NotebookInstanceName,") and len(lines) == 5


def test_idle_threshold_comes_from_the_config(capsys: Any, tmp_path: Any) -> None:
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text("notebook_idle_hours = 100\n")
    rows = run_json(capsys, "notebooks", "--sandbox", "--idle")
    assert [r["NotebookInstanceName"] for r in rows] == ["gustavo-sandbox"]


def test_apps_pipelines_and_humanloops_lists(capsys: Any) -> None:
    running = run_json(capsys, "apps", "--sandbox", "--running")
    assert running and all(r["Status"] in ("InService", "Pending") for r in running)
    assert {r["OwnerType"] for r in running} == {"UserProfile", "Space"}
    pipelines = run_json(capsys, "pipelines", "--sandbox")
    assert len(pipelines) == 5
    failed = run_json(
        capsys, "pipelines", "--sandbox", "churn-xgboost-pipeline", "--status", "Failed"
    )
    assert failed and all(r["FailureReason"] for r in failed)
    assert all(r["StartedBy"] != "-" and r["DurationSeconds"] > 0 for r in failed)
    loops = run_json(capsys, "humanloops", "--sandbox", "--status", "running")
    assert loops and {r["HumanLoopStatus"] for r in loops} == {"InProgress"}
    flows = run_json(capsys, "humanloops", "--sandbox", "--flows")
    assert {f["FlowDefinitionStatus"] for f in flows} == {"Active", "Failed"}


def test_pipeline_steps_show_the_job_behind_a_failed_step(sb: Sandbox, capsys: Any) -> None:
    arn = execution_arn(sb, "Failed", "TrainingJob")
    steps = run_json(capsys, *at(sb, "pipeline", "steps", arn))
    failed = next(s for s in steps if s["StepStatus"] == "Failed")
    assert failed["StepType"] == "Training" and failed["FailureReason"]
    job = client(sb, "sagemaker").describe_training_job(TrainingJobName=failed["JobName"])
    assert job["TrainingJobStatus"] == "Failed"


def test_notebook_stop_needs_confirmation_then_is_sent(sb: Sandbox, capsys: Any) -> None:
    assert main(at(sb, "notebook", "stop", "bob-scratch")) == 2
    assert "needs confirmation" in capsys.readouterr().err
    assert ("sagemaker", "StopNotebookInstance") not in sb.request_log
    assert main(at(sb, "notebook", "stop", "bob-scratch", "--yes")) == 0
    described = client(sb, "sagemaker").describe_notebook_instance(
        NotebookInstanceName="bob-scratch"
    )
    assert described["NotebookInstanceStatus"] == "Stopping"
    assert audit()[-1]["action"] == "notebooks.stop" and audit()[-1]["outcome"] == "ok"
    # An AWS error is one line, exit 2, and audited.
    assert main(at(sb, "notebook", "start", "alice-churn-eda", "--yes")) == 2
    assert "Status (InService) not in ([Stopped, Failed])" in capsys.readouterr().err
    assert audit()[-1]["outcome"].startswith("error:")


@pytest.mark.parametrize(
    ("args", "operation", "service"),
    [
        (("notebook", "stop", "alice-churn-eda"), "StopNotebookInstance", "sagemaker"),
        (("humanloop", "stop", "{loop}"), "StopHumanLoop", "sagemaker-a2i-runtime"),
        (("pipeline", "retry", "{failed}"), "RetryPipelineExecution", "sagemaker"),
    ],
)
def test_read_only_refuses_before_sending(
    sb: Sandbox, capsys: Any, args: tuple[str, ...], operation: str, service: str
) -> None:
    values = {"loop": loop_in(sb, "InProgress"), "failed": execution_arn(sb, "Failed")}
    argv = [a.format(**values) for a in args]
    assert main(at(sb, *argv, "--yes", "--read-only")) == 2
    assert "read-only mode" in capsys.readouterr().err
    assert (service, operation) not in sb.request_log
    assert audit()[-1]["outcome"] == "refused: read-only"


def test_app_delete_pipeline_stop_retry_and_humanloop_stop(sb: Sandbox, capsys: Any) -> None:
    sm = client(sb, "sagemaker")
    domain = next(
        d["DomainId"] for d in sm.list_domains()["Domains"] if d["DomainName"] == "ml-platform-prod"
    )
    assert (
        main(at(sb, "app", "delete", domain, "alice-jupyterlab", "JupyterLab", "default", "--yes"))
        == 0
    )
    app = sm.describe_app(
        DomainId=domain, SpaceName="alice-jupyterlab", AppType="JupyterLab", AppName="default"
    )
    assert app["Status"] == "Deleting"
    assert main(at(sb, "app", "delete", domain, "nobody", "JupyterLab", "default", "--yes")) == 2
    assert "no JupyterLab app default of nobody" in capsys.readouterr().err
    executing = execution_arn(sb, "Executing")
    assert main(at(sb, "pipeline", "stop", executing, "--yes")) == 0
    assert (
        sm.describe_pipeline_execution(PipelineExecutionArn=executing)["PipelineExecutionStatus"]
        == "Stopping"
    )
    failed = execution_arn(sb, "Failed", "TrainingJob")
    assert main(at(sb, "pipeline", "retry", failed, "--yes")) == 0
    assert (
        sm.describe_pipeline_execution(PipelineExecutionArn=failed)["PipelineExecutionStatus"]
        == "Executing"
    )
    loop = loop_in(sb, "InProgress")
    assert main(at(sb, "humanloop", "stop", loop, "--yes")) == 0
    a2i = client(sb, "sagemaker-a2i-runtime")
    assert a2i.describe_human_loop(HumanLoopName=loop)["HumanLoopStatus"] == "Stopping"
    actions = [(r["action"], r["outcome"]) for r in audit()]
    assert actions == [
        ("apps.delete", "ok"),
        ("executions.stop", "ok"),
        ("executions.retry", "ok"),
        ("humanloops.stop", "ok"),
    ]
