"""SageMaker prices as data: Price List API items and the bundled offline table. Pure.

A Price List ``GetProducts`` answer (ServiceCode ``AmazonSageMaker``) is a list of JSON
strings, one product each: ``product.attributes`` names the instance (``instanceName``,
e.g. ``ml.g5.2xlarge``), the use (``component``: Training, Hosting, Notebook,
Processing, ...) and the region (``regionCode``); the price sits in
``terms.OnDemand.<term>.priceDimensions.<dimension>.pricePerUnit.USD`` per ``unit``
("Hrs"). Attribute names as real SageMaker products carry them (public price-list
consumers, e.g. github.com/aws-samples cost tooling, read ``instanceName`` /
``component`` / ``regionCode``); shape of the item: AWS Billing User Guide, "Reading the
price list offer files".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smtui.domain.cost import USES, Price, Use

# component attribute -> use. Training plans' upfront fees carry no component and are
# not hourly rates; Studio's own components are not notebook instances.
COMPONENT_USE: dict[str, Use] = {
    "Training": "training",
    "Hosting": "hosting",
    "Notebook": "notebook",
    "Processing": "processing",
    "Batch Transform": "transform",
    "BatchTransform": "transform",
    "Transform": "transform",
}
HOURLY_UNITS = frozenset({"Hrs", "Hours", "hrs", "hours"})


@dataclass(frozen=True, slots=True)
class ListedPrice:
    region: str
    instance_type: str
    use: Use
    usd_per_hour: float


def parse_price_item(item: str | Mapping[str, Any]) -> ListedPrice | None:
    """One PriceList item (the JSON string GetProducts returns) as an hourly on-demand
    price for one instance type and use; None for anything else (storage, fees, ...)."""
    try:
        data = json.loads(item) if isinstance(item, str) else item
    except ValueError:
        return None
    if not isinstance(data, Mapping):
        return None
    attrs = (data.get("product") or {}).get("attributes") or {}
    use = COMPONENT_USE.get(str(attrs.get("component", "")))
    name, region = attrs.get("instanceName"), attrs.get("regionCode")
    if use is None or not name or not region:
        return None
    for term in ((data.get("terms") or {}).get("OnDemand") or {}).values():
        for dim in (term.get("priceDimensions") or {}).values():
            if dim.get("unit") not in HOURLY_UNITS:
                continue
            try:
                usd = float((dim.get("pricePerUnit") or {}).get("USD", ""))
            except ValueError:
                continue
            if usd > 0:
                return ListedPrice(str(region), str(name), use, usd)
    return None


@dataclass(frozen=True, slots=True)
class BundledTable:
    """The offline table shipped with the package (smtui/data/sagemaker_prices.json)."""

    instances: dict[tuple[str, str, str], Price] = field(default_factory=dict)
    """(region, instance type, use) -> price."""
    storage: dict[str, Price] = field(default_factory=dict)
    """region -> ML storage, USD per GB-month (in ``usd_per_hour``'s place)."""
    serverless: dict[str, Price] = field(default_factory=dict)
    """region -> serverless inference compute, USD per GB-second."""
    data_processing: dict[str, Price] = field(default_factory=dict)
    """region -> hosting data processed in / out, USD per GB."""
    s3: dict[str, Price] = field(default_factory=dict)
    """region -> S3 Standard storage, USD per GB-month."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> BundledTable:
        def label(entry: Mapping[str, Any]) -> str:
            return f"bundled table ({entry.get('as_of', 'undated')})"

        instances = {}
        for e in data.get("instances") or []:
            if e.get("use") not in USES:
                continue
            key = (str(e["region"]), str(e["instance_type"]), str(e["use"]))
            instances[key] = Price(float(e["usd_per_hour"]), label(e))
        storage = {
            str(e["region"]): Price(float(e["usd_per_gb_month"]), label(e))
            for e in data.get("storage") or []
        }
        serverless = {
            str(e["region"]): Price(float(e["usd_per_gb_second"]), label(e))
            for e in data.get("serverless") or []
        }
        data_processing = {
            str(e["region"]): Price(float(e["usd_per_gb"]), label(e))
            for e in data.get("data_processing") or []
        }
        s3 = {
            str(e["region"]): Price(float(e["usd_per_gb_month"]), label(e))
            for e in data.get("s3") or []
        }
        return cls(instances, storage, serverless, data_processing, s3)

    def regions(self) -> list[str]:
        return sorted({r for r, _, _ in self.instances})
