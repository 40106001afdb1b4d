"""Issue 21 in the clone form (Pilot, sandbox): the checkpoint folder is a fresh one named
after the new job, shown in the review; the source's folder gets a loud warning."""

from __future__ import annotations

from textual.widgets import Input

from smtui.ui.screens.retrain_screen import RetrainScreen
from tests.ui.conftest import make_app, wait_for
from tests.ui.test_retrain_screen import _open


def _spot_source(sb) -> str:
    return next(
        n
        for n, s in sorted(sb.simulator.statuses().items())
        if s == "Completed" and sb.simulator.describe_training_job(n).get("CheckpointConfig")
    )


async def test_clone_prefills_a_fresh_checkpoint_folder_and_warns_on_a_used_one(sandbox) -> None:
    app = make_app(sandbox)
    source = _spot_source(sandbox)
    used = sandbox.simulator.describe_training_job(source)["CheckpointConfig"]["S3Uri"]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, sandbox, source, "c")
        assert isinstance(screen, RetrainScreen)
        name = screen.query_one("#field-name", Input).value
        field = screen.query_one("#field-checkpoint_uri", Input)
        assert field.value == used.rsplit("/", 1)[0] + "/" + name
        screen.action_review()
        await pilot.pause()
        assert f"Checkpoints: {field.value}" in str(screen.query_one("#preview").render())
        screen._leave_review()  # what the Back button does
        field.value = used + "/"
        await pilot.pause()
        message = screen.query_one("#msg-checkpoint_uri")
        await wait_for(pilot, lambda: "WARNING" in str(message.render()))
        assert f"holds {source}'s checkpoints" in str(message.render())
        assert message.has_class("-warning")
        screen.action_review()  # a warning does not block: the user may mean it
        await pilot.pause()
        assert screen.reviewing
        assert "WARNING" in str(screen.query_one("#preview").render())


def _plain_source(sb) -> str:
    """A completed on-demand job with hyperparameters."""
    return next(
        n
        for n, s in sorted(sb.simulator.statuses().items())
        if s == "Completed"
        and not sb.simulator.describe_training_job(n).get("EnableManagedSpotTraining")
        and sb.simulator.describe_training_job(n).get("HyperParameters")
    )


async def test_the_form_at_80_columns(sandbox) -> None:
    from textual.widgets import Checkbox, Static

    from smtui.ui.widgets.kv_grid import KVGrid

    app = make_app(sandbox)
    source = _plain_source(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app, sandbox, source, "c")
        # The grids come with the form (no botocore model load on the UI thread after it).
        assert screen.query_one("#channels", KVGrid).rows
        spot = screen.query_one("#field-spot", Checkbox)
        assert spot.value is False and str(spot.label) == "off"  # as the source job
        spot.value = True
        await pilot.pause()
        assert str(spot.label) == "on"
        spot.value = False
        await pilot.pause()
        hp = screen.query_one("#hps", KVGrid).rows[0]
        assert str(hp.query_one(".kv-sep", Static).render()).strip() == "="
        for row in screen.query_one("#channels", KVGrid).rows:
            uri = row.pair[1]
            width = row.query_one(".kv-value", Input).size.width
            assert width >= min(len(uri), 44), (uri, width)  # not cut at 30 characters
        screen.action_review()
        await pilot.pause()
        assert screen.reviewing
        body = screen.query_one("#body")
        await wait_for(pilot, lambda: body.max_scroll_y > 0)
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: body.scroll_y > 0)
        before = body.scroll_y
        await pilot.press("k")
        await wait_for(pilot, lambda: body.scroll_y < before)
