"""`python -m tests.moto.server`: moto's server on a free 127.0.0.1 port, in its own process.

Prints the port on the first line of stdout once it listens, then serves until stdin is
closed (the test session ending). Its own process keeps moto's request log and its
``print``s out of the output the tests capture from smtui.
"""

from __future__ import annotations

import sys

from moto.server import ThreadedMotoServer


def main() -> None:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()  # returns once the socket listens (moto/server.py)
    print(server.get_host_and_port()[1], flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    server.stop()


if __name__ == "__main__":
    main()
