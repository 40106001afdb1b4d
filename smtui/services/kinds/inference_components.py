"""The inference components view (`:inferencecomponents`, `:ic`): models deployed onto an
endpoint's instances, each with its copies (current/desired), model and compute
requirements; detail with autoscaling (target, policies, activities) and per-component
metrics; set the copy count (UpdateInferenceComponentRuntimeConfig).

Metrics: AWS/SageMaker with dimension InferenceComponentName (Invocations,
InvocationsPerCopy, ModelLatency in microseconds shown in ms, 5xx), SageMaker developer
guide "Amazon SageMaker AI metrics in Amazon CloudWatch", inference component metrics.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from smtui.aws import autoscaling as aas
from smtui.aws import endpoints as endpoints_api
from smtui.aws import inference_components as api
from smtui.aws.cloudwatch import MetricQuery, get_metric_series
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.domain import scaling, timefmt
from smtui.services.kinds.endpoints_detail import WINDOWS, policy_summary
from smtui.services.kinds.inference_components_data import compute_text, describe_cached
from smtui.services.refresh import PARTIAL
from smtui.services.registry import (
    Action,
    Chart,
    Column,
    DetailOptions,
    Form,
    FormField,
    FormProblem,
    Link,
    QueryError,
    ResourceKind,
    Section,
    Series,
)
from smtui.services.table_index import TableRow

STATUSES = ("InService", "Creating", "Updating", "Failed", "Deleting")
NS = "AWS/SageMaker"


@dataclass(frozen=True)
class Component:
    name: str
    endpoint: str
    variant: str
    status: str
    created: datetime
    modified: datetime
    model: str = ""
    current: int | None = None
    desired: int | None = None
    compute: str = ""
    detailed: bool = False

    @classmethod
    def from_summary(cls, s: dict[str, Any]) -> Component:
        return cls(
            name=s["InferenceComponentName"],
            endpoint=s["EndpointName"],
            variant=s.get("VariantName", ""),
            status=s.get("InferenceComponentStatus", ""),
            created=s["CreationTime"],
            modified=s["LastModifiedTime"],
        )

    @classmethod
    def from_describe(cls, d: dict[str, Any]) -> Component:
        spec = d.get("Specification") or {}
        runtime = d.get("RuntimeConfig") or {}
        return replace(
            cls.from_summary(d),
            model=spec.get("ModelName")
            or ((spec.get("Container") or {}).get("DeployedImage") or {}).get("SpecifiedImage", ""),
            current=runtime.get("CurrentCopyCount"),
            desired=runtime.get("DesiredCopyCount"),
            compute=compute_text(spec.get("ComputeResourceRequirements") or {}),
            detailed=True,
        )


def copies_text(c: Component) -> str:
    if c.current is None and c.desired is None:
        return "-"
    return f"{c.current if c.current is not None else '-'}/{c.desired}"


def status_role(status: str) -> str:
    return {
        "InService": "ok",
        "Failed": "error",
        "Creating": "running",
        "Updating": "running",
        "Deleting": "muted",
    }.get(status, "")


# --- the list ---------------------------------------------------------------------------------
COLUMNS = (
    Column("NAME", 26, flex=True),
    Column("STATUS", 10),
    Column("ENDPOINT", 20, flex=True),
    Column("COPIES", 6, justify="right"),
    Column("MODEL", 20, flex=True, priority=2),
    Column("COMPUTE", 22, priority=3),
    Column("AGE", 7, justify="right", priority=1),
)


def parse_args(args: Sequence[str]) -> dict[str, Any]:
    """`:ic updating`, `:ic genai`: a status word and/or a name fragment."""
    params: dict[str, Any] = {}
    for word in args:
        status = next((s for s in STATUSES if s.lower() == word.lower()), None)
        if status and "status" not in params:
            params["status"] = status
        elif "name_contains" not in params:
            params["name_contains"] = word
        else:
            raise QueryError(f"unexpected {word!r}: use :inferencecomponents [status] [fragment]")
    return params


def list_pages(
    clients: Clients, params: dict[str, Any], cancelled: Any
) -> Iterator[list[Component]]:
    """The summaries at once, then every row with its copies, model and compute."""
    summaries: list[Component] = []
    for page in api.list_inference_components(
        clients,
        endpoint=params.get("endpoint"),
        name_contains=params.get("name_contains"),
        status=params.get("status"),
        cancelled=cancelled,
    ):
        summaries += [Component.from_summary(s) for s in page]
    yield summaries
    out = []
    for c in summaries:
        if cancelled():
            return
        try:
            out.append(Component.from_describe(describe_cached(clients, c.name, c.modified)))
        except AwsError:
            out.append(c)
    yield out


def row(c: Component, now: datetime) -> TableRow:
    pending = c.desired is not None and c.current != c.desired
    return TableRow(
        key=c.name,
        cells=(
            c.name,
            (c.status, status_role(c.status)),
            c.endpoint,
            (copies_text(c), "warning" if pending else ""),
            c.model or "-",
            c.compute or "-",
            timefmt.age(c.created, now),
        ),
        sort_values=(
            c.name,
            c.status,
            c.endpoint,
            -1 if c.desired is None else c.desired,
            c.model,
            c.compute,
            -c.created.timestamp(),
        ),
        search_text=f"{c.name} {c.endpoint} {c.model} {c.status}".lower(),
    )


# --- the detail -------------------------------------------------------------------------------
QUERIES = (
    ("inv", "Invocations", "Sum"),
    ("ipc", "InvocationsPerCopy", "Sum"),
    ("p50", "ModelLatency", "p50"),
    ("p99", "ModelLatency", "p99"),
    ("e5", "Invocation5XXErrors", "Sum"),
)


def describe(clients: Clients, item: Component, options: DetailOptions) -> dict[str, Any]:
    d = api.describe_inference_component(clients, item.name)
    rid = aas.component_resource(item.name)
    try:
        targets = aas.describe_scalable_targets(clients, [rid])
    except AwsError as exc:
        targets = [{"_error": str(exc)}]
    # Policies and activities each on their own: one denied is named in the section,
    # the target still shows (never the whole section blanked by the last call).
    unread: list[str] = []
    policies: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    if targets and "_error" not in targets[0]:
        try:
            policies = aas.describe_scaling_policies(clients, rid)
        except AwsError as exc:
            unread.append(f"policies: {exc}")
        try:
            activities = aas.describe_scaling_activities(clients, rid, 10)
        except AwsError as exc:
            unread.append(f"activities: {exc}")
    now = options.now or clients.clock()
    window = options.window or "1h"
    seconds, period = WINDOWS.get(window, WINDOWS["1h"])
    end = now.replace(second=0, microsecond=0)
    queries = [
        MetricQuery(tag, NS, metric, {"InferenceComponentName": item.name}, stat)
        for tag, metric, stat in QUERIES
    ]
    try:
        raw = get_metric_series(clients, queries, end - timedelta(seconds=seconds), end, period)
        series = {k: [(t.timestamp(), v) for t, v in pts] for k, pts in raw.items()}
    except AwsError as exc:
        series = {"_error": [], f"_error:{exc.code}: {exc.message}": []}
    return {
        "component": d,
        "targets": targets,
        "policies": policies,
        "activities": activities,
        "scaling_unread": unread,
        **({PARTIAL: True} if unread else {}),  # not cached: asked again next time
        "series": series,
        "window": window,
        "period": period,
    }


def _chart(title: str, unit: str, label: str, points: list[tuple[float, float]]) -> Chart | None:
    return Chart(title, (Series(label, tuple(points)),), unit) if points else None


def sections(item: Component, data: dict[str, Any]) -> list[Section]:
    d = data.get("component") or {}
    c = Component.from_describe(d) if d else item
    spec = d.get("Specification") or {}
    runtime = d.get("RuntimeConfig") or {}
    out = []
    if d.get("FailureReason"):
        out.append(Section("Failure reason", text=str(d["FailureReason"]), role="error"))
    out.append(
        Section(
            "Overview",
            (
                ("Name", c.name),
                ("ARN", d.get("InferenceComponentArn", "-")),
                ("Status", c.status),
                ("Endpoint", f"{c.endpoint} / {c.variant}"),
                ("Created", timefmt.timestamp(c.created)),
                ("Last modified", timefmt.timestamp(c.modified)),
            ),
            role=status_role(c.status),
        )
    )
    container = spec.get("Container") or {}
    startup = spec.get("StartupParameters") or {}
    out.append(
        Section(
            "Specification",
            (
                ("Model", spec.get("ModelName", "-")),
                ("Image", (container.get("DeployedImage") or {}).get("SpecifiedImage", "-")),
                ("Compute", c.compute or "-"),
                *((k, f"{v} s") for k, v in startup.items()),
            ),
        )
    )
    current, desired = runtime.get("CurrentCopyCount"), runtime.get("DesiredCopyCount")
    pending = current is not None and desired is not None and current < desired
    out.append(
        Section(
            "Copies",
            (("Current / desired", f"{current if current is not None else '-'} / {desired}"),),
            text="Copies are pending: they wait for free accelerators or a model load."
            if pending
            else "",
            role="warning" if pending else "",
        )
    )
    out.append(_autoscaling(data))
    out += _metrics(c, data)
    out.append(Section("Raw describe", raw=d))
    return out


def _autoscaling(data: dict[str, Any]) -> Section:
    targets = data.get("targets") or []
    if targets and "_error" in targets[0]:
        return Section("Autoscaling", text=f"Could not load: {targets[0]['_error']}", role="error")
    if not targets:
        return Section("Autoscaling", text="No scalable target: the copy count changes by hand.")
    t = targets[0]
    suspended = [k for k, v in (t.get("SuspendedState") or {}).items() if v]
    rows: list[tuple[str, str]] = [
        ("Target", f"{t['ResourceId']}  {t['ScalableDimension']}"),
        (
            "Min / max",
            f"{t['MinCapacity']} / {t['MaxCapacity']}  "
            + ("suspended: " + ", ".join(suspended) if suspended else "not suspended"),
        ),
    ]
    rows += [(f"policy {p['PolicyName']}", policy_summary(p)) for p in data.get("policies") or []]
    rows += [
        (
            timefmt.timestamp(a["StartTime"]),
            f"{a['StatusCode']}: {a['Description']}  ({a['Cause']})",
        )
        for a in data.get("activities") or []
    ]
    unread = data.get("scaling_unread") or []
    rows += [("not read", line) for line in unread]
    return Section("Autoscaling", tuple(rows), role="warning" if suspended or unread else "")


def _metrics(c: Component, data: dict[str, Any]) -> list[Section]:
    series = data.get("series") or {}
    errors = [k.split(":", 1)[1] for k in series if k.startswith("_error:")]
    title = f"Metrics ({data.get('window', '1h')})"
    if errors:
        return [Section(title, text=f"Could not load metrics: {errors[0]}", role="error")]
    period = int(data.get("period") or 60)
    per_minute = 60 / period
    charts = [
        _chart(
            "Invocations / min",
            "",
            c.name,
            [(t, v * per_minute) for t, v in series.get("inv", [])],
        ),
        _chart(
            "InvocationsPerCopy / min",
            "",
            c.name,
            [(t, v * per_minute) for t, v in series.get("ipc", [])],
        ),
        _chart("ModelLatency p99", "ms", "p99", [(t, v / 1000) for t, v in series.get("p99", [])]),
        _chart("5xx / min", "", c.name, [(t, v * per_minute) for t, v in series.get("e5", [])]),
    ]
    kept = tuple(ch for ch in charts if ch is not None)
    if not kept:
        return [Section(title, text="No data points in this window.")]
    return [Section(title, charts=kept)]


# --- copies -----------------------------------------------------------------------------------
def _parse_copies(c: Component, values: dict[str, str]) -> tuple[int | None, list[FormProblem]]:
    """The new copy count when it may be sent, and every problem (one parse)."""
    copies, problem = scaling.COPIES.parse(values.get("copies", ""))
    if problem:
        return None, [FormProblem("copies", problem)]
    if copies is not None and copies == c.desired:
        return None, [FormProblem("copies", "nothing to change: this is the desired copy count")]
    return copies, []


def _check_copies(c: Component, values: dict[str, str]) -> list[FormProblem]:
    return _parse_copies(c, values)[1]


def _copies(c: Component, values: dict[str, str]) -> int:
    copies, problems = _parse_copies(c, values)
    if copies is None:
        raise ValueError(problems[0].message if problems else "no copy count")
    return copies


def _preview_copies(c: Component, values: dict[str, str]) -> str:
    return (
        f"UpdateInferenceComponentRuntimeConfig {c.name} (on {c.endpoint}):\n"
        f"  desired copies  {c.desired} -> {_copies(c, values)}\n"
        "A scalable target on this component may change it again within its min/max."
    )


def _submit_copies(clients: Clients, c: Component, values: dict[str, str]) -> str:
    copies = _copies(c, values)
    api.update_copy_count(clients, c.name, copies)
    return f"{c.name}: desired copies {copies}."


COPIES = Action(
    id="inferencecomponents.copies",
    key="e",
    label="Set copies",
    description="Set the desired copy count (UpdateInferenceComponentRuntimeConfig)",
    mutating=True,
    applies=lambda c: c.status == "InService",
    form=Form(
        fields=(
            FormField(
                "copies",
                "Desired copies",
                lambda c, v: "" if c.desired is None else str(c.desired),
                hint="copies",
            ),
        ),
        check=_check_copies,
        preview=_preview_copies,
        submit=_submit_copies,
    ),
)


INFERENCE_COMPONENTS = ResourceKind(
    name="inferencecomponents",
    title="Inference components",
    aliases=("ic", "components", "inference-components"),
    columns=COLUMNS,
    list_pages=list_pages,
    key=lambda c: c.name,
    row=row,
    parse_args=parse_args,
    arg_words=tuple(s.lower() for s in STATUSES),
    describe=describe,
    detail=sections,
    actions=(COPIES,),
    ticking=lambda c: c.status in ("Creating", "Updating", "Deleting"),
    version=lambda c: f"{c.modified.isoformat()}-{c.status}-{c.current}-{c.desired}",
    empty_message="No inference components.",
    default_sort=(2, False),
    from_describe=Component.from_describe,
    links=(
        Link(
            id="inferencecomponents.endpoint",
            key="o",
            label="Endpoint",
            target=lambda clients, c: (
                "endpoints",
                endpoints_api.describe_endpoint(clients, c.endpoint),
            ),
        ),
    ),
    detail_windows=tuple(WINDOWS),
    status=lambda c: c.status,
)
