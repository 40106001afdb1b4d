"""Resource names as the API accepts them: checked before anything is sent.

The patterns and lengths are copied from botocore's sagemaker service model (the shape
named beside each rule); tests/unit/test_names.py re-reads them from botocore, so a model
update that changes one fails there. A name that cannot match never reaches AWS, and
the message never echoes control characters (the text is quoted with repr).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smtui.domain.numbers import shown


@dataclass(frozen=True, slots=True)
class NameRule:
    what: str
    shape: str
    """The botocore sagemaker shape the rule is copied from."""
    pattern: str
    low: int
    high: int

    def check(self, text: str) -> str:
        """ "" when ``text`` is a valid name, else what is wrong with it."""
        if len(text) < max(1, self.low):
            return f"{self.what} is required"
        if len(text) > self.high:
            return f"{self.what}: at most {self.high} characters (got {len(text)})"
        if not re.fullmatch(self.pattern, text):
            return f"{self.what} {shown(text)}: {HINTS.get(self.pattern, 'not a valid name')}"
        return ""


_HYPHENATED = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
_SHORT = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}"
_CHANNEL = r"[A-Za-z0-9\.\-_]+"
HINTS = {
    _HYPHENATED: "letters, digits and hyphens; starts and ends with a letter or digit",
    _SHORT: "letters, digits and hyphens; starts and ends with a letter or digit",
    "[a-zA-Z0-9](-*[a-zA-Z0-9])*": "letters, digits and hyphens; starts and ends with a "
    "letter or digit",
    _CHANNEL: "letters, digits, '.', '-' and '_'",
}

TRAINING_JOB = NameRule("training job name", "TrainingJobName", _HYPHENATED, 1, 63)
PROCESSING_JOB = NameRule("processing job name", "ProcessingJobName", _HYPHENATED, 1, 63)
TRANSFORM_JOB = NameRule("transform job name", "TransformJobName", _HYPHENATED, 1, 63)
TUNING_JOB = NameRule("tuning job name", "HyperParameterTuningJobName", _SHORT, 1, 32)
AUTOML_JOB = NameRule("AutoML job name", "AutoMLJobName", _SHORT, 1, 32)
LABELING_JOB = NameRule("labeling job name", "LabelingJobName", _HYPHENATED, 1, 63)
COMPILATION_JOB = NameRule("compilation job name", "EntityName", _HYPHENATED, 1, 63)
ENDPOINT = NameRule("endpoint name", "EndpointName", _HYPHENATED, 0, 63)
VARIANT = NameRule("variant name", "VariantName", _HYPHENATED, 0, 63)
MONITORING_SCHEDULE = NameRule(
    "monitoring schedule name", "MonitoringScheduleName", _HYPHENATED, 1, 63
)
NOTEBOOK_INSTANCE = NameRule(
    "notebook instance name", "NotebookInstanceName", "[a-zA-Z0-9](-*[a-zA-Z0-9])*", 0, 63
)
CHANNEL = NameRule("channel name", "ChannelName", _CHANNEL, 1, 64)

JOB_KINDS = {
    "training": TRAINING_JOB,
    "processing": PROCESSING_JOB,
    "transform": TRANSFORM_JOB,
    "tuning": TUNING_JOB,
    "automl": AUTOML_JOB,
    "labeling": LABELING_JOB,
    "compilation": COMPILATION_JOB,
}
"""By `smtui stop KIND` kind."""

ALL = (
    *JOB_KINDS.values(),
    ENDPOINT,
    VARIANT,
    MONITORING_SCHEDULE,
    NOTEBOOK_INSTANCE,
    CHANNEL,
)
