"""A denied secondary API (CloudWatch metrics, Application Auto Scaling) leaves its
columns or section blank and says so: what failed (the AWS error as AWS said it) and
where; the rest of the view loads."""

from __future__ import annotations

from textual.widgets import Static

from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from tests.ui.conftest import wait_for
from tests.ui.surface_helpers import app_at, cursor_to

LOAD_TIMEOUT = 30.0
"""The first poll of a view with its secondary calls, on two shared, loaded cores."""

DENIED = "AccessDeniedException"


async def loaded(pilot, kind: str):
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.screen, "kind", None) is not None)
    await wait_for(pilot, lambda: app.screen.kind.name == kind, timeout=LOAD_TIMEOUT)
    screen = app.screen
    await wait_for(pilot, lambda: screen.last_refresh is not None, timeout=LOAD_TIMEOUT)
    return screen


def _banner(screen) -> str:
    return str(screen.query_one("#view-banner", Static).render())


async def test_denied_metrics_and_scaling_are_named_in_the_endpoints_banner(sandbox) -> None:
    sandbox.faults.update(
        {"deny": ["cloudwatch:GetMetricData", "application-autoscaling:DescribeScalableTargets"]}
    )
    app = app_at(sandbox, "endpoints")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(pilot, "endpoints")
        await wait_for(pilot, lambda: bool(screen.gaps), timeout=60)
        assert screen.table.total_count > 0  # the endpoints themselves loaded
        banner = _banner(screen)
        assert "metric columns (INV/MIN, P50MS, P99MS, 5XX, 4XX)" in banner
        assert f"{DENIED} (GetMetricData)" in banner
        assert "autoscaling column (SCALE)" in banner
        assert f"{DENIED} (DescribeScalableTargets)" in banner
        # Allowed again: the next poll loads them and the banner goes.
        sandbox.faults.update({"deny": []})
        screen.action_refresh_now()
        await wait_for(pilot, lambda: not screen.gaps, timeout=60)
        assert "Not loaded" not in _banner(screen)


async def test_denied_scaling_activities_leave_the_autoscaling_targets(sandbox) -> None:
    sandbox.faults.update({"deny": ["application-autoscaling:DescribeScalingActivities"]})
    app = app_at(sandbox, "autoscaling")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(pilot, "autoscaling")
        assert screen.table.total_count > 0  # the pane is not blank
        banner = _banner(screen)
        assert "LAST ACTIVITY and STATUS columns" in banner
        assert f"{DENIED} (DescribeScalingActivities)" in banner


async def test_endpoint_detail_says_its_scaling_could_not_be_read(sandbox) -> None:
    sandbox.faults.update({"deny": ["application-autoscaling:DescribeScalableTargets"]})
    app = app_at(sandbox, "endpoints")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(pilot, "endpoints")
        await cursor_to(pilot, screen, "llm-chat-prod")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        detail = app.screen
        await wait_for(
            pilot,
            lambda: any(v.section.title == "Autoscaling" for v in detail.query(SectionView)),
            timeout=60,
        )
        (section,) = [
            v.section for v in detail.query(SectionView) if v.section.title == "Autoscaling"
        ]
        assert "does not autoscale" not in section.text
        (row,) = section.rows
        assert row[0] == "not read"
        assert row[1].startswith(f"scalable targets: {DENIED} (DescribeScalableTargets): ")


async def test_a_denied_describe_says_why_the_cells_stay_loading(sandbox) -> None:
    """Columns filled from each row's describe showed "…" forever when it was denied."""
    sandbox.faults.update({"deny": ["sagemaker:DescribeTrainingJob"]})
    app = app_at(sandbox, "jobs")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(pilot, "jobs")
        await wait_for(pilot, lambda: "DescribeTrainingJob" in _banner(screen), timeout=60)
        banner = _banner(screen)
        assert "the columns each row's describe fills" in banner
        assert f"{DENIED} (DescribeTrainingJob)" in banner
        sandbox.faults.update({"deny": []})
        screen.action_refresh_now()
        await wait_for(pilot, lambda: "Not loaded" not in _banner(screen), timeout=60)
