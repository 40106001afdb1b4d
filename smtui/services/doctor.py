"""`smtui doctor`: the checks and their verdicts (OK, WARN, FAIL), one line each.

The AWS probes are in smtui/aws/doctor.py; this module judges them and adds the local
checks (keyring, terminal). Nothing here prints.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import smtui
from smtui.aws import doctor as probes
from smtui.aws.errors import AwsError
from smtui.aws.mutations import is_read_only

OK, WARN, FAIL = "OK", "WARN", "FAIL"
# SigV4 refuses a request whose timestamp is more than 5 minutes off the server's
# (AWS General Reference, "Signature Version 4": RequestTimeTooSkewed). Warn well before.
SKEW_FAIL_SECONDS = 300.0
SKEW_WARN_SECONDS = 30.0
MIN_SIZE = (80, 24)  # the smallest terminal the console is designed and snapshot-tested for
POLICIES = ("operator-policy.json", "viewer-policy.json")


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: str
    detail: str
    denied: list[str] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        return asdict(self)


def policy_dir() -> Path:
    """docs/iam as installed in the wheel (smtui/_iam), else beside the source tree."""
    here = Path(smtui.__file__).parent
    installed = here / "_iam"
    return installed if installed.is_dir() else here.parent / "docs" / "iam"


def policy_actions(directory: Path | None = None) -> list[str]:
    """Every action docs/iam's policies grant, in order, without duplicates."""
    base = directory or policy_dir()
    actions: list[str] = []
    for name in POLICIES:
        doc = json.loads((base / name).read_text("utf-8"))
        for statement in doc.get("Statement", []):
            if statement.get("Effect") != "Allow":
                continue
            granted = statement.get("Action", [])
            for action in [granted] if isinstance(granted, str) else granted:
                if action not in actions:
                    actions.append(action)
    return actions


def actions_to_simulate(granted: list[str], probed: set[str]) -> list[str]:
    """The granted actions a read did not already prove: the mutations and the reads with
    required parameters. Wildcards (``sagemaker:List*``) are covered by the reads."""
    return [a for a in granted if "*" not in a and "?" not in a and a not in probed]


def _error_text(error: AwsError) -> str:
    """One line: an unparseable answer's message carries the body (an HTML 500 page)."""
    lines = (error.message or "").strip().splitlines()
    return f"{error.code}: {lines[0]}" if lines else error.code


# --- local checks -------------------------------------------------------------------
def check_keyring() -> Check:
    from smtui.services.secrets import SecretsError, keyring_backend

    try:
        backend = keyring_backend(allow_insecure=True)
    except SecretsError as exc:  # only `smtui auth` needs one
        return Check("keyring", WARN, f"{exc} (only `smtui auth` stores keys there)")
    if not backend.secure:
        return Check("keyring", WARN, f"{backend.describe()}: not known to encrypt")
    return Check("keyring", OK, backend.describe())


def check_colours(env: Mapping[str, str]) -> Check:
    term, colorterm = env.get("TERM", ""), env.get("COLORTERM", "").lower()
    if colorterm in ("truecolor", "24bit"):
        return Check("colours", OK, f"truecolor (COLORTERM={colorterm}, TERM={term})")
    if "256color" in term:
        return Check("colours", OK, f"256 colours (TERM={term}); smtui-256 theme fits")
    if not term or term == "dumb":
        return Check("colours", WARN, f"TERM={term or '(unset)'}: no colours; set TERM")
    return Check("colours", WARN, f"TERM={term}: 16 colours at most; try the smtui-256 theme")


def check_size(size: tuple[int, int] | None) -> Check:
    if size is None:
        return Check("size", WARN, "not a terminal: size unknown")
    cols, rows = size
    if cols < MIN_SIZE[0] or rows < MIN_SIZE[1]:
        return Check("size", WARN, f"{cols}x{rows}: smaller than {MIN_SIZE[0]}x{MIN_SIZE[1]}")
    return Check("size", OK, f"{cols}x{rows}")


def check_osc52(env: Mapping[str, str], tmux_option: Callable[[], str | None]) -> Check:
    """Whether copy (OSC 52) can reach the clipboard, as far as the environment tells."""
    if env.get("TMUX"):
        value = tmux_option()
        if value in ("on", "external"):
            return Check("osc52", OK, f"tmux set-clipboard {value}")
        return Check(
            "osc52", WARN, f"tmux set-clipboard {value or 'unknown'}: `set -g set-clipboard on`"
        )
    if env.get("STY"):
        return Check("osc52", WARN, "GNU screen: OSC 52 is not passed through by default")
    program = env.get("TERM_PROGRAM", "")
    term = env.get("TERM", "")
    # Terminals documented to honour OSC 52 writes (their manuals: iTerm2, WezTerm, kitty,
    # foot, Alacritty, Windows Terminal, VS Code's terminal since 1.82).
    if program in ("iTerm.app", "WezTerm", "vscode") or env.get("WT_SESSION"):
        return Check("osc52", OK, f"{program or 'Windows Terminal'} honours OSC 52")
    if any(name in term for name in ("kitty", "foot", "alacritty", "wezterm")):
        return Check("osc52", OK, f"TERM={term} honours OSC 52")
    return Check("osc52", WARN, "unknown terminal: copy may not reach the clipboard")


def tmux_set_clipboard() -> str | None:
    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    try:
        done = subprocess.run(
            [tmux, "show-options", "-gv", "set-clipboard"],
            capture_output=True,
            text=True,
            timeout=3,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def terminal_size() -> tuple[int, int] | None:
    try:
        size = os.get_terminal_size()
    except OSError:
        return None
    return size.columns, size.lines


def local_checks(env: Mapping[str, str] | None = None) -> list[Check]:
    env = os.environ if env is None else env
    return [
        check_keyring(),
        check_colours(env),
        check_size(terminal_size()),
        check_osc52(env, tmux_set_clipboard),
    ]


# --- AWS checks ---------------------------------------------------------------------
def aws_checks(
    clients: Any, *, region_from: str, read_only: bool, now: Callable[[], datetime]
) -> Iterator[Check]:
    """Credentials, identity, endpoint and clock, then the permissions, in that order."""
    source = probes.credential_source(clients)
    if source.method is None:
        yield Check("credentials", FAIL, "no AWS credentials found (profile, env, SSO or role)")
        return
    yield Check("credentials", OK, f"{source.method} (profile {source.profile})")
    yield Check("region", OK, f"{clients.region} ({region_from})")
    who = probes.probe(clients, "sts", "GetCallerIdentity", {})
    if who.error is not None or who.response is None:
        error = who.error or AwsError("NoAnswer", "no answer")
        if error.is_connection:  # nothing answered: the endpoint, not the identity
            yield _endpoint_check(clients, who)
        else:
            yield Check("identity", FAIL, _error_text(error))
        return
    arn = str(who.response["Arn"])
    yield Check("identity", OK, f"{arn} (account {who.response['Account']})")
    first = probes.probe(clients, *probes.READS[0])
    yield _endpoint_check(clients, first)
    yield _skew_check(first, now())
    reads = [first] + [probes.probe(clients, *read) for read in probes.READS[1:]]
    reads.append(probes.probe(clients, *probes.PRICING))
    yield _reads_check(reads)
    probed = {p.action for p in reads} | {"sts:GetCallerIdentity"}
    yield _simulation_check(clients, arn, probed, read_only)


def _endpoint_check(clients: Any, first: probes.Probe) -> Check:
    url = clients.target.endpoint_url or f"sagemaker.{clients.region}.amazonaws.com"
    if first.error is not None and first.error.is_connection:
        return Check("endpoint", FAIL, f"{url}: {_error_text(first.error)}")
    return Check("endpoint", OK, f"{url} answered in {first.seconds * 1000:.0f} ms")


def _skew_check(first: probes.Probe, now: datetime) -> Check:
    if first.server_date is None:
        return Check("clock", WARN, "no Date header in the answer: skew unknown")
    skew = (now.astimezone(UTC) - first.server_date).total_seconds()
    # The Date header has whole seconds and is stamped before the answer travels back.
    text = f"local clock {skew:+.0f} s from the server's Date"
    if abs(skew) >= SKEW_FAIL_SECONDS:
        return Check("clock", FAIL, f"{text}: AWS refuses requests 5 min off; sync the clock")
    if abs(skew) >= SKEW_WARN_SECONDS:
        return Check("clock", WARN, text)
    return Check("clock", OK, text)


def _reads_check(reads: list[probes.Probe]) -> Check:
    denied = [p.action for p in reads if p.error is not None and p.error.is_access_denied]
    failed = [
        f"{p.action} ({p.error.code})"
        for p in reads
        if p.error is not None and not p.error.is_access_denied
    ]
    if denied:
        return Check("reads", FAIL, "denied: " + ", ".join(denied), denied)
    if failed:
        return Check("reads", WARN, "failed: " + ", ".join(failed))
    return Check("reads", OK, f"{len(reads)} list calls allowed")


def _simulation_check(clients: Any, arn: str, probed: set[str], read_only: bool) -> Check:
    try:
        granted = policy_actions()
    except (OSError, ValueError) as exc:
        return Check("permissions", WARN, f"docs/iam policies unreadable: {exc}")
    actions = actions_to_simulate(granted, probed)
    try:
        decisions = probes.simulate(clients, probes.role_arn(arn), actions)
    except AwsError as exc:
        return Check(
            "permissions", WARN, f"cannot simulate {len(actions)} actions: {_error_text(exc)}"
        )
    denied = [a for a in actions if decisions.get(a, "allowed") != "allowed"]
    if not denied:
        return Check("permissions", OK, f"{len(actions)} actions allowed (IAM simulation)")
    mutations = [a for a in denied if not is_read_only(a.partition(":")[2])]
    # Read-only mode never sends a mutation: denied ones are expected, not a failure.
    status = WARN if read_only and len(mutations) == len(denied) else FAIL
    return Check("permissions", status, "denied: " + ", ".join(denied), denied)
