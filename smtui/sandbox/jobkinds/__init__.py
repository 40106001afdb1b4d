"""The other SageMaker job kinds: processing, batch transform, hyperparameter tuning,
AutoML, Ground Truth labeling and Neo compilation, on the world's virtual clock.

One simulator per kind (``<kind>.py``) over a shared store and listing (``store.py``) and
timeline record (``record.py``); ``area(world)`` builds them once per world, registers
their CloudWatch Logs with the world's LogsHub and adds the tuning jobs' training jobs to
the training simulator. Fleet sizes follow the training fleet (tens of each by default).
"""

from __future__ import annotations

from ..world import World
from .automl import AutoMLError, AutoMLSim
from .compilation import CompilationSim
from .fleet import fleet_size
from .hung import hung_processing_job
from .kind import JobNotFoundError, JobStateError, KindSim
from .labeling import LabelingSim
from .logs import KindLogs
from .processing import ProcessingSim
from .store import InvalidTokenError, Query
from .transform import TransformSim
from .tuning import TuningSim, tuning_fleet_size

__all__ = [
    "AutoMLError",
    "InvalidTokenError",
    "JobKindsArea",
    "JobNotFoundError",
    "JobStateError",
    "KindSim",
    "Query",
    "area",
]


class JobKindsArea:
    def __init__(self, world: World) -> None:
        now = world.clock.now()
        n, seed = world.fleet_size, world.seed
        self.clock = world.clock
        self.processing = ProcessingSim.build(seed, fleet_size(n, 5), now)
        if len(self.processing.index):  # the job that hangs (on-call triage's timeline)
            self.processing.index.add(hung_processing_job(seed, world.clock.start))
        self.transform = TransformSim.build(seed, fleet_size(n, 8), now)
        self.tuning = TuningSim.build(
            seed, tuning_fleet_size(n), now, world.training, running=world.tuning_running
        )
        self.automl = AutoMLSim.build(seed, fleet_size(n, 16), now)
        self.labeling = LabelingSim.build(seed, fleet_size(n, 14), now)
        self.compilation = CompilationSim.build(seed, fleet_size(n, 10), now)
        self.kinds: dict[str, KindSim] = {
            sim.kind: sim
            for sim in (
                self.processing,
                self.transform,
                self.tuning,
                self.automl,
                self.labeling,
                self.compilation,
            )
        }
        for sim in self.kinds.values():
            if sim.log_group:
                world.logs.register(sim.log_group, KindLogs(sim.log_group, sim))

    def now(self) -> float:
        return self.clock.now()


def area(world: World) -> JobKindsArea:
    """The job kinds of ``world``, built on first use."""
    return world.area("jobkinds", JobKindsArea)
