"""Example calls for the Price List API (pricing GetProducts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox


def _term(field: str, value: str) -> dict[str, str]:
    return {"Type": "TERM_MATCH", "Field": field, "Value": value}


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("pricing", "GetProducts"): [
        lambda sb: {
            "ServiceCode": "AmazonSageMaker",
            "Filters": [_term("regionCode", "us-east-1"), _term("instanceName", "ml.m5.xlarge")],
            "FormatVersion": "aws_v1",
            "MaxResults": 100,
        },
        lambda sb: {
            "ServiceCode": "AmazonSageMaker",
            "Filters": [
                _term("regionCode", "us-west-2"),
                {"Type": "ANY_OF", "Field": "component", "Value": "Training,Hosting"},
            ],
            "MaxResults": 10,
        },
    ],
}
