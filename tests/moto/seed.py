"""What the moto server is seeded with, through a plain boto3 client: every kind moto serves.

The counts are not asserted against these constants but against the AWS CLI's answer on
the same server (moto, not we, decides what a List returns); they only need to be more
than one page's worth of nothing.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
ROLE = f"arn:aws:iam::{ACCOUNT}:role/smtui-moto"
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/smtui:latest"
BUCKET = "s3://smtui-moto"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}

TRAINING_JOBS = 3
PROCESSING_JOBS = 2
TRANSFORM_JOBS = 2
TUNING_JOBS = 2
AUTOML_JOBS = 1
COMPILATION_JOBS = 2
ENDPOINTS = 2
NOTEBOOKS = 2
EXPERIMENTS = 2
PIPELINES = 2
EXECUTIONS_PER_PIPELINE = 2


def client(service: str, url: str) -> Any:
    return boto3.client(
        service,
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"mode": "standard", "max_attempts": 1}),
    )


def _resources() -> dict[str, Any]:
    return {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10}


def _training(sm: Any, n: int) -> None:
    for i in range(n):
        sm.create_training_job(
            TrainingJobName=f"moto-train-{i}",
            AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
            RoleArn=ROLE,
            OutputDataConfig={"S3OutputPath": f"{BUCKET}/out"},
            ResourceConfig=_resources(),
            StoppingCondition={"MaxRuntimeInSeconds": 3600},
        )


def _processing(sm: Any, n: int) -> None:
    for i in range(n):
        sm.create_processing_job(
            ProcessingJobName=f"moto-proc-{i}",
            AppSpecification={"ImageUri": IMAGE},
            RoleArn=ROLE,
            ProcessingResources={"ClusterConfig": _resources()},
        )


def _models_and_endpoints(sm: Any, n: int) -> None:
    for i in range(n):
        sm.create_model(
            ModelName=f"moto-model-{i}",
            ExecutionRoleArn=ROLE,
            PrimaryContainer={"Image": IMAGE, "ModelDataUrl": f"{BUCKET}/model.tar.gz"},
        )
        sm.create_endpoint_config(
            EndpointConfigName=f"moto-config-{i}",
            ProductionVariants=[
                {
                    "VariantName": "AllTraffic",
                    "ModelName": f"moto-model-{i}",
                    "InitialInstanceCount": 1,
                    "InstanceType": "ml.m5.large",
                }
            ],
        )
        sm.create_endpoint(EndpointName=f"moto-endpoint-{i}", EndpointConfigName=f"moto-config-{i}")


def _transform(sm: Any, n: int) -> None:
    for i in range(n):
        sm.create_transform_job(
            TransformJobName=f"moto-transform-{i}",
            ModelName="moto-model-0",
            TransformInput={
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"{BUCKET}/in"}}
            },
            TransformOutput={"S3OutputPath": f"{BUCKET}/out"},
            TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1},
        )


def _tuning(sm: Any, n: int) -> None:
    for i in range(n):
        sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName=f"moto-tuning-{i}",
            HyperParameterTuningJobConfig={
                "Strategy": "Bayesian",
                "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1},
            },
            TrainingJobDefinition={
                "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
                "RoleArn": ROLE,
                "OutputDataConfig": {"S3OutputPath": f"{BUCKET}/out"},
                "ResourceConfig": _resources(),
                "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
            },
        )


def _automl(sm: Any, n: int) -> None:
    for i in range(n):
        sm.create_auto_ml_job_v2(
            AutoMLJobName=f"moto-automl-{i}",
            AutoMLJobInputDataConfig=[
                {
                    "ChannelType": "training",
                    "DataSource": {
                        "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"{BUCKET}/in"}
                    },
                }
            ],
            OutputDataConfig={"S3OutputPath": f"{BUCKET}/out"},
            AutoMLProblemTypeConfig={
                "TabularJobConfig": {
                    "TargetAttributeName": "y",
                    "ProblemType": "BinaryClassification",
                    "CompletionCriteria": {"MaxCandidates": 2},
                }
            },
            RoleArn=ROLE,
        )


def _compilation(sm: Any, n: int) -> None:
    for i in range(n):
        sm.create_compilation_job(
            CompilationJobName=f"moto-compile-{i}",
            RoleArn=ROLE,
            InputConfig={"S3Uri": f"{BUCKET}/model.tar.gz", "Framework": "PYTORCH"},
            OutputConfig={"S3OutputLocation": f"{BUCKET}/out", "TargetDevice": "ml_c5"},
            StoppingCondition={"MaxRuntimeInSeconds": 900},
        )


def _notebooks(sm: Any, n: int) -> None:
    for i in range(n):
        sm.create_notebook_instance(
            NotebookInstanceName=f"moto-notebook-{i}", InstanceType="ml.t3.medium", RoleArn=ROLE
        )


def _experiments(sm: Any, n: int) -> None:
    for i in range(n):
        sm.create_experiment(ExperimentName=f"moto-exp-{i}")
        for t in range(2):
            trial = f"moto-exp-{i}-trial-{t}"
            sm.create_trial(TrialName=trial, ExperimentName=f"moto-exp-{i}")
            component = f"{trial}-run"
            sm.create_trial_component(TrialComponentName=component)
            sm.associate_trial_component(TrialComponentName=component, TrialName=trial)


PIPELINE_DEFINITION = (
    '{"Version": "2020-12-01", "Parameters": [], "Steps": [{"Name": "Train", '
    '"Type": "Training", "Arguments": {}}]}'
)


def _pipelines(sm: Any, n: int, executions: int) -> None:
    for i in range(n):
        sm.create_pipeline(
            PipelineName=f"moto-pipeline-{i}",
            PipelineDefinition=PIPELINE_DEFINITION,
            RoleArn=ROLE,
        )
        for _ in range(executions):
            sm.start_pipeline_execution(PipelineName=f"moto-pipeline-{i}")


def seed(url: str) -> None:
    """Create every kind moto implements (in us-east-1, moto's default account)."""
    sm = client("sagemaker", url)
    _training(sm, TRAINING_JOBS)
    _processing(sm, PROCESSING_JOBS)
    _models_and_endpoints(sm, ENDPOINTS)
    _transform(sm, TRANSFORM_JOBS)
    _tuning(sm, TUNING_JOBS)
    _automl(sm, AUTOML_JOBS)
    _compilation(sm, COMPILATION_JOBS)
    _notebooks(sm, NOTEBOOKS)
    _experiments(sm, EXPERIMENTS)
    _pipelines(sm, PIPELINES, EXECUTIONS_PER_PIPELINE)
    sm.create_model_package_group(ModelPackageGroupName="moto-packages")
    sm.create_domain(
        DomainName="moto-studio",
        AuthMode="IAM",
        DefaultUserSettings={"ExecutionRole": ROLE},
        SubnetIds=["subnet-0123456789abcdef0"],
        VpcId="vpc-0123456789abcdef0",
    )
    scaling = client("application-autoscaling", url)
    scaling.register_scalable_target(
        ServiceNamespace="sagemaker",
        ResourceId="endpoint/moto-endpoint-0/variant/AllTraffic",
        ScalableDimension="sagemaker:variant:DesiredInstanceCount",
        MinCapacity=1,
        MaxCapacity=4,
    )
    client("logs", url).create_log_group(logGroupName="/aws/sagemaker/TrainingJobs")
