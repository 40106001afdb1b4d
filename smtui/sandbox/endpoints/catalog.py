"""The endpoints the sandbox account runs: static templates the fleet is built from.

Images follow the public registries (763104351884 hosts the Deep Learning Containers,
683313688378 the first-party XGBoost and scikit-learn images in us-east-1: "Docker
Registry Paths and Example Code", SageMaker developer guide). Instance types are
members of botocore's ``ProductionVariantInstanceType`` enum. vCPU and GPU counts are
the EC2 instance specifications of the same families.

Traffic numbers are invocations per minute for the whole endpoint at the daily mean;
``latency_ms`` is the median ModelLatency; autoscaling is target tracking on
``SageMakerVariantInvocationsPerInstance`` (Application Auto Scaling's predefined
metric for variants) with its target in invocations per instance per minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DLC = "763104351884.dkr.ecr.us-east-1.amazonaws.com"
FIRST_PARTY = "683313688378.dkr.ecr.us-east-1.amazonaws.com"
MODEL_BUCKET = "sandbox-ml-models"
CAPTURE_BUCKET = "sandbox-ml-datacapture"
KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"

# (vCPUs, GPUs) per instance type; GPUUtilization is published for GPU instances only.
INSTANCE_SPECS: dict[str, tuple[int, int]] = {
    "ml.t2.medium": (2, 0),
    "ml.m5.large": (2, 0),
    "ml.m5.xlarge": (4, 0),
    "ml.c5.2xlarge": (8, 0),
    "ml.c5.4xlarge": (16, 0),
    "ml.c6i.2xlarge": (8, 0),
    "ml.inf2.xlarge": (4, 0),
    "ml.g4dn.xlarge": (4, 1),
    "ml.g5.xlarge": (4, 1),
    "ml.g5.2xlarge": (8, 1),
    "ml.g5.12xlarge": (48, 4),
}

BURSTABLE_PREFIXES = ("ml.t2.", "ml.t3.")
"""Application Auto Scaling does not scale burstable instances (SageMaker developer guide,
"Configure model auto scaling with the console": burstable T2/T3 are not supported)."""


@dataclass(frozen=True)
class Scaling:
    min: int
    max: int
    target: float
    """Target InvocationsPerInstance (per minute)."""
    scale_out_cooldown: int = 300
    scale_in_cooldown: int = 600
    step_policy: bool = False
    """Also a step scaling policy (shown; the sandbox simulates target tracking only)."""


@dataclass(frozen=True)
class VariantTemplate:
    name: str
    model: str
    image: str
    instance_type: str | None
    """None for a serverless variant."""
    count: int = 1
    weight: float = 1.0
    share: float = 1.0
    """This variant's part of the endpoint's traffic at the start."""
    latency_ms: float = 20.0
    sigma: float = 0.35
    serverless: tuple[int, int, int | None] | None = None
    """(MemorySizeInMB, MaxConcurrency, ProvisionedConcurrency)."""
    scaling: Scaling | None = None
    multi_model: bool = False


@dataclass(frozen=True)
class EndpointTemplate:
    name: str
    team: str
    variants: tuple[VariantTemplate, ...]
    rpm: float
    """Invocations per minute at the daily mean."""
    age_days: float
    """How old the endpoint is at the sandbox's start."""
    amplitude: float = 0.4
    peak_hour: float = 16.0
    capture: int | None = None
    """Data capture sampling percentage, or None when capture is off."""
    shadow: VariantTemplate | None = None
    lifecycle: str = "InService"
    """InService, Creating (becomes InService soon after start), Updating (a blue/green
    deployment in progress at start), Failed."""
    failure: str = ""
    planted: tuple[tuple[str, float, float], ...] = ()
    """Incidents at fixed offsets from the sandbox start: (kind, start, end) in seconds;
    kind is "latency", "5xx" or "surge"."""
    update_to: tuple[VariantTemplate, ...] = field(default_factory=tuple)
    """For an Updating endpoint: the variants of the config being deployed."""


XGB = f"{FIRST_PARTY}/sagemaker-xgboost:1.7-1"
SKLEARN = f"{FIRST_PARTY}/sagemaker-scikit-learn:1.2-1-cpu-py3"
TORCH_GPU = f"{DLC}/pytorch-inference:2.1.0-gpu-py310-cu118-ubuntu20.04-sagemaker"
TORCH_CPU = f"{DLC}/pytorch-inference:2.1.0-cpu-py310-ubuntu20.04-sagemaker"
TGI = f"{DLC}/huggingface-pytorch-tgi-inference:2.1.1-tgi2.0.0-gpu-py310-cu121-ubuntu22.04"
NEURONX = f"{DLC}/pytorch-inference-neuronx:1.13.1-neuronx-py310-sdk2.15.0-ubuntu20.04"
HF_CPU = f"{DLC}/huggingface-pytorch-inference:2.1.0-transformers4.37.0-cpu-py310-ubuntu22.04"
MME_IMAGE = f"{FIRST_PARTY}/sagemaker-xgboost:1.7-1"

# Health-check failure as SageMaker reports it for an endpoint whose container never
# answered /ping (the message users quote from DescribeEndpoint's FailureReason).
PING_FAILURE = (
    "The primary container for production variant AllTraffic did not pass the ping health "
    "check. Please check CloudWatch logs for this endpoint."
)

TEMPLATES: tuple[EndpointTemplate, ...] = (
    EndpointTemplate(
        name="fraud-detector-prod",
        team="risk",
        rpm=700,
        amplitude=0.3,
        age_days=41,
        capture=20,
        variants=(
            VariantTemplate(
                "AllTraffic",
                "fraud-detector-xgb-v14",
                XGB,
                "ml.c5.2xlarge",
                count=2,
                latency_ms=9,
                scaling=Scaling(min=2, max=8, target=600),
            ),
        ),
        # The demo of target tracking: traffic jumps a few minutes after start.
        planted=(("surge", 300, 3 * 3600),),
    ),
    EndpointTemplate(
        name="recsys-ranker-prod",
        team="personalization",
        rpm=5200,
        age_days=88,
        variants=(
            VariantTemplate(
                "champion",
                "recsys-ranker-v31",
                TORCH_GPU,
                "ml.g5.2xlarge",
                count=3,
                weight=0.9,
                share=0.9,
                latency_ms=38,
                scaling=Scaling(min=3, max=10, target=1800, scale_in_cooldown=900),
            ),
            VariantTemplate(
                "challenger",
                "recsys-ranker-v32",
                TORCH_GPU,
                "ml.g5.2xlarge",
                count=1,
                weight=0.1,
                share=0.1,
                latency_ms=34,
            ),
        ),
    ),
    EndpointTemplate(
        name="search-embeddings-prod",
        team="search",
        rpm=9000,
        age_days=133,
        variants=(
            VariantTemplate(
                "AllTraffic",
                "search-embeddings-e5-large",
                NEURONX,
                "ml.inf2.xlarge",
                count=4,
                latency_ms=14,
                scaling=Scaling(min=4, max=12, target=2600, step_policy=True),
            ),
        ),
        planted=(("latency", -1500, 900),),
    ),
    EndpointTemplate(
        name="churn-xgb-prod",
        team="growth-analytics",
        rpm=320,
        age_days=205,
        capture=100,
        variants=(
            VariantTemplate(
                "AllTraffic", "churn-xgb-v7", XGB, "ml.m5.xlarge", count=2, latency_ms=6
            ),
        ),
    ),
    EndpointTemplate(
        name="llm-chat-prod",
        team="assistant",
        rpm=240,
        age_days=23,
        capture=5,
        variants=(
            VariantTemplate(
                "AllTraffic",
                "llm-chat-llama3-8b-v3",
                TGI,
                "ml.g5.12xlarge",
                count=2,
                latency_ms=1900,
                sigma=0.55,
                scaling=Scaling(min=2, max=6, target=150, scale_out_cooldown=600),
            ),
        ),
        shadow=VariantTemplate(
            "shadow-llama3-70b-awq",
            "llm-chat-llama3-70b-awq-v1",
            TGI,
            "ml.g5.12xlarge",
            count=1,
            latency_ms=3400,
            sigma=0.6,
        ),
        planted=(("5xx", -480, 720),),
    ),
    EndpointTemplate(
        name="doc-classifier-serverless",
        team="documents",
        rpm=45,
        age_days=61,
        variants=(
            VariantTemplate(
                "AllTraffic",
                "doc-classifier-distilbert-v5",
                HF_CPU,
                None,
                latency_ms=120,
                serverless=(4096, 20, 5),
            ),
        ),
    ),
    EndpointTemplate(
        name="sentiment-serverless-dev",
        team="documents",
        rpm=3,
        age_days=12,
        variants=(
            VariantTemplate(
                "AllTraffic",
                "sentiment-roberta-v2",
                HF_CPU,
                None,
                latency_ms=160,
                serverless=(2048, 5, None),
            ),
        ),
    ),
    EndpointTemplate(
        name="tenant-forecast-mme",
        team="forecasting",
        rpm=1400,
        age_days=74,
        variants=(
            VariantTemplate(
                "AllTraffic",
                "tenant-forecast-mme",
                MME_IMAGE,
                "ml.c5.4xlarge",
                count=3,
                latency_ms=11,
                multi_model=True,
                scaling=Scaling(min=2, max=6, target=700),
            ),
        ),
    ),
    EndpointTemplate(
        name="image-moderation-prod",
        team="trust-safety",
        rpm=1100,
        age_days=150,
        lifecycle="Updating",
        variants=(
            VariantTemplate(
                "AllTraffic",
                "image-moderation-vit-v8",
                TORCH_GPU,
                "ml.g4dn.xlarge",
                count=2,
                latency_ms=42,
            ),
        ),
        update_to=(
            VariantTemplate(
                "AllTraffic",
                "image-moderation-vit-v9",
                TORCH_GPU,
                "ml.g5.xlarge",
                count=2,
                latency_ms=31,
            ),
        ),
    ),
    EndpointTemplate(
        name="ocr-pipeline-staging",
        team="documents",
        rpm=60,
        age_days=0,
        lifecycle="Creating",
        variants=(
            VariantTemplate(
                "AllTraffic", "ocr-trocr-base-v2", TORCH_CPU, "ml.c6i.2xlarge", latency_ms=210
            ),
        ),
    ),
    EndpointTemplate(
        name="nlp-ner-staging",
        team="search",
        rpm=0,
        age_days=1,
        lifecycle="Failed",
        failure=PING_FAILURE,
        variants=(
            VariantTemplate(
                "AllTraffic", "nlp-ner-bert-v4", TORCH_GPU, "ml.g5.xlarge", latency_ms=25
            ),
        ),
    ),
    EndpointTemplate(
        name="price-optimizer-dev",
        team="pricing",
        rpm=8,
        age_days=19,
        variants=(
            VariantTemplate(
                "AllTraffic", "price-optimizer-sklearn-v3", SKLEARN, "ml.t2.medium", latency_ms=4
            ),
        ),
    ),
    EndpointTemplate(
        name="pricing-ab-test-prod",
        team="pricing",
        rpm=900,
        age_days=9,
        capture=10,
        variants=(
            VariantTemplate(
                "variant-a",
                "pricing-xgb-v11",
                XGB,
                "ml.m5.large",
                count=1,
                weight=0.5,
                share=0.5,
                latency_ms=7,
                scaling=Scaling(min=1, max=4, target=500),
            ),
            VariantTemplate(
                "variant-b",
                "pricing-xgb-v12",
                XGB,
                "ml.m5.large",
                count=1,
                weight=0.5,
                share=0.5,
                latency_ms=8,
                scaling=Scaling(min=1, max=4, target=500),
            ),
        ),
    ),
    EndpointTemplate(
        name="ltv-predictor-dev",
        team="growth-analytics",
        rpm=15,
        age_days=33,
        variants=(
            VariantTemplate("AllTraffic", "ltv-predictor-xgb-v2", XGB, "ml.m5.large", latency_ms=5),
        ),
    ),
)

EXTRA_CONFIGS = ("fraud-detector-prod-config-v13", "recsys-ranker-prod-config-v30")
"""Older endpoint configs no endpoint uses any more (still listed, as on AWS)."""
