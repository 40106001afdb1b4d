"""Example calls for the notebook instance operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.areas.notebooks import notebook_area


def notebook_in(sb: Sandbox, *statuses: str) -> str:
    area = notebook_area(sb.world)
    return next(n for n in sorted(area.notebooks) if area.status(n) in statuses)


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "ListNotebookInstances"): [
        lambda sb: {},
        lambda sb: {"MaxResults": 5, "SortBy": "CreationTime", "SortOrder": "Descending"},
        lambda sb: {"StatusEquals": "InService", "NameContains": "a"},
    ],
    ("sagemaker", "DescribeNotebookInstance"): [
        lambda sb: {"NotebookInstanceName": "alice-churn-eda"},
        lambda sb: {"NotebookInstanceName": "eun-ji-rl-sim"},
    ],
    ("sagemaker", "StartNotebookInstance"): [
        lambda sb: {"NotebookInstanceName": notebook_in(sb, "Stopped", "Failed")}
    ],
    ("sagemaker", "StopNotebookInstance"): [
        lambda sb: {"NotebookInstanceName": notebook_in(sb, "InService")}
    ],
}
