"""Example calls for Augmented AI: flow definitions and human loops (rest-json)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.areas.humanloops import humanloop_area

FLOW = "arn:aws:sagemaker:us-east-1:123456789012:flow-definition/invoice-review-textract"


def loop_in(sb: Sandbox, status: str) -> str:
    area = humanloop_area(sb.world)
    return next(n for n in sorted(area.loops) if area.status(n) == status)


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "ListFlowDefinitions"): [lambda sb: {}, lambda sb: {"SortOrder": "Ascending"}],
    ("sagemaker", "DescribeFlowDefinition"): [
        lambda sb: {"FlowDefinitionName": "invoice-review-textract"},
        lambda sb: {"FlowDefinitionName": "claims-photo-review"},
    ],
    ("sagemaker-a2i-runtime", "ListHumanLoops"): [
        lambda sb: {"FlowDefinitionArn": FLOW},
        lambda sb: {"FlowDefinitionArn": FLOW, "MaxResults": 3, "SortOrder": "Ascending"},
    ],
    ("sagemaker-a2i-runtime", "DescribeHumanLoop"): [
        lambda sb: {"HumanLoopName": loop_in(sb, "Completed")},
        lambda sb: {"HumanLoopName": loop_in(sb, "Failed")},
    ],
    ("sagemaker-a2i-runtime", "StopHumanLoop"): [
        lambda sb: {"HumanLoopName": loop_in(sb, "InProgress")}
    ],
}
