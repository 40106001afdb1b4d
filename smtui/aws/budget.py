"""The API budget: a token bucket per service, so the console never throttles the team.

Every HTTP attempt botocore makes (retries included) takes a token before it is sent;
when the bucket is empty the worker thread waits. SageMaker's request-rate quotas are
account-wide and shared with pipelines and notebooks
(https://docs.aws.amazon.com/general/latest/gr/sagemaker.html#limits_sagemaker), so the
default is deliberately low and configurable (settings: api_rate, api_burst).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any


class TokenBucket:
    def __init__(
        self,
        rate: float,
        burst: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = burst
        self._stamp = clock()
        self._lock = threading.Lock()
        self.waited = 0.0

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def acquire(self) -> float:
        """Take one token, waiting if needed; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                self._refill()
                if self._tokens >= 1:
                    self._tokens -= 1
                    self.waited += waited
                    return waited
                delay = (1 - self._tokens) / self.rate
            self._sleep(delay)
            waited += delay


class ApiBudget:
    """One bucket per service (botocore service name), attached to clients' events."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def bucket(self, service: str) -> TokenBucket:
        with self._lock:
            if service not in self._buckets:
                self._buckets[service] = TokenBucket(self.rate, self.burst)
            return self._buckets[service]

    def attach(self, client: Any) -> None:
        bucket = self.bucket(client.meta.service_model.service_name)

        def before_send(**_: Any) -> None:
            bucket.acquire()
            return None  # returning a response here would short-circuit the request

        client.meta.events.register("before-send.*", before_send)
