"""Bad numbers typed into every form: the message beside the field, nothing sent, no
crash (the checks accepted what float() parses while the builders called int(): typing
"90000." into "Max wait" killed the console with a traceback)."""

from __future__ import annotations

from textual.widgets import Input, Static

from smtui.ui.screens.form_screen import FormScreen
from smtui.ui.screens.retrain_screen import RetrainScreen
from tests.ui.conftest import make_app, wait_for
from tests.ui.test_endpoints_ui import (
    client,
    endpoints_app,
    endpoints_enriched,
    focus_row,
    mutations,
    open_view,
)
from tests.ui.test_retrain_screen import _completed, _creates, _open

KEYS = {".": "full_stop", "-": "minus", "+": "plus"}


async def type_into(pilot, screen, field: str, text: str) -> None:
    """Focus the field, clear it, and type ``text`` key by key as a user does."""
    widget = screen.query_one(f"#field-{field}", Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await pilot.press(*[KEYS.get(ch, ch) for ch in text])
    await pilot.pause()
    assert widget.value == text


def beside(screen, field: str) -> str:
    return str(screen.query_one(f"#msg-{field}", Static).render())


async def refused(pilot, app, screen, field: str, text: str, fragment: str) -> None:
    await type_into(pilot, screen, field, text)
    assert fragment in beside(screen, field), (field, text, beside(screen, field))
    assert screen.query_one(f"#msg-{field}").has_class("-error")
    await pilot.press("enter")  # Review: refused while a field is wrong
    await pilot.pause()
    assert app.screen is screen and not screen.reviewing


async def test_retrain_form_refuses_decimals_beside_the_field(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, sandbox, _completed(sandbox), "r")
        assert isinstance(screen, RetrainScreen)
        screen.query_one("#field-spot").value = True  # a Checkbox
        await refused(pilot, app, screen, "max_wait", "90000.", "whole number")
        await refused(pilot, app, screen, "max_wait", "9e4", "whole number")
        await type_into(pilot, screen, "max_wait", "90000")
        await refused(pilot, app, screen, "instance_count", "2.0", "whole number")
        await refused(pilot, app, screen, "instance_count", "99999999999", "at most")
        await refused(pilot, app, screen, "max_runtime", "3600.5", "whole number")
        await refused(pilot, app, screen, "volume_gb", "nan", "whole number")
        await refused(pilot, app, screen, "name", "new.job", "letters, digits and hyphens")
        await pilot.press("escape")
    assert _creates(sandbox) == 0


async def test_every_form_screen_refuses_bad_numbers_beside_the_field(sandbox) -> None:
    app = endpoints_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        # Endpoints: weight / desired count (UpdateEndpointWeightsAndCapacities).
        await endpoints_enriched(pilot, app)
        await focus_row(pilot, "fraud")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await refused(pilot, app, form, "count", "2.0", "whole number")
        await refused(pilot, app, form, "count", "99999999999999999999", "at most 2147483647")
        await type_into(pilot, form, "count", "3")
        await refused(pilot, app, form, "weight", "inf", "finite")
        await refused(pilot, app, form, "weight", "0x1", "must be a number")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
        # Autoscaling: min/max (RegisterScalableTarget) and the policy (PutScalingPolicy).
        await open_view(pilot, app, "autoscaling", 9)
        await focus_row(pilot, "fraud")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await refused(pilot, app, form, "min", "1.0", "whole number")
        await type_into(pilot, form, "min", "2")
        await refused(pilot, app, form, "max", "99999999999999999999", "at most 2147483647")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
        await pilot.press("escape")  # the filter
        await focus_row(pilot, "fraud")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await refused(pilot, app, form, "out", "300.", "whole number")
        await type_into(pilot, form, "out", "300")
        await refused(pilot, app, form, "target", "nan", "finite")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
        # Inference components: copies (UpdateInferenceComponentRuntimeConfig).
        await open_view(pilot, app, "inferencecomponents", 3)
        await focus_row(pilot, "bge")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await refused(pilot, app, form, "copies", "2.0", "whole number")
        await refused(pilot, app, form, "copies", "-1", "cannot be negative")
        await pilot.press("escape")
    assert not mutations(sandbox) and not [
        op for _, op in sandbox.request_log if op == "UpdateInferenceComponentRuntimeConfig"
    ]


async def test_console_messages_never_carry_escape_sequences(sandbox) -> None:
    """AWS's echo of a name reaches the user as text: every notify goes through one
    place (SmtuiApp.notify), plain text, escapes removed; markup brackets stay literal."""
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        app.notify("Value 'x\x1b]0;pwned\x07\x1b[2Jy' [/bold] at 'name'", title="Bad\x1b[31m")
        await pilot.pause()
        (note,) = list(app._notifications)
        assert note.message == "Value 'xy' [/bold] at 'name'" and note.title == "Bad"
        assert not note.markup


async def test_weights_are_relative_and_the_preview_shows_the_shares(sandbox) -> None:
    """Issue 21: weight 2 was refused with "must be in [0, 1]"; weights are relative."""
    app = endpoints_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await endpoints_enriched(pilot, app)
        await focus_row(pilot, "pricing-ab")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await type_into(pilot, form, "weight", "2")
        assert not form.query_one("#msg-weight").has_class("-error")
        await pilot.press("enter")
        await wait_for(pilot, lambda: form.reviewing)
        preview = str(form.query_one("#preview", Static).render())
        assert "weight            0.5 -> 2" in preview
        assert "traffic shares    variant-a 80%, variant-b 20%" in preview
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
    variants = client(sandbox, "sagemaker").describe_endpoint(EndpointName="pricing-ab-test-prod")[
        "ProductionVariants"
    ]
    assert [v["DesiredWeight"] for v in variants] == [2.0, 0.5]
