"""The training jobs' retrain (`r`, Completed jobs) and clone (`c`) actions.

Both open the retrain editor (ui/screens/retrain_screen.py, ``Action.editor``): prefilled
from DescribeTrainingJob + ListTags, checked as typed, previewed as the exact
CreateTrainingJob request, sent once through the action guard (read-only, audit).
"""

from __future__ import annotations

from smtui.domain.retrain_checks import retrain_source_problem
from smtui.services.registry import Action

RETRAIN = Action(
    id="jobs.retrain",
    key="r",
    label="Retrain",
    description="Incremental retrain: a new job from this job's model artifacts",
    mutating=True,
    applies=lambda job: not retrain_source_problem(job.name, job.status),
    editor="retrain",
)
CLONE = Action(
    id="jobs.clone",
    key="c",
    label="Clone",
    description="Launch a new training job with this job's settings",
    mutating=True,
    applies=lambda job: True,
    editor="clone",
)
