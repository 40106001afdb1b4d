"""Cached access to botocore's service models (the source of truth for shapes)."""

from __future__ import annotations

import functools
import threading

import botocore.session
from botocore.model import ServiceModel

_lock = threading.Lock()


@functools.cache
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


def service_model(name: str) -> ServiceModel:
    with _lock:  # botocore's loader caches are not documented as thread-safe
        return _cached_model(name)


@functools.cache
def _cached_model(name: str) -> ServiceModel:
    return _session().get_service_model(name)


def wire_protocol(model: ServiceModel) -> str:
    """The protocol botocore clients will actually speak for this service.

    Newer models list several ``protocols``; botocore picks the first one it
    supports in its own priority order (``resolved_protocol``, botocore >=
    1.37).  Older botocore only has ``protocol``.
    """
    return getattr(model, "resolved_protocol", None) or model.protocol
