"""Example calls for CreateTrainingJob (clone / incremental retrain of a fleet job)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from smtui.domain import retrain
from smtui.sandbox import Sandbox

_n = itertools.count(1)


def completed_job(sb: Sandbox) -> str:
    return next(n for n, s in sb.simulator.statuses().items() if s == "Completed")


def retrain_params(sb: Sandbox, name: str | None = None) -> dict[str, Any]:
    """A retrain request built from a Completed job's describe, as the console builds it."""
    source_name = completed_job(sb)
    source = sb.simulator.describe_training_job(source_name)
    stamp = datetime(2026, 11, 20, tzinfo=UTC)
    name = name or retrain.default_name(source_name, f"example{next(_n)}", stamp)
    return retrain.retrain_request(source, [{"Key": "team", "Value": "ml"}], name)


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "CreateTrainingJob"): [retrain_params],
}
