"""SageMaker notebook instances: List, Describe, Start, Stop (areas/notebooks.py)."""

from __future__ import annotations

from typing import Any

from ..areas.notebooks import NotebookArea, NotebookNotFoundError, notebook_area
from ..errors import ServiceError, validation_error
from ..registry import Registry
from ..world import World


def _not_found() -> ServiceError:
    # The notebook operations declare no error shapes; the live service answers an
    # unknown name with "ValidationException: RecordNotFound".
    return validation_error("RecordNotFound")


def _call(fn: Any, name: str) -> Any:
    try:
        return fn(name)
    except NotebookNotFoundError as exc:
        raise _not_found() from exc


def register(registry: Registry, world: World) -> None:
    def area() -> NotebookArea:
        return notebook_area(world)

    area()  # build it now, so its clock start is the world's
    registry.register("sagemaker", "ListNotebookInstances", lambda p: area().list(p))
    registry.register(
        "sagemaker",
        "DescribeNotebookInstance",
        lambda p: _call(area().describe, p["NotebookInstanceName"]),
    )
    registry.register(
        "sagemaker",
        "StartNotebookInstance",
        lambda p: _call(area().start, p["NotebookInstanceName"]),
    )
    registry.register(
        "sagemaker",
        "StopNotebookInstance",
        lambda p: _call(area().stop, p["NotebookInstanceName"]),
    )
