"""Fan-out over several profiles and regions (``--profile a,b --region x,y``).

:func:`build_sources` makes one source per (profile, region) pair, each with its own
clients, settings (the profile's section: a ``*prod*`` profile stays read-only), action
guard and describe cache; a source that cannot be built keeps its error instead, and
the others go on. With ``--sandbox`` each pair gets its own in-process sandbox (seed
``--seed`` + its position, so the fleets differ; a profile after the first signs with
its own access key, so STS names another account).

:func:`run_list` runs a list command (``LIST_COMMAND``) once per source and prints one
merged output with ``Profile``, ``Account`` and ``Region`` fields (ACCOUNT and REGION
columns in table and csv); a failing source is one line on stderr and exit status 2,
the other sources' records are still printed.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from types import ModuleType
from typing import TYPE_CHECKING, Any

from smtui.aws.errors import AwsError, to_aws_error
from smtui.aws.session import Clients, Target, resolve_profile
from smtui.commands import output
from smtui.services import paths
from smtui.services.describe_cache import DescribeCache
from smtui.services.guard import ReadOnlyRefused
from smtui.services.settings import Settings, SettingsError
from smtui.services.sources import Source, Sources, cache_name, pairs

if TYPE_CHECKING:
    from smtui.commands.context import CommandContext


def _settings(ctx: CommandContext, profile: str | None) -> Settings:
    """The profile's settings; ``profile`` None with --sandbox, else the name boto3
    resolves (an unnamed profile is AWS_DEFAULT_PROFILE's, as botocore reads it)."""
    if profile is None and not ctx.args.sandbox:
        profile = resolve_profile(None)
    return ctx.settings_for(profile)


def build_sources(ctx: CommandContext, profiles: list[str], regions: list[str]) -> Sources:
    from smtui.services.backend import build_backend

    args = ctx.args
    built: list[Source] = []
    for index, (profile, region) in enumerate(pairs(profiles, regions)):
        settings = _settings(ctx, None if args.sandbox else profile)
        if args.sandbox:
            source, clock, clients = _sandbox_source(ctx, index, profile, region, profiles)
        else:
            source = Source(profile=profile or "default", region=region or "-")
            try:
                clients = Clients(
                    Target(
                        profile=profile,
                        region=region,
                        endpoint_url=getattr(args, "endpoint_url", None) or None,
                        api_rate=settings.api_rate,
                        api_burst=settings.api_burst,
                    )
                )
                source.region = clients.region
                source.profile = clients.profile
                if clients.profile != settings.profile:  # the session resolved another
                    settings = _settings(ctx, clients.profile)
                clients.check_credentials()
            except AwsError as exc:
                source.failure = exc
                built.append(source)
                continue
            from smtui.domain.timefmt import utcnow

            clock = utcnow
        backend = build_backend(clients, settings, sandbox=bool(args.sandbox), clock=clock)
        backend.guard.context.profile = source.profile
        backend.cache = DescribeCache(paths.cache_dir() / "describe-by-source" / cache_name(source))
        _own_cost_and_triage(source, backend)
        source.backend = backend
        built.append(source)
    sources = Sources(tuple(built))
    _register(sources)
    if not sources.working:  # nothing to show at all: fail as a single source would
        first = sources.sources[0]
        raise first.failure or AwsError("NoSource", "no source could be set up")
    return sources


def _own_cost_and_triage(source: Source, backend: Any) -> None:
    """The source's own cost session (its region's prices, its own describe cache) and
    triage monitor (its own state file): nothing of one account leaks into another."""
    from smtui.services import cost as costs
    from smtui.services.triage.monitor import monitor_for
    from smtui.services.triage.store import TriageStore, source_state_file

    name = cache_name(source)
    costs.session_for(backend.clients, cache_dir=paths.cache_dir() / "cost-by-source" / name)
    monitor_for(backend.clients, backend.settings, store=TriageStore(source_state_file(name)))


def _register(sources: Sources) -> None:
    """Rows and summaries price and count per source (smtui/services/cost_places.py)."""
    from smtui.services import cost as costs
    from smtui.services.cost_places import Place, use_places
    from smtui.services.triage.monitor import monitor_for, use_sources

    places, monitors = [], []
    for source in sources.working:
        backend = source.backend
        assert backend is not None

        def account(b: Any = backend) -> str | None:
            return b.identity.account if b.identity is not None else None

        places.append(Place(source.label, costs.session_for(backend.clients), account))
        monitors.append((source.label, monitor_for(backend.clients, backend.settings)))
    use_places(places)
    use_sources(monitors)


def _sandbox_source(
    ctx: CommandContext, index: int, profile: str | None, region: str | None, profiles: list[str]
) -> tuple[Source, Any, Clients]:
    from smtui.commands.context import start_sandbox
    from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, account_for

    args = ctx.args
    first_profile = not profiles or profile == profiles[0]
    access_key = SANDBOX_ACCESS_KEY if first_profile else f"sandbox-{profile}"
    # The sandbox is of this source's region and of the account STS names for its key:
    # its ARNs, bucket and role names say so (smtui/sandbox/identity.py).
    identity = {
        "sandbox_region": region or SANDBOX_REGION,
        "sandbox_account": account_for(access_key),
    }
    sb = start_sandbox(
        argparse.Namespace(**{**vars(args), "seed": args.seed + index, **identity}),
        faults=args.sandbox_faults,
    )
    ctx._stack.callback(sb.stop)
    settings = ctx.settings()
    clients = Clients(
        Target(
            region=region or SANDBOX_REGION,
            endpoint_url=sb.url,
            access_key=access_key,
            secret_key=SANDBOX_SECRET_KEY,
            api_rate=max(settings.api_rate, 100.0),
            api_burst=max(settings.api_burst, 200.0),
        )
    )
    source = Source(profile=profile or "sandbox", region=clients.region)
    return source, sb.simulator.clock.now_datetime, clients


# --- list commands ------------------------------------------------------------------
def run_list(module: ModuleType, ctx: CommandContext) -> int:
    """Run a list command once per source; print the merged records once."""
    from smtui.commands.context import CommandContext, CommandError

    sources = ctx.sources()
    assert sources is not None
    merged: list[tuple[Source, list[output.Emitted]]] = []
    status = 0
    for source in sources:
        if source.backend is None:
            _failed(source, source.failure)
            status = 2
            continue
        source.fetch_identity()
        own = {"profile": None if ctx.args.sandbox else source.profile, "region": source.region}
        sub = CommandContext(argparse.Namespace(**{**vars(ctx.args), **own}), ExitStack())
        sub._clients = source.backend.clients
        sub._clock = source.backend.clock
        sub._backend = source.backend
        sub._settings = source.backend.settings
        with output.collecting() as emitted:
            try:
                code = module.run(sub)
            except (AwsError, SettingsError, CommandError, ReadOnlyRefused) as exc:
                _failed(source, exc)
                status = 2
                continue
            except Exception as exc:  # noqa: BLE001 - one source's surprise is its own
                _failed(source, to_aws_error(exc))
                status = 2
                continue
        status = max(status, code)
        merged.append((source, list(emitted)))
    _emit_merged(merged)
    return status


def _failed(source: Source, error: Exception | None) -> None:
    text = source.explain(error) if isinstance(error, AwsError) else f"{source.label}: {error}"
    print(f"smtui: error: {text}", file=sys.stderr)


def _emit_merged(merged: list[tuple[Source, list[output.Emitted]]]) -> None:
    shapes = next((emitted for _, emitted in merged if emitted), None)
    if shapes is None:
        return
    for position, shape in enumerate(shapes):
        records: list[dict[str, Any]] = []
        for source, emitted in merged:
            if position >= len(emitted):
                continue
            for record in emitted[position].records:
                identity = source.backend.identity if source.backend is not None else None
                account = identity.account if identity is not None else None
                where = {"Profile": source.profile, "Account": account}
                records.append({**where, "Region": source.region, **record})
        columns = ["Account", "Region", *shape.columns]
        headers = ["ACCOUNT", "REGION", *(shape.headers or shape.columns)]
        output.emit(records, columns, shape.fmt, sys.stdout, headers=headers)


PASS_THROUGH = ("keys", "serve")
"""Commands that take several profiles and regions as they are: `keys` reads config only,
`serve` passes them on to the console it runs."""


def refuse_many(module: ModuleType, ctx: CommandContext) -> None:
    """A command acting on one resource (stop, scale, logs, ...) with several profiles or
    regions would pick one silently: refuse it, naming the fix."""
    from smtui.commands.context import CommandError

    profiles, regions = ctx.fan_out()
    if module.NAME in PASS_THROUGH or (len(profiles) < 2 and len(regions) < 2):
        return
    raise CommandError(
        f"{module.NAME} acts in one account and region: pass one --profile and one --region "
        f"(list commands and the console take several)"
    )
