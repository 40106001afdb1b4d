"""Pipelines: pipelines -> executions -> steps -> the job behind a step.

`:pipelines` lists the pipelines; `enter` opens a pipeline's executions (status, start,
duration, who started it), `enter` on an execution its steps (type, status, failure
reason, the job it ran), and `enter` (or `o`) on a step opens that job's detail in the
job's own view: the training jobs view for a Training step, the processing, transform
or tuning views for theirs when the console has them. Executions can be stopped (`s`)
and failed ones retried (`r`), both confirmed and audited.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from smtui.aws import pipelines as api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.pipelines import (
    TERMINAL,
    Execution,
    Pipeline,
    Step,
    can_retry_execution,
    can_stop_execution,
    status_role,
)
from smtui.services.registry import (
    Action,
    Child,
    Column,
    DetailOptions,
    Link,
    ResourceKind,
    Section,
)
from smtui.services.table_index import TableRow


def _ts(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


# --- pipelines -----------------------------------------------------------------------------
def _pipelines(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list]:
    needle = params.get("contains", "")
    for page in api.list_pipelines(clients, cancelled):
        items = [Pipeline.from_api(p) for p in page]
        yield [p for p in items if needle in p.name.lower()] if needle else items


def _pipeline_row(p: Pipeline, now: datetime) -> TableRow:
    return TableRow(
        key=p.name,
        cells=(
            p.name,
            timefmt.timestamp(p.last_execution)[:16] if p.last_execution else "-",
            timefmt.timestamp(p.created)[:10] if p.created else "-",
            p.description or "-",
        ),
        sort_values=(p.name, _ts(p.last_execution), _ts(p.created), p.description),
        search_text=f"{p.name} {p.description}".lower(),
    )


def _describe_pipeline(clients: Clients, p: Pipeline, _o: DetailOptions) -> dict[str, Any]:
    return api.describe_pipeline(clients, p.name)


def _definition_steps(definition: str) -> tuple[tuple[str, str], ...]:
    try:
        steps = json.loads(definition).get("Steps") or []
    except (ValueError, AttributeError):
        return ()
    rows = []
    for step in steps:
        after = ", ".join(step.get("DependsOn") or [])
        rows.append(
            (
                str(step.get("Name", "-")),
                step.get("Type", "-") + (f"  after {after}" if after else ""),
            )
        )
    return tuple(rows)


def _pipeline_detail(_p: Pipeline, d: dict[str, Any]) -> list[Section]:
    from smtui.domain.pipelines import created_by

    sections = [
        Section(
            "Overview",
            (
                ("Name", d.get("PipelineName", "-")),
                ("ARN", d.get("PipelineArn", "-")),
                ("Status", d.get("PipelineStatus", "-")),
                ("Description", d.get("PipelineDescription", "-")),
                ("Role", d.get("RoleArn", "-")),
                ("Created", timefmt.timestamp(d.get("CreationTime"))),
                ("Created by", created_by(d.get("CreatedBy"))),
                ("Last modified", timefmt.timestamp(d.get("LastModifiedTime"))),
                ("Last run", timefmt.timestamp(d.get("LastRunTime"))),
            ),
        )
    ]
    steps = _definition_steps(d.get("PipelineDefinition") or "")
    if steps:
        sections.append(Section("Definition steps", steps))
    if d.get("PipelineDefinition"):
        try:
            sections.append(Section("Definition", raw=json.loads(d["PipelineDefinition"])))
        except ValueError:
            sections.append(Section("Definition", text=str(d["PipelineDefinition"])))
    return sections


# --- executions -------------------------------------------------------------------------------
# DescribePipelineExecution adds CreatedBy and LastModifiedTime (the duration) to the
# summary. Terminal executions keep their describe until their status changes (a retry).
# Per session (clients): arn -> (status, describe).
_described: WeakKeyDictionary[Any, dict[str, tuple[str, dict[str, Any]]]] = WeakKeyDictionary()
_described_lock = threading.Lock()


def _with_describe(clients: Clients, summary: dict[str, Any]) -> Execution:
    arn, status = summary["PipelineExecutionArn"], summary.get("PipelineExecutionStatus", "")
    with _described_lock:
        known = _described.setdefault(clients, {})
        cached = known.get(arn)
    if cached is not None and cached[0] == status and status in TERMINAL:
        data = cached[1]
    else:
        data = api.describe_execution(clients, arn)
        with _described_lock:
            known[arn] = (data.get("PipelineExecutionStatus", status), data)
    return Execution.from_api({**data, **summary})


def _forget(clients: Clients, arn: str) -> None:
    with _described_lock:
        _described.get(clients, {}).pop(arn, None)


def _executions(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list]:
    for page in api.list_executions(clients, params["pipeline"], cancelled):
        yield [_with_describe(clients, s) for s in page]


def _execution_row(e: Execution, now: datetime) -> TableRow:
    seconds = e.duration_seconds(now)
    return TableRow(
        key=e.arn,
        cells=(
            e.display_name,
            (e.status, status_role(e.status)),
            timefmt.timestamp(e.start)[:16] if e.start else "-",
            timefmt.duration(seconds),
            e.started_by,
        ),
        sort_values=(e.display_name, e.status, _ts(e.start), seconds, e.started_by),
        search_text=f"{e.display_name} {e.status} {e.started_by} {e.arn}".lower(),
    )


def _describe_execution(clients: Clients, e: Execution, _o: DetailOptions) -> dict[str, Any]:
    return api.describe_execution(clients, e.arn)


def _execution_detail(e: Execution, d: dict[str, Any]) -> list[Section]:
    from smtui.domain.pipelines import created_by

    sections = []
    if d.get("FailureReason"):
        sections.append(
            Section(
                "Failure reason",
                text=f"{d['FailureReason']}\nenter shows the steps; the failed one says why.",
                role="error",
            )
        )
    status = d.get("PipelineExecutionStatus", "-")
    start, modified = d.get("CreationTime"), d.get("LastModifiedTime")
    duration = (
        timefmt.duration((modified - start).total_seconds())
        if start and modified and status in TERMINAL
        else "running"
    )
    sections.append(
        Section(
            "Overview",
            (
                ("Execution", d.get("PipelineExecutionDisplayName", "-")),
                ("ARN", d.get("PipelineExecutionArn", "-")),
                ("Pipeline", d.get("PipelineArn", "-")),
                ("Status", status),
                ("Started", timefmt.timestamp(start)),
                ("Last modified", timefmt.timestamp(modified)),
                ("Duration", duration),
                ("Started by", created_by(d.get("CreatedBy"))),
                ("Description", d.get("PipelineExecutionDescription", "-")),
            ),
            role=status_role(status),
        )
    )
    who = d.get("CreatedBy") or {}
    if who:
        sections.append(Section("Created by", raw=who))
    experiment = d.get("PipelineExperimentConfig")
    if experiment:
        sections.append(Section("Experiment", tuple((k, str(v)) for k, v in experiment.items())))
    return sections


def _from_execution_describe(d: dict[str, Any]) -> Execution:
    return Execution.from_api(d)


def _stop(clients: Clients, e: Execution) -> str:
    api.stop_execution(clients, e.arn)
    _forget(clients, e.arn)
    return f"Stop requested for {e.display_name}: it is Stopping, its running job stops too."


def _retry(clients: Clients, e: Execution) -> str:
    api.retry_execution(clients, e.arn)
    _forget(clients, e.arn)
    return f"Retry requested for {e.display_name}: its failed steps run again."


STOP_EXECUTION = Action(
    id="executions.stop",
    key="s",
    label="Stop",
    description="Stop the pipeline execution (Executing only); its running job stops",
    mutating=True,
    applies=lambda e: can_stop_execution(e.status),
    run=_stop,
    confirm=lambda e: (
        f"Stop pipeline execution {e.display_name} of {e.pipeline}?\n"
        "The running step's job is stopped; steps not started yet never run."
    ),
)
RETRY_EXECUTION = Action(
    id="executions.retry",
    key="r",
    label="Retry",
    description="Retry the failed pipeline execution (RetryPipelineExecution)",
    mutating=True,
    applies=lambda e: can_retry_execution(e.status),
    run=_retry,
    confirm=lambda e: (
        f"Retry pipeline execution {e.display_name} of {e.pipeline}?\n"
        "Its failed steps run again (a failed training step starts a new training job)."
    ),
)


# --- steps ------------------------------------------------------------------------------------
def _steps(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list]:
    arn = params["execution"]
    for page in api.list_steps(clients, arn, cancelled):
        yield [Step.from_api(arn, s) for s in page]


def _step_key(s: Step) -> str:
    return s.name


def _step_row(s: Step, now: datetime) -> TableRow:
    seconds = s.duration_seconds(now)
    job = s.job
    failure = " ".join(s.failure.split())
    return TableRow(
        key=_step_key(s),
        cells=(
            s.name + (f" (#{s.attempts})" if s.attempts > 1 else ""),
            s.type,
            (s.status, status_role(s.status)),
            timefmt.duration(seconds),
            job.name if job else "-",
            (failure or "-", "error" if failure else "muted"),
        ),
        sort_values=(s.name, s.type, s.status, seconds, job.name if job else "", failure),
        search_text=f"{s.name} {s.type} {s.status} {job.name if job else ''} {failure}".lower(),
    )


def _describe_step(_clients: Clients, s: Step, _o: DetailOptions) -> dict[str, Any]:
    """Steps have no Describe API: the detail shows what the listing said."""
    return {
        "StepName": s.name,
        "StepStatus": s.status,
        "StartTime": s.start,
        "EndTime": s.end,
        "FailureReason": s.failure,
        "AttemptCount": s.attempts,
        "Metadata": s.metadata,
    }


def _step_detail(s: Step, d: dict[str, Any]) -> list[Section]:
    sections = []
    if s.failure:
        sections.append(Section("Failure reason", text=s.failure, role="error"))
    end = s.end
    rows = [
        ("Step", s.name),
        ("Type", s.type),
        ("Status", s.status),
        ("Started", timefmt.timestamp(s.start)),
        ("Ended", timefmt.timestamp(end)),
        ("Attempts", str(s.attempts)),
    ]
    if s.start is not None and end is not None:
        rows.insert(5, ("Duration", timefmt.duration((end - s.start).total_seconds())))
    sections.append(Section("Overview", tuple(rows), role=status_role(s.status)))
    job = s.job
    if job is not None:
        sections.append(
            Section(
                "Job",
                (("Type", job.label), ("Name", job.name), ("ARN", job.arn)),
                text="o (or enter in the steps list) opens the job's detail and logs.",
            )
        )
    if s.metadata:
        sections.append(Section("Metadata", raw=s.metadata))
    return sections


def _job_target(clients: Clients, s: Step) -> tuple[str, dict[str, Any]] | None:
    job = s.job
    if job is None:
        return None
    return job.kind, api.describe_job(clients, job)


OPEN_JOB = Link(
    id="steps.open_job",
    key="o",
    label="Open job",
    target=_job_target,
    applies=lambda s: s.job is not None,
)

STEPS = ResourceKind(
    name="pipeline-steps",
    title="Steps",
    columns=(
        Column("STEP", 20, flex=True),
        Column("TYPE", 13),
        Column("STATUS", 9),
        Column("DURATION", 8, justify="right"),
        Column("JOB", 18, flex=True),
        Column("FAILURE REASON", 24, flex=True),
    ),
    list_pages=_steps,
    key=_step_key,
    row=_step_row,
    describe=_describe_step,
    detail=_step_detail,
    links=(OPEN_JOB,),
    enter="steps.open_job",
    ticking=lambda s: s.end is None and s.status in ("Executing", "Starting", "Stopping"),
    version=lambda s: f"{s.status}{s.attempts}{timefmt.timestamp(s.end)}",
    listed=False,
    empty_message="No steps have started yet.",
)

EXECUTIONS = ResourceKind(
    name="pipeline-executions",
    title="Executions",
    columns=(
        Column("EXECUTION", 24, flex=True),
        Column("STATUS", 10),
        Column("STARTED", 16),
        Column("DURATION", 8, justify="right"),
        Column("STARTED BY", 16, flex=True),
    ),
    list_pages=_executions,
    key=lambda e: e.arn,
    row=_execution_row,
    describe=_describe_execution,
    detail=_execution_detail,
    actions=(STOP_EXECUTION, RETRY_EXECUTION),
    children=(
        Child(
            id="executions.steps",
            key="x",
            label="Steps",
            kind="pipeline-steps",
            params=lambda e: {"execution": e.arn},
            title=lambda e: f"{e.pipeline} {e.display_name}",
        ),
    ),
    enter="executions.steps",
    ticking=lambda e: not e.is_terminal,
    version=lambda e: f"{e.status}{timefmt.timestamp(e.modified)}",
    cacheable=lambda e: e.status in ("Succeeded", "Stopped"),
    listed=False,
    empty_message="This pipeline has not run yet.",
    default_sort=(2, True),
    from_describe=_from_execution_describe,
)


def parse_pipeline_args(args: Sequence[str]) -> dict[str, Any]:
    """`:pipelines churn`: a name fragment."""
    return {"contains": " ".join(args).lower()} if args else {}


PIPELINES = ResourceKind(
    name="pipelines",
    title="Pipelines",
    aliases=("pipeline", "pl"),
    columns=(
        Column("PIPELINE", 24, flex=True),
        Column("LAST RUN", 16),
        Column("CREATED", 10),
        Column("DESCRIPTION", 20, flex=True),
    ),
    list_pages=_pipelines,
    key=lambda p: p.name,
    row=_pipeline_row,
    parse_args=parse_pipeline_args,
    describe=_describe_pipeline,
    detail=_pipeline_detail,
    children=(
        Child(
            id="pipelines.executions",
            key="e",
            label="Executions",
            kind="pipeline-executions",
            params=lambda p: {"pipeline": p.name},
            title=lambda p: p.name,
        ),
    ),
    enter="pipelines.executions",
    empty_message="No pipelines in this region.",
    default_sort=(1, True),
    from_describe=Pipeline.from_api,
)
