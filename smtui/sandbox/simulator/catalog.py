"""Static catalogue the fleet generator draws from: job families, images, failures.

Image URIs follow the public SageMaker / Deep Learning Containers registries
(account 763104351884 hosts the DLCs, 683313688378 the first-party XGBoost and
scikit-learn images in us-east-1; see "Docker Registry Paths and Example Code"
in the SageMaker developer guide).  Instance types are members of the
``TrainingInstanceType`` enum in botocore's sagemaker model.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from . import hyperparams as hp

DATA_BUCKET = hp.DATA_BUCKET
DLC = "763104351884.dkr.ecr.us-east-1.amazonaws.com"
FIRST_PARTY = "683313688378.dkr.ecr.us-east-1.amazonaws.com"

HyperParams = Callable[[random.Random], dict[str, str]]


@dataclass(frozen=True)
class Metric:
    name: str
    regex: str
    low: float
    high: float


@dataclass(frozen=True)
class Template:
    """One family of training jobs, e.g. every ``xgboost-churn-*`` job."""

    base: str
    project: str
    team: str
    image: str
    instances: tuple[tuple[str, tuple[int, ...]], ...]
    train_minutes: tuple[int, int]
    volume_gb: int
    channels: tuple[str, ...]
    content_type: str | None
    hyperparameters: HyperParams
    metrics: tuple[Metric, ...]
    failures: tuple[str, ...]
    weight: float
    spot_rate: float
    entry_point: str | None = None


TEMPLATES: tuple[Template, ...] = (
    Template(
        base="xgboost-churn",
        project="churn",
        team="growth-analytics",
        image=f"{FIRST_PARTY}/sagemaker-xgboost:1.7-1",
        instances=(("ml.m5.xlarge", (1,)), ("ml.m5.2xlarge", (1, 2)), ("ml.c5.2xlarge", (1,))),
        train_minutes=(4, 25),
        volume_gb=30,
        channels=("train", "validation"),
        content_type="text/csv",
        hyperparameters=hp.xgboost,
        metrics=(
            Metric(
                "validation:auc",
                ".*\\[[0-9]+\\].*#011validation-auc:([-+]?[0-9]*\\.?[0-9]+)",
                0.81,
                0.93,
            ),
            Metric("train:auc", ".*\\[[0-9]+\\]#011train-auc:([-+]?[0-9]*\\.?[0-9]+)", 0.86, 0.98),
        ),
        failures=("data", "csv", "internal"),
        weight=3.0,
        spot_rate=0.4,
    ),
    Template(
        base="sklearn-rf-fraud",
        project="fraud",
        team="risk-ml",
        image=f"{FIRST_PARTY}/sagemaker-scikit-learn:1.2-1-cpu-py3",
        instances=(("ml.m5.large", (1,)), ("ml.m5.xlarge", (1,)), ("ml.c5.xlarge", (1,))),
        train_minutes=(3, 20),
        volume_gb=30,
        channels=("train", "test"),
        content_type="text/csv",
        hyperparameters=hp.sklearn,
        metrics=(Metric("test:f1", "f1: ([0-9\\.]+)", 0.71, 0.89),),
        failures=("data", "script", "internal"),
        weight=1.5,
        spot_rate=0.2,
        entry_point="train_rf.py",
    ),
    Template(
        base="pytorch-resnet50-imagenet",
        project="vision",
        team="vision-research",
        image=f"{DLC}/pytorch-training:2.1.0-gpu-py310",
        instances=(
            ("ml.p3.2xlarge", (1, 2)),
            ("ml.p3.8xlarge", (1, 2)),
            ("ml.g5.2xlarge", (1, 2, 4)),
            ("ml.p4d.24xlarge", (1, 2)),
        ),
        train_minutes=(90, 600),
        volume_gb=200,
        channels=("train", "validation"),
        content_type=None,
        hyperparameters=hp.resnet,
        metrics=(
            Metric("validation:top1", "val_top1=([0-9\\.]+)", 0.7, 0.77),
            Metric("train_loss", "'loss': ([0-9\\.]+)", 0.05, 1.2),
        ),
        failures=("oom", "capacity", "data", "internal"),
        weight=1.5,
        spot_rate=0.5,
        entry_point="train_resnet.py",
    ),
    Template(
        base="hf-llama3-8b-lora",
        project="genai",
        team="genai-platform",
        image=f"{DLC}/huggingface-pytorch-training:2.1.0-transformers4.36.0-gpu-py310-cu121",
        instances=(
            ("ml.g5.12xlarge", (1,)),
            ("ml.g5.48xlarge", (1,)),
            ("ml.p4d.24xlarge", (1, 2)),
            ("ml.p5.48xlarge", (1, 2)),
        ),
        train_minutes=(60, 480),
        volume_gb=500,
        channels=("train", "validation"),
        content_type=None,
        hyperparameters=hp.llama,
        metrics=(
            Metric("eval_loss", "'eval_loss': ([0-9\\.]+)", 0.9, 1.6),
            Metric("train_loss", "'loss': ([0-9\\.]+)", 0.05, 1.2),
        ),
        failures=("oom", "capacity", "internal", "script"),
        weight=1.2,
        spot_rate=0.6,
        entry_point="run_lora.py",
    ),
    Template(
        base="bert-base-sentiment",
        project="reviews",
        team="nlp-apps",
        image=f"{DLC}/huggingface-pytorch-training:1.13.1-transformers4.26.0-gpu-py39-cu117-ubuntu20.04",
        instances=(("ml.g4dn.xlarge", (1,)), ("ml.g4dn.2xlarge", (1,)), ("ml.g5.2xlarge", (1,))),
        train_minutes=(20, 120),
        volume_gb=50,
        channels=("train", "test"),
        content_type=None,
        hyperparameters=hp.bert,
        metrics=(
            Metric("eval_accuracy", "'eval_accuracy': ([0-9\\.]+)", 0.88, 0.94),
            Metric("train_loss", "'loss': ([0-9\\.]+)", 0.05, 1.2),
        ),
        failures=("oom", "data", "internal"),
        weight=1.5,
        spot_rate=0.5,
        entry_point="train.py",
    ),
    Template(
        base="tf-wide-deep-ctr",
        project="ads",
        team="ads-ranking",
        image=f"{DLC}/tensorflow-training:2.13.0-gpu-py310",
        instances=(("ml.c5.2xlarge", (1, 2)), ("ml.g4dn.xlarge", (1, 2)), ("ml.c5.4xlarge", (1,))),
        train_minutes=(30, 180),
        volume_gb=100,
        channels=("train", "validation"),
        content_type="application/x-tfrecord",
        hyperparameters=hp.widedeep,
        metrics=(
            Metric("validation:auc", "val_auc: ([0-9\\.]+)", 0.74, 0.81),
            Metric("train_loss", "'loss': ([0-9\\.]+)", 0.05, 1.2),
        ),
        failures=("data", "internal", "script"),
        weight=1.0,
        spot_rate=0.5,
        entry_point="wide_deep.py",
    ),
    Template(
        base="neuron-llama2-7b-pretrain",
        project="genai",
        team="genai-platform",
        image=f"{DLC}/pytorch-training-neuronx:1.13.1-neuronx-py310-sdk2.18.0-ubuntu20.04",
        instances=(("ml.trn1.32xlarge", (2, 4, 8)), ("ml.trn1.2xlarge", (1,))),
        train_minutes=(240, 1440),
        volume_gb=512,
        channels=("train",),
        content_type=None,
        hyperparameters=hp.neuron,
        metrics=(Metric("train_loss", "'loss': ([0-9\\.]+)", 0.05, 1.2),),
        failures=("capacity", "internal", "script"),
        weight=0.4,
        spot_rate=0.0,
        entry_point="pretrain_llama.py",
    ),
)

# Failure texts modelled on FailureReason values SageMaker reports.  Each entry is
# (phase the job dies in, message).  "{channel}" is filled with an S3 URI.
FAILURES: dict[str, tuple[str, str]] = {
    "oom": (
        "Training",
        'AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "torch.cuda.'
        "OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 22.20 GiB "
        "total capacity; 19.84 GiB already allocated; 1.02 GiB free; 20.10 GiB reserved in "
        'total by PyTorch)"\nCommand "/opt/conda/bin/python3.10 {entry_point}", exit code: 1',
    ),
    "script": (
        "Training",
        'AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "KeyError: '
        '\'label\'"\nCommand "/opt/conda/bin/python3.10 {entry_point}", exit code: 1',
    ),
    "csv": (
        "Training",
        "AlgorithmError: framework error: \nTraceback (most recent call last):\n  File "
        '"/miniconda3/lib/python3.8/site-packages/sagemaker_xgboost_container/data_utils.py"'
        "\nValueError: could not convert string to float: 'yes'\n\nLoading csv data failed "
        "with Exception, please ensure data is in csv format",
    ),
    "data": (
        "Downloading",
        "ClientError: Data download failed:Failed to download data. NoSuchKey (404): The "
        "specified key does not exist. Please check the S3 object {channel}",
    ),
    "capacity": (
        "Starting",
        "CapacityError: Unable to provision requested ML compute capacity. Please retry "
        "using a different ML instance type.",
    ),
    "internal": (
        "Training",
        "InternalServerError: We encountered an internal error. Please try again.",
    ),
}

TEAM_USERS = ("alice", "bob", "carol", "dmitri", "eun-ji", "farah", "gustavo")
SUBNETS = ("subnet-0a1b2c3d4e5f60718", "subnet-0f9e8d7c6b5a40312")
SECURITY_GROUP = "sg-0123456789abcdef0"
TRAINING_PLAN_ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/genai-p5-reserved-q4"
