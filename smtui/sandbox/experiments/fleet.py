"""Which experiments, trials and trial components exist, derived from the training fleet.

Three sources, all deterministic from the fleet (seed, size, start time):

* **Tracked families**: the training simulator marks about a quarter of its jobs as run
  with an ``ExperimentConfig`` (``<family>-experiments`` / ``<family>-trial-<dataset
  version>``). Those experiments exist here with one ``<job>-aws-training-job`` component
  per job, read from the job's own ExperimentConfig, so lineage reads the same both ways.
  New arrivals join as the clock moves.
* **A hyperparameter sweep**: completed (and one failed) runs of a fine-tuning family with
  varying learning rate and batch size, one trial per run, plus a shared ``prepare-data``
  component logged by the user (no source job), as the SageMaker Experiments examples do.
* **An incremental-retrain chain**: consecutive runs of a tabular family, each starting
  from the previous run's model artifact (input artifact ``base-model``); the newest may
  still be running. Each step also holds the family's latest completed preprocessing
  job before it (``<job>-aws-processing-job``, SourceType ``SageMakerProcessingJob``),
  when the job kinds area has one.

Only jobs launched on their own take part (not a tuning job's training jobs).

The jobs of the sweep and the chain get their ExperimentConfig through
``Simulator.set_experiment_config``. Component names follow SageMaker's for jobs it tracks
(``<job>-aws-training-job``, SourceType ``SageMakerTrainingJob``), as in
aws/sagemaker-python-sdk tests/unit/sagemaker/lineage/test_lineage_trial_component.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..simulator import Simulator
from ..simulator.catalog import DATA_BUCKET, TEAM_USERS, TEMPLATES
from ..simulator.job import JobRecord

TRAINING_SUFFIX = "-aws-training-job"
PROCESSING_SUFFIX = "-aws-processing-job"


@dataclass
class ExperimentRec:
    name: str
    description: str
    created: float
    created_by: str | None = None
    """User profile that created it (None: created by SageMaker for the job)."""


@dataclass
class TrialRec:
    name: str
    experiment: str
    created: float
    created_by: str | None = None


@dataclass
class ComponentRec:
    name: str
    display_name: str
    created: float
    trials: list[str] = field(default_factory=list)
    job: str | None = None
    """Source job, or None for a component the user logged (no source)."""
    job_kind: str = "training"
    """"training" (the training simulator) or "processing" (the job kinds area)."""
    base_model_job: str | None = None
    """The chain's previous job: its model artifact is this run's ``base-model`` input."""
    manual: dict[str, Any] | None = None
    """For a logged component: Parameters, InputArtifacts, OutputArtifacts, times."""
    created_by: str | None = None


def job_component_name(job: str) -> str:
    return f"{job}{TRAINING_SUFFIX}"


def _user(name: str) -> str:
    return TEAM_USERS[sum(name.encode()) % len(TEAM_USERS)]


@dataclass(frozen=True)
class SweepPlan:
    family: str
    experiment: str
    description: str
    prepare: dict[str, Any]


@dataclass(frozen=True)
class ChainPlan:
    family: str
    experiment: str
    description: str
    preprocess: str = ""
    """Processing job family that prepares each step's data ("" for none)."""


SWEEPS = (
    SweepPlan(
        "bert-base-sentiment",
        "reviews-bert-lr-sweep",
        "Learning rate x batch size sweep for bert-base-uncased on product-review sentiment.",
        {"max_seq_length": 128.0, "train_split": 0.9, "tokenizer": "bert-base-uncased"},
    ),
    SweepPlan(
        "hf-llama3-8b-lora",
        "genai-llama3-lora-sweep",
        "LoRA learning rate x per-device batch size sweep for Llama 3 8B instruction tuning.",
        {"max_seq_length": 2048.0, "train_split": 0.95, "tokenizer": "meta-llama/Meta-Llama-3-8B"},
    ),
)
CHAINS = (
    ChainPlan(
        "xgboost-churn",
        "churn-incremental-retrain",
        "Incremental retraining of the churn model: each run starts from the previous "
        "run's model artifact with the newest data.",
        preprocess="churn-preprocess",
    ),
    ChainPlan(
        "sklearn-rf-fraud",
        "fraud-incremental-retrain",
        "Incremental retraining of the fraud random forest on each new labelled batch.",
    ),
)
SWEEP_SIZE = 8
CHAIN_SIZE = 6


@dataclass
class Designed:
    """The sweep and the chain: fixed once the area is built."""

    experiments: dict[str, ExperimentRec] = field(default_factory=dict)
    trials: dict[str, TrialRec] = field(default_factory=dict)
    components: dict[str, ComponentRec] = field(default_factory=dict)
    configs: dict[str, dict[str, str]] = field(default_factory=dict)
    """Job name -> ExperimentConfig to show in DescribeTrainingJob."""


def _family(name: str) -> int | None:
    for i, tpl in enumerate(TEMPLATES):
        if tpl.base == name:
            return i
    return None


def _candidates(records: list[JobRecord], family: str) -> list[JobRecord]:
    """The family's jobs without an ExperimentConfig of their own, newest first."""
    index = _family(family)
    out = [r for r in records if r.template == index and not r.experiment]
    return sorted(out, key=lambda j: (j.created, j.name), reverse=True)


def _alone(sim: Simulator) -> Callable[[JobRecord], bool]:
    """Launched on its own, not by a tuning job (whose training jobs carry TuningJobArn);
    asked only of the jobs about to be picked, so a big fleet costs a few describes."""
    return lambda job: "TuningJobArn" not in sim.describe_training_job(job.name)


Processing = tuple[str, float, float]
"""A processing job that could prepare a chain step: (name, created, ended)."""


def design(sim: Simulator, processing: dict[str, list[Processing]] | None = None) -> Designed:
    """Pick the sweep's and the chain's jobs from the fleet as it is at start.

    ``processing``: completed processing jobs by family, oldest first."""
    out = Designed()
    now = sim.clock.now()
    records = sim.job_records()
    alone = _alone(sim)
    for plan in SWEEPS:
        if _sweep(out, plan, _candidates(records, plan.family), now, alone):
            break
    for chain in CHAINS:
        preps = (processing or {}).get(chain.preprocess, [])
        if _chain(out, chain, _candidates(records, chain.family), now, preps, alone):
            break
    return out


def _sweep(
    out: Designed,
    plan: SweepPlan,
    jobs: list[JobRecord],
    now: float,
    alone: Callable[[JobRecord], bool],
) -> bool:
    """The newest completed runs (and the newest failed one), oldest first."""
    picked: list[JobRecord] = []
    failed: list[JobRecord] = []
    for job in jobs:
        if not job.is_terminal(now):
            continue
        if job.final_status == "Completed" and len(picked) < SWEEP_SIZE - 1 and alone(job):
            picked.append(job)
        elif job.final_status == "Failed" and not failed and alone(job):
            failed.append(job)
        if len(picked) == SWEEP_SIZE - 1 and failed:
            break
    if len(picked) < 3:
        return False
    picked += failed
    picked.sort(key=lambda j: (j.created, j.name))
    user = _user(plan.experiment)
    first = picked[0].created
    out.experiments[plan.experiment] = ExperimentRec(
        plan.experiment, plan.description, first - 3600, user
    )
    project = TEMPLATES[picked[0].template].project
    prepare = ComponentRec(
        name=f"{plan.experiment}-prepare-data",
        display_name="prepare-data",
        created=first - 2400,
        created_by=user,
        manual={
            "Parameters": dict(plan.prepare),
            "InputArtifacts": {
                "raw": ("application/json", f"s3://{DATA_BUCKET}/{project}/raw/export.jsonl.gz")
            },
            "OutputArtifacts": {
                "train": (None, f"s3://{DATA_BUCKET}/{project}/datasets/train"),
                "test": (None, f"s3://{DATA_BUCKET}/{project}/datasets/test"),
            },
            "StartTime": first - 2390,
            "EndTime": first - 1930,
        },
    )
    out.components[prepare.name] = prepare
    for k, job in enumerate(picked, 1):
        trial = f"{plan.experiment}-run-{k:02d}"
        out.trials[trial] = TrialRec(trial, plan.experiment, job.created - 20, user)
        prepare.trials.append(trial)
        comp = ComponentRec(
            job_component_name(job.name), "training", job.created, [trial], job.name
        )
        out.components[comp.name] = comp
        out.configs[job.name] = {
            "ExperimentName": plan.experiment,
            "TrialName": trial,
            "TrialComponentDisplayName": "training",
        }
    return True


def _chain(
    out: Designed,
    plan: ChainPlan,
    jobs: list[JobRecord],
    now: float,
    preps: list[Processing],
    alone: Callable[[JobRecord], bool],
) -> bool:
    """The newest run that does not overlap the next one, going back from the newest
    (which may still be running); completed ones before it."""
    chain: list[JobRecord] = []
    for job in jobs:
        if chain and job.ends_at > chain[-1].created:
            continue  # still running when the next step started
        if not job.is_terminal(now):
            if not chain and alone(job):
                chain.append(job)
            continue
        if job.final_status == "Completed" and alone(job):
            chain.append(job)
            if len(chain) == CHAIN_SIZE:
                break
    chain.reverse()
    if len(chain) < 3:
        return False
    user = _user(plan.experiment)
    out.experiments[plan.experiment] = ExperimentRec(
        plan.experiment, plan.description, chain[0].created - 7200, user
    )
    previous: JobRecord | None = None
    for k, job in enumerate(chain, 1):
        trial = f"{plan.experiment}-{k:02d}"
        out.trials[trial] = TrialRec(trial, plan.experiment, job.created - 20, user)
        comp = ComponentRec(
            job_component_name(job.name),
            "training",
            job.created,
            [trial],
            job.name,
            base_model_job=previous.name if previous is not None else None,
        )
        out.components[comp.name] = comp
        out.configs[job.name] = {
            "ExperimentName": plan.experiment,
            "TrialName": trial,
            "TrialComponentDisplayName": "training",
        }
        after = previous.created if previous is not None else 0.0
        ready = [p for p in preps if after <= p[1] and p[2] <= job.created]
        if ready:
            name, created, _ended = ready[-1]
            prep = ComponentRec(
                f"{name}{PROCESSING_SUFFIX}", "preprocess", created, [trial], name, "processing"
            )
            out.components[prep.name] = prep
        previous = job
    return True
