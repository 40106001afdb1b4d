"""`smtui scale ENDPOINT VARIANT`: set a variant's autoscaling range, desired count and/or
weight.

`--min/--max` register the scalable target (RegisterScalableTarget); `--desired` and
`--weight` go in one UpdateEndpointWeightsAndCapacities. Every value is parsed by the
specs in smtui/domain/scaling.py (the console's forms use the same) before anything is
sent; a desired count outside the variant's autoscaling range warns; the weight shows the
traffic shares it gives. Confirmed unless --yes, refused in read-only mode, audited.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands import flags
from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext, CommandError
from smtui.domain import names, scaling

NAME = "scale"
HELP = "set an endpoint variant's autoscaling min/max, desired instance count and/or weight"
CONNECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("endpoint", type=flags.name(names.ENDPOINT), help="endpoint name")
    parser.add_argument(
        "variant", type=flags.name(names.VARIANT), help="production variant name, e.g. AllTraffic"
    )
    capacity = flags.whole(scaling.CAPACITY)
    parser.add_argument(
        "--min", dest="min_capacity", type=capacity, help="autoscaling minimum capacity"
    )
    parser.add_argument(
        "--max", dest="max_capacity", type=capacity, help="autoscaling maximum capacity"
    )
    parser.add_argument(
        "--desired", type=flags.whole(scaling.DESIRED), help="desired instance count, set now"
    )
    parser.add_argument(
        "--weight",
        type=flags.decimal(scaling.WEIGHT),
        help="the variant's relative weight (0 or more): its share of traffic is its weight "
        "over the sum of all variants' weights",
    )


def _warn(field: str, message: str) -> None:
    print(f"warning: --{_flag(field)}: {message}", file=sys.stderr)


def run(ctx: CommandContext) -> int:
    from smtui.aws import autoscaling as aas

    args = ctx.args
    if all(getattr(args, f) is None for f in ("min_capacity", "max_capacity", "desired", "weight")):
        raise CommandError("nothing to do: pass --min and --max, --desired and/or --weight")
    if (args.min_capacity is None) != (args.max_capacity is None):
        raise CommandError("--min and --max go together")
    bounds: tuple[int, int] | None = None
    if args.min_capacity is not None:
        bounds, problems = scaling.capacity_range(str(args.min_capacity), str(args.max_capacity))
        for p in problems:
            if not p.warning:
                raise CommandError(f"--{_flag(p.field)}: {p.message}; nothing was sent")
            _warn(p.field, p.message)
    clients = ctx.clients()
    resource = aas.variant_resource(args.endpoint, args.variant)
    read_only = bool(ctx.backend().guard.read_only)  # refused before any call is made
    before = [] if read_only else aas.describe_scalable_targets(clients, [resource])
    if bounds is None and before:
        bounds = (int(before[0]["MinCapacity"]), int(before[0]["MaxCapacity"]))
    if args.desired is not None:
        for p in scaling.desired_count(str(args.desired), bounds)[1]:
            _warn(p.field, p.message)  # the flag's type refused anything blocking
    if args.min_capacity is not None:
        low, high = args.min_capacity, args.max_capacity
        was = f"{before[0]['MinCapacity']}-{before[0]['MaxCapacity']}" if before else "none"
        status = run_confirmed(
            ctx,
            "autoscaling.range",
            resource,
            f"Set the autoscaling range of {resource}: {was} -> {low}-{high}?",
            lambda: aas.register_scalable_target(
                clients, resource, min_capacity=low, max_capacity=high
            ),
        )
        if status:
            return status
        print(f"{resource}: autoscaling range {low}-{high}")
    if args.desired is None and args.weight is None:
        return 0
    return _update(ctx, clients, resource, read_only)


def _update(ctx: CommandContext, clients: Any, resource: str, read_only: bool) -> int:
    """--desired and/or --weight: one UpdateEndpointWeightsAndCapacities."""
    from smtui.aws import endpoints as api

    args = ctx.args
    change: dict[str, Any] = {"VariantName": args.variant}
    said = []
    if args.desired is not None:
        change["DesiredInstanceCount"] = args.desired
        said.append(f"desired instance count {args.desired}")
    if args.weight is not None:
        change["DesiredWeight"] = args.weight
        if read_only:
            said.append(f"weight {args.weight:g}")
        else:
            shares = _shares(
                api.describe_endpoint(clients, args.endpoint), args.variant, args.weight
            )
            said.append(f"weight {args.weight:g} (traffic: {shares})")
    what = " and ".join(said)
    status = run_confirmed(
        ctx,
        "endpoints.capacity",
        resource,
        f"Set the {what} of {resource}?",
        lambda: api.update_weights_and_capacities(clients, args.endpoint, [change]),
    )
    if status:
        return status
    print(f"{resource}: {what}; the endpoint is Updating")
    return 0


def _shares(describe: dict[str, Any], variant: str, weight: float) -> str:
    """The traffic shares the new weight gives, "A 75%, B 25%"; refuses all-zero weights
    and a variant the endpoint does not have."""
    weights: dict[str, float] = {}
    for v in describe.get("ProductionVariants") or []:
        current = v.get("DesiredWeight", v.get("CurrentWeight", 0.0))
        weights[v["VariantName"]] = float(current or 0.0)
    if variant not in weights:
        known = ", ".join(weights) or "none"
        raise CommandError(f"{describe.get('EndpointName')} has no variant {variant!r} ({known})")
    weights[variant] = weight
    problem = scaling.check_weights(weights)
    if problem:
        raise CommandError(f"--weight: {problem}; nothing was sent")
    return scaling.shares_text(scaling.traffic_shares(weights))


def _flag(field: str) -> str:
    return {"count": "desired"}.get(field, field)
