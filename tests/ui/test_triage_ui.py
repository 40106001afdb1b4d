"""`:triage` against the sandbox: findings appear when the simulator produces them and go
when resolved (virtual clock), acknowledgement survives a restart, `enter` opens the
resource, new findings toast and post to the webhook (a local receiver, the URL from an
in-memory keyring)."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from smtui.services.triage import webhook
from smtui.ui.screens.detail_screen import DetailScreen
from tests.ui.conftest import make_app, table_of, wait_for, wait_loaded
from tests.unit.test_auth import MemoryKeyring
from tests.unit.test_triage_notify import Receiver

FAILED_EP = "endpoint-status:endpoints:nlp-ner-staging"
BURST = "endpoint-5xx:endpoints:llm-chat-prod"
LATENCY = "endpoint-latency:endpoints:search-embeddings-prod"
VIOLATIONS = "monitor-repeated:monitors:fraud-detector-prod-data-quality"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def keys(app) -> set[str]:
    return set(app.screen.items)


async def first_collection(pilot, app) -> None:
    """The first collection (about 40 calls: lists, metrics, the reports of monitoring runs
    with violations) is slow on a loaded machine; then the view is loaded."""
    await wait_for(pilot, lambda: getattr(app.screen, "last_refresh", None) is not None, 90)
    await wait_loaded(pilot, app)


async def refreshed(pilot, app, sb, advance: float = 0.0) -> set[str]:
    """Move the virtual clock, poll again, and return the findings shown."""
    sb.simulator.clock.advance(advance)
    target = sb.simulator.clock.now_datetime()
    app.screen.action_refresh_now()
    await wait_for(pilot, lambda: app.screen.last_refresh == target, timeout=60)
    return keys(app)


def stuck(found: set[str]) -> set[str]:
    return {k for k in found if k.startswith("job-stuck:jobs:")}


async def test_findings_follow_the_simulator_timeline(sandbox) -> None:
    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await first_collection(pilot, app)
        found = keys(app)
        # At start: a Failed endpoint, a 5xx burst and a latency jump planted by the
        # endpoints fleet, and a training job that failed 19 minutes before.
        assert {FAILED_EP, BURST, LATENCY} <= found
        assert any(k.startswith("job-failed:jobs:fraud-rf-hpo-") for k in found)
        assert not stuck(found)
        # fraud-detector-prod's hourly data-quality runs found violations from 08:00 to
        # 11:00 (the collection reads 5); the 12:00 run is Pending and hides nothing.
        assert VIOLATIONS in found
        reason = str(table_of(app).index.get(VIOLATIONS).cells[4])
        assert reason.startswith("9 violations in the last run; violations in each of the last 4")
        row = table_of(app).index.get(BURST)
        assert row is not None and row.cells[0] == ("critical", "error")
        # +30 min: the 12:00 run found violations too.
        found = await refreshed(pilot, app, sandbox, 1800)
        assert VIOLATIONS in found
        assert "each of the last 5 finished" in str(table_of(app).index.get(VIOLATIONS).cells[4])
        # +1 h: the 13:00 run is Pending, the 12:00 one still stands; the job that hangs
        # in Downloading (the sandbox's third arrival) is past three times the fleet's usual.
        found = await refreshed(pilot, app, sandbox, 1800)
        assert VIOLATIONS in found
        (hung,) = stuck(found)
        assert "Downloading for" in str(table_of(app).index.get(hung).cells[4])
        assert {BURST, LATENCY} <= found  # still in the last hour
        # +3 h: the incidents left the last hour, the job got its data.
        found = await refreshed(pilot, app, sandbox, 7200)
        assert not {BURST, LATENCY} & found and not stuck(found)
        assert FAILED_EP in found  # a Failed endpoint stays until it is deleted


async def test_acknowledge_persists_across_a_restart(sandbox) -> None:
    app = make_app(sandbox, interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        assert app.run_command_line("triage") is None
        await first_collection(pilot, app)
        assert FAILED_EP in keys(app)
        assert table_of(app).move_cursor_to_key(FAILED_EP)
        await pilot.press("a")
        await wait_for(pilot, lambda: FAILED_EP not in keys(app), timeout=60)
        assert "1 acknowledged" in str(app.screen.query_one("#view-summary").render())
    again = make_app(sandbox, start_view="triage", interval=3600)  # a new console
    async with again.run_test(size=(160, 40)) as pilot:
        await first_collection(pilot, again)
        assert FAILED_EP not in keys(again) and BURST in keys(again)


async def test_enter_opens_the_resource(sandbox) -> None:
    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await first_collection(pilot, app)
        assert table_of(app).move_cursor_to_key(FAILED_EP)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen), timeout=60)
        screen = app.screen
        assert screen.kind.name == "endpoints" and screen.kind.key(screen.item) == (
            "nlp-ner-staging"
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: getattr(app.screen, "kind", None) is not None)
        job = next(k for k in keys(app) if k.startswith("job-failed:jobs:"))
        assert table_of(app).move_cursor_to_key(job)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen), timeout=60)
        assert app.screen.kind.name == "jobs"
        assert app.screen.kind.key(app.screen.item) == job.split(":", 2)[2]


async def test_new_findings_toast_and_post_to_the_webhook(sandbox, memory_keyring) -> None:
    receiver = Receiver()
    try:
        webhook.store_url(receiver.url)
        app = make_app(sandbox, start_view="triage", interval=3600, bell=True)
        rings: list[int] = []
        app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
        async with app.run_test(size=(160, 40)) as pilot:
            await first_collection(pilot, app)
            assert receiver.got.wait(10)
            (body,) = receiver.bodies
            assert set(body) == {"text"}
            text = str(body["text"])
            assert "[critical] endpoint/llm-chat-prod: 5xx burst" in text
            assert "[high] endpoint/search-embeddings-prod: latency jump" in text
            assert "[high] monitor/fraud-detector-prod-data-quality" in text  # repeated
            await wait_for(
                pilot,
                lambda: any("llm-chat-prod" in str(n.message) for n in app._notifications),
            )
            assert rings
            # The same findings are not announced twice; a new one is, rate-limited.
            before = len(receiver.bodies)
            await refreshed(pilot, app, sandbox, 0)
            assert len(receiver.bodies) == before
    finally:
        receiver.close()


async def test_bad_start_view_falls_back_to_jobs(sandbox) -> None:
    app = make_app(sandbox, start_view="nonsense", interval=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await first_collection(pilot, app)
        assert app.screen.kind.name == "jobs"
        assert any("nonsense" in str(n.message) for n in app._notifications)
