"""Every smtui list command against moto, counted against the AWS CLI on the same server.

Where the AWS CLI lists, smtui lists as many (``-o json``); where moto lacks the API (the
AWS CLI fails too), smtui says so in one line naming the operation and exits non-zero:
no HTML page, no traceback.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from smtui.cli import main
from tests.moto import cases
from tests.moto.oracle import Listed, Query

pytestmark = [pytest.mark.moto, pytest.mark.xdist_group("moto")]


def smtui(url: str, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any, str]:
    code = main([*argv, "--endpoint-url", url, "-o", "json"])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out.strip() else None), out.err


def assert_clear_failure(code: int, err: str, operation: str) -> None:
    """One line on stderr naming the operation; non-zero exit; not HTML, not a traceback."""
    lines = err.strip().splitlines()
    assert code != 0, f"exited 0 though {operation} failed"
    assert len(lines) == 1, f"not one line: {err!r}"
    assert operation in lines[0], lines[0]
    assert "<" not in lines[0] and "Traceback" not in err, lines[0]


def compare(url: str, argv: list[str], query: Query, oracle: Listed, capsys: Any) -> None:
    code, records, err = smtui(url, argv, capsys)
    if oracle.count is None:  # moto lacks the API: the AWS CLI failed as well
        assert_clear_failure(code, err, query.operation)
        return
    assert code == 0, err
    assert isinstance(records, list)
    assert len(records) == oracle.count, f"smtui {argv}: {len(records)}, aws: {oracle.count}"


@pytest.mark.parametrize(
    ("argv", "query"), [c[1:] for c in cases.CLI_CASES], ids=[c[0] for c in cases.CLI_CASES]
)
def test_list_count_equals_the_aws_cli(
    moto_env: str, aws: dict[Query, Listed], argv: list[str], query: Query, capsys: Any
) -> None:
    compare(moto_env, argv, query, aws[query], capsys)


def test_the_seeded_kinds_list_something(aws: dict[Query, Listed]) -> None:
    """The comparisons above are not 0 == 0: what moto implements was seeded."""
    for query in (cases.TRAINING, cases.PROCESSING, cases.ENDPOINTS, cases.EXECUTIONS):
        assert aws[query].count, query
    assert aws[cases.LABELING].count is None  # moto lacks it: the failure path is exercised


def test_training_jobs_without_limit_equal_the_aws_cli(
    moto_env: str, aws: dict[Query, Listed], capsys: Any
) -> None:
    """`smtui jobs` with no --limit lists by CreationTime windows (aws/partitioned.py);
    moto ignores SortBy/SortOrder and answers coarse times: it must still list every job."""
    compare(moto_env, ["jobs"], cases.TRAINING, aws[cases.TRAINING], capsys)


def test_cost_lists_the_running_endpoints_and_notebooks(
    moto_env: str, aws: dict[Query, Listed], capsys: Any
) -> None:
    """`smtui cost`: a row per InService endpoint and notebook the AWS CLI lists (the Price
    List API moto lacks falls back to the bundled table, which the row names)."""
    code, records, err = smtui(moto_env, ["cost"], capsys)
    assert code == 0, err
    for kind, query in (
        ("endpoint", cases.ENDPOINTS_IN_SERVICE),
        ("notebook", cases.NOTEBOOKS_IN_SERVICE),
    ):
        rows = [r for r in records if r["Kind"] == kind]
        assert aws[query].count and len(rows) == aws[query].count, kind
        assert all(r["PriceSource"] for r in rows)


def test_triage_on_moto_lists_no_finding_and_names_what_it_could_not_read(
    moto_env: str, capsys: Any
) -> None:
    """moto's jobs never fail, so nothing to find; the sources moto lacks (labeling jobs,
    monitoring, scaling activities) are each one stderr line naming the operation, never
    an HTML page, and the exit is 2: an all-clear must mean everything was read
    (smtui/commands/triage.py)."""
    code, records, err = smtui(moto_env, ["triage"], capsys)
    assert code == 2 and records and {r["kind"] for r in records} == {"not-read"}, err
    lines = err.strip().splitlines()
    for operation in ("ListLabelingJobs", "ListMonitoringSchedules", "DescribeScalingActivities"):
        assert any("not read" in line and operation in line for line in lines), err
    assert "<" not in err and "Traceback" not in err, err


def test_every_list_command_is_checked_on_moto() -> None:
    """A list command added later fails here until it has a moto case."""
    from smtui.commands import COMMANDS

    listed = {m.NAME for m in COMMANDS if getattr(m, "LIST_COMMAND", False)}
    checked = {argv[0] for _, argv, _ in cases.CLI_CASES} | {"cost", "triage"}
    assert listed <= checked, listed - checked


def test_endpoints_show_the_scalable_targets_moto_has(
    moto_env: str, aws: dict[Query, Listed], capsys: Any
) -> None:
    """The Autoscaling column: a range on as many endpoints as the AWS CLI lists scalable
    targets (one variant each here), "-" on the others."""
    code, records, err = smtui(moto_env, ["endpoints"], capsys)
    assert code == 0, err
    scaled = [r for r in records if r["Autoscaling"] != "-"]
    assert aws[cases.SCALABLE_TARGETS].count and len(scaled) == aws[cases.SCALABLE_TARGETS].count
    assert scaled[0]["Autoscaling"] == "1-4"  # MinCapacity-MaxCapacity as seeded
