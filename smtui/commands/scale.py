"""`smtui scale ENDPOINT VARIANT`: set a variant's autoscaling range and/or desired count.

`--min/--max` register the scalable target (RegisterScalableTarget); `--desired` sets the
desired instance count (UpdateEndpointWeightsAndCapacities). Checked before anything is
sent (smtui/domain/scaling.py), confirmed unless --yes, refused in read-only mode, audited.
"""

from __future__ import annotations

import argparse

from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext, CommandError

NAME = "scale"
HELP = "set an endpoint variant's autoscaling min/max and/or desired instance count"
CONNECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("endpoint", help="endpoint name")
    parser.add_argument("variant", help="production variant name, e.g. AllTraffic")
    parser.add_argument("--min", dest="min_capacity", help="autoscaling minimum capacity")
    parser.add_argument("--max", dest="max_capacity", help="autoscaling maximum capacity")
    parser.add_argument("--desired", help="desired instance count, set now")


def run(ctx: CommandContext) -> int:
    from smtui.aws import autoscaling as aas
    from smtui.aws import endpoints as api
    from smtui.domain import scaling

    args = ctx.args
    if args.min_capacity is None and args.max_capacity is None and args.desired is None:
        raise CommandError("nothing to do: pass --min and --max, and/or --desired")
    if (args.min_capacity is None) != (args.max_capacity is None):
        raise CommandError("--min and --max go together")
    problems = []
    if args.min_capacity is not None:
        problems += scaling.check_capacity_range(args.min_capacity, args.max_capacity)
    if args.desired is not None:
        bounds = None
        if args.min_capacity is not None and not problems:
            bounds = (int(args.min_capacity), int(args.max_capacity))
        problems += scaling.check_desired_count(args.desired, bounds)
    for p in problems:
        if p.warning:
            print(f"warning: --{_flag(p.field)}: {p.message}")
    errors = [p for p in problems if not p.warning]
    if errors:
        raise CommandError(f"--{_flag(errors[0].field)}: {errors[0].message}; nothing was sent")
    clients = ctx.clients()
    resource = aas.variant_resource(args.endpoint, args.variant)
    status = 0
    if args.min_capacity is not None:
        low, high = int(args.min_capacity), int(args.max_capacity)
        before = aas.describe_scalable_targets(clients, [resource]) if not _ro(ctx) else []
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
    if args.desired is not None:
        count = int(args.desired)
        status = run_confirmed(
            ctx,
            "endpoints.capacity",
            resource,
            f"Set the desired instance count of {resource} to {count}?",
            lambda: api.update_weights_and_capacities(
                clients,
                args.endpoint,
                [{"VariantName": args.variant, "DesiredInstanceCount": count}],
            ),
        )
        if status:
            return status
        print(f"{resource}: desired instance count {count}; the endpoint is Updating")
    return 0


def _ro(ctx: CommandContext) -> bool:
    return bool(ctx.backend().guard.read_only)


def _flag(field: str) -> str:
    return {"count": "desired"}.get(field, field)
