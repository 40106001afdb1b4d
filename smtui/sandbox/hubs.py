"""Metric and log sources that simulator areas register, read by CloudWatch handlers.

Times are epoch seconds (floats) on the world's virtual clock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Dimensions = tuple[tuple[str, str], ...]
"""Sorted (name, value) pairs: a hashable CloudWatch dimension set."""


def dims(mapping: dict[str, str] | Iterable[tuple[str, str]]) -> Dimensions:
    items = mapping.items() if isinstance(mapping, dict) else mapping
    return tuple(sorted((str(k), str(v)) for k, v in items))


@dataclass(frozen=True, slots=True)
class MetricId:
    namespace: str
    name: str
    dimensions: Dimensions


SeriesFn = Callable[[MetricId, float, float, int, str], list[tuple[float, float]]]
"""(metric, start, end, period seconds, statistic) -> [(timestamp, value)], oldest first.

The statistic is a CloudWatch statistic: Average, Sum, Minimum, Maximum, SampleCount
or a percentile such as p99. Return [] when the metric has no data in the window.
"""
ListFn = Callable[[], Iterable[MetricId]]
UnitFn = Callable[[MetricId], str]
"""The CloudWatch StandardUnit a metric was published with ("Percent", "Microseconds", ...)."""


class MetricsHub:
    """CloudWatch's view of the world: one provider per namespace."""

    def __init__(self) -> None:
        self._series: dict[str, SeriesFn] = {}
        self._lists: dict[str, ListFn] = {}
        self._units: dict[str, UnitFn] = {}
        self._lock = threading.Lock()

    def register(
        self, namespace: str, series: SeriesFn, metrics: ListFn, units: UnitFn | None = None
    ) -> None:
        with self._lock:
            self._series[namespace] = series
            self._lists[namespace] = metrics
            if units is not None:
                self._units[namespace] = units

    def unit(self, metric: MetricId) -> str:
        """The unit of ``metric`` ("None" when its provider does not say)."""
        with self._lock:
            fn = self._units.get(metric.namespace)
        return fn(metric) if fn is not None else "None"

    def namespaces(self) -> list[str]:
        with self._lock:
            return sorted(self._series)

    def query(
        self, metric: MetricId, start: float, end: float, period: int, stat: str
    ) -> list[tuple[float, float]]:
        with self._lock:
            series = self._series.get(metric.namespace)
        if series is None or end <= start:
            return []
        return series(metric, start, end, period, stat)

    def list_metrics(self, namespace: str | None = None) -> list[MetricId]:
        with self._lock:
            lists = [fn for ns, fn in self._lists.items() if namespace in (None, ns)]
        return [m for fn in lists for m in fn()]


@dataclass(frozen=True, slots=True)
class LogStream:
    name: str
    created: float
    first_event: float | None
    last_event: float | None


@dataclass(frozen=True, slots=True)
class LogEvent:
    timestamp: float
    message: str


class LogSource:
    """What an area implements for the log groups under its prefix."""

    def groups(self) -> list[str]:
        raise NotImplementedError

    def streams(self, group: str, now: float) -> list[LogStream]:
        """Every stream of ``group`` that exists at ``now``."""
        raise NotImplementedError

    def events(self, group: str, stream: str, now: float) -> list[LogEvent]:
        """Every event of the stream written by ``now``, oldest first."""
        raise NotImplementedError


class LogsHub:
    """CloudWatch Logs' view of the world: one source per log group prefix."""

    def __init__(self) -> None:
        self._sources: dict[str, LogSource] = {}
        self._lock = threading.Lock()

    def register(self, group_prefix: str, source: LogSource) -> None:
        with self._lock:
            self._sources[group_prefix] = source

    def source_for(self, group: str) -> LogSource | None:
        with self._lock:
            matches = [p for p in self._sources if group == p or group.startswith(p + "/")]
            return self._sources[max(matches, key=len)] if matches else None

    def groups(self) -> list[str]:
        with self._lock:
            sources = list(self._sources.values())
        return sorted({g for s in sources for g in s.groups()})
