"""Which (service, operation) pairs the sandbox serves, and with what handler.

A handler takes the validated input parameters (typed: timestamps are aware
``datetime`` objects) and returns the output as a plain dict with
``datetime`` timestamps; the protocol layer serializes it.  Raise
:class:`smtui.sandbox.errors.ServiceError` for AWS errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.model import ServiceModel

from .protocols.models import service_model, wire_protocol

Handler = Callable[[dict[str, Any]], dict[str, Any] | None]

# Wire protocols the sandbox can speak.  "json" covers AWS JSON 1.0 and 1.1
# (the version comes from the model's jsonVersion); "rest-json" routes by HTTP method
# and path (protocols/rest_json.py); "rest-xml" likewise, with XML (protocols/rest_xml.py).
SUPPORTED_PROTOCOLS = frozenset({"json", "query", "rest-json", "rest-xml"})


@dataclass
class ServiceEntry:
    name: str  # botocore service name, e.g. "sagemaker"
    model: ServiceModel
    protocol: str
    handlers: dict[str, Handler] = field(default_factory=dict)

    @property
    def target_prefix(self) -> str | None:
        return self.model.metadata.get("targetPrefix")

    @property
    def signing_name(self) -> str:
        return self.model.signing_name or self.model.endpoint_prefix


class Registry:
    def __init__(self) -> None:
        self._services: dict[str, ServiceEntry] = {}

    def register(self, service: str, operation: str, handler: Handler) -> None:
        """Serve ``operation`` of botocore service ``service`` with ``handler``."""
        entry = self._services.get(service)
        if entry is None:
            model = service_model(service)
            protocol = wire_protocol(model)
            if protocol not in SUPPORTED_PROTOCOLS:
                served = sorted(SUPPORTED_PROTOCOLS)
                raise NotImplementedError(
                    f"{service} speaks {protocol!r}; the sandbox serves {served}"
                )
            entry = self._services[service] = ServiceEntry(service, model, protocol)
        if operation not in entry.model.operation_names:
            raise ValueError(f"{service} has no operation {operation!r} in botocore's model")
        entry.handlers[operation] = handler

    def service(self, name: str) -> ServiceEntry | None:
        return self._services.get(name)

    def by_target_prefix(self, prefix: str) -> ServiceEntry | None:
        for entry in self._services.values():
            if entry.protocol == "json" and entry.target_prefix == prefix:
                return entry
        return None

    def services(self, protocol: str | None = None) -> list[ServiceEntry]:
        return [e for e in self._services.values() if protocol is None or e.protocol == protocol]

    def operations(self) -> list[tuple[str, str]]:
        """Every served (service, operation), in registration order."""
        return [(e.name, op) for e in self._services.values() for op in e.handlers]
