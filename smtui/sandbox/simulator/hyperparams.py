"""Hyperparameter generators per job family (values are strings, as in the API).

Script-mode families carry the ``sagemaker_*`` keys the SageMaker Python SDK
adds, JSON-encoded the way the SDK encodes them.
"""

from __future__ import annotations

import json
import random

DATA_BUCKET = "sandbox-ml-data"


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


def xgboost(rng: random.Random) -> dict[str, str]:
    return {
        "objective": "binary:logistic",
        "eval_metric": "auc",
        "max_depth": str(rng.choice([4, 5, 6, 8])),
        "eta": str(rng.choice([0.05, 0.1, 0.2, 0.3])),
        "subsample": str(rng.choice([0.7, 0.8, 0.9])),
        "num_round": str(rng.choice([100, 200, 500])),
    }


def sklearn(rng: random.Random) -> dict[str, str]:
    return {
        "n-estimators": str(rng.choice([100, 200, 400])),
        "max-depth": str(rng.choice([8, 12, 16])),
        "class-weight": json.dumps("balanced"),
        **_script_mode("train_rf.py", rng, "sklearn-rf-fraud"),
    }


def resnet(rng: random.Random) -> dict[str, str]:
    return {
        "epochs": str(rng.choice([30, 60, 90])),
        "batch-size": str(rng.choice([128, 256, 512])),
        "lr": str(rng.choice([0.1, 0.2, 0.4])),
        "momentum": "0.9",
        **_script_mode("train_resnet.py", rng, "pytorch-resnet50-imagenet"),
    }


def llama(rng: random.Random) -> dict[str, str]:
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


def bert(rng: random.Random) -> dict[str, str]:
    return {
        "model_name": json.dumps("bert-base-uncased"),
        "epochs": str(rng.choice([2, 3, 4])),
        "train_batch_size": str(rng.choice([16, 32])),
        "learning_rate": str(rng.choice([2e-5, 3e-5, 5e-5])),
        **_script_mode("train.py", rng, "bert-base-sentiment"),
    }


def widedeep(rng: random.Random) -> dict[str, str]:
    return {
        "epochs": str(rng.choice([5, 10, 20])),
        "batch_size": str(rng.choice([1024, 2048, 4096])),
        "dnn_hidden_units": json.dumps("1024,512,256"),
        "model_dir": json.dumps(f"s3://{DATA_BUCKET}/ctr/models"),
        **_script_mode("wide_deep.py", rng, "tf-wide-deep-ctr"),
    }


def neuron(rng: random.Random) -> dict[str, str]:
    return {
        "tensor_parallel_size": str(rng.choice([8, 32])),
        "max_steps": str(rng.choice([5000, 10000, 20000])),
        "seq_len": "4096",
        **_script_mode("pretrain_llama.py", rng, "neuron-llama2-7b-pretrain"),
    }
