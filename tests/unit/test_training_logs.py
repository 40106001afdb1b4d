"""The log tail: bounded buffer, following with forward tokens, search, first error."""

from __future__ import annotations

import pytest

from smtui.domain.logs import EventsPage, LogLine, find, first_error, host_label, is_error, merge
from smtui.services.log_tail import LogBuffer, LogTail


def lines(*messages: str, start: int = 0) -> list[LogLine]:
    return [LogLine(1_000 * (start + n), m, "s") for n, m in enumerate(messages)]


def test_the_buffer_keeps_only_the_last_n_lines() -> None:
    buffer = LogBuffer(3)
    assert buffer.extend(lines("a", "b")) == 0
    assert buffer.extend(lines("c", "d", "e")) == 2
    assert [line.message for line in buffer] == ["c", "d", "e"]
    assert len(buffer) == 3 and buffer.dropped == 2 and buffer[-1].message == "e"
    buffer.extend(LogLine(n, "x" * 100) for n in range(100_000))  # a chatty job
    assert len(buffer) == 3 and buffer.dropped == 100_002
    with pytest.raises(ValueError):
        LogBuffer(0)


class Stream:
    """A fake GetLogEvents with CloudWatch's token rules."""

    def __init__(self) -> None:
        self.events: list[LogLine] = []
        self.calls: list[tuple[str | None, bool, int]] = []

    def write(self, *messages: str) -> None:
        self.events += lines(*messages, start=len(self.events))

    def __call__(self, token: str | None, head: bool, limit: int) -> EventsPage:
        self.calls.append((token, head, limit))
        if token is None:
            page = self.events[:limit] if head else self.events[-limit:]
            start = self.events.index(page[0]) if page else 0
        else:
            start = int(token[2:])
            page = self.events[start : start + limit]
        after = start + len(page)
        forward = token if (token and not page) else f"f/{after}"
        return EventsPage(tuple(page), forward, f"b/{start}")


def test_the_tail_loads_the_newest_lines_then_follows_the_forward_token() -> None:
    stream = Stream()
    stream.write(*[f"line {n}" for n in range(10)])
    tail = LogTail(stream, max_lines=4)
    assert [line.message for line in tail.poll()] == ["line 6", "line 7", "line 8", "line 9"]
    assert stream.calls[0] == (None, False, 4)  # from the tail, at most the buffer's size
    assert tail.poll() == []  # nothing new: CloudWatch returned the same token
    stream.write("line 10", "line 11")
    assert [line.message for line in tail.poll()] == ["line 10", "line 11"]
    assert [line.message for line in tail.buffer] == ["line 8", "line 9", "line 10", "line 11"]
    assert tail.buffer.dropped == 2
    assert stream.calls[-1][1] is True  # a forward token is read with startFromHead


def test_one_poll_reads_a_few_pages_at_most() -> None:
    stream = Stream()
    tail = LogTail(stream, max_lines=2, max_pages=3)
    tail.poll()
    stream.write(*[f"n{n}" for n in range(20)])
    new = tail.poll()
    assert len(stream.calls) == 4 and [line.message for line in new] == ["n4", "n5"]
    assert [line.message for line in tail.poll()] == ["n10", "n11"]


def test_fetch_and_apply_split_the_network_from_the_buffer() -> None:
    stream = Stream()
    stream.write("a", "b")
    tail = LogTail(stream, max_lines=10)
    fetched = tail.fetch()
    assert fetched.reset and len(tail.buffer) == 0  # nothing touched the buffer yet
    tail.apply(fetched)
    assert [line.message for line in tail.buffer] == ["a", "b"]


def test_first_error_finds_tracebacks_error_levels_and_exceptions() -> None:
    text = [
        "2026-11-26 12:00:00,000 sagemaker-training-toolkit INFO     Invoking user script",
        "{'loss': 0.5, 'epoch': 1.0}",
        'ErrorMessage "is not an error line by itself"',
        "Traceback (most recent call last):",
        "torch.cuda.OutOfMemoryError: CUDA out of memory.",
    ]
    assert first_error(lines(*text)) == 3
    assert is_error("2026-11-26 12:00:00,000 sagemaker-training-toolkit ERROR    Reporting")
    assert is_error("ValueError: could not convert string to float: 'yes'")
    assert is_error("raise Exception('boom')")
    assert not is_error("no errors so far, 0 exceptions")
    assert first_error(lines("all", "good")) is None


def test_find_wraps_around_in_both_directions_and_ignores_case() -> None:
    buffer = lines("alpha", "Beta", "gamma", "beta two")
    assert find(buffer, "beta") == 1
    assert find(buffer, "beta", start=2) == 3
    assert find(buffer, "BETA", start=3 + 1) == 3  # start past the end is clamped
    assert find(buffer, "alpha", start=1) == 0  # wraps
    assert find(buffer, "beta", start=2, backward=True) == 1
    assert find(buffer, "delta") is None and find([], "x") is None and find(buffer, "") is None


def test_host_labels_and_merging_streams_by_time() -> None:
    assert host_label("job/algo-2-1764158400", "job/") == "algo-2"
    assert host_label("other/stream") == "stream"
    a = [LogLine(1, "a1", "a"), LogLine(3, "a3", "a")]
    b = [LogLine(2, "b2", "b"), LogLine(3, "b3", "b")]
    assert [line.message for line in merge(a, b)] == ["a1", "b2", "a3", "b3"]
