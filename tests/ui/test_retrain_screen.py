"""Retrain and clone from the training jobs view, end to end against the sandbox."""

from __future__ import annotations

import json

from textual.widgets import Input

from smtui.services import paths
from smtui.ui.screens.detail_screen import DetailScreen
from smtui.ui.screens.retrain_screen import RetrainScreen
from smtui.ui.widgets.kv_grid import KVGrid, KVRow
from tests.ui.conftest import make_app, table_of, wait_for, wait_loaded

NEW_TRAIN = "s3://smtui-expanded-data/churn/v9/train"


def _completed(sb) -> str:
    return sorted(n for n, s in sb.simulator.statuses().items() if s == "Completed")[0]


async def _open(pilot, app, sb, name: str, key: str) -> RetrainScreen:
    await wait_loaded(pilot, app, 200)
    assert app.run_command_line(f"jobs {name}") is None
    await wait_loaded(pilot, app, 1)
    await wait_for(pilot, lambda: table_of(app).cursor_key == name)
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, RetrainScreen))
    screen = app.screen
    assert isinstance(screen, RetrainScreen)
    await wait_for(pilot, lambda: bool(screen.query("#field-name")))
    await pilot.pause()
    return screen


def _row(screen: RetrainScreen, channel: str) -> KVRow:
    grid = screen.query_one("#channels", KVGrid)
    return next(r for r in grid.rows if r.pair[0] == channel)


def _creates(sb) -> int:
    return sum(1 for _, op in sb.request_log if op == "CreateTrainingJob")


async def test_retrain_end_to_end(sandbox) -> None:
    app = make_app(sandbox)
    source = _completed(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, sandbox, source, "r")
        model = _row(screen, "model")
        artifacts = sandbox.simulator.describe_training_job(source)["ModelArtifacts"]
        assert model.pair[1] == artifacts["S3ModelArtifacts"]
        train = _row(screen, "train")
        train.query_one(".kv-value", Input).value = NEW_TRAIN
        await pilot.pause()
        new_name = screen.query_one("#field-name", Input).value
        assert new_name.startswith(source.rsplit("-", 7)[0]) and "-retrain-" in new_name
        screen.action_review()
        await pilot.pause()
        assert screen.reviewing
        preview = str(screen.query_one("#preview").render())
        assert NEW_TRAIN in preview and "application/x-sagemaker-model" in preview
        assert "* " in preview
        assert _creates(sandbox) == 0
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
    assert _creates(sandbox) == 1
    d = sandbox.simulator.describe_training_job(new_name)
    assert d["TrainingJobStatus"] == "InProgress"
    channels = {c["ChannelName"]: c for c in d["InputDataConfig"]}
    assert channels["train"]["DataSource"]["S3DataSource"]["S3Uri"] == NEW_TRAIN
    assert channels["model"]["ContentType"] == "application/x-sagemaker-model"
    sandbox.simulator.clock.advance(10 * 86400)
    assert sandbox.simulator.statuses()[new_name] == "Completed"
    records = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert [(r["action"], r["resource"], r["outcome"]) for r in records] == [
        ("jobs.retrain", f"training-job/{new_name}", "ok")
    ]


async def test_each_validation_error_beside_its_field_nothing_sent(sandbox) -> None:
    app = make_app(sandbox)
    source = _completed(sandbox)
    cases = [
        ("#field-name", "bad_name!", "#msg-name", "letters, digits and hyphens"),
        ("#field-name", "x" * 64, "#msg-name", "at most 63"),
        ("#field-instance_type", "ml.nope.large", "#msg-instance_type", "not a training"),
        ("#field-instance_count", "0", "#msg-instance_count", "at least 1"),
        ("#field-volume_gb", "ten", "#msg-volume_gb", "whole number"),
        ("#field-max_runtime", "-5", "#msg-max_runtime", "1.."),
    ]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, sandbox, source, "r")
        for selector, bad, message_id, expected in cases:
            field = screen.query_one(selector, Input)
            good = field.value
            field.value = bad
            await pilot.pause()
            assert expected in str(screen.query_one(message_id).render()), selector
            screen.action_review()
            await pilot.pause()
            assert not screen.reviewing
            field.value = good
            await pilot.pause()
        # spot: wait below runtime
        screen.query_one("#field-spot").value = True  # a Checkbox
        screen.query_one("#field-max_runtime", Input).value = "7200"
        screen.query_one("#field-max_wait", Input).value = "3600"
        await pilot.pause()
        assert ">= max runtime" in str(screen.query_one("#msg-max_wait").render())
        screen.query_one("#field-max_wait", Input).value = "7200"
        screen.query_one("#field-checkpoint_uri", Input).value = "http://nope"
        await pilot.pause()
        assert "s3://" in str(screen.query_one("#msg-checkpoint_uri").render())
        screen.query_one("#field-checkpoint_uri", Input).value = ""
        # channels: bad URI, duplicate name
        train = _row(screen, "train")
        train.query_one(".kv-value", Input).value = "s3:/broken"
        await pilot.pause()
        assert "s3://" in str(train.query_one(".message").render())
        train.query_one(".kv-value", Input).value = NEW_TRAIN
        train.query_one(".kv-key", Input).value = "model"
        await pilot.pause()
        rows = screen.query_one("#channels", KVGrid).rows
        messages = [str(r.query_one(".message").render()) for r in rows]
        assert messages[-1] == "duplicate channel 'model'" and messages[0] == ""
        screen.action_review()
        await pilot.pause()
        assert not screen.reviewing
        await pilot.press("escape")
    assert _creates(sandbox) == 0


async def test_taken_name_shows_aws_error_and_keeps_values(sandbox) -> None:
    app = make_app(sandbox)
    source = _completed(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, sandbox, source, "c")
        taken = sorted(sandbox.simulator.job_names())[-1]
        screen.query_one("#field-name", Input).value = taken
        _row(screen, "train").query_one(".kv-value", Input).value = NEW_TRAIN
        await pilot.pause()
        screen.action_review()
        await pilot.pause()
        await pilot.press("ctrl+l")
        error = screen.query_one("#aws-error")
        await wait_for(pilot, lambda: "ResourceInUse" in str(error.render()))
        assert isinstance(app.screen, RetrainScreen) and not screen.reviewing
        assert screen.query_one("#field-name", Input).value == taken
        assert _row(screen, "train").pair[1] == NEW_TRAIN


async def test_read_only_refuses_and_nothing_is_sent(sandbox) -> None:
    app = make_app(sandbox, read_only=True)
    source = _completed(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        assert app.run_command_line(f"jobs {source}") is None
        await wait_loaded(pilot, app, 1)
        await wait_for(pilot, lambda: table_of(app).cursor_key == source)
        await pilot.press("r")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, RetrainScreen)
    assert _creates(sandbox) == 0
    records = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert [(r["action"], r["resource"], r["outcome"]) for r in records] == [
        ("jobs.retrain", source, "refused: read-only")
    ]


async def test_clone_has_no_model_channel(sandbox) -> None:
    app = make_app(sandbox)
    source = sorted(n for n, s in sandbox.simulator.statuses().items() if s == "Failed")[0]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, sandbox, source, "c")
        names = [k for k, _ in screen.query_one("#channels", KVGrid).pairs()]
        assert "model" not in names and names
        new_name = screen.query_one("#field-name", Input).value
        assert "-clone-" in new_name
        screen.action_review()
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
    d = sandbox.simulator.describe_training_job(new_name)
    assert [c["ChannelName"] for c in d["InputDataConfig"]] == names
    src = sandbox.simulator.describe_training_job(source)
    assert d["HyperParameters"] == src["HyperParameters"]


async def test_review_survives_no_op_changes_and_ends_on_an_edit(sandbox) -> None:
    app = make_app(sandbox)
    source = _completed(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, sandbox, source, "r")
        screen.action_review()
        await pilot.pause()
        assert screen.reviewing
        name = screen.query_one("#field-name", Input)
        name.post_message(Input.Changed(name, name.value))  # e.g. a late mount message
        await pilot.pause()
        assert screen.reviewing
        name.value = name.value + "-b"
        await wait_for(pilot, lambda: not screen.reviewing)
        await pilot.press("ctrl+l")
        await pilot.pause(0.2)
    assert _creates(sandbox) == 0
