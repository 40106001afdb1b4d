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
Updating. Step scaling: see ``_step_scaling`` (the sandbox evaluates the alarms).

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
from . import components, idle
from .catalog import EXTRA_CONFIGS, TEMPLATES, EndpointTemplate, Scaling, VariantTemplate
from .metrics import EndpointMetrics
from .model import (
    Activity,
    AlarmSpec,
    Config,
    Endpoint,
    Instance,
    Model,
    Policy,
    Subject,
    Target,
    Variant,
)
from .shape import extra_endpoints
from .traffic import hex_id, key_of, mix, sampler

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
ALARM_DATAPOINTS = 3
"""A step scaling policy's alarm reads the last three one-minute datapoints, aggregated with
the policy's MetricAggregationType (sandbox convention)."""
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
        self.components: dict[str, components.Component] = {}
        self.metrics = EndpointMetrics(self)
        self._samples: dict[tuple[str, str, str, int], float | None] = {}
        """Alarm datapoints already read (each is read by three evaluations)."""
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
            catalog = (*TEMPLATES, *idle.TEMPLATES, *components.HOSTS)
            more = extra_endpoints(self.world.endpoint_count, len(catalog))
            for i, tpl in enumerate((*catalog, *more)):
                self._build(i, tpl)
            components.build_fleet(self)
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
                self.components,
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
            self.components,
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
            if v.model and v.model not in self.models:
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
            traffic=idle.traffic_for(self.seed, tpl, start),
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
        created = ready + 900
        rid = resource_id(ep.name, v.name)
        target = self.new_target(rid, NAMESPACE_DIMENSION, ep.name, v.name, sc.min, sc.max, created)
        name = DEFAULT_POLICY if ep.name != "recsys-ranker-prod" else "champion-invocations-target"
        self.put_tracking_policy(target, name, TT_METRIC, sc, created + 60)
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
                # ModelLatency is in microseconds: p99 above 500 ms, a severe incident only (the
                # planted latency spike before the start stays below it, so the fleet's start
                # is the same with and without step scaling).
                AlarmSpec(f"{ep.name}-p99-latency-high", "ModelLatency", "p99", 500_000.0),
            )

    def new_target(
        self,
        rid: str,
        dimension: str,
        endpoint: str,
        variant: str,
        low: int,
        high: int,
        created: float,
        role: str = ROLE,
        component: str = "",
    ) -> Target:
        """A scalable target registered at ``created`` (nothing suspended)."""
        target = Target(
            resource_id=rid,
            dimension=dimension,
            endpoint=endpoint,
            variant=variant,
            min=low,
            max=high,
            created=created,
            arn=self.target_arn(rid),
            role=role,
            suspended={
                "DynamicScalingInSuspended": False,
                "DynamicScalingOutSuspended": False,
                "ScheduledScalingSuspended": False,
            },
            component=component,
        )
        self.targets[rid] = target
        return target

    def put_tracking_policy(
        self, target: Target, name: str, metric: str, sc: Scaling, when: float
    ) -> Policy:
        """The fleet's target-tracking policy on a predefined metric, from its template."""
        config = {
            "TargetValue": float(sc.target),
            "PredefinedMetricSpecification": {"PredefinedMetricType": metric},
            "ScaleOutCooldown": sc.scale_out_cooldown,
            "ScaleInCooldown": sc.scale_in_cooldown,
            "DisableScaleIn": False,
        }
        return self.put_policy(target, name, "TargetTrackingScaling", config, when)

    def target_arn(self, rid: str) -> str:
        return (
            f"arn:aws:application-autoscaling:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:"
            f"scalable-target/sm{hex_id(key_of(self.seed, rid, 'target'), 0, 32)}"
        )

    def put_policy(
        self,
        target: Target,
        name: str,
        ptype: str,
        config: dict,
        when: float,
        alarm_spec: AlarmSpec | None = None,
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
            if alarm_spec is None and existing is not None:
                alarm_spec = existing.alarm_spec
            alarm = alarm_spec.name if alarm_spec else f"sandbox-step-{name}"
            alarms.append(
                {
                    "AlarmName": alarm,
                    "AlarmARN": f"arn:aws:cloudwatch:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:"
                    f"alarm:{alarm}",
                }
            )
        policy = Policy(
            name, ptype, config, existing.created if existing else when, arn, alarms, alarm_spec
        )
        if existing is not None:
            policy.last_action = existing.last_action
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
        for name in [n for n, c in self.components.items() if c.endpoint == ep.name]:
            del self.components[name]

    def _step(self, minute: int) -> None:
        t = minute * 60.0
        for target in list(self.targets.values()):
            if target.created > t:
                continue
            subject = self.subject(target, t)
            if subject is not None:
                self._evaluate(subject, target, minute)

    def subject(self, target: Target, t: float) -> Subject | None:
        """What ``target`` scales at ``t``, or None while it cannot scale (not in service)."""
        if target.component:
            return components.subject(self, target, t)
        ep = self.endpoints.get(target.endpoint)
        if ep is None or ep.status(t) != "InService":
            return None
        variant = next((v for v in ep.variants if v.name == target.variant), None)
        if variant is None or variant.serverless is not None:
            return None
        return self.variant_subject(ep, variant)

    def variant_subject(self, ep: Endpoint, variant: Variant) -> Subject:
        def apply(t: float, new: int) -> float:
            delay = self.provision_delay(ep, variant, t, new > variant.desired_count(t))
            self.change_count(ep, variant, t, new, delay)
            return delay

        sc = variant.tpl.scaling
        peak = ep.traffic.rpm * variant.tpl.share * (1 + ep.traffic.amplitude)
        return Subject(
            resource_id=resource_id(ep.name, variant.name),
            dimension=NAMESPACE_DIMENSION,
            noun="instance count",
            metric=TT_METRIC,
            per_unit_metric="InvocationsPerInstance",
            desired=variant.desired_count,
            current=variant.count,
            invocations=lambda minute: ep.invocations(variant, minute),
            sample=sampler(lambda name, m: self.metrics.minute(name, ep, variant, m)),
            apply=apply,
            capacity=sc.target if sc else max(1.0, peak / max(1, variant.tpl.count)),
        )

    def _evaluate(self, subject: Subject, target: Target, minute: int) -> None:
        t = minute * 60.0
        desired = subject.desired(t)
        if desired < target.min:
            self._scale(subject, t, target.min, f"minimum capacity was set to {target.min}")
            return
        if desired > target.max:
            self._scale(subject, t, target.max, f"maximum capacity was set to {target.max}")
            return
        if self._step_scaling(subject, target, minute):
            return
        policies = [p for p in target.policies.values() if p.tracks(subject.metric)]
        if not policies:
            return
        count = subject.current(t)
        if count <= 0:
            return
        ipi = subject.invocations(minute - 1) / count
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
            cause = _cause(policy.alarms[0]["AlarmName"], policy.name)
            if new > desired:
                target.last_out = t
                target.high = 0
                self._scale(subject, t, new, cause)
            elif desired >= target.max and t - target.last_not_scaled >= out_cd:
                target.last_not_scaled = t
                self._not_scaled(subject, target, t, wanted, desired, cause)
        elif target.low >= 15 and not target.is_suspended("DynamicScalingInSuspended"):
            if t - target.last_in < in_cd or t - target.last_out < out_cd:
                return
            new = max(target.min, wanted)
            if new < desired:
                target.last_in = t
                target.low = 0
                self._scale(subject, t, new, _cause(policy.alarms[1]["AlarmName"], policy.name))

    # --- step scaling -----------------------------------------------------------------------
    def step_alarm(self, subject: Subject, target: Target, policy: Policy) -> AlarmSpec:
        """The alarm a step policy acts on (CloudWatch alarms are not served: the sandbox
        evaluates them). The fleet's policies name theirs (AlarmSpec); a policy put through
        the API gets the sandbox convention: an alarm on the resource's per-unit invocations
        (InvocationsPerInstance / InvocationsPerCopy, Sum a minute) whose threshold is the
        target value of the same target's target-tracking policy or, without one, the
        requests per minute a unit is sized for."""
        if policy.alarm_spec is not None:
            return policy.alarm_spec
        tracking = [p for p in target.policies.values() if p.tracks(subject.metric)]
        threshold = (
            float(tracking[0].config["TargetValue"]) if tracking else float(subject.capacity)
        )
        return AlarmSpec(policy.alarms[0]["AlarmName"], subject.per_unit_metric, "Sum", threshold)

    def _step_scaling(self, subject: Subject, target: Target, minute: int) -> bool:
        """The target's step policies act on their alarms; True when one changed the capacity.

        As Application Auto Scaling documents step scaling
        (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-step-scaling-policies.html):
        the breach (aggregated metric minus the alarm threshold) picks the step adjustment
        whose [lower, upper) interval holds it; ChangeInCapacity adds it to the desired
        count, PercentChangeInCapacity adds that percentage of it (see ``_adjusted``),
        ExactCapacity sets it; the result stays within [min, max]; the policy takes no new
        action during its Cooldown; suspended dynamic scaling is honoured."""
        t = minute * 60.0
        for policy in sorted(target.policies.values(), key=lambda p: p.name):
            if policy.type != "StepScaling" or policy.created > t:
                continue
            config = policy.config
            if t - policy.last_action < int(config.get("Cooldown", 300)):
                continue
            step = self._breached_step(subject, target, policy, minute)
            if step is None:
                continue
            adjustment = int(step["ScalingAdjustment"])
            kind = config.get("AdjustmentType", "ChangeInCapacity")
            desired = subject.desired(t)
            magnitude = int(config.get("MinAdjustmentMagnitude") or 0)
            new = _adjusted(desired, adjustment, kind, magnitude)
            up = new > desired if kind == "ExactCapacity" else adjustment > 0
            suspended = "DynamicScalingOutSuspended" if up else "DynamicScalingInSuspended"
            if target.is_suspended(suspended):
                continue
            new = max(target.min, min(target.max, new))
            cause = _cause(self.step_alarm(subject, target, policy).name, policy.name)
            if new == desired:
                if up and desired >= target.max and t - target.last_not_scaled >= 300:
                    target.last_not_scaled = t
                    self._not_scaled(subject, target, t, desired + 1, desired, cause)
                continue
            policy.last_action = t
            if new > desired:
                target.last_out = t
            else:
                target.last_in = t
            self._scale(subject, t, new, cause)
            return True
        return False

    def _breached_step(
        self, subject: Subject, target: Target, policy: Policy, minute: int
    ) -> dict | None:
        alarm = self.step_alarm(subject, target, policy)
        if len(self._samples) > 4096:
            self._samples.clear()
        values = []
        for m in range(minute - ALARM_DATAPOINTS, minute):
            key = (subject.resource_id, alarm.metric, alarm.stat, m)
            if key not in self._samples:
                self._samples[key] = subject.sample(alarm.metric, alarm.stat, m)
            if (value := self._samples[key]) is not None:
                values.append(value)
        if len(values) < ALARM_DATAPOINTS:
            return None  # missing data: the alarm stays out of ALARM
        how = policy.config.get("MetricAggregationType", "Average")
        if how == "Minimum":
            value = min(values)
        elif how == "Maximum":
            value = max(values)
        else:
            value = sum(values) / len(values)
        breach = value - alarm.threshold
        for step in policy.config.get("StepAdjustments") or []:
            low = step.get("MetricIntervalLowerBound")
            high = step.get("MetricIntervalUpperBound")
            inside = (low is None or breach >= low) and (high is None or breach < high)
            # A scale-out policy's alarm fires above the threshold, a scale-in one's below.
            if inside and ((low is not None and low >= 0) or (high is not None and high <= 0)):
                return dict(step)
        return None

    def _not_scaled(
        self, subject: Subject, target: Target, t: float, wanted: int, current: int, cause: str
    ) -> None:
        self.activities.append(
            Activity(
                id=self.uid(target.resource_id, "not-scaled", t),
                resource_id=target.resource_id,
                dimension=target.dimension,
                description=f"Attempting to set desired {subject.noun} to {wanted}.",
                cause=cause,
                start=t,
                end=t,
                message=f"Failed to set desired {subject.noun}: already at max capacity.",
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
        self._scale(self.variant_subject(ep, variant), t, new, cause)

    def _scale(self, subject: Subject, t: float, new: int, cause: str) -> None:
        delay = subject.apply(t, new)
        rid = subject.resource_id
        self.activities.append(
            Activity(
                id=self.uid(rid, "activity", t, new),
                resource_id=rid,
                dimension=subject.dimension,
                description=f"Setting desired {subject.noun} to {new}.",
                cause=cause,
                start=t,
                end=t + delay,
                message=(
                    f"Successfully set desired {subject.noun} to {new}. Change successfully "
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


def _cause(alarm: str, policy: str) -> str:
    return f"monitor alarm {alarm} in state ALARM triggered policy {policy}"


def _adjusted(desired: int, adjustment: int, kind: str, min_magnitude: int) -> int:
    """The new desired count of a step adjustment. PercentChangeInCapacity as Application
    Auto Scaling rounds it: a change between 0 and 1 (or 0 and -1) becomes 1 (or -1),
    larger ones round toward zero; at least MinAdjustmentMagnitude when one is set."""
    if kind == "ExactCapacity":
        return adjustment
    if kind != "PercentChangeInCapacity":
        return desired + adjustment
    change = desired * adjustment / 100
    if 0 < abs(change) < 1:
        step = 1 if change > 0 else -1
    else:
        step = math.trunc(change)
    if min_magnitude and 0 < abs(step) < min_magnitude:
        step = min_magnitude if step > 0 else -min_magnitude
    return desired + step
