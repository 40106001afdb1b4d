"""`smtui experiments`: experiments, trials and runs without the UI; compare and search runs.

    smtui experiments                          every experiment
    smtui experiments NAME                     its trials
    smtui experiments [NAME] --trial T         the trial's runs, with parameters and metrics
    smtui experiments --compare C1,C2[,...]    runs side by side (one row per parameter
                                               and metric; --output csv|json to export)
    smtui experiments --search "metrics.validation:accuracy.max > 0.9"

JSON: one array of objects. Experiments: ExperimentName, Description, Trials,
CreationTime, LastModifiedTime. Trials: TrialName, ExperimentName, Components, SourceJobs,
CreationTime. Runs: TrialComponentName, DisplayName, Status, SourceArn, StartTime,
EndTime, Parameters, Metrics (name -> Min, Max, Avg, StdDev, Last, Count). Compare: one
object per row: section, name, one key per run, differs, goal, best.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands import flags
from smtui.commands.context import CommandContext, CommandError
from smtui.commands.output import add_output_option, emit

NAME = "experiments"
HELP = "list experiments, trials and runs; compare or search runs (no UI)"
CONNECTS = True
LIST_COMMAND = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="an experiment: list its trials")
    parser.add_argument("--trial", help="list the runs (trial components) of this trial")
    parser.add_argument(
        "--compare",
        metavar="C1,C2,...",
        help="compare these trial components side by side (two or more, comma-separated)",
    )
    parser.add_argument(
        "--search",
        metavar="EXPR",
        help='find runs across experiments, e.g. "metrics.validation:accuracy.max > 0.9"',
    )
    parser.add_argument("--limit", type=flags.count("limit", 1), help="at most this many rows")
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    args = ctx.args
    chosen = [flag for flag in ("trial", "compare", "search") if getattr(args, flag)]
    if len(chosen) > 1:
        raise CommandError(f"use one of --trial, --compare, --search (got {', '.join(chosen)})")
    if args.limit is not None and args.limit < 1:
        raise CommandError("--limit must be 1 or more")
    if args.compare:
        return _compare(ctx)
    if args.search:
        return _search(ctx)
    if args.trial:
        return _runs(ctx)
    if args.name:
        return _trials(ctx)
    return _experiments(ctx)


def _limited(items: list[Any], limit: int | None) -> list[Any]:
    return items if limit is None else items[:limit]


def _experiments(ctx: CommandContext) -> int:
    from smtui.aws import experiments as api

    clients = ctx.clients()
    exps = [e for page in api.list_experiments(clients) for e in page]
    records = []
    for e in _limited(exps, ctx.args.limit):
        described = api.describe_experiment(clients, e.name)
        trials = sum(len(p) for p in api.list_trials(clients, experiment=e.name))
        records.append(
            {
                "ExperimentName": e.name,
                "Description": described.get("Description", ""),
                "Trials": trials,
                "CreationTime": e.created,
                "LastModifiedTime": e.last_modified,
            }
        )
    columns = ("ExperimentName", "Trials", "CreationTime", "LastModifiedTime", "Description")
    headers = ("NAME", "TRIALS", "CREATED", "MODIFIED", "DESCRIPTION")
    emit(records, columns, ctx.args.output, sys.stdout, headers=headers)
    return 0


def _trials(ctx: CommandContext) -> int:
    from smtui.aws import experiments as api

    clients = ctx.clients()
    trials = [t for page in api.list_trials(clients, experiment=ctx.args.name) for t in page]
    records = []
    for t in _limited(trials, ctx.args.limit):
        comps = [c for page in api.list_trial_components(clients, trial=t.name) for c in page]
        jobs = [c.source.name for c in comps if c.source is not None]
        records.append(
            {
                "TrialName": t.name,
                "ExperimentName": ctx.args.name,
                "Components": len(comps),
                "SourceJobs": jobs,
                "CreationTime": t.created,
            }
        )
    columns = ("TrialName", "Components", "CreationTime", "SourceJobs")
    headers = ("NAME", "RUNS", "CREATED", "SOURCE JOBS")
    emit(records, columns, ctx.args.output, sys.stdout, headers=headers)
    return 0


def _component_records(comps: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Records of runs, and the columns to show: the fixed ones, then each metric's final
    value and each parameter whose value differs between the runs."""
    records = []
    metric_names: dict[str, None] = {}
    params: dict[str, set[Any]] = {}
    for c in comps:
        record: dict[str, Any] = {
            "TrialComponentName": c.name,
            "DisplayName": c.display_name,
            "Status": c.status,
            "SourceArn": c.source_arn,
            "StartTime": c.start,
            "EndTime": c.end,
            "Parameters": dict(c.parameters),
            "Metrics": {
                m.name: {
                    "Min": m.min,
                    "Max": m.max,
                    "Avg": m.avg,
                    "StdDev": m.stddev,
                    "Last": m.last,
                    "Count": m.count,
                }
                for m in c.metrics
            },
        }
        for m in c.metrics:
            metric_names[m.name] = None
            record[m.name] = m.last
        for key, value in c.parameters:
            params.setdefault(key, set()).add(value)
            record.setdefault(key, value)
        records.append(record)
    varying = [
        k for k, values in params.items() if len(values) > 1 and not k.lower().startswith("sagem")
    ]
    columns = ["TrialComponentName", "Status", "StartTime", "EndTime", *metric_names, *varying]
    return records, columns


def _runs(ctx: CommandContext) -> int:
    from smtui.aws import experiments as api
    from smtui.domain.experiments import TrialComponent

    clients = ctx.clients()
    listed = [c for page in api.list_trial_components(clients, trial=ctx.args.trial) for c in page]
    comps = [
        TrialComponent.from_api(api.describe_trial_component(clients, c.name))
        for c in _limited(listed, ctx.args.limit)
    ]
    records, columns = _component_records(comps)
    _emit_exact(records, columns, ctx.args.output)
    return 0


def _search(ctx: CommandContext) -> int:
    from smtui.aws import experiments as api
    from smtui.domain.experiment_search import SearchSyntaxError, parse_search

    try:
        query = parse_search(ctx.args.search)
    except SearchSyntaxError as exc:
        raise CommandError(f"--search: {exc}") from None
    pages = api.search_trial_components(
        ctx.clients(), query.expression(), sort=query.sort(), limit=ctx.args.limit
    )
    comps = [c for page in pages for c in page]
    records, columns = _component_records(comps)
    _emit_exact(records, columns, ctx.args.output)
    return 0


def _compare(ctx: CommandContext) -> int:
    from smtui.aws import experiments as api
    from smtui.domain.compare import compare, labels, run_of
    from smtui.domain.experiments import TrialComponent

    names = [n.strip() for n in ctx.args.compare.split(",") if n.strip()]
    if len(names) < 2:
        raise CommandError("--compare needs two or more trial component names, comma-separated")
    clients = ctx.clients()
    comps = [TrialComponent.from_api(api.describe_trial_component(clients, n)) for n in names]
    table = compare([run_of(c, label) for c, label in zip(comps, labels(len(comps)), strict=True)])
    _emit_exact(table.records(), table.columns(), ctx.args.output, always=True)
    return 0


def _emit_exact(
    records: list[dict[str, Any]], columns: list[str], fmt: str, *, always: bool = False
) -> None:
    """csv (and the compare table) carry exact numbers, not the table's 4-digit rounding."""
    if fmt == "csv" or (always and fmt != "json"):
        records = [{k: _exact(v) for k, v in r.items()} for r in records]
    emit(records, columns, fmt, sys.stdout)


def _exact(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
