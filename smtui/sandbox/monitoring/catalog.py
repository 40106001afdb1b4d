"""The monitoring schedules of the sandbox account: static templates on the endpoints area's
endpoints that capture data (fraud-detector-prod, churn-xgb-prod, pricing-ab-test-prod,
llm-chat-prod; smtui/sandbox/endpoints/catalog.py), one of each monitoring type.

Images: the Model Monitor analyzer (156813124566) for data and model quality, SageMaker
Clarify (205585389593) for bias and explainability, us-east-1 ("Docker Registry Paths and
Example Code", SageMaker developer guide; as smtui/sandbox/jobkinds/processing.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..constants import SANDBOX_ACCOUNT, SANDBOX_REGION

MONITOR_IMAGE = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
CLARIFY_IMAGE = "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0"
BUCKET = f"sagemaker-{SANDBOX_REGION}-{SANDBOX_ACCOUNT}"
"""The SageMaker Python SDK's default bucket name ("sagemaker-{region}-{account}"), where
monitors write unless told otherwise (and what docs/iam/viewer-policy.json lets s3:GetObject
read: ``arn:aws:s3:::*sagemaker*/*``)."""
KEY_PREFIX = "model-monitor"

HOUR = 3600.0
DAY = 86400.0

# A data quality job fails like this when the hour captured nothing (the FailureReason users
# report in aws/sagemaker-python-sdk#2634); a model quality job when no ground truth merged.
NO_DATA = "Job inputs had no data"
# The Failed schedule: its baseline cannot be read (the wording of a processing job's
# ClientError when an input cannot be downloaded, as in smtui/sandbox/jobkinds/processing.py).
BASELINE_DENIED = (
    "ClientError: Failed to download data. AccessDenied (403): Access Denied. Please check "
    f"the S3 object s3://{BUCKET}/{KEY_PREFIX}/baselines/llm-chat-prod/data-quality/"
    "constraints.json"
)


@dataclass(frozen=True)
class Feature:
    name: str
    kind: str
    """Fractional, Integral or String (constraints.json inferred_type)."""
    mean: float = 0.0
    std: float = 1.0
    low: float = 0.0
    high: float = 1.0
    values: tuple[str, ...] = ()
    """String features: the baseline's domain, most frequent first."""
    sensitivity: float = 1.0
    """How strongly this feature moves with the endpoint's drift."""


@dataclass(frozen=True)
class Metric:
    name: str
    baseline: float
    threshold: float
    operator: str
    """LessThanThreshold (alarm when below) or GreaterThanThreshold (alarm when above)."""
    drift: float
    """How far the metric moves per unit of drift (signed)."""


@dataclass(frozen=True)
class ScheduleTemplate:
    name: str
    endpoint: str
    type: str
    cron: str
    age_days: float
    lifecycle: str = "Scheduled"
    """Scheduled, Stopped (``stopped_ago`` before the start), Failed, Pending (created just
    before the start, Scheduled shortly after)."""
    stopped_ago: float = 0.0
    failure: str = ""
    history: float = 2 * DAY
    """How far back executions are kept in the listing."""
    job_definition: str = ""
    """For ModelQuality, ModelBias and ModelExplainability: the job definition's name."""
    instance: str = "ml.m5.xlarge"
    features: tuple[Feature, ...] = ()
    metrics: tuple[Metric, ...] = ()
    problem: str = ""
    """ModelQuality: BinaryClassification or Regression."""
    drift_onset: float | None = None
    """Seconds before the start when the endpoint's inputs begin to drift (None: never)."""
    drift_ramp: float = 36 * HOUR
    """How long the drift takes to reach its full level."""
    drift_level: float = 0.6
    failing_since: float | None = None
    """Executions scheduled after (start - this) fail with ``NO_DATA``."""
    extra_column_since: float | None = None
    """An upstream change added a column this long before the start."""
    malformed_at: float | None = None
    """The execution scheduled this long before the start wrote a truncated
    constraint_violations.json (an upload cut short): the console's error path."""


FRAUD_FEATURES = (
    Feature("transaction_amount", "Fractional", 86.4, 142.7, 0.5, 9800.0, sensitivity=1.4),
    Feature(
        "merchant_category",
        "String",
        values=("grocery", "fuel", "restaurants", "online_retail", "travel", "electronics"),
        sensitivity=1.1,
    ),
    Feature("card_present", "Integral", 0.62, 0.49, 0, 1, sensitivity=0.6),
    Feature("hour_of_day", "Integral", 13.8, 5.1, 0, 23, sensitivity=0.4),
    Feature("distance_from_home_km", "Fractional", 18.2, 61.5, 0.0, 4200.0, sensitivity=1.2),
    Feature("txn_count_24h", "Integral", 3.4, 2.9, 0, 61, sensitivity=0.9),
    Feature("avg_amount_30d", "Fractional", 71.9, 55.3, 1.0, 2400.0, sensitivity=0.3),
    Feature("country_code", "String", values=("US", "CA", "GB", "MX", "DE"), sensitivity=0.8),
    Feature("device_type", "String", values=("mobile", "web", "pos"), sensitivity=0.5),
    Feature("account_age_days", "Integral", 1290.0, 880.0, 0, 7300, sensitivity=0.2),
)
CHURN_FEATURES = (
    Feature("tenure_months", "Integral", 32.4, 24.6, 0, 72, sensitivity=0.5),
    Feature("monthly_charges", "Fractional", 64.8, 30.1, 18.25, 118.75, sensitivity=0.7),
    Feature("total_charges", "Fractional", 2283.3, 2266.8, 18.8, 8684.8, sensitivity=0.4),
    Feature(
        "contract_type",
        "String",
        values=("month-to-month", "one-year", "two-year"),
        sensitivity=0.6,
    ),
    Feature(
        "payment_method",
        "String",
        values=("electronic-check", "mailed-check", "bank-transfer", "credit-card"),
        sensitivity=0.3,
    ),
    Feature("num_support_calls", "Integral", 1.6, 1.3, 0, 9, sensitivity=0.8),
    Feature("senior_citizen", "Integral", 0.16, 0.37, 0, 1, sensitivity=0.2),
)
LLM_FEATURES = (
    Feature("prompt_tokens", "Integral", 412.0, 388.0, 1, 7800),
    Feature("max_new_tokens", "Integral", 512.0, 210.0, 16, 2048),
    Feature("temperature", "Fractional", 0.62, 0.21, 0.0, 1.5),
)
PRICING_FEATURES = (
    Feature("base_price", "Fractional", 42.1, 30.4, 0.99, 499.0),
    Feature("competitor_price", "Fractional", 40.7, 29.8, 0.99, 520.0),
    Feature("inventory_days", "Integral", 23.0, 17.0, 0, 180),
)

TEMPLATES: tuple[ScheduleTemplate, ...] = (
    ScheduleTemplate(
        name="fraud-detector-prod-data-quality",
        endpoint="fraud-detector-prod",
        type="DataQuality",
        cron="cron(0 * ? * * *)",
        age_days=38,
        features=FRAUD_FEATURES,
        # A new merchant mix since yesterday; the traffic surge just after the start (the
        # endpoints area's planted surge) widens it.
        drift_onset=30 * HOUR,
        drift_level=0.25,
        extra_column_since=8 * HOUR,
        malformed_at=5 * HOUR,
    ),
    ScheduleTemplate(
        name="fraud-detector-prod-model-quality",
        endpoint="fraud-detector-prod",
        type="ModelQuality",
        cron="cron(0 0/6 ? * * *)",
        age_days=38,
        history=10 * DAY,
        job_definition="fraud-detector-prod-model-quality-jd",
        problem="BinaryClassification",
        metrics=(
            Metric("auc", 0.941, 0.9, "LessThanThreshold", -0.16),
            Metric("precision", 0.872, 0.8, "LessThanThreshold", -0.22),
            Metric("recall", 0.811, 0.75, "LessThanThreshold", -0.2),
            Metric("f1", 0.840, 0.78, "LessThanThreshold", -0.21),
            Metric("accuracy", 0.991, 0.98, "LessThanThreshold", -0.01),
        ),
        drift_onset=30 * HOUR,
    ),
    ScheduleTemplate(
        name="churn-xgb-prod-data-quality",
        endpoint="churn-xgb-prod",
        type="DataQuality",
        cron="cron(0 * ? * * *)",
        age_days=190,
        features=CHURN_FEATURES,
    ),
    ScheduleTemplate(
        name="churn-xgb-prod-model-bias",
        endpoint="churn-xgb-prod",
        type="ModelBias",
        cron="cron(0 5 ? * * *)",
        age_days=120,
        history=14 * DAY,
        job_definition="churn-xgb-prod-model-bias-jd",
        instance="ml.c5.xlarge",
        drift_onset=3 * DAY,
        drift_ramp=2 * DAY,
        drift_level=0.5,
    ),
    ScheduleTemplate(
        name="churn-xgb-prod-model-explainability",
        endpoint="churn-xgb-prod",
        type="ModelExplainability",
        cron="cron(0 6 ? * * *)",
        age_days=120,
        lifecycle="Stopped",
        stopped_ago=3 * DAY + 5 * HOUR,
        history=14 * DAY,
        job_definition="churn-xgb-prod-model-explainability-jd",
        instance="ml.c5.xlarge",
        drift_onset=9 * DAY,
        drift_ramp=4 * DAY,
    ),
    ScheduleTemplate(
        name="pricing-ab-test-prod-model-quality",
        endpoint="pricing-ab-test-prod",
        type="ModelQuality",
        cron="cron(0 * ? * * *)",
        age_days=8,
        job_definition="pricing-ab-test-prod-model-quality-jd",
        problem="Regression",
        metrics=(
            Metric("mae", 1.84, 2.5, "GreaterThanThreshold", 1.6),
            Metric("rmse", 2.61, 3.4, "GreaterThanThreshold", 2.0),
            Metric("r2", 0.83, 0.75, "LessThanThreshold", -0.2),
        ),
        # The ground truth upload stopped 6 hours ago: every job since had no data.
        failing_since=6 * HOUR,
    ),
    ScheduleTemplate(
        name="pricing-ab-test-prod-data-quality",
        endpoint="pricing-ab-test-prod",
        type="DataQuality",
        cron="cron(0 * ? * * *)",
        age_days=0,
        lifecycle="Pending",
        features=PRICING_FEATURES,
    ),
    ScheduleTemplate(
        name="llm-chat-prod-data-quality",
        endpoint="llm-chat-prod",
        type="DataQuality",
        cron="cron(0 2 ? * * *)",
        age_days=2,
        lifecycle="Failed",
        failure=BASELINE_DENIED,
        features=LLM_FEATURES,
    ),
)
