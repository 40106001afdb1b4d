"""The endpoints area: a fleet of endpoints with configs and models, Application Auto
Scaling targets and policies, and a target-tracking autoscaler, on the world's clock.

Built lazily on first use (a sandbox that never sees an endpoint request pays nothing).
The autoscaler is stepped minute by minute from a week before the sandbox start up to
"now" whenever anything reads the area, so scaling history, activities and metrics agree.

Target tracking, as Application Auto Scaling documents it for SageMaker variants
(https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html,
SageMaker developer guide "Auto scaling policy overview"): the predefined metric
``SageMakerVariantInvocationsPerInstance`` (InvocationsPerInstance, Sum per minute);
a high alarm after 3 consecutive datapoints above the target scales out, a low alarm
after 15 consecutive datapoints below 90% of it scales in; the new capacity is
ceil(current x metric / target), kept within [min, max]; no scale-out during the
scale-out cooldown, no scale-in during either cooldown; suspended dynamic scaling and
DisableScaleIn are honoured. Scaling sets the variant's desired count at once; the
instances are in service after a provisioning delay, during which the endpoint is
Updating. Step scaling policies are stored and shown, not simulated.

Activity texts follow a real DescribeScalingActivities answer for a SageMaker variant:
Description "Setting desired instance count to 48.", Cause "monitor alarm
TargetTracking-endpoint/NAME/variant/VARIANT-AlarmHigh-<uuid> in state ALARM triggered
policy POLICY", StatusMessage "Successfully set desired instance count to 48. Change
successfully fulfilled by sagemaker.".
"""

from __future__ import annotations

import copy
import math
import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..constants import SANDBOX_ACCOUNT, SANDBOX_REGION
from .catalog import EXTRA_CONFIGS, TEMPLATES, EndpointTemplate, VariantTemplate
from .model import Activity, Config, Endpoint, Instance, Model, Policy, Target, Variant
from .traffic import Traffic, hex_id, key_of, mix

if TYPE_CHECKING:
    from ..world import World

HISTORY = 7 * 86400 + 3600
NAMESPACE_DIMENSION = "sagemaker:variant:DesiredInstanceCount"
ROLE = (
    f"arn:aws:iam::{SANDBOX_ACCOUNT}:role/aws-service-role/"
    "sagemaker.application-autoscaling.amazonaws.com/"
    "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint"
)
PREFIX = f"arn:aws:sagemaker:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}"
TT_METRIC = "SageMakerVariantInvocationsPerInstance"
DEFAULT_POLICY = "SageMakerEndpointInvocationScalingPolicy"
_SNAPSHOTS: dict[tuple[int, float], tuple] = {}
_SNAPSHOT_LOCK = threading.Lock()


def resource_id(endpoint: str, variant: str) -> str:
    return f"endpoint/{endpoint}/variant/{variant}"


def stamp(t: float) -> str:
    return datetime.fromtimestamp(t, tz=UTC).strftime("%Y%m%d%H%M")


class EndpointsArea:
    def __init__(self, world: World) -> None:
        self.world = world
        self.seed = world.seed
        self.clock = world.clock
        self.start = self.clock.start
        self.lock = threading.RLock()
        self.endpoints: dict[str, Endpoint] = {}
        self.gone: list[Endpoint] = []
        self.configs: dict[str, Config] = {}
        self.models: dict[str, Model] = {}
        self.targets: dict[str, Target] = {}
        self.activities: list[Activity] = []
        self._minute = 0
        self._built = False
        self._serial = 0

    # --- ids ---------------------------------------------------------------------------
    def uid(self, *parts: object) -> str:
        key = key_of(self.seed, *parts)
        h = hex_id(key, 0, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    def instance_id(self, *parts: object) -> str:
        return "i-0" + hex_id(key_of(self.seed, "instance", *parts), 0, 16)

    def next_serial(self) -> int:
        self._serial += 1
        return self._serial

    # --- building ------------------------------------------------------------------------
    def ensure(self) -> None:
        with self.lock:
            if self._built:
                return
            self._built = True
            for i, tpl in enumerate(TEMPLATES):
                self._build(i, tpl)
            for name in EXTRA_CONFIGS:
                base = next(c for c in self.configs.values() if name.startswith(c.tpl.name))
                self.configs[name] = Config(
                    name,
                    f"{PREFIX}:endpoint-config/{name}",
                    base.created - 21 * 86400,
                    base.tpl,
                    base.variants,
                    base.shadow,
                    base.capture,
                )
            self._minute = int((self.start - HISTORY) // 60)
            self._history()

    def _history(self) -> None:
        """Step the week before the start, or copy it from an area with the same seed and
        start (the history is a pure function of both; stepping it costs most of a second)."""
        key = (self.seed, self.start)
        with _SNAPSHOT_LOCK:
            snapshot = _SNAPSHOTS.get(key)
        if snapshot is None:
            last = int(self.start // 60)
            while self._minute <= last:
                self._step(self._minute)
                self._minute += 1
            snapshot = copy.deepcopy(self._state())
            with _SNAPSHOT_LOCK:
                _SNAPSHOTS[key] = snapshot
                while len(_SNAPSHOTS) > 8:
                    _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
        else:
            state = copy.deepcopy(snapshot)
            (
                self.endpoints,
                self.gone,
                self.configs,
                self.models,
                self.targets,
                self.activities,
                self._minute,
            ) = state

    def _state(self) -> tuple:
        return (
            self.endpoints,
            self.gone,
            self.configs,
            self.models,
            self.targets,
            self.activities,
            self._minute,
        )

    def _add_config(
        self,
        name: str,
        created: float,
        tpl: EndpointTemplate,
        variants: tuple[VariantTemplate, ...],
    ) -> Config:
        config = Config(
            name,
            f"{PREFIX}:endpoint-config/{name}",
            created,
            tpl,
            variants,
            tpl.shadow,
            tpl.capture,
        )
        self.configs[name] = config
        for v in (*variants, *((tpl.shadow,) if tpl.shadow else ())):
            if v.model not in self.models:
                self.models[v.model] = Model(v.model, f"{PREFIX}:model/{v.model}", created - 600, v)
        return config

    def _build(self, i: int, tpl: EndpointTemplate) -> None:
        key = key_of(self.seed, tpl.name, "build")
        start = self.start
        if tpl.lifecycle == "Creating":
            created = start - 120
            ready: float | None = start + 420
        elif tpl.lifecycle == "Failed":
            created = start - 86400 + mix(key, 1) * 3600
            ready = None
        else:
            created = start - tpl.age_days * 86400 - mix(key, 2) * 7200
            ready = created + 360 + mix(key, 3) * 300
        config = self._add_config(
            f"{tpl.name}-config-{stamp(created - 60)}", created - 60, tpl, tpl.variants
        )
        ep = Endpoint(
            tpl=tpl,
            name=tpl.name,
            arn=f"{PREFIX}:endpoint/{tpl.name}",
            created=created,
            config=config.name,
            traffic=Traffic(self.seed, tpl, start),
            transitions=[(created, "Creating")],
            capture=tpl.capture,
            tags=[{"Key": "team", "Value": tpl.team}, {"Key": "managed-by", "Value": "terraform"}],
        )
        if tpl.lifecycle == "Failed":
            ep.transitions.append((created + 1380, "Failed"))
            ep.failure = tpl.failure
        elif ready is not None:
            ep.transitions.append((ready, "InService"))
        if tpl.lifecycle == "Updating":
            begin, end = start - 180, start + 360
            new = self._add_config(
                f"{tpl.name}-config-{stamp(begin)}", begin - 60, tpl, tpl.update_to
            )
            ep.pending = (new.name, begin, end)
            ep.transitions += [(begin, "Updating"), (end, "InService")]
        for vt in tpl.variants:
            ep.variants.append(self._variant(ep, vt, ready, shadow=False))
        if tpl.shadow is not None:
            ep.shadows.append(self._variant(ep, tpl.shadow, ready, shadow=True))
        if ep.pending is not None:
            for v, new_tpl in zip(ep.variants, tpl.update_to, strict=False):
                v.swap = (ep.pending[2], new_tpl)
                v.change = (ep.pending[1], ep.pending[2], "Blue/green deployment in progress.")
        self.endpoints[ep.name] = ep
        if ready is not None:
            for v in ep.variants:
                if v.tpl.scaling is not None:
                    self._register_template_target(ep, v, ready)

    def _variant(
        self, ep: Endpoint, vt: VariantTemplate, ready: float | None, *, shadow: bool
    ) -> Variant:
        v = Variant(endpoint=ep.name, tpl=vt, shadow=shadow)
        v.counts.append((ep.created, 0))
        v.desired.append((ep.created, 0 if vt.serverless else vt.count))
        v.weights.append((ep.created, vt.weight))
        v.desired_weight = vt.weight
        if vt.serverless is not None:
            v.serverless = v.desired_serverless = vt.serverless
        elif ready is not None:
            v.counts.append((ready, vt.count))
            for n in range(vt.count):
                v.instances.append(
                    Instance(self.instance_id(ep.name, vt.name, n, ready), ready - 300, ready)
                )
        elif ep.tpl.lifecycle == "Failed":
            # The instance came up, its container never answered /ping, then it was released.
            failed = ep.created + 1380
            v.instances.append(
                Instance(self.instance_id(ep.name, vt.name, 0, 0), ep.created + 60, failed, failed)
            )
        if ready is None or ready > self.start:
            v.change = (ep.created, ready or ep.created + 1380, "Creating endpoint.")
        return v

    def _register_template_target(self, ep: Endpoint, v: Variant, ready: float) -> None:
        sc = v.tpl.scaling
        assert sc is not None
        rid = resource_id(ep.name, v.name)
        created = ready + 900
        target = Target(
            resource_id=rid,
            dimension=NAMESPACE_DIMENSION,
            endpoint=ep.name,
            variant=v.name,
            min=sc.min,
            max=sc.max,
            created=created,
            arn=self.target_arn(rid),
            role=ROLE,
            suspended={
                "DynamicScalingInSuspended": False,
                "DynamicScalingOutSuspended": False,
                "ScheduledScalingSuspended": False,
            },
        )
        self.targets[rid] = target
        name = DEFAULT_POLICY if ep.name != "recsys-ranker-prod" else "champion-invocations-target"
        self.put_policy(
            target,
            name,
            "TargetTrackingScaling",
            {
                "TargetValue": float(sc.target),
                "PredefinedMetricSpecification": {"PredefinedMetricType": TT_METRIC},
                "ScaleOutCooldown": sc.scale_out_cooldown,
                "ScaleInCooldown": sc.scale_in_cooldown,
                "DisableScaleIn": False,
            },
            created + 60,
        )
        if sc.step_policy:
            self.put_policy(
                target,
                f"{ep.name}-p99-latency-step-out",
                "StepScaling",
                {
                    "AdjustmentType": "ChangeInCapacity",
                    "StepAdjustments": [
                        {
                            "MetricIntervalLowerBound": 0.0,
                            "MetricIntervalUpperBound": 20000.0,
                            "ScalingAdjustment": 1,
                        },
                        {"MetricIntervalLowerBound": 20000.0, "ScalingAdjustment": 2},
                    ],
                    "Cooldown": 300,
                    "MetricAggregationType": "Average",
                },
                created + 120,
            )

    def target_arn(self, rid: str) -> str:
        return (
            f"arn:aws:application-autoscaling:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:"
            f"scalable-target/sm{hex_id(key_of(self.seed, rid, 'target'), 0, 32)}"
        )

    def put_policy(
        self, target: Target, name: str, ptype: str, config: dict, when: float
    ) -> Policy:
        existing = target.policies.get(name)
        uid = existing.arn.split(":")[5] if existing else self.uid(target.resource_id, name, when)
        arn = (
            f"arn:aws:autoscaling:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:scalingPolicy:{uid}:"
            f"resource/sagemaker/{target.resource_id}:policyName/{name}"
        )
        alarms: list[dict[str, str]] = []
        if ptype == "TargetTrackingScaling":
            for which in ("AlarmHigh", "AlarmLow"):
                alarm = (
                    f"TargetTracking-{target.resource_id}-{which}-"
                    f"{self.uid(target.resource_id, name, which)}"
                )
                alarms.append(
                    {
                        "AlarmName": alarm,
                        "AlarmARN": f"arn:aws:cloudwatch:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:"
                        f"alarm:{alarm}",
                    }
                )
        else:
            alarm = f"{target.endpoint}-p99-latency-high"
            alarms.append(
                {
                    "AlarmName": alarm,
                    "AlarmARN": f"arn:aws:cloudwatch:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:"
                    f"alarm:{alarm}",
                }
            )
        policy = Policy(name, ptype, config, existing.created if existing else when, arn, alarms)
        target.policies[name] = policy
        return policy

    # --- the clock ------------------------------------------------------------------------
    def sync(self) -> float:
        """Build if needed and step the autoscaler up to now; returns now."""
        with self.lock:
            self.ensure()
            now = self.clock.now()
            last = int(now // 60)
            while self._minute <= last:
                self._step(self._minute)
                self._minute += 1
            for ep in list(self.endpoints.values()):
                if not ep.exists(now) and ep.deleted is not None:
                    self._forget(ep)
            return now

    def _forget(self, ep: Endpoint) -> None:
        del self.endpoints[ep.name]
        self.gone.append(ep)
        for rid in [r for r, t in self.targets.items() if t.endpoint == ep.name]:
            del self.targets[rid]

    def _step(self, minute: int) -> None:
        t = minute * 60.0
        for target in list(self.targets.values()):
            if target.created > t:
                continue
            ep = self.endpoints.get(target.endpoint)
            if ep is None or ep.status(t) != "InService":
                continue
            variant = next((v for v in ep.variants if v.name == target.variant), None)
            if variant is None or variant.serverless is not None:
                continue
            self._evaluate(ep, variant, target, minute)

    def _evaluate(self, ep: Endpoint, variant: Variant, target: Target, minute: int) -> None:
        t = minute * 60.0
        desired = variant.desired_count(t)
        if desired < target.min:
            self.scale(
                ep, variant, target, t, target.min, f"minimum capacity was set to {target.min}"
            )
            return
        if desired > target.max:
            self.scale(
                ep, variant, target, t, target.max, f"maximum capacity was set to {target.max}"
            )
            return
        policies = [p for p in target.policies.values() if p.tracks_invocations]
        if not policies:
            return
        count = variant.count(t)
        if count <= 0:
            return
        ipi = ep.invocations(variant, minute - 1) / count
        best: tuple[int, Policy] | None = None
        high = low = False
        for p in policies:
            value = float(p.config["TargetValue"])
            if ipi > value:
                high = True
            if ipi < 0.9 * value and not p.config.get("DisableScaleIn"):
                low = True
            wanted = max(1, math.ceil(count * ipi / value))
            if best is None or wanted > best[0]:
                best = (wanted, p)
        target.high = target.high + 1 if high else 0
        target.low = target.low + 1 if low and not high else 0
        assert best is not None
        wanted, policy = best
        out_cd = int(policy.config.get("ScaleOutCooldown", 300))
        in_cd = int(policy.config.get("ScaleInCooldown", 300))
        if target.high >= 3 and not target.is_suspended("DynamicScalingOutSuspended"):
            if t - target.last_out < out_cd:
                return
            new = min(target.max, wanted)
            alarm = policy.alarms[0]["AlarmName"]
            cause = f"monitor alarm {alarm} in state ALARM triggered policy {policy.name}"
            if new > desired:
                target.last_out = t
                target.high = 0
                self.scale(ep, variant, target, t, new, cause)
            elif desired >= target.max and t - target.last_not_scaled >= out_cd:
                target.last_not_scaled = t
                self._not_scaled(target, t, wanted, desired, cause)
        elif target.low >= 15 and not target.is_suspended("DynamicScalingInSuspended"):
            if t - target.last_in < in_cd or t - target.last_out < out_cd:
                return
            new = max(target.min, wanted)
            if new < desired:
                alarm = policy.alarms[1]["AlarmName"]
                cause = f"monitor alarm {alarm} in state ALARM triggered policy {policy.name}"
                target.last_in = t
                target.low = 0
                self.scale(ep, variant, target, t, new, cause)

    def _not_scaled(self, target: Target, t: float, wanted: int, current: int, cause: str) -> None:
        self.activities.append(
            Activity(
                id=self.uid(target.resource_id, "not-scaled", t),
                resource_id=target.resource_id,
                dimension=target.dimension,
                description=f"Attempting to set desired instance count to {wanted}.",
                cause=cause,
                start=t,
                end=t,
                message="Failed to set desired instance count: already at max capacity.",
                not_scaled=[
                    {
                        "Code": "AlreadyAtMaxCapacity",
                        "MaxCapacity": target.max,
                        "CurrentCapacity": current,
                    }
                ],
            )
        )

    def scale(
        self, ep: Endpoint, variant: Variant, target: Target | None, t: float, new: int, cause: str
    ) -> None:
        """Application Auto Scaling sets the variant's desired count to ``new`` at ``t``."""
        old = variant.desired_count(t)
        delay = self.provision_delay(ep, variant, t, new > old)
        self.change_count(ep, variant, t, new, delay)
        rid = resource_id(ep.name, variant.name)
        self.activities.append(
            Activity(
                id=self.uid(rid, "activity", t, new),
                resource_id=rid,
                dimension=NAMESPACE_DIMENSION,
                description=f"Setting desired instance count to {new}.",
                cause=cause,
                start=t,
                end=t + delay,
                message=(
                    f"Successfully set desired instance count to {new}. Change successfully "
                    "fulfilled by sagemaker."
                ),
            )
        )

    def provision_delay(self, ep: Endpoint, variant: Variant, t: float, up: bool) -> float:
        jitter = mix(key_of(self.seed, ep.name, variant.name, "delay"), int(t // 60))
        return 300 + 120 * jitter if up else 90 + 60 * jitter

    def change_count(
        self, ep: Endpoint, variant: Variant, t: float, new: int, delay: float
    ) -> None:
        old_current = variant.count(t)
        variant.desired.append((t, new))
        variant.counts.append((t + delay, new))
        alive = [i for i in variant.instances if i.terminated is None]
        if new > old_current:
            for n in range(new - old_current):
                variant.instances.append(
                    Instance(self.instance_id(ep.name, variant.name, t, n), t, t + delay)
                )
        else:
            for inst in sorted(alive, key=lambda i: i.launched)[new:]:
                inst.terminated = t + delay
        variant.change = (
            t,
            t + delay,
            f"Updating instance count from {old_current} to {new}.",
        )
        ep.transitions += [(t, "Updating"), (t + delay, "InService")]
        ep.modified.append(t)

    # --- lookups ---------------------------------------------------------------------------
    def live(self, now: float) -> list[Endpoint]:
        return [ep for ep in self.endpoints.values() if ep.exists(now)]

    def every_endpoint(self) -> list[Endpoint]:
        return [*self.endpoints.values(), *self.gone]
