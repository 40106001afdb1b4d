"""What a simulated training job writes: log lines per host, algorithm metrics, and
instance utilisation, all derived from the job's timeline and seed.

Log lines follow the phases (data download, container start, training steps and
epochs whose metric values fall or rise towards FinalMetricDataList, upload) and a
failed job ends with the error its FailureReason reports.  Lines are planned on the
timeline as it was before any StopTrainingJob, then cut at the stop, so what was
already written never changes.

Log stream names: ``[training-job-name]/algo-[instance-number-in-cluster]-[epoch_timestamp]``
(SageMaker developer guide, "Log Amazon SageMaker AI events with Amazon CloudWatch").
Metric names, units and dimensions: SageMaker developer guide, "SageMaker AI job metrics"
(https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html#cloudwatch-metrics-jobs):
instance metrics carry the ``Host`` dimension ``[training-job-name]/algo-[N]``;
CPUUtilization and GPU(Memory)Utilization are 0-100 per core/GPU, summed over the
instance's cores/GPUs; MemoryUtilization and DiskUtilization are 0-100. Algorithm
metrics (the MetricDefinitions parsed from the logs) carry the dimension
``TrainingJobName`` = the job's name instead, one series per job: the SageMaker Python
SDK's ``TrainingJobAnalytics`` reads them that way (sagemaker-python-sdk,
src/sagemaker/analytics.py, ``_fetch_metric``: Namespace /aws/sagemaker/TrainingJobs,
Dimensions [{"Name": "TrainingJobName", "Value": job}]).
"""

from __future__ import annotations

import math
import random
import re
import time
from dataclasses import dataclass

from .catalog import DATA_BUCKET, TEMPLATES
from .describe import Drawn, drawn, failure_reason
from .job import JobRecord

# vCPUs and GPUs per instance type of the catalogue (Amazon EC2 instance type pages,
# https://aws.amazon.com/ec2/instance-types/); Trainium chips are not GPUs.
INSTANCE_SPECS: dict[str, tuple[int, int]] = {
    "ml.m5.large": (2, 0),
    "ml.m5.xlarge": (4, 0),
    "ml.m5.2xlarge": (8, 0),
    "ml.c5.xlarge": (4, 0),
    "ml.c5.2xlarge": (8, 0),
    "ml.c5.4xlarge": (16, 0),
    "ml.p3.2xlarge": (8, 1),
    "ml.p3.8xlarge": (32, 4),
    "ml.g4dn.xlarge": (4, 1),
    "ml.g4dn.2xlarge": (8, 1),
    "ml.g5.2xlarge": (8, 1),
    "ml.g5.12xlarge": (48, 4),
    "ml.g5.48xlarge": (192, 8),
    "ml.p4d.24xlarge": (96, 8),
    "ml.p5.48xlarge": (192, 8),
    "ml.trn1.2xlarge": (8, 0),
    "ml.trn1.32xlarge": (128, 0),
}
INSTANCE_METRICS = (
    "CPUUtilization",
    "MemoryUtilization",
    "GPUUtilization",
    "GPUMemoryUtilization",
    "DiskUtilization",
)
GPU_METRICS = frozenset({"GPUUtilization", "GPUMemoryUtilization"})
SAMPLE_SECONDS = 60.0
"""Instance metrics are published at a 1-minute frequency."""


def specs(instance_type: str) -> tuple[int, int]:
    return INSTANCE_SPECS.get(instance_type, (4, 0))


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    t: float
    message: str
    metrics: tuple[tuple[str, float], ...] = ()


def _stamp(t: float) -> str:
    """The sagemaker-training-toolkit's own timestamp inside a line."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)) + f",{int(t * 1000) % 1000:03d}"


def _toolkit(t: float, level: str, text: str) -> str:
    return f"{_stamp(t)} sagemaker-training-toolkit {level:<8} {text}"


# -- timelines ----------------------------------------------------------------------
def planned_timeline(job: JobRecord) -> tuple[tuple[str, ...], tuple[float, ...]]:
    return job.planned if job.planned is not None else (job.phases, job.starts)


def stop_time(job: JobRecord) -> float | None:
    """When a StopTrainingJob cut the planned timeline (None: never stopped by a user)."""
    if job.planned is None or "Stopping" not in job.phases:
        return None
    return job.starts[job.phases.index("Stopping")]


def host_count(job: JobRecord) -> int:
    return max(1, job.instance_count)


def instances_up(job: JobRecord) -> float | None:
    """When the instances were up and the log streams were created (None: never)."""
    for phase, start in zip(job.phases, job.starts, strict=True):
        if phase in ("Downloading", "Training", "Uploading"):
            return start
    return None


def instances_down(job: JobRecord) -> float:
    """When the instances went away: the terminal status time."""
    return job.starts[-1]


@dataclass(frozen=True, slots=True)
class TrainingWindow:
    start: float
    """Start of the Training phase (planned)."""
    end: float
    """End of the Training phase (planned)."""
    c0: float
    """First training step (after the image download and the container start)."""
    c1: float
    """Where the step curve reaches its final value."""

    def progress(self, t: float) -> float:
        return min(1.0, max(0.0, (t - self.c0) / (self.c1 - self.c0)))


def training_window(job: JobRecord) -> TrainingWindow | None:
    phases, starts = planned_timeline(job)
    if "Training" not in phases:
        return None
    i = phases.index("Training")
    start, end = starts[i], starts[i + 1]
    if phases[i + 1] == "Uploading":
        nominal = end - start
    else:  # failed or stopped part-way: the curve was heading further
        frac = random.Random(f"{job.seed}:frac").uniform(0.2, 0.9)
        nominal = (end - start) / frac
    boot = min(60.0, 0.2 * nominal)
    tail = min(20.0, 0.05 * nominal)
    c0 = start + boot + 8.0
    c1 = max(c0 + 1.0, start + nominal - tail)
    return TrainingWindow(start, end, c0, c1)


# -- metric curves ------------------------------------------------------------------
def lower_is_better(metric: str) -> bool:
    return "loss" in metric.lower()


def _curve(final: float, metric: str, p: float) -> float:
    """Falls (loss) or rises (accuracy, AUC, F1) quickly, then flattens onto ``final``."""
    start = final + 1.6 if lower_is_better(metric) else max(0.0, final - 0.35)
    k = 3.5
    g = (math.exp(-k * p) - math.exp(-k)) / (1 - math.exp(-k))
    return final + (start - final) * g


def metric_value(final: float, metric: str, p: float, noise: float) -> float:
    value = _curve(final, metric, p) + noise * (1.0 - p) * (0.04 if p < 1 else 0.0)
    if not lower_is_better(metric):
        value = min(0.9999, value)
    return max(0.0, value)


# -- log styles per job family -------------------------------------------------------
def _epochs(hp: dict[str, str], default: int) -> int:
    for key in ("epochs", "num_round"):
        if key in hp:
            try:
                return max(1, min(20, int(float(hp[key]))))
            except ValueError:
                break
    return default


def _fmt(values: dict[str, float], name: str, final: bool) -> str:
    v = values[name]
    return repr(v) if final else f"{v:.4f}"


class _Style:
    """How one family prints its steps, epochs and final metrics."""

    step_metrics: tuple[str, ...] = ()
    epoch_metrics: tuple[str, ...] = ()
    has_epochs = True

    def __init__(self, hp: dict[str, str], metric_names: tuple[str, ...]) -> None:
        self.hp = hp
        names = set(metric_names)
        self.step_metrics = tuple(m for m in self.step_metrics if m in names)
        self.epoch_metrics = tuple(m for m in self.epoch_metrics if m in names)

    def step(self, k: int, steps: int, epoch: int, epochs: int, v: dict[str, float]) -> str:
        return f"step {k}/{steps} " + ", ".join(f"{n}={x:.4f}" for n, x in v.items())

    def epoch(self, j: int, epochs: int, v: dict[str, float]) -> str:
        return f"epoch {j}/{epochs} " + ", ".join(f"{n}={x:.4f}" for n, x in v.items())

    def final(self, v: dict[str, float]) -> list[str]:
        return ["final " + ", ".join(f"{n}={x!r}" for n, x in v.items())]


class _XGBoost(_Style):
    step_metrics = ("train:auc", "validation:auc")
    has_epochs = False

    def _round(self, k: int, steps: int) -> int:
        rounds = int(self.hp.get("num_round", "100"))
        return max(0, round(k / max(1, steps) * rounds) - 1)

    def step(self, k: int, steps: int, epoch: int, epochs: int, v: dict[str, float]) -> str:
        return (
            f"[{self._round(k, steps)}]#011train-auc:{v.get('train:auc', 0):.5f}"
            f"#011validation-auc:{v.get('validation:auc', 0):.5f}"
        )

    def final(self, v: dict[str, float]) -> list[str]:
        rounds = int(self.hp.get("num_round", "100"))
        return [
            f"[{rounds - 1}]#011train-auc:{_fmt(v, 'train:auc', True)}"
            f"#011validation-auc:{_fmt(v, 'validation:auc', True)}"
        ]


class _SKLearn(_Style):
    has_epochs = False

    def step(self, k: int, steps: int, epoch: int, epochs: int, v: dict[str, float]) -> str:
        trees = int(self.hp.get("n-estimators", "100"))
        done = max(1, round(k / max(1, steps) * trees))
        return f"[Parallel(n_jobs=-1)]: Done {done:>4} out of {trees:>4} | elapsed: {k * 1.7:.1f}s"

    def final(self, v: dict[str, float]) -> list[str]:
        f1 = v.get("test:f1", 0.8)
        return [
            f"precision: {min(0.99, f1 + 0.04):.4f}",
            f"recall: {max(0.0, f1 - 0.05):.4f}",
            f"f1: {f1!r}",
        ]


class _ResNet(_Style):
    step_metrics = ("train_loss",)
    epoch_metrics = ("validation:top1",)

    def step(self, k: int, steps: int, epoch: int, epochs: int, v: dict[str, float]) -> str:
        lr = self.hp.get("lr", "0.1")
        return (
            f"Epoch [{epoch}/{epochs}] step [{k}/{steps}] "
            f"{{'loss': {v.get('train_loss', 0):.4f}, 'lr': {lr}}}"
        )

    def epoch(self, j: int, epochs: int, v: dict[str, float]) -> str:
        top1 = v.get("validation:top1", 0)
        top5 = min(0.99, top1 + 0.17)
        return f"Epoch [{j}/{epochs}] validation: val_top1={top1:.4f} val_top5={top5:.4f}"

    def final(self, v: dict[str, float]) -> list[str]:
        return [
            f"Training finished: {{'loss': {_fmt(v, 'train_loss', True)}}} "
            f"val_top1={_fmt(v, 'validation:top1', True)}"
        ]


class _HuggingFace(_Style):
    step_metrics = ("train_loss",)
    epoch_metrics = ("eval_loss", "eval_accuracy")

    def step(self, k: int, steps: int, epoch: int, epochs: int, v: dict[str, float]) -> str:
        lr = float(self.hp.get("learning_rate", "2e-05")) * (1 - k / max(1, steps + 1))
        return (
            f"{{'loss': {v.get('train_loss', 0):.4f}, 'grad_norm': {0.4 + 0.3 * (k % 7) / 7:.4f}, "
            f"'learning_rate': {lr:.3e}, 'epoch': {k / max(1, steps) * epochs:.2f}}}"
        )

    def _eval(self, epoch: float, v: dict[str, float], final: bool) -> str:
        parts = []
        if "eval_loss" in v:
            parts.append(f"'eval_loss': {_fmt(v, 'eval_loss', final)}")
        if "eval_accuracy" in v:
            acc = v["eval_accuracy"]
            parts.append(f"'eval_loss': {max(0.05, (1 - acc) * 2.2):.4f}")
            parts.append(f"'eval_accuracy': {_fmt(v, 'eval_accuracy', final)}")
        parts += [
            "'eval_runtime': 41.733",
            "'eval_samples_per_second': 119.81",
            f"'epoch': {epoch:.1f}",
        ]
        return "{" + ", ".join(parts) + "}"

    def epoch(self, j: int, epochs: int, v: dict[str, float]) -> str:
        return self._eval(float(j), v, False)

    def final(self, v: dict[str, float]) -> list[str]:
        epochs = float(_epochs(self.hp, 1))
        lines = [
            f"{{'loss': {_fmt(v, 'train_loss', True)}, 'learning_rate': 0.0, "
            f"'epoch': {epochs:.1f}}}"
        ]
        evals = {k: x for k, x in v.items() if k in ("eval_loss", "eval_accuracy")}
        if evals:
            lines.append(self._eval(epochs, evals, True))
        return lines


class _TensorFlow(_Style):
    step_metrics = ("train_loss",)
    epoch_metrics = ("validation:auc",)

    def step(self, k: int, steps: int, epoch: int, epochs: int, v: dict[str, float]) -> str:
        bar = "=" * 30
        return f"{k}/{steps} [{bar}] - {{'loss': {v.get('train_loss', 0):.4f}}}"

    def epoch(self, j: int, epochs: int, v: dict[str, float]) -> str:
        return f"Epoch {j}/{epochs} - val_auc: {v.get('validation:auc', 0):.4f}"

    def final(self, v: dict[str, float]) -> list[str]:
        return [
            f"Final: {{'loss': {_fmt(v, 'train_loss', True)}}} - "
            f"val_auc: {_fmt(v, 'validation:auc', True)}"
        ]


class _Neuron(_Style):
    step_metrics = ("train_loss",)
    has_epochs = False

    def step(self, k: int, steps: int, epoch: int, epochs: int, v: dict[str, float]) -> str:
        total = int(self.hp.get("max_steps", "10000"))
        return (
            f"step {round(k / max(1, steps) * total)}/{total} "
            f"{{'loss': {v.get('train_loss', 0):.4f}, 'lr': 3.00e-04, "
            f"'throughput': {42 + k % 5:.1f}}}"
        )

    def final(self, v: dict[str, float]) -> list[str]:
        return [f"Training completed: {{'loss': {_fmt(v, 'train_loss', True)}}}"]


_STYLES: dict[str, type[_Style]] = {
    "xgboost-churn": _XGBoost,
    "sklearn-rf-fraud": _SKLearn,
    "pytorch-resnet50-imagenet": _ResNet,
    "hf-llama3-8b-lora": _HuggingFace,
    "bert-base-sentiment": _HuggingFace,
    "tf-wide-deep-ctr": _TensorFlow,
    "neuron-llama2-7b-pretrain": _Neuron,
}


# -- failures -------------------------------------------------------------------------
_ERROR_MESSAGE = re.compile(r'ErrorMessage "(.*?)"', re.S)


def _failure_lines(job: JobRecord, t: float, entry: str) -> list[str]:
    """The end of the failing host's log: the traceback and the toolkit's report."""
    reason = failure_reason(job) or "AlgorithmError: unknown error"
    if "Traceback (most recent call last)" in reason:
        body = reason[reason.index("Traceback") :].split("\n")
        return [line for line in body if line.strip()] + [
            _toolkit(t, "ERROR", "Reporting training FAILURE"),
            _toolkit(t, "ERROR", "framework error:"),
        ]
    match = _ERROR_MESSAGE.search(reason)
    if match:
        exception = match.group(1)
        frames = [
            "Traceback (most recent call last):",
            f'  File "/opt/ml/code/{entry}", line 214, in <module>',
            "    main()",
            f'  File "/opt/ml/code/{entry}", line 187, in main',
        ]
        if "OutOfMemoryError" in exception:
            frames += [
                "    loss.backward()",
                '  File "/opt/conda/lib/python3.10/site-packages/torch/_tensor.py", '
                "line 492, in backward",
                "    torch.autograd.backward(",
            ]
        else:
            frames += ["    labels = batch['label']"]
        return [
            *frames,
            exception,
            _toolkit(t, "ERROR", "Reporting training FAILURE"),
            _toolkit(t, "ERROR", "ExecuteUserScriptError:"),
            *[line for line in reason.split("\n")[1:] if line.strip()],
        ]
    return [_toolkit(t, "ERROR", line) for line in reason.split("\n") if line.strip()]


# -- the plan -----------------------------------------------------------------------
class _Writer:
    def __init__(self) -> None:
        self.events: list[PlannedEvent] = []

    def add(self, t: float, message: str, metrics: dict[str, float] | None = None) -> None:
        if self.events and t <= self.events[-1].t:
            t = self.events[-1].t + 0.001
        self.events.append(PlannedEvent(t, message, tuple((metrics or {}).items())))

    def lines(self, t: float, messages: list[str], spacing: float = 0.002) -> None:
        for n, message in enumerate(messages):
            self.add(t + n * spacing, message)


def host_events(job: JobRecord, host: int) -> list[PlannedEvent]:
    """Every line host ``host`` (1-based) writes over the job's life, oldest first."""
    tpl = TEMPLATES[job.template]
    d = drawn(job)
    hosts = host_count(job)
    entry = tpl.entry_point or "train.py"
    failing_host = 1 + job.seed % hosts
    out = _Writer()
    phases, starts = planned_timeline(job)
    rng = random.Random(f"{job.seed}:{host}:logs")
    style = _STYLES.get(tpl.base, _Style)(d.hyperparameters, tuple(d.finals))
    window = training_window(job)
    for i, phase in enumerate(phases):
        if i + 1 >= len(phases):
            break
        s, e, following = starts[i], starts[i + 1], phases[i + 1]
        if phase == "Downloading":
            _download(out, job, s, e, d.version)
            if following == "Failed":
                out.lines(e - 0.5, _failure_lines(job, e - 0.5, entry))
        elif phase == "Training" and window is not None:
            _training(out, job, host, hosts, window, style, d, rng, entry, e)
            if following == "Uploading":
                final = style.final(d.finals)
                out.lines(e - 4.0, final[:-1])
                out.add(e - 3.0, final[-1], d.finals)
                out.add(e - 2.0, "Saving the model to /opt/ml/model")
                out.add(e - 1.0, _toolkit(e - 1.0, "INFO", "Reporting training SUCCESS"))
            elif following == "Failed":
                if host == failing_host:
                    out.lines(e - 1.5, _failure_lines(job, e - 1.5, entry))
                else:
                    out.add(e - 1.0, f"Received SIGTERM: algo-{failing_host} failed, stopping")
        elif phase == "Uploading":
            artifact = f"s3://{DATA_BUCKET}/{tpl.project}/output/{job.name}/output/model.tar.gz"
            out.add(s + 1.0, f"Uploading /opt/ml/model to {artifact}")
            out.add(max(s + 1.5, e - 1.0), "Uploading generated training model: completed")
        elif phase == "Stopping":
            _stopping(out, job, s, phases[-1])
    cut = stop_time(job)
    if cut is not None:  # a user's StopTrainingJob: what was written stays, the rest never happens
        out.events = [ev for ev in out.events if ev.t < cut]
        _stopping(out, job, cut, "Stopped")
    return out.events


def _download(out: _Writer, job: JobRecord, s: float, e: float, version: int) -> None:
    tpl = TEMPLATES[job.template]
    channels = tpl.channels
    out.add(s + 0.5, f"Starting the download of input data for channels: {', '.join(channels)}")
    for n, channel in enumerate(channels, 1):
        t = s + (e - s) * n / (len(channels) + 1)
        uri = f"s3://{DATA_BUCKET}/{tpl.project}/datasets/v{version}/{channel}"
        size = (job.seed >> (3 * n)) % 900 + 40
        out.add(t, f"Downloaded {uri} to /opt/ml/input/data/{channel} ({size} MiB)")


def _training(
    out: _Writer,
    job: JobRecord,
    host: int,
    hosts: int,
    window: TrainingWindow,
    style: _Style,
    d: Drawn,
    rng: random.Random,
    entry: str,
    end: float,
) -> None:
    finals, hp = d.finals, d.hyperparameters
    boot = window.c0 - 8.0
    names = ", ".join(f'"algo-{h}"' for h in range(1, hosts + 1))
    startup = [
        "bash: cannot set terminal process group (-1): Inappropriate ioctl for device",
        "bash: no job control in this shell",
        _toolkit(boot, "INFO", "Imported framework sagemaker_training"),
        _toolkit(boot, "INFO", "No Neurons detected (normal if no neurons installed)"),
        _toolkit(boot, "INFO", "Invoking user script"),
        "Training Env:",
        "{",
        f'    "current_host": "algo-{host}",',
        f'    "hosts": [{names}],',
        f'    "user_entry_point": "{entry}"',
        "}",
        f"Invoking script with the following command: /opt/conda/bin/python3.10 {entry}",
    ]
    out.lines(boot, startup)
    span = window.c1 - window.c0
    dt = max(20.0, span / 240)
    steps = max(1, int(span / dt))
    epochs = _epochs(hp, 1) if style.has_epochs else 1
    next_epoch = 1
    for k in range(1, steps + 1):
        t = window.c0 + k * dt
        if t >= end - 5.0:
            break
        p = window.progress(t)
        while style.has_epochs and style.epoch_metrics and next_epoch <= epochs:
            te = window.c0 + span * next_epoch / epochs
            if te > t or te >= end - 5.0:
                break
            pe = window.progress(te)
            values = {
                m: metric_value(finals[m], m, pe, rng.gauss(0, 1)) for m in style.epoch_metrics
            }
            out.add(te, style.epoch(next_epoch, epochs, values), values)
            next_epoch += 1
        values = {m: metric_value(finals[m], m, p, rng.gauss(0, 1)) for m in style.step_metrics}
        epoch = min(epochs, 1 + int(p * epochs))
        out.add(t, style.step(k, steps, epoch, epochs, values), values)


def _stopping(out: _Writer, job: JobRecord, s: float, final: str) -> None:
    if final == "MaxRuntimeExceeded":
        out.add(
            s + 0.2, f"Training job exceeded MaxRuntimeInSeconds ({job.max_runtime}s): stopping"
        )
    out.add(s + 0.5, "Received SIGTERM: the training job is stopping")
    if job.spot:
        out.add(s + 2.0, "Saving a checkpoint to /opt/ml/checkpoints")
    out.add(s + 4.0, "Exiting the training script")


def final_metrics_of(job: JobRecord) -> dict[str, float]:
    return dict(drawn(job).finals)


# -- instance utilisation -------------------------------------------------------------
def instance_value(job: JobRecord, host: int, metric: str, t: float) -> float | None:
    """One sample of an instance metric at ``t`` (None when the instance was not up)."""
    up = instances_up(job)
    if up is None or t < up or t >= instances_down(job):
        return None
    vcpus, gpus = specs(job.instance_type)
    if metric in GPU_METRICS and gpus == 0:
        return None
    phase = job.secondary(t)
    rng = random.Random(f"{job.seed}:{host}:{metric}:{int(t // SAMPLE_SECONDS)}")
    jitter = rng.uniform(-1.0, 1.0)
    window = training_window(job)
    p = window.progress(t) if window is not None else 0.0
    oom = job.failure == "oom"
    training = phase == "Training"
    if metric == "CPUUtilization":
        share = (0.3 if gpus else 0.75) if training else 0.08 if phase == "Downloading" else 0.04
        return round(max(0.0, share + 0.05 * jitter) * 100 * vcpus, 2)
    if metric == "MemoryUtilization":
        level = 8.0 if phase == "Downloading" else 15.0
        if training:
            level = 35 + 30 * min(1.0, p * 4) + (30 * p if oom else 0)
        return round(min(99.5, max(1.0, level + 2 * jitter)), 2)
    if metric == "GPUUtilization":
        level = (88 + 8 * jitter) if training and t >= (window.c0 if window else t) else 0.0
        return round(max(0.0, level) * gpus, 2)
    if metric == "GPUMemoryUtilization":
        if not training:
            return 0.0
        level = 62 + 20 * min(1.0, p * 5) + (16 * p if oom else 0) + 2 * jitter
        return round(min(99.9, max(0.0, level)) * gpus, 2)
    if metric == "DiskUtilization":
        up_for = t - up
        return round(min(95.0, 6 + min(30.0, up_for / 20) + 2 * p + abs(jitter)), 2)
    return None
