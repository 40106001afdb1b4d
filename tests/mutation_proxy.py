"""A loopback HTTP proxy in front of the sandbox that fails mutating requests.

Reads pass through. A mutating request (by its operation's name, as smtui decides it:
smtui.aws.mutations.is_read_only) is counted, then, by ``mode``:

- ``"refuse500"``: answered 500 InternalFailure without forwarding it;
- ``"forward500"``: forwarded to the sandbox (which applies it), then answered 500;
- ``"forward-reset"``: forwarded, then the connection is closed with no answer.

So a test can assert each mutation was sent exactly once, whatever the client did.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from smtui.aws.mutations import is_read_only

MODES = ("refuse500", "forward500", "forward-reset")
_HOP = {"connection", "transfer-encoding", "keep-alive", "content-length"}


def operation_of(method: str, path: str, headers: Any, body: bytes) -> str:
    """The operation a request calls: X-Amz-Target (JSON), Action= (query), or the REST
    method and path (sagemaker-a2i-runtime: POST /human-loops/stop is StopHumanLoop)."""
    target = headers.get("X-Amz-Target")
    if target:
        return str(target).rsplit(".", 1)[-1]
    if method == "POST" and b"Action=" in body:
        return parse_qs(body.decode("utf-8", "replace")).get("Action", [""])[0]
    if method == "POST" and path.rstrip("/").endswith("/human-loops/stop"):
        return "StopHumanLoop"
    return f"{method} {path}"


def _mutating(operation: str, method: str) -> bool:
    if " " in operation:  # a REST request of no known name: only GET reads
        return method != "GET"
    return not is_read_only(operation)


class MutationProxy:
    def __init__(self, upstream: str, mode: str = "forward500") -> None:
        self.upstream = urlparse(upstream)
        self.mode = mode
        self.sent: Counter[str] = Counter()
        """Mutating requests that reached the proxy, by operation."""
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> MutationProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> MutationProxy:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def reset(self, mode: str) -> None:
        with self._lock:
            self.mode = mode
            self.sent.clear()

    def _forward(self, method: str, path: str, headers: Any, body: bytes) -> Any:
        conn = http.client.HTTPConnection(
            str(self.upstream.hostname), self.upstream.port, timeout=30
        )
        conn.request(method, path, body=body, headers=dict(headers.items()))
        response = conn.getresponse()
        return conn, response, response.read()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                operation = operation_of(self.command, self.path, self.headers, body)
                if not _mutating(operation, self.command):
                    conn, response, data = proxy._forward(
                        self.command, self.path, self.headers, body
                    )
                    self.send_response(response.status)
                    for name, value in response.getheaders():
                        if name.lower() not in _HOP:
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    conn.close()
                    return
                with proxy._lock:
                    proxy.sent[operation] += 1
                    mode = proxy.mode
                if mode != "refuse500":
                    conn, _, _ = proxy._forward(self.command, self.path, self.headers, body)
                    conn.close()
                if mode == "forward-reset":
                    self.close_connection = True
                    self.connection.close()
                    return
                payload = json.dumps(
                    {"__type": "InternalFailure", "message": "injected by the test proxy"}
                ).encode()
                self.send_response(500)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("x-amzn-ErrorType", "InternalFailure")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any

        return Handler
