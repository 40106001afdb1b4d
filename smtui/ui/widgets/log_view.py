"""A CloudWatch Logs viewer any detail screen can embed: ``LogView(backend, source)``.

Pick the host (stream) with ``h`` / ``H``, follow new lines with ``f``, search the
buffer with ``/`` then ``n`` / ``N``, jump to the first error with ``e``. The buffer
keeps the last ``log_lines`` lines (a setting). Polls run in a thread worker, one at a
time, and only while the screen is the one on display.
"""

from __future__ import annotations

import time

from rich.segment import Segment
from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from smtui.domain.logs import LogLine, LogStreamInfo, clock, host_label, is_error
from smtui.domain.text import strip_controls
from smtui.services.backend import AwsError, Backend
from smtui.services.log_tail import Fetched, LogBuffer, LogTail, list_streams, stream_fetch
from smtui.services.registry import LogSource

FOLLOW_EVERY = 2.0
"""Seconds between polls while following (or the refresh interval, if shorter)."""
_STAMP = 9  # "HH:MM:SS "


class LogLines(ScrollView, can_focus=True):
    """The buffer's lines, painted through the Line API (only the rows on screen)."""

    COMPONENT_CLASSES = {
        "log-lines--time",
        "log-lines--error",
        "log-lines--match",
        "log-lines--current",
    }
    DEFAULT_CSS = """
    LogLines { height: 1fr; background: $surface; }
    LogLines > .log-lines--time { color: $text-muted; }
    LogLines > .log-lines--error { color: $text-error; }
    LogLines > .log-lines--match { background: $warning 40%; }
    LogLines > .log-lines--current { background: $accent 30%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.buffer: LogBuffer = LogBuffer(1)
        self.needle = ""
        self.current: int | None = None
        self._width = 0

    def show(self, buffer: LogBuffer, *, stick_to_end: bool) -> None:
        """Repaint after the buffer changed; keep the end in view when following."""
        at_end = self.scroll_offset.y >= self.max_scroll_y - 1
        # The first lines open at their end, followed or not: a finished job's logs end
        # in what the user came for (the traceback), as a log pager's +G.
        first = len(self.buffer) == 0 and self.current is None
        self.buffer = buffer
        if len(buffer):
            self._width = max(self._width, max(len(line.message) for line in buffer[-200:]))
        self.virtual_size = Size(self._width + _STAMP, len(buffer))
        if first or (stick_to_end and (at_end or self.current is None)):
            # After the new virtual size is laid out, or the old height caps the scroll.
            self.call_after_refresh(self.scroll_end, animate=False)
        self.refresh()

    def go_to(self, index: int) -> None:
        self.current = index
        self.call_after_refresh(self.scroll_to, y=max(0, index - 2), animate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        if index >= len(self.buffer):
            return Strip.blank(width, base)
        line = self.buffer[index]
        style = base
        if index == self.current:
            style = style + self.get_component_rich_style("log-lines--current")
        # A log line may carry escape sequences (coloured output): never to the terminal.
        message = strip_controls(line.message.replace("\t", "    "), keep_lines=False)
        text_style = (
            style + self.get_component_rich_style("log-lines--error")
            if is_error(message)
            else style
        )
        segments = [
            Segment(
                clock(line.timestamp) + " ",
                style + self.get_component_rich_style("log-lines--time"),
            )
        ]
        segments += _highlighted(
            message, self.needle, text_style, self.get_component_rich_style("log-lines--match")
        )
        strip = Strip(segments)
        x = int(self.scroll_offset.x)
        return strip.crop(x, x + width).extend_cell_length(width, style)


def _highlighted(message: str, needle: str, style: Style, match: Style) -> list[Segment]:
    if not needle:
        return [Segment(message, style)]
    out: list[Segment] = []
    lower, low_needle, start = message.lower(), needle.lower(), 0
    while True:
        at = lower.find(low_needle, start)
        if at < 0:
            out.append(Segment(message[start:], style))
            return out
        out.append(Segment(message[start:at], style))
        out.append(Segment(message[at : at + len(needle)], style + match))
        start = at + len(needle)


class LogView(Vertical):
    """Header line, the lines, and a search box that opens with ``/``."""

    DEFAULT_CSS = """
    LogView { height: 60vh; min-height: 8; border-top: solid $panel; }
    LogView > #log-status { height: 1; color: $text-muted; }
    LogView > #log-search { height: 1; border: none; padding: 0 1; display: none; }
    LogView > #log-search.-open { display: block; }
    """
    BINDINGS = [
        Binding("f", "follow", "Follow", id="logs.follow"),
        Binding("slash", "search", "Search logs", id="logs.search"),
        Binding("n", "find(1)", "Next match", id="logs.next", show=False),
        Binding("N", "find(-1)", "Prev match", id="logs.prev", show=False),
        Binding("e", "first_error", "First error", id="logs.first_error"),
        Binding("h", "host(1)", "Next host", id="logs.host"),
        Binding("H", "host(-1)", "Prev host", id="logs.prev_host", show=False),
        Binding("escape", "close_search", "Close search", id="logs.close_search", show=False),
    ]

    class StreamsLoaded(Message):
        def __init__(self, streams: list[LogStreamInfo] | None, error: AwsError | None) -> None:
            super().__init__()
            self.streams = streams
            self.error = error

    class LinesFetched(Message):
        def __init__(self, stream: str, fetched: Fetched | None, error: AwsError | None) -> None:
            super().__init__()
            self.stream = stream
            self.fetched = fetched
            self.error = error

    def __init__(self, backend: Backend, source: LogSource) -> None:
        super().__init__()
        self.backend = backend
        self.source = source
        self.following = source.follow
        self.streams: list[LogStreamInfo] = []
        self.stream_index = 0
        self.tail: LogTail | None = None
        self.tail_stream: str | None = None
        self.error: AwsError | None = None
        self.busy = False
        self.listed = False
        self._listed_at = 0.0
        self.matches = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="log-status", markup=False)
        yield LogLines()
        yield Input(placeholder="search these lines (enter finds, esc closes)", id="log-search")

    @property
    def lines(self) -> LogLines:
        return self.query_one(LogLines)

    @property
    def stream(self) -> str | None:
        return self.streams[self.stream_index].name if self.streams else None

    def on_mount(self) -> None:
        every = min(FOLLOW_EVERY, self.backend.settings.refresh_interval)
        self.set_interval(every, self._tick)
        self._update_status()
        self._list_streams()

    # --- polling ------------------------------------------------------------------
    @property
    def on_display(self) -> bool:
        """On the screen on display (a modal over it counts): hidden viewers never poll."""
        stack = self.app.screen_stack
        screen = self.screen
        if stack and stack[-1] is screen:
            return True
        return len(stack) >= 2 and stack[-2] is screen and isinstance(stack[-1], ModalScreen)

    def _tick(self) -> None:
        if self.busy or not self.on_display:
            return
        if not self.streams:
            # The job has not written anything yet: look again each refresh interval.
            due = time.monotonic() - self._listed_at >= self.backend.settings.refresh_interval
            if (self.following and due) or not self.listed:
                self._list_streams()
            return
        if self.following:
            self._poll()

    def _list_streams(self) -> None:
        if self.busy:
            return
        self.busy = True
        self._listed_at = time.monotonic()
        self._fetch_streams()

    @work(thread=True, group="log-streams", exit_on_error=False)
    def _fetch_streams(self) -> None:
        try:
            streams = list_streams(
                self.backend.clients, self.source.group, self.source.stream_prefix
            )
        except AwsError as exc:
            self.post_message(self.StreamsLoaded(None, exc))
        else:
            self.post_message(self.StreamsLoaded(streams, None))

    @on(StreamsLoaded)
    def _streams_loaded(self, message: StreamsLoaded) -> None:
        self.busy = False
        self.listed = True
        if message.error is not None:
            self.error = message.error
            self._update_status()
            return
        current = self.stream
        self.streams = message.streams or []
        names = [s.name for s in self.streams]
        self.stream_index = names.index(current) if current in names else 0
        self.error = None
        if self.streams and (self.tail is None or current != self.stream):
            self._open_stream()
        self._update_status()

    def _open_stream(self) -> None:
        stream = self.stream
        if stream is None:
            return
        fetch = stream_fetch(self.backend.clients, self.source.group, stream)
        self.tail = LogTail(fetch, self.backend.settings.log_lines)
        self.tail_stream = stream
        self.lines.current = None
        self.lines.show(self.tail.buffer, stick_to_end=True)
        self._poll()

    def _poll(self) -> None:
        if self.busy or self.tail is None or self.stream is None:
            return
        self.busy = True
        self._fetch_lines(self.tail, self.stream)

    @work(thread=True, group="log-poll", exit_on_error=False)
    def _fetch_lines(self, tail: LogTail, stream: str) -> None:
        try:
            fetched = tail.fetch()
        except AwsError as exc:
            self.post_message(self.LinesFetched(stream, None, exc))
        except Exception as exc:  # a bad response never takes the screen down
            self.post_message(
                self.LinesFetched(stream, None, AwsError(type(exc).__name__, str(exc)))
            )
        else:
            self.post_message(self.LinesFetched(stream, fetched, None))

    @on(LinesFetched)
    def _lines_fetched(self, message: LinesFetched) -> None:
        self.busy = False
        if message.stream != self.stream or self.tail is None:
            self._open_stream()  # the user picked another host meanwhile: open it now
            return
        if message.error is not None:
            self.error = message.error
        elif message.fetched is not None:
            self.error = None
            if message.fetched.lines or message.fetched.reset:
                self.tail.apply(message.fetched)
                if self.lines.current is not None and message.fetched.reset:
                    self.lines.current = None
                self.lines.show(self.tail.buffer, stick_to_end=self.following)
        self._update_status()

    def update_source(self, source: LogSource) -> None:
        """The detail re-rendered: a job that finished stops being followed (after one
        last poll for its final lines)."""
        if source.follow == self.source.follow:
            return
        self.source = source
        if not source.follow and self.following:
            self._poll()
            self.following = False
            self._update_status()

    # --- keys ---------------------------------------------------------------------
    def action_follow(self) -> None:
        self.following = not self.following
        if self.following:
            self.lines.current = None
            if self.tail is not None:
                self.lines.show(self.tail.buffer, stick_to_end=True)
            self._tick()
        self._update_status()

    def action_host(self, step: int) -> None:
        if len(self.streams) < 2:
            self.notify("This job has one host", severity="information")
            return
        self.stream_index = (self.stream_index + step) % len(self.streams)
        if not self.busy:  # else the poll in flight ends first, then this host opens
            self._open_stream()
        self._update_status()

    def action_search(self) -> None:
        box = self.query_one("#log-search", Input)
        box.add_class("-open")
        box.focus()

    @on(Input.Submitted, "#log-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.lines.needle = event.value
        self.query_one("#log-search", Input).remove_class("-open")
        self.lines.focus()
        self._find(1, start_here=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_search":  # else esc goes on to the screen (back)
            return self.query_one("#log-search", Input).has_class("-open")
        return True

    def action_close_search(self) -> None:
        self.query_one("#log-search", Input).remove_class("-open")
        self.lines.focus()

    def action_find(self, step: int) -> None:
        self._find(step, start_here=False)

    def _find(self, step: int, *, start_here: bool) -> None:
        lines = self.lines
        buffer = lines.buffer
        needle = lines.needle
        if not needle:
            self.action_search()
            return
        self.matches = sum(1 for line in buffer if needle.lower() in line.message.lower())
        if lines.current is None:
            start = len(buffer) - 1 if step < 0 else 0
        else:
            start = lines.current + (0 if start_here else step)
        found = buffer.find(needle, start, backward=step < 0)
        if found is None:
            self.notify(f"No line contains {needle!r}", severity="warning")
        else:
            self.following = False
            lines.go_to(found)
        lines.refresh()
        self._update_status()

    def action_first_error(self) -> None:
        buffer = self.lines.buffer
        index = buffer.first_error()
        if index is None:
            self.notify("No error in these lines", severity="information")
            return
        self.following = False
        self.lines.go_to(index)
        self._update_status()

    # --- status line ----------------------------------------------------------------
    def _update_status(self) -> None:
        parts = []
        if self.streams:
            label = host_label(self.streams[self.stream_index].name, self.source.stream_prefix)
            parts.append(f"{label} ({self.stream_index + 1}/{len(self.streams)})")
        elif self.listed:
            parts.append("no log streams yet" if self.following else "no log streams")
        else:
            parts.append("loading…")
        parts.append("following" if self.following else "paused")
        if self.tail is not None:
            buffer = self.tail.buffer
            dropped = f" (+{buffer.dropped} dropped)" if buffer.dropped else ""
            parts.append(f"{len(buffer)} lines{dropped}")
        if self.lines.needle:
            parts.append(f"/{self.lines.needle}: {self.matches} found")
        if self.error is not None:
            parts.append(f"⚠ {self.error}")
        parts.append(self.source.group)
        self.query_one("#log-status", Static).update(" · ".join(parts))

    def focus_lines(self) -> None:
        self.lines.focus(scroll_visible=False)


__all__ = ["LogLine", "LogLines", "LogView"]
