"""Issue 21, point 4: a clone or retrain gets a fresh checkpoint folder; a folder the
source job used gets a loud warning (smtui/domain/retrain_folders.py)."""

from __future__ import annotations


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
