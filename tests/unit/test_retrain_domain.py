"""The pure clone/retrain request builder and its checks (smtui/domain/retrain.py)."""

from __future__ import annotations

import sys
import types
from datetime import UTC, datetime
from typing import Any

import botocore.session
import pytest

from smtui.aws import retrain as aws_retrain
from smtui.domain import retrain, retrain_checks
from smtui.sandbox import Sandbox

NOW = datetime(2026, 11, 26, 12, 0, 5, tzinfo=UTC)
TYPES = aws_retrain.training_instance_types()


@pytest.fixture(scope="module")
def sandbox_describe() -> dict[str, Any]:
    sim = Sandbox(seed=7, jobs=60, speed=0, start=NOW.timestamp()).simulator
    name = next(n for n, s in sim.statuses().items() if s == "Completed")
    return sim.describe_training_job(name)


def hand_written() -> dict[str, Any]:
    """A describe with every kind of output field, InstanceGroups, and aws: tags."""
    return {
        "TrainingJobName": "od-2026-01-01-00-00-00-000",
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/od",
        "TrainingJobStatus": "Completed",
        "SecondaryStatus": "Completed",
        "CreationTime": NOW,
        "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/od/output/model.tar.gz"},
        "AlgorithmSpecification": {
            "TrainingImage": "811284229777.dkr.ecr.us-east-1.amazonaws.com/object-detection:1",
            "TrainingInputMode": "File",
        },
        "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
        "InputDataConfig": [
            {
                "ChannelName": "train",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/t"}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/od"},
        "ResourceConfig": {
            "InstanceGroups": [
                {"InstanceType": "ml.p3.2xlarge", "InstanceCount": 2, "InstanceGroupName": "g"}
            ],
            "InstanceType": "ml.p3.2xlarge",
            "InstanceCount": 2,
            "VolumeSizeInGB": 50,
            "SelectedInstanceType": "ml.p3.2xlarge",
            "SelectedInstanceCount": 2,
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "ExperimentConfig": {"ExperimentName": "e", "RunName": "od"},
        "FinalMetricDataList": [{"MetricName": "mAP", "Value": 0.5, "Timestamp": NOW}],
        "BillableTimeInSeconds": 100,
        "FailureReason": "",
        "RetryStrategy": {"MaximumRetryAttempts": 2},
    }


def test_create_fields_are_derived_from_botocore() -> None:
    model = botocore.session.get_session().get_service_model("sagemaker")
    create = model.operation_model("CreateTrainingJob").input_shape.members
    described = model.operation_model("DescribeTrainingJob").output_shape.members
    expected = tuple(k for k in create if k in described and k != "TrainingJobName")
    assert retrain.CREATE_FIELDS == expected == aws_retrain.create_fields()


def test_clone_of_a_sandbox_describe(sandbox_describe: dict[str, Any]) -> None:
    src = sandbox_describe
    tags = [{"Key": "team", "Value": "x"}, {"Key": "aws:cloudformation:stack", "Value": "s"}]
    req = retrain.clone_request(src, tags, "new-job")
    assert req["TrainingJobName"] == "new-job"
    for key in ("AlgorithmSpecification", "RoleArn", "InputDataConfig", "HyperParameters"):
        assert req[key] == src[key]
    for key in ("TrainingJobArn", "ModelArtifacts", "TrainingJobStatus", "CreationTime"):
        assert key not in req
    assert req["Tags"] == [{"Key": "team", "Value": "x"}]
    assert set(req) <= {*retrain.CREATE_FIELDS, "TrainingJobName", "Tags"}
    model = botocore.session.get_session().get_service_model("sagemaker")
    shape = model.operation_model("CreateTrainingJob").input_shape
    from botocore.validate import ParamValidator

    report = ParamValidator().validate(req, shape)
    assert not report.has_errors(), report.generate_report()


def test_retrain_adds_the_model_channel_and_drops_outputs() -> None:
    req = retrain.retrain_request(hand_written(), [], "od-retrain")
    model = req["InputDataConfig"][-1]
    assert model == {
        "ChannelName": "model",
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": "s3://bucket/od/output/model.tar.gz",
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "ContentType": "application/x-sagemaker-model",
        "InputMode": "File",
    }
    rc = req["ResourceConfig"]
    assert "InstanceType" not in rc and "InstanceCount" not in rc  # groups win
    assert "SelectedInstanceType" not in rc and rc["InstanceGroups"]
    assert req["ExperimentConfig"] == {"ExperimentName": "e"}
    for key in ("FinalMetricDataList", "BillableTimeInSeconds", "FailureReason"):
        assert key not in req
    assert req["RetryStrategy"] == {"MaximumRetryAttempts": 2}
    assert retrain.incremental_note(req) == retrain.Check(
        "model", "Object Detection supports incremental training"
    )


def test_type_and_count_without_groups() -> None:
    src = hand_written()
    src["ResourceConfig"]["InstanceGroups"] = []
    rc = retrain.clone_request(src, [], "x")["ResourceConfig"]
    assert rc["InstanceType"] == "ml.p3.2xlarge" and "InstanceGroups" not in rc


def test_retrain_needs_artifacts() -> None:
    src = hand_written()
    del src["ModelArtifacts"]
    with pytest.raises(ValueError, match="no model artifacts"):
        retrain.retrain_request(src, [], "x")


def test_custom_container_warning(sandbox_describe: dict[str, Any]) -> None:
    note = retrain.incremental_note(sandbox_describe)
    assert note is not None and note.warning and "/opt/ml/input/data/model" in note.message


def test_default_name() -> None:
    name = retrain.default_name("xgboost-churn-2026-11-20-10-11-12-123", "retrain", NOW)
    assert name == "xgboost-churn-retrain-20261126-120005"
    long = retrain.default_name("a" * 63, "retrain", NOW, lambda n: not n.endswith("-3"))
    assert len(long) <= 63 and long.endswith("-3") and retrain_checks.check_name(long) == ""


def values(**kw: Any) -> retrain.Values:
    base = dict(
        name="ok-name",
        channels=[("train", "s3://bucket-a/x")],
        hyperparameters=[("eta", "0.1")],
        instance_type="ml.m5.xlarge",
        instance_count="1",
        volume_gb="30",
        max_runtime="3600",
    )
    base.update(kw)
    return retrain.Values(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kw, field, message",
    [
        ({"name": "a_b"}, "name", "letters, digits and hyphens"),
        ({"name": "-ab"}, "name", "letters, digits and hyphens"),
        ({"name": "a" * 64}, "name", "at most 63"),
        ({"name": ""}, "name", "required"),
        ({"instance_type": "ml.m5.huge"}, "instance_type", "not a training instance type"),
        ({"instance_count": "1.5"}, "instance_count", "whole number"),
        ({"instance_count": "0"}, "instance_count", "at least 1"),
        ({"instance_count": "2.0"}, "instance_count", "whole number"),
        ({"instance_count": "99999999999"}, "instance_count", "at most 2147483647"),
        ({"spot": True, "max_wait": "90000."}, "max_wait", "whole number"),
        ({"spot": True, "max_wait": "nan"}, "max_wait", "whole number"),
        ({"max_runtime": "3600.0"}, "max_runtime", "whole number"),
        ({"name": "bad\x1b[31mname"}, "name", "letters, digits and hyphens"),
        ({"name": "a\nb"}, "name", "letters, digits and hyphens"),
        ({"name": "a" * 5000}, "name", "at most 63"),
        ({"volume_gb": "99999"}, "volume_gb", "1..16384"),
        ({"max_runtime": "abc"}, "max_runtime", "whole number"),
        ({"spot": True, "max_wait": "60"}, "max_wait", ">= max runtime"),
        ({"spot": True, "max_wait": ""}, "max_wait", "required"),
        ({"spot": True, "max_wait": "7200", "checkpoint_uri": "x"}, "checkpoint_uri", "s3://"),
        ({"channels": [("train", "s3://bkt/x"), ("train", "s3://bkt/y")]}, "channel.1.name", "dup"),
        ({"channels": [("tr ain", "s3://bkt/x")]}, "channel.0.name", "letters"),
        ({"channels": [("train", "https://x")]}, "channel.0.uri", "s3://"),
        ({"channels": [("train", "s3://UPPER/x")]}, "channel.0.uri", "not a valid"),
        ({"channels": []}, "channel.0.name", "at least one"),
        ({"hyperparameters": [("a", "1"), ("a", "2")]}, "hp.1.key", "duplicate"),
        ({"hyperparameters": [("", "1")]}, "hp.0.key", "required"),
    ],
)
def test_checks(kw: dict[str, Any], field: str, message: str) -> None:
    problems = retrain_checks.check(values(**kw), TYPES)
    assert [p.field for p in problems] == [field]
    assert message in problems[0].message


def test_valid_values_have_no_problem_and_groups_skip_type() -> None:
    assert retrain_checks.check(values(), TYPES) == []
    assert (
        retrain_checks.check(values(instance_type="", instance_count=""), TYPES, groups=True) == []
    )


def test_apply_edits(sandbox_describe: dict[str, Any]) -> None:
    base = retrain.retrain_request(sandbox_describe, [], "n1")
    v = retrain.values_of(base)
    v.channels = [(n, "s3://new-bucket/train" if n == "train" else u) for n, u in v.channels]
    v.channels.append(("extra", "s3://new-bucket/extra"))
    v.hyperparameters.append(("new_hp", "7"))
    v.spot, v.max_wait, v.checkpoint_uri = True, str(int(v.max_runtime) * 2), "s3://ck-bucket/c"
    v.instance_type, v.instance_count = "ml.g5.xlarge", "2"
    req = retrain.apply(base, v)
    chans = {c["ChannelName"]: c for c in req["InputDataConfig"]}
    assert chans["train"]["DataSource"]["S3DataSource"]["S3Uri"] == "s3://new-bucket/train"
    source_train = next(
        c for c in sandbox_describe["InputDataConfig"] if c["ChannelName"] == "train"
    )
    assert {k: v for k, v in chans["train"].items() if k != "DataSource"} == {
        k: v for k, v in source_train.items() if k != "DataSource"
    }  # the channel keeps its other settings
    assert chans["model"]["ContentType"] == retrain.MODEL_CONTENT_TYPE
    assert chans["extra"]["DataSource"]["S3DataSource"]["S3DataDistributionType"]
    assert req["HyperParameters"]["new_hp"] == "7"
    assert req["ResourceConfig"]["InstanceType"] == "ml.g5.xlarge"
    assert req["ResourceConfig"]["InstanceCount"] == 2
    assert req["EnableManagedSpotTraining"] is True
    assert req["StoppingCondition"]["MaxWaitTimeInSeconds"] == int(v.max_wait)
    assert req["CheckpointConfig"]["S3Uri"] == "s3://ck-bucket/c"
    v.spot = False
    assert "MaxWaitTimeInSeconds" not in retrain.apply(base, v)["StoppingCondition"]
    assert retrain.differences(base, req) >= {"InputDataConfig", "HyperParameters"}


def test_latest_image_without_the_sdk_says_how_to_get_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sagemaker", None)  # import fails as if not installed
    with pytest.raises(RuntimeError, match=r"pip install 'smtui\[sdk\]'"):
        aws_retrain.latest_image("pytorch", "latest", "us-east-1", "ml.g5.xlarge")


def test_latest_image_calls_the_sdk_lazily(monkeypatch) -> None:
    calls: list[dict[str, Any]] = []

    def retrieve(**kw: Any) -> str:
        calls.append(kw)
        return "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:9.9-gpu"

    fake = types.ModuleType("sagemaker")
    fake.image_uris = types.SimpleNamespace(retrieve=retrieve)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sagemaker", fake)
    image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-gpu-py310"
    framework, version = aws_retrain.framework_of(image) or ("", "")
    uri = aws_retrain.latest_image(framework, version, "eu-west-1", "ml.g5.xlarge")
    assert uri.endswith("pytorch-training:9.9-gpu")
    assert calls == [
        {
            "framework": "pytorch",
            "region": "eu-west-1",
            "version": "latest",
            "instance_type": "ml.g5.xlarge",
            "image_scope": "training",
        }
    ]
    assert aws_retrain.framework_of("123.dkr.ecr.x.amazonaws.com/my-own:1") is None


def test_the_console_and_the_cli_share_the_retrain_source_check() -> None:
    from types import SimpleNamespace

    from smtui.services.kinds.training_retrain import RETRAIN

    for status, ok in (("Completed", True), ("Failed", False), ("Stopped", False)):
        assert RETRAIN.applies(SimpleNamespace(name="j", status=status)) is ok
        assert (retrain_checks.retrain_source_problem("j", status) == "") is ok
    assert "j is Failed" in retrain_checks.retrain_source_problem("j", "Failed")
