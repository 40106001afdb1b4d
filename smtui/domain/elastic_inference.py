"""Elastic Inference accelerators on an endpoint config, for the endpoint detail.

Older endpoint configs attach an EI accelerator to a production variant
(``ProductionVariants[].AcceleratorType``, one of ml.eia1.* / ml.eia2.*; botocore's
ProductionVariantAcceleratorType). AWS stopped onboarding new customers to Elastic
Inference on April 15, 2023 (the Elastic Inference API reference notice of February 15,
2023): such a config cannot be recreated by a new account, so the detail says so.

Call :func:`accelerator_section_rows` with a DescribeEndpointConfig response; it returns
``()`` when no variant has an accelerator, so the caller adds a section only then, e.g.::

    rows = accelerator_section_rows(config)
    if rows:
        sections.append(Section("Elastic Inference", rows, text=RETIREMENT_NOTE,
                                role="warning"))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RETIREMENT_NOTE = (
    "Amazon Elastic Inference is retired for new use: since April 15, 2023 AWS does not "
    "onboard new customers, and accounts that have not used it in the past 30 days cannot "
    "launch accelerators. Plan a move to Inferentia (ml.inf*) or GPU instances."
)

# Accelerator sizes per the SageMaker developer guide ("Amazon SageMaker Elastic Inference
# (EI)": F32 / F16 TFLOPS and memory GB).
ACCELERATORS: dict[str, tuple[int, int, int]] = {
    "ml.eia1.medium": (1, 8, 1),
    "ml.eia1.large": (2, 16, 2),
    "ml.eia1.xlarge": (4, 32, 4),
    "ml.eia2.medium": (1, 8, 2),
    "ml.eia2.large": (2, 16, 4),
    "ml.eia2.xlarge": (4, 32, 8),
}


def accelerated_variants(config: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [v for v in config.get("ProductionVariants") or [] if v.get("AcceleratorType")]


def describe_accelerator(accelerator: str) -> str:
    spec = ACCELERATORS.get(accelerator)
    if spec is None:
        return accelerator
    f32, f16, memory = spec
    return f"{accelerator}  ({f32} TFLOPS F32, {f16} TFLOPS F16, {memory} GB)"


def accelerator_section_rows(config: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """One (label, value) row per variant with an accelerator: the variant, its
    accelerator and its instance; empty when the config has none."""
    rows = []
    for variant in accelerated_variants(config):
        name = str(variant.get("VariantName", "variant"))
        instance = variant.get("InstanceType", "-")
        count = variant.get("InitialInstanceCount")
        on = f"{instance} x {count}" if count else str(instance)
        rows.append((name, f"{describe_accelerator(str(variant['AcceleratorType']))} on {on}"))
    return tuple(rows)
