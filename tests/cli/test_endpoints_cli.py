"""`smtui endpoints` and `smtui scale` against the embedded sandbox (in process)."""

from __future__ import annotations

import json

import pytest

from smtui.cli import main
from smtui.services import paths


def test_endpoints_json_has_types_counts_invocations_latency(capsys) -> None:
    assert main(["endpoints", "--sandbox", "--output", "json"]) == 0
    rows = {r["EndpointName"]: r for r in json.loads(capsys.readouterr().out)}
    assert len(rows) == 16  # with the idle and the inference-component endpoints
    fraud = rows["fraud-detector-prod"]
    assert fraud["InstanceTypes"] == "ml.c5.2xlarge" and fraud["Instances"] == "2"
    assert fraud["InvocationsPerMinute"] > 100 and 1 < fraud["ModelLatencyP50Ms"] < 100
    assert fraud["Autoscaling"] == "2-8" and fraud["DataCapture"] == "20%"
    assert fraud["Variants"][0]["CurrentInstanceCount"] == 2
    assert rows["llm-chat-prod"]["Rate5XX"] > 0.01
    assert rows["nlp-ner-staging"]["FailureReason"].startswith("The primary container")


def test_endpoints_table_and_status_filter(capsys) -> None:
    assert main(["endpoints", "--sandbox", "--status", "failed"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["NAME", "STATUS", "TYPE"]
    assert len(lines) == 2 and lines[1].startswith("nlp-ner-staging")


def test_scale_min_max_and_desired_with_yes(capsys) -> None:
    code = main(
        [
            "scale",
            "fraud-detector-prod",
            "AllTraffic",
            "--min",
            "3",
            "--max",
            "9",
            "--desired",
            "4",
            "--yes",
            "--sandbox",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "autoscaling range 3-9" in out and "desired instance count 4" in out
    actions = [json.loads(x)["action"] for x in paths.audit_log().read_text().splitlines()]
    assert actions == ["autoscaling.range", "endpoints.capacity"]


def test_scale_refuses_bad_input_and_read_only(capsys) -> None:
    assert (
        main(
            [
                "scale",
                "fraud-detector-prod",
                "AllTraffic",
                "--min",
                "5",
                "--max",
                "2",
                "--yes",
                "--sandbox",
            ]
        )
        == 2
    )
    assert "cannot be greater than max" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # argparse: the flag's type refuses it
        main(
            ["scale", "fraud-detector-prod", "AllTraffic", "--desired", "-1", "--yes", "--sandbox"]
        )
    assert exc.value.code == 2
    assert not paths.audit_log().exists()
    assert (
        main(
            [
                "scale",
                "fraud-detector-prod",
                "AllTraffic",
                "--desired",
                "3",
                "--read-only",
                "--sandbox",
            ]
        )
        == 2
    )
    assert "read-only" in capsys.readouterr().err
    (record,) = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert record["outcome"] == "refused: read-only"


def test_scale_without_yes_and_no_terminal_sends_nothing(capsys) -> None:
    assert main(["scale", "fraud-detector-prod", "AllTraffic", "--desired", "3", "--sandbox"]) == 2
    assert "needs confirmation" in capsys.readouterr().err
    assert not paths.audit_log().exists()


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--desired", "2.0"], "desired count must be a whole number (got '2.0')"),
        (["--min", "1.0", "--max", "4"], "capacity must be a whole number (got '1.0')"),
        (["--min", "1", "--max", "99999999999999999999"], "at most 2147483647"),
        (["--desired", "nan"], "whole number"),
        (["--weight", "inf"], "weight must be a finite number"),
        (["--weight", "-1"], "weight cannot be negative"),
    ],
)
def test_scale_refuses_what_the_api_cannot_hold(capsys, flags: list[str], message: str) -> None:
    """Every value is parsed by the domain's specs before anything is sent: no traceback."""
    with pytest.raises(SystemExit) as exc:
        main(["scale", "fraud-detector-prod", "AllTraffic", *flags, "--yes", "--sandbox"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and message in err and "Traceback" not in err
    assert not paths.audit_log().exists()


@pytest.mark.parametrize("name", ["bad\nname", "x\x1b[2Jy", "a" * 5000])
def test_scale_refuses_names_the_api_cannot_match(capsys, name: str) -> None:
    with pytest.raises(SystemExit):
        main(["scale", name, "AllTraffic", "--desired", "3", "--yes", "--sandbox"])
    err = capsys.readouterr().err
    assert "endpoint name" in err and "\x1b" not in err
    assert not paths.audit_log().exists()


def test_desired_outside_the_autoscaling_range_warns(capsys) -> None:
    """fraud-detector-prod scales 2-8: a desired count of 100000 is sent with --yes, after
    a warning naming the range (the API's bound, int32, is what refuses)."""
    code = main(
        ["scale", "fraud-detector-prod", "AllTraffic", "--desired", "12", "--yes", "--sandbox"]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "outside the autoscaling range 2-8" in captured.err


def test_scale_weight_is_relative_and_shows_the_shares(capsys) -> None:
    """Weights are relative (VariantWeight: min 0, no maximum): 3 against 0.5 is sent
    and the shares it gives are printed; the sandbox accepts it as AWS does."""
    code = main(
        ["scale", "pricing-ab-test-prod", "variant-a", "--weight", "3", "--yes", "--sandbox"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "weight 3 (traffic: variant-a 85.7%, variant-b 14.3%)" in out
    (record,) = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert record["action"] == "endpoints.capacity" and record["outcome"] == "ok"


def test_all_zero_weights_are_refused_before_sending(capsys) -> None:
    code = main(
        ["scale", "fraud-detector-prod", "AllTraffic", "--weight", "0", "--yes", "--sandbox"]
    )
    assert code == 2
    assert "cannot all be 0" in capsys.readouterr().err
    assert not paths.audit_log().exists()
