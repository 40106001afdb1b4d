"""`smtui serve --sandbox` opened in headless Chromium: the training jobs view renders.

How the check reads the screen: textual-serve draws the terminal with xterm.js on a
canvas, so the page's DOM holds no text (``--dump-dom`` shows nothing useful). The test
drives Chromium over the DevTools protocol instead and, before the page loads, adds a
script that keeps a reference to the xterm.js ``Terminal`` the page creates (a setter
for the ``terminal`` property: textual-serve's code does ``this.terminal = new
Terminal(...)``). It then reads the rows of the terminal's active buffer, which is what
xterm.js parsed from the console's output and paints: the view title, the header and
the rows. A key typed into the page (``?``) must open the help, so input goes back too.
Google Fonts (linked by textual-serve's page) is blocked so nothing leaves the host.
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

KEEP_TERMINAL = """
window.__smtuiTerminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && typeof value.write === "function") {
      window.__smtuiTerminals.push(value);
    }
  },
});
window.__smtuiScreen = () => {
  const term = window.__smtuiTerminals[0];
  if (!term) return "";
  const buffer = term.buffer.active;
  const lines = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
};
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _first_line(stream: Any, pattern: str, timeout: float) -> str:
    """The first line of a process's output containing ``pattern`` (in a thread: no hang)."""
    found: list[str] = []
    seen: list[str] = []

    def read() -> None:
        for line in stream:
            seen.append(line)
            if pattern in line:
                found.append(line.strip())
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    if not found:
        raise AssertionError(f"{pattern!r} not printed in {timeout}s: {''.join(seen)[-2000:]}")
    return found[0]


def _stop(process: subprocess.Popen[str]) -> None:
    """Stop a process this test started and everything it started (its own session)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


class DevTools:
    """A minimal DevTools protocol client over one flattened page session."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0
        self.session: str | None = None

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        await self.ws.send_json(message)
        while True:
            reply = await asyncio.wait_for(self.ws.receive_json(), 30)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    async def screen(self) -> str:
        result = await self.send(
            "Runtime.evaluate", expression="window.__smtuiScreen()", returnByValue=True
        )
        return str(result.get("result", {}).get("value") or "")

    async def wait_screen(self, *texts: str, timeout: float = 40) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = await self.screen()
            if all(text in screen for text in texts):
                return screen
            await asyncio.sleep(0.25)
        raise AssertionError(f"{texts} not on the page's terminal:\n{screen}")


async def _drive(browser_ws: str, url: str, shot: Path) -> tuple[str, str]:
    import aiohttp

    async with aiohttp.ClientSession() as http, http.ws_connect(browser_ws, max_msg_size=0) as ws:
        tools = DevTools(ws)
        target = await tools.send("Target.createTarget", url="about:blank")
        attached = await tools.send(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        tools.session = attached["sessionId"]
        await tools.send("Network.enable")
        await tools.send(
            "Network.setBlockedURLs", urls=["*fonts.googleapis.com*", "*fonts.gstatic.com*"]
        )
        await tools.send("Page.enable")
        await tools.send("Page.addScriptToEvaluateOnNewDocument", source=KEEP_TERMINAL)
        await tools.send("Page.navigate", url=url)
        jobs = await tools.wait_screen("Training jobs", "[200]", "NAME", "STATUS", "123456789012")
        png = await tools.send("Page.captureScreenshot", format="png")
        shot.write_bytes(base64.b64decode(png["data"]))
        await tools.send("Runtime.evaluate", expression="window.__smtuiTerminals[0].focus()")
        await tools.send("Input.dispatchKeyEvent", type="keyDown", key="?", text="?")
        await tools.send("Input.dispatchKeyEvent", type="keyUp", key="?")
        keys = await tools.wait_screen("Binding id", "app.help")
        return jobs, keys


def test_serve_renders_training_jobs_in_chromium(tmp_path: Path) -> None:
    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "smtui", "serve", "--sandbox", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    browser = None
    try:
        assert _first_line(serve.stdout, "http://", 30) == f"http://127.0.0.1:{port}"
        browser = subprocess.Popen(
            [
                str(CHROMIUM),
                *FLAGS,
                f"--user-data-dir={tmp_path / 'chromium'}",
                "--remote-debugging-port=0",
                "--window-size=1280,800",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        line = _first_line(browser.stderr, "DevTools listening on", 30)
        browser_ws = line.split("DevTools listening on", 1)[1].strip()
        shot = tmp_path / "browser.png"
        jobs, keys = asyncio.run(_drive(browser_ws, f"http://127.0.0.1:{port}/", shot))
    finally:
        if browser is not None:
            _stop(browser)
        _stop(serve)
    lines = jobs.splitlines()
    assert any(line.strip().startswith("Training jobs  [200]") for line in lines), jobs
    assert any("NAME" in line and "STATUS" in line and "CREATED" in line for line in lines)
    assert "sandbox" in lines[0] and "us-east-1" in lines[0]
    assert "jobs.stop" in keys
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
