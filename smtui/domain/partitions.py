"""AWS partitions (aws, aws-cn, aws-us-gov, ...) as plain data: which one a region is
in, where its console lives, which currency its prices are in.

A region's partition is told by the regular expressions of botocore's endpoints data
(botocore/data/endpoints.json, each partition's ``regionRegex``); smtui/aws/partitions.py
asks botocore itself and falls back to these. Console hosts: the AWS GovCloud (US) console
is https://console.amazonaws-us-gov.com (AWS GovCloud (US) User Guide, "Signing in to
the AWS GovCloud (US) console"), the China regions' console is https://console.amazonaws.cn
(Amazon Web Services in China, "Getting Started": console.amazonaws.cn); both take the
same ``/sagemaker/home?region=...#/...`` paths as the commercial console (aws-samples
projects for the China regions link ``https://console.amazonaws.cn/sagemaker/home?
region=cn-north-1#/endpoints/NAME``).
"""

from __future__ import annotations

import re

COMMERCIAL = "aws"
CHINA = "aws-cn"
GOVCLOUD = "aws-us-gov"

# (partition, regionRegex) from botocore/data/endpoints.json (botocore 1.44), most
# specific first: us-gov- and us-iso- regions also start with "us-".
_REGION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (GOVCLOUD, re.compile(r"^us\-gov\-\w+\-\d+$")),
    ("aws-iso", re.compile(r"^us\-iso\-\w+\-\d+$")),
    ("aws-iso-b", re.compile(r"^us\-isob\-\w+\-\d+$")),
    ("aws-iso-e", re.compile(r"^eu\-isoe\-\w+\-\d+$")),
    ("aws-iso-f", re.compile(r"^us\-isof\-\w+\-\d+$")),
    ("aws-eusc", re.compile(r"^eusc\-(de)\-\w+\-\d+$")),
    (CHINA, re.compile(r"^cn\-\w+\-\d+$")),
    (COMMERCIAL, re.compile(r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$")),
)

CONSOLE_HOSTS = {
    COMMERCIAL: "{region}.console.aws.amazon.com",
    CHINA: "console.amazonaws.cn",
    GOVCLOUD: "console.amazonaws-us-gov.com",
}
"""The web console per partition; the others (the isolated ones) have none reachable
from here: smtui shows no console link for them."""

CURRENCIES = {CHINA: "CNY"}
"""Prices and bills of aws-cn are in Chinese yuan (Amazon Web Services in China price
lists); every other partition's are in US dollars."""


def partition_for_region(region: str) -> str:
    """The partition of ``region`` by name; an unknown name is taken as commercial (a
    new commercial region appears before the bundled data knows it)."""
    for partition, pattern in _REGION_PATTERNS:
        if pattern.match(region):
            return partition
    return COMMERCIAL


def console_host(region: str) -> str | None:
    """The console's host name for ``region``, or None where smtui knows of none."""
    host = CONSOLE_HOSTS.get(partition_for_region(region))
    return host.format(region=region) if host is not None else None


def currency(partition: str) -> str:
    return CURRENCIES.get(partition, "USD")
