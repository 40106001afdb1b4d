"""AWS console URLs per resource kind, and from an ARN."""

from __future__ import annotations

import pytest

from smtui.domain import console_urls as urls

HOME = "https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/"


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        (urls.training_job("eu-west-1", "j-1"), "jobs/j-1"),
        (urls.processing_job("eu-west-1", "p-1"), "processing-jobs/p-1"),
        (urls.transform_job("eu-west-1", "t-1"), "transform-jobs/t-1"),
        (urls.tuning_job("eu-west-1", "h-1"), "hyper-tuning-jobs/h-1"),
        (urls.automl_job("eu-west-1", "a-1"), "auto-ml/a-1"),
        (urls.compilation_job("eu-west-1", "c-1"), "compilation-jobs/c-1"),
        (urls.endpoint("eu-west-1", "e-1"), "endpoints/e-1"),
        (urls.endpoint_config("eu-west-1", "ec-1"), "endpointConfig/ec-1"),
        (urls.model("eu-west-1", "m-1"), "models/m-1"),
        (urls.monitoring_schedule("eu-west-1", "s-1"), "monitoring-schedules/s-1"),
        (urls.notebook_instance("eu-west-1", "n-1"), "notebook-instances/n-1"),
    ],
)
def test_pages(url: str, fragment: str) -> None:
    assert url == HOME + fragment


def test_labeling_jobs_live_in_ground_truth() -> None:
    assert urls.labeling_job("us-east-1", "l 1") == (
        "https://us-east-1.console.aws.amazon.com/sagemaker/groundtruth?region=us-east-1"
        "#/labeling-jobs/details/l%201"
    )


def test_for_arn() -> None:
    arn = "arn:aws:sagemaker:eu-west-1:123456789012:{}/{}"
    assert urls.for_arn(arn.format("endpoint", "e-1")) == HOME + "endpoints/e-1"
    assert urls.for_arn(arn.format("hyper-parameter-tuning-job", "h")) == (
        HOME + "hyper-tuning-jobs/h"
    )
    assert "groundtruth" in (urls.for_arn(arn.format("labeling-job", "l")) or "")
    assert urls.for_arn(arn.format("experiment", "x")) is None
    assert urls.for_arn("arn:aws:s3:::bucket/key") is None
    assert urls.for_arn("not an arn") is None
