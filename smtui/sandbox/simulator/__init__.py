"""The simulated fleet behind the sandbox endpoint (no HTTP in here)."""

from .clock import VirtualClock
from .listing import InvalidTokenError, ListQuery
from .simulator import JobNotFoundError, JobStateError, Simulator

__all__ = [
    "InvalidTokenError",
    "JobNotFoundError",
    "JobStateError",
    "ListQuery",
    "Simulator",
    "VirtualClock",
]
