"""Property-based: every validator and parser answers bad input with a clear error,
never a crash or a hang (hypothesis)."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from smtui.cli import main
from smtui.sandbox.faults import FaultSpecError, parse_faults
from smtui.services.kinds.training_jobs import parse_args
from smtui.services.registry import QueryError
from smtui.services.secrets import validate_keys
from smtui.services.settings import Settings, SettingsError, _apply

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "read_only",
                "refresh_interval",
                "theme",
                "keys",
                "api_rate",
                "api_burst",
                "read_only_profiles",
                "bogus",
            ]
        ),
        VALUES,
        max_size=4,
    )
)
def test_settings_either_apply_or_say_where(values: dict) -> None:
    try:
        result = _apply(Settings(), values, "config.toml")
    except SettingsError as exc:
        assert str(exc).startswith("config.toml:")
    else:
        assert isinstance(result, Settings)


@given(st.text(max_size=60))
def test_fault_specs_parse_or_explain(spec: str) -> None:
    try:
        rules = parse_faults(spec)
    except FaultSpecError as exc:
        assert str(exc)
    else:
        assert all(r.kind in ("throttle", "latency", "error5xx", "reset") for r in rules)


@given(st.lists(st.text(max_size=12), max_size=4))
def test_view_arguments_parse_or_explain(words: list[str]) -> None:
    try:
        params = parse_args(words)
    except QueryError as exc:
        assert "use :jobs" in str(exc)
    else:
        assert set(params) <= {"status", "name_contains"}


@given(st.text(max_size=40), st.text(max_size=60))
def test_key_validation_never_echoes_the_secret(access: str, secret: str) -> None:
    problem = validate_keys(access, secret)
    if problem is not None and len(secret) >= 4:
        assert secret not in problem


TOKENS = st.sampled_from(
    [
        "--status",
        "--limit",
        "--output",
        "--name-contains",
        "--region",
        "--profile",
        "-1",
        "0",
        "xx",
        "json",
        "csv",
        "table",
        "99999999999",
        "",
        "--read-only",
        "--yes",
        "running",
        "--bogus",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(TOKENS, max_size=6))
def test_cli_arguments_give_a_clear_error_not_a_traceback(tokens: list[str]) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(["jobs", *tokens])
        except SystemExit as exc:  # argparse: usage line and exit 2
            code = exc.code
    assert code != 0  # no credentials here: every run must end in a clear error
    assert "Traceback" not in err.getvalue()
    assert err.getvalue().strip()
