"""A sandbox of another region and account (smtui/sandbox/identity.py): plain boto3 clients
see ARNs, role ARNs, bucket names and hosts of eu-west-1 and account 210987654321, and the
ARNs they were given are understood when sent back."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smtui.domain import retrain
from smtui.sandbox import SANDBOX_SECRET_KEY, Sandbox, account_for
from smtui.sandbox.identity import Identity, Swap

REGION = "eu-west-1"
ACCOUNT = "210987654321"
PREFIX = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:"
CANONICAL = re.compile(r"us-east-1|123456789012")


def client(sb: Sandbox, service: str, key: str = "sandbox", region: str = REGION) -> Any:
    return boto3.client(
        service,
        endpoint_url=sb.url,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


def text(response: dict[str, Any]) -> str:
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    return json.dumps(body, default=str)


@pytest.fixture(scope="module")
def west() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=40, speed=0, region=REGION, account=ACCOUNT).start() as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def wsm(west: Sandbox) -> Any:
    return client(west, "sagemaker")


def test_training_jobs_carry_the_region_and_account(west: Sandbox, wsm: Any) -> None:
    summaries = wsm.list_training_jobs(MaxResults=100)["TrainingJobSummaries"]
    assert len(summaries) == 40
    for s in summaries:
        assert s["TrainingJobArn"] == PREFIX + "training-job/" + s["TrainingJobName"].lower()
    for s in summaries[:10]:
        d = wsm.describe_training_job(TrainingJobName=s["TrainingJobName"])
        assert d["TrainingJobArn"] == s["TrainingJobArn"]
        assert d["RoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/SageMakerExecutionRole"
        assert not CANONICAL.search(text(d)), text(d)
        # Images come from AWS's own registries (their accounts stay) in the sandbox region.
        image = d["AlgorithmSpecification"].get("TrainingImage", "")
        if image:
            registry = image.split("/")[0]
            assert re.fullmatch(rf"\d{{12}}\.dkr\.ecr\.{REGION}\.amazonaws\.com", registry)
            assert not registry.startswith(ACCOUNT)


def test_the_returned_arn_and_uris_work_when_sent_back(west: Sandbox, wsm: Any) -> None:
    name = next(n for n, s in west.simulator.statuses().items() if s == "Completed")
    source = wsm.describe_training_job(TrainingJobName=name)
    tags = wsm.list_tags(ResourceArn=source["TrainingJobArn"])["Tags"]
    assert tags and all(not CANONICAL.search(t["Value"]) for t in tags)
    # An ARN of this identity that names nothing: the handler's error speaks of it too.
    missing = PREFIX + "training-job/no-such-job"
    with pytest.raises(ClientError) as info:
        wsm.list_tags(ResourceArn=missing)
    assert missing in info.value.response["Error"]["Message"]

    # A clone built from the describe, as the console builds it: the role, the model
    # artifacts and the output path are this account's and region's; they come back as sent.
    request = retrain.retrain_request(source, [{"Key": "team", "Value": "ml"}], "west-clone")
    arn = wsm.create_training_job(**request)["TrainingJobArn"]
    assert arn == PREFIX + "training-job/west-clone"
    clone = wsm.describe_training_job(TrainingJobName="west-clone")
    assert clone["RoleArn"] == source["RoleArn"]
    model = next(c for c in clone["InputDataConfig"] if c["ChannelName"] == "model")
    uri = model["DataSource"]["S3DataSource"]["S3Uri"]
    assert uri == source["ModelArtifacts"]["S3ModelArtifacts"]
    assert clone["OutputDataConfig"] == request["OutputDataConfig"]
    assert wsm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]
    wsm.stop_training_job(TrainingJobName="west-clone")
    assert wsm.describe_training_job(TrainingJobName="west-clone")["TrainingJobStatus"] in (
        "Stopping",
        "Stopped",
    )


def test_a_foreign_arn_in_a_request_comes_back_unchanged(west: Sandbox, wsm: Any) -> None:
    """A key of us-east-1 and the canonical account is another region's and account's here:
    held inside as the sandbox's own identity, it must not come back as one."""
    name = next(n for n, s in west.simulator.statuses().items() if s == "Completed")
    request = retrain.retrain_request(wsm.describe_training_job(TrainingJobName=name), [], "kms-x")
    foreign = "arn:aws:kms:us-east-1:123456789012:key/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
    request["OutputDataConfig"] = {**request["OutputDataConfig"], "KmsKeyId": foreign}
    wsm.create_training_job(**request)
    assert wsm.describe_training_job(TrainingJobName="kms-x")["OutputDataConfig"]["KmsKeyId"] == (
        foreign
    )


def test_endpoints_pipelines_and_logs(west: Sandbox, wsm: Any) -> None:
    endpoints = wsm.list_endpoints()["Endpoints"]
    assert endpoints
    for e in endpoints:
        assert e["EndpointArn"] == PREFIX + "endpoint/" + e["EndpointName"].lower()
    d = wsm.describe_endpoint(EndpointName=endpoints[0]["EndpointName"])
    assert d["EndpointArn"] == endpoints[0]["EndpointArn"]
    assert not CANONICAL.search(text(d))

    pipeline = wsm.list_pipelines()["PipelineSummaries"][0]
    assert pipeline["PipelineArn"].startswith(PREFIX + "pipeline/")
    executions = wsm.list_pipeline_executions(PipelineName=pipeline["PipelineName"])
    execution_arn = executions["PipelineExecutionSummaries"][0]["PipelineExecutionArn"]
    assert execution_arn.startswith(PREFIX)
    described = wsm.describe_pipeline_execution(PipelineExecutionArn=execution_arn)
    assert described["PipelineExecutionArn"] == execution_arn
    steps = wsm.list_pipeline_execution_steps(PipelineExecutionArn=execution_arn)
    assert not CANONICAL.search(text(steps))

    logs = client(west, "logs")
    groups = logs.describe_log_groups(logGroupNamePrefix="/aws/sagemaker/")["logGroups"]
    assert groups
    for g in groups:
        assert g["arn"] == f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{g['logGroupName']}:*"
        assert g["logGroupArn"] == f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{g['logGroupName']}"
    training = next(g for g in groups if g["logGroupName"] == "/aws/sagemaker/TrainingJobs")
    by_arn = logs.describe_log_streams(logGroupIdentifier=training["logGroupArn"], limit=5)
    by_name = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", limit=5)
    assert by_arn["logStreams"] == by_name["logStreams"] != []
    for stream in by_arn["logStreams"]:
        assert stream["arn"].startswith(f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:")


def test_sts_names_the_sandbox_account_for_its_key_and_others_their_own(west: Sandbox) -> None:
    who = client(west, "sts").get_caller_identity()
    assert (who["Account"], who["Arn"]) == (ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/sandbox")
    other = account_for("team-b-key")
    who = client(west, "sts", "team-b-key").get_caller_identity()
    assert (who["Account"], who["Arn"]) == (other, f"arn:aws:iam::{other}:user/sandbox")


def test_pricing_is_not_the_accounts_and_stays_as_it_is(west: Sandbox) -> None:
    pricing = client(west, "pricing", region="us-east-1")
    response = pricing.get_products(
        ServiceCode="AmazonSageMaker",
        Filters=[{"Type": "TERM_MATCH", "Field": "regionCode", "Value": "us-east-1"}],
        MaxResults=5,
    )
    assert response["PriceList"]
    assert all('"us-east-1"' in p for p in response["PriceList"])


def test_the_account_can_follow_the_signing_key() -> None:
    with Sandbox(seed=7, jobs=5, speed=0, account=None).start() as sb:
        other = account_for("team-b-key")
        for key, account in (("sandbox", "123456789012"), ("team-b-key", other)):
            sm = client(sb, "sagemaker", key, region="us-east-1")
            arn = sm.list_training_jobs()["TrainingJobSummaries"][0]["TrainingJobArn"]
            assert arn.startswith(f"arn:aws:sagemaker:us-east-1:{account}:training-job/")
            who = client(sb, "sts", key, region="us-east-1").get_caller_identity()
            assert who["Account"] == account
            assert sm.list_tags(ResourceArn=arn)["Tags"]


def test_default_sandbox_says_us_east_1_and_123456789012(sb: Sandbox, sm: Any) -> None:
    # (the module-scoped default sandbox of tests/sandbox/conftest.py)
    assert sb.identity == Identity()
    arn = sm.list_training_jobs()["TrainingJobSummaries"][0]["TrainingJobArn"]
    assert arn.startswith("arn:aws:sagemaker:us-east-1:123456789012:training-job/")
    d = sm.describe_training_job(TrainingJobName=arn.rsplit("/", 1)[1])
    assert d["RoleArn"] == "arn:aws:iam::123456789012:role/SageMakerExecutionRole"
    # Another key: STS names its account, as ever; the fleet stays 123456789012's.
    other = client(sb, "sagemaker", "team-b-key", region="us-east-1")
    assert other.list_training_jobs()["TrainingJobSummaries"][0]["TrainingJobArn"] == arn
    who = client(sb, "sts", "team-b-key", region="us-east-1").get_caller_identity()
    assert who["Account"] == account_for("team-b-key")


def test_swap_exchanges_tokens_only() -> None:
    swap = Swap(REGION, ACCOUNT)
    cases = {
        "arn:aws:sagemaker:us-east-1:123456789012:endpoint/x": PREFIX + "endpoint/x",
        "arn:aws:iam::123456789012:role/R": f"arn:aws:iam::{ACCOUNT}:role/R",
        "s3://sagemaker-us-east-1-123456789012/a": f"s3://sagemaker-{REGION}-{ACCOUNT}/a",
        "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch": (
            f"763104351884.dkr.ecr.{REGION}.amazonaws.com/pytorch"
        ),
        "us-east-1a": f"{REGION}a",
        # Not tokens: inside a word, a longer region number, a longer digit run.
        "xus-east-1 us-east-10 1123456789012 1234567890123": (
            "xus-east-1 us-east-10 1123456789012 1234567890123"
        ),
    }
    for canonical, translated in cases.items():
        assert swap.text(canonical) == translated
        assert swap.text(translated) == canonical  # an involution: in and out alike
    nested = {"A": ["us-east-1", {"us-east-1": 123456789012}], "B": b"us-east-1"}
    assert swap.apply(nested) == {"A": [REGION, {REGION: 123456789012}], "B": b"us-east-1"}
    assert not Identity().for_request("sandbox", "sagemaker").active
    assert not Identity(REGION, ACCOUNT).for_request("x", "pricing").active


@pytest.mark.parametrize(("region", "account"), [("Europe", None), ("eu-west-1", "12345")])
def test_a_bad_identity_is_refused(region: str, account: str | None) -> None:
    with pytest.raises(ValueError):
        Identity(region, account)
