"""Trial components (runs): a trial's or an experiment's list, the `:search` results,
their detail, the compare view, and the lineage links to and from the source jobs.

ListTrialComponents gives neither parameters nor metrics: each row is described
(DescribeTrialComponent) once per LastModifiedTime, live rows again every half minute.
The parameter and metric columns come from the loaded rows (``DynamicColumns``): by
default the metrics and the parameters that differ between the rows; `v` picks others.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from smtui.aws import experiments as api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.compare import Comparison as CompareTable
from smtui.domain.compare import compare as compare_runs
from smtui.domain.compare import labels, run_of
from smtui.domain.experiment_search import SearchQuery, SearchSyntaxError, parse_search
from smtui.domain.experiments import TrialComponent, format_value
from smtui.domain.training import status_role
from smtui.services.kinds.experiment_common import Memo, enriched_pages
from smtui.services.registry import (
    Chart,
    Column,
    Comparison,
    DetailOptions,
    DynamicColumns,
    Link,
    QueryError,
    ResourceKind,
    Section,
    Series,
)
from smtui.services.table_index import Cell, TableRow

TERMINAL = frozenset({"Completed", "Failed", "Stopped"})
SUFFIXES = ("-aws-training-job", "-aws-processing-job", "-aws-transform-job")
"""SageMaker names the components of the jobs it tracks ``<job>-aws-<kind>-job``."""
LIVE_SECONDS = 30.0
DESCRIBES_PER_POLL = 100
CHART_METRICS = 2
"""Metrics charted in the compare view (those with a known goal first)."""


def short_name(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _hm(when: datetime | None) -> str:
    return "-" if when is None else timefmt.timestamp(when)[5:16]


def _epoch(when: datetime | None) -> float | None:
    return None if when is None else when.timestamp()


def version(c: TrialComponent) -> str:
    return f"{timefmt.timestamp(c.last_modified)}|{c.status}"


# -- listing -------------------------------------------------------------------------------
def component_of(clients: Clients, name: str) -> TrialComponent:
    return TrialComponent.from_api(api.describe_trial_component(clients, name))


def _list(
    clients: Clients, params: dict[str, Any], cancelled: Callable[[], bool]
) -> Iterator[list[TrialComponent]]:
    trial = params.get("trial") or None
    experiment = params.get("experiment") or None
    source = params.get("source") or None
    parents = ((trial, experiment or ""),) if trial else ()
    pages = api.list_trial_components(
        clients,
        trial=trial,
        experiment=None if trial else experiment,
        source_arn=None if trial or experiment else source,
        cancelled=cancelled,
    )

    def fetch(c: TrialComponent) -> TrialComponent:
        full = component_of(clients, c.name)
        return dataclasses.replace(full, parents=parents or full.parents)

    def ver(c: TrialComponent) -> str:
        if c.status in TERMINAL:
            return version(c)
        return f"{version(c)}|{int(_now_epoch() // LIVE_SECONDS)}"

    return enriched_pages(
        ([dataclasses.replace(c, parents=parents) for c in page] for page in pages),
        _MEMO,
        clients,
        lambda c: c.name,
        ver,
        fetch,
        cancelled,
        per_poll=DESCRIBES_PER_POLL,
    )


def _now_epoch() -> float:
    return datetime.now(UTC).timestamp()


_MEMO = Memo(seconds=3600.0)


def _row(c: TrialComponent, now: datetime) -> TableRow:
    source = c.source
    kind = source.kind if source else "-"
    role = status_role(c.status)
    cells: tuple[Cell, ...] = (
        short_name(c.name),
        (c.status, role),
        kind,
        _hm(c.start),
        _hm(c.end),
    )
    return TableRow(
        key=c.name,
        cells=cells,
        sort_values=(c.name, c.status, kind, _epoch(c.start), _epoch(c.end)),
        search_text=f"{c.name} {c.display_name} {c.status} {c.source_arn or ''}".lower(),
    )


# -- optional columns: parameters and metrics ---------------------------------------------
def _bookkeeping(name: str) -> bool:
    """SageMaker's own parameters (instance type, SDK plumbing): offered, not defaulted."""
    return name.lower().startswith("sagemaker")


def _names(items: Sequence[TrialComponent]) -> list[str]:
    metrics = sorted({m.name for c in items for m in c.metrics})
    params = sorted({k for c in items for k, _ in c.parameters})
    return [f"metric:{m}" for m in metrics] + [f"param:{p}" for p in params]


def _default(items: Sequence[TrialComponent]) -> list[str]:
    """Up to two metrics, then up to three parameters: those whose values differ between
    the rows that have them, else the first ones (SageMaker's bookkeeping left out)."""
    detailed = [c for c in items if c.detailed]
    metrics = sorted({m.name for c in detailed for m in c.metrics})
    params = [
        p for p in sorted({k for c in detailed for k, _ in c.parameters}) if not _bookkeeping(p)
    ]
    varying = [
        p for p in params if len({c.param(p) for c in detailed if c.param(p) is not None}) > 1
    ]
    chosen = (varying + [p for p in params if p not in varying])[:3]
    return [f"metric:{m}" for m in metrics[:2]] + [f"param:{p}" for p in chosen]


def _column(name: str) -> Column:
    label = name.split(":", 1)[1]
    return Column(label, min(max(len(label), 8), 16), justify="right")


def _cell(c: TrialComponent, name: str) -> tuple[Cell, object]:
    if not c.detailed:
        return "…", None
    kind, _, key = name.partition(":")
    if kind == "metric":
        metric = c.metric(key)
        last = metric.last if metric is not None else None
        return format_value(last), last
    value = c.param(key)
    return format_value(value), value


COMPONENT_COLUMNS = DynamicColumns(names=_names, default=_default, column=_column, cell=_cell)


# -- detail --------------------------------------------------------------------------------
def _describe(clients: Clients, c: TrialComponent, options: DetailOptions) -> dict[str, Any]:
    data = api.describe_trial_component(clients, c.name)
    parents = []
    for page in api.list_trials(clients, component=c.name):
        for t in page:
            experiment = api.describe_trial(clients, t.name).get("ExperimentName", "")
            parents.append({"TrialName": t.name, "ExperimentName": experiment})
    data["Parents"] = parents
    comp = TrialComponent.from_api(data)
    source = comp.source
    if source is not None and source.kind == "training" and comp.start is not None:
        names = [m.name for m in comp.metrics]
        end = comp.end or options.now or datetime.now(UTC)
        series = job_series(clients, source.name, names, comp.start, end)
        data["MetricSeries"] = {
            k: [[w.timestamp(), v] for w, v in points] for k, points in series.items() if points
        }
    return data


def _stats(m: Any) -> str:
    parts = [f"last {format_value(m.last)}"]
    for label, value in (("min", m.min), ("max", m.max), ("avg", m.avg), ("sd", m.stddev)):
        if value is not None:
            parts.append(f"{label} {format_value(value)}")
    if m.count is not None:
        parts.append(f"n={m.count}")
    return "  ".join(parts)


def _detail(c: TrialComponent, d: dict[str, Any]) -> list[Section]:
    comp = TrialComponent.from_api(d)
    source = comp.source
    duration = comp.duration_seconds(comp.end or datetime.now(UTC))
    rows = [
        ("Name", comp.name),
        ("Display name", comp.display_name),
        ("ARN", comp.arn or "-"),
        ("Status", comp.status),
        (
            "Source",
            f"{source.kind} job {source.name}" if source else "logged (no source job)",
        ),
        ("Source ARN", comp.source_arn or "-"),
        ("Started", timefmt.timestamp(comp.start)),
        ("Ended", timefmt.timestamp(comp.end)),
        ("Duration", timefmt.duration(duration)),
        ("Created", timefmt.timestamp(comp.created)),
        ("Last modified", timefmt.timestamp(comp.last_modified)),
    ]
    for trial, experiment in comp.parents:
        rows.append(("Trial", trial))
        rows.append(("Experiment", experiment or "-"))
    sections = []
    if comp.status == "Failed" and comp.status_message:
        sections.append(Section("Status message", text=comp.status_message, role="error"))
    sections.append(Section("Overview", tuple(rows), role=status_role(comp.status)))
    if comp.parameters:
        sections.append(
            Section(
                "Parameters",
                tuple((k, format_value(v)) for k, v in sorted(comp.parameters)),
            )
        )
    series = d.get("MetricSeries") or {}
    if comp.metrics:
        charts = tuple(
            Chart(m.name, (Series(short_name(comp.name), tuple(map(tuple, series[m.name]))),))
            for m in comp.metrics
            if series.get(m.name)
        )
        sections.append(
            Section(
                "Metrics",
                tuple((m.name, _stats(m)) for m in comp.metrics),
                charts=charts[:4],
            )
        )
    for title, artifacts in (("Input artifacts", comp.inputs), ("Output artifacts", comp.outputs)):
        if artifacts:
            sections.append(
                Section(
                    title,
                    tuple(
                        (a.name, f"{a.value}  ({a.media_type})" if a.media_type else a.value)
                        for a in artifacts
                    ),
                )
            )
    return sections


# -- compare -------------------------------------------------------------------------------
def _periods(seconds: float) -> list[int]:
    """CloudWatch periods to try for a series ``seconds`` long, finest first (~500 points):
    data older than 15 days answers only periods that are multiples of 300, older than
    63 days multiples of 3600 (CloudWatch API reference, GetMetricData)."""
    base = max(60, math.ceil(seconds / 500 / 60) * 60)
    return list(dict.fromkeys(math.ceil(base / step) * step for step in (60, 300, 3600)))


def job_series(
    clients: Clients, job: str, metrics: list[str], start: datetime, end: datetime
) -> dict[str, list[tuple[datetime, float]]]:
    """The training job's metric series (empty lists when CloudWatch has none)."""
    for period in _periods((end - start).total_seconds()):
        try:
            series = api.training_metric_series(
                clients, job, metrics, start, end + timedelta(minutes=1), period
            )
        except Exception:  # charts are extra: the view shows without them
            return {}
        if any(series.values()):
            return series
    return {}


def compare_charts(
    clients: Clients,
    table: CompareTable,
    sources: dict[str, TrialComponent],
    now: datetime | None = None,
) -> tuple[tuple[Chart, ...], str]:
    """One chart per compared metric (best-known goals first), a series per run whose
    source is a training job, from CloudWatch; x is the time since the run started."""
    rows = sorted(table.metrics, key=lambda r: r.goal is None)[:CHART_METRICS]
    metrics = [r.name for r in rows]
    if not metrics:
        return (), ""
    by_metric: dict[str, list[Series]] = {m: [] for m in metrics}
    missing = []
    for run in table.runs:
        comp = sources.get(run.key)
        source = comp.source if comp is not None else None
        if comp is None or source is None or source.kind != "training" or comp.start is None:
            missing.append(run.label)
            continue
        end = comp.end or now or datetime.now(UTC)
        series = job_series(clients, source.name, metrics, comp.start, end)
        got = False
        for metric, points in series.items():
            if points:
                got = True
                start = comp.start.timestamp()
                by_metric[metric].append(
                    Series(run.label, tuple((w.timestamp() - start, v) for w, v in points))
                )
        if not got:
            missing.append(run.label)
    charts = tuple(Chart(m, tuple(by_metric[m])) for m in metrics if by_metric[m])
    note = (
        "Charts: CloudWatch /aws/sagemaker/TrainingJobs series of each run's training job, "
        "x = time since the run started."
    )
    if missing:
        note += f" No series for {', '.join(missing)} (no training job, or no data)."
    if not charts:
        note = (
            "No CloudWatch series for these runs (no training job, or none kept): "
            "the table shows each metric's final value."
        )
    return charts, note


def _compare(clients: Clients, items: Sequence[TrialComponent]) -> Comparison:
    comps = [component_of(clients, c.name) for c in items]
    table = compare_runs(
        [run_of(c, label) for c, label in zip(comps, labels(len(comps)), strict=True)]
    )
    charts, note = compare_charts(clients, table, {c.name: c for c in comps})
    return Comparison(table, charts, note)


# -- lineage -------------------------------------------------------------------------------
def _source_target(clients: Clients, c: TrialComponent) -> tuple[str, dict[str, Any]] | None:
    source = c.source
    if source is None:
        return None
    kind = {"training": "jobs", "processing": "processing", "transform": "transform"}.get(
        source.kind
    )
    if kind is None:
        return None
    return kind, api.describe_source_job(clients, source.kind, source.name)


SOURCE_LINK = Link(
    id="trial-components.source",
    key="l",
    label="Source job",
    target=_source_target,
    applies=lambda c: c.source is not None,
)


def _experiment_target(clients: Clients, job: Any) -> tuple[str, dict[str, Any]] | None:
    """From a training job to the trial component SageMaker keeps for it (its detail
    names the trial and the experiment of the job's ExperimentConfig)."""
    from smtui.aws.training import describe_training_job

    d = describe_training_job(clients, job.name)
    if not d.get("ExperimentConfig"):
        return None
    comps = [
        c
        for page in api.list_trial_components(clients, source_arn=d["TrainingJobArn"])
        for c in page
    ]
    if not comps:
        return None
    # The detail screen describes it again with its trial and experiment.
    return "trial-components", api.describe_trial_component(clients, comps[0].name)


EXPERIMENT_LINK = Link(
    id="jobs.experiment",
    key="x",
    label="Experiment",
    target=_experiment_target,
)
"""For the training jobs view: the job's run in its experiment (ExperimentConfig)."""


TRIAL_COMPONENTS = ResourceKind(
    name="trial-components",
    title="Trial components",
    aliases=("components", "runs"),
    columns=(
        Column("NAME", 30, flex=True),
        Column("STATUS", 10),
        Column("SOURCE", 10),
        Column("START", 11),
        Column("END", 11),
    ),
    list_pages=_list,
    key=lambda c: c.name,
    row=_row,
    describe=_describe,
    detail=_detail,
    version=version,
    cacheable=lambda c: c.status in TERMINAL,
    empty_message="No trial components.",
    default_sort=(3, True),
    from_describe=TrialComponent.from_api,
    links=(SOURCE_LINK,),
    listed=False,
    opens_alone=True,  # ListTrialComponents: every filter is optional (API reference)
    dynamic_columns=COMPONENT_COLUMNS,
    compare=_compare,
    status=lambda c: c.status,
    refetch=lambda clients, c: dataclasses.replace(
        component_of(clients, c.name), parents=c.parents
    ),
)


# -- :search -------------------------------------------------------------------------------
def _search_parse(args: Sequence[str]) -> dict[str, Any]:
    """`:search metrics.validation:accuracy.max > 0.9` (no condition: every component)."""
    if not args:
        return {}
    text = " ".join(f"'{a}'" if any(ch.isspace() for ch in a) else a for a in args)
    try:
        return {"query": parse_search(text)}
    except SearchSyntaxError as exc:
        raise QueryError(str(exc)) from None


def _search_list(
    clients: Clients, params: dict[str, Any], cancelled: Callable[[], bool]
) -> Iterator[list[TrialComponent]]:
    query: SearchQuery | None = params.get("query")
    return api.search_trial_components(
        clients,
        query.expression() if query else None,
        sort=query.sort() if query else None,
        cancelled=cancelled,
    )


def _search_row(c: TrialComponent, now: datetime) -> TableRow:
    base = _row(c, now)
    experiments = ", ".join(dict.fromkeys(e for _, e in c.parents if e)) or "-"
    cells = (base.cells[0], experiments, *base.cells[1:3], base.cells[4])
    sort_values = (
        base.sort_values[0],
        experiments,
        *base.sort_values[1:3],
        base.sort_values[4],
    )
    return TableRow(base.key, cells, sort_values, f"{base.search_text} {experiments}".lower())


SEARCH = ResourceKind(
    name="search",
    title="Trial component search",
    aliases=("find",),
    columns=(
        Column("NAME", 28, flex=True),
        Column("EXPERIMENT", 18, flex=True),
        Column("STATUS", 10),
        Column("SOURCE", 10),
        Column("END", 11),
    ),
    list_pages=_search_list,
    key=lambda c: c.name,
    row=_search_row,
    parse_args=_search_parse,
    arg_words=("metrics.", "parameters.", "status = failed"),
    describe=_describe,
    detail=_detail,
    version=version,
    cacheable=lambda c: c.status in TERMINAL,
    empty_message="No trial component matches.",
    from_describe=TrialComponent.from_api,
    links=(SOURCE_LINK,),
    dynamic_columns=COMPONENT_COLUMNS,
    compare=_compare,
)
