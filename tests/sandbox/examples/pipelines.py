"""Example calls for the SageMaker Pipelines operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.areas.pipelines import PIPELINES, pipeline_area


def execution_arn(sb: Sandbox, status: str | None = None, failed_kind: str = "") -> str:
    """An execution in ``status`` (and, for Failed, whose failed step is ``failed_kind``)."""
    area = pipeline_area(sb.world)
    for spec in PIPELINES:
        rows = area.list_executions({"PipelineName": spec.name, "MaxResults": 100})
        for row in rows["PipelineExecutionSummaries"]:
            if status is not None and row["PipelineExecutionStatus"] != status:
                continue
            arn = row["PipelineExecutionArn"]
            if failed_kind:
                steps = area.list_steps({"PipelineExecutionArn": arn})["PipelineExecutionSteps"]
                failed = [s for s in steps if s["StepStatus"] == "Failed"]
                if not failed or failed_kind not in failed[0]["Metadata"]:
                    continue
            return str(arn)
    raise LookupError(f"no {status} execution")


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "ListPipelines"): [
        lambda sb: {},
        lambda sb: {"SortBy": "Name", "SortOrder": "Ascending", "PipelineNamePrefix": "churn"},
    ],
    ("sagemaker", "DescribePipeline"): [lambda sb: {"PipelineName": "churn-xgboost-pipeline"}],
    ("sagemaker", "ListPipelineExecutions"): [
        lambda sb: {"PipelineName": "churn-xgboost-pipeline"},
        lambda sb: {"PipelineName": "reviews-bert-finetune", "MaxResults": 100},
    ],
    ("sagemaker", "DescribePipelineExecution"): [
        lambda sb: {"PipelineExecutionArn": execution_arn(sb, "Failed")},
        lambda sb: {"PipelineExecutionArn": execution_arn(sb, "Succeeded")},
    ],
    ("sagemaker", "ListPipelineExecutionSteps"): [
        lambda sb: {"PipelineExecutionArn": execution_arn(sb, "Failed", "TrainingJob")},
        lambda sb: {"PipelineExecutionArn": execution_arn(sb, "Succeeded")},
        lambda sb: {"PipelineExecutionArn": execution_arn(sb, "Executing")},
    ],
    ("sagemaker", "StopPipelineExecution"): [
        lambda sb: {"PipelineExecutionArn": execution_arn(sb, "Executing")}
    ],
    ("sagemaker", "RetryPipelineExecution"): [
        lambda sb: {"PipelineExecutionArn": execution_arn(sb, "Failed", "Fail")}
    ],
}
