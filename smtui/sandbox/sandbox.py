"""The embedded sandbox: a simulated fleet behind a local SageMaker-compatible endpoint."""

from __future__ import annotations

import threading
from types import TracebackType

from .constants import SANDBOX_ACCOUNT, SANDBOX_REGION
from .faults import Faults
from .hooks import RequestHook
from .identity import Identity
from .protocols import Dispatcher
from .server import SandboxHTTPServer
from .services import build_registry
from .simulator import Simulator
from .world import World


class Sandbox:
    """A running endpoint over a simulated fleet.

    ``with Sandbox(jobs=50).start() as sb:
    boto3.client("sagemaker", endpoint_url=sb.url, ...)``
    """

    def __init__(
        self,
        *,
        seed: int = 7,
        jobs: int = 200,
        speed: float = 1.0,
        host: str = "127.0.0.1",
        port: int = 0,
        start: float | None = None,
        faults: str = "",
        region: str = SANDBOX_REGION,
        account: str | None = SANDBOX_ACCOUNT,
        running: int | None = None,
        endpoints: int | None = None,
    ) -> None:
        # start: the virtual epoch (default now); with speed=0 the clock is frozen there.
        # region, account: who the sandbox is (identity.py); every ARN, bucket name and
        # role ARN it answers is of them.  account=None: the account of the access key
        # that signs each request, as STS answers it (123456789012 for the default key).
        # The defaults (us-east-1, 123456789012) answer byte for byte as before.
        self.identity = Identity(region, account)  # raises ValueError for a bad one
        self.region = region
        # running, endpoints: the fleet's shape (World); None keeps the generated fleet.
        self.world = World(
            seed=seed, jobs=jobs, speed=speed, start=start, running=running, endpoints=endpoints
        )
        self.simulator: Simulator = self.world.training
        self.registry = build_registry(self.world)
        self.request_log: list[tuple[str, str]] = []
        # Fault injection (smtui.sandbox.faults): the first hook, controllable at run time.
        self.faults = Faults(faults, seed=seed)
        self.hooks: list[RequestHook] = [self.faults]  # see smtui.sandbox.hooks
        self._log_lock = threading.Lock()
        dispatcher = Dispatcher(self.registry, self.hooks, self._record, self.identity)
        dispatcher.control = self.faults.control
        self._httpd = SandboxHTTPServer((host, port), dispatcher)  # binds now
        self.host = host
        self.port = int(self._httpd.server_address[1])
        self.url = f"http://{host}:{self.port}"
        self._thread: threading.Thread | None = None
        self._serving_in: threading.Thread | None = None  # thread running the serve loop
        self._state_lock = threading.Lock()
        self._closed = False

    def _record(self, service: str, operation: str) -> None:
        with self._log_lock:
            self.request_log.append((service, operation))

    def start(self) -> Sandbox:
        """Serve in a daemon thread; returns self."""
        if self._closed:
            raise RuntimeError("this sandbox was stopped; create a new one")
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._serve, name=f"smtui-sandbox:{self.port}", daemon=True
            )
            self._serving_in = self._thread  # before start(): an immediate stop() must see it
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until Ctrl-C (KeyboardInterrupt) or stop()."""
        if self._closed:
            raise RuntimeError("this sandbox was stopped; create a new one")
        try:
            self._serve()
        except KeyboardInterrupt:
            pass
        finally:
            self._close()

    def _serve(self) -> None:
        self._serving_in = threading.current_thread()
        try:
            self._httpd.serve_forever(poll_interval=0.1)  # how quickly stop() is noticed
        finally:
            self._serving_in = None

    def stop(self) -> None:
        """Stop serving and release the port (idempotent; callable from any thread)."""
        serving = self._serving_in
        if serving is not None and serving is not threading.current_thread():
            self._httpd.shutdown()  # returns once the serve loop has exited
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._close()

    def _close(self) -> None:
        with self._state_lock:
            if self._closed:
                return
            self._closed = True
        self._httpd.close_connections()
        self._httpd.server_close()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
