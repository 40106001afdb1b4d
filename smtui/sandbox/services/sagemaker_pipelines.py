"""SageMaker Pipelines: pipelines, executions, steps, stop and retry (areas/pipelines.py)."""

from __future__ import annotations

from typing import Any

from ..areas.pipelines import PipelineNotFoundError, pipeline_area
from ..errors import ServiceError
from ..registry import Registry
from ..world import World


def _call(fn: Any, arg: Any) -> Any:
    try:
        return fn(arg)
    except PipelineNotFoundError as exc:
        raise ServiceError("ResourceNotFound", f"{exc.args[0]} does not exist.", 400) from exc


def register(registry: Registry, world: World) -> None:
    area = pipeline_area(world)
    registry.register("sagemaker", "ListPipelines", area.list_pipelines)
    registry.register(
        "sagemaker", "DescribePipeline", lambda p: _call(area.describe_pipeline, p["PipelineName"])
    )
    registry.register(
        "sagemaker", "ListPipelineExecutions", lambda p: _call(area.list_executions, p)
    )
    registry.register(
        "sagemaker",
        "DescribePipelineExecution",
        lambda p: _call(area.describe_execution, p["PipelineExecutionArn"]),
    )
    registry.register(
        "sagemaker", "ListPipelineExecutionSteps", lambda p: _call(area.list_steps, p)
    )
    registry.register(
        "sagemaker",
        "StopPipelineExecution",
        lambda p: {"PipelineExecutionArn": _call(area.stop, p["PipelineExecutionArn"])},
    )
    registry.register(
        "sagemaker",
        "RetryPipelineExecution",
        lambda p: {"PipelineExecutionArn": _call(area.retry, p["PipelineExecutionArn"])},
    )
