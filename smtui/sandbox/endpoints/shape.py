"""More endpoints than the catalog's, for a fleet of a given shape (``--endpoints N``).

The scale issue's steady state is "10,000 jobs (20 running) and 50 endpoints"; the
catalog has about fifteen. The others are replicas of the catalog's plain in-service
endpoints (same team, models, instance types and traffic pattern) under numbered names,
without the catalog's planted incidents, deployments or failures.
"""

from __future__ import annotations

from dataclasses import replace

from .catalog import TEMPLATES, EndpointTemplate


def _plain(tpl: EndpointTemplate) -> bool:
    return tpl.lifecycle == "InService" and not tpl.planted and tpl.shadow is None


def extra_endpoints(wanted: int | None, have: int) -> tuple[EndpointTemplate, ...]:
    """Templates for ``wanted - have`` more endpoints (none when ``wanted`` is None)."""
    if wanted is None or wanted <= have:
        return ()
    plain = [t for t in TEMPLATES if _plain(t)]
    out = []
    for n in range(wanted - have):
        tpl = plain[n % len(plain)]
        copy = n // len(plain) + 2
        out.append(replace(tpl, name=f"{tpl.name}-{copy:02d}", age_days=tpl.age_days + n % 7))
    return tuple(out)
