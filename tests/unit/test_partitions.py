"""Partitions on plain data: a region's partition, its console host, where its Price
List API and Cost Explorer answer, and what smtui says it cannot price."""

from __future__ import annotations

import pytest

from smtui.aws import partitions
from smtui.aws.errors import AwsError
from smtui.domain import console_urls
from smtui.domain.partitions import console_host, currency, partition_for_region


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("us-east-1", "aws"),
        ("eu-west-1", "aws"),
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("us-gov-east-1", "aws-us-gov"),
        ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"),
    ],
)
def test_the_partition_of_a_region_agrees_with_botocore(region: str, partition: str) -> None:
    assert partition_for_region(region) == partition
    assert partitions.partition_of(region) == partition


def test_an_unknown_region_name_is_taken_as_commercial() -> None:
    assert partition_for_region("xx-nowhere-9") == "aws"
    assert partitions.partition_of("xx-nowhere-9") == "aws"


@pytest.mark.parametrize(
    ("region", "url"),
    [
        (
            "eu-west-1",
            "https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/jobs/j1",
        ),
        (
            "cn-north-1",
            "https://console.amazonaws.cn/sagemaker/home?region=cn-north-1#/jobs/j1",
        ),
        (
            "us-gov-west-1",
            "https://console.amazonaws-us-gov.com/sagemaker/home?region=us-gov-west-1#/jobs/j1",
        ),
    ],
)
def test_console_urls_per_partition(region: str, url: str) -> None:
    assert console_urls.training_job(region, "j1") == url


def test_console_urls_of_arns_and_labeling_jobs_follow_the_partition() -> None:
    arn = "arn:aws-cn:sagemaker:cn-northwest-1:123456789012:endpoint/ep-1"
    assert console_urls.for_arn(arn) == (
        "https://console.amazonaws.cn/sagemaker/home?region=cn-northwest-1#/endpoints/ep-1"
    )
    assert console_urls.labeling_job("us-gov-east-1", "lab").startswith(
        "https://console.amazonaws-us-gov.com/sagemaker/groundtruth?region=us-gov-east-1#/"
    )


def test_an_isolated_partition_has_no_console_link_and_says_so() -> None:
    assert console_host("us-iso-east-1") is None
    text = console_urls.endpoint("us-iso-east-1", "ep")
    assert text == "no console URL known for us-iso-east-1 (partition aws-iso)"


def test_currencies() -> None:
    assert currency("aws") == "USD" and currency("aws-us-gov") == "USD"
    assert currency("aws-cn") == "CNY"


def test_commercial_regions_keep_us_east_1() -> None:
    assert partitions.pricing_region("eu-west-1") == "us-east-1"
    assert partitions.cost_explorer_region("ap-southeast-2") == "us-east-1"


def test_home_regions_from_botocore_endpoints_data() -> None:
    assert partitions.home_region("api.pricing", "aws-cn") == "cn-northwest-1"
    assert partitions.home_region("ce", "aws-cn") == "cn-northwest-1"
    assert partitions.home_region("api.pricing", "aws-iso") == "us-iso-east-1"
    assert partitions.home_region("ce", "aws-iso") == "us-iso-east-1"
    assert partitions.home_region("api.pricing", "aws-us-gov") is None
    assert partitions.home_region("ce", "aws-us-gov") is None
    assert partitions.pricing_region("us-iso-east-1") == "us-iso-east-1"


@pytest.mark.parametrize(
    ("resolve", "region", "fragment"),
    [
        (partitions.pricing_region, "cn-north-1", "Price List API prices of aws-cn are in CNY"),
        (
            partitions.cost_explorer_region,
            "cn-north-1",
            "Cost Explorer figures of aws-cn are in CNY",
        ),
        (
            partitions.pricing_region,
            "us-gov-west-1",
            "Price List API prices have no endpoint in the aws-us-gov partition",
        ),
        (
            partitions.cost_explorer_region,
            "us-gov-east-1",
            "Cost Explorer figures have no endpoint in the aws-us-gov partition",
        ),
    ],
)
def test_what_cannot_be_priced_is_said_plainly(resolve, region: str, fragment: str) -> None:
    with pytest.raises(AwsError) as exc:
        resolve(region)
    assert exc.value.code == "UnsupportedPartition"
    assert fragment in exc.value.message and exc.value.message.endswith("not shown")


def test_prices_and_bills_of_aws_cn_are_refused_before_any_request() -> None:
    """The Price List and Cost Explorer clients are never built for the commercial
    endpoint from an aws-cn session: the refusal comes first and names the reason."""
    from datetime import date

    from smtui.aws import cost_explorer, pricing
    from smtui.aws.session import Clients, Target

    clients = Clients(
        Target(
            region="cn-north-1",
            endpoint_url="http://127.0.0.1:9",  # discard port: a request would fail
            access_key="k",
            secret_key="s",
        )
    )
    with pytest.raises(AwsError) as priced:
        pricing.instance_products(clients, "cn-north-1", ["ml.m5.large"])
    assert priced.value.code == "UnsupportedPartition"
    with pytest.raises(AwsError) as billed:
        cost_explorer.daily_sagemaker_cost(clients, date(2026, 11, 1), date(2026, 11, 2))
    assert billed.value.code == "UnsupportedPartition"
    assert "CNY" in billed.value.message
