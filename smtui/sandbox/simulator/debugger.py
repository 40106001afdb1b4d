"""SageMaker Debugger and Profiler fields of DescribeTrainingJob for the simulated fleet.

About half of the jobs on Deep Learning Container images run with built-in Debugger
rules and the ProfilerReport rule, as the SageMaker Python SDK configures them; some
rules find issues.  Everything is drawn from a per-job seed separate from the fleet's,
so adding these fields changed no other generated value.

Field names: DebugHookConfig, DebugRuleConfigurations, DebugRuleEvaluationStatuses,
ProfilerConfig, ProfilerRuleConfigurations, ProfilerRuleEvaluationStatuses and
ProfilingStatus in botocore's sagemaker model (DescribeTrainingJobResponse).  The rule
evaluator image is the us-east-1 one of "Amazon SageMaker Debugger Registry URLs for
Built-in Rule Evaluators" (SageMaker developer guide, debugger-docker-images-rules).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_REGION
from .catalog import DATA_BUCKET, DLC, TEMPLATES
from .job import JobRecord

RULES_IMAGE = "503895931360.dkr.ecr.us-east-1.amazonaws.com/sagemaker-debugger-rules:latest"
DEBUG_RULES = (
    "LossNotDecreasing",
    "VanishingGradient",
    "Overfit",
    "Overtraining",
    "ExplodingTensor",
    "PoorWeightInitialization",
)
PROFILER_RULES = ("LowGPUUtilization", "CPUBottleneck", "GPUMemoryIncrease")


def _ts(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def _rule_job_arn(job: JobRecord, rule: str, rng: random.Random) -> str:
    name = f"{job.name[:26].lower().rstrip('-')}-{rule[:20].lower()}-{rng.getrandbits(32):08x}"
    return f"arn:aws:sagemaker:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:processing-job/{name}"


def _status(job: JobRecord, now: float, issues: bool) -> str:
    """RuleEvaluationStatus: InProgress while the job runs, the verdict once it ended."""
    if not job.is_terminal(now):
        return "Stopping" if job.status(now) == "Stopping" else "InProgress"
    if issues:
        return "IssuesFound"
    return "NoIssuesFound" if job.final_status == "Completed" else "Stopped"


def _evaluations(
    job: JobRecord, now: float, rules: list[str], rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    configs, statuses = [], []
    for rule in rules:
        invoke = rule.split("-")[0]
        configs.append(
            {
                "RuleConfigurationName": rule,
                "RuleEvaluatorImage": RULES_IMAGE,
                "VolumeSizeInGB": 0,
                "RuleParameters": {"rule_to_invoke": invoke},
            }
        )
        issues = rng.random() < 0.3
        step = rng.randrange(50, 5000, 50)
        status = _status(job, now, issues)
        item: dict[str, Any] = {
            "RuleConfigurationName": rule,
            "RuleEvaluationJobArn": _rule_job_arn(job, invoke, rng),
            "RuleEvaluationStatus": status,
            "LastModifiedTime": _ts(job.ends_at if job.is_terminal(now) else job.created),
        }
        if status == "IssuesFound":
            item["StatusDetails"] = (
                f"RuleEvaluationConditionMet: Evaluation of the rule {invoke} at step {step} "
                "resulted in the condition being met"
            )
        statuses.append(item)
    return configs, statuses


def debugger_fields(job: JobRecord, now: float) -> dict[str, Any]:
    tpl = TEMPLATES[job.template]
    rng = random.Random(f"{job.seed}:debugger")
    if not tpl.image.startswith(DLC) or rng.random() >= 0.5:
        return {"ProfilingStatus": "Disabled"} if tpl.image.startswith(DLC) else {}
    debug_rules = rng.sample(DEBUG_RULES, rng.randint(1, 3))
    profiler_rules = [f"ProfilerReport-{int(job.created)}"]
    if rng.random() < 0.5:
        profiler_rules.append(rng.choice(PROFILER_RULES))
    debug_configs, debug_statuses = _evaluations(job, now, debug_rules, rng)
    profiler_configs, profiler_statuses = _evaluations(job, now, profiler_rules, rng)
    base = f"s3://{DATA_BUCKET}/{tpl.project}"
    return {
        "DebugHookConfig": {
            "S3OutputPath": f"{base}/debug-output",
            "CollectionConfigurations": [
                {"CollectionName": "losses", "CollectionParameters": {"save_interval": "50"}},
                {"CollectionName": "gradients", "CollectionParameters": {"save_interval": "500"}},
            ],
        },
        "DebugRuleConfigurations": debug_configs,
        "DebugRuleEvaluationStatuses": debug_statuses,
        "ProfilerConfig": {
            "S3OutputPath": f"{base}/profiler-output",
            "ProfilingIntervalInMilliseconds": 500,
            "DisableProfiler": False,
        },
        "ProfilerRuleConfigurations": profiler_configs,
        "ProfilerRuleEvaluationStatuses": profiler_statuses,
        "ProfilingStatus": "Enabled",
    }
