"""`smtui endpoints`: list endpoints with instance types, counts, invocations and latency."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands.context import CommandContext, warn_gaps
from smtui.commands.output import add_output_option, emit
from smtui.services.settings import SettingsError

NAME = "endpoints"
HELP = "list endpoints with instance types, counts, invocations and latency"
CONNECTS = True
LIST_COMMAND = True

COLUMNS = (
    "EndpointName",
    "EndpointStatus",
    "InstanceTypes",
    "Instances",
    "InvocationsPerMinute",
    "ModelLatencyP50Ms",
    "ModelLatencyP99Ms",
    "Rate5XX",
    "Rate4XX",
    "Autoscaling",
    "DataCapture",
)
HEADERS = (
    "NAME",
    "STATUS",
    "TYPE",
    "INSTANCES",
    "INV/MIN",
    "P50MS",
    "P99MS",
    "5XX",
    "4XX",
    "SCALE",
    "CAPTURE",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", help="InService, Creating, Updating, Failed, ...")
    parser.add_argument("--name-contains", help="only endpoints whose name contains this text")
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.aws import endpoints as api
    from smtui.domain.endpoints import STATUSES, Endpoint, status_from_word
    from smtui.services import gaps
    from smtui.services.kinds import endpoints_data

    args = ctx.args
    status = None
    if args.status:
        status = args.status if args.status in STATUSES else status_from_word(args.status)
        if status is None:
            raise SettingsError(f"--status must be one of {', '.join(STATUSES)}")
    clients = ctx.clients()
    clients.clock = ctx.clock()
    summaries = [
        Endpoint.from_summary(s)
        for page in api.list_endpoints(clients, status=status, name_contains=args.name_contains)
        for s in page
    ]
    with gaps.collecting() as missing:  # metrics or autoscaling denied: columns blank
        endpoints = endpoints_data.enrich(clients, summaries)
    from smtui.services.cost import session_for  # HourlyUSD and PriceSource

    prices = session_for(clients).endpoint_costs(clients, endpoints, clients.clock())
    records = [{**_record(ep), **prices[ep.name]} for ep in sorted(endpoints, key=lambda e: e.name)]
    emit(records, COLUMNS, args.output, sys.stdout, headers=HEADERS)
    warn_gaps(missing)
    return 0


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _rpm(value: float | None) -> float | int | None:
    if value is None:
        return None
    return round(value) if value >= 100 else round(value, 1)


def _record(ep: Any) -> dict[str, Any]:
    m = ep.metrics
    return {
        "EndpointName": ep.name,
        "EndpointArn": ep.arn,
        "EndpointStatus": ep.status,
        "CreationTime": ep.created,
        "LastModifiedTime": ep.modified,
        "InstanceTypes": ep.instance_types_text(),
        "Instances": ep.capacity_text(),
        "Variants": [
            {
                "VariantName": v.name,
                "InstanceType": v.instance_type,
                "CurrentInstanceCount": v.current,
                "DesiredInstanceCount": v.desired,
                "CurrentWeight": v.weight,
                "Serverless": v.serverless,
                "Shadow": v.shadow,
            }
            for v in ep.variants
        ],
        "InvocationsPerMinute": _rpm(m.invocations_per_min if m else None),
        "ModelLatencyP50Ms": _round(m.p50_ms if m else None, 2),
        "ModelLatencyP99Ms": _round(m.p99_ms if m else None, 2),
        "Rate4XX": _round(m.rate_4xx if m else None, 5),
        "Rate5XX": _round(m.rate_5xx if m else None, 5),
        "Autoscaling": ep.scaling_text(),
        "DataCapture": "off" if ep.capture is None else f"{ep.capture}%",
        "FailureReason": ep.failure_reason or None,
    }
