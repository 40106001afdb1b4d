"""Pure checks of what a user types to scale an endpoint, before anything is sent.

Each returns ``(value, problem)``: the parsed value (None when unusable) and a message
for beside the field ("" when fine). ``warning`` results are shown but do not block.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from smtui.domain.numbers import INT32_MAX, Decimal, Whole

PLAUSIBLE_MAX_INSTANCES = 40
"""Above this, warn: SageMaker's default per-instance-type quotas "for endpoint usage" are
in the tens for most types and lower for GPUs (Service Quotas, SageMaker); a larger max is
usually a typo, or needs a quota increase before scaling can reach it."""


@dataclass(frozen=True, slots=True)
class Check:
    field: str
    message: str
    warning: bool = False


# The specs of every number typed to scale (smtui/domain/numbers.py parses them all).
# RegisterScalableTarget MinCapacity/MaxCapacity: shape ResourceCapacity, an integer
# (botocore application-autoscaling model: 32-bit, no stated minimum).
CAPACITY = Whole("capacity", 0, INT32_MAX, source="application-autoscaling ResourceCapacity")
# UpdateEndpointWeightsAndCapacities DesiredInstanceCount: shape TaskCount, integer, min 0
# (botocore sagemaker model); a variant without instances serves nothing, so at least 1.
DESIRED = Whole("desired count", 1, INT32_MAX, source="sagemaker TaskCount")
# DesiredWeight: shape VariantWeight, float, min 0, no maximum (botocore sagemaker model);
# a botocore ``float`` is 32-bit (Smithy "Simple types"), so at most FLOAT32_MAX. Weights
# are relative: a variant's share is its weight over the sum of all weights
# (ProductionVariant.InitialVariantWeight, SageMaker API reference).
FLOAT32_MAX = 3.4028234663852886e38
WEIGHT = Decimal("weight", 0.0, FLOAT32_MAX, source="sagemaker VariantWeight")
# TargetTrackingScalingPolicyConfiguration TargetValue: shape MetricScale, double
# (botocore application-autoscaling model); a target of 0 or less tracks nothing.
TARGET_VALUE = Decimal("target value", 0.0, None, above=True, source="MetricScale")
# ScaleOutCooldown / ScaleInCooldown: shape Cooldown, integer (32-bit), in seconds.
COOLDOWN = Whole("cooldown", 0, INT32_MAX, source="application-autoscaling Cooldown")
# UpdateInferenceComponentRuntimeConfig CopyCount: InferenceComponentCopyCount, min 0.
COPIES = Whole("copies", 0, INT32_MAX, source="sagemaker InferenceComponentCopyCount")


def parse_count(text: str, what: str) -> tuple[int | None, str]:
    """A whole, non-negative number of instances (or copies), at most a 32-bit integer."""
    return replace(CAPACITY, what=what).parse(text)


def check_capacity_range(min_text: str, max_text: str, *, allow_zero: bool = False) -> list[Check]:
    return capacity_range(min_text, max_text, allow_zero=allow_zero)[1]


def capacity_range(
    min_text: str, max_text: str, *, allow_zero: bool = False
) -> tuple[tuple[int, int] | None, list[Check]]:
    """MinCapacity / MaxCapacity of an endpoint variant's scalable target; ``allow_zero`` for
    an inference component's (it may scale to zero copies). The parsed (min, max) when
    nothing blocks (warnings may remain), and every problem."""
    out: list[Check] = []
    low, problem = parse_count(min_text, "min")
    if problem:
        out.append(Check("min", problem))
    elif low is not None and low < 0:
        out.append(Check("min", "min cannot be negative"))
    elif low is not None and low < 1 and not allow_zero:
        out.append(Check("min", "min must be at least 1 for an endpoint variant"))
    high, problem = parse_count(max_text, "max")
    if problem:
        out.append(Check("max", problem))
    elif high is not None and high < 1:
        out.append(Check("max", "max must be at least 1"))
    if low is not None and high is not None and not out and low > high:
        out.append(Check("min", f"min ({low}) cannot be greater than max ({high})"))
    if (
        high is not None
        and high > PLAUSIBLE_MAX_INSTANCES
        and not any(c.field == "max" for c in out)
    ):
        out.append(
            Check(
                "max",
                f"{high} instances is above {PLAUSIBLE_MAX_INSTANCES}: check the account's "
                "endpoint instance quota",
                warning=True,
            )
        )
    if low is None or high is None or any(not c.warning for c in out):
        return None, out
    return (low, high), out


def parse_weight(text: str) -> tuple[float | None, str]:
    """A variant's relative weight: any finite number, 0 or more."""
    return WEIGHT.parse(text)


def check_weights(weights: dict[str, float]) -> str:
    """All variants' weights together: at least one must take traffic."""
    if weights and all(w == 0 for w in weights.values()):
        return "the weights cannot all be 0: no variant would take traffic"
    return ""


def traffic_shares(weights: dict[str, float]) -> dict[str, float]:
    """Each variant's share of traffic (0..1): its weight over the sum; {} when all are 0."""
    total = sum(weights.values())
    if not total > 0:
        return {}
    return {name: weight / total for name, weight in weights.items()}


def shares_text(shares: dict[str, float]) -> str:
    """ "A 75%, B 25%": each variant's share of traffic."""
    return ", ".join(f"{name} {share * 100:.3g}%" for name, share in shares.items()) or "none"


def check_desired_count(text: str, scaling: tuple[int, int] | None) -> list[Check]:
    return desired_count(text, scaling)[1]


def desired_count(text: str, scaling: tuple[int, int] | None) -> tuple[int | None, list[Check]]:
    """The parsed desired instance count (None when refused) and its problems; a count
    outside the autoscaling range ``scaling`` (min, max) warns: autoscaling moves it back."""
    count, problem = DESIRED.parse(text)
    if problem:
        return None, [Check("count", problem)]
    assert count is not None
    out: list[Check] = []
    if count > PLAUSIBLE_MAX_INSTANCES:
        out.append(
            Check(
                "count",
                f"{count} instances is above {PLAUSIBLE_MAX_INSTANCES}: check the quota",
                warning=True,
            )
        )
    if scaling is not None and not scaling[0] <= count <= scaling[1]:
        out.append(
            Check(
                "count",
                f"outside the autoscaling range {scaling[0]}-{scaling[1]}: autoscaling will "
                "move it back",
                warning=True,
            )
        )
    return count, out


def parse_target_value(text: str) -> tuple[float | None, str]:
    return TARGET_VALUE.parse(text)


def parse_cooldown(text: str, what: str) -> tuple[int | None, str]:
    return replace(COOLDOWN, what=what).parse(text)
