"""The resource kinds the console knows; each module adds one entry to the registry."""

from smtui.services.kinds.audit import AUDIT
from smtui.services.kinds.autoscaling import AUTOSCALING
from smtui.services.kinds.cost import cost_kinds
from smtui.services.kinds.endpoints import ENDPOINTS
from smtui.services.kinds.experiments import EXPERIMENTS, TRIALS
from smtui.services.kinds.humanloops import FLOW_DEFINITIONS, HUMAN_LOOPS
from smtui.services.kinds.inference_components import INFERENCE_COMPONENTS
from smtui.services.kinds.jobkinds import OTHER_JOB_KINDS
from smtui.services.kinds.monitors import MONITOR_KINDS
from smtui.services.kinds.notebooks import notebooks_kind
from smtui.services.kinds.pipelines import EXECUTIONS, PIPELINES, STEPS
from smtui.services.kinds.studio import APPS, SPACES, STUDIO, USER_PROFILES
from smtui.services.kinds.training_jobs import TRAINING_JOBS
from smtui.services.kinds.trial_components import SEARCH, TRIAL_COMPONENTS
from smtui.services.registry import Registry
from smtui.services.settings import Settings
from smtui.services.triage.kind import triage_kind


def default_registry(settings: Settings | None = None) -> Registry:
    registry = Registry()
    registry.add(TRAINING_JOBS)
    for kind in OTHER_JOB_KINDS:
        registry.add(kind)
    registry.add(EXPERIMENTS)
    registry.add(TRIALS)
    registry.add(TRIAL_COMPONENTS)
    registry.add(SEARCH)
    idle_hours = settings.notebook_idle_hours if settings else 8.0
    for kind in (notebooks_kind(idle_hours), STUDIO, USER_PROFILES, SPACES, APPS):
        registry.add(kind)
    for kind in (PIPELINES, EXECUTIONS, STEPS, FLOW_DEFINITIONS, HUMAN_LOOPS):
        registry.add(kind)
    registry.add(ENDPOINTS)
    registry.add(AUTOSCALING)
    registry.add(INFERENCE_COMPONENTS)
    for kind in MONITOR_KINDS:
        registry.add(kind)
    for kind in cost_kinds(settings.monthly_budget if settings else 0.0):
        registry.add(kind)
    registry.add(triage_kind(settings))
    registry.add(AUDIT)
    return registry
