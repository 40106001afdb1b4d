"""smtui.services.gaps: notes go to the listing running in this thread, and only while
its step runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from smtui.aws.errors import AwsError
from smtui.services import gaps

DENIED = AwsError("AccessDeniedException", "no", "GetMetricData")


def test_notes_outside_a_collection_go_nowhere() -> None:
    gaps.note("metric columns", DENIED)  # no listing running: nothing to tell, no error
    with gaps.collecting() as found:
        pass
    assert found == []


def test_a_note_names_where_and_the_error_once() -> None:
    with gaps.collecting() as found:
        gaps.note("metric columns", DENIED)
        gaps.note("metric columns", DENIED)
    assert [str(g) for g in found] == ["metric columns: AccessDeniedException (GetMetricData): no"]
    assert gaps.banner(["a: b"]) == "⚠ Not loaded: a: b. The rest is current."


def test_pages_collect_each_step_and_not_the_callers() -> None:
    def source() -> Iterator[int]:
        gaps.note("first", DENIED)
        yield 1
        gaps.note("second", DENIED)
        yield 2

    found: list[gaps.Gap] = []
    seen = []
    for page in gaps.pages(source(), found):
        gaps.note("the caller's own", DENIED)  # not part of the listing
        seen.append(page)
    assert seen == [1, 2]
    assert [g.where for g in found] == ["first", "second"]


def test_threads_keep_their_own_notes() -> None:
    other: list[gaps.Gap] = []
    ready, done = threading.Event(), threading.Event()

    def worker() -> None:
        with gaps.collecting(other):
            ready.set()
            done.wait(5)
            gaps.note("worker", DENIED)

    thread = threading.Thread(target=worker)
    thread.start()
    ready.wait(5)
    with gaps.collecting() as mine:
        gaps.note("main", DENIED)
        done.set()
        thread.join(5)
    assert [g.where for g in mine] == ["main"]
    assert [g.where for g in other] == ["worker"]
