"""The one number parser (smtui/domain/numbers.py) and its specs' bounds, re-read from
botocore's service models."""

from __future__ import annotations

import botocore.session
import pytest

from smtui.domain import retrain, scaling
from smtui.domain.numbers import INT32_MAX, Decimal, Whole


@pytest.mark.parametrize(
    "text, value",
    [("3", 3), (" 3 ", 3), ("+4", 4), ("0", 0)],
)
def test_whole_numbers(text: str, value: int) -> None:
    assert Whole("n").parse(text) == (value, "")


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("2.0", "whole number"),
        ("90000.", "whole number"),
        ("1e3", "whole number"),
        ("nan", "whole number"),
        ("inf", "whole number"),
        ("", "required"),
        ("-1", "cannot be negative"),
        ("2147483648", "at most 2147483647"),
        ("9" * 5000, "at most 2147483647"),
        ("١٢", "whole number"),  # int() takes other scripts' digits; the API does not
        ("\x1b[31m1", "whole number"),
    ],
)
def test_whole_refusals(text: str, fragment: str) -> None:
    value, problem = Whole("n").parse(text)
    assert value is None and fragment in problem
    assert "\x1b" not in problem  # the text is quoted with repr: no escape reaches a terminal


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "Infinity", "1e999", "0x10", "1_0"])
def test_decimals_are_finite(text: str) -> None:
    value, problem = Decimal("hours").parse(text)
    assert value is None and problem


def test_decimal_bounds() -> None:
    assert Decimal("w").parse("2.5") == (2.5, "")
    assert "cannot be negative" in Decimal("w").parse("-1")[1]
    assert "greater than 0" in Decimal("t", above=True).parse("0")[1]
    assert "at most 10" in Decimal("t", high=10.0).parse("11")[1]


def _shape(service: str, op: str, *path: str):
    model = botocore.session.get_session().get_service_model(service)
    shape = model.operation_model(op).input_shape
    for part in path:
        while shape.type_name == "list":
            shape = shape.member
        shape = shape.members[part]
    return shape


@pytest.mark.parametrize(
    "spec, service, op, path, type_name, low",
    [
        (
            scaling.CAPACITY,
            "application-autoscaling",
            "RegisterScalableTarget",
            ("MinCapacity",),
            "integer",
            None,
        ),
        (
            scaling.DESIRED,
            "sagemaker",
            "UpdateEndpointWeightsAndCapacities",
            ("DesiredWeightsAndCapacities", "DesiredInstanceCount"),
            "integer",
            0,
        ),
        (
            scaling.WEIGHT,
            "sagemaker",
            "UpdateEndpointWeightsAndCapacities",
            ("DesiredWeightsAndCapacities", "DesiredWeight"),
            "float",
            0,
        ),
        (
            scaling.COOLDOWN,
            "application-autoscaling",
            "PutScalingPolicy",
            ("TargetTrackingScalingPolicyConfiguration", "ScaleInCooldown"),
            "integer",
            None,
        ),
        (
            scaling.TARGET_VALUE,
            "application-autoscaling",
            "PutScalingPolicy",
            ("TargetTrackingScalingPolicyConfiguration", "TargetValue"),
            "double",
            None,
        ),
        (
            scaling.COPIES,
            "sagemaker",
            "UpdateInferenceComponentRuntimeConfig",
            ("DesiredRuntimeConfig", "CopyCount"),
            "integer",
            0,
        ),
        (
            retrain.INSTANCE_COUNT,
            "sagemaker",
            "CreateTrainingJob",
            ("ResourceConfig", "InstanceCount"),
            "integer",
            0,
        ),
        (
            retrain.RUNTIME,
            "sagemaker",
            "CreateTrainingJob",
            ("StoppingCondition", "MaxRuntimeInSeconds"),
            "integer",
            1,
        ),
        (
            retrain.WAIT,
            "sagemaker",
            "CreateTrainingJob",
            ("StoppingCondition", "MaxWaitTimeInSeconds"),
            "integer",
            1,
        ),
    ],
)
def test_specs_stay_within_the_botocore_shapes(spec, service, op, path, type_name, low) -> None:
    shape = _shape(service, op, *path)
    assert shape.type_name == type_name
    assert shape.metadata.get("min") == low
    assert "max" not in shape.metadata  # no stated maximum: the type's own applies
    if low is not None:
        assert spec.low is not None and spec.low >= low
    if type_name == "integer":
        assert isinstance(spec, Whole) and spec.high is not None and spec.high <= INT32_MAX
    else:
        assert isinstance(spec, Decimal)
    assert spec.source.split()[-1] in (shape.name, "MetricScale")
