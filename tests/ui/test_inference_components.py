"""Inference components in the console on the sandbox: the autoscaling view lists their
targets, edits reach the service, the endpoint detail and `:inferencecomponents` show them."""

from __future__ import annotations

import json

from textual.widgets import Static

from smtui.services import paths
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.screens.form_screen import FormScreen
from smtui.ui.screens.resource_screen import ResourceScreen
from tests.ui.conftest import wait_for
from tests.ui.test_endpoints_ui import (
    cell,
    client,
    endpoints_app,
    focus_row,
    mutations,
    open_view,
    set_field,
)

LLAMA_RID = "inference-component/llama3-8b-chat-ic"
DIM = "sagemaker:inference-component:DesiredCopyCount"


def _section(screen: DetailScreen, title: str):  # type: ignore[no-untyped-def]
    return next(v.section for v in screen.query(SectionView) if v.section.title == title)


async def test_autoscaling_lists_component_targets_with_their_endpoint(sandbox) -> None:
    app = endpoints_app(sandbox, "autoscaling")
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_view(pilot, app, "autoscaling", 9)
        await wait_for(pilot, lambda: cell(table, LLAMA_RID, 0).endswith("genai-platform-prod"))
        assert cell(table, LLAMA_RID, 0) == "ic/llama3-8b-chat-ic @ genai-platform-prod"
        assert cell(table, LLAMA_RID, 8) == "DesiredCopyCount"
        assert cell(table, LLAMA_RID, 4) == "TT 40"
        mistral = "inference-component/mistral-7b-summarize-ic"
        assert cell(table, mistral, 4) == "TT 45 + step x1"
        desired = client(sandbox, "sagemaker").describe_inference_component(
            InferenceComponentName="llama3-8b-chat-ic"
        )["RuntimeConfig"]["DesiredCopyCount"]
        assert cell(table, LLAMA_RID, 3)[0] == str(desired)


async def test_edit_min_max_and_suspend_a_component_target(sandbox) -> None:
    app = endpoints_app(sandbox, "autoscaling")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(pilot, app, "autoscaling", 9)
        await focus_row(pilot, "llama3")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await set_field(pilot, form, "min", "-1")
        form.action_review()
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # refused beside the field, nothing sent
        assert "RegisterScalableTarget" not in mutations(sandbox)
        await set_field(pilot, form, "min", "0")  # a component may scale to zero copies
        await set_field(pilot, form, "max", "5")
        form.action_review()
        await pilot.pause()
        preview = str(form.query_one("#preview", Static).render())
        assert f"RegisterScalableTarget {LLAMA_RID}" in preview
        assert "min  1 -> 0" in preview and "max  6 -> 5" in preview
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
        await wait_for(pilot, lambda: isinstance(app.screen, ResourceScreen))
        await pilot.press("z")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: client(sandbox, "application-autoscaling").describe_scalable_targets(
                ServiceNamespace="sagemaker", ResourceIds=[LLAMA_RID]
            )["ScalableTargets"][0]["SuspendedState"]["DynamicScalingOutSuspended"],
        )
    (target,) = client(sandbox, "application-autoscaling").describe_scalable_targets(
        ServiceNamespace="sagemaker", ResourceIds=[LLAMA_RID]
    )["ScalableTargets"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (0, 5)
    assert target["ScalableDimension"] == DIM
    records = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert [r["action"] for r in records[-2:]] == ["autoscaling.range", "autoscaling.suspend"]


async def test_endpoint_detail_lists_its_components(sandbox) -> None:
    app = endpoints_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(pilot, app, "endpoints", 16)
        await focus_row(pilot, "genai")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = app.screen
        await wait_for(
            pilot,
            lambda: "Inference components" in [v.section.title for v in screen.query(SectionView)],
        )
        rows = dict(_section(screen, "Inference components").rows)
        assert set(rows) == {"llama3-8b-chat-ic", "mistral-7b-summarize-ic", "bge-reranker-ic"}
        assert "InService  copies " in rows["llama3-8b-chat-ic"]
        assert "model llama3-8b-instruct-v2  1 accel 4 vCPU 24 GiB" in rows["llama3-8b-chat-ic"]
        assert rows["bge-reranker-ic"].endswith("8 vCPU 8 GiB")


async def test_components_view_detail_and_copy_count(sandbox) -> None:
    app = endpoints_app(sandbox, "inferencecomponents")
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_view(pilot, app, "inferencecomponents", 3)
        await wait_for(pilot, lambda: cell(table, "bge-reranker-ic", 3)[0] == "2/2")
        assert cell(table, "bge-reranker-ic", 2) == "genai-platform-prod"
        await focus_row(pilot, "bge")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await set_field(pilot, form, "copies", "3")
        form.action_review()
        await pilot.pause()
        preview = str(form.query_one("#preview", Static).render())
        assert "desired copies  2 -> 3" in preview
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
        await wait_for(pilot, lambda: isinstance(app.screen, ResourceScreen))
        await focus_row(pilot, "llama3")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = app.screen
        await wait_for(
            pilot, lambda: "Autoscaling" in [v.section.title for v in screen.query(SectionView)]
        )
        scaling = dict(_section(screen, "Autoscaling").rows)
        assert scaling["Target"] == f"{LLAMA_RID}  {DIM}"
        assert "SageMakerInferenceComponentInvocationsPerCopy = 40" in " ".join(scaling.values())
        await wait_for(
            pilot,
            lambda: any(v.section.charts for v in screen.query(SectionView)),
        )
    d = client(sandbox, "sagemaker").describe_inference_component(
        InferenceComponentName="bge-reranker-ic"
    )
    assert d["RuntimeConfig"]["DesiredCopyCount"] == 3
    assert d["InferenceComponentStatus"] == "Updating"


async def test_read_only_refuses_a_copy_count_change(sandbox) -> None:
    app = endpoints_app(sandbox, "inferencecomponents", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(pilot, app, "inferencecomponents", 3)
        await focus_row(pilot, "bge")
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    assert not any(op.startswith("Update") for _, op in sandbox.request_log)
