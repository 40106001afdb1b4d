"""`python -m tests.moto.server`: moto's server on a free 127.0.0.1 port, in its own process.

Prints the port on the first line of stdout once it listens, then serves until stdin is
closed (the test session ending). Its own process keeps moto's request log and its
``print``s out of the output the tests capture from smtui.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from moto.server import ThreadedMotoServer

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def running(env: dict[str, str] | None = None) -> Iterator[str]:
    """A moto server in its own process, its URL once it listens; stopped after."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.moto.server"],
        cwd=ROOT,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    port = proc.stdout.readline().strip()  # written once the server listens
    if not port.isdigit():
        proc.kill()
        raise RuntimeError(f"moto server did not start (said {port!r})")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()  # returns once the socket listens (moto/server.py)
    print(server.get_host_and_port()[1], flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    server.stop()


if __name__ == "__main__":
    main()
