"""Cost over several sources: which session prices a resource, and unpriced resources.

**Whose prices.** Table rows and detail sections render without clients at hand; with
one source they price with the console's cost session (``smtui.services.cost.latest``).
A console over several sources (``--profile a,b --region x,y``) registers one
:class:`Place` per source (``use_places``, smtui/commands/fanout.py), and a resource is
then priced by the session of the source it lives in, told by its own ARN: its region
(the price list's region) and, when two sources share a region, its account
(:func:`session_of`). The ARN is on every item that carries a cost cell (training job
summaries, endpoints, DescribeTrainingJob), so merged rows, a source's child views, the
detail screens and confirmations all find the right session without the registry's
``row``/``detail`` signatures changing, and whatever source swept last does not matter.

**Unpriced.** A resource whose instance type (or serverless compute) has no price in its
region is unpriced, never $0: its charge has ``priced=False`` and, once localized by its
session, the note "no price for ml.m5.large in eu-west-1" (:func:`localize`); the views
show "—" with that reason, and the header and ``:cost`` count them (:func:`unpriced`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from smtui.domain.cost import Charge

if TYPE_CHECKING:
    from smtui.services.cost import CostSession

_LOCK = threading.Lock()


# --- a console over several sources ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Place:
    """One source of a console over several: its label (profile/region), its cost
    session (of its region) and its account (None until STS answered)."""

    label: str
    session: CostSession
    account: Callable[[], str | None] = lambda: None

    @property
    def region(self) -> str:
        return self.session.region


_PLACES: list[Place] = []


def use_places(found: Sequence[Place]) -> None:
    """The sources of the console this process runs ([]: one source)."""
    with _LOCK:
        _PLACES[:] = list(found)


def places() -> list[Place]:
    """The running console's sources; [] with one source. A console of one source
    started after a console over several (tests run many in one process) is told by
    its session: the latest one is none of the places'."""
    from smtui.services import cost as costs

    with _LOCK:
        found = list(_PLACES)
    if not found:
        return []
    latest = costs.latest()
    if latest is not None and all(p.session is not latest for p in found):
        use_places([])
        return []
    return found


ARN = re.compile(r"^arn:[^:]*:[^:]*:(?P<region>[^:]*):(?P<account>[^:]*):")
"""arn:partition:service:region:account-id:resource-... ("Amazon Resource Names (ARNs)",
AWS Identity and Access Management User Guide, "IAM identifiers": ARN format)."""


def session_of(arn: str | None) -> CostSession | None:
    """The session to price a resource with: with one source, the console's; with
    several, the session of the source the resource lives in (its ARN's region, and its
    account when sources share the region). None while that cannot be told (two accounts
    in one region before STS named them, or no ARN): a pending cell, never a wrong price."""
    from smtui.services import cost as costs

    found = places()
    if not found:
        return costs.latest()
    match = ARN.match(arn or "")
    if match is None:
        return None
    here = [p for p in found if p.region == match["region"]]
    if len(here) == 1:
        return here[0].session
    accounts = [(p, p.account()) for p in here]
    own = [p for p, account in accounts if account == match["account"]]
    if own:
        return own[0].session
    unknown = [p for p, account in accounts if account is None]
    return unknown[0].session if len(unknown) == 1 else None


def place_of(session: CostSession) -> Place | None:
    return next((p for p in places() if p.session is session), None)


# --- unpriced resources ---------------------------------------------------------------
NO_PRICE = re.compile(r"^no price known for (?P<types>.+)$")
"""The note smtui.domain.cost gives a charge for instance types it has no price for."""
NO_SERVERLESS = "no serverless price known"
"""... and for a serverless variant without a compute price."""
UNPRICED = re.compile(r"^no price for (?P<types>.+) in (?P<region>\S+)$")
SERVERLESS = "serverless"


def unpriced_note(types: Iterable[str], region: str) -> str:
    return f"no price for {', '.join(dict.fromkeys(types))} in {region}"


def localize(charge: Charge, region: str) -> Charge:
    """An unpriced charge's reason with its region: "no price for ml.m5.large in
    eu-west-1" (each type once). A priced charge is returned as it is."""
    if charge.priced or any(
        UNPRICED.match(n) or n == f"no price in {region}" for n in charge.notes
    ):
        return charge  # priced, or localized already
    notes: list[str] = []
    types: list[str] = []
    for note in charge.notes:
        match = NO_PRICE.match(note)
        if match is not None:
            types += match["types"].split(", ")
        elif note == NO_SERVERLESS:
            types.append(SERVERLESS)
        else:
            notes.append(note)
    reason = unpriced_note(types, region) if types else f"no price in {region}"
    return replace(charge, notes=(reason, *notes))


def reason(charge: Charge) -> str:
    """Why a charge has no (full) figure; "" when it is priced."""
    if charge.priced:
        return ""
    return next((n for n in charge.notes if n.startswith("no price")), "no price known")


def short_reason(charge: Charge) -> str:
    """The reason for a narrow cell: "no price in eu-west-1" (the types are beside it)."""
    why = reason(charge)
    match = UNPRICED.match(why)
    return f"no price in {match['region']}" if match is not None else why


def is_unpriced(charge: Charge) -> bool:
    """It ran (or runs) on something without a price: what it cost is not known."""
    return not charge.priced and bool(charge.segments)


def unpriced(charges: Iterable[Charge]) -> list[Charge]:
    return [c for c in charges if is_unpriced(c)]


def summary(charges: Iterable[Charge], most: int = 4) -> str:
    """The reasons of many unpriced charges in one line: "no price for ml.m5.large,
    ml.c5.2xlarge (+3 more) in eu-west-1" (at most ``most`` types named per region)."""
    by_region: dict[str, dict[str, None]] = {}
    other: dict[str, None] = {}
    for c in charges:
        why = reason(c)
        match = UNPRICED.match(why)
        if match is None:
            other[why] = None
            continue
        for t in match["types"].split(", "):
            by_region.setdefault(match["region"], {})[t] = None
    parts = []
    for region, types in by_region.items():
        names = list(types)
        more = f" (+{len(names) - most} more)" if len(names) > most else ""
        parts.append(f"no price for {', '.join(names[:most])}{more} in {region}")
    return "; ".join([*parts, *other])
