"""The AWS Price List Query API (``pricing`` GetProducts) for SageMaker instance prices.

The API is served from a few regions only ("AWS Price List Service API provides the
following two endpoints: https://api.pricing.us-east-1.amazonaws.com,
https://api.pricing.ap-south-1.amazonaws.com", Price List API reference), whatever the
region whose prices are asked for: the client is pinned to us-east-1 and the region
asked for is a ``regionCode`` filter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.aws.calls import pages
from smtui.aws.session import Clients

PRICING_REGION = "us-east-1"
SERVICE_CODE = "AmazonSageMaker"
PAGE_SIZE = 100
"""GetProducts MaxResults: 1..100 (botocore pricing model)."""


def instance_products(
    clients: Clients,
    region: str,
    instance_type: str,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[str]:
    """Every SageMaker product of one instance type in one region (one per component:
    Training, Hosting, Notebook, ...), as the PriceList JSON strings AWS returns."""
    client = clients.client("pricing", region=PRICING_REGION)
    filters: list[dict[str, Any]] = [
        {"Type": "TERM_MATCH", "Field": "regionCode", "Value": region},
        {"Type": "TERM_MATCH", "Field": "instanceName", "Value": instance_type},
    ]
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
