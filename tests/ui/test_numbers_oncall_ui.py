"""Issue 21, point 8 (Pilot, sandbox): the endpoint detail's cost per hour is the figure
the list shows; the utilisation charts keep one unit per axis."""

from __future__ import annotations

from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from tests.ui.conftest import wait_for
from tests.ui.test_endpoints_ui import cell, endpoints_app, endpoints_enriched, focus_row

RATE = 12  # the $/HR column


async def test_endpoint_detail_says_the_cost_per_hour_the_list_shows(sandbox) -> None:
    app = endpoints_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await endpoints_enriched(pilot, app)
        await wait_for(
            pilot, lambda: cell(table, "llm-chat-prod", RATE) not in ("…", "-"), timeout=60
        )
        listed = cell(table, "llm-chat-prod", RATE)
        listed = listed[0] if isinstance(listed, tuple) else listed
        await focus_row(pilot, "llm-chat-prod")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.query(SectionView)) > 5, timeout=30)
        sections = {v.section.title: v.section for v in screen.query(SectionView)}
        overview = dict(sections["Overview"].rows)
        assert overview["Cost per hour"].startswith(f"{listed}/h (")
        charts = {c.title: c for v in sections.values() for c in v.charts}
        cpu = charts["CPU utilisation (avg, summed over cores)"]
        assert [s.label for s in cpu.series] == ["cpu"] and cpu.unit == "% of a core"
        shares = charts["Memory and disk utilisation (avg)"]
        assert [s.label for s in shares.series] == ["memory", "disk"] and shares.unit == "%"
        assert not any(
            "cpu" in [s.label for s in c.series] for c in charts.values() if c is not cpu
        )
