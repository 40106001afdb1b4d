"""The experiments view and its trials: experiment -> trials -> trial components.

ListExperiments and ListTrials lack the description, the number of trials, the number
of components and the source job; each row gets them with one or two more calls,
remembered per (item, LastModifiedTime) for a few minutes, so a poll only pays for the
rows that changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from smtui.aws import experiments as api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.compare import compare as compare_runs
from smtui.domain.compare import labels, merged_run
from smtui.domain.experiments import Experiment, Trial, TrialComponent, parse_source_arn
from smtui.services.kinds.experiment_common import Memo, enriched_pages
from smtui.services.kinds.trial_components import compare_charts, component_of
from smtui.services.registry import (
    Child,
    Column,
    Comparison,
    DetailOptions,
    QueryError,
    ResourceKind,
    Section,
)
from smtui.services.table_index import TableRow


def _version(when: datetime | None) -> str:
    return timefmt.timestamp(when)


def _short_time(when: datetime | None) -> str:
    return timefmt.timestamp(when)[:16]


def _month_day(when: datetime | None) -> str:
    return "-" if when is None else timefmt.timestamp(when)[5:16]


def _count(value: int | None) -> str:
    return "…" if value is None else str(value)


# -- experiments ---------------------------------------------------------------------------
EXPERIMENT_COLUMNS = (
    Column("NAME", 30),
    Column("DESCRIPTION", 24, flex=True),
    Column("SOURCE", 8),
    Column("TRIALS", 6, justify="right"),
    Column("CREATED", 11),
    Column("MODIFIED", 11),
)
_experiments_memo = Memo()


def _source_word(arn: str | None, kind: str | None) -> str:
    ref = parse_source_arn(arn)
    if ref is None:
        return "-"
    return kind.removeprefix("SageMaker") if kind else ref.kind


def _experiment_parse(args: Sequence[str]) -> dict[str, Any]:
    """`:experiments [name-fragment]`."""
    if len(args) > 1:
        raise QueryError(
            "use :experiments [name-fragment]; to find runs by a condition use :search, "
            "e.g. :search metrics.validation:accuracy.max > 0.9"
        )
    return {"name_contains": args[0].lower()} if args else {}


def _experiments_list(
    clients: Clients, params: dict[str, Any], cancelled: Callable[[], bool]
) -> Iterator[list[Experiment]]:
    fragment = params.get("name_contains")

    def pages() -> Iterator[list[Experiment]]:
        for page in api.list_experiments(clients, cancelled):
            yield [e for e in page if not fragment or fragment in e.name.lower()]

    def fetch(e: Experiment) -> Experiment:
        d = api.describe_experiment(clients, e.name)
        trials = sum(len(p) for p in api.list_trials(clients, experiment=e.name))
        return dataclasses.replace(e, description=d.get("Description") or "", trials=trials)

    return enriched_pages(
        pages(),
        _experiments_memo,
        clients,
        lambda e: e.name,
        lambda e: _version(e.last_modified),
        fetch,
        cancelled,
    )


def _experiment_row(e: Experiment, _now: datetime) -> TableRow:
    description = "…" if e.description is None else (e.description or "-")
    source = _source_word(e.source_arn, e.source_type)
    cells = (
        e.name,
        (description, "muted"),
        source,
        _count(e.trials),
        _month_day(e.created),
        _month_day(e.last_modified),
    )
    return TableRow(
        key=e.name,
        cells=cells,
        sort_values=(
            e.name,
            description,
            source,
            e.trials,
            e.created.timestamp() if e.created else None,
            e.last_modified.timestamp() if e.last_modified else None,
        ),
        search_text=f"{e.name} {e.display_name} {description}".lower(),
    )


def _experiment_describe(clients: Clients, e: Experiment, _o: DetailOptions) -> dict[str, Any]:
    data = api.describe_experiment(clients, e.name)
    data["Trials"] = [
        {"TrialName": t.name, "CreationTime": t.created}
        for page in api.list_trials(clients, experiment=e.name)
        for t in page
    ]
    return data


def _user(ctx: Any) -> str:
    if not isinstance(ctx, dict) or not ctx:
        return "-"
    return str(ctx.get("UserProfileName") or ctx.get("IamIdentity", {}).get("Arn") or "-")


def _experiment_detail(e: Experiment, d: dict[str, Any]) -> list[Section]:
    source = d.get("Source") or {}
    rows = [
        ("Name", d.get("ExperimentName", e.name)),
        ("Display name", d.get("DisplayName", "-")),
        ("ARN", d.get("ExperimentArn", "-")),
        ("Source", f"{source.get('SourceType', '')} {source.get('SourceArn', '-')}".strip()),
        ("Created", f"{timefmt.timestamp(d.get('CreationTime'))} by {_user(d.get('CreatedBy'))}"),
        ("Last modified", timefmt.timestamp(d.get("LastModifiedTime"))),
        ("Trials", str(len(d.get("Trials") or []))),
    ]
    sections = [Section("Overview", tuple(rows))]
    if d.get("Description"):
        sections.append(Section("Description", text=str(d["Description"])))
    trials = sorted(d.get("Trials") or [], key=lambda t: t["CreationTime"] or 0, reverse=True)
    if trials:
        sections.append(
            Section(
                "Trials (enter on the list opens them)",
                tuple((t["TrialName"], timefmt.timestamp(t["CreationTime"])) for t in trials[:50]),
            )
        )
    return sections


EXPERIMENTS = ResourceKind(
    name="experiments",
    title="Experiments",
    aliases=("experiment", "exp", "exps"),
    columns=EXPERIMENT_COLUMNS,
    list_pages=_experiments_list,
    key=lambda e: e.name,
    row=_experiment_row,
    parse_args=_experiment_parse,
    describe=_experiment_describe,
    detail=_experiment_detail,
    version=lambda e: _version(e.last_modified),
    empty_message="No experiments.",
    default_sort=(5, True),
    from_describe=Experiment.from_api,
    children=(
        Child(
            id="experiments.trials",
            key="t",
            label="Trials",
            kind="trials",
            params=lambda e: {"experiment": e.name},
            title=lambda e: e.name,
        ),
        Child(
            id="experiments.runs",
            key="r",
            label="All runs",
            kind="trial-components",
            params=lambda e: {"experiment": e.name},
            title=lambda e: e.name,
        ),
    ),
    enter="experiments.trials",
)


# -- trials --------------------------------------------------------------------------------
TRIAL_COLUMNS = (
    Column("NAME", 28, flex=True),
    Column("RUNS", 4, justify="right"),
    Column("CREATED", 16),
    Column("SOURCE JOB", 24, flex=True),
)
_trials_memo = Memo(seconds=60.0)


def _trials_list(
    clients: Clients, params: dict[str, Any], cancelled: Callable[[], bool]
) -> Iterator[list[Trial]]:
    experiment = params.get("experiment")

    def fetch(t: Trial) -> Trial:
        comps = [c for page in api.list_trial_components(clients, trial=t.name) for c in page]
        jobs = tuple(dict.fromkeys(c.source.name for c in comps if c.source is not None))
        return dataclasses.replace(t, components=len(comps), source_jobs=jobs)

    return enriched_pages(
        api.list_trials(clients, experiment=experiment, cancelled=cancelled),
        _trials_memo,
        clients,
        lambda t: t.name,
        lambda t: _version(t.last_modified),
        fetch,
        cancelled,
    )


def _trial_row(t: Trial, _now: datetime) -> TableRow:
    if t.components is None:
        jobs = "…"
    else:
        jobs = ", ".join(t.source_jobs) or "-"
    cells = (t.name, _count(t.components), _short_time(t.created), (jobs, "muted"))
    return TableRow(
        key=t.name,
        cells=cells,
        sort_values=(t.name, t.components, t.created.timestamp() if t.created else None, jobs),
        search_text=f"{t.name} {jobs}".lower(),
    )


def _trial_describe(clients: Clients, t: Trial, _o: DetailOptions) -> dict[str, Any]:
    data = api.describe_trial(clients, t.name)
    data["Components"] = [
        {
            "TrialComponentName": c.name,
            "Status": c.status,
            "Source": c.source_arn,
            "CreationTime": c.created,
        }
        for page in api.list_trial_components(clients, trial=t.name)
        for c in page
    ]
    return data


def _trial_detail(t: Trial, d: dict[str, Any]) -> list[Section]:
    rows = [
        ("Name", d.get("TrialName", t.name)),
        ("ARN", d.get("TrialArn", "-")),
        ("Experiment", d.get("ExperimentName", "-")),
        ("Created", f"{timefmt.timestamp(d.get('CreationTime'))} by {_user(d.get('CreatedBy'))}"),
        ("Last modified", timefmt.timestamp(d.get("LastModifiedTime"))),
    ]
    comps = d.get("Components") or []
    sections = [Section("Overview", tuple(rows))]
    if comps:
        sections.append(
            Section(
                "Trial components",
                tuple(
                    (c["TrialComponentName"], f"{c['Status']:<11} {c['Source'] or '-'}")
                    for c in comps
                ),
            )
        )
    return sections


def _trials_compare(clients: Clients, trials: Sequence[Trial]) -> Comparison:
    runs = []
    sources: list[tuple[str, TrialComponent]] = []
    for label, t in zip(labels(len(trials)), trials, strict=True):
        comps = [
            component_of(clients, c.name)
            for page in api.list_trial_components(clients, trial=t.name)
            for c in page
        ]
        runs.append(merged_run(t.name, label, comps))
        training = [c for c in comps if c.source is not None and c.source.kind == "training"]
        if training:
            sources.append((t.name, training[0]))
    table = compare_runs(runs)
    charts, note = compare_charts(clients, table, dict(sources))
    return Comparison(table, charts, note)


TRIALS = ResourceKind(
    name="trials",
    title="Trials",
    aliases=("trial",),
    columns=TRIAL_COLUMNS,
    list_pages=_trials_list,
    key=lambda t: t.name,
    row=_trial_row,
    describe=_trial_describe,
    detail=_trial_detail,
    version=lambda t: _version(t.last_modified),
    empty_message="No trials in this experiment.",
    default_sort=(2, True),
    from_describe=Trial.from_api,
    children=(
        Child(
            id="trials.components",
            key="t",
            label="Runs",
            kind="trial-components",
            params=lambda t: {"trial": t.name, "experiment": t.experiment or ""},
            title=lambda t: t.name,
        ),
    ),
    enter="trials.components",
    listed=False,
    opens_alone=True,  # ListTrials: ExperimentName is an optional filter (API reference)
    compare=_trials_compare,
)
