"""`:triage` against the sandbox's own timeline (frozen clock, seed 7): the finding kinds
the simulator produces besides the ones tests/ui/test_triage_ui.py follows, each
appearing when the simulator produces it and going when it resolves:

- a managed spot training job waiting for capacity in Starting (+47 min to +2 h 20);
- a processing job that hangs (stuck from +40 min, past 90% of its MaxRuntimeInSeconds
  from about +2 h 25, Completed at +2 h 36);
- an InService endpoint with no invocations for 24 h (CloudWatch), gone once deleted.
"""

from __future__ import annotations

from smtui.sandbox.endpoints.idle import IDLE_ENDPOINT
from tests.sandbox.conftest import client
from tests.ui.conftest import make_app, table_of, wait_loaded
from tests.ui.test_triage_ui import keys, refreshed

HUNG = "job-stuck:processing:fraud-features-spark-2026-11-26-11-40-00-000"
IDLE = f"endpoint-idle:endpoints:{IDLE_ENDPOINT}"


def _cells(app, key: str) -> tuple:
    row = table_of(app).index.get(key)
    assert row is not None, key
    return row.cells


def _spot(app, found: set[str]) -> set[str]:
    """Training jobs found stuck because they wait for spot capacity."""
    return {
        k
        for k in found
        if k.startswith("job-stuck:jobs:") and "waiting on capacity" in str(_cells(app, k)[4])
    }


async def test_spot_wait_and_hung_processing_job_come_and_go(sandbox) -> None:
    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_loaded(pilot, app)
        found = keys(app)
        assert HUNG not in found and not _spot(app, found)
        # +45 min: the Spark job has been in progress 65 minutes (its kind's usual: minutes).
        found = await refreshed(pilot, app, sandbox, 45 * 60)
        assert HUNG in found and not _spot(app, found)
        severity, _, kind, resource, reason = _cells(app, HUNG)
        assert severity == ("medium", "warning") and kind == "job-stuck"
        assert resource.startswith("processing/fraud-features-spark-")
        assert str(reason).startswith("in progress for 1h05 (fleet's usual ")
        # +1 h 20: the spot job submitted at +47 min still has no capacity.
        found = await refreshed(pilot, app, sandbox, 35 * 60)
        (spot,) = _spot(app, found)
        reason = str(_cells(app, spot)[4])
        assert reason.startswith("spot: Starting for 3") and "Insufficient capacity" in reason
        assert _cells(app, spot)[0] == ("medium", "warning")
        # +2 h 27: the spot job got capacity; the Spark job is past 90% of its 3 h limit.
        found = await refreshed(pilot, app, sandbox, 67 * 60)
        assert spot not in found and not _spot(app, found)
        assert _cells(app, HUNG)[0] == ("high", "error")
        assert "of its maximum runtime (3h00) used" in str(_cells(app, HUNG)[4])
        # +2 h 40: it completed.
        found = await refreshed(pilot, app, sandbox, 13 * 60)
        assert HUNG not in found


async def test_idle_endpoint_appears_then_goes_when_deleted(sandbox) -> None:
    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_loaded(pilot, app)
        assert IDLE not in keys(app)  # called 21 h before the start
        found = await refreshed(pilot, app, sandbox, 2 * 3600)
        assert IDLE not in found
        # +3 h 05: no invocation for 24 h.
        found = await refreshed(pilot, app, sandbox, 65 * 60)
        assert IDLE in found
        severity, _, kind, resource, reason = _cells(app, IDLE)
        assert severity == ("low", "muted") and resource == f"endpoint/{IDLE_ENDPOINT}"
        assert reason == "idle: no invocations in 24 h (still billed)"
        client(sandbox, "sagemaker").delete_endpoint(EndpointName=IDLE_ENDPOINT)
        found = await refreshed(pilot, app, sandbox, 60)
        assert IDLE not in found
