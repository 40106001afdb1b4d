"""The delete-endpoint confirmation states only what is known."""

from __future__ import annotations

from datetime import UTC, datetime

from smtui.domain.endpoints import Endpoint
from smtui.services.kinds.endpoints import DELETE

T = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SUMMARY = {
    "EndpointName": "fraud-detector-prod",
    "EndpointArn": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detector-prod",
    "EndpointStatus": "InService",
    "CreationTime": T,
    "LastModifiedTime": T,
}


def test_a_row_still_loading_says_loading_not_serverless() -> None:
    assert DELETE.confirm is not None
    message = DELETE.confirm(Endpoint.from_summary(SUMMARY))
    assert "loading…" in message
    assert "serverless" not in message and "no instances" not in message
    assert "price not known" not in message


def test_a_described_endpoint_names_its_instances() -> None:
    assert DELETE.confirm is not None
    describe = {
        **SUMMARY,
        "EndpointConfigName": "c",
        "ProductionVariants": [
            {"VariantName": "AllTraffic", "CurrentInstanceCount": 2, "DesiredInstanceCount": 2}
        ],
    }
    config = {
        "ProductionVariants": [
            {"VariantName": "AllTraffic", "InstanceType": "ml.c5.2xlarge", "ModelName": "m"}
        ]
    }
    message = DELETE.confirm(Endpoint.from_describe(describe, config))
    assert "ml.c5.2xlarge x 2" in message and "loading" not in message


def test_a_serverless_endpoint_says_so_once_described() -> None:
    assert DELETE.confirm is not None
    describe = {
        **SUMMARY,
        "EndpointConfigName": "c",
        "ProductionVariants": [
            {
                "VariantName": "AllTraffic",
                "CurrentServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 5},
            }
        ],
    }
    message = DELETE.confirm(Endpoint.from_describe(describe, {}))
    assert "no instances (serverless)" in message
