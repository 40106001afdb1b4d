"""`smtui jobs --profile a,b,broken -o json`: one merged array with Profile, Account and
Region; the broken profile is one line on stderr and exit 2, the others still print."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from smtui.cli import main
from smtui.sandbox import Sandbox
from smtui.sandbox.services.sts import account_for
from tests.fanout_env import B_ACCESS_KEY, write_profiles

START = 1_795_000_000.0


@pytest.fixture
def two() -> Iterator[tuple[Sandbox, Sandbox]]:
    a = Sandbox(seed=7, jobs=12, speed=0, start=START).start()
    b = Sandbox(seed=8, jobs=9, speed=0, start=START).start()
    write_profiles(a, b)
    yield a, b
    a.stop()
    b.stop()


def _names(sb: Sandbox) -> set[str]:
    return set(sb.simulator.statuses())


def test_jobs_json_merges_profiles_and_names_the_failing_one(two, capsys) -> None:
    a, b = two
    code = main(["jobs", "--profile", "a,b,broken", "-o", "json"])
    out, err = capsys.readouterr()
    records = json.loads(out)
    assert code == 2
    assert "profile broken (us-east-1): CredentialRetrievalError" in err
    by_profile: dict[str, set[str]] = {}
    for r in records:
        assert r["Region"] == "us-east-1"
        by_profile.setdefault(r["Profile"], set()).add(r["TrainingJobName"])
    assert by_profile == {"a": _names(a), "b": _names(b)}
    accounts = {r["Profile"]: r["Account"] for r in records}
    assert accounts == {"a": "123456789012", "b": account_for(B_ACCESS_KEY)}
    assert list(records[0])[:3] == ["Profile", "Account", "Region"]


def test_table_leads_with_account_and_region_and_one_source_is_unchanged(two, capsys) -> None:
    a, _ = two
    assert main(["jobs", "--profile", "a,b", "--region", "us-east-1"]) == 0
    merged = capsys.readouterr().out.splitlines()
    assert merged[0].split()[:3] == ["ACCOUNT", "REGION", "NAME"]
    assert len(merged) == 1 + 12 + 9
    assert main(["jobs", "--profile", "a", "-o", "json"]) == 0
    single = json.loads(capsys.readouterr().out)
    assert {r["TrainingJobName"] for r in single} == _names(a)
    assert "Account" not in single[0] and "Region" not in single[0]


def test_config_file_fans_out_when_no_flag_names_profiles(two, tmp_path, capsys) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('fan_out_profiles = ["a", "b"]\n')
    assert main(["jobs", "-o", "json"]) == 0
    assert {r["Profile"] for r in json.loads(capsys.readouterr().out)} == {"a", "b"}


def test_sandbox_regions_get_their_own_fleets(capsys) -> None:
    argv = ["--sandbox", "--jobs", "6", "--region", "us-east-1,eu-west-1"]
    assert main([*argv, "jobs", "-o", "json"]) == 0
    records = json.loads(capsys.readouterr().out)

    def fleet(region: str) -> list[str]:  # names without their timestamps
        names = [r["TrainingJobName"] for r in records if r["Region"] == region]
        return sorted(re.sub(r"-\d{4}(-\d+)+$", "", n) for n in names)

    east, west = fleet("us-east-1"), fleet("eu-west-1")
    assert len(east) == len(west) == 6
    assert east != west  # seed + 1 for the second source: another fleet


def test_a_command_on_one_resource_refuses_several_profiles(two, capsys) -> None:
    a, b = two
    name = sorted(a.simulator.statuses())[0]
    assert main(["stop", "training", name, "--profile", "a,b", "--yes"]) == 2
    assert "stop acts in one account and region" in capsys.readouterr().err
    assert not [op for _, op in a.request_log + b.request_log if op.startswith("Stop")]
