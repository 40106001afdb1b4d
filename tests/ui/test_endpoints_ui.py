"""The endpoints and autoscaling panes on the sandbox, driven as a user drives them."""

from __future__ import annotations

import json
from typing import Any

import boto3
from textual.widgets import Input, Select, Static

from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services import paths
from smtui.ui.app import SmtuiApp
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.screens.form_screen import FormScreen
from smtui.ui.screens.resource_screen import ResourceScreen
from smtui.ui.screens.typed_confirm import TypedConfirmScreen
from tests.ui.conftest import make_app, table_of, wait_for, wait_loaded

FRAUD = "endpoint/fraud-detector-prod/variant/AllTraffic"
MUTATIONS = {
    "RegisterScalableTarget",
    "PutScalingPolicy",
    "UpdateEndpointWeightsAndCapacities",
    "DeleteEndpoint",
}


def client(sb: Sandbox, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


def endpoints_app(sb: Sandbox, start: str = "endpoints", **kw: Any) -> SmtuiApp:
    """The console opened straight on a view (as `smtui` does with a start view)."""
    return SmtuiApp(make_app(sb, **kw).backend, start=start)


async def open_view(pilot, app: SmtuiApp, command: str, count: int) -> Any:
    name = command.split()[0]
    if not (isinstance(app.screen, ResourceScreen) and app.screen.kind.name == name):
        await wait_loaded(pilot, app)
        app.run_command_line(command)
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, ResourceScreen)
            and app.screen.kind.name == name
            and app.screen.last_refresh is not None
        ),
    )
    table = table_of(app)
    await wait_for(pilot, lambda: table.total_count == count)
    return table


async def endpoints_enriched(pilot, app: SmtuiApp) -> Any:
    table = await open_view(pilot, app, "endpoints", 16)
    await wait_for(pilot, lambda: table.index.get("fraud-detector-prod").cells[4] != "-")
    return table


async def focus_row(pilot, text: str) -> None:
    await pilot.press("slash")
    for ch in text:
        await pilot.press(ch)
    await pilot.press("enter")


def cell(table: Any, key: str, column: int) -> Any:
    return table.index.get(key).cells[column]


def mutations(sb: Sandbox) -> set[str]:
    return {op for _, op in sb.request_log} & MUTATIONS


def message(screen: FormScreen, field: str) -> str:
    return str(screen.query_one(f"#msg-{field}", Static).render())


async def set_field(pilot, screen: FormScreen, field: str, value: str) -> None:
    screen.query_one(f"#field-{field}", Input).value = value
    await pilot.pause()


async def test_endpoints_listed_with_metrics_and_trouble_stands_out(sandbox) -> None:
    app = endpoints_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await endpoints_enriched(pilot, app)
        assert cell(table, "fraud-detector-prod", 3) == "ml.c5.2xlarge"
        assert cell(table, "fraud-detector-prod", 2) == ("2", "")
        assert float(cell(table, "fraud-detector-prod", 4).replace(",", "")) > 100
        assert cell(table, "recsys-ranker-prod", 2)[0].count(",") == 1  # two variants
        assert cell(table, "doc-classifier-serverless", 3) == "serverless"
        assert cell(table, "fraud-detector-prod", 9) == "2-8"
        assert cell(table, "fraud-detector-prod", 10) == "20%"
        # A 5xx burst, a failed endpoint and an update in progress stand out.
        assert cell(table, "llm-chat-prod", 7)[1] == "error"
        assert cell(table, "llm-chat-prod", 0)[1] == "error"
        assert cell(table, "nlp-ner-staging", 1) == ("Failed", "error")
        assert cell(table, "image-moderation-prod", 1) == ("Updating", "warning")
        assert cell(table, "churn-xgb-prod", 7)[1] == ""
        # Every endpoint's metrics in one GetMetricData call per poll.
        polls = [op for _, op in sandbox.request_log if op == "ListEndpoints"]
        calls = [op for _, op in sandbox.request_log if op == "GetMetricData"]
        assert len(calls) == len(polls)


async def test_detail_sections_and_window(sandbox) -> None:
    app = endpoints_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await endpoints_enriched(pilot, app)
        await focus_row(pilot, "tenant-forecast")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.query(SectionView)) > 5)
        titles = [v.section.title for v in screen.query(SectionView)]
        for expected in (
            "Overview",
            "Variants",
            "Metrics: AllTraffic (1h)",
            "Autoscaling",
            "Multi-model",
            "Data capture and monitoring",
            "Raw describe",
        ):
            assert expected in titles, titles
        metrics = next(v.section for v in screen.query(SectionView) if v.section.charts)
        chart_titles = [c.title for c in metrics.charts]
        assert (
            "ModelLatency" in chart_titles and "Memory and disk utilisation (avg)" in chart_titles
        )
        scaling = next(
            v.section for v in screen.query(SectionView) if v.section.title == "Autoscaling"
        )
        assert any(
            "target tracking SageMakerVariantInvocationsPerInstance" in r[1] for r in scaling.rows
        )
        await pilot.press("w")
        await wait_for(
            pilot,
            lambda: (
                "Metrics: AllTraffic (6h)" in [v.section.title for v in screen.query(SectionView)]
            ),
        )


async def test_target_tracking_scale_out_after_traffic_rises(sandbox) -> None:
    app = endpoints_app(sandbox, "autoscaling")
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_view(pilot, app, "autoscaling", 9)
        assert cell(table, FRAUD, 3)[0] == "2"
        sandbox.world.clock.advance(40 * 60)  # the planted surge: traffic rises a few minutes in
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "desired instance count" in cell(table, FRAUD, 5))
        assert cell(table, FRAUD, 6) == ("Successful", "ok")
        assert int(cell(table, FRAUD, 3)[0]) >= 4
        await focus_row(pilot, "fraud")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.query(SectionView)) >= 3)
        activities = next(
            v.section for v in screen.query(SectionView) if v.section.title == "Scaling activities"
        )
        assert "monitor alarm TargetTracking-" + FRAUD in activities.rows[0][1]
        assert "Setting desired instance count to" in activities.rows[0][1]


async def test_edit_min_max_reaches_the_service(sandbox) -> None:
    app = endpoints_app(sandbox, "autoscaling")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(pilot, app, "autoscaling", 9)
        await focus_row(pilot, "fraud")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await set_field(pilot, form, "min", "3")
        await set_field(pilot, form, "max", "12")
        form.action_review()
        await pilot.pause()
        preview = str(form.query_one("#preview", Static).render())
        assert "min  2 -> 3" in preview and "max  8 -> 12" in preview
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
    (target,) = client(sandbox, "application-autoscaling").describe_scalable_targets(
        ServiceNamespace="sagemaker", ResourceIds=[FRAUD]
    )["ScalableTargets"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (3, 12)
    records = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert records[-1]["action"] == "autoscaling.range" and records[-1]["outcome"] == "ok"


async def test_weight_and_capacity_update(sandbox) -> None:
    app = endpoints_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await endpoints_enriched(pilot, app)
        await focus_row(pilot, "pricing-ab")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        form.query_one("#field-variant", Select).value = "variant-b"
        await pilot.pause()
        assert form.query_one("#field-weight", Input).value == "0.5"
        await set_field(pilot, form, "weight", "0.7")
        await set_field(pilot, form, "count", "4")
        form.action_review()
        await pilot.pause()
        preview = str(form.query_one("#preview", Static).render())
        assert "weight            0.5 -> 0.7" in preview
        assert "desired instances " in preview and " -> 4  (ml.m5.large)" in preview
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
    d = client(sandbox, "sagemaker").describe_endpoint(EndpointName="pricing-ab-test-prod")
    b = d["ProductionVariants"][1]
    assert d["EndpointStatus"] == "Updating"
    assert (b["DesiredWeight"], b["DesiredInstanceCount"]) == (0.7, 4)


async def test_delete_asks_for_the_typed_name(sandbox) -> None:
    app = endpoints_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await endpoints_enriched(pilot, app)
        await focus_row(pilot, "ltv")
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmScreen))
        dialog = app.screen
        text = " ".join(str(s.render()) for s in dialog.query(Static))
        assert "ml.m5.large x 1" in text and "cost view" in text
        dialog.query_one(Input).value = "ltv-predictor"  # a prefix is not enough
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TypedConfirmScreen) and "DeleteEndpoint" not in mutations(
            sandbox
        )
        dialog.query_one(Input).value = "ltv-predictor-dev"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "DeleteEndpoint" in mutations(sandbox))
    d = client(sandbox, "sagemaker").describe_endpoint(EndpointName="ltv-predictor-dev")
    assert d["EndpointStatus"] == "Deleting"


async def test_bad_inputs_refused_beside_the_field(sandbox) -> None:
    app = endpoints_app(sandbox, "autoscaling")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(pilot, app, "autoscaling", 9)
        await focus_row(pilot, "fraud")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        for low, high, fragment in (
            ("5", "2", "cannot be greater than max"),
            ("-1", "4", "cannot be negative"),
            ("1.5", "4", "whole number"),
        ):
            await set_field(pilot, form, "min", low)
            await set_field(pilot, form, "max", high)
            assert fragment in message(form, "min")
            assert form.query_one("#msg-min").has_class("-error")
            form.action_review()
            await pilot.press("y")
            await pilot.pause()
            assert isinstance(app.screen, FormScreen) and not form.reviewing
        await set_field(pilot, form, "min", "2")
        await set_field(pilot, form, "max", "400")  # a warning: shown, not blocking
        assert "quota" in message(form, "max") and form.query_one("#msg-max").has_class("-warning")
        await pilot.press("escape")
        await pilot.press("escape")  # clear the filter
        await focus_row(pilot, "fraud")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await set_field(pilot, form, "target", "0")
        assert "greater than 0" in message(form, "target")
        await set_field(pilot, form, "target", "600")
        await set_field(pilot, form, "out", "-30")
        assert "cannot be negative" in message(form, "out")
        form.action_review()
        assert not form.reviewing
        await pilot.press("escape")
        await endpoints_enriched(pilot, app)
        await focus_row(pilot, "fraud")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        for value, fragment in (
            ("-0.2", "cannot be negative"),
            ("nan", "finite"),
            ("0", "cannot all be 0"),
        ):
            await set_field(pilot, form, "weight", value)
            assert fragment in message(form, "weight"), value
        await set_field(pilot, form, "weight", "1")
        for value, fragment in (("-1", "at least 1"), ("2.5", "whole number"), ("0", "at least 1")):
            await set_field(pilot, form, "count", value)
            assert fragment in message(form, "count"), value
        form.action_review()
        assert not form.reviewing
    assert not mutations(sandbox)


async def test_aws_error_shown_verbatim_values_kept(sandbox) -> None:
    app = endpoints_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await endpoints_enriched(pilot, app)
        await focus_row(pilot, "recsys")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await set_field(pilot, form, "count", "5")
        # Someone else updates the endpoint meanwhile: the service refuses ours.
        client(sandbox, "sagemaker").update_endpoint_weights_and_capacities(
            EndpointName="recsys-ranker-prod",
            DesiredWeightsAndCapacities=[{"VariantName": "challenger", "DesiredWeight": 0.2}],
        )
        form.action_review()
        await pilot.press("y")
        error = form.query_one("#aws-error", Static)
        await wait_for(pilot, lambda: error.has_class("-shown"))
        assert str(error.render()).startswith(
            'ValidationException: Cannot update in-progress endpoint "arn:aws:sagemaker:'
        )
        assert form.query_one("#field-count", Input).value == "5"


async def test_read_only_refuses_before_anything_is_sent(sandbox) -> None:
    app = endpoints_app(sandbox, "autoscaling", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(pilot, app, "autoscaling", 9)
        await focus_row(pilot, "fraud")
        for key in ("e", "t", "z"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, FormScreen)
        await wait_for(pilot, lambda: paths.audit_log().exists())
        await wait_for(pilot, lambda: len(paths.audit_log().read_text().splitlines()) == 3)
        await open_view(pilot, app, "endpoints", 16)
        await focus_row(pilot, "fraud")
        await pilot.press("e")
        await pilot.press("D")
        await wait_for(pilot, lambda: len(paths.audit_log().read_text().splitlines()) == 5)
    records = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert {r["outcome"] for r in records} == {"refused: read-only"}
    assert [r["action"] for r in records] == [
        "autoscaling.range",
        "autoscaling.policy",
        "autoscaling.suspend",
        "endpoints.capacity",
        "endpoints.delete",
    ]
    assert not mutations(sandbox)
