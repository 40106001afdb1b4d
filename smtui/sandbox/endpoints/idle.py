"""An endpoint nobody calls any more: the on-call triage's idle-endpoint finding.

``churn-xgb-staging`` is an old staging copy of the churn model, still InService on an
ml.m5.large (still billed). Its last caller (a nightly smoke test since switched to the
production endpoint) stopped :data:`LAST_CALL` seconds before the sandbox start, so its
CloudWatch ``Invocations`` (AWS/SageMaker, EndpointName + VariantName) have no datapoints
after that: at the start it served calls in the last 24 h; from :data:`IDLE_FROM` after
the start it has served none for 24 h, which `:triage` reports as idle until the
endpoint is deleted (DeleteEndpoint) or, should anyone call it, 24 h later again.
"""

from __future__ import annotations

from .catalog import XGB, EndpointTemplate, VariantTemplate
from .traffic import Traffic

IDLE_ENDPOINT = "churn-xgb-staging"
LAST_CALL = -21 * 3600.0
"""Seconds from the sandbox start to the endpoint's last invocation (before the start)."""
IDLE_FROM = LAST_CALL + 24 * 3600.0
"""Seconds from the start after which the endpoint had no invocation for 24 h (+3 h)."""

TEMPLATES: tuple[EndpointTemplate, ...] = (
    EndpointTemplate(
        name=IDLE_ENDPOINT,
        team="growth-analytics",
        rpm=6,
        age_days=142,
        variants=(
            VariantTemplate(
                "AllTraffic", "churn-xgb-v5", XGB, "ml.m5.large", count=1, latency_ms=6
            ),
        ),
    ),
)
"""Endpoints the area builds after catalog.TEMPLATES."""


class FadingTraffic(Traffic):
    """An endpoint's usual traffic until ``last_call``, none after it."""

    def __init__(self, seed: int, tpl: EndpointTemplate, start: float, last_call: float) -> None:
        super().__init__(seed, tpl, start)
        self.last_minute = int(last_call // 60)

    def rate(self, minute: int) -> float:  # type: ignore[override]  # the base is lru-cached
        if minute >= self.last_minute:
            return 0.0
        return super().rate(minute)


def traffic_for(seed: int, tpl: EndpointTemplate, start: float) -> Traffic:
    """The traffic model of a built endpoint: the idle one fades before the start."""
    if tpl.name == IDLE_ENDPOINT:
        return FadingTraffic(seed, tpl, start, start + LAST_CALL)
    return Traffic(seed, tpl, start)
