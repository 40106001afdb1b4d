"""Build the boto3 session and clients from standard AWS configuration.

Profiles, SSO and credential_process resolve as boto3 resolves them; ``endpoint_url``
points every client at an AWS-compatible endpoint (the embedded sandbox among them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import boto3
import botocore.config
import botocore.exceptions as bx
import botocore.session

from smtui.aws import mutations, timestamps
from smtui.aws.budget import ApiBudget
from smtui.aws.errors import AwsError, to_aws_error
from smtui.aws.stats import ApiStats


@dataclass(frozen=True, slots=True)
class Target:
    """Where the console talks to: a profile/region on AWS, or an explicit endpoint."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    access_key: str | None = None
    secret_key: str | None = None
    read_timeout: float = 20.0
    connect_timeout: float = 5.0
    max_attempts: int = 4
    api_rate: float = 8.0
    """Requests per second per service (the API budget's token bucket)."""
    api_burst: float = 20.0


def check_endpoint_url(url: str) -> str:
    """Reject URLs botocore would fail on later with a less helpful message."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise AwsError("InvalidEndpointURL", f"not an http(s) URL: {url!r}")
    try:
        parsed.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise AwsError("InvalidEndpointURL", f"bad port in {url!r}") from None
    return url


def resolve_profile(profile: str | None) -> str:
    """The profile a boto3 session for ``profile`` resolves to, without reading any file:
    the name given, else AWS_DEFAULT_PROFILE, else AWS_PROFILE (botocore reads them in that
    order: BOTOCORE_DEFAUT_SESSION_VARIABLES["profile"] in botocore/configprovider.py),
    else "default". The same answer as ``Clients.profile`` once the session is built."""
    if profile:
        return profile
    return botocore.session.Session().profile or "default"


class Clients:
    """One boto3 session and a cache of its clients, shared by every worker thread.

    boto3 sessions are not thread-safe, clients are: clients are created under a lock.
    """

    def __init__(self, target: Target) -> None:
        self.target = target
        self.stats = ApiStats()
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        """"Now" for metric windows: the wall clock, or the sandbox's virtual clock."""
        self.budget = ApiBudget(target.api_rate, target.api_burst)
        self._lock = threading.Lock()
        self._clients: dict[str, Any] = {}
        if target.endpoint_url:
            check_endpoint_url(target.endpoint_url)
        try:
            self.session = boto3.Session(
                profile_name=target.profile,
                region_name=target.region,
                aws_access_key_id=target.access_key,
                aws_secret_access_key=target.secret_key,
            )
        except bx.BotoCoreError as exc:
            raise to_aws_error(exc) from None
        timestamps.install(self.session._session)  # UTC, one shared tzinfo (timestamps.py)
        if not self.session.region_name:
            raise AwsError("NoRegion", "no region: pass --region or set AWS_REGION")
        # Timeouts so nothing hangs; standard retries (backoff with jitter) for reads.
        self._config = botocore.config.Config(
            retries={"mode": "standard", "total_max_attempts": target.max_attempts},
            connect_timeout=target.connect_timeout,
            read_timeout=target.read_timeout,
            max_pool_connections=20,
            user_agent_extra="smtui",
        )
        # Mutations are sent once: a retried stop or create could act twice, so a lost
        # answer is reported as unknown instead (see Backend.run_action).
        self._mutating_config = self._config.merge(
            botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1})
        )

    @property
    def region(self) -> str:
        return str(self.session.region_name)

    @property
    def profile(self) -> str:
        """The profile the session actually resolved (AWS_DEFAULT_PROFILE included):
        read-only is decided from this name, never from the flags alone."""
        return self.session.profile_name or self.target.profile or "default"

    def check_credentials(self) -> None:
        """Fail early, with one clear line, when no credentials resolve at all."""
        try:
            creds = self.session.get_credentials()
        except bx.BotoCoreError as exc:
            raise to_aws_error(exc) from None
        if creds is None:
            raise AwsError("NoCredentials", "no AWS credentials found (profile, env, SSO or role)")

    def client(self, service: str, region: str | None = None) -> Any:
        """The shared client for reads (retried with backoff, within the API budget).
        ``region`` pins a service served from one region only (the Price List API)."""
        return self._get(service, mutating=False, region=region)

    def mutating(self, service: str) -> Any:
        """A client for mutating calls: never retried automatically. Only inside the
        action guard's permit (smtui/aws/mutations.py); use smtui.aws.calls.mutate."""
        mutations.require_permit(service)
        return self._get(service, mutating=True)

    def _get(self, service: str, *, mutating: bool, region: str | None = None) -> Any:
        key = (f"{service}!" if mutating else service) + (f"@{region}" if region else "")
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                config = self._mutating_config if mutating else self._config
                try:
                    client = self.session.client(
                        service,
                        endpoint_url=self.target.endpoint_url,
                        config=config,
                        region_name=region,
                    )
                except (bx.BotoCoreError, ValueError) as exc:
                    raise to_aws_error(exc) from None
                self.stats.attach(client)
                self.budget.attach(client)
                if mutating:
                    mutations.guard_mutating_client(client)
                else:
                    mutations.guard_read_client(client)
                self._clients[key] = client
            return client
