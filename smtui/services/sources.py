"""Many accounts and regions: the console fans out over sources.

A :class:`Source` is one (profile, region) pair with its own backend (clients, identity,
action guard and audit context, describe cache); ``--profile a,b --region x,y`` makes
the cross product. A list view polls each source in its own worker and merges the rows:
with more than one source, each row's key is prefixed with its source (so keys stay
unique and the row's detail, actions and children reach the row's own source) and the
row gains ACCOUNT and REGION cells. With one source nothing changes: keys, columns and
rows are exactly the single-source ones.

A source that cannot even be built (an unknown profile) carries its ``failure``; its
polls yield that error, shown beside the other sources' rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from smtui.aws.errors import AwsError, to_aws_error
from smtui.aws.stats import StatsSnapshot
from smtui.domain.timefmt import utcnow
from smtui.services import refresh
from smtui.services.backend import Backend
from smtui.services.registry import Column, ResourceKind
from smtui.services.table_index import TableRow

SOURCE_COLUMNS = (Column("ACCOUNT", 12), Column("REGION", 14))
"""Prepended to a kind's columns when a view merges more than one source."""


def split_names(text: str | Sequence[str] | None) -> list[str]:
    """`a,b , c` (or a list) -> ["a", "b", "c"]: blanks dropped, order kept, no repeats."""
    if text is None:
        return []
    parts = text.split(",") if isinstance(text, str) else [str(p) for p in text]
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def pairs(profiles: Sequence[str | None], regions: Sequence[str | None]) -> list[tuple[Any, Any]]:
    """The cross product, profile-major: (a, x), (a, y), (b, x), (b, y)."""
    return [(p, r) for p in (profiles or [None]) for r in (regions or [None])]


@dataclass(slots=True)
class Source:
    """One (profile, region) pair: its backend, or why it could not be built."""

    profile: str
    region: str
    backend: Backend | None = None
    failure: AwsError | None = None

    @property
    def label(self) -> str:
        """profile/region, e.g. ``prod/eu-west-1``: the prefix of its rows' keys."""
        return f"{self.profile}/{self.region}"

    @property
    def account(self) -> str:
        identity = self.backend.identity if self.backend is not None else None
        return identity.account if identity is not None else "…"

    def key(self, key: str) -> str:
        return f"{self.label}:{key}"

    def explain(self, error: AwsError) -> str:
        """The error in one line, naming the source: "profile b (eu-west-1): ..."."""
        text = self.backend.explain(error) if self.backend is not None else str(error)
        return f"profile {self.profile} ({self.region}): {text}"

    def fetch_identity(self) -> None:
        """STS GetCallerIdentity for the ACCOUNT column and the audit log; a failure is
        left to the polls to report."""
        if self.backend is not None and self.backend.identity is None:
            try:
                self.backend.fetch_identity()
            except AwsError:
                pass


@dataclass(slots=True)
class Sources:
    sources: tuple[Source, ...]
    _by_label: dict[str, Source] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_label = {s.label: s for s in self.sources}

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    @property
    def multi(self) -> bool:
        return len(self.sources) > 1

    @property
    def working(self) -> list[Source]:
        return [s for s in self.sources if s.backend is not None]

    def summary(self) -> str:
        """For the header: "2 profiles × 2 regions" (or "3 profiles", "2 regions")."""
        profiles = len(dict.fromkeys(s.profile for s in self.sources))
        regions = len(dict.fromkeys(s.region for s in self.sources))
        parts = [
            f"{n} {word}{'s' if n != 1 else ''}"
            for n, word in ((profiles, "profile"), (regions, "region"))
        ]
        if profiles > 1 and regions > 1:
            return " × ".join(parts)
        return parts[0] if profiles > 1 else parts[1]

    def stats(self) -> StatsSnapshot:
        """API calls of every source together (each has its own clients and budget)."""
        snaps = [s.backend.clients.stats.snapshot() for s in self.sources if s.backend]
        return StatsSnapshot(
            calls=sum(s.calls for s in snaps),
            errors=sum(s.errors for s in snaps),
            throttles=sum(s.throttles for s in snaps),
            last_error=next((s.last_error for s in snaps if s.last_error), None),
            per_minute=sum(s.per_minute for s in snaps),
        )

    def split(self, key: str) -> tuple[Source, str] | None:
        """(source, the key within it) of a merged row's key; None for a foreign key."""
        label, sep, rest = key.partition(":")
        while sep:
            source = self._by_label.get(label)
            if source is not None:
                return source, rest
            more, sep, rest = rest.partition(":")  # a profile name with a colon
            label = f"{label}:{more}"
        return None


# --- merged rows -----------------------------------------------------------------
def source_row(source: Source, row: TableRow) -> TableRow:
    """A row of a merged view: the source's key prefix, ACCOUNT and REGION cells."""
    account = source.account
    return TableRow(
        key=source.key(row.key),
        cells=((account, "muted"), source.region, *row.cells),
        sort_values=(account, source.region, *row.sort_values),
        search_text=f"{row.search_text} {source.profile} {account} {source.region}",
    )


def merged_columns(kind: ResourceKind, regions: Sequence[str] = ()) -> tuple[Column, ...]:
    """ACCOUNT and REGION (as wide as the longest region named), then the kind's own."""
    account, region = SOURCE_COLUMNS
    width = max((len(r) for r in regions), default=region.width)
    return (account, replace(region, width=max(len(region.label), width)), *kind.columns)


def merged_sort(kind: ResourceKind) -> tuple[int, bool] | None:
    if kind.default_sort is None:
        return None
    column, reverse = kind.default_sort
    return column + len(SOURCE_COLUMNS), reverse


def poll(
    kind: ResourceKind,
    source: Source,
    params: dict[str, Any],
    *,
    cancelled: Callable[[], bool] = lambda: False,
    now: Callable[[], datetime] = utcnow,
    enriched: refresh.Enriched | None = None,
    since: datetime | None = None,
) -> Iterator[refresh.Batch]:
    """One source's poll (:func:`smtui.services.refresh.poll`) as merged-view batches:
    keys prefixed, ACCOUNT/REGION cells; items stay the kind's own. A source that could
    not be built yields its failure (the view keeps its last rows and names it)."""
    if source.backend is None:
        failure = source.failure or AwsError("NoSource", "this source could not be set up")
        yield refresh.Batch(items=[], rows=[], done=True, error=failure, at=now())
        return
    try:
        for batch in refresh.poll(
            kind,
            source.backend.clients,
            params,
            cancelled=cancelled,
            now=now,
            enriched=enriched,
            since=since,
        ):
            yield tag(source, batch)
    except Exception as exc:  # never let one source's surprise end the others' polls
        yield refresh.Batch(items=[], rows=[], done=True, error=to_aws_error(exc), at=now())


def tag(source: Source, batch: refresh.Batch) -> refresh.Batch:
    return replace(
        batch,
        rows=[source_row(source, r) for r in batch.rows],
        seen=None if batch.seen is None else frozenset(source.key(k) for k in batch.seen),
        removed=frozenset(source.key(k) for k in batch.removed),
    )


SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def cache_name(source: Source) -> str:
    """A directory name for the source's describe cache (its own: the same job name in
    two accounts must not share an entry)."""
    return SAFE.sub("_", f"{source.profile}@{source.region}")
