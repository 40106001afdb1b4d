"""`smtui retrain` / `smtui clone` against a sandbox (in process, endpoint URL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from smtui.cli import main
from smtui.domain.retrain import CREATE_FIELDS
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY, Sandbox
from smtui.services import paths

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def sb(monkeypatch) -> Iterator[Sandbox]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", SANDBOX_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SANDBOX_SECRET_KEY)
    with Sandbox(seed=7, jobs=60, speed=0.0, start=START).start() as sandbox:
        yield sandbox


def smtui(sb: Sandbox, *args: str) -> int:
    return main([*args, "--endpoint-url", sb.url, "--region", "us-east-1"])


def completed(sb: Sandbox) -> str:
    return sorted(n for n, s in sb.simulator.statuses().items() if s == "Completed")[0]


def creates(sb: Sandbox) -> int:
    return sum(1 for _, op in sb.request_log if op == "CreateTrainingJob")


def test_retrain_dry_run_json_field_by_field(sb: Sandbox, capsys) -> None:
    source = completed(sb)
    code = smtui(
        sb, "retrain", source, "--data", "train=s3://expanded-bucket/train", "--hp",
        "eta=0.05", "--dry-run", "--output", "json",
    )  # fmt: skip
    assert code == 0
    request = json.loads(capsys.readouterr().out)
    src: dict[str, Any] = json.loads(
        json.dumps(sb.simulator.describe_training_job(source), default=str)
    )
    assert creates(sb) == 0
    assert request["TrainingJobName"].startswith(source[: source.index("-2026")])
    assert "-retrain-" in request["TrainingJobName"]
    for key in CREATE_FIELDS:
        if key in ("InputDataConfig", "HyperParameters", "ResourceConfig", "ExperimentConfig"):
            continue
        if key == "CheckpointConfig" and key in src:  # a fresh folder (issue 21)
            assert request[key]["S3Uri"].endswith("/" + request["TrainingJobName"])
            continue
        assert request.get(key) == src.get(key), key
    rc = dict(src["ResourceConfig"])
    assert request["ResourceConfig"] == rc
    hps = dict(src["HyperParameters"], eta="0.05")
    assert request["HyperParameters"] == hps
    channels = {c["ChannelName"]: c for c in request["InputDataConfig"]}
    for c in src["InputDataConfig"]:
        want = json.loads(json.dumps(c))
        if c["ChannelName"] == "train":
            want["DataSource"]["S3DataSource"]["S3Uri"] = "s3://expanded-bucket/train"
        assert channels[c["ChannelName"]] == want
    model = channels["model"]
    assert model["DataSource"]["S3DataSource"]["S3Uri"] == src["ModelArtifacts"]["S3ModelArtifacts"]
    assert model["ContentType"] == "application/x-sagemaker-model"
    assert model["InputMode"] == "File"
    if "ExperimentConfig" in src:
        want = {k: v for k, v in src["ExperimentConfig"].items() if k != "RunName"}
        assert request["ExperimentConfig"] == want
    tags = sb.simulator.tags_for(src["TrainingJobArn"]) or []
    kept = [t for t in tags if not t["Key"].startswith(("aws:", "sagemaker:"))]
    assert request.get("Tags", []) == kept
    for key in ("TrainingJobArn", "ModelArtifacts", "TrainingJobStatus", "CreationTime"):
        assert key not in request


def test_clone_launches_with_yes_and_prints_name_and_arn(sb: Sandbox, capsys) -> None:
    source = completed(sb)
    code = smtui(sb, "clone", source, "--name", "cloned-job-1", "--yes", "--output", "json")
    assert code == 0, capsys.readouterr().err
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "TrainingJobName": "cloned-job-1",
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/cloned-job-1",
    }
    d = sb.simulator.describe_training_job("cloned-job-1")
    assert "model" not in [c["ChannelName"] for c in d["InputDataConfig"]]
    records = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert [(r["action"], r["resource"], r["outcome"]) for r in records] == [
        ("jobs.clone", "training-job/cloned-job-1", "ok")
    ]


def test_bad_input_is_refused_before_sending(sb: Sandbox, capsys) -> None:
    source = completed(sb)
    with pytest.raises(SystemExit) as exc:  # the flag's type: argparse's usage error
        smtui(sb, "retrain", source, "--name", "bad_name", "--yes")
    assert exc.value.code == 2
    assert "letters, digits and hyphens" in capsys.readouterr().err
    assert smtui(sb, "retrain", source, "--instance-type", "ml.x.huge", "--yes") == 2
    assert smtui(sb, "retrain", source, "--spot", "--max-wait", "1", "--yes") == 2
    assert ">= max runtime" in capsys.readouterr().err
    assert smtui(sb, "retrain", source, "--data", "train", "--yes") == 2
    assert creates(sb) == 0


def test_without_yes_and_no_terminal_nothing_is_sent(sb: Sandbox, capsys) -> None:
    assert smtui(sb, "clone", completed(sb)) == 2
    assert "confirmation" in capsys.readouterr().err
    assert creates(sb) == 0


def test_read_only_refuses(sb: Sandbox, capsys) -> None:
    assert smtui(sb, "clone", completed(sb), "--read-only", "--yes") == 2
    assert "read-only" in capsys.readouterr().err.lower()
    assert creates(sb) == 0


def spot_source(sb: Sandbox) -> str:
    return next(
        n
        for n, s in sorted(sb.simulator.statuses().items())
        if s == "Completed" and sb.simulator.describe_training_job(n).get("CheckpointConfig")
    )


def test_clone_gets_a_fresh_checkpoint_folder_and_a_loud_warning_for_a_used_one(
    sb: Sandbox, capsys
) -> None:
    source = spot_source(sb)
    used = sb.simulator.describe_training_job(source)["CheckpointConfig"]["S3Uri"]
    assert smtui(sb, "clone", source, "--dry-run", "-o", "json") == 0
    out = capsys.readouterr()
    request = json.loads(out.out)
    fresh = request["CheckpointConfig"]["S3Uri"]
    assert fresh == used.rsplit("/", 1)[0] + "/" + request["TrainingJobName"]
    assert f"checkpoints: {fresh}" in out.err and "WARNING" not in out.err
    assert smtui(sb, "clone", source, "--checkpoint-uri", used + "/", "--dry-run") == 0
    out = capsys.readouterr()
    assert f"WARNING: {used} holds {source}'s checkpoints" in out.err
    output = sb.simulator.describe_training_job(source)["OutputDataConfig"]["S3OutputPath"]
    code = smtui(sb, "clone", source, "--output-path", f"{output}/{source}", "--dry-run")
    assert code == 0
    assert f"is inside {source}'s output" in capsys.readouterr().err
    assert creates(sb) == 0


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--instance-count", "2.0"], "count must be a whole number (got '2.0')"),
        (["--spot", "--max-wait", "90000.0"], "max wait must be a whole number (got '90000.0')"),
        (["--spot", "--max-wait", "90000."], "max wait must be a whole number"),
        (["--instance-count", "inf"], "count must be a whole number"),
        (["--name", "a" * 5000], "at most 63 characters (got 5000)"),
        (["--name", "new\x1b[2Jjob"], "training job name 'new\\x1b[2Jjob'"),
    ],
)
def test_numbers_and_names_the_api_cannot_hold_are_refused(
    sb: Sandbox, capsys, flags: list[str], message: str
) -> None:
    """Checks used to accept what float() parses while the builder called int(): a
    traceback. Now one parser refuses them before anything is sent."""
    with pytest.raises(SystemExit) as exc:
        smtui(sb, "retrain", completed(sb), *flags, "--yes")
    err = capsys.readouterr().err
    assert exc.value.code == 2 and message in err and "Traceback" not in err
    assert "\x1b" not in err
    assert creates(sb) == 0


def test_retrain_from_a_failed_job_is_refused_as_the_console_does(sb: Sandbox, capsys) -> None:
    from smtui.domain.retrain_checks import retrain_source_problem

    failed = sorted(n for n, s in sb.simulator.statuses().items() if s == "Failed")[0]
    assert smtui(sb, "retrain", failed, "--yes") == 2
    err = capsys.readouterr().err
    assert retrain_source_problem(failed, "Failed") in err and "nothing was sent" in err
    assert creates(sb) == 0
    assert smtui(sb, "clone", failed, "--name", "clone-of-failed", "--yes") == 0  # clone is fine
