"""SageMaker hosting: endpoints, endpoint configs, models.

ListEndpoints, DescribeEndpoint, CreateEndpoint, DeleteEndpoint,
UpdateEndpointWeightsAndCapacities, ListEndpointConfigs, DescribeEndpointConfig,
ListModels, DescribeModel over the endpoints area (smtui/sandbox/endpoints).

Error wording: unknown names answer ValidationException 'Could not find endpoint
"arn:..."' (the live service's text, e.g. quoted in tests of getmoto/moto and in user
reports); variant errors of UpdateEndpointWeightsAndCapacities as moto mirrors them
('The variant name(s) "X" is/are not present within endpoint configuration "C".',
'The variant name "X" was non-unique within the request.'). The other messages (an
endpoint that is not InService, weights all zero, serverless counts) are assumptions
in the same style. Default page size 10 for the List operations (API reference:
"MaxResults ... default 10").
"""

from __future__ import annotations

import base64
import dataclasses
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ..constants import SANDBOX_ROLE_ARN
from ..endpoints import EndpointsArea, endpoints_area
from ..endpoints.area import PREFIX
from ..endpoints.catalog import CAPTURE_BUCKET, KMS_KEY, MODEL_BUCKET, VariantTemplate
from ..endpoints.model import Endpoint, Variant
from ..endpoints.traffic import hex_id, key_of
from ..errors import ServiceError, validation_error
from ..registry import Registry
from ..world import World

DEFAULT_PAGE = 10


def _dt(t: float) -> datetime:
    return datetime.fromtimestamp(t, tz=UTC)


def not_found(kind: str, arn: str) -> ServiceError:
    return validation_error(f'Could not find {kind} "{arn}".')


# --- listing ---------------------------------------------------------------------------------
def _page(items: list[Any], params: dict[str, Any], what: str) -> tuple[list[Any], str | None]:
    token = params.get("NextToken")
    start = 0
    if token:
        try:
            kind, _, offset = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
            start = int(offset) if kind == what else -1
        except ValueError:
            start = -1
        if not 0 <= start <= len(items):
            raise validation_error("Invalid pagination token.")
    size = params.get("MaxResults", DEFAULT_PAGE)
    page = items[start : start + size]
    nxt = None
    if start + size < len(items):
        nxt = base64.urlsafe_b64encode(f"{what}:{start + size}".encode()).decode()
    return page, nxt


def _filter_sort(
    rows: list[dict[str, Any]], params: dict[str, Any], name_key: str, status_key: str = ""
) -> list[dict[str, Any]]:
    def keep(r: dict[str, Any]) -> bool:
        if params.get("NameContains") and params["NameContains"] not in r[name_key]:
            return False
        if status_key and params.get("StatusEquals") and r[status_key] != params["StatusEquals"]:
            return False
        checks = (
            ("CreationTimeBefore", "CreationTime", lambda a, b: a < b),
            ("CreationTimeAfter", "CreationTime", lambda a, b: a > b),
            ("LastModifiedTimeBefore", "LastModifiedTime", lambda a, b: a < b),
            ("LastModifiedTimeAfter", "LastModifiedTime", lambda a, b: a > b),
        )
        for param, field, ok in checks:
            if params.get(param) is not None and field in r and not ok(r[field], params[param]):
                return False
        return True

    rows = [r for r in rows if keep(r)]
    sort_by = params.get("SortBy", "CreationTime")
    field = {"Name": name_key, "CreationTime": "CreationTime", "Status": status_key}[sort_by]
    rows.sort(key=lambda r: (r[field], r[name_key]))
    if params.get("SortOrder", "Descending") == "Descending":
        rows.reverse()
    return rows


def list_endpoints(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    rows = [
        {
            "EndpointName": ep.name,
            "EndpointArn": ep.arn,
            "CreationTime": _dt(ep.created),
            "LastModifiedTime": _dt(ep.last_modified(now)),
            "EndpointStatus": ep.status(now),
        }
        for ep in area.live(now)
    ]
    rows = _filter_sort(rows, params, "EndpointName", "EndpointStatus")
    page, token = _page(rows, params, "endpoints")
    return {"Endpoints": page, "NextToken": token}


# --- describe --------------------------------------------------------------------------------
def _images(ep: Endpoint, tpl: VariantTemplate, t: float) -> list[dict[str, Any]]:
    repo = tpl.image.split(":")[0]
    digest = hex_id(key_of(tpl.image), 0, 64)
    return [
        {
            "SpecifiedImage": tpl.image,
            "ResolvedImage": f"{repo}@sha256:{digest}",
            "ResolutionTime": _dt(max(ep.created, t) + 12),
        }
    ]


def _variant_status(ep: Endpoint, v: Variant, now: float) -> list[dict[str, Any]]:
    if v.change is None:
        return []
    start, end, message = v.change
    if not start <= now < end:
        return []
    status = "Creating" if ep.status(now) == "Creating" else "Updating"
    return [{"Status": status, "StatusMessage": message, "StartTime": _dt(start)}]


def variant_summary(ep: Endpoint, v: Variant, now: float) -> dict[str, Any]:
    tpl = v.template_at(now)
    out: dict[str, Any] = {
        "VariantName": v.name,
        "DeployedImages": _images(ep, tpl, ep.created) if tpl.model else [],
        "CurrentWeight": v.weight(now),
        "DesiredWeight": v.desired_weight,
        "VariantStatus": _variant_status(ep, v, now),
    }
    if v.serverless is not None:
        out["CurrentServerlessConfig"] = _serverless(v.serverless)
        out["DesiredServerlessConfig"] = _serverless(v.desired_serverless or v.serverless)
    else:
        out["CurrentInstanceCount"] = v.count(now)
        out["DesiredInstanceCount"] = v.desired_count(now)
    return out


def _serverless(config: tuple[int, int, int | None]) -> dict[str, Any]:
    memory, concurrency, provisioned = config
    out: dict[str, Any] = {"MemorySizeInMB": memory, "MaxConcurrency": concurrency}
    if provisioned:
        out["ProvisionedConcurrency"] = provisioned
    return out


def _pending(ep: Endpoint, now: float) -> dict[str, Any] | None:
    if ep.pending is None:
        return None
    config, start, end = ep.pending
    if not start <= now < end:
        return None
    progress = (now - start) / (end - start)
    stage = "Creating" if progress < 0.5 else ("ActivatingTraffic" if progress < 0.7 else "Baking")
    variants = []
    for v in ep.variants:
        if v.swap is None:
            continue
        new = v.swap[1]
        ready = stage != "Creating"
        variants.append(
            {
                "VariantName": new.name,
                "DeployedImages": _images(ep, new, start),
                "CurrentWeight": new.weight if ready else 0.0,
                "DesiredWeight": new.weight,
                "CurrentInstanceCount": new.count if ready else 0,
                "DesiredInstanceCount": new.count,
                "InstanceType": new.instance_type,
                "VariantStatus": [{"Status": stage, "StartTime": _dt(start)}],
            }
        )
    return {"EndpointConfigName": config, "ProductionVariants": variants, "StartTime": _dt(start)}


def describe_endpoint_data(area: EndpointsArea, ep: Endpoint, now: float) -> dict[str, Any]:
    status = ep.status(now)
    out: dict[str, Any] = {
        "EndpointName": ep.name,
        "EndpointArn": ep.arn,
        "EndpointConfigName": ep.config_at(now),
        "EndpointStatus": status,
        "CreationTime": _dt(ep.created),
        "LastModifiedTime": _dt(ep.last_modified(now)),
    }
    if status != "Failed":
        out["ProductionVariants"] = [variant_summary(ep, v, now) for v in ep.variants]
        if ep.shadows:
            out["ShadowProductionVariants"] = [variant_summary(ep, v, now) for v in ep.shadows]
    if ep.failure and status == "Failed":
        out["FailureReason"] = ep.failure
    if ep.capture is not None:
        out["DataCaptureConfig"] = {
            "EnableCapture": True,
            "CaptureStatus": "Started",
            "CurrentSamplingPercentage": ep.capture,
            "DestinationS3Uri": f"s3://{CAPTURE_BUCKET}/{ep.name}",
            "KmsKeyId": KMS_KEY,
        }
    pending = _pending(ep, now)
    if pending is not None:
        out["PendingDeploymentSummary"] = pending
    return out


def _endpoint(area: EndpointsArea, name: str, now: float) -> Endpoint:
    ep = area.endpoints.get(name)
    if ep is None or not ep.exists(now):
        raise not_found("endpoint", f"{PREFIX}:endpoint/{name}")
    return ep


def describe_endpoint(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    return describe_endpoint_data(area, _endpoint(area, params["EndpointName"], now), now)


# --- configs and models ------------------------------------------------------------------
def list_endpoint_configs(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    rows = [
        {"EndpointConfigName": c.name, "EndpointConfigArn": c.arn, "CreationTime": _dt(c.created)}
        for c in area.configs.values()
        if c.created <= now
    ]
    rows = _filter_sort(rows, params, "EndpointConfigName")
    page, token = _page(rows, params, "configs")
    return {"EndpointConfigs": page, "NextToken": token}


def _config_variant(v: VariantTemplate) -> dict[str, Any]:
    out: dict[str, Any] = {"VariantName": v.name, "InitialVariantWeight": v.weight}
    if v.model:  # an endpoint for inference components names no model (components do)
        out["ModelName"] = v.model
    if v.serverless is not None:
        out["ServerlessConfig"] = _serverless(v.serverless)
    else:
        out.update(InitialInstanceCount=v.count, InstanceType=v.instance_type)
        if v.instance_type and ".g5." in v.instance_type:
            out["ContainerStartupHealthCheckTimeoutInSeconds"] = 600
            out["ModelDataDownloadTimeoutInSeconds"] = 1200
    return out


def describe_endpoint_config(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    name = params["EndpointConfigName"]
    config = area.configs.get(name)
    if config is None or config.created > now:
        raise not_found("endpoint configuration", f"{PREFIX}:endpoint-config/{name}")
    out: dict[str, Any] = {
        "EndpointConfigName": config.name,
        "EndpointConfigArn": config.arn,
        "ProductionVariants": [_config_variant(v) for v in config.variants],
        "CreationTime": _dt(config.created),
    }
    if any(not v.model for v in config.variants):
        out["ExecutionRoleArn"] = SANDBOX_ROLE_ARN  # required with inference components
    if config.shadow is not None:
        out["ShadowProductionVariants"] = [_config_variant(config.shadow)]
    if config.capture is not None:
        out["DataCaptureConfig"] = {
            "EnableCapture": True,
            "InitialSamplingPercentage": config.capture,
            "DestinationS3Uri": f"s3://{CAPTURE_BUCKET}/{config.tpl.name}",
            "KmsKeyId": KMS_KEY,
            "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
            "CaptureContentTypeHeader": {
                "CsvContentTypes": ["text/csv"],
                "JsonContentTypes": ["application/json"],
            },
        }
    return out


def list_models(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    rows = [
        {"ModelName": m.name, "ModelArn": m.arn, "CreationTime": _dt(m.created)}
        for m in area.models.values()
        if m.created <= now
    ]
    rows = _filter_sort(rows, params, "ModelName")
    page, token = _page(rows, params, "models")
    return {"Models": page, "NextToken": token}


def _environment(v: VariantTemplate) -> dict[str, str]:
    if "tgi" in v.image:
        return {
            "HF_MODEL_ID": "/opt/ml/model",
            "SM_NUM_GPUS": "4",
            "MAX_INPUT_LENGTH": "4096",
            "MAX_TOTAL_TOKENS": "8192",
        }
    if "xgboost" in v.image or "scikit" in v.image:
        return {"SAGEMAKER_CONTAINER_LOG_LEVEL": "20", "SAGEMAKER_REGION": "us-east-1"}
    return {
        "SAGEMAKER_PROGRAM": "inference.py",
        "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code",
        "SAGEMAKER_CONTAINER_LOG_LEVEL": "20",
    }


def describe_model(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    name = params["ModelName"]
    model = area.models.get(name)
    if model is None or model.created > now:
        raise not_found("model", f"{PREFIX}:model/{name}")
    v = model.tpl
    container: dict[str, Any] = {"Image": v.image, "Environment": _environment(v)}
    if v.multi_model:
        container.update(
            Mode="MultiModel",
            ModelDataUrl=f"s3://{MODEL_BUCKET}/{v.model}/tenants/",
            MultiModelConfig={"ModelCacheSetting": "Enabled"},
        )
    else:
        container.update(
            Mode="SingleModel", ModelDataUrl=f"s3://{MODEL_BUCKET}/{v.model}/model.tar.gz"
        )
    return {
        "ModelName": model.name,
        "ModelArn": model.arn,
        "PrimaryContainer": container,
        "ExecutionRoleArn": SANDBOX_ROLE_ARN,
        "CreationTime": _dt(model.created),
        "EnableNetworkIsolation": False,
    }


# --- changes ------------------------------------------------------------------------------------
def create_endpoint(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    with area.lock:
        now = area.sync()
        name, config_name = params["EndpointName"], params["EndpointConfigName"]
        arn = f"{PREFIX}:endpoint/{name}"
        if name in area.endpoints:
            raise validation_error(f'Cannot create already existing endpoint "{arn}".')
        config = area.configs.get(config_name)
        if config is None or config.created > now:
            raise not_found("endpoint configuration", f"{PREFIX}:endpoint-config/{config_name}")
        tpl = dataclasses.replace(
            config.tpl,
            name=name,
            rpm=max(20.0, config.tpl.rpm * 0.05),
            planted=(),
            lifecycle="Creating",
            variants=config.variants,
            shadow=config.shadow,
            capture=config.capture,
            age_days=0,
        )
        from ..endpoints.traffic import Traffic

        ready = now + 420
        ep = Endpoint(
            tpl=tpl,
            name=name,
            arn=arn,
            created=now,
            config=config.name,
            traffic=Traffic(area.seed, tpl, area.start),
            transitions=[(now, "Creating"), (ready, "InService")],
            capture=config.capture,
            tags=list(params.get("Tags") or []),
        )
        for vt in config.variants:
            ep.variants.append(area._variant(ep, vt, ready, shadow=False))
        if config.shadow is not None:
            ep.shadows.append(area._variant(ep, config.shadow, ready, shadow=True))
        area.endpoints[name] = ep
        return {"EndpointArn": arn}


def delete_endpoint(area: EndpointsArea, params: dict[str, Any]) -> None:
    with area.lock:
        now = area.sync()
        ep = _endpoint(area, params["EndpointName"], now)
        if ep.deleted is not None:
            raise validation_error(f'Cannot delete endpoint "{ep.arn}": it is being deleted.')
        ep.deleted = now
        ep.modified.append(now)


def _update_message(ep: Endpoint) -> str:
    return f'Cannot update in-progress endpoint "{ep.arn}".'


def update_weights_and_capacities(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    with area.lock:
        now = area.sync()
        ep = _endpoint(area, params["EndpointName"], now)
        if ep.status(now) != "InService":
            raise validation_error(_update_message(ep))
        wanted = params["DesiredWeightsAndCapacities"]
        names = [w["VariantName"] for w in wanted]
        for n in names:
            if names.count(n) > 1:
                raise validation_error(f'The variant name "{n}" was non-unique within the request.')
        variants = {v.name: v for v in ep.variants}
        missing = [n for n in names if n not in variants]
        if missing:
            raise validation_error(
                f'The variant name(s) "{", ".join(missing)}" is/are not present within endpoint '
                f'configuration "{ep.config_at(now)}".'
            )
        weights = {v.name: v.desired_weight for v in ep.variants}
        for w in wanted:
            v = variants[w["VariantName"]]
            if "DesiredWeight" in w:
                weights[v.name] = w["DesiredWeight"]
            if v.serverless is not None and "DesiredInstanceCount" in w:
                raise validation_error(
                    f"DesiredInstanceCount cannot be set for serverless variant {v.name}: "
                    "use ServerlessUpdateConfig."
                )
            if v.serverless is None and w.get("ServerlessUpdateConfig"):
                raise validation_error(
                    f"ServerlessUpdateConfig can only be set for a serverless variant; "
                    f"{v.name} is instance-based."
                )
            if w.get("DesiredInstanceCount") == 0:
                raise validation_error(
                    f"DesiredInstanceCount for variant {v.name} must be greater than 0."
                )
        if sum(weights.values()) <= 0:
            raise validation_error("The sum of the desired variant weights must be greater than 0.")
        changed = False
        before = len(ep.transitions)
        for w in wanted:
            v = variants[w["VariantName"]]
            if "DesiredWeight" in w and w["DesiredWeight"] != v.desired_weight:
                v.desired_weight = float(w["DesiredWeight"])
                v.weights.append((now + 60, v.desired_weight))
                v.change = (now, now + 60, f"Updating weight to {v.desired_weight:g}.")
                ep.transitions += [(now, "Updating"), (now + 60, "InService")]
                changed = True
            count = w.get("DesiredInstanceCount")
            if count is not None and count != v.desired_count(now):
                up = count > v.desired_count(now)
                area.change_count(ep, v, now, count, area.provision_delay(ep, v, now, up))
                changed = True
            update = w.get("ServerlessUpdateConfig")
            if update and v.serverless is not None:
                memory, concurrency, provisioned = v.serverless
                v.desired_serverless = (
                    memory,
                    update.get("MaxConcurrency", concurrency),
                    update.get("ProvisionedConcurrency", provisioned),
                )
                v.serverless = v.desired_serverless
                changed = True
        if changed:
            # One Updating period for the whole request, until its slowest change is done.
            end = max(t for t, _ in ep.transitions[before:])
            del ep.transitions[before:]
            ep.transitions += [(now, "Updating"), (end, "InService")]
            ep.modified.append(now)
        return {"EndpointArn": ep.arn}


def register(registry: Registry, world: World) -> None:
    area = endpoints_area(world)
    handlers = {
        "ListEndpoints": list_endpoints,
        "DescribeEndpoint": describe_endpoint,
        "CreateEndpoint": create_endpoint,
        "DeleteEndpoint": delete_endpoint,
        "UpdateEndpointWeightsAndCapacities": update_weights_and_capacities,
        "ListEndpointConfigs": list_endpoint_configs,
        "DescribeEndpointConfig": describe_endpoint_config,
        "ListModels": list_models,
        "DescribeModel": describe_model,
    }
    for operation, handler in handlers.items():
        registry.register("sagemaker", operation, partial(handler, area))
