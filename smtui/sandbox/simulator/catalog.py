"""Static catalogue the fleet generator draws from: job families, images, failures.

Image URIs follow the public SageMaker / Deep Learning Containers registries
(account 763104351884 hosts the DLCs, 683313688378 the first-party XGBoost and
scikit-learn images in us-east-1; see "Docker Registry Paths and Example Code"
in the SageMaker developer guide).  Instance types are members of the
``TrainingInstanceType`` enum in botocore's sagemaker model.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass

DATA_BUCKET = "sandbox-ml-data"
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


def _script_mode(entry_point: str, rng: random.Random, base: str) -> dict[str, str]:
    # The SageMaker Python SDK JSON-encodes every hyperparameter of script-mode
    # estimators and adds the sagemaker_* keys below.
    return {
        "sagemaker_program": json.dumps(entry_point),
        "sagemaker_submit_directory": json.dumps(
            f"s3://{DATA_BUCKET}/code/{base}/sourcedir-{rng.randrange(16**8):08x}.tar.gz"
        ),
        "sagemaker_region": json.dumps("us-east-1"),
        "sagemaker_container_log_level": "20",
    }


def _xgboost_hp(rng: random.Random) -> dict[str, str]:
    return {
        "objective": "binary:logistic",
        "eval_metric": "auc",
        "max_depth": str(rng.choice([4, 5, 6, 8])),
        "eta": str(rng.choice([0.05, 0.1, 0.2, 0.3])),
        "subsample": str(rng.choice([0.7, 0.8, 0.9])),
        "num_round": str(rng.choice([100, 200, 500])),
    }


def _sklearn_hp(rng: random.Random) -> dict[str, str]:
    return {
        "n-estimators": str(rng.choice([100, 200, 400])),
        "max-depth": str(rng.choice([8, 12, 16])),
        "class-weight": json.dumps("balanced"),
        **_script_mode("train_rf.py", rng, "sklearn-rf-fraud"),
    }


def _resnet_hp(rng: random.Random) -> dict[str, str]:
    return {
        "epochs": str(rng.choice([30, 60, 90])),
        "batch-size": str(rng.choice([128, 256, 512])),
        "lr": str(rng.choice([0.1, 0.2, 0.4])),
        "momentum": "0.9",
        **_script_mode("train_resnet.py", rng, "pytorch-resnet50-imagenet"),
    }


def _llama_hp(rng: random.Random) -> dict[str, str]:
    return {
        "model_id": json.dumps("meta-llama/Meta-Llama-3-8B"),
        "epochs": str(rng.choice([1, 2, 3])),
        "per_device_train_batch_size": str(rng.choice([2, 4, 8])),
        "learning_rate": str(rng.choice([1e-4, 2e-4, 3e-4])),
        "lora_r": str(rng.choice([8, 16, 64])),
        "lora_alpha": "16",
        "bf16": "true",
        **_script_mode("run_lora.py", rng, "hf-llama3-8b-lora"),
    }


def _bert_hp(rng: random.Random) -> dict[str, str]:
    return {
        "model_name": json.dumps("bert-base-uncased"),
        "epochs": str(rng.choice([2, 3, 4])),
        "train_batch_size": str(rng.choice([16, 32])),
        "learning_rate": str(rng.choice([2e-5, 3e-5, 5e-5])),
        **_script_mode("train.py", rng, "bert-base-sentiment"),
    }


def _widedeep_hp(rng: random.Random) -> dict[str, str]:
    return {
        "epochs": str(rng.choice([5, 10, 20])),
        "batch_size": str(rng.choice([1024, 2048, 4096])),
        "dnn_hidden_units": json.dumps("1024,512,256"),
        "model_dir": json.dumps(f"s3://{DATA_BUCKET}/ctr/models"),
        **_script_mode("wide_deep.py", rng, "tf-wide-deep-ctr"),
    }


def _neuron_hp(rng: random.Random) -> dict[str, str]:
    return {
        "tensor_parallel_size": str(rng.choice([8, 32])),
        "max_steps": str(rng.choice([5000, 10000, 20000])),
        "seq_len": "4096",
        **_script_mode("pretrain_llama.py", rng, "neuron-llama2-7b-pretrain"),
    }


def _loss(name: str = "train_loss", key: str = "loss") -> Metric:
    return Metric(name, f"'{key}': ([0-9\\.]+)", 0.05, 1.2)


TEMPLATES: tuple[Template, ...] = (
    Template(
        "xgboost-churn", "churn", "growth-analytics", f"{FIRST_PARTY}/sagemaker-xgboost:1.7-1",
        (("ml.m5.xlarge", (1,)), ("ml.m5.2xlarge", (1, 2)), ("ml.c5.2xlarge", (1,))),
        (4, 25), 30, ("train", "validation"), "text/csv", _xgboost_hp,
        (Metric("validation:auc", ".*\\[[0-9]+\\].*#011validation-auc:([-+]?[0-9]*\\.?[0-9]+)", 0.81, 0.93),
         Metric("train:auc", ".*\\[[0-9]+\\]#011train-auc:([-+]?[0-9]*\\.?[0-9]+)", 0.86, 0.98)),
        ("data", "csv", "internal"), 3.0, 0.4,
    ),
    Template(
        "sklearn-rf-fraud", "fraud", "risk-ml", f"{FIRST_PARTY}/sagemaker-scikit-learn:1.2-1-cpu-py3",
        (("ml.m5.large", (1,)), ("ml.m5.xlarge", (1,)), ("ml.c5.xlarge", (1,))),
        (3, 20), 30, ("train", "test"), "text/csv", _sklearn_hp,
        (Metric("test:f1", "f1: ([0-9\\.]+)", 0.71, 0.89),),
        ("data", "script", "internal"), 1.5, 0.2, "train_rf.py",
    ),
    Template(
        "pytorch-resnet50-imagenet", "vision", "vision-research",
        f"{DLC}/pytorch-training:2.1.0-gpu-py310",
        (("ml.p3.2xlarge", (1, 2)), ("ml.p3.8xlarge", (1, 2)), ("ml.g5.2xlarge", (1, 2, 4)),
         ("ml.p4d.24xlarge", (1, 2))),
        (90, 600), 200, ("train", "validation"), None, _resnet_hp,
        (Metric("validation:top1", "val_top1=([0-9\\.]+)", 0.70, 0.77), _loss()),
        ("oom", "capacity", "data", "internal"), 1.5, 0.5, "train_resnet.py",
    ),
    Template(
        "hf-llama3-8b-lora", "genai", "genai-platform",
        f"{DLC}/huggingface-pytorch-training:2.1.0-transformers4.36.0-gpu-py310-cu121",
        (("ml.g5.12xlarge", (1,)), ("ml.g5.48xlarge", (1,)), ("ml.p4d.24xlarge", (1, 2)),
         ("ml.p5.48xlarge", (1, 2))),
        (60, 480), 500, ("train", "validation"), None, _llama_hp,
        (Metric("eval_loss", "'eval_loss': ([0-9\\.]+)", 0.9, 1.6), _loss()),
        ("oom", "capacity", "internal", "script"), 1.2, 0.6, "run_lora.py",
    ),
    Template(
        "bert-base-sentiment", "reviews", "nlp-apps",
        f"{DLC}/huggingface-pytorch-training:1.13.1-transformers4.26.0-gpu-py39-cu117-ubuntu20.04",
        (("ml.g4dn.xlarge", (1,)), ("ml.g4dn.2xlarge", (1,)), ("ml.g5.2xlarge", (1,))),
        (20, 120), 50, ("train", "test"), None, _bert_hp,
        (Metric("eval_accuracy", "'eval_accuracy': ([0-9\\.]+)", 0.88, 0.94), _loss()),
        ("oom", "data", "internal"), 1.5, 0.5, "train.py",
    ),
    Template(
        "tf-wide-deep-ctr", "ads", "ads-ranking", f"{DLC}/tensorflow-training:2.13.0-gpu-py310",
        (("ml.c5.2xlarge", (1, 2)), ("ml.g4dn.xlarge", (1, 2)), ("ml.c5.4xlarge", (1,))),
        (30, 180), 100, ("train", "validation"), "application/x-tfrecord", _widedeep_hp,
        (Metric("validation:auc", "val_auc: ([0-9\\.]+)", 0.74, 0.81), _loss("train_loss", "loss")),
        ("data", "internal", "script"), 1.0, 0.5, "wide_deep.py",
    ),
    Template(
        "neuron-llama2-7b-pretrain", "genai", "genai-platform",
        f"{DLC}/pytorch-training-neuronx:1.13.1-neuronx-py310-sdk2.18.0-ubuntu20.04",
        (("ml.trn1.32xlarge", (2, 4, 8)), ("ml.trn1.2xlarge", (1,))),
        (240, 1440), 512, ("train",), None, _neuron_hp,
        (_loss(),),
        ("capacity", "internal", "script"), 0.4, 0.0, "pretrain_llama.py",
    ),
)

# Failure texts modelled on FailureReason values SageMaker reports.  Each entry is
# (phase the job dies in, message).  "{channel}" is filled with an S3 URI.
FAILURES: dict[str, tuple[str, str]] = {
    "oom": (
        "Training",
        "AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage \"torch.cuda."
        "OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 22.20 GiB "
        "total capacity; 19.84 GiB already allocated; 1.02 GiB free; 20.10 GiB reserved in "
        "total by PyTorch)\"\nCommand \"/opt/conda/bin/python3.10 {entry_point}\", exit code: 1",
    ),
    "script": (
        "Training",
        "AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage \"KeyError: "
        "'label'\"\nCommand \"/opt/conda/bin/python3.10 {entry_point}\", exit code: 1",
    ),
    "csv": (
        "Training",
        "AlgorithmError: framework error: \nTraceback (most recent call last):\n  File "
        "\"/miniconda3/lib/python3.8/site-packages/sagemaker_xgboost_container/data_utils.py\""
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
