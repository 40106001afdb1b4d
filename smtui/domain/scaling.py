"""Pure checks of what a user types to scale an endpoint, before anything is sent.

Each returns ``(value, problem)``: the parsed value (None when unusable) and a message
for beside the field ("" when fine). ``warning`` results are shown but do not block.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PLAUSIBLE_MAX_INSTANCES = 40
"""Above this, warn: SageMaker's default per-instance-type quotas "for endpoint usage" are
in the tens for most types and lower for GPUs (Service Quotas, SageMaker); a larger max is
usually a typo, or needs a quota increase before scaling can reach it."""


@dataclass(frozen=True, slots=True)
class Check:
    field: str
    message: str
    warning: bool = False


def parse_count(text: str, what: str) -> tuple[int | None, str]:
    """A whole, non-negative number of instances."""
    raw = text.strip()
    if not raw:
        return None, f"{what} is required"
    try:
        number = float(raw)
    except ValueError:
        return None, f"{what} must be a whole number (got {raw!r})"
    if not math.isfinite(number) or number != int(number) or "e" in raw.lower():
        return None, f"{what} must be a whole number (got {raw!r})"
    if number < 0:
        return None, f"{what} cannot be negative"
    return int(number), ""


def check_capacity_range(min_text: str, max_text: str, *, allow_zero: bool = False) -> list[Check]:
    """MinCapacity / MaxCapacity of an endpoint variant's scalable target; ``allow_zero`` for
    an inference component's (it may scale to zero copies)."""
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
    return out


def parse_weight(text: str) -> tuple[float | None, str]:
    raw = text.strip()
    if not raw:
        return None, "weight is required"
    try:
        weight = float(raw)
    except ValueError:
        return None, f"weight must be a number in [0, 1] (got {raw!r})"
    if not math.isfinite(weight) or not 0 <= weight <= 1:
        return None, f"weight must be in [0, 1] (got {raw})"
    return weight, ""


def check_weights(weights: dict[str, float]) -> str:
    """All variants' weights together: at least one must take traffic."""
    if weights and all(w == 0 for w in weights.values()):
        return "the weights cannot all be 0: no variant would take traffic"
    return ""


def check_desired_count(text: str, scaling: tuple[int, int] | None) -> list[Check]:
    count, problem = parse_count(text, "desired count")
    if problem:
        return [Check("count", problem)]
    assert count is not None
    if count < 1:
        return [Check("count", "desired count must be at least 1")]
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
    return out


def parse_target_value(text: str) -> tuple[float | None, str]:
    raw = text.strip()
    try:
        value = float(raw)
    except ValueError:
        return None, f"target value must be a number (got {raw!r})"
    if not math.isfinite(value) or value <= 0:
        return None, "target value must be greater than 0"
    return value, ""


def parse_cooldown(text: str, what: str) -> tuple[int | None, str]:
    seconds, problem = parse_count(text, what)
    if problem:
        return None, problem
    return seconds, ""
