"""Secrets never reach the audit log: request parameters are redacted before recording.

A value is replaced when its key looks like a secret (password, token, credential,
secret, private/API key, authorization), when it is a value of an environment-variable
map (``Environment`` of CreateTrainingJob and the other create requests: names kept,
values dropped), or when the value itself looks like a key (an AWS access key id, a
40-character secret access key, a PEM private key).
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "<redacted>"
SECRET_KEY = re.compile(
    r"secret|passw(or)?d|token|credential|private.?key|api.?key|auth(orization)?$", re.I
)
SECRET_VALUE = re.compile(
    r"\b(AKIA|ASIA)[A-Z0-9]{16}\b"  # an AWS access key id
    r"|(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])"  # a secret access key
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
)
ENVIRONMENT_KEYS = frozenset({"Environment"})
"""Maps of environment variables: their values are redacted whatever their names."""


def redact(value: Any, key: str = "") -> Any:
    """A copy of ``value`` (API parameters) with everything secret-looking replaced."""
    if key and SECRET_KEY.search(key):
        return REDACTED
    if isinstance(value, dict):
        if key in ENVIRONMENT_KEYS:
            return {str(k): REDACTED for k in value}
        return {str(k): redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, key) for v in value]
    if isinstance(value, str):
        return REDACTED if SECRET_VALUE.search(value) else value
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)
