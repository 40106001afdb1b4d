"""Everything a console session needs below the UI, built once by the CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from smtui.aws.errors import AwsError, to_aws_error
from smtui.aws.identity import Identity, caller_identity
from smtui.aws.session import Clients
from smtui.domain.timefmt import utcnow
from smtui.services import paths
from smtui.services.describe_cache import DescribeCache
from smtui.services.guard import ActionGuard, AuditContext, ReadOnlyRefused
from smtui.services.kinds import default_registry
from smtui.services.registry import Action, Item, Registry
from smtui.services.settings import Settings, is_production
from smtui.services.watch import WatchList

if TYPE_CHECKING:
    from smtui.services.sources import Sources

__all__ = ["AwsError", "Backend", "ReadOnlyRefused", "build_backend"]


@dataclass(slots=True)
class Backend:
    clients: Clients
    settings: Settings
    guard: ActionGuard
    registry: Registry
    cache: DescribeCache
    sandbox: bool = False
    identity: Identity | None = None
    clock: Callable[[], datetime] = field(default=utcnow)
    """"Now" for durations and ages: the wall clock, or the sandbox's virtual clock."""
    credentials_expired: bool = False
    """Set when AWS says the credentials expired; cleared by the next successful call."""
    watch: WatchList = field(default_factory=WatchList)
    """Items the user watches for status changes (this session only)."""
    sources: Sources | None = None
    """With ``--profile a,b`` / ``--region x,y``: every (profile, region) source, each
    with its own backend (this one is the first that could be built); None for one."""

    @property
    def profile(self) -> str:
        return "sandbox" if self.sandbox else self.clients.profile

    @property
    def region(self) -> str:
        return self.clients.region

    def fetch_identity(self) -> Identity:
        """STS GetCallerIdentity; the account then appears in the header and audit log."""
        identity = caller_identity(self.clients)
        self.identity = identity
        self.guard.context.account = identity.account
        return identity

    def note(self, error: AwsError | None) -> None:
        """Follow the credentials' state from each poll's outcome (None: success)."""
        if error is None:
            self.credentials_expired = False
        elif error.is_expired_credentials:
            self.credentials_expired = True

    def explain(self, error: AwsError) -> str:
        """One line for the place where the data would be: what happened, what to do."""
        if error.is_expired_credentials:
            fix = (
                "restart the sandbox credentials"
                if self.sandbox
                else f"run aws sso login --profile {self.profile} (or renew the keys)"
            )
            return (
                f"credentials for profile {self.profile} expired: {fix}, then press ctrl+r "
                f"[{error.code}: {error.message}]"
            )
        if error.is_access_denied:
            return f"not allowed: {error.action} [{error.code}: {error.message}]"
        if error.is_throttle:
            return f"throttled by AWS, retried with backoff within the API budget [{error}]"
        return str(error)

    def run_action(self, action: Action, key: str, item: Item) -> str:
        """Run an action; mutating ones go through the guard (read-only, audit, sent once;
        a lost answer raises OutcomeUnknown with the resource read back)."""
        if not action.mutating:
            return action.run(self.clients, item)
        if self.credentials_expired:
            raise AwsError(
                "CredentialsExpired",
                f"credentials for profile {self.profile} expired: mutating actions are disabled "
                "until a refresh succeeds (ctrl+r)",
            )
        try:
            return self.guard.run(action.id, key, lambda: action.run(self.clients, item))
        except (ReadOnlyRefused, AwsError):
            raise  # an OutcomeUnknown (an AwsError) says so and reads the resource back
        except Exception as exc:
            raise to_aws_error(exc) from None


def build_backend(
    clients: Clients,
    settings: Settings,
    *,
    sandbox: bool = False,
    clock: Callable[[], datetime] = utcnow,
) -> Backend:
    profile = "sandbox" if sandbox else clients.profile
    clients.clock = clock  # metric windows end at the console's "now"
    if (
        not sandbox
        and settings.profile != profile
        and is_production(profile, settings.read_only_profiles)
    ):  # settings resolved for another profile than the session's: never lift production
        settings = replace(settings, read_only=True, read_write_reason="")
    guard = ActionGuard(
        read_only=settings.read_only,
        audit_path=paths.audit_log(),
        context=AuditContext(profile=profile, region=clients.region),
        clients=clients,
    )
    return Backend(
        clients=clients,
        settings=settings,
        guard=guard,
        registry=default_registry(settings),
        cache=DescribeCache(paths.cache_dir() / "describe"),
        sandbox=sandbox,
        clock=clock,
    )
