"""Fan-out over sandbox regions and profiles: each source's sandbox is of that region and of
the account STS names for its key, so merged rows carry their own ARNs (no collisions)."""

from __future__ import annotations

import json
import re

from smtui.cli import build_parser, main
from smtui.commands.context import start_sandbox
from smtui.sandbox import account_for

ARN = re.compile(r"arn:aws:sagemaker:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):training-job/")


def test_rows_carry_the_arns_of_their_own_region_and_account(capsys) -> None:
    argv = ["--sandbox", "--jobs", "5", "--region", "us-east-1,eu-west-1", "--profile", "a,b"]
    assert main([*argv, "jobs", "-o", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 4 * 5
    accounts = {"a": "123456789012", "b": account_for("sandbox-b")}
    seen = set()
    for r in records:
        m = ARN.match(r["TrainingJobArn"])
        assert m is not None, r["TrainingJobArn"]
        assert (m["region"], m["account"]) == (r["Region"], r["Account"])
        assert r["Account"] == accounts[r["Profile"]]
        seen.add((r["Profile"], r["Region"]))
    assert seen == {(p, g) for p in "ab" for g in ("us-east-1", "eu-west-1")}
    assert len({r["TrainingJobArn"] for r in records}) == len(records)


def test_sandbox_serve_takes_a_region_and_an_account(capsys) -> None:
    args = build_parser().parse_args(
        ["sandbox", "serve", "--jobs", "3", "--region", "eu-west-1", "--account", "210987654321"]
    )
    sb = start_sandbox(args, faults="", serve=True)
    try:
        assert (sb.identity.region, sb.identity.account) == ("eu-west-1", "210987654321")
    finally:
        sb.stop()
    default = build_parser().parse_args(["sandbox", "serve", "--jobs", "3"])
    sb = start_sandbox(default, faults="", serve=True)
    try:
        assert (sb.identity.region, sb.identity.account) == ("us-east-1", "123456789012")
    finally:
        sb.stop()
    follow = build_parser().parse_args(["sandbox", "serve", "--jobs", "3", "--account", "key"])
    sb = start_sandbox(follow, faults="", serve=True)
    try:
        assert sb.identity.account is None
    finally:
        sb.stop()
    assert main(["sandbox", "serve", "--region", "Europe"]) == 2
    assert "not a region code: 'Europe'" in capsys.readouterr().err
