"""Triage over several sources: each source's own store (state file), so an
acknowledgement in one account never hides the same-named finding in another, across
restarts too; the view's summary names each source's notes. One source keeps
``triage.json``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from smtui.domain import triage as rules
from smtui.domain.triage import Finding
from smtui.services.settings import Settings
from smtui.services.sources import Source, cache_name
from smtui.services.triage import kind as triage_kind
from smtui.services.triage import monitor as monitors
from smtui.services.triage.collect import Collection
from smtui.services.triage.store import TriageStore, source_state_file, state_file

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
FAILED = Finding(
    "job-failed", "high", "training/bert", "AlgorithmError", NOW, "jobs", "bert", "Failed|t"
)


class FakeClients:
    def __init__(self, region: str, profile: str = "") -> None:
        self.region = region
        self.profile = profile


@pytest.fixture(autouse=True)
def no_console_left() -> Any:
    yield
    monitors.use_sources([])


def stores() -> tuple[TriageStore, TriageStore]:
    a = Source("a", "us-east-1")
    b = Source("b", "us-east-1")
    return TriageStore(source_state_file(cache_name(a))), TriageStore(
        source_state_file(cache_name(b))
    )


def test_each_source_has_its_own_file_and_one_source_keeps_triage_json() -> None:
    a, b = stores()
    assert a.path != b.path
    assert a.path.parent == b.path.parent == state_file().parent / "triage-by-source"
    assert a.path.name == f"{cache_name(Source('a', 'us-east-1'))}.json" == "a_us-east-1.json"
    assert TriageStore().path == state_file()
    assert state_file().name == "triage.json"


def test_an_acknowledgement_in_one_source_does_not_hide_the_other_across_restarts() -> None:
    a, b = stores()
    a.acknowledge([FAILED])
    b.fresh([FAILED])
    b.save()  # b saves after a: a's acknowledgement is not overwritten
    assert a.acks.visible([FAILED]) == []
    assert b.acks.visible([FAILED]) == [FAILED]
    a2, b2 = stores()  # a restart
    assert a2.acks.visible([FAILED]) == []
    assert b2.acks.visible([FAILED]) == [FAILED]
    assert not state_file().exists()  # the single-source file is nobody's here


def test_monitor_for_keeps_the_store_it_was_made_with() -> None:
    a_store, b_store = stores()
    a, b = FakeClients("us-east-1", "a"), FakeClients("us-east-1", "b")
    ma = monitors.monitor_for(a, Settings(), store=a_store)
    mb = monitors.monitor_for(b, Settings(), store=b_store)
    assert ma is not mb and ma.store is a_store and mb.store is b_store
    assert monitors.monitor_for(a, Settings()) is ma  # found again, same store
    assert monitors.store_for(a) is a_store and monitors.store_for(b) is b_store
    ma.acknowledge([FAILED])
    assert monitors.store_for(b).acks.visible([FAILED]) == [FAILED]
    assert monitors.store_for(FakeClients("eu-west-1")).path == state_file()


def monitor(hidden: int, problems: list[str], webhook: str = "") -> monitors.TriageMonitor:
    m = monitors.TriageMonitor(rules.Thresholds(), store=TriageStore())
    m.hidden = hidden
    m.last = Collection([], problems)
    m.sender.error = webhook
    return m


def test_summary_names_each_sources_notes() -> None:
    monitors.use_sources(
        [
            ("a/us-east-1", monitor(2, [], "HTTP 500")),
            ("a/eu-west-1", monitor(1, ["monitors (AccessDenied)"])),
        ]
    )
    text = triage_kind.summary([FAILED], NOW)
    assert text.startswith("1 high")
    assert "3 acknowledged (hidden until they change): 2 in a/us-east-1, 1 in a/eu-west-1" in text
    assert "not read: a/eu-west-1: monitors (AccessDenied)" in text
    assert "webhook: a/us-east-1: HTTP 500" in text


def test_summary_of_one_source_is_as_before() -> None:
    only = monitors.monitor_for(FakeClients("us-east-1"), Settings())
    only.hidden = 2
    assert triage_kind.summary([], NOW) == (
        "nothing wrong · 2 acknowledged (hidden until they change); :triage all shows them"
    )


def test_a_console_of_one_source_started_later_forgets_the_sources() -> None:
    monitors.use_sources([("a/us-east-1", monitor(1, []))])
    monitors.monitor_for(FakeClients("us-west-2"), Settings())
    assert monitors.sources() == []
