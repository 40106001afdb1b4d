"""The experiments area: the designed sweep and chain, plus the tracked families, read at
the virtual time of each request (components follow their training jobs' statuses)."""

from __future__ import annotations

import threading
from typing import Any

from .. import jobkinds
from ..simulator import JobNotFoundError, Simulator
from ..simulator.job import JobRecord
from ..world import World
from . import render
from .fleet import (
    ComponentRec,
    ExperimentRec,
    Processing,
    TrialRec,
    design,
    job_component_name,
)


class NotFoundError(LookupError):
    """No experiment, trial or component by that name."""

    def __init__(self, kind: str, name: str) -> None:
        super().__init__(f"{kind} {name}")
        self.kind = kind
        self.name = name


class ExperimentsArea:
    def __init__(self, world: World) -> None:
        self.world = world
        self.sim: Simulator = world.training
        self._lock = threading.RLock()
        self.kinds = jobkinds.area(world)  # first: its tuning jobs join the training fleet
        designed = design(self.sim, _processing(self.kinds))
        for job, config in designed.configs.items():
            self.sim.set_experiment_config(job, config)
        self.experiments: dict[str, ExperimentRec] = dict(designed.experiments)
        self.trials: dict[str, TrialRec] = dict(designed.trials)
        self.components: dict[str, ComponentRec] = dict(designed.components)
        self._records: dict[str, JobRecord] = {}
        self._seen = 0
        self._index()

    # -- indexes ---------------------------------------------------------------------------
    def _index(self) -> None:
        self.trials_of: dict[str, list[str]] = {}
        self.components_of: dict[str, list[str]] = {}
        for trial in self.trials.values():
            self.trials_of.setdefault(trial.experiment, []).append(trial.name)
        for c in self.components.values():
            for t in c.trials:
                self.components_of.setdefault(t, []).append(c.name)

    def _sync(self) -> float:
        """Now, after tracking the jobs (at start or arrived since) run with ExperimentConfig."""
        records = self.sim.job_records()
        now = self.sim.clock.now()
        for rec in records[self._seen :]:
            self._records[rec.name] = rec
            if rec.experiment:
                self._track(rec)
        self._seen = len(records)
        return now

    def _track(self, rec: JobRecord) -> None:
        try:
            config = self.sim.describe_training_job(rec.name).get("ExperimentConfig") or {}
        except JobNotFoundError:
            return
        exp, trial = config.get("ExperimentName"), config.get("TrialName")
        if not exp or not trial:
            return
        family = exp.removesuffix("-experiments")
        if exp not in self.experiments:
            description = f"Training runs of {family} tracked with ExperimentConfig."
            self.experiments[exp] = ExperimentRec(exp, description, rec.created - 60)
        if trial not in self.trials:
            self.trials[trial] = TrialRec(trial, exp, rec.created - 10)
            self.trials_of.setdefault(exp, []).append(trial)
        name = job_component_name(rec.name)
        display = config.get("TrialComponentDisplayName") or name
        self.components[name] = ComponentRec(name, display, rec.created, [trial], rec.name)
        self.components_of.setdefault(trial, []).append(name)

    # -- reads (every public method takes the lock and syncs) ---------------------------
    def now(self) -> float:
        with self._lock:
            return self._sync()

    def experiment_modified(self, name: str) -> float:
        rec = self.experiments[name]
        trials = [self.trial_modified(t) for t in self.trials_of.get(name, [])]
        return max([rec.created, *trials])

    def trial_modified(self, name: str) -> float:
        rec = self.trials[name]
        comps = [self.components[c].created for c in self.components_of.get(name, [])]
        return max([rec.created, *comps])

    def list_experiments(self) -> list[dict[str, Any]]:
        with self._lock:
            self._sync()
            return [
                render.experiment_summary(e, self.experiment_modified(e.name))
                for e in self.experiments.values()
            ]

    def describe_experiment(self, name: str) -> dict[str, Any]:
        with self._lock:
            self._sync()
            rec = self._experiment(name)
            return render.experiment(rec, self.experiment_modified(rec.name))

    def list_trials(
        self, experiment: str | None = None, component: str | None = None
    ) -> list[dict[str, Any]]:
        with self._lock:
            self._sync()
            names = list(self.trials)
            if experiment is not None:
                names = self.trials_of.get(self._experiment(experiment).name, [])
            if component is not None:
                comp = self._component(component)
                names = [t for t in names if t in comp.trials]
            return [render.trial_summary(self.trials[t], self.trial_modified(t)) for t in names]

    def describe_trial(self, name: str) -> dict[str, Any]:
        with self._lock:
            self._sync()
            rec = self._trial(name)
            return render.trial(rec, self.trial_modified(rec.name))

    def trial_record(self, name: str) -> dict[str, Any]:
        """The Trial search record: the trial with its components' simple summaries."""
        with self._lock:
            out = self.describe_trial(name)
            simple = []
            for c in self.components_of.get(name, []):
                full = self.component(c)
                item: dict[str, Any] = {
                    k: full[k]
                    for k in ("TrialComponentName", "TrialComponentArn", "CreationTime")
                    if k in full
                }
                item["CreatedBy"] = full.get("CreatedBy", {})
                if "Source" in full:
                    item["TrialComponentSource"] = full["Source"]
                simple.append(item)
            out["TrialComponentSummaries"] = simple
            return out

    def component_names(
        self,
        experiment: str | None = None,
        trial: str | None = None,
        source_arn: str | None = None,
    ) -> list[str]:
        with self._lock:
            self._sync()
            if trial is not None:
                return list(self.components_of.get(self._trial(trial).name, []))
            if experiment is not None:
                trials = self.trials_of.get(self._experiment(experiment).name, [])
                seen: dict[str, None] = {}
                for t in trials:
                    seen.update(dict.fromkeys(self.components_of.get(t, [])))
                return list(seen)
            if source_arn is not None:
                return [c.name for c in self.components.values() if self._source(c) == source_arn]
            return list(self.components)

    def created(self, component: str) -> float:
        return self.components[component].created

    def component(self, name: str) -> dict[str, Any]:
        """The full component (DescribeTrialComponent) as it is now."""
        with self._lock:
            now = self._sync()
            comp = self._component(name)
            if comp.job is None:
                return render.manual_component(comp)
            if comp.job_kind == "processing":
                d = self.kinds.processing.describe_named(comp.job, now)
                return render.processing_component(comp, d)
            d = self.sim.describe_training_job(comp.job)
            record = self._records[comp.job]
            metrics = render.metric_summaries(d, record, self.world.metrics, now)
            base = None
            if comp.base_model_job is not None:
                base = self.sim.describe_training_job(comp.base_model_job)["ModelArtifacts"][
                    "S3ModelArtifacts"
                ]
            return render.training_component(comp, d, metrics, base)

    def component_record(self, name: str) -> dict[str, Any]:
        """The TrialComponent search record: the component, its parents and source."""
        with self._lock:
            out = self.component(name)
            comp = self.components[out["TrialComponentName"]]
            out["Parents"] = [
                {"TrialName": t, "ExperimentName": self.trials[t].experiment} for t in comp.trials
            ]
            if "Source" in out:
                out["SourceDetail"] = {"SourceArn": out["Source"]["SourceArn"]}
            return out

    def experiment_record(self, name: str) -> dict[str, Any]:
        return self.describe_experiment(name)

    def _source(self, comp: ComponentRec) -> str | None:
        if comp.job is None:
            return None
        if comp.job_kind == "processing":
            return render.processing_job_arn(comp.job)
        return render.training_job_arn(comp.job)

    # -- lookups -----------------------------------------------------------------------
    def _experiment(self, name: str) -> ExperimentRec:
        rec = self.experiments.get(_name(name, "experiment"))
        if rec is None:
            raise NotFoundError("Experiment", name)
        return rec

    def _trial(self, name: str) -> TrialRec:
        rec = self.trials.get(_name(name, "experiment-trial"))
        if rec is None:
            raise NotFoundError("Trial", name)
        return rec

    def _component(self, name: str) -> ComponentRec:
        rec = self.components.get(_name(name, "experiment-trial-component"))
        if rec is None:
            raise NotFoundError("TrialComponent", name)
        return rec


def _processing(kinds: jobkinds.JobKindsArea) -> dict[str, list[Processing]]:
    """Completed processing jobs by family, oldest first."""
    from ..jobkinds.processing import FAMILIES

    sim = kinds.processing
    now = kinds.now()
    out: dict[str, list[Processing]] = {}
    for job in sorted(sim.jobs(), key=lambda j: (j.created, j.name)):
        if sim.status(job, now) == "Completed":
            out.setdefault(FAMILIES[job.family].base, []).append(
                (job.name, job.created, job.ends_at)
            )
    return out


def _name(name_or_arn: str, resource: str) -> str:
    """Entity names are case-insensitive; an ARN names its entity after the resource type."""
    marker = f":{resource}/"
    if name_or_arn.startswith("arn:") and marker in name_or_arn:
        return name_or_arn.split(marker, 1)[1].lower()
    return name_or_arn.lower()


def experiments_area(world: World) -> ExperimentsArea:
    return world.area("experiments", ExperimentsArea)
