"""`:triage` when a refresh fails: findings are kept, marked stale with their age, never
dropped to "[0] nothing wrong"; the first collection says it is collecting, not 0."""

from __future__ import annotations

import threading

from textual.widgets import Static

from smtui.sandbox.protocols.base import RequestContext
from tests.ui.conftest import make_app, table_of, wait_for, wait_loaded
from tests.ui.test_triage_ui import FAILED_EP, keys, refreshed


def _title(app) -> str:
    return str(app.screen.query_one("#view-title", Static).render())


def _summary(app) -> str:
    return str(app.screen.query_one("#view-summary", Static).render())


def _banner(app) -> str:
    return str(app.screen.query_one("#view-banner", Static).render())


async def test_a_denied_source_keeps_its_findings_marked_stale(sandbox) -> None:
    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_loaded(pilot, app)
        before = keys(app)
        assert FAILED_EP in before
        sandbox.faults.update({"deny": ["sagemaker:ListEndpoints"]})
        after = await refreshed(pilot, app, sandbox, 600)
        assert FAILED_EP in after  # kept, not dropped
        reason = table_of(app).index.get(FAILED_EP).cells[4]
        assert str(reason[0]).startswith("STALE (read 10m ago) ")
        assert app.screen.items[FAILED_EP].read_at is not None
        summary = _summary(app)
        assert "stale" in summary and "nothing wrong" not in summary
        assert "not read: endpoints: AccessDeniedException (ListEndpoints)" in summary
        # The endpoints are read again: the finding is fresh, the mark gone.
        sandbox.faults.update({"deny": []})
        await refreshed(pilot, app, sandbox, 60)
        assert app.screen.items[FAILED_EP].read_at is None
        assert "stale" not in _summary(app)


async def test_expired_credentials_keep_the_rows_with_the_error(sandbox) -> None:
    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_loaded(pilot, app)
        before = keys(app)
        count = len(before)
        sandbox.faults.update({"expire_credentials": True})
        app.screen.action_refresh_now()
        await wait_for(pilot, lambda: app.screen.error is not None, timeout=60)
        assert keys(app) == before
        assert f"[{count}]" in _title(app)
        assert "ExpiredTokenException" in _banner(app)
        assert "Showing rows from" in _banner(app)
        assert "nothing wrong" not in _summary(app)


class _Gate:
    """A sandbox request hook holding every ListTrainingJobs until released."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()

    def __call__(self, ctx: RequestContext) -> None:
        if ctx.operation == "ListTrainingJobs":
            self.reached.set()
            self.release.wait(timeout=60)


async def test_the_first_collection_says_collecting_not_zero(sandbox) -> None:
    gate = _Gate()
    sandbox.hooks.insert(0, gate)
    app = make_app(sandbox, start_view="triage", interval=3600)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await wait_for(pilot, gate.reached.is_set, timeout=60)
            await pilot.pause()
            assert "[…]" in _title(app) and "[0]" not in _title(app)
            assert "Collecting…" in table_of(app)._empty_message
            assert "nothing wrong" not in _summary(app)
            gate.release.set()
            await wait_loaded(pilot, app)
            assert FAILED_EP in keys(app)
            assert "[…]" not in _title(app)
    finally:
        gate.release.set()


async def test_a_first_collection_that_reads_nothing_is_an_error_not_zero(sandbox) -> None:
    sandbox.faults.update({"expire_credentials": True})
    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "error", None) is not None, timeout=60)
        await pilot.pause()
        assert "[?]" in _title(app)
        assert "ExpiredTokenException" in _banner(app)
        assert "Could not load" in table_of(app)._empty_message
