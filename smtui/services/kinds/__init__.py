"""The resource kinds the console knows; each module adds one entry to the registry."""

from smtui.services.kinds.audit import AUDIT
from smtui.services.kinds.training_jobs import TRAINING_JOBS
from smtui.services.registry import Registry


def default_registry() -> Registry:
    registry = Registry()
    registry.add(TRAINING_JOBS)
    registry.add(AUDIT)
    return registry
