"""CreateTrainingJob in the sandbox: checked like AWS, and the new job runs."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.domain import retrain
from tests.sandbox.examples.retrain import completed_job, retrain_params


def _error(sm: Any, params: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as info:
        sm.create_training_job(**params)
    err = info.value.response["Error"]
    return err["Code"], err["Message"]


def test_created_job_runs_with_the_model_channel(sb: Any, sm: Any) -> None:
    params = retrain_params(sb, "churn-retrain-runs")
    arn = sm.create_training_job(**params)["TrainingJobArn"]
    assert arn.endswith(":training-job/churn-retrain-runs")
    d = sm.describe_training_job(TrainingJobName="churn-retrain-runs")
    assert d["TrainingJobStatus"] == "InProgress"
    model = next(c for c in d["InputDataConfig"] if c["ChannelName"] == "model")
    source = sm.describe_training_job(TrainingJobName=completed_job(sb))
    assert (
        model["DataSource"]["S3DataSource"]["S3Uri"]
        == (source["ModelArtifacts"]["S3ModelArtifacts"])
    )
    assert model["ContentType"] == "application/x-sagemaker-model"
    assert d["HyperParameters"] == params["HyperParameters"]
    tags = sm.list_tags(ResourceArn=arn)["Tags"]
    assert tags == [{"Key": "team", "Value": "ml"}]
    sb.simulator.clock.advance(10 * 86400)
    d = sm.describe_training_job(TrainingJobName="churn-retrain-runs")
    assert d["TrainingJobStatus"] == "Completed"
    assert d["ModelArtifacts"]["S3ModelArtifacts"].endswith(
        "churn-retrain-runs/output/model.tar.gz"
    )
    names = [
        s["TrainingJobName"]
        for s in sm.list_training_jobs(NameContains="retrain-runs")["TrainingJobSummaries"]
    ]
    assert names == ["churn-retrain-runs"]


def test_taken_name_is_resource_in_use(sb: Any, sm: Any) -> None:
    params = retrain_params(sb, completed_job(sb))
    code, message = _error(sm, params)
    assert code == "ResourceInUse" and "already exists" in message


def test_bad_name_pattern_and_enum_are_rejected(sb: Any, sm: Any) -> None:
    params = retrain_params(sb, "bad_name")
    code, message = _error(sm, params)
    assert code == "ValidationException" and "trainingJobName" in message
    params = retrain_params(sb, "enum-check")
    params["ResourceConfig"]["InstanceType"] = "ml.nope.large"
    code, message = _error(sm, params)
    assert code == "ValidationException" and "enum" in message


def test_spot_wait_rules(sb: Any, sm: Any) -> None:
    params = retrain_params(sb, "spot-check")
    params["EnableManagedSpotTraining"] = True
    params["StoppingCondition"] = {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 600}
    code, message = _error(sm, params)
    assert code == "ValidationException" and "MaxWaitTimeInSeconds" in message
    params["StoppingCondition"] = {"MaxRuntimeInSeconds": 3600}
    assert _error(sm, params)[0] == "ValidationException"
    params["EnableManagedSpotTraining"] = False
    params["StoppingCondition"] = {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200}
    assert _error(sm, params)[0] == "ValidationException"


def test_groups_and_type_together_and_duplicate_channels(sb: Any, sm: Any) -> None:
    params = retrain_params(sb, "groups-check")
    rc = params["ResourceConfig"]
    rc["InstanceGroups"] = [
        {"InstanceType": rc["InstanceType"], "InstanceCount": 1, "InstanceGroupName": "a"}
    ]
    assert _error(sm, params)[0] == "ValidationException"
    params = retrain_params(sb, "dup-check")
    params["InputDataConfig"].append(params["InputDataConfig"][0])
    code, message = _error(sm, params)
    assert code == "ValidationException" and "unique" in message


def test_missing_required_member_is_rejected(sb: Any, sm: Any) -> None:
    params = retrain_params(sb, "required-check")
    del params["RoleArn"]
    with pytest.raises(Exception, match="RoleArn"):  # botocore refuses before sending
        sm.create_training_job(**params)
    assert retrain.MODEL_CHANNEL == "model"


def test_a_retried_create_that_went_through_is_ours(sb: Any) -> None:
    """ResourceInUse on a retry: the job with that name came from this very request."""
    from smtui.aws.errors import AwsError
    from smtui.aws.mutations import permit
    from smtui.aws.retrain import create_training_job
    from smtui.aws.session import Clients, Target
    from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY

    clients = Clients(
        Target(
            region=SANDBOX_REGION,
            endpoint_url=sb.url,
            access_key=SANDBOX_ACCESS_KEY,
            secret_key=SANDBOX_SECRET_KEY,
        )
    )
    params = retrain_params(sb, "retried-create")
    with permit():  # what the action guard opens around every mutating call
        arn = create_training_job(clients, params)
        assert create_training_job(clients, params) == arn  # the retry finds its own job
        other = dict(params, InputDataConfig=params["InputDataConfig"][:1])
        with pytest.raises(AwsError) as info:
            create_training_job(clients, other)  # same name, another request: a real conflict
    assert info.value.code == "ResourceInUse"
