"""Issue 21, point 9: tags of a clone or retrain. The sandbox answers as AWS documents
it: an ``aws:`` key is reserved (ValidationException), a ``sagemaker:`` key matches the
Tag pattern and is accepted; the console leaves both kinds out of a copy."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.domain import retrain
from tests.sandbox.examples.retrain import retrain_params


def test_aws_keys_are_refused_sagemaker_keys_accepted(sb: Any, sm: Any) -> None:
    params = retrain_params(sb, "tags-aws-refused")
    params["Tags"] = [{"Key": "aws:cloudformation:stack-name", "Value": "s"}]
    with pytest.raises(ClientError) as info:
        sm.create_training_job(**params)
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException" and "'aws:'" in error["Message"]
    assert sm.list_training_jobs(NameContains="tags-aws-refused")["TrainingJobSummaries"] == []
    params = retrain_params(sb, "tags-sagemaker-accepted")
    params["Tags"] = [{"Key": "sagemaker:domain-arn", "Value": "arn:aws:sagemaker:x"}]
    arn = sm.create_training_job(**params)["TrainingJobArn"]
    assert sm.list_tags(ResourceArn=arn)["Tags"] == params["Tags"]


def _tags(sb: Any, name: str) -> list[dict[str, str]]:
    arn = sb.simulator.describe_training_job(name)["TrainingJobArn"]
    return list(sb.simulator.tags_for(arn) or [])


def test_a_clone_of_a_studio_job_leaves_its_system_tags_out(sb: Any, sm: Any) -> None:
    done = sorted(n for n, s in sb.simulator.statuses().items() if s == "Completed")
    name = next(j for j in done if any(t["Key"] == "sagemaker:domain-arn" for t in _tags(sb, j)))
    source = sm.describe_training_job(TrainingJobName=name)
    request = retrain.clone_request(source, _tags(sb, name), "clone-of-a-studio-job")
    assert {t["Key"] for t in request["Tags"]} == {"project", "team", "owner", "cost-center"}
    sm.create_training_job(**request)
