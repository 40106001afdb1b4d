"""SageMaker inference components: Create/Describe/List/Update/UpdateRuntimeConfig/Delete
over the endpoints area (smtui/sandbox/endpoints/components.py).

Shapes are botocore's (``DescribeInferenceComponentOutput``, ``InferenceComponentSummary``,
``InferenceComponentRuntimeConfigSummary`` with DesiredCopyCount and CurrentCopyCount).
Error wording follows the endpoint handlers' ('Could not find inference component
"arn:..."', 'Cannot create already existing inference component "arn:..."'); the texts
for an endpoint that cannot host components and for an update while one is in progress
are assumptions in the same style. Default page size 10 (API reference, "MaxResults").
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..endpoints import EndpointsArea, endpoints_area
from ..endpoints import components as ic
from ..endpoints.area import PREFIX
from ..endpoints.catalog import MODEL_BUCKET
from ..endpoints.traffic import hex_id, key_of
from ..errors import validation_error
from ..registry import Registry
from ..world import World
from .sagemaker_endpoints import _dt, _endpoint, _filter_sort, _page, not_found


def _arn(name: str) -> str:
    return f"{PREFIX}:inference-component/{name}"


def _component(area: EndpointsArea, name: str, now: float) -> ic.Component:
    comp = area.components.get(name)
    if comp is None or not comp.exists(now):
        raise not_found("inference component", _arn(name))
    return comp


def _summary(area: EndpointsArea, comp: ic.Component, now: float) -> dict[str, Any]:
    return {
        "InferenceComponentName": comp.name,
        "InferenceComponentArn": comp.arn,
        "EndpointName": comp.endpoint,
        "EndpointArn": f"{PREFIX}:endpoint/{comp.endpoint}",
        "VariantName": comp.variant,
        "InferenceComponentStatus": comp.status(now),
        "CreationTime": _dt(comp.created),
        "LastModifiedTime": _dt(comp.last_modified(now)),
    }


def _requirements(spec: ic.ComponentSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "NumberOfCpuCoresRequired": spec.cpus,
        "MinMemoryRequiredInMb": spec.memory_mb,
    }
    if spec.accelerators:
        out["NumberOfAcceleratorDevicesRequired"] = spec.accelerators
    return out


def describe_data(area: EndpointsArea, comp: ic.Component, now: float) -> dict[str, Any]:
    spec = comp.spec
    repo = spec.image.split(":")[0]
    out = _summary(area, comp, now)
    out["Specification"] = {
        "ModelName": spec.model,
        "Container": {
            "DeployedImage": {
                "SpecifiedImage": spec.image,
                "ResolvedImage": f"{repo}@sha256:{hex_id(key_of(spec.image), 0, 64)}",
                "ResolutionTime": _dt(comp.created + 12),
            },
            "ArtifactUrl": f"s3://{MODEL_BUCKET}/{spec.model}/model.tar.gz",
        },
        "StartupParameters": {
            "ModelDataDownloadTimeoutInSeconds": spec.download_timeout,
            "ContainerStartupHealthCheckTimeoutInSeconds": spec.startup_timeout,
        },
        "ComputeResourceRequirements": _requirements(spec),
    }
    out["RuntimeConfig"] = {
        "DesiredCopyCount": comp.desired_count(now),
        "CurrentCopyCount": comp.count(now),
    }
    if comp.failure:
        out["FailureReason"] = comp.failure
    return out


def describe_inference_component(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    return describe_data(area, _component(area, params["InferenceComponentName"], now), now)


def list_inference_components(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    rows = [
        _summary(area, c, now)
        for c in area.components.values()
        if c.exists(now)
        and params.get("EndpointNameEquals") in (None, c.endpoint)
        and params.get("VariantNameEquals") in (None, c.variant)
    ]
    rows = _filter_sort(rows, params, "InferenceComponentName", "InferenceComponentStatus")
    page, token = _page(rows, params, "components")
    return {"InferenceComponents": page, "NextToken": token}


def _spec(
    area: EndpointsArea, given: dict[str, Any], base: ic.ComponentSpec | None, now: float
) -> ic.ComponentSpec:
    model = given.get("ModelName") or (base.model if base else "")
    container = given.get("Container") or {}
    if not model and not container.get("Image"):
        raise validation_error(
            "The Specification must name a ModelName or a Container with an Image."
        )
    if model and (model not in area.models or area.models[model].created > now):
        raise not_found("model", f"{PREFIX}:model/{model}")
    image = container.get("Image") or (
        area.models[model].tpl.image if model else (base.image if base else "")
    )
    req = given.get("ComputeResourceRequirements")
    if req is None and base is None:
        raise validation_error(
            "ComputeResourceRequirements is required in the Specification of a new inference "
            "component."
        )
    startup = given.get("StartupParameters") or {}
    defaults = base or ic.ComponentSpec(model or image, image, share=0.05, latency_ms=400)
    return ic.ComponentSpec(
        model=model or image.rsplit("/", 1)[-1],
        image=image,
        share=defaults.share,
        latency_ms=defaults.latency_ms,
        sigma=defaults.sigma,
        cpus=float(req.get("NumberOfCpuCoresRequired", 1.0)) if req else defaults.cpus,
        accelerators=req.get("NumberOfAcceleratorDevicesRequired")
        if req
        else defaults.accelerators,
        memory_mb=int(req["MinMemoryRequiredInMb"]) if req else defaults.memory_mb,
        startup_timeout=int(
            startup.get("ContainerStartupHealthCheckTimeoutInSeconds", defaults.startup_timeout)
        ),
        download_timeout=int(
            startup.get("ModelDataDownloadTimeoutInSeconds", defaults.download_timeout)
        ),
        capacity=defaults.capacity,
    )


def create_inference_component(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    with area.lock:
        now = area.sync()
        name = params["InferenceComponentName"]
        if name in area.components and area.components[name].exists(now):
            raise validation_error(
                f'Cannot create already existing inference component "{_arn(name)}".'
            )
        ep = _endpoint(area, params["EndpointName"], now)
        if ep.status(now) != "InService":
            raise validation_error(
                f'Cannot create inference component "{_arn(name)}": endpoint "{ep.arn}" is '
                f"{ep.status(now)}."
            )
        variant_name = params.get("VariantName") or ep.variants[0].name
        variant = next((v for v in ep.variants if v.name == variant_name), None)
        if variant is None:
            raise validation_error(
                f'The variant name "{variant_name}" is not present within endpoint '
                f'configuration "{ep.config_at(now)}".'
            )
        if variant.tpl.model or variant.serverless is not None:
            raise validation_error(
                f'Endpoint "{ep.arn}" cannot host inference components: its production variant '
                f"{variant.name} deploys model {variant.tpl.model or '(serverless)'} itself."
            )
        if not params.get("Specification"):
            raise validation_error("Specification is required.")
        spec = _spec(area, params["Specification"], None, now)
        copies = int((params.get("RuntimeConfig") or {}).get("CopyCount", 1))
        comp = ic.add(area, ep, variant, name, spec, copies, now)
        comp.tags = list(params.get("Tags") or [])
        return {"InferenceComponentArn": comp.arn}


def _updatable(comp: ic.Component, now: float) -> None:
    if comp.status(now) != "InService":
        raise validation_error(
            f'Cannot update in-progress inference component "{comp.arn}" '
            f"(status {comp.status(now)})."
        )


def _mark_updating(comp: ic.Component, now: float, seconds: float) -> None:
    comp.transitions += [(now, "Updating"), (now + seconds, "InService")]
    comp.modified.append(now)


def update_inference_component(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    with area.lock:
        now = area.sync()
        comp = _component(area, params["InferenceComponentName"], now)
        _updatable(comp, now)
        spec = params.get("Specification")
        runtime = params.get("RuntimeConfig")
        if not spec and not runtime:
            raise validation_error("Specify a Specification or a RuntimeConfig to update.")
        seconds = 0.0
        if spec:
            comp.spec = _spec(area, spec, comp.spec, now)
            seconds = ic.load_delay(area, comp, now, True)
        if runtime and runtime["CopyCount"] != comp.desired_count(now):
            seconds = max(seconds, ic.change_copies(area, comp, now, int(runtime["CopyCount"])))
        _mark_updating(comp, now, max(seconds, 30.0))
        return {"InferenceComponentArn": comp.arn}


def update_runtime_config(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    with area.lock:
        now = area.sync()
        comp = _component(area, params["InferenceComponentName"], now)
        _updatable(comp, now)
        copies = int(params["DesiredRuntimeConfig"]["CopyCount"])
        if copies != comp.desired_count(now):
            _mark_updating(comp, now, ic.change_copies(area, comp, now, copies))
        return {"InferenceComponentArn": comp.arn}


def delete_inference_component(area: EndpointsArea, params: dict[str, Any]) -> None:
    with area.lock:
        now = area.sync()
        comp = _component(area, params["InferenceComponentName"], now)
        if comp.deleted is not None:
            raise validation_error(
                f'Cannot delete inference component "{comp.arn}": it is being deleted.'
            )
        comp.deleted = now
        comp.modified.append(now)
        comp.desired.append((now, 0))
        comp.counts.append((now, 0))
        area.targets.pop(ic.resource_id(comp.name), None)


def register(registry: Registry, world: World) -> None:
    area = endpoints_area(world)
    handlers = {
        "CreateInferenceComponent": create_inference_component,
        "DescribeInferenceComponent": describe_inference_component,
        "ListInferenceComponents": list_inference_components,
        "UpdateInferenceComponent": update_inference_component,
        "UpdateInferenceComponentRuntimeConfig": update_runtime_config,
        "DeleteInferenceComponent": delete_inference_component,
    }
    for operation, handler in handlers.items():
        registry.register("sagemaker", operation, partial(handler, area))
