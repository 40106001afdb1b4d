"""CloudWatch Logs of endpoints: ``/aws/sagemaker/Endpoints/NAME``, one stream per instance.

Naming as the SageMaker developer guide gives it ("Log Amazon SageMaker AI events with
Amazon CloudWatch"): log group ``/aws/sagemaker/Endpoints/[EndpointName]``, log stream
``[production-variant-name]/[instance-id]``. Serverless variants have no instances; their
stream is ``[production-variant-name]/[container-id]``.

Events: the model server's start-up lines when an instance comes up, a health line every
five minutes over the last six hours (older events are left out to keep streams short),
errors during 5xx bursts and slow-request warnings during latency spikes, and the
shutdown when an instance is released. The failed endpoint's instance shows why its
container never answered /ping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..hubs import LogEvent, LogSource, LogStream
from .model import Endpoint, Instance, Variant
from .traffic import hex_id, key_of, mix

if TYPE_CHECKING:
    from .area import EndpointsArea

PREFIX = "/aws/sagemaker/Endpoints"
RECENT = 6 * 3600.0
HEALTH_EVERY = 300.0


def _startup(image: str) -> list[str]:
    if "xgboost" in image or "scikit" in image:
        return [
            "[INFO] Starting gunicorn 19.10.0",
            "[INFO] Listening at: unix:/tmp/gunicorn.sock",
            "[INFO] Using worker: gevent",
            "[INFO] Booting worker with pid: 27",
            "[INFO] Model loaded successfully from /opt/ml/model",
        ]
    if "tgi" in image:
        return [
            'INFO text_generation_launcher: Args { model_id: "/opt/ml/model", sharded: true }',
            "INFO text_generation_launcher: Starting download process.",
            "INFO download: text_generation_launcher: Successfully downloaded weights.",
            "INFO text_generation_launcher: Starting shard rank=0",
            "INFO text_generation_router: Connected",
        ]
    return [
        "Torchserve version: 0.8.2",
        "Number of GPUs: 1" if "gpu" in image else "Number of CPUs: 8",
        "Loading initial models: model.mar",
        "Model server started.",
        "Inference API bind to: http://0.0.0.0:8080",
    ]


class EndpointLogs(LogSource):
    def __init__(self, area: EndpointsArea) -> None:
        self.area = area

    def groups(self) -> list[str]:
        now = self.area.sync()
        return [f"{PREFIX}/{ep.name}" for ep in self.area.live(now)]

    def _endpoint(self, group: str) -> Endpoint | None:
        name = group.removeprefix(PREFIX + "/")
        for ep in reversed(self.area.every_endpoint()):
            if ep.name == name:
                return ep
        return None

    def _streams(self, ep: Endpoint, now: float) -> list[tuple[str, Variant, Instance]]:
        out = []
        for v in ep.all_variants():
            if v.tpl.serverless is not None:
                since = ep.in_service_since()
                if since is not None and since <= now:
                    container = hex_id(key_of(ep.name, v.name, "container"), 0, 32)
                    out.append((f"{v.name}/{container}", v, Instance(container, since - 60, since)))
                continue
            for inst in v.instances:
                if inst.launched <= now:
                    out.append((f"{v.name}/{inst.id}", v, inst))
        return out

    def streams(self, group: str, now: float) -> list[LogStream]:
        self.area.sync()
        ep = self._endpoint(group)
        if ep is None:
            return []
        out = []
        for name, v, inst in self._streams(ep, now):
            events = self._events(ep, v, inst, now)
            out.append(
                LogStream(
                    name,
                    inst.launched,
                    events[0].timestamp if events else None,
                    events[-1].timestamp if events else None,
                )
            )
        return out

    def events(self, group: str, stream: str, now: float) -> list[LogEvent]:
        self.area.sync()
        ep = self._endpoint(group)
        if ep is None:
            return []
        for name, v, inst in self._streams(ep, now):
            if name == stream:
                return self._events(ep, v, inst, now)
        return []

    def _events(self, ep: Endpoint, v: Variant, inst: Instance, now: float) -> list[LogEvent]:
        image = v.template_at(inst.ready).image
        events: list[LogEvent] = []
        boot = inst.launched + 45
        for n, line in enumerate(_startup(image)):
            if boot + n * 3 <= now:
                events.append(LogEvent(boot + n * 3, line))
        if ep.failure:
            failed = [
                "Traceback (most recent call last):",
                '  File "/opt/ml/code/inference.py", line 9, in <module>',
                "    from transformers import AutoModelForTokenClassification",
                "ModuleNotFoundError: No module named 'transformers'",
                "[ERROR] Worker failed to boot.",
            ]
            for n, line in enumerate(failed):
                if boot + 30 + n <= now:
                    events.append(LogEvent(boot + 30 + n, line))
            return events
        end = min(now, inst.terminated if inst.terminated is not None else now)
        first = max(inst.ready, now - RECENT)
        t = first - first % HEALTH_EVERY + HEALTH_EVERY
        key = key_of(ep.name, v.name, inst.id, "logs")
        while t <= end:
            ms = int(2 + 6 * mix(key, int(t)))
            events.append(
                LogEvent(t, f'169.254.178.2 - - "GET /ping HTTP/1.1" 200 0 "-" "AHC/2.0" {ms}ms')
            )
            t += HEALTH_EVERY
        for inc in ep.traffic.incidents_between(max(first, inst.ready), end):
            t = max(inc.start, first)
            stop = min(inc.end, end)
            while t < stop:
                if inc.kind == "5xx":
                    line = (
                        "[ERROR] Exception on /invocations [POST]: RuntimeError: CUDA error: "
                        "an illegal memory access was encountered"
                        if "gpu" in image
                        else "[ERROR] Exception on /invocations [POST]: "
                        "ConnectionResetError: [Errno 104] Connection reset by peer"
                    )
                elif inc.kind == "latency":
                    line = (
                        f"[WARNING] Slow request: POST /invocations took "
                        f"{int(v.tpl.latency_ms * inc.severity * 4)}ms"
                    )
                else:
                    t += 60
                    continue
                events.append(LogEvent(t + 7, line))
                t += 60
        if inst.terminated is not None and inst.terminated <= now:
            events.append(LogEvent(inst.terminated - 5, "[INFO] Handling signal: term"))
            events.append(LogEvent(inst.terminated - 2, "[INFO] Shutting down: Master"))
        events.sort(key=lambda e: e.timestamp)
        return events
