"""`smtui endpoints` and `smtui scale` against the embedded sandbox (in process)."""

from __future__ import annotations

import json

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
    assert (
        main(
            ["scale", "fraud-detector-prod", "AllTraffic", "--desired", "-1", "--yes", "--sandbox"]
        )
        == 2
    )
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
