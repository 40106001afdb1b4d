"""Where the one-region services of a partition answer: the Price List API and Cost
Explorer, resolved from botocore's endpoints data for the session's partition instead of
the commercial us-east-1 for every account.

botocore (botocore/data/endpoints.json, 1.44) lists the Price List API ("api.pricing")
in aws (us-east-1, eu-central-1, ap-south-1), aws-cn (cn-northwest-1) and the isolated
partitions, not in aws-us-gov; Cost Explorer ("ce") has one partition endpoint in aws
(us-east-1), aws-cn (cn-northwest-1) and some isolated partitions, none in aws-us-gov.
What cannot be asked is said plainly, as an AwsError the cost views show where the
figure would be: smtui prices in US dollars only, so aws-cn (CNY) is not priced.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from smtui.aws.errors import AwsError
from smtui.domain import partitions as domain
from smtui.domain.partitions import COMMERCIAL

COMMERCIAL_HOME = "us-east-1"
"""The commercial partition's Price List and Cost Explorer region (as before)."""
UNSUPPORTED = "UnsupportedPartition"


@lru_cache(maxsize=1)
def _session() -> Any:
    import botocore.session

    return botocore.session.get_session()


@lru_cache(maxsize=1)
def _endpoints() -> dict[str, Any]:
    return dict(_session().get_data("endpoints"))


def partition_of(region: str) -> str:
    """The partition botocore puts ``region`` in (by its regionRegex); a name botocore
    does not know falls back to smtui/domain/partitions.py's rules."""
    try:
        return str(_session().get_partition_for_region(region))
    except Exception:  # noqa: BLE001 - UnknownRegionError, or older botocore
        return domain.partition_for_region(region)


def home_region(endpoint_prefix: str, partition: str) -> str | None:
    """The region a one-region service of ``partition`` answers from (its partition
    endpoint's credential scope, else its first regional endpoint), None if botocore
    lists no endpoint for it there."""
    for part in _endpoints().get("partitions", []):
        if part.get("partition") != partition:
            continue
        service = (part.get("services") or {}).get(endpoint_prefix)
        if not service:
            return None
        endpoints = service.get("endpoints") or {}
        global_name = service.get("partitionEndpoint")
        if global_name:
            scope = (endpoints.get(global_name) or {}).get("credentialScope") or {}
            return str(scope.get("region") or global_name)
        regions = [r for r in endpoints if r in (part.get("regions") or {})]
        return regions[0] if regions else None
    return None


def _resolve(endpoint_prefix: str, what: str, region: str, operation: str, note: str = "") -> str:
    partition = partition_of(region)
    if partition == COMMERCIAL:
        return COMMERCIAL_HOME
    money = domain.currency(partition)
    if money != "USD":
        raise AwsError(
            UNSUPPORTED,
            f"{what} of {partition} are in {money}; smtui shows USD only: not shown",
            operation,
        )
    home = home_region(endpoint_prefix, partition)
    if home is None:
        raise AwsError(
            UNSUPPORTED,
            f"{what} have no endpoint in the {partition} partition "
            f"(botocore endpoints data){note}: not shown",
            operation,
        )
    return home


def pricing_region(region: str) -> str:
    """The Price List API region for prices of ``region``'s partition."""
    return _resolve("api.pricing", "Price List API prices", region, "GetProducts")


def cost_explorer_region(region: str) -> str:
    """The Cost Explorer region for a session in ``region``'s partition."""
    return _resolve(
        "ce",
        "Cost Explorer figures",
        region,
        "GetCostAndUsage",
        "; a GovCloud account is billed through its linked commercial account",
    )
