"""AWS console URLs of SageMaker resources, for `o` (open/copy) in every view.

Format as the SageMaker console uses it (https://{region}.console.aws.amazon.com/sagemaker/home?region={region}#/...),
checked against console links of the AI/ML console as of 2026; paths per resource kind.
The host is the region's partition's console (smtui/domain/partitions.py, sources
there): console.amazonaws.cn for aws-cn, console.amazonaws-us-gov.com for aws-us-gov.
"""

from __future__ import annotations

from urllib.parse import quote

from smtui.domain.partitions import console_host, partition_for_region


def _host(region: str) -> str:
    host = console_host(region)
    if host is None:  # an isolated partition: say so rather than link the wrong console
        raise NoConsole(region)
    return host


class NoConsole(ValueError):
    def __init__(self, region: str) -> None:
        partition = partition_for_region(region)
        super().__init__(f"no console URL known for {region} (partition {partition})")


def sagemaker_console(region: str, fragment: str) -> str:
    """The console page; for a region of a partition without a known console, the
    sentence saying so (it is what `o` copies and shows)."""
    try:
        host = _host(region)
    except NoConsole as exc:
        return str(exc)
    return f"https://{host}/sagemaker/home?region={region}#/{fragment}"


def training_job(region: str, name: str) -> str:
    return sagemaker_console(region, f"jobs/{quote(name)}")


# Console fragments per ARN resource type. Source: the SageMaker console's own routes as
# used by AWS's SageMaker Components for Kubeflow Pipelines (they log these links, e.g.
# "#/hyper-tuning-jobs/{}", "#/transform-jobs/{}", "#/endpoints/{}", "#/endpointConfig/{}",
# "#/models/{}", and Ground Truth's "groundtruth?region={}#/labeling-jobs/details/{}") and
# a public ARN-to-console mapping (auto-ml, compilation-jobs, model-packages,
# monitoring-schedules, processing-jobs, notebook-instances). Experiments, trials and
# trial components have no console page outside Studio: None.
FRAGMENTS: dict[str, str | None] = {
    "training-job": "jobs",
    "processing-job": "processing-jobs",
    "transform-job": "transform-jobs",
    "hyper-parameter-tuning-job": "hyper-tuning-jobs",
    "automl-job": "auto-ml",
    "compilation-job": "compilation-jobs",
    "endpoint": "endpoints",
    "endpoint-config": "endpointConfig",
    "model": "models",
    "model-package": "model-packages",
    "monitoring-schedule": "monitoring-schedules",
    "notebook-instance": "notebook-instances",
    "labeling-job": None,  # Ground Truth's own console path: see labeling_job()
    "experiment": None,
    "experiment-trial": None,
    "experiment-trial-component": None,
}


def _page(kind: str, region: str, name: str) -> str:
    fragment = FRAGMENTS[kind]
    assert fragment is not None
    return sagemaker_console(region, f"{fragment}/{quote(name)}")


def processing_job(region: str, name: str) -> str:
    return _page("processing-job", region, name)


def transform_job(region: str, name: str) -> str:
    return _page("transform-job", region, name)


def tuning_job(region: str, name: str) -> str:
    return _page("hyper-parameter-tuning-job", region, name)


def automl_job(region: str, name: str) -> str:
    return _page("automl-job", region, name)


def compilation_job(region: str, name: str) -> str:
    return _page("compilation-job", region, name)


def endpoint(region: str, name: str) -> str:
    return _page("endpoint", region, name)


def endpoint_config(region: str, name: str) -> str:
    return _page("endpoint-config", region, name)


def model(region: str, name: str) -> str:
    return _page("model", region, name)


def monitoring_schedule(region: str, name: str) -> str:
    return _page("monitoring-schedule", region, name)


def notebook_instance(region: str, name: str) -> str:
    return _page("notebook-instance", region, name)


def labeling_job(region: str, name: str) -> str:
    try:
        host = _host(region)
    except NoConsole as exc:
        return str(exc)
    return (
        f"https://{host}/sagemaker/groundtruth?region={region}#/labeling-jobs/details/{quote(name)}"
    )


def for_arn(arn: str) -> str | None:
    """The console page of a SageMaker ARN (``arn:aws:sagemaker:REGION:ACCOUNT:TYPE/NAME``),
    or None when the console has no page for that type. SageMaker lowercases names in
    some ARNs: prefer the name-based functions above when the name is at hand."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "sagemaker" or "/" not in parts[5]:
        return None
    region = parts[3]
    kind, _, name = parts[5].partition("/")
    if kind == "labeling-job":
        return labeling_job(region, name)
    if FRAGMENTS.get(kind) is None:
        return None
    return _page(kind, region, name)
