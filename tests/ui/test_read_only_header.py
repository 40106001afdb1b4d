"""The console's header says what the guard will do: READ-ONLY for a production profile
chosen by AWS_DEFAULT_PROFILE (as botocore resolves it), and READ-WRITE with the reason
when --read-write or the profile's own section lifted it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from smtui.sandbox import Sandbox
from tests.read_only_env import write_config, write_profiles
from tests.ui.conftest import FROZEN_START, wait_for
from tests.ui.fanout_support import console, header


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    sb = Sandbox(seed=7, jobs=8, speed=0, start=FROZEN_START).start()
    write_profiles(sb)
    yield sb
    sb.stop()


@pytest.mark.parametrize(
    ("argv", "config", "badge"),
    [
        ([], "read_only = false\n", " READ-ONLY "),
        (["--read-write"], "", "READ-WRITE (prod, --read-write)"),
        ([], "[profiles.prod-east]\nread_only = false\n", "READ-WRITE (prod, config)"),
    ],
    ids=["default", "flag", "own-section"],
)
async def test_the_header_names_the_resolved_profiles_access(
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    config: str,
    badge: str,
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "prod-east")
    write_config(config)
    with ExitStack() as stack:
        app = console(argv, stack)
        assert app.backend.guard.read_only is (badge == " READ-ONLY ")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: "prod-east" in header(app))
            text = header(app)
            assert badge in text, text
