"""Where a price comes from: the Price List API, cached on disk, else the bundled table.

``lookup`` never blocks (rows render with it); ``ensure`` fetches what is missing, in a
worker thread: one GetProducts call per instance type and region (every component of
the type comes back at once), kept in memory and on disk (the user cache directory,
0600 files, like the describe cache) for :data:`TTL_SECONDS`. When the API refuses
(access denied, no answer, not served by the endpoint) the book falls back to the
bundled table for the session and says so; it asks again after :data:`RETRY_SECONDS`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from smtui.aws import pricing as api
from smtui.aws.errors import AwsError
from smtui.domain.cost import SOURCE_API, Price, Use
from smtui.domain.pricing import BundledTable, parse_price_item
from smtui.services.atomic import write_private

TTL_SECONDS = 7 * 86400.0
"""List prices change rarely; a week-old answer is still the price."""
RETRY_SECONDS = 600.0
DATA_FILE = "sagemaker_prices.json"


@cache
def bundled_table() -> BundledTable:
    """The table shipped in the package (smtui/data/), parsed once."""
    text = resources.files("smtui").joinpath("data", DATA_FILE).read_text("utf-8")
    return BundledTable.from_data(json.loads(text))


class PriceBook:
    """Prices for one console session (thread-safe)."""

    def __init__(self, cache_dir: Path | None, *, clock: Callable[[], float] = time.time) -> None:
        self.table = bundled_table()
        self.cache_dir = cache_dir
        self._clock = clock
        self._lock = threading.Lock()
        self._live: dict[tuple[str, str], dict[str, float]] = {}
        """(region, instance type) -> use -> USD per hour, from the API ({}: not listed)."""
        self._fetched_at: dict[tuple[str, str], float] = {}
        self._loaded_regions: set[str] = set()
        self.refused: str | None = None
        """Why the API is not used right now (the error as AWS said it), or None."""
        self._refused_at = 0.0
        self._any_of = True
        self.api_calls = 0

    # --- reading (never blocks on the network) ----------------------------------------------
    def lookup(self, region: str, instance_type: str, use: Use) -> Price | None:
        with self._lock:
            live = self._live.get((region, instance_type))
        if live and use in live:
            return Price(live[use], SOURCE_API)
        return self.table.instances.get((region, instance_type, use))

    def price_of(self, region: str, use: Use) -> Callable[[str], Price | None]:
        return lambda instance_type: self.lookup(region, instance_type, use)

    def storage(self, region: str) -> Price | None:
        """ML storage, USD per GB-month (bundled: the Price List products of storage are
        not fetched)."""
        return self.table.storage.get(region)

    def serverless(self, region: str) -> Price | None:
        """Serverless inference compute, USD per GB-second (bundled)."""
        return self.table.serverless.get(region)

    @property
    def source_label(self) -> str:
        """What the UI says about where prices come from."""
        if self.refused:
            dates = sorted({p.source for p in self.table.instances.values()})
            code = self.refused.split(":", 1)[0]
            return f"{dates[0] if dates else 'bundled table'}, price list API refused: {code}"
        return SOURCE_API

    # --- fetching (worker threads) -----------------------------------------------------------
    def ensure(
        self,
        clients: Any,
        region: str,
        instance_types: Iterable[str],
        *,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        """Fetch the API prices of these types that are not known yet (or are stale)."""
        self._load_disk(region)
        now = self._clock()
        if self.refused and now - self._refused_at < RETRY_SECONDS:
            return
        wanted = []
        with self._lock:
            for t in dict.fromkeys(instance_types):
                fetched = self._fetched_at.get((region, t))
                if t and (fetched is None or now - fetched > TTL_SECONDS):
                    wanted.append(t)
        changed = False
        groups = api.batches(wanted) if self._any_of else [[t] for t in wanted]
        while groups:
            group = groups.pop(0)
            if cancelled():
                break
            try:
                self.api_calls += 1
                items = api.instance_products(clients, region, group, cancelled=cancelled)
            except AwsError as exc:
                if exc.is_throttle:
                    break  # try again next time
                if len(group) > 1 and exc.code in (
                    "InvalidParameterException",
                    "ValidationException",
                ):
                    self._any_of = False  # an endpoint without ANY_OF: one type a call
                    groups = [[t] for g in [group, *groups] for t in g]
                    continue
                with self._lock:
                    self.refused = f"{exc.code}: {exc.message}"[:160]
                    self._refused_at = now
                break
            prices: dict[str, dict[str, float]] = {t: {} for t in group}
            for item in items:
                listed = parse_price_item(item)
                if (
                    listed is not None
                    and listed.region == region
                    and listed.instance_type in prices
                ):
                    prices[listed.instance_type].setdefault(listed.use, listed.usd_per_hour)
            with self._lock:
                for instance_type, uses in prices.items():
                    self._live[(region, instance_type)] = uses
                    self._fetched_at[(region, instance_type)] = now
                self.refused = None
            changed = True
        if changed:
            self._save_disk(region)

    # --- disk cache -----------------------------------------------------------------------
    def _path(self, region: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"sagemaker-{region}.json"

    def _load_disk(self, region: str) -> None:
        with self._lock:
            if region in self._loaded_regions:
                return
            self._loaded_regions.add(region)
        path = self._path(region)
        if path is None or not path.exists():
            return
        try:
            data = json.loads(path.read_text("utf-8"))
            entries = data["prices"]
        except (OSError, ValueError, KeyError, TypeError):
            return
        now = self._clock()
        with self._lock:
            for instance_type, entry in entries.items():
                fetched = float(entry.get("fetched", 0))
                if now - fetched > TTL_SECONDS:
                    continue
                uses = {str(k): float(v) for k, v in (entry.get("uses") or {}).items()}
                self._live[(region, instance_type)] = uses
                self._fetched_at[(region, instance_type)] = fetched

    def _save_disk(self, region: str) -> None:
        path = self._path(region)
        if path is None:
            return
        with self._lock:
            entries = {
                t: {"fetched": self._fetched_at[(r, t)], "uses": uses}
                for (r, t), uses in self._live.items()
                if r == region
            }
        try:
            write_private(path, json.dumps({"service": api.SERVICE_CODE, "prices": entries}))
        except OSError:
            pass  # an unwritable cache only costs the calls again next start
