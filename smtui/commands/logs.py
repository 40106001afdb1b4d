"""`smtui logs JOB`: a training job's CloudWatch logs, every host interleaved by time.

Streams ``JOB/algo-N-<epoch>`` of the /aws/sagemaker/TrainingJobs group (one per host);
lines are prefixed with the host when there are several. ``--follow`` polls for new
lines (GetLogEvents with each stream's forward token) until the job ends or Ctrl+C.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TextIO

from smtui.commands import flags
from smtui.commands.context import CommandContext, CommandError
from smtui.domain import names
from smtui.domain.logs import LogLine, host_label

NAME = "logs"
HELP = "print a training job's logs (all hosts, by time); --follow until it ends"
CONNECTS = True

GROUP = "/aws/sagemaker/TrainingJobs"
TERMINAL = ("Completed", "Failed", "Stopped")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "job", metavar="JOB", type=flags.name(names.TRAINING_JOB), help="training job name"
    )
    parser.add_argument(
        "--follow", "-f", action="store_true", help="keep printing new lines until the job ends"
    )
    parser.add_argument("--host", type=flags.count("host", 1), metavar="N", help="only host algo-N")
    parser.add_argument(
        "--lines", "-n", type=flags.count("lines", 1), metavar="N", help="only the last N lines"
    )
    parser.add_argument(
        "--timestamps", "-t", action="store_true", help="start each line with its UTC time"
    )
    parser.add_argument(
        "--interval",
        type=flags.positive("interval"),
        default=2.0,
        metavar="SECONDS",
        help="seconds between polls with --follow (default 2)",
    )


class _Stream:
    """One host's stream: its forward token and how to read on from it."""

    def __init__(self, clients: object, name: str, label: str) -> None:
        from smtui.services.log_tail import stream_fetch

        self.name = name
        self.label = label
        self.fetch = stream_fetch(clients, GROUP, name)
        self.token: str | None = None

    def read(self, last: int | None) -> list[LogLine]:
        """Everything so far (or the last ``last`` lines); then what came since."""
        from smtui.services.log_tail import MAX_PAGE

        if self.token is None and last is not None:
            page = self.fetch(None, False, max(1, min(last, MAX_PAGE)))
            self.token = page.forward_token
            return list(page.lines)
        out: list[LogLine] = []
        token = self.token
        while True:
            page = self.fetch(token, True, MAX_PAGE)
            out.extend(page.lines)
            same = page.forward_token == token
            token = page.forward_token or token
            if same or not page.lines:
                break
        self.token = token
        return out


def run(ctx: CommandContext) -> int:
    args = ctx.args
    if args.lines is not None and args.lines < 1:
        raise CommandError("--lines must be 1 or more")
    if args.host is not None and args.host < 1:
        raise CommandError("--host must be 1 or more")
    if args.interval <= 0:
        raise CommandError("--interval must be greater than 0")
    from smtui.aws.training import describe_training_job

    clients = ctx.clients()
    status = describe_training_job(clients, args.job)["TrainingJobStatus"]  # unknown job: error
    out = sys.stdout
    streams = _streams(clients, args.job, args.host)
    if not streams and not args.follow:
        print(f"{args.job} has no log streams yet ({status})", file=sys.stderr)
        return 0
    _print(_read(streams, args.lines), streams, args.timestamps, out)
    if not args.follow:
        return 0
    return _follow(
        lambda: describe_training_job(clients, args.job)["TrainingJobStatus"],
        lambda: _streams(clients, args.job, args.host),
        streams,
        args,
        out,
    )


def _streams(clients: object, job: str, host: int | None) -> list[_Stream]:
    from smtui.services.log_tail import list_streams

    found = [
        _Stream(clients, s.name, host_label(s.name, f"{job}/"))
        for s in list_streams(clients, GROUP, f"{job}/")
    ]
    if host is None:
        return found
    wanted = [s for s in found if s.label == f"algo-{host}"]
    if found and not wanted:
        hosts = ", ".join(s.label for s in found)
        raise CommandError(f"{job} has no host algo-{host} (it has {hosts})")
    return wanted


def _read(streams: list[_Stream], last: int | None) -> list[tuple[_Stream, LogLine]]:
    tagged: list[tuple[int, int, int, _Stream, LogLine]] = []
    for n, stream in enumerate(streams):
        for i, line in enumerate(stream.read(last)):
            tagged.append((line.timestamp, n, i, stream, line))
    tagged.sort(key=lambda t: t[:3])
    if last is not None:
        tagged = tagged[-last:]
    return [(t[3], t[4]) for t in tagged]


def _print(
    lines: list[tuple[_Stream, LogLine]], streams: list[_Stream], stamps: bool, out: TextIO
) -> None:
    several = len({s.name for s in streams}) > 1
    for stream, line in lines:
        prefix = f"[{stream.label}] " if several else ""
        if stamps:
            prefix = line.when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z " + prefix
        out.write(f"{prefix}{line.message}\n")
    out.flush()


def _follow(
    status_of: Callable[[], str],
    list_streams: Callable[[], list[_Stream]],
    streams: list[_Stream],
    args: argparse.Namespace,
    out: TextIO,
) -> int:
    try:
        while True:
            status = status_of()
            known = {s.name for s in streams}
            added = [s for s in list_streams() if s.name not in known]
            streams.extend(added)
            _print(_read(streams, None), streams, args.timestamps, out)
            if status in TERMINAL:  # the last lines were read after the end
                print(f"{args.job}: {status}", file=sys.stderr)
                return 0
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 130
