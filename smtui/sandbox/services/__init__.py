"""Service handlers, one module per service area.

To serve a new operation: write ``handler(params) -> dict`` in the module of
its service area (params arrive validated against botocore's input shape) and
register it in that module's ``register()``.  A new module must also be added
to ``SERVICE_MODULES``.  Nothing else changes: routing (X-Amz-Target prefix or
query Action) and (de)serialization come from botocore's model.
"""

from __future__ import annotations

from ..registry import Registry
from ..world import World
from . import (
    a2i_human_loops,
    application_autoscaling,
    cloudwatch,
    cost_explorer,
    iam,
    logs,
    pricing,
    s3,
    sagemaker_endpoints,
    sagemaker_experiments,
    sagemaker_inference_components,
    sagemaker_jobkinds,
    sagemaker_monitoring,
    sagemaker_notebooks,
    sagemaker_pipelines,
    sagemaker_retrain,
    sagemaker_studio,
    sagemaker_tags,
    sagemaker_training,
    sts,
)

SERVICE_MODULES = (
    sts,
    iam,
    sagemaker_training,
    sagemaker_retrain,
    sagemaker_jobkinds,  # before the areas that read the training fleet (tuning jobs join it)
    sagemaker_tags,
    cloudwatch,
    sagemaker_experiments,
    logs,
    sagemaker_notebooks,
    sagemaker_studio,
    sagemaker_pipelines,
    a2i_human_loops,
    sagemaker_endpoints,
    sagemaker_inference_components,
    application_autoscaling,
    sagemaker_monitoring,  # after the job kinds: its executions are processing jobs
    s3,
    pricing,
    cost_explorer,  # bills what the areas above simulate
)


def build_registry(world: World) -> Registry:
    """Each module's ``register(registry, world)`` serves its operations and may build its
    area's simulator with ``world.area(name, factory)`` and feed ``world.metrics`` /
    ``world.logs``."""
    registry = Registry()
    for module in SERVICE_MODULES:
        module.register(registry, world)
    return registry
