"""SageMaker CreateTrainingJob: a new job (a clone or incremental retrain of one from the
fleet) joins the training simulator and runs its lifecycle, with logs and metrics.

botocore's model already checked required members, patterns, enums and lengths (the
request pipeline); this adds what only the service checks (created.check_request) and
the unique name (ResourceInUse, one of the operation's declared errors).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..errors import ServiceError
from ..registry import Registry
from ..simulator import Simulator
from ..simulator.created import check_request
from ..world import World


def create_training_job(sim: Simulator, params: dict[str, Any]) -> dict[str, Any]:
    check_request(params)
    name = params["TrainingJobName"]
    try:
        arn = sim.create_training_job(params)
    except ValueError as exc:
        # Wording of the live service for a taken name.
        raise ServiceError(
            "ResourceInUse",
            f"Training job names must be unique within an AWS account and "
            f"region, and a training job with this name already exists ({name})",
            400,
        ) from exc
    return {"TrainingJobArn": arn}


def register(registry: Registry, world: World) -> None:
    registry.register(
        "sagemaker", "CreateTrainingJob", partial(create_training_job, world.training)
    )
