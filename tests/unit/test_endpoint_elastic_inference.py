"""Old endpoint configs with an Elastic Inference accelerator show it, and its retirement."""

from __future__ import annotations

import boto3

from smtui.domain.elastic_inference import RETIREMENT_NOTE
from smtui.sandbox import Sandbox
from smtui.services.kinds.endpoints_detail import endpoint_sections


def test_accelerator_section_from_a_real_shaped_describe() -> None:
    with Sandbox(seed=7, jobs=20, speed=0).start() as sb:
        sm = boto3.client(
            "sagemaker",
            endpoint_url=sb.url,
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="y",
        )
        name = sm.list_endpoints()["Endpoints"][0]["EndpointName"]
        endpoint = sm.describe_endpoint(EndpointName=name)
        config = sm.describe_endpoint_config(EndpointConfigName=endpoint["EndpointConfigName"])
    plain = endpoint_sections(None, {"endpoint": endpoint, "config": config})  # type: ignore[arg-type]
    assert "Elastic Inference" not in [s.title for s in plain]
    config["ProductionVariants"][0]["AcceleratorType"] = "ml.eia2.medium"
    sections = endpoint_sections(None, {"endpoint": endpoint, "config": config})  # type: ignore[arg-type]
    (ei,) = [s for s in sections if s.title == "Elastic Inference"]
    assert ei.text == RETIREMENT_NOTE and any("ml.eia2.medium" in v for _, v in ei.rows)
