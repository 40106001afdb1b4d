"""Everything a console session needs below the UI, built once by the CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from smtui.aws.errors import AwsError, to_aws_error
from smtui.aws.identity import Identity, caller_identity
from smtui.aws.session import Clients
from smtui.domain.timefmt import utcnow
from smtui.services import paths
from smtui.services.describe_cache import DescribeCache
from smtui.services.guard import ActionGuard, AuditContext, ReadOnlyRefused
from smtui.services.kinds import default_registry
from smtui.services.registry import Action, Item, Registry
from smtui.services.settings import Settings

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

    def run_action(self, action: Action, key: str, item: Item) -> str:
        """Run an action; mutating ones go through the guard (read-only, audit)."""
        if not action.mutating:
            return action.run(self.clients, item)
        try:
            return self.guard.run(action.id, key, lambda: action.run(self.clients, item))
        except (ReadOnlyRefused, AwsError):
            raise
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
    guard = ActionGuard(
        read_only=settings.read_only,
        audit_path=paths.audit_log(),
        context=AuditContext(profile=profile, region=clients.region),
    )
    return Backend(
        clients=clients,
        settings=settings,
        guard=guard,
        registry=default_registry(),
        cache=DescribeCache(paths.cache_dir() / "describe"),
        sandbox=sandbox,
        clock=clock,
    )
