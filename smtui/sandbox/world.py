"""Everything the sandbox simulates, on one virtual clock.

The training simulator is the first area; every other area (endpoints, experiments,
monitoring, other job kinds) is created on demand with :meth:`World.area`, so a
service module adds its own simulator without touching this file. CloudWatch metrics
and CloudWatch Logs are hubs that areas feed: an area registers a provider for its
namespace or log group prefix, and the CloudWatch / Logs handlers read the hubs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from .hubs import LogsHub, MetricsHub
from .simulator import Simulator
from .simulator.clock import VirtualClock

T = TypeVar("T")


class World:
    def __init__(
        self,
        *,
        seed: int = 7,
        jobs: int = 200,
        speed: float = 1.0,
        start: float | None = None,
        running: int | None = None,
        endpoints: int | None = None,
    ) -> None:
        # running, endpoints: a fleet shape (at most that many training jobs running at
        # the start, tuning jobs' children included; at least that many endpoints); None
        # keeps the generated fleet. A tenth of the running share goes to tuning jobs, each
        # running up to 3 training jobs at once (MaxParallelTrainingJobs, tuning.py).
        self.seed = seed
        self.fleet_size = jobs
        self.endpoint_count = endpoints
        self.tuning_running = None if running is None else running // 10
        alone = None if running is None else running - 3 * (running // 10)
        self.training = Simulator(seed=seed, jobs=jobs, speed=speed, start=start, running=alone)
        self.clock: VirtualClock = self.training.clock
        self.metrics = MetricsHub()
        self.logs = LogsHub()
        self._areas: dict[str, Any] = {}
        self._lock = threading.RLock()

    def area(self, name: str, factory: Callable[[World], T]) -> T:
        """The simulator of one area, built once from this world (same clock and seed)."""
        with self._lock:
            if name not in self._areas:
                self._areas[name] = factory(self)
            return self._areas[name]  # type: ignore[no-any-return]

    def now(self) -> float:
        return self.clock.now()
