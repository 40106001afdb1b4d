"""The endpoints view: serving health at a glance, and safe changes to weights, capacity
and the endpoint itself."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from smtui.aws import endpoints as api
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.domain import console_urls, scaling, timefmt
from smtui.domain.endpoints import (
    Endpoint,
    Variant,
    error_role,
    fmt_ms,
    fmt_rate,
    fmt_rpm,
    status_from_word,
    status_role,
)
from smtui.services.kinds import cost_cells
from smtui.services.kinds import endpoints_data as data
from smtui.services.kinds.endpoints_detail import describe, endpoint_sections
from smtui.services.registry import (
    Action,
    Column,
    Form,
    FormField,
    FormProblem,
    QueryError,
    ResourceKind,
)
from smtui.services.table_index import TableRow

COLUMNS = (
    Column("NAME", 22, flex=True),
    Column("STATUS", 10),
    Column("INST", 7, justify="right"),
    Column("TYPE", 14, priority=3),
    Column("INV/MIN", 7, justify="right", priority=1),
    Column("P50MS", 6, justify="right", priority=5),
    Column("P99MS", 6, justify="right"),
    Column("5XX", 6, justify="right"),
    Column("4XX", 6, justify="right", priority=6),
    Column("SCALE", 7, priority=4),
    Column("CAPT", 4, priority=8),
    Column("VAR", 3, justify="right", priority=7),
    Column("$/HR", 7, justify="right", priority=2),
)
WINDOWS = ("1h", "6h", "24h", "7d")


def parse_args(args: Sequence[str]) -> dict[str, Any]:
    """`:endpoints failed`, `:endpoints prod`: a status word and/or a name fragment."""
    params: dict[str, Any] = {}
    for word in args:
        status = status_from_word(word)
        if status and "status" not in params:
            params["status"] = status
        elif "name_contains" not in params:
            params["name_contains"] = word
        else:
            raise QueryError(f"unexpected {word!r}: use :endpoints [status] [name-fragment]")
    return params


def list_pages(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list[Any]]:
    """The summaries at once (describes already known fill in), then every row enriched."""
    summaries: list[Endpoint] = []
    known = data.memo(clients)
    for page in api.list_endpoints(
        clients,
        status=params.get("status"),
        name_contains=params.get("name_contains"),
        cancelled=cancelled,
    ):
        items = [Endpoint.from_summary(s) for s in page]
        summaries.extend(items)
        with known.lock:
            cached = {k[0] for k in known.describes}
        if not cached:
            yield items
        if cancelled():
            return
    yield data.enrich(clients, summaries)


def _num(value: float | None) -> float:
    return -1.0 if value is None else value


def row(ep: Endpoint, now: datetime) -> TableRow:
    m = ep.metrics
    rate5 = m.rate_5xx if m else None
    spike = error_role(rate5)
    role = status_role(ep.status)
    name_role = "error" if spike == "error" or role == "error" else ""
    cur, want = ep.total_instances()
    inst_role = "warning" if cur != want else ""
    hourly, hourly_sort = cost_cells.endpoint_hourly(ep, now)  # instances x hosting price
    cells = (
        (ep.name, name_role),
        (ep.status, role),
        (ep.capacity_text() if ep.described else "…", inst_role),
        ep.instance_types_text() if ep.described else "…",
        fmt_rpm(m.invocations_per_min) if m else "-",
        fmt_ms(m.p50_ms) if m else "-",
        fmt_ms(m.p99_ms) if m else "-",
        (fmt_rate(rate5), spike),
        fmt_rate(m.rate_4xx) if m else "-",
        ep.scaling_text() if ep.described else "…",
        ("-" if not ep.described else (f"{ep.capture}%" if ep.capture is not None else "off")),
        str(len(ep.production)) + ("+s" if len(ep.variants) > len(ep.production) else ""),
        hourly,
    )
    return TableRow(
        key=ep.name,
        cells=cells,
        sort_values=(
            ep.name,
            ep.status,
            cur,
            ep.instance_types_text(),
            _num(m.invocations_per_min if m else None),
            _num(m.p50_ms if m else None),
            _num(m.p99_ms if m else None),
            _num(rate5),
            _num(m.rate_4xx if m else None),
            ep.scaling_text(),
            -1 if ep.capture is None else ep.capture,
            len(ep.variants),
            hourly_sort,
        ),
        search_text=f"{ep.name} {ep.status} {ep.instance_types_text()}".lower(),
    )


# --- weight / capacity form ----------------------------------------------------------------
def _variant(ep: Endpoint, name: str) -> Variant | None:
    return next((v for v in ep.production if v.name == name), None)


def _initial_weight(ep: Endpoint, values: dict[str, str]) -> str:
    v = _variant(ep, values.get("variant", ""))
    weight = v.desired_weight if v and v.desired_weight is not None else (v.weight if v else None)
    return "" if weight is None else f"{weight:g}"


def _initial_count(ep: Endpoint, values: dict[str, str]) -> str:
    v = _variant(ep, values.get("variant", ""))
    if v is None or v.is_serverless or v.desired is None:
        return ""
    return str(v.desired)


def _weights(ep: Endpoint, v: Variant, weight: float) -> dict[str, float]:
    """Every production variant's weight with ``v``'s set to ``weight``."""
    return {
        x.name: (
            weight
            if x.name == v.name
            else (x.desired_weight if x.desired_weight is not None else (x.weight or 0.0))
        )
        for x in ep.production
    }


def _parse_capacity(
    ep: Endpoint, values: dict[str, str]
) -> tuple[dict[str, Any] | None, list[FormProblem]]:
    """The change the form asks for (None while a field blocks) and every problem: one
    parse (smtui/domain/scaling.py's specs) for the check, the preview and the call."""
    v = _variant(ep, values.get("variant", ""))
    if v is None:
        return None, [FormProblem("variant", "choose a variant")]
    out: list[FormProblem] = []
    change: dict[str, Any] = {"VariantName": v.name}
    weight, problem = scaling.parse_weight(values.get("weight", ""))
    if problem or weight is None:
        out.append(FormProblem("weight", problem))
    else:
        message = scaling.check_weights(_weights(ep, v, weight))
        if message:
            out.append(FormProblem("weight", message))
        if weight != (v.desired_weight if v.desired_weight is not None else v.weight):
            change["DesiredWeight"] = weight
    count_text = values.get("count", "").strip()
    if v.is_serverless:
        if count_text:
            out.append(FormProblem("count", "a serverless variant has no instance count"))
    else:
        target = ep.scaling.get(v.name)
        bounds = (target.min, target.max) if target else None
        count, checks = scaling.desired_count(count_text, bounds)
        out.extend(FormProblem("count", c.message, c.warning) for c in checks)
        if count is not None and count != v.desired:
            change["DesiredInstanceCount"] = count
    if any(not p.warning for p in out):
        return None, out
    if len(change) == 1:
        out.append(FormProblem("weight", "nothing to change: the values are the current ones"))
        return None, out
    return change, out


def _check_capacity(ep: Endpoint, values: dict[str, str]) -> list[FormProblem]:
    return _parse_capacity(ep, values)[1]


def _changes(ep: Endpoint, values: dict[str, str]) -> list[dict[str, Any]]:
    change, _ = _parse_capacity(ep, values)
    return [change] if change else []


def _preview_capacity(ep: Endpoint, values: dict[str, str]) -> str:
    v = _variant(ep, values["variant"])
    assert v is not None
    lines = [f"UpdateEndpointWeightsAndCapacities on {ep.name}, variant {v.name}:"]
    for change in _changes(ep, values):
        if "DesiredWeight" in change:
            old = v.desired_weight if v.desired_weight is not None else v.weight
            was = "-" if old is None else f"{old:g}"
            lines.append(f"  weight            {was} -> {change['DesiredWeight']:g}")
            shares = scaling.traffic_shares(_weights(ep, v, change["DesiredWeight"]))
            lines.append(f"  traffic shares    {scaling.shares_text(shares)}")
        if "DesiredInstanceCount" in change:
            lines.append(
                f"  desired instances {v.desired} -> {change['DesiredInstanceCount']}"
                f"  ({v.instance_type or 'instances'})"
            )
    lines.append("The endpoint is Updating until the change is in place.")
    return "\n".join(lines)


def _submit_capacity(clients: Clients, ep: Endpoint, values: dict[str, str]) -> str:
    changes = _changes(ep, values)
    api.update_weights_and_capacities(clients, ep.name, changes)
    count = changes[0].get("DesiredInstanceCount") if changes else None
    if count is not None:
        _remember_desired(clients, ep.name, values["variant"], int(count))
    return f"{ep.name}/{values['variant']}: update sent; the endpoint is Updating."


def _remember_desired(clients: Clients, endpoint: str, variant: str, count: int) -> None:
    """Triage compares later scaling activities with this count (endpoint-scaled-back);
    the endpoint's LastModifiedTime is the update's time on AWS's clock."""
    from smtui.services.triage.intents import record_desired

    try:
        modified = api.describe_endpoint(clients, endpoint).get("LastModifiedTime")
    except AwsError:
        return
    if isinstance(modified, datetime):
        record_desired(clients, endpoint, variant, count, modified)


CAPACITY = Action(
    id="endpoints.capacity",
    key="e",
    label="Weight/capacity",
    description="Update a variant's weight and desired instance count "
    "(UpdateEndpointWeightsAndCapacities)",
    mutating=True,
    applies=lambda ep: ep.status == "InService" and bool(ep.production),
    form=Form(
        fields=(
            FormField(
                "variant",
                "Variant",
                lambda ep, values: ep.production[0].name,
                choices=lambda ep: tuple(v.name for v in ep.production),
            ),
            FormField("weight", "Weight", _initial_weight, hint="relative: 0 or more, not all 0"),
            FormField(
                "count", "Desired instances", _initial_count, hint="whole number of instances"
            ),
        ),
        check=_check_capacity,
        preview=_preview_capacity,
        submit=_submit_capacity,
        resource=lambda ep, values: f"endpoint/{ep.name}/variant/{values.get('variant', '')}",
    ),
)


def _delete(clients: Clients, ep: Endpoint) -> str:
    api.delete_endpoint(clients, ep.name)
    return f"Delete requested for {ep.name}: it is Deleting."


def _delete_message(ep: Endpoint) -> str:
    """What deleting stops, stating only what is known: while the row is not described
    yet, its instances and price are "loading…", never a guess (serverless, no price)."""
    head = f"Delete endpoint {ep.name}? It stops serving at once; its config and models stay.\n"
    bills = "AWS bills its instances until the delete completes"
    if not ep.described:
        return head + f"Its instances and price: loading… (not described yet). {bills}."
    units = ep.hourly_units()
    if units:
        running = ", ".join(f"{t} x {n}" for t, n in units)
    elif ep.variants and all(v.is_serverless for v in ep.variants):
        running = "no instances (serverless)"
    else:
        running = "instances not known"
    return (
        f"{head}It runs {running}, {cost_cells.endpoint_rate_text(ep)}; {bills} "
        "(the cost view shows what it cost)."
    )


DELETE = Action(
    id="endpoints.delete",
    key="D",
    label="Delete",
    description="Delete the endpoint (type its name to confirm)",
    mutating=True,
    applies=lambda ep: ep.status not in ("Deleting",),
    run=_delete,
    confirm=_delete_message,
    typed=lambda ep: ep.name,
)

COPY_ARN = Action(
    id="endpoints.copy_arn",
    key="y",
    label="Copy ARN",
    description="Copy the endpoint's ARN",
    mutating=False,
    applies=lambda ep: True,
    copy=lambda ep, region: ep.arn,
)

COPY_URL = Action(
    id="endpoints.copy_url",
    key="o",
    label="Copy console URL",
    description="Copy the endpoint's AWS console URL",
    mutating=False,
    applies=lambda ep: True,
    copy=lambda ep, region: console_urls.endpoint(region, ep.name),
)


def _from_describe(d: dict[str, Any]) -> Endpoint:
    ep = d.get("_endpoint")
    return ep if isinstance(ep, Endpoint) else Endpoint.from_describe(d)


ENDPOINTS = ResourceKind(
    name="endpoints",
    title="Endpoints",
    aliases=("endpoint", "ep", "eps"),
    columns=COLUMNS,
    list_pages=list_pages,
    key=lambda ep: ep.name,
    row=row,
    parse_args=parse_args,
    arg_words=("failed", "updating", "creating", "inservice"),
    describe=describe,
    detail=endpoint_sections,
    actions=(CAPACITY, DELETE, COPY_ARN, COPY_URL),
    version=lambda ep: timefmt.timestamp(ep.modified) + ep.status,
    empty_message="No endpoints.",
    default_sort=(0, False),
    from_describe=_from_describe,
    detail_windows=WINDOWS,
    status=lambda ep: ep.status,
)
