"""Keys that never surprise (issue 20): bursts after `:` and `/`, keys that do not apply
say why, `?` lists the views, the footer shows whole keys, `:` views replace each other."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from textual.widgets._footer import FooterKey

from smtui.sandbox import Sandbox
from smtui.ui.screens.help import HelpScreen
from smtui.ui.screens.resource_screen import ResourceScreen
from smtui.ui.widgets.command_line import CommandLine
from tests.ui.conftest import make_app, wait_for, wait_loaded
from tests.ui.surface_helpers import app_at, cursor_to, loaded


def burst(app, text: str) -> None:  # type: ignore[no-untyped-def]
    """Every key of ``text`` queued at once, as one read from the terminal delivers them
    (``\\r`` is Enter); nothing runs between them."""
    for ch in text:
        key = "enter" if ch == "\r" else _character_to_key(ch)
        app.post_message(events.Key(key, "\r" if ch == "\r" else ch))


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def test_a_burst_after_colon_opens_the_view_and_fires_no_verb(sandbox: Sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        jobs = app.screen
        await wait_loaded(pilot, app, 200)
        burst(app, ":processing\r")  # p pauses, o copies, c clones: none of them may fire
        await wait_for(pilot, lambda: getattr(app.screen, "kind", None) is not None)
        await wait_for(pilot, lambda: app.screen.kind.name == "processing")
        await loaded(pilot, "processing")
        assert not app.screen.paused and not jobs.paused
        assert len(app.screen_stack) == 2  # it replaced the jobs view
        assert not any("Copied" in m or "copied" in m for m in messages(app))


async def test_a_burst_after_slash_filters_and_the_key_after_enter_moves(
    sandbox: Sandbox,
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        screen = app.screen
        burst(app, "/bert\rj")
        await wait_for(pilot, lambda: table.index.filter_text == "bert" and table.has_focus)
        await wait_for(pilot, lambda: table.cursor_position == 1)
        box = screen.query_one("#filter")
        assert box.value == "bert" and not box.has_class("-open")
        assert not screen.paused


async def test_back_on_a_view_finds_no_stale_line(sandbox: Sandbox) -> None:
    """Issue 20.1: the line typed in closes and empties; a child view's escape lands
    on a clean parent (no line, no filter box open, the table focused)."""
    app = app_at(sandbox, "pipelines")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot, "pipelines")
        await wait_for(pilot, lambda: screen.table.row_count > 0)
        await pilot.press("colon", "e", "p")
        line = screen.query_one(CommandLine)
        assert line.is_open and line.input.value == "ep"
        await pilot.press("escape")
        assert not line.is_open and line.input.value == ""
        await pilot.press("enter")  # a pipeline's executions: a child view
        await wait_for(pilot, lambda: app.screen is not screen)
        child = app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert child not in app.screen_stack
        assert screen.table.has_focus and not line.is_open


async def test_keys_that_do_not_apply_say_why(sandbox: Sandbox) -> None:
    app = app_at(sandbox, "monitors")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "monitors")
        await cursor_to(pilot, screen, "churn-xgb-prod-model-explainability")  # Stopped
        await pilot.press("s")
        await wait_for(pilot, lambda: any("Stop does not apply" in m for m in messages(app)))
        said = next(m for m in messages(app) if "Stop does not apply" in m)
        assert "Stopped" in said and "t Start" in said
        app.run_command_line("jobs")
        jobs = await loaded(pilot, "jobs")
        await wait_for(pilot, lambda: jobs.table.has_focus)
        await pilot.press("v")
        await wait_for(pilot, lambda: any(m.startswith("Columns:") for m in messages(app)))


async def test_child_views_typed_at_colon_say_how_to_reach_them(sandbox: Sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app, 200)
        for view, route in [
            ("pipeline-executions", ":pipelines, then e on a row"),
            ("monitor-executions", ":monitors, then x on a row"),
            ("humanloop-loops", ":humanloops, then l on a row"),
            ("studio-users", ":studio, then u on a row"),
        ]:
            error = app.run_command_line(view)
            assert error is not None and route in error, error
        assert len(app.screen_stack) == 2 and app.screen.kind.name == "jobs"


async def test_help_lists_the_views_and_their_aliases(sandbox: Sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app, 200)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        views = {name: aliases for name, aliases, _ in app.screen._views}
        assert "jobs" in views and "endpoints" in views
        assert "pipeline-executions" not in views  # reached from a pipeline only
        assert all(kind.listed for kind in app.backend.registry if kind.name in views)


async def test_the_footer_shows_whole_keys_and_help(sandbox: Sandbox) -> None:
    for size in [(80, 24), (120, 40)]:
        app = app_at(sandbox, "endpoints")
        async with app.run_test(size=size) as pilot:
            screen = await loaded(pilot, "endpoints")
            await wait_for(pilot, lambda s=screen: s.table.row_count > 0)
            await pilot.pause()
            keys = list(screen.query(FooterKey))
            assert any(k.description == "Help" for k in keys)
            for key in keys:
                assert key.region.right <= size[0], (key.description, key.region)
            await pilot.press("slash")
            await pilot.pause()
            assert screen.query_one("#filter").region.y == size[1] - 2  # above the footer
            assert any(k.region.y == size[1] - 1 for k in screen.query(FooterKey))
            assert isinstance(app.screen, ResourceScreen)
