"""Augmented AI: flow definitions (SageMaker API) and their human loops (A2I runtime).

Human loops wait for a reviewer: InProgress until a worker completes the task
(Completed, with an output.json in S3), the task expires (Failed) or someone stops the
loop (Stopping, then Stopped a few seconds later). Field names: ListFlowDefinitions /
DescribeFlowDefinition in botocore's sagemaker model; ListHumanLoops / DescribeHumanLoop /
StopHumanLoop in its sagemaker-a2i-runtime model (a rest-json service).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from ..constants import SANDBOX_ROLE_ARN
from ..errors import ServiceError
from ..world import World
from .common import ARN_PREFIX, Timeline, page, rng_for, short_id, sort_desc, ts

HOUR = 3600.0
DAY = 24 * HOUR
OUTPUT_BUCKET = "acme-a2i-output"


@dataclass(frozen=True, slots=True)
class FlowSpec:
    name: str
    loop_prefix: str
    source: str | None
    """AwsManagedHumanLoopRequestSource, or None for a custom task type."""
    team: str
    title: str
    description: str
    conditions: str | None
    loops: int
    age_days: float
    status: str = "Active"
    failure: str | None = None


FLOWS: tuple[FlowSpec, ...] = (
    FlowSpec(
        "invoice-review-textract",
        "invoice",
        "AWS/Textract/AnalyzeDocument/Forms/V1",
        "finance-reviewers",
        "Review invoice fields",
        "Check the invoice number, total and due date Textract was unsure about.",
        '{"Conditions":[{"ConditionType":"ImportantFormKeyConfidenceCheck","ConditionParameters":'
        '{"ImportantFormKey":"Invoice Total","KeyValueBlockConfidenceLessThan":90}}]}',
        14,
        180,
    ),
    FlowSpec(
        "moderation-review-rekognition",
        "moderation",
        "AWS/Rekognition/DetectModerationLabels/Image/V3",
        "trust-and-safety",
        "Review flagged images",
        "Confirm or reject the moderation labels Rekognition found.",
        '{"Conditions":[{"ConditionType":"ModerationLabelConfidenceCheck","ConditionParameters":'
        '{"ModerationLabelName":"*","ConfidenceLessThan":85}}]}',
        12,
        95,
    ),
    FlowSpec(
        "churn-low-confidence-review",
        "churn",
        None,
        "growth-analysts",
        "Label churn predictions",
        "Label customers the churn model scored between 0.4 and 0.6.",
        None,
        9,
        40,
    ),
    FlowSpec(
        "claims-photo-review",
        "claims",
        None,
        "claims-adjusters",
        "Assess damage photos",
        "Grade the damage shown in claim photos.",
        None,
        0,
        2,
        status="Failed",
        failure="The HumanTaskUiArn arn:aws:sagemaker:us-east-1:123456789012:human-task-ui/"
        "claims-photo-ui does not exist.",
    ),
)

# Modelled reasons: the API reference does not list FailureReason values.
EXPIRED = (
    "The human loop expired: no worker completed the task within "
    "TaskAvailabilityLifetimeInSeconds ({lifetime} seconds)."
)


class HumanLoopNotFoundError(LookupError):
    pass


@dataclass(slots=True)
class HumanLoop:
    name: str
    flow: FlowSpec
    created: float
    timeline: Timeline
    lifetime: int

    @property
    def flow_arn(self) -> str:
        return f"{ARN_PREFIX}:flow-definition/{self.flow.name}"

    @property
    def arn(self) -> str:
        return f"{ARN_PREFIX}:human-loop/{self.name}"

    def output_uri(self) -> str:
        # The documented layout: <S3OutputPath>/<flow definition>/YYYY/MM/DD/hh/mm/ss/<loop>/
        stamp = ts(self.created)
        assert stamp is not None
        return (
            f"s3://{OUTPUT_BUCKET}/a2i/{self.flow.name}/{stamp:%Y/%m/%d/%H/%M/%S}/"
            f"{self.name}/output.json"
        )

    def summary(self, now: float) -> dict[str, Any]:
        status = self.timeline.status(now)
        out: dict[str, Any] = {
            "HumanLoopName": self.name,
            "HumanLoopStatus": status,
            "CreationTime": ts(self.created),
            "FlowDefinitionArn": self.flow_arn,
        }
        if status == "Failed":
            out["FailureReason"] = EXPIRED.format(lifetime=self.lifetime)
        return out

    def describe(self, now: float) -> dict[str, Any]:
        out = self.summary(now)
        out["HumanLoopArn"] = self.arn
        if out["HumanLoopStatus"] == "Failed":
            out["FailureCode"] = "HumanLoopExpired"
        if out["HumanLoopStatus"] == "Completed":
            out["HumanLoopOutput"] = {"OutputS3Uri": self.output_uri()}
        return out


class HumanLoopArea:
    def __init__(self, world: World) -> None:
        self.clock = world.clock
        start = world.clock.start
        self._lock = threading.RLock()
        self.created: dict[str, float] = {}
        self.loops: dict[str, HumanLoop] = {}
        for flow in FLOWS:
            rng = rng_for(world.seed, "flow", flow.name)
            self.created[flow.name] = start - flow.age_days * DAY * rng.uniform(0.9, 1.1)
            lifetime = 86400 if flow.source else 3 * 86400
            for k in range(flow.loops):
                # The newest three are still waiting for a reviewer at start.
                created = start - (
                    rng.uniform(5, 50) * 60 * (k + 1) if k < 3 else rng.uniform(0.3, 9) * DAY
                )
                created = round(created, 3)  # the API's millisecond precision
                roll = rng.random()
                if k < 3:
                    events = [
                        (created, "InProgress"),
                        (start + rng.uniform(600, 7200), "Completed"),
                    ]
                elif roll < 0.75:
                    events = [
                        (created, "InProgress"),
                        (created + rng.uniform(600, 20 * HOUR), "Completed"),
                    ]
                elif roll < 0.9:
                    events = [(created, "InProgress"), (created + lifetime, "Failed")]
                else:
                    stop = created + rng.uniform(300, 4 * HOUR)
                    events = [(created, "InProgress"), (stop, "Stopping"), (stop + 8, "Stopped")]
                name = f"{flow.loop_prefix}-{short_id(world.seed, flow.name, k, length=8)}"
                name += f"-{short_id(world.seed, 'loop', flow.name, k, length=4)}"
                self.loops[name] = HumanLoop(name, flow, created, Timeline(events), lifetime)

    # -- flow definitions (sagemaker) ---------------------------------------------------
    def _flow(self, name: str) -> FlowSpec:
        for flow in FLOWS:
            if flow.name == name:
                return flow
        raise HumanLoopNotFoundError(name)

    def _flow_summary(self, flow: FlowSpec) -> dict[str, Any]:
        out: dict[str, Any] = {
            "FlowDefinitionName": flow.name,
            "FlowDefinitionArn": f"{ARN_PREFIX}:flow-definition/{flow.name}",
            "FlowDefinitionStatus": flow.status,
            "CreationTime": ts(self.created[flow.name]),
        }
        if flow.failure:
            out["FailureReason"] = flow.failure
        return out

    def list_flow_definitions(self, params: dict[str, Any]) -> dict[str, Any]:
        rows = [self._flow_summary(f) for f in FLOWS]
        if params.get("CreationTimeAfter") is not None:
            rows = [r for r in rows if r["CreationTime"] > params["CreationTimeAfter"]]
        if params.get("CreationTimeBefore") is not None:
            rows = [r for r in rows if r["CreationTime"] < params["CreationTimeBefore"]]
        rows.sort(key=lambda r: r["CreationTime"], reverse=sort_desc(params))
        chunk, token = page(rows, params)
        return {"FlowDefinitionSummaries": chunk, **({"NextToken": token} if token else {})}

    def describe_flow_definition(self, name: str) -> dict[str, Any]:
        flow = self._flow(name)
        out = self._flow_summary(flow)
        config: dict[str, Any] = {
            "WorkteamArn": f"{ARN_PREFIX}:workteam/private-crowd/{flow.team}",
            "HumanTaskUiArn": f"{ARN_PREFIX}:human-task-ui/{flow.name}-ui",
            "TaskTitle": flow.title,
            "TaskDescription": flow.description,
            "TaskCount": 1,
            "TaskAvailabilityLifetimeInSeconds": 86400 if flow.source else 3 * 86400,
            "TaskTimeLimitInSeconds": 3600,
            "TaskKeywords": ["review", flow.loop_prefix],
        }
        out.update(
            {
                "HumanLoopConfig": config,
                "OutputConfig": {"S3OutputPath": f"s3://{OUTPUT_BUCKET}/a2i"},
                "RoleArn": SANDBOX_ROLE_ARN,
            }
        )
        if flow.source:
            out["HumanLoopRequestSource"] = {"AwsManagedHumanLoopRequestSource": flow.source}
        if flow.conditions:
            out["HumanLoopActivationConfig"] = {
                "HumanLoopActivationConditionsConfig": {
                    "HumanLoopActivationConditions": flow.conditions
                }
            }
        return out

    # -- human loops (sagemaker-a2i-runtime) ---------------------------------------------
    def list_human_loops(self, params: dict[str, Any]) -> dict[str, Any]:
        arn = params["FlowDefinitionArn"]
        name = arn.rsplit("flow-definition/", 1)[-1]
        try:
            self._flow(name)
        except HumanLoopNotFoundError:
            raise loop_not_found(f"Flow definition {arn} not found.") from None
        with self._lock:
            now = self.clock.now()
            rows = [
                loop.summary(now)
                for loop in self.loops.values()
                if loop.flow.name == name and loop.created <= now
            ]
        if params.get("CreationTimeAfter") is not None:
            rows = [r for r in rows if r["CreationTime"] > params["CreationTimeAfter"]]
        if params.get("CreationTimeBefore") is not None:
            rows = [r for r in rows if r["CreationTime"] < params["CreationTimeBefore"]]
        rows.sort(key=lambda r: (r["CreationTime"], r["HumanLoopName"]), reverse=sort_desc(params))
        chunk, token = page(rows, params)
        return {"HumanLoopSummaries": chunk, **({"NextToken": token} if token else {})}

    def _loop(self, name: str) -> HumanLoop:
        loop = self.loops.get(name)
        if loop is None:
            raise loop_not_found(f"Human loop {name} not found.")
        return loop

    def describe_human_loop(self, name: str) -> dict[str, Any]:
        with self._lock:
            return self._loop(name).describe(self.clock.now())

    def status(self, name: str) -> str:
        with self._lock:
            return self._loop(name).timeline.status(self.clock.now())

    def stop_human_loop(self, name: str) -> None:
        with self._lock:
            now = self.clock.now()
            loop = self._loop(name)
            status = loop.timeline.status(now)
            if status != "InProgress":
                raise ServiceError(
                    "ValidationException",
                    f"Human loop {name} is in status {status}; only an InProgress loop can be "
                    "stopped.",
                    400,
                )
            loop.timeline.replan(now, (0.0, "Stopping"), (8.0, "Stopped"))


def loop_not_found(message: str) -> ServiceError:
    # ResourceNotFoundException carries httpStatusCode 404 in the a2i runtime model.
    return ServiceError("ResourceNotFoundException", message, 404)


def humanloop_area(world: World) -> HumanLoopArea:
    return world.area("humanloops", HumanLoopArea)
