"""System benchmarks: the whole console against a sandbox with injected latency.

Each figure is measured in the same run as its baseline (the AWS CLI on the same
sandbox, same data) where one exists. The sandbox runs as `smtui sandbox serve` in a
subprocess with ``--faults latency=50ms`` (every request waits 50 ms, like a real
region round trip), so the console and the CLI pay the same latency.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from smtui.aws.session import Clients, Target
from smtui.services.backend import build_backend
from smtui.services.settings import Settings
from smtui.ui.app import SmtuiApp

BIN = Path(sys.executable).parent
ENV = {
    **os.environ,
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_PAGER": "",
    # The sandbox is nobody's shared account: smtui's API budget is raised to what a
    # team could afford for one tool; the AWS CLI has no budget at all.
    "SMTUI_API_RATE": "40",
}
# The full listing's budget. The AWS CLI pages one request at a time: at 50 ms a round
# trip plus parsing, about 14 requests/s; being 4x faster over the same pages needs more
# than 4x that rate, so this row's budget is 80 requests/s (set like any user would,
# SMTUI_API_RATE; the default stays 8/s).
LISTING_RATE = "80"


@contextlib.contextmanager
def served(
    jobs: int,
    latency: str = "50ms",
    speed: float = 1.0,
    seed: int = 7,
    shape: tuple[str, ...] = (),
) -> Iterator[str]:
    """`smtui sandbox serve` in a subprocess; ``shape`` adds options such as
    ``("--running", "20", "--endpoints", "50")``."""
    proc = subprocess.Popen(
        [
            str(BIN / "smtui"),
            "sandbox",
            "serve",
            "--jobs",
            str(jobs),
            "--speed",
            str(speed),
            "--faults",
            f"latency={latency}",
            "--seed",
            str(seed),
            *shape,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=ENV,
    )
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env or ENV, check=True).stdout
    return time.perf_counter() - started, out


def aws(url: str, *args: str) -> list[str]:
    return [
        str(BIN / "aws"),
        "--endpoint-url",
        url,
        "--region",
        "us-east-1",
        "--output",
        "json",
        "sagemaker",
        *args,
    ]


def smtui_cmd(url: str, *args: str) -> list[str]:
    return [str(BIN / "smtui"), *args, "--endpoint-url", url, "--region", "us-east-1"]


def make_app(url: str, interval: float = 10.0) -> SmtuiApp:
    clients = Clients(
        Target(
            region="us-east-1",
            endpoint_url=url,
            access_key="bench",
            secret_key="bench",
            api_rate=100,
            api_burst=200,
        )
    )
    return SmtuiApp(build_backend(clients, Settings(refresh_interval=interval)))


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def first_rows(url: str) -> float:
    """Seconds from app start to the first rows painted, in process (headless)."""
    app = make_app(url)
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while not getattr(app.screen, "items", None):
            await pilot.pause(0.01)
        return time.perf_counter() - started


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class DescribeWatch:
    """Counts Describe calls by what they answered: a Describe whose resource answers
    with the same LastModifiedTime and status as an earlier one described a resource
    that had not changed (the target is none)."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str, str]] = set()
        self.describes = 0
        self.unchanged = 0
        self.by_op: dict[str, int] = {}

    def attach(self, client: Any) -> None:
        client.meta.events.register("after-call.*.Describe*", self._after)

    def _after(self, parsed: Any = None, model: Any = None, **_: Any) -> None:
        if not isinstance(parsed, dict) or model is None:
            return
        name = next((str(v) for k, v in parsed.items() if k.endswith("Name")), "")
        status = next((str(v) for k, v in parsed.items() if k.endswith("Status")), "")
        version = f"{parsed.get('LastModifiedTime', parsed.get('CreationTime', ''))}|{status}"
        key = (model.name, name, version)
        self.describes += 1
        self.by_op[model.name] = self.by_op.get(model.name, 0) + 1
        if key in self.seen and parsed.get("LastModifiedTime") is not None:
            self.unchanged += 1
        self.seen.add(key)


async def steady_state(url: str, seconds: float) -> dict[str, Any]:
    """Idle console with auto refresh on: API calls/min, describes, CPU, keystroke latency.

    Measured after the warm-up: the first view loaded, its enrichment and the header's
    first cost sweep done (with a cold cache that sweep describes everything that ran
    today once; a restart reads them from the disk cache)."""
    app = make_app(url, interval=10.0)
    watch = DescribeWatch()
    stats = app.backend.clients.stats
    plain_attach = stats.attach

    def attach(client: Any) -> None:
        plain_attach(client)
        watch.attach(client)

    stats.attach = attach  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        warm0 = time.perf_counter()
        while getattr(app.screen, "last_refresh", None) is None:
            await pilot.pause(0.05)
        while not app.cost_poller.settled:
            await pilot.pause(0.2)
        await pilot.pause(12)  # a poll or two after the sweep: enrichment settles
        warm_calls = stats.snapshot().calls
        warm_seconds = time.perf_counter() - warm0
        stats0 = stats.snapshot()
        describes0, unchanged0 = watch.describes, watch.unchanged
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        await pilot.pause(seconds)
        cpu = (cpu_seconds() - cpu0) / (time.perf_counter() - wall0)
        calls = stats.snapshot().calls - stats0.calls
        latencies, during = await key_latencies(app, pilot)
        running = sum(1 for i in app.screen.items.values() if i.status == "InProgress")
        sagemaker = app.backend.clients.client("sagemaker")
        endpoints = len(sagemaker.list_endpoints(MaxResults=100)["Endpoints"])
        return {
            "calls_per_min": calls * 60 / seconds,
            "describes_per_min": (watch.describes - describes0) * 60 / seconds,
            "unchanged_describes": watch.unchanged - unchanged0,
            "warm_calls": warm_calls,
            "warm_seconds": warm_seconds,
            "running": running,
            "endpoints": endpoints,
            "cpu_share": cpu,
            "p95_key": latencies[int(len(latencies) * 0.95) - 1],
            "keys_during_refresh": during,
            "rss": rss_mib(),
        }


STEADY_SHAPE = ("--running", "20", "--endpoints", "50")


async def key_latencies(app: SmtuiApp, pilot: Any, keys: int = 40) -> tuple[list[float], int]:
    """Keystroke to screen: from a key reaching the app (as the terminal driver delivers
    it) to the first frame composed after the cursor moved, that frame's terminal
    sequence included (headless, Textual composes but does not encode it: the hook does).

    A key about every 100 ms, as a fast typist; a refresh is started 30 ms before a key
    whenever none runs, so keys land while a poll's thread works and its rows arrive.
    Returns the sorted latencies and how many keys found a refresh running.
    (`Pilot.press` is not used: it waits until every message queue is idle, which
    measures the refresh, not the key.)"""
    from textual import events
    from textual._compositor import CompositorUpdate

    screen = app.screen
    table: Any = screen.query_one("ResourceTable")
    pending: dict[str, Any] = {}
    latencies: list[float] = []
    display = app._display

    def timed_display(on: Any, renderable: Any) -> None:
        display(on, renderable)
        if renderable is None or not pending:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        if table.cursor_position != pending["before"]:
            latencies.append(time.perf_counter() - pending.pop("at"))
            pending.clear()

    app._display = timed_display  # type: ignore[method-assign]
    during = 0
    try:
        for n in range(keys):
            await pilot.pause(0.07)
            if not getattr(screen, "_polling", False):
                screen.action_refresh_now()
            await pilot.pause(0.03)
            during += bool(getattr(screen, "_polling", False))
            key = "j" if n < keys - 1 or table.cursor_position else "k"
            pending.update(before=table.cursor_position, at=time.perf_counter())
            assert app._driver is not None
            app._driver.send_message(events.Key(key, key))
            deadline = time.perf_counter() + 5
            while pending and time.perf_counter() < deadline:
                await asyncio.sleep(0.001)
            assert not pending, "a key press never reached the screen"
    finally:
        app._display = display  # type: ignore[method-assign]
    return sorted(latencies), during


def have_aws() -> bool:
    return (BIN / "aws").exists() and shutil.which("true") is not None


# --- benchmark functions for tests/benchmarks/run.py --------------------------------------
async def bench_first_rows(ctx: Any) -> list[Any]:
    from tests.benchmarks.run import Measurement

    with served(10_000) as url:
        cli, _ = timed(aws(url, "list-training-jobs", "--max-items", "100"))
        ours, _ = timed(smtui_cmd(url, "jobs", "--limit", "100", "--output", "json"))
        ui = await first_rows(url)
    return [
        Measurement(
            "first page, 10k jobs: smtui jobs --limit 100 vs aws --max-items 100",
            ours,
            baseline=cli,
            budget=cli,
            baseline_label="aws CLI",
        ),
        Measurement(
            "first rows on screen (UI, in process) vs aws CLI first page",
            ui,
            baseline=cli,
            budget=cli,
            baseline_label="aws CLI",
        ),
    ]


async def bench_full_listing(ctx: Any) -> list[Any]:
    from tests.benchmarks.run import Measurement

    jobs = ctx.rows
    with served(jobs) as url:
        ours, out = timed(
            smtui_cmd(url, "jobs", "--output", "json"), {**ENV, "SMTUI_API_RATE": LISTING_RATE}
        )
        cli, cli_out = timed(aws(url, "list-training-jobs", "--page-size", "100"))
    assert out.count('"TrainingJobName"') == cli_out.count('"TrainingJobName"')
    return [
        Measurement(
            f"full listing of {jobs:,} jobs: smtui jobs -o json (budget {LISTING_RATE} "
            "req/s) vs aws (4x target)",
            ours,
            baseline=cli,
            budget=cli / 4,
            baseline_label="aws CLI",
        )
    ]


async def bench_steady_state(ctx: Any) -> list[Any]:
    from tests.benchmarks.run import Measurement

    # The steady state: 10,000 jobs, 20 running, 50 endpoints.
    with served(10_000, shape=STEADY_SHAPE) as url:
        steady = await steady_state(url, ctx.steady_seconds)
    fleet = f"10k jobs ({steady['running']} running), {steady['endpoints']} endpoints"
    return [
        Measurement(
            f"warm-up, cold cache: calls until steady ({steady['warm_seconds']:.0f} s)",
            steady["warm_calls"],
            unit="calls",
        ),
        Measurement(
            f"steady state, {fleet}: SageMaker API calls per minute",
            steady["calls_per_min"],
            unit="/min",
            budget=30,
        ),
        Measurement(
            "steady state: Describe calls for unchanged resources",
            steady["unchanged_describes"],
            unit="calls",
            budget=0,
        ),
        Measurement(
            "steady state: idle CPU (share of one core)",
            steady["cpu_share"] * 100,
            unit="%",
            budget=3,
        ),
        Measurement(
            "keystroke to screen while a refresh runs, p95", steady["p95_key"], budget=0.05
        ),
    ]


async def loaded_rss(rows: int) -> float:
    """RSS of a console that just loaded ``rows`` jobs (run it in a fresh process)."""
    with served(rows, latency="0ms") as url:
        app = make_app(url)
        async with app.run_test(size=(120, 40)) as pilot:
            while getattr(app.screen, "last_refresh", None) is None:
                await pilot.pause(0.1)
            return rss_mib()


def fresh_process(function: str, *args: object) -> Any:
    """Run ``function`` ("module:name", or a name of this module) in a new interpreter
    and return what it returns (JSON): an RSS figure measured in
    the benchmark's own process would carry the peaks of the benchmarks before it (the
    allocator keeps freed memory)."""
    module, _, name = function.rpartition(":")
    code = (
        f"import asyncio, json, sys; import {module or __name__} as m; "
        f"print(json.dumps(asyncio.run(m.{name}(*json.loads(sys.argv[1])))))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=root,
        env=ENV,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


async def bench_memory_100k(ctx: Any) -> list[Any]:
    from tests.benchmarks.run import Measurement

    rss = fresh_process("loaded_rss", ctx.rows)
    return [
        Measurement(
            f"memory with {ctx.rows:,} jobs loaded (RSS, own process)", rss, unit="MiB", budget=300
        )
    ]


SYSTEM_BENCHMARKS = [bench_first_rows, bench_full_listing, bench_steady_state, bench_memory_100k]
