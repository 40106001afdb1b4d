"""Step adjustments as Application Auto Scaling applies them (area._adjusted)."""

from __future__ import annotations

import pytest

from smtui.sandbox.endpoints.area import _adjusted


@pytest.mark.parametrize(
    ("desired", "adjustment", "kind", "magnitude", "expected"),
    [
        (4, 2, "ChangeInCapacity", 0, 6),
        (4, -1, "ChangeInCapacity", 0, 3),
        (4, 7, "ExactCapacity", 0, 7),
        (3, 10, "PercentChangeInCapacity", 0, 4),  # +0.3 rounds up to +1
        (3, -10, "PercentChangeInCapacity", 0, 2),  # -0.3 rounds down to -1
        (10, 47, "PercentChangeInCapacity", 0, 14),  # +4.7 rounds toward zero: +4
        (10, -47, "PercentChangeInCapacity", 0, 6),  # -4.7 rounds toward zero: -4
        (10, 15, "PercentChangeInCapacity", 3, 13),  # +1 raised to MinAdjustmentMagnitude
    ],
)
def test_adjusted(desired: int, adjustment: int, kind: str, magnitude: int, expected: int) -> None:
    assert _adjusted(desired, adjustment, kind, magnitude) == expected
