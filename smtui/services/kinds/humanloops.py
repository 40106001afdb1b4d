"""Human review (Augmented AI): flow definitions and their human loops; stop a loop.

`:humanloops` lists the flow definitions (SageMaker API); `enter` (or `l`) opens a
flow definition's human loops (the sagemaker-a2i-runtime API): status, created,
failure reason, and in the detail the output location. `s` stops an InProgress loop.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from smtui.aws import humanloops as api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.humanloops import (
    LOOP_ALIASES,
    FlowDefinition,
    HumanLoop,
    can_stop_loop,
    loop_status_from_word,
    source_label,
    status_role,
)
from smtui.services.registry import (
    Action,
    Child,
    Column,
    DetailOptions,
    QueryError,
    ResourceKind,
    Section,
)
from smtui.services.table_index import TableRow


def _ts(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


# --- flow definitions --------------------------------------------------------------------
def _flows(clients: Clients, _params: dict[str, Any], cancelled: Any) -> Iterator[list]:
    for page in api.list_flow_definitions(clients, cancelled):
        yield [FlowDefinition.from_api(item) for item in page]


def _flow_row(f: FlowDefinition, now: datetime) -> TableRow:
    failure = " ".join(f.failure.split())
    return TableRow(
        key=f.name,
        cells=(
            f.name,
            (f.status, status_role(f.status)),
            timefmt.timestamp(f.created)[:10] if f.created else "-",
            (failure or "-", "error" if failure else "muted"),
        ),
        sort_values=(f.name, f.status, _ts(f.created), failure),
        search_text=f"{f.name} {f.status} {failure}".lower(),
    )


def _describe_flow(clients: Clients, f: FlowDefinition, _o: DetailOptions) -> dict[str, Any]:
    return api.describe_flow_definition(clients, f.name)


def _flow_detail(_f: FlowDefinition, d: dict[str, Any]) -> list[Section]:
    sections = []
    if d.get("FailureReason"):
        sections.append(Section("Failure reason", text=str(d["FailureReason"]), role="error"))
    status = d.get("FlowDefinitionStatus", "-")
    sections.append(
        Section(
            "Overview",
            (
                ("Name", d.get("FlowDefinitionName", "-")),
                ("ARN", d.get("FlowDefinitionArn", "-")),
                ("Status", status),
                ("Created", timefmt.timestamp(d.get("CreationTime"))),
                ("Task type", source_label(d)),
                ("Output", (d.get("OutputConfig") or {}).get("S3OutputPath", "-")),
                ("Role", d.get("RoleArn", "-")),
            ),
            role=status_role(status),
        )
    )
    config = d.get("HumanLoopConfig") or {}
    if config:
        sections.append(
            Section(
                "Task",
                (
                    ("Title", config.get("TaskTitle", "-")),
                    ("Description", config.get("TaskDescription", "-")),
                    ("Work team", config.get("WorkteamArn", "-")),
                    ("Worker UI", config.get("HumanTaskUiArn", "-")),
                    ("Workers per task", str(config.get("TaskCount", "-"))),
                    ("Available for", _secs(config.get("TaskAvailabilityLifetimeInSeconds"))),
                    ("Time limit", _secs(config.get("TaskTimeLimitInSeconds"))),
                ),
            )
        )
    activation = (d.get("HumanLoopActivationConfig") or {}).get(
        "HumanLoopActivationConditionsConfig"
    ) or {}
    conditions = activation.get("HumanLoopActivationConditions")
    if conditions:
        import json

        try:
            sections.append(Section("Activation conditions", raw=json.loads(conditions)))
        except ValueError:
            sections.append(Section("Activation conditions", text=str(conditions)))
    return sections


def _secs(value: Any) -> str:
    return "-" if value is None else timefmt.duration(value)


# --- human loops ---------------------------------------------------------------------------
def parse_loop_args(args: Sequence[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for word in args:
        status = loop_status_from_word(word)
        if status and "status" not in params:
            params["status"] = status
        else:
            raise QueryError(f"unexpected {word!r}: use a status, e.g. running or failed")
    return params


def _loops(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list]:
    status = params.get("status")
    for page in api.list_human_loops(clients, params["flow_arn"], cancelled):
        loops = [HumanLoop.from_api(item) for item in page]
        yield [h for h in loops if h.status == status] if status else loops


def _loop_row(h: HumanLoop, now: datetime) -> TableRow:
    failure = " ".join(h.failure.split())
    age = h.age_seconds(now)
    return TableRow(
        key=h.name,
        cells=(
            h.name,
            (h.status, status_role(h.status)),
            timefmt.timestamp(h.created)[:16] if h.created else "-",
            timefmt.duration(age) if age is not None else "-",
            (failure or "-", "error" if failure else "muted"),
        ),
        sort_values=(h.name, h.status, _ts(h.created), age, failure),
        search_text=f"{h.name} {h.status} {failure}".lower(),
    )


def _describe_loop(clients: Clients, h: HumanLoop, _o: DetailOptions) -> dict[str, Any]:
    return api.describe_human_loop(clients, h.name)


def _loop_detail(_h: HumanLoop, d: dict[str, Any]) -> list[Section]:
    sections = []
    if d.get("FailureReason"):
        code = f" ({d['FailureCode']})" if d.get("FailureCode") else ""
        sections.append(Section("Failure reason", text=f"{d['FailureReason']}{code}", role="error"))
    status = d.get("HumanLoopStatus", "-")
    output = (d.get("HumanLoopOutput") or {}).get("OutputS3Uri")
    sections.append(
        Section(
            "Overview",
            (
                ("Name", d.get("HumanLoopName", "-")),
                ("ARN", d.get("HumanLoopArn", "-")),
                ("Status", status),
                ("Created", timefmt.timestamp(d.get("CreationTime"))),
                ("Flow definition", d.get("FlowDefinitionArn", "-")),
                ("Output", output or "- (written when a worker completes the task)"),
            ),
            role=status_role(status),
        )
    )
    return sections


def _stop(clients: Clients, h: HumanLoop) -> str:
    api.stop_human_loop(clients, h.name)
    return f"Stop requested for human loop {h.name}: it is Stopping."


STOP_LOOP = Action(
    id="humanloops.stop",
    key="s",
    label="Stop",
    description="Stop the human loop (InProgress only); its task is withdrawn from workers",
    mutating=True,
    applies=lambda h: can_stop_loop(h.status),
    run=_stop,
    confirm=lambda h: (
        f"Stop human loop {h.name}?\nIts task is withdrawn from the work team; no output is "
        "written."
    ),
)

HUMAN_LOOPS = ResourceKind(
    name="humanloop-loops",
    title="Human loops",
    columns=(
        Column("HUMAN LOOP", 24, flex=True),
        Column("STATUS", 10),
        Column("CREATED", 16),
        Column("AGE", 7, justify="right"),
        Column("FAILURE REASON", 20, flex=True),
    ),
    list_pages=_loops,
    key=lambda h: h.name,
    row=_loop_row,
    parse_args=parse_loop_args,
    arg_words=tuple(LOOP_ALIASES),
    describe=_describe_loop,
    detail=_loop_detail,
    actions=(STOP_LOOP,),
    ticking=lambda h: True,
    version=lambda h: h.status,
    cacheable=lambda h: h.is_terminal,
    listed=False,
    empty_message="No human loops for this flow definition.",
    default_sort=(2, True),
    from_describe=HumanLoop.from_api,
)

FLOW_DEFINITIONS = ResourceKind(
    name="humanloops",
    title="Human review flows",
    aliases=("a2i", "flows", "flow-definitions", "human-review"),
    columns=(
        Column("FLOW DEFINITION", 28, flex=True),
        Column("STATUS", 12),
        Column("CREATED", 10),
        Column("FAILURE REASON", 20, flex=True),
    ),
    list_pages=_flows,
    key=lambda f: f.name,
    row=_flow_row,
    describe=_describe_flow,
    detail=_flow_detail,
    children=(
        Child(
            id="humanloops.loops",
            key="l",
            label="Loops",
            kind="humanloop-loops",
            params=lambda f: {"flow_arn": f.arn},
            title=lambda f: f.name,
        ),
    ),
    enter="humanloops.loops",
    version=lambda f: f.status,
    empty_message="No flow definitions in this region.",
    default_sort=(2, True),
    from_describe=FlowDefinition.from_api,
)
