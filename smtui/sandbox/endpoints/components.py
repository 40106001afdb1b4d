"""Inference components: models deployed onto an endpoint's instances, scaled by copies.

The sandbox account runs one endpoint built for them, ``genai-platform-prod`` (three
ml.g5.12xlarge: 4 GPUs, 48 vCPUs each), hosting three components: two LLMs (one GPU a
copy) and a CPU reranker. Its production variant names no model (an endpoint config for
inference components has none, SageMaker developer guide "Deploy models with inference
components"); each component names its model and ComputeResourceRequirements
(botocore ``InferenceComponentComputeResourceRequirements``).

Application Auto Scaling scales a component's copies: namespace ``sagemaker``, resource
``inference-component/NAME``, dimension ``sagemaker:inference-component:DesiredCopyCount``
(Application Auto Scaling API reference, RegisterScalableTarget: "SageMaker inference
component - The resource type is inference-component and the unique identifier is the
resource ID. Example: inference-component/my-inference-component."), target tracking on
the predefined metric ``SageMakerInferenceComponentInvocationsPerCopy`` (botocore's
application-autoscaling ``MetricType`` enum). The autoscaler is the variants' one
(area.py ``_evaluate`` over a :class:`~.model.Subject`); this module only says what a
copy is. Copies need free accelerators on the endpoint: copies that do not fit stay
pending (CurrentCopyCount below DesiredCopyCount), as without managed instance scaling.

CloudWatch (SageMaker developer guide, "Amazon SageMaker AI metrics in Amazon
CloudWatch", section "SageMaker AI inference component metrics",
https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html): namespace
``AWS/SageMaker``, dimension ``InferenceComponentName``: Invocations, InvocationsPerCopy,
ModelLatency, OverheadLatency (microseconds), Invocation4XXErrors, Invocation5XXErrors.
Each component serves a fixed share of the endpoint's requests (traffic.py), so the
planted surge on the endpoint reaches every component.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .catalog import HF_CPU, INSTANCE_SPECS, TGI, EndpointTemplate, Scaling, VariantTemplate
from .model import AlarmSpec, Model, Subject, Target, value_at
from .traffic import Dist, key_of, mix, sampler

if TYPE_CHECKING:
    from .area import EndpointsArea
    from .model import Endpoint, Variant

DIMENSION = "sagemaker:inference-component:DesiredCopyCount"
TT_METRIC = "SageMakerInferenceComponentInvocationsPerCopy"
COMPONENT_METRICS = (
    TT_METRIC,
    "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution",
)
"""Predefined metrics of the inference-component dimension (botocore MetricType); the
sandbox simulates the first."""
DEFAULT_POLICY = "SageMakerInferenceComponentInvocationScalingPolicy"
METRICS = (
    "Invocations",
    "InvocationsPerCopy",
    "ModelLatency",
    "OverheadLatency",
    "Invocation4XXErrors",
    "Invocation5XXErrors",
)
DELETE_SECONDS = 60.0
HOST = "genai-platform-prod"


def resource_id(name: str) -> str:
    return f"inference-component/{name}"


@dataclass(frozen=True)
class ComponentSpec:
    model: str
    image: str
    share: float
    """This component's part of the endpoint's requests."""
    latency_ms: float
    sigma: float = 0.5
    cpus: float = 4.0
    accelerators: float | None = 1.0
    memory_mb: int = 24576
    startup_timeout: int = 600
    download_timeout: int = 1200
    capacity: float = 40.0
    """Requests per minute one copy is sized for (utilisation 1.0 at 1.5x this)."""


@dataclass(frozen=True)
class ComponentTemplate:
    name: str
    host: str
    spec: ComponentSpec
    copies: int
    scaling: Scaling | None = None
    step: tuple[AlarmSpec, tuple[dict, ...], int] | None = None
    """A step scaling policy: its alarm, step adjustments and cooldown."""


@dataclass
class Component:
    name: str
    arn: str
    endpoint: str
    variant: str
    created: float
    spec: ComponentSpec
    transitions: list[tuple[float, str]] = field(default_factory=list)
    desired: list[tuple[float, int]] = field(default_factory=list)
    counts: list[tuple[float, int]] = field(default_factory=list)
    modified: list[float] = field(default_factory=list)
    deleted: float | None = None
    failure: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)

    def status(self, t: float) -> str:
        if self.deleted is not None and t >= self.deleted:
            return "Deleting"
        return str(value_at(self.transitions, t, "Creating"))

    def exists(self, t: float) -> bool:
        return self.created <= t and (self.deleted is None or t < self.deleted + DELETE_SECONDS)

    def desired_count(self, t: float) -> int:
        return int(value_at(self.desired, t, 0))

    def count(self, t: float) -> int:
        return int(value_at(self.counts, t, 0))

    def last_modified(self, t: float) -> float:
        times = [m for m in self.modified if m <= t] + [w for w, _ in self.transitions if w <= t]
        return max(times) if times else self.created


HOSTS: tuple[EndpointTemplate, ...] = (
    EndpointTemplate(
        name=HOST,
        team="assistant",
        rpm=140,
        amplitude=0.35,
        age_days=16,
        variants=(
            VariantTemplate(
                "AllTraffic", "", TGI, "ml.g5.12xlarge", count=3, latency_ms=1500, sigma=0.6
            ),
        ),
        # Traffic on the shared LLM endpoint jumps soon after start: copies scale out.
        planted=(("surge", 600, 3 * 3600),),
    ),
)
"""Endpoints built for inference components (the area builds them after the others)."""

COMPONENTS: tuple[ComponentTemplate, ...] = (
    ComponentTemplate(
        "llama3-8b-chat-ic",
        HOST,
        ComponentSpec("llama3-8b-instruct-v2", TGI, share=0.55, latency_ms=1600),
        copies=2,
        scaling=Scaling(min=1, max=6, target=40, scale_in_cooldown=900),
    ),
    ComponentTemplate(
        "mistral-7b-summarize-ic",
        HOST,
        ComponentSpec("mistral-7b-summarize-v1", TGI, share=0.3, latency_ms=2200, memory_mb=20480),
        copies=1,
        scaling=Scaling(min=1, max=4, target=45, scale_out_cooldown=600),
        step=(
            AlarmSpec("mistral-7b-summarize-ic-invocations-high", "InvocationsPerCopy", "Sum", 60),
            (
                {
                    "MetricIntervalLowerBound": 0.0,
                    "MetricIntervalUpperBound": 30.0,
                    "ScalingAdjustment": 1,
                },
                {"MetricIntervalLowerBound": 30.0, "ScalingAdjustment": 2},
            ),
            600,
        ),
    ),
    ComponentTemplate(
        "bge-reranker-ic",
        HOST,
        ComponentSpec(
            "bge-reranker-large-v1",
            HF_CPU,
            share=0.15,
            latency_ms=45,
            sigma=0.35,
            cpus=8,
            accelerators=None,
            memory_mb=8192,
            capacity=60,
        ),
        copies=2,
    ),
)


# --- building ------------------------------------------------------------------------------
def build_fleet(area: EndpointsArea) -> None:
    for tpl in COMPONENTS:
        ep = area.endpoints.get(tpl.host)
        ready = ep.in_service_since() if ep is not None else None
        if ep is None or ready is None:
            continue
        key = key_of(area.seed, tpl.name, "component")
        created = ready + 600 + mix(key, 1) * 1800
        comp = add(area, ep, ep.variants[0], tpl.name, tpl.spec, tpl.copies, created)
        comp.tags = [{"Key": "team", "Value": ep.tpl.team}]
        if tpl.scaling is not None:
            _register_fleet_target(area, comp, tpl, created + 900)


def add(
    area: EndpointsArea,
    ep: Endpoint,
    variant: Variant,
    name: str,
    spec: ComponentSpec,
    copies: int,
    when: float,
) -> Component:
    """A new component, Creating until its first copies are loaded."""
    from .area import PREFIX

    comp = Component(
        name=name,
        arn=f"{PREFIX}:inference-component/{name}",
        endpoint=ep.name,
        variant=variant.name,
        created=when,
        spec=spec,
        transitions=[(when, "Creating")],
    )
    area.components[name] = comp
    if spec.model not in area.models:
        area.models[spec.model] = Model(
            spec.model,
            f"{PREFIX}:model/{spec.model}",
            when - 900,
            VariantTemplate(spec.model, spec.model, spec.image, None),
        )
    comp.desired.append((when, copies))
    comp.counts.append((when, 0))
    delay = load_delay(area, comp, when, True)
    comp.counts.append((when + delay, fit(area, comp, when, copies)))
    comp.transitions.append((when + delay, "InService"))
    return comp


def _register_fleet_target(
    area: EndpointsArea, comp: Component, tpl: ComponentTemplate, created: float
) -> None:
    sc = tpl.scaling
    assert sc is not None
    target = area.new_target(
        resource_id(comp.name),
        DIMENSION,
        comp.endpoint,
        comp.variant,
        sc.min,
        sc.max,
        created,
        component=comp.name,
    )
    area.put_tracking_policy(target, DEFAULT_POLICY, TT_METRIC, sc, created + 60)
    if tpl.step is not None:
        alarm, steps, cooldown = tpl.step
        area.put_policy(
            target,
            f"{comp.name}-burst-step-out",
            "StepScaling",
            {
                "AdjustmentType": "ChangeInCapacity",
                "StepAdjustments": [dict(s) for s in steps],
                "Cooldown": cooldown,
                "MetricAggregationType": "Average",
            },
            created + 120,
            alarm,
        )


# --- copies ---------------------------------------------------------------------------------------
def host_accelerators(area: EndpointsArea, comp: Component, t: float) -> int:
    ep = area.endpoints.get(comp.endpoint)
    if ep is None:
        return 0
    variant = next((v for v in ep.variants if v.name == comp.variant), None)
    if variant is None:
        return 0
    gpus = INSTANCE_SPECS.get(variant.template_at(t).instance_type or "", (0, 0))[1]
    return gpus * max(variant.count(t), variant.desired_count(t))


def fit(area: EndpointsArea, comp: Component, t: float, wanted: int) -> int:
    """How many of ``wanted`` copies find free accelerators on the endpoint at ``t``."""
    need = comp.spec.accelerators
    if not need:
        return wanted
    used = sum(
        (c.spec.accelerators or 0) * c.desired_count(t)
        for c in area.components.values()
        if c is not comp and c.endpoint == comp.endpoint and c.exists(t) and c.deleted is None
    )
    free = host_accelerators(area, comp, t) - used
    return max(0, min(wanted, int(free // need)))


def load_delay(area: EndpointsArea, comp: Component, t: float, up: bool) -> float:
    """Seconds until copies are loaded (model download and container start) or drained."""
    jitter = mix(key_of(area.seed, comp.name, "copies"), int(t // 60))
    return 150 + 150 * jitter if up else 30 + 30 * jitter


def change_copies(area: EndpointsArea, comp: Component, t: float, new: int) -> float:
    """Sets the desired copy count at ``t``; returns when the copies are in place."""
    delay = load_delay(area, comp, t, new > comp.count(t))
    comp.desired.append((t, new))
    comp.counts.append((t + delay, fit(area, comp, t, new)))
    comp.modified.append(t)
    return delay


# --- the autoscaler's view ------------------------------------------------------------------------
def invocations(area: EndpointsArea, comp: Component, minute: int) -> float:
    t = minute * 60.0
    ep = area.endpoints.get(comp.endpoint)
    if ep is None or comp.status(t) not in ("InService", "Updating") or comp.count(t) <= 0:
        return 0.0
    variant = next((v for v in ep.variants if v.name == comp.variant), None)
    if variant is None:
        return 0.0
    return ep.invocations(variant, minute) * comp.spec.share


def subject(area: EndpointsArea, target: Target, t: float) -> Subject | None:
    comp = area.components.get(target.component)
    ep = area.endpoints.get(target.endpoint)
    if comp is None or ep is None or comp.status(t) != "InService" or not ep.serving(t):
        return None

    return Subject(
        resource_id=target.resource_id,
        dimension=DIMENSION,
        noun="copy count",
        metric=TT_METRIC,
        per_unit_metric="InvocationsPerCopy",
        desired=comp.desired_count,
        current=comp.count,
        invocations=lambda minute: invocations(area, comp, minute),
        sample=sampler(lambda name, m: minute_dist(area, comp, name, m)),
        apply=lambda when, new: change_copies(area, comp, when, new),
        capacity=comp.spec.capacity,
    )


# --- CloudWatch ---------------------------------------------------------------------------------
def minute_dist(area: EndpointsArea, comp: Component, name: str, m: int) -> Dist | None:
    """What metric ``name`` of the component published during minute ``m``."""
    t = m * 60.0
    inv = float(round(invocations(area, comp, m)))
    if inv <= 0:
        return None
    count = comp.count(t)
    spec = comp.spec
    key = key_of(comp.name, name)
    noise = mix(key, m)
    u = inv / max(1, count) / (spec.capacity * 1.5)
    ep = area.endpoints.get(comp.endpoint)
    incidents = ep.traffic.incidents(t) if ep is not None else []
    slow = max((i.severity for i in incidents if i.kind == "latency"), default=1.0)
    burst = sum(i.severity for i in incidents if i.kind == "5xx")
    if name == "Invocations":
        return Dist("const", inv, 1.0)
    if name == "InvocationsPerCopy":
        return Dist("const", inv, 1.0 / count) if count > 0 else None
    if name == "ModelLatency":
        median = spec.latency_ms * 1000 * (1 + 1.6 * max(0.0, u - 0.75)) * slow
        return Dist("lognormal", inv, median * (0.95 + 0.1 * noise), spec.sigma)
    if name == "OverheadLatency":
        return Dist("lognormal", inv, 1900.0 * (0.9 + 0.2 * noise), 0.5)
    if name == "Invocation4XXErrors":
        return Dist("bernoulli", inv, 0.003 + 0.004 * mix(key, m // 30))
    if name == "Invocation5XXErrors":
        return Dist("bernoulli", inv, min(1.0, 0.0003 + burst + 0.2 * max(0.0, u - 1.15)))
    return None
