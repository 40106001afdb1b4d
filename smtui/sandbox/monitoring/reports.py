"""The JSON documents Model Monitor writes, derived from a schedule's template and an
execution's drift: baseline ``statistics.json`` / ``constraints.json`` and each execution's
``statistics.json`` / ``constraint_violations.json``.

Formats: SageMaker developer guide, "Schema for Statistics (statistics.json file)",
"Schema for Constraints (constraints.json file)", "Schema for Violations
(constraint_violations.json file)", "Bias Drift Violations", "Feature Attribution Drift
Violations" (see smtui/domain/monitoring.py for the links). Descriptions: data type and
numerical drift as the analyzer writes them ("Data type match requirement is not met.
Expected data type: Integral, Expected match: 100.0%. Observed: Only 50.0% of data is
Integral.", "Numerical distance: 0.2711598746081505 exceeds numerical threshold: 0", quoted
in public walkthroughs of DefaultModelMonitor), bias ("Value 0.0751544567666083 does not
meet the constraint requirement") and attribution ("Feature attribution drift
0.7639720923277322 exceeds threshold 0.9") from the guide; the completeness, domain and
column-count texts are modelled on the data type one.
"""

from __future__ import annotations

import random
from typing import Any

from .catalog import Feature, ScheduleTemplate

COMPARISON_THRESHOLD = 0.1
BASELINE_ITEMS = 248_913
NDCG_THRESHOLD = 0.9
BIAS_FACET = ("senior_citizen", "1")
# (metric, baseline constraint, drift sensitivity): the bias metrics the job checks.
BIAS_METRICS = (("CI", 0.0751, 0.02), ("DPL", 0.0412, 0.09), ("DPPL", 0.0316, 0.14))


def baseline_statistics(tpl: ScheduleTemplate) -> dict[str, Any]:
    if tpl.type == "ModelQuality":
        return {
            "version": 0.0,
            "dataset": {"item_count": 20_000},
            _metrics_key(tpl): {
                m.name: {"value": m.baseline, "standard_deviation": 0.004} for m in tpl.metrics
            },
        }
    return {
        "version": 0.0,
        "dataset": {"item_count": BASELINE_ITEMS},
        "features": [
            _feature_stats(f, BASELINE_ITEMS, 0.0, 1.0, random.Random(f.name)) for f in tpl.features
        ],
    }


def baseline_constraints(tpl: ScheduleTemplate) -> dict[str, Any]:
    if tpl.type == "ModelQuality":
        return {
            "version": 0.0,
            _constraints_key(tpl): {
                m.name: {"threshold": m.threshold, "comparison_operator": m.operator}
                for m in tpl.metrics
            },
        }
    if tpl.type == "ModelBias":
        return {
            "version": "1.0",
            "post_training_bias_metrics": {
                "label": "churned",
                "facets": {
                    BIAS_FACET[0]: [
                        {
                            "value_or_threshold": BIAS_FACET[1],
                            "metrics": [
                                {"name": name, "value": value} for name, value, _ in BIAS_METRICS
                            ],
                        }
                    ]
                },
            },
        }
    if tpl.type == "ModelExplainability":
        return {"version": "1.0", "explanations": {"kernel_shap": {"label0": {}}}}
    features = []
    for f in tpl.features:
        item: dict[str, Any] = {"name": f.name, "inferred_type": f.kind, "completeness": 1.0}
        if f.kind == "String":
            item["string_constraints"] = {"domains": list(f.values)}
        else:
            item["num_constraints"] = {"is_non_negative": f.low >= 0}
        features.append(item)
    return {
        "version": 0.0,
        "features": features,
        "monitoring_config": {
            "evaluate_constraints": "Enabled",
            "emit_metrics": "Enabled",
            "datatype_check_threshold": 1.0,
            "domain_content_threshold": 1.0,
            "distribution_constraints": {
                "perform_comparison": "Enabled",
                "comparison_threshold": COMPARISON_THRESHOLD,
                "comparison_method": "Robust",
                "categorical_comparison_threshold": COMPARISON_THRESHOLD,
                "categorical_drift_method": "LInfinity",
            },
        },
    }


def _metrics_key(tpl: ScheduleTemplate) -> str:
    return "regression_metrics" if tpl.problem == "Regression" else "binary_classification_metrics"


def _constraints_key(tpl: ScheduleTemplate) -> str:
    return (
        "regression_constraints"
        if tpl.problem == "Regression"
        else "binary_classification_constraints"
    )


def _feature_stats(
    f: Feature, items: int, distance: float, complete: float, rng: random.Random
) -> dict[str, Any]:
    present = round(items * complete)
    common = {"num_present": present, "num_missing": items - present}
    if f.kind == "String":
        weights = [1.0 / (i + 1) for i in range(len(f.values))]
        if distance > 0:  # the drifted mix: later values gain
            weights = [w * (1 + distance * 3 * i) for i, w in enumerate(weights)]
        total = sum(weights)
        buckets = [
            {"value": v, "count": round(present * w / total)}
            for v, w in zip(f.values, weights, strict=True)
        ]
        distinct = len(f.values) + (2 if distance > 0.25 else 0)
        return {
            "name": f.name,
            "inferred_type": "String",
            "string_statistics": {
                "common": common,
                "distinct_count": distinct,
                "distribution": {"categorical": {"buckets": buckets}},
            },
        }
    direction = 1 if rng.random() < 0.7 else -1
    mean = f.mean + direction * distance * f.std
    mean = min(f.high, max(f.low, mean))
    std = f.std * (1 + 0.3 * distance)
    integral = f.kind == "Integral"
    if integral:
        mean = round(mean, 2)
    return {
        "name": f.name,
        "inferred_type": f.kind,
        "numerical_statistics": {
            "common": common,
            "mean": mean,
            "sum": round(mean * present, 2),
            "std_dev": round(std, 4),
            "min": f.low,
            "max": f.high if distance < 0.3 else round(f.high * (1 + distance), 2),
            "distribution": {
                "kll": {
                    "buckets": [
                        {
                            "lower_bound": round(f.low + (f.high - f.low) * k / 10, 4),
                            "upper_bound": round(f.low + (f.high - f.low) * (k + 1) / 10, 4),
                            "count": round(present * (0.5 ** (k + 1))),
                        }
                        for k in range(10)
                    ]
                }
            },
        },
    }


class Outcome:
    """What one execution found: its statistics and violations (deterministic)."""

    def __init__(
        self,
        tpl: ScheduleTemplate,
        rng: random.Random,
        drift: float,
        items: int,
        *,
        extra_column: bool = False,
    ) -> None:
        self.statistics: dict[str, Any] | None = None
        self.violations: list[dict[str, Any]] = []
        if tpl.type == "DataQuality":
            self._data_quality(tpl, rng, drift, items, extra_column)
        elif tpl.type == "ModelQuality":
            self._model_quality(tpl, rng, drift, items)
        elif tpl.type == "ModelBias":
            self._bias(rng, drift)
        else:
            self._explainability(rng, drift)

    def _data_quality(
        self, tpl: ScheduleTemplate, rng: random.Random, drift: float, items: int, extra: bool
    ) -> None:
        features = []
        for f in tpl.features:
            distance = max(0.0, drift * f.sensitivity * (0.75 + 0.5 * rng.random()))
            distance += 0.04 * rng.random()
            complete = 1.0
            if rng.random() < 0.004:
                complete = round(0.93 + 0.06 * rng.random(), 4)
                self.violations.append(
                    {
                        "feature_name": f.name,
                        "constraint_check_type": "completeness_check",
                        "description": (
                            "Data completeness requirement is not met. Expected: 100.0% of "
                            f"data is non-null. Observed: Only {complete * 100:.1f}% of data "
                            "is non-null."
                        ),
                    }
                )
            if f.kind != "String" and tpl.endpoint.startswith("churn") and rng.random() < 0.012:
                share = round(99.0 + rng.random(), 1)
                self.violations.append(
                    {
                        "feature_name": f.name,
                        "constraint_check_type": "data_type_check",
                        "description": (
                            "Data type match requirement is not met. Expected data type: "
                            f"{f.kind}, Expected match: 100.0%. Observed: Only {share}% of "
                            f"data is {f.kind}."
                        ),
                    }
                )
            if distance > COMPARISON_THRESHOLD:
                kind = "Categorical" if f.kind == "String" else "Numerical"
                self.violations.append(
                    {
                        "feature_name": f.name,
                        "constraint_check_type": "baseline_drift_check",
                        "description": (
                            f"{kind} distance: {distance!r} exceeds {kind.lower()} threshold: "
                            f"{COMPARISON_THRESHOLD}"
                        ),
                    }
                )
            if f.kind == "String" and distance > 0.25:
                within = round(100 - distance * 12, 1)
                self.violations.append(
                    {
                        "feature_name": f.name,
                        "constraint_check_type": "categorical_values_check",
                        "description": (
                            "Data domain requirement is not met. Expected: 100.0% of data "
                            f"within the baseline domain. Observed: Only {within}% of data is "
                            "within the baseline domain."
                        ),
                    }
                )
            features.append(_feature_stats(f, items, distance, complete, rng))
        if extra:
            count = len(tpl.features)
            self.violations.append(
                {
                    "feature_name": "promo_code",
                    "constraint_check_type": "extra_column_check",
                    "description": (
                        "There are extra columns in current dataset. Number of columns in "
                        f"current dataset: {count + 1}, Number of columns in baseline "
                        f"constraints: {count}"
                    ),
                }
            )
            features.append(
                {
                    "name": "promo_code",
                    "inferred_type": "String",
                    "string_statistics": {
                        "common": {"num_present": items // 7, "num_missing": items - items // 7},
                        "distinct_count": 38,
                    },
                }
            )
        self.statistics = {"version": 0.0, "dataset": {"item_count": items}, "features": features}

    def _model_quality(
        self, tpl: ScheduleTemplate, rng: random.Random, drift: float, items: int
    ) -> None:
        metrics = {}
        for m in tpl.metrics:
            value = round(m.baseline + m.drift * drift + rng.gauss(0, 0.006), 4)
            std = round(0.003 + 0.005 * rng.random(), 4)
            metrics[m.name] = {"value": value, "standard_deviation": std}
            bad = value < m.threshold if m.operator == "LessThanThreshold" else value > m.threshold
            if bad:
                self.violations.append(
                    {
                        "metric_name": m.name,
                        "constraint_check_type": m.operator,
                        "description": (
                            f"Metric {m.name} with {value} +/- {std} was {m.operator} {m.threshold}"
                        ),
                    }
                )
        self.statistics = {
            "version": 0.0,
            "dataset": {"item_count": items},
            _metrics_key(tpl): metrics,
        }

    def _bias(self, rng: random.Random, drift: float) -> None:
        for name, baseline, sensitivity in BIAS_METRICS:
            value = baseline * (0.7 + 0.25 * rng.random()) + sensitivity * drift
            if abs(value) > abs(baseline):
                self.violations.append(
                    {
                        "facet": BIAS_FACET[0],
                        "facet_value": BIAS_FACET[1],
                        "metric_name": name,
                        "constraint_check_type": "bias_drift_check",
                        "description": f"Value {value!r} does not meet the constraint requirement",
                    }
                )

    def _explainability(self, rng: random.Random, drift: float) -> None:
        score = 0.985 - 0.3 * drift - 0.03 * rng.random()
        if score < NDCG_THRESHOLD:
            self.violations.append(
                {
                    "label": "label0",
                    "metric_name": "shap",
                    "constraint_check_type": "feature_attribution_drift_check",
                    "description": (
                        f"Feature attribution drift {score!r} exceeds threshold {NDCG_THRESHOLD}"
                    ),
                }
            )

    def violations_document(self, tpl: ScheduleTemplate) -> dict[str, Any]:
        if tpl.type in ("ModelBias", "ModelExplainability"):
            return {"version": "1.0", "violations": self.violations}
        return {"violations": self.violations}
