"""Issue 21, point 1, against the sandbox (plain boto3 under the collector): scaling
llm-chat-prod out during its 5xx burst makes it Updating, and the burst is still a
finding; when target tracking sets the desired count back below the manual 3, that is a
finding too."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from smtui.aws import endpoints as api
from smtui.aws.session import Clients, Target
from smtui.domain.endpoints import Endpoint
from smtui.domain.triage import Thresholds
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services.guard import ActionGuard, AuditContext
from smtui.services.kinds import endpoints as endpoints_kind
from smtui.services.kinds import endpoints_data as data
from smtui.services.triage.collect import collect

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()
BURST = "endpoint-5xx:endpoints:llm-chat-prod"
BACK = "endpoint-scaled-back:endpoints:llm-chat-prod"


def _found(clients: Clients, sb: Sandbox) -> set[str]:
    now = sb.simulator.clock.now_datetime()
    return {f.id for f in collect(clients, now, Thresholds(), 0).findings}


def test_a_scale_out_keeps_the_5xx_finding_and_a_scale_back_is_one(tmp_path: Path) -> None:
    with Sandbox(seed=7, jobs=200, speed=0, start=START).start() as sb:
        clients = Clients(
            Target(
                region=SANDBOX_REGION,
                endpoint_url=sb.url,
                access_key=SANDBOX_ACCESS_KEY,
                secret_key=SANDBOX_SECRET_KEY,
            )
        )
        assert BURST in _found(clients, sb)
        d = data.describe(clients, "llm-chat-prod")
        ep = Endpoint.from_describe(d, data.config(clients, d["EndpointConfigName"]))
        form = endpoints_kind.CAPACITY.form
        assert form is not None
        values = {"variant": "AllTraffic", "weight": "1", "count": "3"}
        assert form.check(ep, values) == []
        guard = ActionGuard(  # the one path of every mutating call (services/guard.py)
            read_only=False,
            audit_path=tmp_path / "audit.jsonl",
            context=AuditContext(profile="sandbox", region=SANDBOX_REGION),
            clients=clients,
        )
        guard.run("endpoints.capacity", "llm-chat-prod", lambda: form.submit(clients, ep, values))
        sb.simulator.clock.advance(120)
        assert api.describe_endpoint(clients, "llm-chat-prod")["EndpointStatus"] == "Updating"
        found = _found(clients, sb)
        assert BURST in found and BACK not in found
        sb.simulator.clock.advance(20 * 60)  # target tracking scales in (low traffic)
        d = api.describe_endpoint(clients, "llm-chat-prod")
        assert d["ProductionVariants"][0]["DesiredInstanceCount"] == 2
        (back,) = [
            f
            for f in collect(clients, sb.simulator.clock.now_datetime(), Thresholds(), 0).findings
            if f.id == BACK
        ]
        assert back.severity == "high" and "below the 3 set by hand" in back.reason
