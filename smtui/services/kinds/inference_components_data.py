"""Inference components as the endpoint and inference-component views fetch them: describes
memoised per clients by (name, LastModifiedTime), so an unchanged component costs only its
line in ListInferenceComponents."""

from __future__ import annotations

import threading
import weakref
from datetime import datetime
from typing import Any

from smtui.aws import inference_components as api
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients


def compute_text(req: dict[str, Any]) -> str:
    """ComputeResourceRequirements in a few words: "1 accel 4 vCPU 24 GiB" (accelerators:
    GPUs or Neuron devices)."""
    parts = []
    if req.get("NumberOfAcceleratorDevicesRequired"):
        parts.append(f"{req['NumberOfAcceleratorDevicesRequired']:g} accel")
    if req.get("NumberOfCpuCoresRequired"):
        parts.append(f"{req['NumberOfCpuCoresRequired']:g} vCPU")
    if req.get("MinMemoryRequiredInMb"):
        parts.append(f"{req['MinMemoryRequiredInMb'] / 1024:g} GiB")
    return " ".join(parts)


# --- describes, memoised by LastModifiedTime ---------------------------------------------------
_MEMO: weakref.WeakKeyDictionary[Clients, dict[tuple[str, str], dict[str, Any]]] = (
    weakref.WeakKeyDictionary()
)
_MEMO_LOCK = threading.Lock()


def _settled(d: dict[str, Any]) -> bool:
    """Nothing in flight: copies arriving change CurrentCopyCount, not LastModifiedTime."""
    runtime = d.get("RuntimeConfig") or {}
    return d.get("InferenceComponentStatus") == "InService" and runtime.get(
        "CurrentCopyCount"
    ) == runtime.get("DesiredCopyCount")


def describe_cached(clients: Clients, name: str, modified: datetime | None) -> dict[str, Any]:
    """DescribeInferenceComponent, from the memo while LastModifiedTime is unchanged and the
    component was settled."""
    key = (name, modified.isoformat() if modified else "")
    with _MEMO_LOCK:
        memo = _MEMO.setdefault(clients, {})
        if modified is not None and key in memo and _settled(memo[key]):
            return memo[key]
    d = api.describe_inference_component(clients, name)
    with _MEMO_LOCK:
        for old in [k for k in memo if k[0] == name]:
            del memo[old]
        memo[(name, d["LastModifiedTime"].isoformat())] = d
    return d


def components_of(clients: Clients, endpoint: str) -> list[dict[str, Any]]:
    """Every inference component of an endpoint, described (cheap when unchanged)."""
    out = []
    for page in api.list_inference_components(clients, endpoint=endpoint):
        for s in page:
            try:
                out.append(
                    describe_cached(clients, s["InferenceComponentName"], s["LastModifiedTime"])
                )
            except AwsError:
                continue  # deleted between the list and the describe
    return out
