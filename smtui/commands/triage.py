"""`smtui triage`: the on-call findings without the UI, for cron or a monitoring check.

``--fail-on SEVERITY`` exits 1 when any finding is at or above it, 0 otherwise, and 2
when any source (training jobs, other jobs, endpoints, scaling activities, CloudWatch
metrics, monitoring, budget) could not be read: an all-clear must mean everything was
read. Each unread source is one line on stderr (``smtui triage: not read: SOURCE: AWS
error``); what was read is still printed. JSON stays a list (existing consumers keep
working): one object per finding with kind, severity, resource, reason, since (ISO
8601 UTC), target_kind and target_key; each source that could not be read comes first
as an object of kind ``not-read`` (severity ``unknown``, resource the source, reason
the AWS error), so the JSON says which. Acknowledged findings (key `a` in `:triage`) are
left out unless ``--all``.

`smtui triage webhook set|test|forget`: the Slack-compatible webhook new findings are
posted to, its URL kept in the OS keyring (asked for, never taken from the command line).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from smtui.commands.context import CommandContext, CommandError
from smtui.commands.output import add_output_option, emit
from smtui.domain import triage as rules

NAME = "triage"
HELP = "print what is wrong right now (on-call findings); manage the triage webhook"
CONNECTS = True
LIST_COMMAND = True

COLUMNS = ("severity", "age", "kind", "resource", "reason")
HEADERS = ("SEVERITY", "AGE", "KIND", "RESOURCE", "REASON")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "words",
        nargs="*",
        metavar="webhook set|test|forget",
        help="manage the webhook instead of listing findings",
    )
    parser.add_argument(
        "--fail-on",
        choices=rules.SEVERITIES,
        help="exit 1 when any finding is at or above this severity (2: a source was not read)",
    )
    parser.add_argument(
        "--all", action="store_true", help="include the findings acknowledged in :triage"
    )
    add_output_option(parser)


def _webhook(ctx: CommandContext, action: str) -> int:
    from smtui.services.secrets import SecretsError, keyring_backend
    from smtui.services.triage import webhook

    try:
        if action == "set":
            # The URL is a secret (it posts into a team channel): the keyring backend is
            # judged as for AWS keys, before anything is asked (smtui/services/secrets.py).
            backend = keyring_backend(
                allow_insecure=ctx.settings().allow_insecure_keyring, purpose="store"
            )
            url = (
                getpass.getpass("Webhook URL (input hidden): ")
                if sys.stdin.isatty()
                else sys.stdin.readline()
            ).strip()
            webhook.store_url(url)
            print(
                f"webhook URL stored in {backend.describe()} (smtui triage webhook test sends one)"
            )
            return 0
        if action == "forget":
            print("webhook URL forgotten" if webhook.forget_url() else "no webhook URL stored")
            return 0
    except SecretsError as exc:
        raise CommandError(str(exc)) from None
    url = webhook.load_url()
    if not url:
        raise CommandError("no webhook URL stored: run smtui triage webhook set")
    try:
        status = webhook.post(url, "smtui triage: test message (the webhook works)")
    except webhook.WebhookError as exc:
        raise CommandError(str(exc)) from None
    print(f"test message posted (HTTP {status})")
    return 0


EXIT_UNREAD = 2
"""Some source could not be read (as any other error): the findings are incomplete."""


def _records(ctx: CommandContext) -> tuple[list[dict[str, Any]], list[str]]:
    """The findings as records, and the sources that could not be read."""
    from smtui.domain import cost as cost_math
    from smtui.services import cost as costs
    from smtui.services.triage.collect import collect
    from smtui.services.triage.monitor import store_for

    settings = ctx.settings()
    clients = ctx.clients()
    now = ctx.clock()()
    if settings.monthly_budget > 0:  # the burn rate against the budget needs the month
        costs.session_for(clients).sweep(clients, cost_math.month_start(now), now)
    result = collect(clients, now, rules.thresholds_from(settings.triage), settings.monthly_budget)
    for problem in result.problems:
        print(f"smtui triage: not read: {problem}", file=sys.stderr)
    findings = result.findings
    store = store_for(clients)  # a source's own, in fan-out
    if store.warning:  # the state file could not be read: restored from its backup, or lost
        print(f"smtui triage: warning: {store.warning}", file=sys.stderr)
    if not ctx.args.all:
        findings = store.acks.visible(findings)
    unread = [
        {
            "kind": NOT_READ,
            "severity": "unknown",
            "resource": source,
            "reason": error,
            "since": now,
            "age": "-",
            "target_kind": None,
            "target_key": None,
        }
        for source, _, error in (p.partition(": ") for p in result.problems)
    ]
    return unread + [
        {
            "kind": f.kind,
            "severity": f.severity,
            "resource": f.resource,
            "reason": f.reason,
            "since": f.since,
            "age": rules.age_text((now - f.since).total_seconds()),
            "target_kind": f.target_kind or None,
            "target_key": f.target_key,
        }
        for f in findings
    ], list(result.problems)


NOT_READ = "not-read"
"""The kind of the record a source that could not be read adds to the output, first:
the JSON says which sources are missing, in the list shape consumers already parse."""


def run(ctx: CommandContext) -> int:
    words = list(ctx.args.words)
    if words:
        if words[0] != "webhook" or len(words) != 2 or words[1] not in ("set", "test", "forget"):
            raise CommandError("usage: smtui triage webhook set|test|forget")
        return _webhook(ctx, words[1])
    records, unread = _records(ctx)
    emit(records, COLUMNS, ctx.args.output, sys.stdout, headers=HEADERS)
    if unread:
        return EXIT_UNREAD  # never an all-clear (0) or "only what we saw" (1) on a partial read
    floor = ctx.args.fail_on
    if floor and any(rules.at_or_above(r["severity"], floor) for r in records):
        return 1
    return 0
