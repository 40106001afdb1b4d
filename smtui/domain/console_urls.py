"""AWS console URLs of SageMaker resources, for `o` (open/copy) in every view.

Format as the SageMaker console uses it (https://{region}.console.aws.amazon.com/sagemaker/home?region={region}#/...),
checked against console links of the AI/ML console as of 2026; paths per resource kind.
"""

from __future__ import annotations

from urllib.parse import quote


def sagemaker_console(region: str, fragment: str) -> str:
    return f"https://{region}.console.aws.amazon.com/sagemaker/home?region={region}#/{fragment}"


def training_job(region: str, name: str) -> str:
    return sagemaker_console(region, f"jobs/{quote(name)}")
