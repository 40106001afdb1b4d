"""Issue 21's triage rules on plain data: an Updating endpoint keeps its 5xx finding,
autoscaling undoing a manual desired count is a finding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from smtui.domain import triage as rules
from smtui.domain.triage import EndpointTraffic, Thresholds
from smtui.domain.triage_scaling import ManualDesired, scaled_back

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TH = Thresholds()


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


def _points(values: list[float]) -> tuple[tuple[datetime, float], ...]:
    return tuple((ago(hours=1) + timedelta(minutes=5 * i), v) for i, v in enumerate(values))


def test_an_updating_endpoint_keeps_its_5xx_finding_but_is_never_idle() -> None:
    burst = EndpointTraffic(
        "e",
        recent_invocations=_points([1000.0] * 12),
        recent_5xx=_points([0] * 10 + [80.0, 120.0]),
        baseline_invocations=20000,
        invocations_24h=0,
        status="Updating",
    )
    kinds = [f.kind for f in rules.traffic_findings([burst], NOW, TH)]
    assert kinds == ["endpoint-5xx"]


def _activity(minutes: float, count: int, status: str = "Successful") -> dict:
    return {
        "ResourceId": "endpoint/llm/variant/AllTraffic",
        "StatusCode": status,
        "StartTime": ago(minutes=minutes),
        "Description": f"Setting desired instance count to {count}.",
    }


def test_autoscaling_setting_desired_below_the_manual_count_is_a_finding() -> None:
    manual = [ManualDesired("llm", "AllTraffic", 3, ago(minutes=30))]
    acts = [_activity(40, 1), _activity(20, 2), _activity(10, 4), _activity(5, 2, "Failed")]
    (f,) = scaled_back(manual, acts, NOW, TH)
    assert f.kind == "endpoint-scaled-back" and f.severity == "high"
    assert f.target_kind == "endpoints" and f.target_key == "llm"
    assert f.since == ago(minutes=20)
    assert f.reason.startswith("autoscaling set AllTraffic back to 2 at 11:40, below the 3")
    # The activity before the manual change, a scale-out after it: nothing.
    assert scaled_back(manual, [_activity(40, 1), _activity(10, 4)], NOW, TH) == []
    # A newer manual count (2) that autoscaling kept: nothing.
    newer = [*manual, ManualDesired("llm", "AllTraffic", 2, ago(minutes=25))]
    assert scaled_back(newer, acts, NOW, TH) == []
    # Long ago: gone.
    assert scaled_back(manual, acts, NOW + timedelta(hours=25), TH) == []


def test_violations_in_runs_in_a_row_are_a_high_finding() -> None:
    from smtui.domain.triage import MonitorFacts

    once = MonitorFacts("dq", "ep", "CompletedWithViolations", ago(hours=1), repeated=1)
    again = MonitorFacts(
        "mq", "ep", "CompletedWithViolations", ago(hours=1), repeated=3, violations=9
    )
    found = {f.target_key: f for f in rules.monitor_findings([once, again])}
    assert found["dq"].kind == "monitor-violations" and found["dq"].severity == "medium"
    assert found["mq"].kind == "monitor-repeated" and found["mq"].severity == "high"
    assert found["mq"].reason.startswith("9 violations in the last run; violations in each")


def test_clone_and_retrain_get_a_fresh_checkpoint_folder() -> None:
    from smtui.domain import retrain
    from smtui.domain.retrain_folders import folder_warnings, fresh_folder

    source = {
        "TrainingJobName": "src",
        "CheckpointConfig": {"S3Uri": "s3://b/proj/checkpoints/src/", "LocalPath": "/opt/ml/c"},
        "OutputDataConfig": {"S3OutputPath": "s3://b/proj/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 5},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "ModelArtifacts": {"S3ModelArtifacts": "s3://b/proj/output/src/output/model.tar.gz"},
    }
    for build in (retrain.clone_request, retrain.retrain_request):
        request = build(source, [], "new-job")
        assert request["CheckpointConfig"] == {
            "S3Uri": "s3://b/proj/checkpoints/new-job",
            "LocalPath": "/opt/ml/c",
        }
        assert folder_warnings(source, request) == []
    assert fresh_folder("s3://bucket", "j") == "s3://bucket/j"
    # The baseline (the source as a request, its own name) keeps the source's folder.
    assert retrain.clone_request(source, [], "src")["CheckpointConfig"]["S3Uri"].endswith("src/")
    # Renamed in the form: the prefilled folder follows; one typed by hand stays.
    request = retrain.clone_request(source, [], "new-job")
    values = retrain.values_of(request)
    values.name = "renamed"
    assert retrain.apply(request, values)["CheckpointConfig"]["S3Uri"].endswith("/renamed")
    values.checkpoint_uri = "s3://b/proj/checkpoints/src"
    reused = retrain.apply(request, values)
    (w,) = folder_warnings(source, reused)
    assert w.field == "checkpoint_uri" and w.warning and w.message.startswith("WARNING")
    values.checkpoint_uri = "s3://b/proj/checkpoints/renamed"
    inside = dict(
        retrain.apply(request, values), OutputDataConfig={"S3OutputPath": "s3://b/proj/output/src"}
    )
    (w,) = folder_warnings(source, inside)
    assert w.field == "output_path" and "inside src's output" in w.message


def test_unknown_costs_are_marked_and_sort_last_both_ways() -> None:
    from smtui.services.kinds.cost_cells import PRICING
    from smtui.services.kinds.training_jobs import TRAINING_JOBS
    from smtui.services.table_index import RowIndex, TableRow
    from tests.unit.test_training_kind import T0, summary

    row = TRAINING_JOBS.row(summary(), T0)
    assert row.cells[7] == (PRICING, "muted") and row.sort_values[7] is None
    index = RowIndex()
    cost = 7

    def job(key: str, value: float | None) -> TableRow:
        values = [key, "", "", "", "", "", "", value]
        return TableRow(key, tuple(values), tuple(values), key)

    index.replace([job("a", 819.0), job("b", None), job("c", 1569.0)])
    for reverse, order in ((True, ["c", "a", "b"]), (False, ["a", "c", "b"])):
        index.set_sort(cost, reverse)
        assert index.visible_keys() == order
