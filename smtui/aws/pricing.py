"""The AWS Price List Query API (``pricing`` GetProducts) for SageMaker instance prices.

The API is served from a few regions only ("AWS Price List Service API provides the
following two endpoints: https://api.pricing.us-east-1.amazonaws.com,
https://api.pricing.ap-south-1.amazonaws.com", Price List API reference), whatever the
region whose prices are asked for: the client is pinned to that partition's Price List
region (us-east-1 for the commercial partition, cn-northwest-1 would be aws-cn's:
smtui/aws/partitions.py, which also refuses what smtui cannot price) and the region
asked for is a ``regionCode`` filter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from smtui.aws.calls import pages
from smtui.aws.partitions import pricing_region
from smtui.aws.session import Clients

PRICING_REGION = "us-east-1"
"""The commercial partition's (smtui/aws/partitions.py resolves the others)."""
SERVICE_CODE = "AmazonSageMaker"
PAGE_SIZE = 100
"""GetProducts MaxResults: 1..100 (botocore pricing model)."""
MAX_VALUE = 1024
"""A filter's Value: 1..1024 characters (botocore pricing model)."""


def instance_products(
    clients: Clients,
    region: str,
    instance_types: Sequence[str],
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[str]:
    """Every SageMaker product of these instance types in one region (one per component:
    Training, Hosting, Notebook, ...), as the PriceList JSON strings AWS returns.

    Several types go in one request with an ``ANY_OF`` filter ("Returns products where
    the field value is any of the provided values", botocore pricing model), values
    comma-separated; one type with ``TERM_MATCH``."""
    client = clients.client("pricing", region=pricing_region(region))
    names = list(instance_types)
    if len(names) == 1:
        match: dict[str, Any] = {"Type": "TERM_MATCH", "Field": "instanceName", "Value": names[0]}
    else:
        match = {"Type": "ANY_OF", "Field": "instanceName", "Value": ",".join(names)}
    filters = [{"Type": "TERM_MATCH", "Field": "regionCode", "Value": region}, match]
    items: list[str] = []
    for page in pages(
        client,
        "get_products",
        "PriceList",
        cancelled=cancelled,
        ServiceCode=SERVICE_CODE,
        Filters=filters,
        FormatVersion="aws_v1",
        MaxResults=PAGE_SIZE,
    ):
        items.extend(str(item) for item in page)
    return items


def batches(instance_types: Sequence[str], limit: int = MAX_VALUE) -> list[list[str]]:
    """The types in groups whose comma-joined value fits a filter Value (1..1024 chars)."""
    out: list[list[str]] = []
    size = 0
    for t in instance_types:
        if out and size + 1 + len(t) <= limit:
            out[-1].append(t)
            size += 1 + len(t)
        else:
            out.append([t])
            size = len(t)
    return out
