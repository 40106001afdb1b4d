"""`smtui retrain JOB`: an incremental-training job from a Completed job's model artifacts
(the ``model`` channel); `smtui clone JOB` (commands/clone.py) shares everything here.

The request is built from the source's DescribeTrainingJob + ListTags (smtui/domain/
retrain.py), edited by the options, checked before anything is sent, confirmed unless
--yes, refused in read-only mode, audited, and sent once. ``--dry-run`` prints the request.
``--output json`` prints ``{"TrainingJobName", "TrainingJobArn"}`` (dry run: the request).
"""

from __future__ import annotations

import argparse
import json
import sys

from smtui.commands import flags
from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext, CommandError
from smtui.commands.output import plain
from smtui.domain import names
from smtui.domain import retrain as rules

NAME = "retrain"
HELP = "launch an incremental-training job from a completed training job's model"
CONNECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    job_name = flags.name(names.TRAINING_JOB)
    parser.add_argument("job", type=job_name, help="the source training job's name")
    parser.add_argument(
        "--name", type=job_name, help="the new job's name (default: derived from the source)"
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="CHANNEL=S3URI",
        help="point a channel at new data (adds the channel if the source has none)",
    )
    parser.add_argument(
        "--hp", action="append", default=[], metavar="KEY=VALUE", help="set a hyperparameter"
    )
    parser.add_argument("--instance-type", help="e.g. ml.g5.2xlarge")
    parser.add_argument(
        "--instance-count", type=flags.whole(rules.INSTANCE_COUNT), help="number of instances"
    )
    parser.add_argument(
        "--spot",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="managed spot training on/off (default: as the source)",
    )
    parser.add_argument(
        "--max-wait",
        type=flags.whole(rules.WAIT),
        help="MaxWaitTimeInSeconds with --spot (>= max runtime)",
    )
    parser.add_argument(
        "--checkpoint-uri",
        help="CheckpointConfig.S3Uri (default: a fresh folder named after the new job, "
        "under the source's checkpoint prefix)",
    )
    parser.add_argument(
        "--output-path", help="OutputDataConfig.S3OutputPath (default: the source's)"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the request, send nothing")
    parser.add_argument("--output", "-o", choices=("table", "json"), default="table")


def run(ctx: CommandContext) -> int:
    return launch(ctx, "retrain")


def _pairs(items: list[str], flag: str) -> list[tuple[str, str]]:
    out = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CommandError(f"{flag} {item!r}: expected KEY=VALUE")
        out.append((key, value))
    return out


def launch(ctx: CommandContext, mode: str) -> int:
    from smtui.domain.retrain_checks import check_s3_uri
    from smtui.services import retrain

    args = ctx.args
    clients = ctx.clients()
    try:
        draft = retrain.prepare(clients, args.job, mode, ctx.clock()())
    except retrain.RetrainRefused as exc:  # the console's words (retrain_checks)
        raise CommandError(f"{exc}; nothing was sent") from None
    values = draft.values()
    if args.name:
        values.name = args.name
    channels = dict(values.channels)
    channels.update(_pairs(args.data, "--data"))
    values.channels = list(channels.items())
    hps = dict(values.hyperparameters)
    hps.update(_pairs(args.hp, "--hp"))
    values.hyperparameters = list(hps.items())
    if args.instance_type:
        values.instance_type = args.instance_type
    if args.instance_count is not None:
        values.instance_count = str(args.instance_count)
    if args.spot is not None:
        values.spot = args.spot
    if args.checkpoint_uri:
        values.checkpoint_uri = args.checkpoint_uri
    if args.max_wait is not None:
        values.max_wait = str(args.max_wait)
    elif values.spot and not values.max_wait:
        values.max_wait = values.max_runtime  # the least the service accepts
    for note in draft.notes:
        if note.warning:
            print(f"warning: {note.message}", file=sys.stderr)
    problems = retrain.check(draft, values)
    if problems:
        raise CommandError(f"{problems[0].field}: {problems[0].message}; nothing was sent")
    if args.output_path:
        problem = check_s3_uri(args.output_path, "output path")
        if problem:
            raise CommandError(f"--output-path: {problem}; nothing was sent")
    request = retrain.build(draft, values)
    if args.output_path:
        request["OutputDataConfig"] = {
            **request.get("OutputDataConfig", {}),
            "S3OutputPath": args.output_path,
        }
    name = request["TrainingJobName"]
    checkpoint = (request.get("CheckpointConfig") or {}).get("S3Uri")
    if checkpoint:
        print(f"checkpoints: {checkpoint}", file=sys.stderr)
    for warning in retrain.folder_warnings(draft, request):
        print(warning.message, file=sys.stderr)
    if args.dry_run:
        if args.output == "json":
            print(json.dumps(plain(request), indent=2))
        else:
            for line, changed in retrain.preview(draft, request):
                print(("* " if changed else "  ") + line)
            print("dry run: nothing was sent (* differs from the source job)")
        return 0
    arns: list[str] = []
    code = run_confirmed(
        ctx,
        f"jobs.{mode}",
        f"training-job/{name}",
        f"Launch training job {name} ({mode} of {args.job})?",
        lambda: arns.append(retrain.launch(clients, request)),
        details={"source": args.job, "mode": mode},  # the audit log names the source
    )
    if code:
        return code
    if args.output == "json":
        print(json.dumps({"TrainingJobName": name, "TrainingJobArn": arns[0]}))
    else:
        print(f"Launched {name} ({arns[0]})")
    return 0
