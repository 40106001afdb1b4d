"""The autoscaling view: every scalable target of namespace sagemaker (endpoint variants and
inference components), with its policies and last activity; edit min/max, a
target-tracking policy, suspend/resume dynamic scaling."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smtui.aws import autoscaling as aas
from smtui.aws import endpoints as api
from smtui.aws import inference_components as ics
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.domain import scaling, timefmt
from smtui.services import gaps
from smtui.services.kinds import endpoints_data as data
from smtui.services.kinds.endpoints_detail import policy_summary
from smtui.services.registry import (
    Action,
    Column,
    DetailOptions,
    Form,
    FormField,
    FormProblem,
    ResourceKind,
    Section,
)
from smtui.services.table_index import TableRow

SUSPEND_KEYS = ("DynamicScalingInSuspended", "DynamicScalingOutSuspended")


@dataclass(frozen=True)
class Target:
    resource_id: str
    dimension: str
    min: int
    max: int
    suspended: dict[str, bool]
    created: datetime
    policies: tuple[dict[str, Any], ...] = ()
    last_activity: dict[str, Any] | None = None
    current: int | None = None
    desired: int | None = None
    host: str = ""
    """The endpoint hosting an inference component (from its describe)."""

    @property
    def component(self) -> str:
        """The inference component's name ("" for a variant target)."""
        if self.resource_id.startswith(aas.COMPONENT_PREFIX):
            return self.resource_id[len(aas.COMPONENT_PREFIX) :]
        return ""

    @property
    def endpoint(self) -> str:
        if self.component:
            return self.host
        parts = self.resource_id.split("/")
        return parts[1] if len(parts) > 1 else self.resource_id

    @property
    def variant(self) -> str:
        return self.resource_id.split("/")[-1]

    @property
    def resource_text(self) -> str:
        """The resource as the table shows it: a component names its endpoint."""
        if self.component:
            return f"ic/{self.component} @ {self.host or '?'}"
        return self.resource_id

    @property
    def unit(self) -> str:
        return "copies" if self.component else "instances"

    @property
    def dynamic_suspended(self) -> bool:
        return any(self.suspended.get(k) for k in SUSPEND_KEYS)

    def tt_policies(self) -> list[dict[str, Any]]:
        return [p for p in self.policies if p.get("PolicyType") == "TargetTrackingScaling"]

    @classmethod
    def from_api(cls, t: dict[str, Any], **extra: Any) -> Target:
        return cls(
            resource_id=t["ResourceId"],
            dimension=t["ScalableDimension"],
            min=t["MinCapacity"],
            max=t["MaxCapacity"],
            suspended=dict(t.get("SuspendedState") or {}),
            created=t["CreationTime"],
            **extra,
        )


COLUMNS = (
    Column("RESOURCE", 30, flex=True),
    Column("MIN", 3, justify="right"),
    Column("MAX", 3, justify="right"),
    Column("CUR", 5, justify="right"),
    Column("POLICY", 16),
    Column("LAST ACTIVITY", 20, flex=True, priority=1),
    Column("STATUS", 10),
    Column("SUSP", 4, priority=2),
    Column("DIMENSION", 20, priority=3),  # hidden first: the resource reads before it
)


def list_pages(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list[Target]]:
    targets = aas.describe_scalable_targets(clients)
    # Policies and activities are columns of their own: one failing (denied, missing)
    # leaves its column blank, says so in the banner, and the targets still load.
    policies: dict[str, list[dict[str, Any]]] = {}
    try:
        for p in aas.describe_scaling_policies(clients):
            policies.setdefault(p["ResourceId"], []).append(p)
    except AwsError as exc:
        gaps.note("POLICY column", exc)
    last: dict[str, dict[str, Any]] = {}
    try:
        for a in aas.describe_scaling_activities(clients):  # newest first
            last.setdefault(a["ResourceId"], a)
    except AwsError as exc:
        gaps.note("LAST ACTIVITY and STATUS columns", exc)
    counts: dict[str, tuple[int | None, int | None]] = {}
    modified = {}
    try:
        for page in api.list_endpoints(clients, cancelled=cancelled):
            modified.update({e["EndpointName"]: e["LastModifiedTime"] for e in page})
    except AwsError as exc:
        gaps.note("CUR column", exc)
    variant_targets = [t for t in targets if t["ResourceId"].startswith("endpoint/")]
    for name in {t["ResourceId"].split("/")[1] for t in variant_targets}:
        if name not in modified:
            continue
        try:
            d = data.describe(clients, name, modified[name])
        except AwsError as exc:
            gaps.note_unless_gone("CUR column", exc)
            continue
        for v in d.get("ProductionVariants") or []:
            counts[aas.variant_resource(name, v["VariantName"])] = (
                v.get("CurrentInstanceCount"),
                v.get("DesiredInstanceCount"),
            )
    hosts = _component_copies(clients, targets, counts)
    yield [
        Target.from_api(
            t,
            policies=tuple(policies.get(t["ResourceId"], [])),
            last_activity=last.get(t["ResourceId"]),
            current=counts.get(t["ResourceId"], (None, None))[0],
            desired=counts.get(t["ResourceId"], (None, None))[1],
            host=hosts.get(t["ResourceId"], ""),
        )
        for t in targets
    ]


def _component_copies(
    clients: Clients,
    targets: list[dict[str, Any]],
    counts: dict[str, tuple[int | None, int | None]],
) -> dict[str, str]:
    """Copies (current, desired) of the inference components among ``targets`` into
    ``counts``; returns each one's endpoint."""
    hosts: dict[str, str] = {}
    for t in targets:
        rid = t["ResourceId"]
        if not rid.startswith(aas.COMPONENT_PREFIX):
            continue
        try:
            d = ics.describe_inference_component(clients, rid[len(aas.COMPONENT_PREFIX) :])
        except AwsError as exc:
            gaps.note_unless_gone("CUR column", exc)
            continue
        runtime = d.get("RuntimeConfig") or {}
        counts[rid] = (runtime.get("CurrentCopyCount"), runtime.get("DesiredCopyCount"))
        hosts[rid] = d.get("EndpointName", "")
    return hosts


def _policy_cell(t: Target) -> str:
    tt = t.tt_policies()
    parts = []
    if tt:
        value = tt[0]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"]
        parts.append(f"TT {value:g}")
    steps = [p for p in t.policies if p.get("PolicyType") == "StepScaling"]
    if steps:
        parts.append(f"step x{len(steps)}")
    return " + ".join(parts) or "none"


def _status_role(code: str) -> str:
    return {"Successful": "ok", "InProgress": "running", "Failed": "error"}.get(code, "warning")


def row(t: Target, now: datetime) -> TableRow:
    a = t.last_activity
    activity = (
        f"{timefmt.age(a['StartTime'], now)} ago {a['Description']}" if a is not None else "-"
    )
    code = a["StatusCode"] if a else "-"
    cur = "-" if t.current is None else str(t.current)
    if t.desired is not None and t.desired != t.current:
        cur += f"/{t.desired}"
    cells = (
        t.resource_text,
        str(t.min),
        str(t.max),
        (cur, "warning" if t.desired is not None and t.desired != t.current else ""),
        _policy_cell(t),
        activity,
        (code, _status_role(code) if a else ""),
        ("yes", "warning") if t.dynamic_suspended else "no",
        t.dimension.split(":")[-1],
    )
    return TableRow(
        key=t.resource_id,
        cells=cells,
        sort_values=(
            t.resource_id,
            t.min,
            t.max,
            -1 if t.current is None else t.current,
            _policy_cell(t),
            a["StartTime"].timestamp() if a else 0.0,
            code,
            t.dynamic_suspended,
            t.dimension,
        ),
        search_text=f"{t.resource_text} {_policy_cell(t)} {code}".lower(),
    )


def describe(clients: Clients, t: Target, options: DetailOptions) -> dict[str, Any]:
    found = aas.describe_scalable_targets(clients, [t.resource_id])
    d: dict[str, Any] = {
        "target": found[0] if found else None,
        "policies": aas.describe_scaling_policies(clients, t.resource_id),
        "_item": t,
    }
    try:
        d["activities"] = aas.describe_scaling_activities(clients, t.resource_id, 20)
    except AwsError as exc:  # the rest of the detail still shows (issue 17.4)
        d["_activities_error"] = f"Not read: {exc}"
    return d


def sections(t: Target, d: dict[str, Any]) -> list[Section]:
    target = d.get("target")
    if target is None:
        return [
            Section("Scalable target", text="This target is no longer registered.", role="warning")
        ]
    suspended = target.get("SuspendedState") or {}
    out = [
        Section(
            "Scalable target",
            (
                ("Resource", t.resource_text if t.component else target["ResourceId"]),
                ("Dimension", target["ScalableDimension"]),
                ("Min / max", f"{target['MinCapacity']} / {target['MaxCapacity']}"),
                (
                    "Current / desired",
                    f"{t.current if t.current is not None else '-'} / "
                    f"{t.desired if t.desired is not None else '-'}",
                ),
                *((k, "yes" if v else "no") for k, v in suspended.items()),
                ("Role", target.get("RoleARN", "-")),
                ("Registered", timefmt.timestamp(target.get("CreationTime"))),
            ),
            role="warning" if any(suspended.get(k) for k in SUSPEND_KEYS) else "",
        )
    ]
    policies = d.get("policies") or []
    out.append(
        Section(
            "Policies",
            tuple((p["PolicyName"], policy_summary(p)) for p in policies),
            text="" if policies else "No scaling policy: the capacity only changes by hand.",
        )
    )
    activities = d.get("activities") or []
    out.append(
        Section(
            "Scaling activities",
            tuple(
                (
                    timefmt.timestamp(a["StartTime"]),
                    f"{a['StatusCode']}: {a['Description']} -- {a['Cause']}"
                    + (f" -- {a['StatusMessage']}" if a.get("StatusMessage") else ""),
                )
                for a in activities
            ),
            text=d.get("_activities_error")
            or ("" if activities else "No scaling activity in the last six weeks."),
            role="error" if d.get("_activities_error") else "",
        )
    )
    out.append(Section("Raw", raw={k: v for k, v in d.items() if not k.startswith("_")}))
    return out


# --- min / max ------------------------------------------------------------------------------------
def _parse_range(
    t: Target, values: dict[str, str]
) -> tuple[tuple[int, int] | None, list[FormProblem]]:
    """(min, max) when nothing blocks, and every problem: one parse for check, preview, call."""
    parsed, checks = scaling.capacity_range(
        values.get("min", ""), values.get("max", ""), allow_zero=bool(t.component)
    )
    problems = [FormProblem(c.field, c.message, c.warning) for c in checks]
    if parsed is not None and parsed == (t.min, t.max):
        problems.append(FormProblem("min", "nothing to change: these are the current values"))
        return None, problems
    return parsed, problems


def _check_range(t: Target, values: dict[str, str]) -> list[FormProblem]:
    return _parse_range(t, values)[1]


def _range(t: Target, values: dict[str, str]) -> tuple[int, int]:
    parsed, problems = _parse_range(t, values)
    if parsed is None:
        raise ValueError(problems[0].message if problems else "no range")
    return parsed


def _preview_range(t: Target, values: dict[str, str]) -> str:
    low, high = _range(t, values)
    lines = [
        f"RegisterScalableTarget {t.resource_id}:",
        f"  min  {t.min} -> {low}",
        f"  max  {t.max} -> {high}",
    ]
    if t.desired is not None and not low <= t.desired <= high:
        bound = low if t.desired < low else high
        what = "component" if t.component else "variant"
        lines.append(
            f"The {what} has {t.desired} {t.unit} desired: autoscaling moves it to {bound}."
        )
    return "\n".join(lines)


def _submit_range(clients: Clients, t: Target, values: dict[str, str]) -> str:
    low, high = _range(t, values)
    aas.register_scalable_target(clients, t.resource_id, min_capacity=low, max_capacity=high)
    return f"{t.resource_id}: capacity range {low}-{high}."


RANGE = Action(
    id="autoscaling.range",
    key="e",
    label="Edit min/max",
    description="Change the min and max capacity (RegisterScalableTarget)",
    mutating=True,
    applies=lambda t: True,
    form=Form(
        fields=(
            FormField("min", "Min capacity", lambda t, v: str(t.min), hint="instances/copies"),
            FormField("max", "Max capacity", lambda t, v: str(t.max), hint="instances/copies"),
        ),
        check=_check_range,
        preview=_preview_range,
        submit=_submit_range,
    ),
)


# --- target tracking policy ----------------------------------------------------------------------
def _policy(t: Target, name: str) -> dict[str, Any] | None:
    return next((p for p in t.tt_policies() if p["PolicyName"] == name), None)


def _config(t: Target, values: dict[str, str]) -> dict[str, Any]:
    p = _policy(t, values.get("policy", ""))
    return dict((p or {}).get("TargetTrackingScalingPolicyConfiguration") or {})


def _initial(key: str) -> Any:
    def initial(t: Target, values: dict[str, str]) -> str:
        value = _config(t, values).get(key)
        return "" if value is None else f"{value:g}"

    return initial


def _parse_policy(
    t: Target, values: dict[str, str]
) -> tuple[dict[str, Any] | None, list[FormProblem]]:
    """The new configuration when nothing blocks, and every problem (one parse)."""
    if _policy(t, values.get("policy", "")) is None:
        return None, [FormProblem("policy", "choose a target-tracking policy")]
    out = []
    target, problem = scaling.parse_target_value(values.get("target", ""))
    if problem:
        out.append(FormProblem("target", problem))
    cooldowns: dict[str, int] = {}
    for field, what in (("out", "scale-out cooldown"), ("in", "scale-in cooldown")):
        seconds, problem = scaling.parse_cooldown(values.get(field, ""), what)
        if problem or seconds is None:
            out.append(FormProblem(field, problem))
        else:
            cooldowns[field] = seconds
    if out:
        return None, out
    config = _config(t, values)
    config["TargetValue"] = target
    config["ScaleOutCooldown"] = cooldowns["out"]
    config["ScaleInCooldown"] = cooldowns["in"]
    if config == _config(t, values):
        return None, [FormProblem("target", "nothing to change: these are the current values")]
    return config, []


def _check_policy(t: Target, values: dict[str, str]) -> list[FormProblem]:
    return _parse_policy(t, values)[1]


def _new_config(t: Target, values: dict[str, str]) -> dict[str, Any]:
    config, problems = _parse_policy(t, values)
    if config is None:
        raise ValueError(problems[0].message if problems else "no change")
    return config


def _preview_policy(t: Target, values: dict[str, str]) -> str:
    old, new = _config(t, values), _new_config(t, values)
    lines = [f"PutScalingPolicy {values['policy']} on {t.resource_id}:"]
    for key, label in (
        ("TargetValue", "target value"),
        ("ScaleOutCooldown", "scale-out cooldown (s)"),
        ("ScaleInCooldown", "scale-in cooldown (s)"),
    ):
        mark = "" if old.get(key) == new[key] else "   (changed)"
        lines.append(f"  {label:<22} {old.get(key, '-')!s:>8} -> {new[key]}{mark}")
    return "\n".join(lines)


def _submit_policy(clients: Clients, t: Target, values: dict[str, str]) -> str:
    aas.put_target_tracking_policy(clients, t.resource_id, values["policy"], _new_config(t, values))
    return f"{t.resource_id}: policy {values['policy']} updated."


POLICY = Action(
    id="autoscaling.policy",
    key="t",
    label="Edit policy",
    description="Change a target-tracking policy's target value and cooldowns (PutScalingPolicy)",
    mutating=True,
    applies=lambda t: bool(t.tt_policies()),
    form=Form(
        fields=(
            FormField(
                "policy",
                "Policy",
                lambda t, v: t.tt_policies()[0]["PolicyName"],
                choices=lambda t: tuple(p["PolicyName"] for p in t.tt_policies()),
            ),
            FormField(
                "target", "Target value", _initial("TargetValue"), hint="metric per instance"
            ),
            FormField("out", "Scale-out cooldown", _initial("ScaleOutCooldown"), hint="seconds"),
            FormField("in", "Scale-in cooldown", _initial("ScaleInCooldown"), hint="seconds"),
        ),
        check=_check_policy,
        preview=_preview_policy,
        submit=_submit_policy,
    ),
)


# --- suspend / resume ----------------------------------------------------------------------------
def _suspend_text(t: Target) -> str:
    now = "suspended" if t.dynamic_suspended else "active"
    then = "active" if t.dynamic_suspended else "suspended"
    return (
        f"{'Resume' if t.dynamic_suspended else 'Suspend'} dynamic scaling of {t.resource_id}?\n"
        f"  dynamic scale-in   {now} -> {then}\n"
        f"  dynamic scale-out  {now} -> {then}\n"
        + (
            "While suspended, the policies do not change the capacity."
            if not t.dynamic_suspended
            else "The policies take over again from the current capacity."
        )
    )


def _toggle(clients: Clients, t: Target) -> str:
    state = not t.dynamic_suspended
    aas.register_scalable_target(clients, t.resource_id, suspended={k: state for k in SUSPEND_KEYS})
    return f"{t.resource_id}: dynamic scaling {'suspended' if state else 'resumed'}."


SUSPEND = Action(
    id="autoscaling.suspend",
    key="z",
    label="Suspend/resume",
    description="Suspend or resume dynamic scaling (SuspendedState)",
    mutating=True,
    applies=lambda t: True,
    run=_toggle,
    confirm=_suspend_text,
)


def _from_describe(d: dict[str, Any]) -> Target:
    item = d["_item"]
    target = d.get("target")
    if not isinstance(item, Target) or target is None:
        return item  # type: ignore[no-any-return]
    activities = d.get("activities") or []
    return Target.from_api(
        target,
        policies=tuple(d.get("policies") or ()),
        last_activity=activities[0] if activities else item.last_activity,
        current=item.current,
        desired=item.desired,
        host=item.host,
    )


AUTOSCALING = ResourceKind(
    name="autoscaling",
    title="Autoscaling (sagemaker)",
    aliases=("scaling", "as", "scalable-targets"),
    columns=COLUMNS,
    list_pages=list_pages,
    key=lambda t: t.resource_id,
    row=row,
    describe=describe,
    detail=sections,
    actions=(RANGE, POLICY, SUSPEND),
    version=lambda t: (
        f"{t.min}-{t.max}-{t.suspended}-{t.last_activity and t.last_activity['ActivityId']}"
    ),
    empty_message="No scalable targets in namespace sagemaker.",
    default_sort=(0, False),
    from_describe=_from_describe,
)
