"""The monitoring area: schedules on the endpoints area's endpoints, executions on each
schedule's cron as the clock moves, their processing jobs, and the reports they write.

Lifecycle, as the SageMaker developer guide describes it ("The cron expression for
monitoring schedule"): an execution is due at each scheduled time of its schedule's cron
while the schedule is Scheduled; its processing job starts "0-20 minutes" later and the
execution is Pending until then, InProgress while the job runs, and Completed,
CompletedWithViolations or Failed when it ends. The job writes its reports under the
schedule's output URI, ``{output}/{endpoint}/{schedule}/{yyyy}/{mm}/{dd}/{hh}/`` (the layout
of the SageMaker Python SDK's ``latest_monitoring_constraint_violations()`` file URIs).

Drift, and so the violations, follows each endpoint's traffic: the hourly rate of the
endpoints area's ``Traffic`` (same seed, template and start, so the same numbers the
CloudWatch metrics show) in the analysis window against its daily mean; a surge (the
fraud detector's, a few minutes after the start) moves the inputs' distributions, on top of
a slow drift planted per schedule.

Built on first use; from then its processing jobs are also the processing simulator's
(ListProcessingJobs, DescribeProcessingJob and their logs), through the simulator's
``add_source``. A sandbox that never sees a monitoring or S3 request keeps its processing
fleet as it was.

Sandbox rules where AWS documents none (assumptions): the schedule's LastModifiedTime moves
with its last execution's; StopMonitoringSchedule applies to a Scheduled or Pending
schedule, StartMonitoringSchedule to a Stopped one, anything else is a ValidationException.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_REGION, SANDBOX_ROLE_ARN
from ..endpoints.catalog import CAPTURE_BUCKET
from ..endpoints.catalog import TEMPLATES as ENDPOINT_TEMPLATES
from ..endpoints.traffic import Traffic
from ..jobkinds import area as jobkinds_area
from ..jobkinds.record import KindJob
from ..objects import S3Error, S3Object
from .catalog import (
    BUCKET,
    CLARIFY_IMAGE,
    DAY,
    HOUR,
    KEY_PREFIX,
    MONITOR_IMAGE,
    NO_DATA,
    TEMPLATES,
    ScheduleTemplate,
)
from .reports import Outcome, baseline_constraints, baseline_statistics

if TYPE_CHECKING:
    from ..world import World

PREFIX = f"arn:aws:sagemaker:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}"
OUTPUT_URI = f"s3://{BUCKET}/{KEY_PREFIX}/reports"
RESULT_PATH = "/opt/ml/processing/resultdata"
ENDPOINT_PATH = "/opt/ml/processing/input/endpoint"
SLUGS = {
    "DataQuality": "data-quality",
    "ModelQuality": "model-quality",
    "ModelBias": "model-bias",
    "ModelExplainability": "model-explainability",
}
STATUS_OF_PHASE = {
    "Starting": "InProgress",
    "Running": "InProgress",
    "Uploading": "InProgress",
    "Stopping": "Stopping",
    "Stopped": "Stopped",
    "Failed": "Failed",
}


class ScheduleNotFoundError(LookupError):
    pass


class ScheduleStateError(RuntimeError):
    def __init__(self, name: str, status: str) -> None:
        super().__init__(f"{name} is {status}")
        self.status = status


def dt(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def _hex(*parts: object, length: int = 24) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:length]


def _cron(expression: str) -> tuple[int, tuple[int, ...]]:
    """(minute, hours of the day) of the monitor cron subset ("cron(0 0/6 ? * * *)")."""
    fields = expression[expression.index("(") + 1 : expression.rindex(")")].split()
    minute, hours = int(fields[0]), fields[1]
    base, _, step = hours.partition("/")
    first = 0 if base == "*" else int(base)
    every = int(step) if step else (1 if base == "*" else 24)
    count = -(-24 // every)
    return minute, tuple(sorted({(first + k * every) % 24 for k in range(count)}))


@dataclass
class Execution:
    schedule: Schedule
    scheduled: float
    job: KindJob
    outcome: Outcome | None
    """None for an execution whose job fails."""
    failure: str = ""
    malformed: bool = False

    def visible(self, now: float) -> bool:
        return self.scheduled <= now

    def status(self, now: float) -> str:
        if now < self.job.created:
            return "Pending"
        phase = self.job.phase(now)
        if phase == "Completed":
            assert self.outcome is not None
            return "CompletedWithViolations" if self.outcome.violations else "Completed"
        return STATUS_OF_PHASE[phase]

    def modified(self, now: float) -> float:
        if now < self.job.created:
            return self.scheduled
        return self.job.starts[self.job.phase_index(now)]

    def reported_at(self) -> float | None:
        """When the reports are in S3 (the job's upload), None if it writes none."""
        if self.outcome is None or "Uploading" not in self.job.phases:
            return None
        if self.job.planned is not None:  # stopped: nothing complete was uploaded
            return None
        return self.job.starts[self.job.phases.index("Uploading")]

    def output_uri(self) -> str:
        return f"{OUTPUT_URI}/{self.schedule.tpl.endpoint}/{self.schedule.tpl.name}/" + dt(
            self.scheduled
        ).strftime("%Y/%m/%d/%H")

    def summary(self, now: float) -> dict[str, Any]:
        tpl = self.schedule.tpl
        status = self.status(now)
        out: dict[str, Any] = {
            "MonitoringScheduleName": tpl.name,
            "ScheduledTime": dt(self.scheduled),
            "CreationTime": dt(self.scheduled),
            "LastModifiedTime": dt(self.modified(now)),
            "MonitoringExecutionStatus": status,
            "EndpointName": tpl.endpoint,
            "MonitoringType": tpl.type,
        }
        if now >= self.job.created:
            out["ProcessingJobArn"] = f"{PREFIX}:processing-job/{self.job.name}"
        if status == "Failed":
            out["FailureReason"] = self.failure
        if tpl.job_definition:
            out["MonitoringJobDefinitionName"] = tpl.job_definition
        return out


@dataclass
class Schedule:
    tpl: ScheduleTemplate
    created: float
    timeline: list[tuple[float, str]]
    minute: int
    hours: tuple[int, ...]
    generated: float
    """Scheduled times up to here have their executions."""
    executions: list[Execution] = field(default_factory=list)

    @property
    def arn(self) -> str:
        return f"{PREFIX}:monitoring-schedule/{self.tpl.name}"

    def status(self, t: float) -> str:
        current = self.timeline[0][1]
        for when, status in self.timeline:
            if when <= t:
                current = status
        return current

    def last(self, now: float) -> Execution | None:
        return next((e for e in reversed(self.executions) if e.visible(now)), None)

    def modified(self, now: float) -> float:
        times = [t for t, _ in self.timeline if t <= now]
        last = self.last(now)
        if last is not None:
            times.append(last.modified(now))
        return max(times)


class MonitoringArea:
    def __init__(self, world: World) -> None:
        self.world = world
        self.seed = world.seed
        self.clock = world.clock
        self.epoch = self.clock.start
        self.lock = threading.RLock()
        self.schedules: dict[str, Schedule] = {}
        self.jobs: dict[str, Execution] = {}
        self._handed: int = 0
        self._new_jobs: list[KindJob] = []
        by_name = {t.name: t for t in ENDPOINT_TEMPLATES}
        self.traffic = {
            t.endpoint: Traffic(self.seed, by_name[t.endpoint], self.epoch)
            for t in TEMPLATES
            if t.endpoint in by_name
        }
        self.capture = {
            t.endpoint: (by_name[t.endpoint].capture or 0) if t.endpoint in by_name else 0
            for t in TEMPLATES
        }
        for tpl in TEMPLATES:
            self.schedules[tpl.name] = self._schedule(tpl)
        self.sync()
        jobkinds_area(world).processing.add_source(self)

    # --- building ------------------------------------------------------------------------
    def _schedule(self, tpl: ScheduleTemplate) -> Schedule:
        jitter = random.Random(f"{self.seed}:{tpl.name}:created").random()
        if tpl.lifecycle == "Pending":
            created = self.epoch - 90
            timeline: list[tuple[float, str]] = [
                (created, "Pending"),
                (self.epoch + 150, "Scheduled"),
            ]
        else:
            created = round(self.epoch - tpl.age_days * DAY - jitter * 4 * HOUR, 3)
            timeline = [(created, "Pending")]
            if tpl.lifecycle == "Failed":
                timeline.append((created + 180, "Failed"))
            else:
                timeline.append((created + 120, "Scheduled"))
            if tpl.lifecycle == "Stopped":
                timeline.append((self.epoch - tpl.stopped_ago, "Stopped"))
        minute, hours = _cron(tpl.cron)
        first = max(created, self.epoch - tpl.history)
        return Schedule(tpl, created, timeline, minute, hours, generated=first)

    def sync(self) -> float:
        """Run every schedule's due executions up to now; returns now."""
        with self.lock:
            now = self.clock.now()
            for schedule in self.schedules.values():
                self._generate(schedule, now)
            return now

    def _generate(self, schedule: Schedule, now: float) -> None:
        if now <= schedule.generated:
            return
        day = int(schedule.generated // DAY) * DAY
        while day <= now:
            for hour in schedule.hours:
                slot = day + hour * HOUR + schedule.minute * 60
                if schedule.generated < slot <= now and schedule.status(slot) == "Scheduled":
                    self._execute(schedule, slot)
            day += DAY
        schedule.generated = now

    def _execute(self, schedule: Schedule, slot: float) -> None:
        tpl = schedule.tpl
        rng = random.Random(f"{self.seed}:{tpl.name}:{int(slot)}")
        delay = 60 + rng.random() * 19 * 60  # "a delay of 0-20 minutes"
        created = round(slot + delay, 3)
        period = HOUR * (24 if len(schedule.hours) == 1 else 24 / len(schedule.hours))
        drift, items = self._drift(tpl, slot, period)
        failing = tpl.failing_since is not None and slot > self.epoch - tpl.failing_since
        starting = 120 + rng.random() * 120
        clarify = tpl.type in ("ModelBias", "ModelExplainability")
        running = (480 + rng.random() * 420) if clarify else (240 + rng.random() * 300)
        if failing:
            phases: tuple[str, ...] = ("Starting", "Running", "Failed")
            offsets: tuple[float, ...] = (0, starting, starting + 20 + rng.random() * 40)
            outcome = None
        else:
            phases = ("Starting", "Running", "Uploading", "Completed")
            upload = 20 + rng.random() * 20
            offsets = (0, starting, starting + running, starting + running + upload)
            extra = (
                tpl.extra_column_since is not None and slot > self.epoch - tpl.extra_column_since
            )
            outcome = Outcome(tpl, rng, drift, items, extra_column=extra)
        stamp = dt(slot).strftime("%Y%m%d%H%M")
        job = KindJob(
            name=f"model-monitoring-{stamp}-{_hex(self.seed, tpl.name, slot)}",
            created=created,
            phases=phases,
            starts=tuple(round(created + o, 3) for o in offsets),
            family=0,
            seed=rng.getrandbits(32),
            extra={"instance": tpl.instance, "count": 1, "monitoring": tpl.name},
        )
        malformed = tpl.malformed_at is not None and slot == _hour(self.epoch - tpl.malformed_at)
        execution = Execution(
            schedule, slot, job, outcome, NO_DATA if failing else "", malformed=malformed
        )
        schedule.executions.append(execution)
        self.jobs[job.name] = execution
        self._new_jobs.append(job)

    def _drift(self, tpl: ScheduleTemplate, slot: float, period: float) -> tuple[float, int]:
        """(drift level, captured records) for the analysis window before ``slot``."""
        base = 0.0
        if tpl.drift_onset is not None:
            onset = self.epoch - tpl.drift_onset
            if slot > onset:
                base = tpl.drift_level * min(1.0, (slot - onset) / tpl.drift_ramp)
        traffic = self.traffic.get(tpl.endpoint)
        if traffic is None or traffic.rpm <= 0:
            return base, 1000
        first, last = int((slot - period) // 60), int(slot // 60)
        minutes = range(first, last, max(5, int(period // 60) // 12))  # a dozen samples
        mean = sum(traffic.rate(m) for m in minutes) / max(1, len(minutes))
        factor = mean / traffic.rpm
        surge = max(0.0, factor - 1.6) * 0.3
        items = int(mean * (period / 60) * self.capture.get(tpl.endpoint, 100) / 100)
        return base + surge, max(1, items)

    # --- processing jobs (smtui/sandbox/jobkinds/processing.py add_source) ---------------------
    def new_jobs(self) -> list[KindJob]:
        """The processing jobs started since the last call (to now)."""
        with self.lock:
            now = self.sync()
            ready = [j for j in self._new_jobs if j.created <= now]
            self._new_jobs = [j for j in self._new_jobs if j.created > now]
            return ready

    def job_summary(self, job: KindJob, now: float) -> dict[str, Any]:
        execution = self.jobs[job.name]
        phase = job.phase(now)
        status = {"Starting": "InProgress", "Running": "InProgress", "Uploading": "InProgress"}
        out: dict[str, Any] = {
            "ProcessingJobName": job.name,
            "ProcessingJobArn": f"{PREFIX}:processing-job/{job.name}",
            "CreationTime": dt(job.created),
            "LastModifiedTime": dt(job.starts[job.phase_index(now)]),
            "ProcessingJobStatus": status.get(phase, phase),
        }
        if job.is_terminal(now):
            out["ProcessingEndTime"] = dt(job.ends_at)
        if phase == "Failed":
            out["FailureReason"] = execution.failure
        return out

    def job_describe(self, job: KindJob, now: float) -> dict[str, Any]:
        execution = self.jobs[job.name]
        schedule = execution.schedule
        tpl = schedule.tpl
        out = self.job_summary(job, now)
        hour = dt(execution.scheduled).strftime("%Y/%m/%d/%H")
        capture = f"s3://{CAPTURE_BUCKET}/{tpl.endpoint}/{tpl.endpoint}/AllTraffic/{hour}"
        inputs = [
            {
                "InputName": "input_1",
                "AppManaged": False,
                "S3Input": {
                    "S3Uri": capture,
                    "LocalPath": f"{ENDPOINT_PATH}/{tpl.endpoint}/AllTraffic/{hour}",
                    "S3DataType": "S3Prefix",
                    "S3InputMode": "File",
                    "S3DataDistributionType": "FullyReplicated",
                    "S3CompressionType": "None",
                },
            }
        ]
        baseline = self.baseline_uri(tpl, "constraints.json")
        inputs.append(
            {
                "InputName": "baseline",
                "AppManaged": False,
                "S3Input": {
                    "S3Uri": baseline,
                    "LocalPath": "/opt/ml/processing/baseline/constraints",
                    "S3DataType": "S3Prefix",
                    "S3InputMode": "File",
                    "S3DataDistributionType": "FullyReplicated",
                    "S3CompressionType": "None",
                },
            }
        )
        clarify = tpl.type in ("ModelBias", "ModelExplainability")
        out.update(
            ProcessingInputs=inputs,
            ProcessingOutputConfig={
                "Outputs": [
                    {
                        "OutputName": "result",
                        "S3Output": {
                            "S3Uri": execution.output_uri(),
                            "LocalPath": RESULT_PATH,
                            "S3UploadMode": "Continuous",
                        },
                        "AppManaged": False,
                    }
                ]
            },
            ProcessingResources={
                "ClusterConfig": {
                    "InstanceCount": 1,
                    "InstanceType": tpl.instance,
                    "VolumeSizeInGB": 20,
                }
            },
            StoppingCondition={"MaxRuntimeInSeconds": 3600},
            AppSpecification={"ImageUri": CLARIFY_IMAGE if clarify else MONITOR_IMAGE},
            Environment={
                "dataset_format": '{"sagemakerCaptureJson":{"captureIndexNames":'
                '["endpointInput","endpointOutput"]}}',
                "dataset_source": ENDPOINT_PATH,
                "output_path": RESULT_PATH,
                "publish_cloudwatch_metrics": "Enabled",
                "sagemaker_endpoint_name": tpl.endpoint,
                "sagemaker_monitoring_schedule_name": tpl.name,
                "monitoring_type": tpl.type,
                "start_time": dt(execution.scheduled - HOUR).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "end_time": dt(execution.scheduled).strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
            RoleArn=SANDBOX_ROLE_ARN,
            MonitoringScheduleArn=schedule.arn,
        )
        started = job.started("Running", now)
        if started is not None:
            out["ProcessingStartTime"] = dt(started)
        return out

    def job_log_events(self, job: KindJob, stream: str) -> list[tuple[float, str]]:
        execution = self.jobs[job.name]
        tpl = execution.schedule.tpl
        t0 = job.starts[1] if len(job.starts) > 1 else job.created
        lines = [
            (t0 + 0.2, f"Start executing the {tpl.type} monitoring job {job.name}"),
            (t0 + 1.0, f"Monitoring schedule: {tpl.name}, endpoint: {tpl.endpoint}"),
            (t0 + 2.0, f"Reading captured data from {ENDPOINT_PATH}/{tpl.endpoint}"),
        ]
        end = job.ends_at
        if execution.outcome is None:
            lines.append((end - 0.5, f"ERROR {execution.failure}"))
        else:
            stats = execution.outcome.statistics or {}
            items = (stats.get("dataset") or {}).get("item_count")
            if items is not None:
                lines.append((t0 + 5.0, f"Analyzing {items} records"))
            lines.append((t0 + 8.0, "Evaluating the baseline constraints"))
            found = len(execution.outcome.violations)
            lines.append(
                (
                    end - 30.0,
                    f"Found {found} constraint violations" if found else "No violations found",
                )
            )
            lines.append((end - 20.0, f"Writing reports to {RESULT_PATH}"))
            lines.append((end - 1.0, "Completed the monitoring job"))
        at = job.stopped_at
        if at is not None:
            lines = [(t, m) for t, m in lines if t < at]
            lines.append((at + 0.5, "Received SIGTERM: the processing job is stopping"))
        return [(round(t, 3), m) for t, m in lines]

    # --- reports in S3 ----------------------------------------------------------------------------
    def baseline_uri(self, tpl: ScheduleTemplate, name: str) -> str:
        return f"s3://{BUCKET}/{KEY_PREFIX}/baselines/{tpl.endpoint}/{SLUGS[tpl.type]}/{name}"

    def object(self, key: str, now: float) -> S3Object | None:
        self.sync()
        head, _, key = key.partition("/")
        if head != KEY_PREFIX:
            return None
        parts = key.split("/")
        if len(parts) == 4 and parts[0] == "baselines":
            return self._baseline(parts[1], parts[2], parts[3], now)
        if len(parts) == 8 and parts[0] == "reports":
            return self._report(parts, now)
        return None

    def _baseline(self, endpoint: str, slug: str, name: str, now: float) -> S3Object | None:
        tpl = next(
            (
                s.tpl
                for s in self.schedules.values()
                if s.tpl.endpoint == endpoint and SLUGS[s.tpl.type] == slug
            ),
            None,
        )
        if tpl is None:
            return None
        if tpl.lifecycle == "Failed":  # the role lost access to its baseline
            raise S3Error("AccessDenied", "Access Denied", 403)
        written = self.schedules[tpl.name].created - DAY
        if name == "statistics.json" and tpl.type in ("DataQuality", "ModelQuality"):
            return _json(baseline_statistics(tpl), written)
        if name == "constraints.json":
            return _json(baseline_constraints(tpl), written)
        return None

    def _report(self, parts: list[str], now: float) -> S3Object | None:
        _, endpoint, name, year, month, day, hour, file = parts
        schedule = self.schedules.get(name)
        if schedule is None or schedule.tpl.endpoint != endpoint:
            return None
        try:
            slot = datetime(int(year), int(month), int(day), int(hour), schedule.minute, tzinfo=UTC)
        except ValueError:
            return None
        execution = next((e for e in schedule.executions if e.scheduled == slot.timestamp()), None)
        if execution is None or execution.outcome is None:
            return None
        written = execution.reported_at()
        if written is None or now < written:
            return None
        outcome = execution.outcome
        if file == "constraint_violations.json":
            doc = outcome.violations_document(schedule.tpl)
            if execution.malformed:  # an upload cut short: the first 60% of the document
                text = json.dumps(doc, indent=4).encode()
                return S3Object(text[: len(text) * 3 // 5], written, "application/json")
            return _json(doc, written)
        if file == "statistics.json" and outcome.statistics is not None:
            return _json(outcome.statistics, written)
        return None

    # --- API ---------------------------------------------------------------------------
    def get(self, name: str) -> Schedule:
        schedule = self.schedules.get(name)
        if schedule is None:
            raise ScheduleNotFoundError(name)
        return schedule

    def stop_schedule(self, name: str) -> None:
        with self.lock:
            now = self.sync()
            schedule = self.get(name)
            status = schedule.status(now)
            if status not in ("Scheduled", "Pending"):
                raise ScheduleStateError(name, status)
            schedule.timeline = [e for e in schedule.timeline if e[0] <= now] + [(now, "Stopped")]

    def start_schedule(self, name: str) -> None:
        with self.lock:
            now = self.sync()
            schedule = self.get(name)
            status = schedule.status(now)
            if status != "Stopped":
                raise ScheduleStateError(name, status)
            schedule.timeline = [e for e in schedule.timeline if e[0] <= now]
            schedule.timeline.append((now, "Scheduled"))

    def describe(self, name: str, now: float) -> dict[str, Any]:
        schedule = self.get(name)
        tpl = schedule.tpl
        config: dict[str, Any] = {
            "ScheduleConfig": {"ScheduleExpression": tpl.cron},
            "MonitoringType": tpl.type,
        }
        if tpl.job_definition:
            config["MonitoringJobDefinitionName"] = tpl.job_definition
        else:
            config["MonitoringJobDefinition"] = {
                "BaselineConfig": {
                    "ConstraintsResource": {"S3Uri": self.baseline_uri(tpl, "constraints.json")},
                    "StatisticsResource": {"S3Uri": self.baseline_uri(tpl, "statistics.json")},
                },
                "MonitoringInputs": [
                    {
                        "EndpointInput": {
                            "EndpointName": tpl.endpoint,
                            "LocalPath": ENDPOINT_PATH,
                            "S3InputMode": "File",
                            "S3DataDistributionType": "FullyReplicated",
                        }
                    }
                ],
                "MonitoringOutputConfig": {
                    "MonitoringOutputs": [
                        {
                            "S3Output": {
                                "S3Uri": OUTPUT_URI,
                                "LocalPath": "/opt/ml/processing/output",
                                "S3UploadMode": "Continuous",
                            }
                        }
                    ]
                },
                "MonitoringResources": {
                    "ClusterConfig": {
                        "InstanceCount": 1,
                        "InstanceType": tpl.instance,
                        "VolumeSizeInGB": 20,
                    }
                },
                "MonitoringAppSpecification": {"ImageUri": MONITOR_IMAGE},
                "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
                "Environment": {"publish_cloudwatch_metrics": "Enabled"},
                "RoleArn": SANDBOX_ROLE_ARN,
            }
        out = self.summary(schedule, now)
        out.pop("MonitoringJobDefinitionName", None)
        out["MonitoringScheduleConfig"] = config
        status = schedule.status(now)
        if status == "Failed" and tpl.failure:
            out["FailureReason"] = tpl.failure
        last = schedule.last(now)
        if last is not None:
            out["LastMonitoringExecutionSummary"] = last.summary(now)
        return out

    def summary(self, schedule: Schedule, now: float) -> dict[str, Any]:
        tpl = schedule.tpl
        out: dict[str, Any] = {
            "MonitoringScheduleName": tpl.name,
            "MonitoringScheduleArn": schedule.arn,
            "CreationTime": dt(schedule.created),
            "LastModifiedTime": dt(schedule.modified(now)),
            "MonitoringScheduleStatus": schedule.status(now),
            "EndpointName": tpl.endpoint,
            "MonitoringType": tpl.type,
        }
        if tpl.job_definition:
            out["MonitoringJobDefinitionName"] = tpl.job_definition
        return out

    def visible(self, now: float) -> list[Schedule]:
        return [s for s in self.schedules.values() if s.created <= now]


def _hour(t: float) -> float:
    return t - t % HOUR


def _json(doc: dict[str, Any], written: float) -> S3Object:
    return S3Object(json.dumps(doc, indent=4).encode(), written, "application/json")


def encode_token(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> dict[str, Any]:
    """ValueError when the token is not one this area produced."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError) as exc:
        raise ValueError(token) from exc
    if not isinstance(data, dict):
        raise ValueError(token)
    return data
