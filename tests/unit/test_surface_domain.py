"""Pure rules of the notebooks, Studio, pipelines, human review, RL and EI areas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smtui.domain.elastic_inference import (
    RETIREMENT_NOTE,
    accelerator_section_rows,
    describe_accelerator,
)
from smtui.domain.job_family import job_family
from smtui.domain.notebooks import NotebookSummary, can_start, can_stop
from smtui.domain.pipelines import Execution, Step, created_by, step_job, step_type
from smtui.domain.studio import StudioApp, can_delete_app
from smtui.domain.training import TrainingJobSummary
from smtui.services.kinds.training_jobs import row as training_row

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "label", "description"),
    [
        (
            "462105765813.dkr.ecr.us-east-1.amazonaws.com/sagemaker-rl-ray-container:"
            "ray-0.8.5-torch-cpu-py36",
            "RL Ray",
            "Reinforcement learning (Ray, PyTorch)",
        ),
        (
            "520713654638.dkr.ecr.us-west-2.amazonaws.com/sagemaker-rl-tensorflow:coach0.11-gpu-py3",
            "RL Coach",
            "Reinforcement learning (Coach, TensorFlow)",
        ),
        (
            "520713654638.dkr.ecr.us-west-2.amazonaws.com/sagemaker-rl-tensorflow:ray0.5.3-cpu-py3",
            "RL Ray",
            "Reinforcement learning (Ray, TensorFlow)",
        ),
        (
            "sagemaker-rl-mxnet:coach0.11.0-cpu-py3",
            "RL Coach",
            "Reinforcement learning (Coach, MXNet)",
        ),
        ("sagemaker-rl-vw-container-2026-11-26-10-00-00-123", "RL Vowpal Wabbit", None),
        ("sagemaker-rl-coach-container-2026-11-01-09-30-12-001", "RL Coach", None),
    ],
)
def test_rl_images_and_sdk_names_are_recognised(text, label, description) -> None:
    family = job_family(text)
    assert family is not None and family.label == label
    if description:
        assert family.description == description


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-gpu-py310",
        "xgboost-churn-2026-11-26-10-00-00-123",
        "my-sagemaker-rl-notes",  # only a repository name at the start counts
    ],
)
def test_other_jobs_have_no_family(text) -> None:
    assert job_family(text) is None


def test_rl_jobs_are_labelled_in_the_jobs_view() -> None:
    def summary(name: str) -> TrainingJobSummary:
        return TrainingJobSummary.from_api(
            {
                "TrainingJobName": name,
                "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}",
                "TrainingJobStatus": "InProgress",
                "CreationTime": NOW - timedelta(hours=1),
            }
        )

    rl = training_row(summary("sagemaker-rl-ray-container-2026-11-26-11-00-00-000"), NOW)
    assert rl.cells[0] == ("RL Ray: sagemaker-rl-ray-container-2026-11-26-11-00-00-000", "accent")
    assert "rl ray" in rl.search_text and rl.key.startswith("sagemaker-rl-ray")
    plain = training_row(summary("xgboost-churn-2026-11-26-11-00-00-000"), NOW)
    assert plain.cells[0] == "xgboost-churn-2026-11-26-11-00-00-000"


def test_elastic_inference_rows_and_note() -> None:
    config = {
        "EndpointConfigName": "legacy-tf-config",
        "ProductionVariants": [
            {
                "VariantName": "AllTraffic",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 2,
                "AcceleratorType": "ml.eia2.medium",
            },
            {"VariantName": "Canary", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1},
        ],
    }
    rows = accelerator_section_rows(config)
    assert rows == (
        ("AllTraffic", "ml.eia2.medium  (1 TFLOPS F32, 8 TFLOPS F16, 2 GB) on ml.m5.large x 2"),
    )
    assert accelerator_section_rows({"ProductionVariants": [{"VariantName": "a"}]}) == ()
    assert accelerator_section_rows({}) == ()
    assert describe_accelerator("ml.eia9.huge") == "ml.eia9.huge"
    assert "April 15, 2023" in RETIREMENT_NOTE


def test_notebook_idle_rule() -> None:
    item = {
        "NotebookInstanceName": "nb",
        "NotebookInstanceStatus": "InService",
        "InstanceType": "ml.t3.medium",
        "LastModifiedTime": NOW - timedelta(hours=9),
    }
    nb = NotebookSummary.from_api(item, 20)
    assert nb.volume_gb == 20
    assert nb.in_service_seconds(NOW) == 9 * 3600
    assert nb.is_idle(NOW, 8) and not nb.is_idle(NOW, 10)
    stopped = NotebookSummary.from_api({**item, "NotebookInstanceStatus": "Stopped"})
    assert stopped.in_service_seconds(NOW) is None and not stopped.is_idle(NOW, 0.25)
    assert can_start("Stopped") and can_start("Failed") and not can_start("InService")
    assert can_stop("InService") and not can_stop("Pending")


def test_studio_app_keys_and_what_is_typed_to_delete() -> None:
    space_app = StudioApp.from_api(
        {
            "DomainId": "d-abc",
            "SpaceName": "alice-jupyterlab",
            "AppType": "JupyterLab",
            "AppName": "default",
            "Status": "InService",
            "ResourceSpec": {"InstanceType": "ml.g5.xlarge"},
        }
    )
    assert space_app.key == "d-abc/space:alice-jupyterlab/JupyterLab/default"
    assert space_app.confirm_text == "alice-jupyterlab"
    assert space_app.api_key() == {
        "DomainId": "d-abc",
        "AppType": "JupyterLab",
        "AppName": "default",
        "SpaceName": "alice-jupyterlab",
    }
    user_app = StudioApp.from_api(
        {
            "DomainId": "d-abc",
            "UserProfileName": "alice",
            "AppType": "JupyterServer",
            "AppName": "default",
            "Status": "InService",
            "ResourceSpec": {"InstanceType": "system"},
        }
    )
    assert user_app.api_key()["UserProfileName"] == "alice" and not user_app.is_running
    assert can_delete_app("InService") and not can_delete_app("Deleted")


def test_pipeline_steps_types_jobs_and_who_started() -> None:
    meta = {"TrainingJob": {"Arn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/abc-1"}}
    assert step_type(meta) == "Training"
    job = step_job(meta)
    assert job is not None and (job.kind, job.name) == ("jobs", "abc-1")
    assert step_job({"Condition": {"Outcome": "True"}}) is None
    assert step_type({"Condition": {"Outcome": "True"}}) == "Condition"
    tuning = step_job(
        {"TuningJob": {"Arn": "arn:aws:sagemaker:us-east-1:1:hyper-parameter-tuning-job/t"}}
    )
    assert tuning is not None and tuning.kind == "tuning"
    assert created_by({"UserProfileName": "alice", "DomainId": "d-1"}) == "alice"
    role = {"IamIdentity": {"Arn": "arn:aws:sts::123456789012:assumed-role/Deploy/gh-42"}}
    assert created_by(role) == "Deploy/gh-42" and created_by(role, short=True) == "Deploy"
    assert created_by(None) == "-"
    step = Step.from_api(
        "arn:x",
        {
            "StepName": "Train",
            "StepStatus": "Executing",
            "StartTime": NOW - timedelta(minutes=5),
            "Metadata": meta,
        },
    )
    assert step.duration_seconds(NOW) == 300


def test_execution_duration_stops_at_the_end() -> None:
    done = Execution.from_api(
        {
            "PipelineExecutionArn": "arn:aws:sagemaker:us-east-1:1:pipeline/p/execution/x",
            "PipelineExecutionStatus": "Succeeded",
            "StartTime": NOW - timedelta(hours=2),
            "LastModifiedTime": NOW - timedelta(hours=1),
        }
    )
    assert done.duration_seconds(NOW) == 3600 and done.pipeline == "p"
    running = Execution.from_api(
        {
            **{"PipelineExecutionArn": done.arn},
            "PipelineExecutionStatus": "Executing",
            "StartTime": NOW - timedelta(hours=2),
        }
    )
    assert running.duration_seconds(NOW) == 7200


def test_notebook_detail_notes_a_retired_ei_accelerator() -> None:
    from smtui.services.kinds.notebooks import make_detail

    describe = {
        "NotebookInstanceName": "vision-label-audit",
        "NotebookInstanceStatus": "Stopped",
        "InstanceType": "ml.p3.2xlarge",
        "AcceleratorTypes": ["ml.eia1.medium"],
    }
    sections = make_detail(8.0)(NotebookSummary.from_api(describe), describe)
    lifecycle = next(s for s in sections if s.title == "Lifecycle and code")
    assert dict(lifecycle.rows)["EI accelerators"].startswith("ml.eia1.medium  (1 TFLOPS")
    assert lifecycle.text == RETIREMENT_NOTE and lifecycle.role == "warning"
    plain = make_detail(8.0)(
        NotebookSummary.from_api({**describe, "AcceleratorTypes": []}),
        {**describe, "AcceleratorTypes": []},
    )
    assert next(s for s in plain if s.title == "Lifecycle and code").text == ""
