"""SageMaker list prices as the AWS Price List API serves them.

The figures are the on-demand prices shipped in ``smtui/data/sagemaker_prices.json``
(for the sandbox's instance types and regions); each is rendered as a Price List product
in AWS's format (Billing User Guide, "Reading the price list offer files"): ``product``
with ``productFamily`` and ``attributes`` (``servicecode``, ``location``, ``regionCode``,
``instanceName``, ``component``, ``usagetype``, ``operation``), ``terms.OnDemand`` with
the on-demand offer term code ``JRTCKXETXF`` and its hourly price dimension
(rate code ``6YS6EN2CT7``, unit ``Hrs``, ``pricePerUnit.USD`` as a decimal string).
Usage type prefixes follow AWS's region codes (USE1, USE2, USW2); the part after the
prefix is illustrative.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SERVICE_CODE = "AmazonSageMaker"
ON_DEMAND = "JRTCKXETXF"
HOURLY = "6YS6EN2CT7"
PUBLICATION = "2025-01-15T00:00:00Z"
LOCATIONS = {
    "us-east-1": ("US East (N. Virginia)", "USE1"),
    "us-east-2": ("US East (Ohio)", "USE2"),
    "us-west-2": ("US West (Oregon)", "USW2"),
}
COMPONENTS = {
    "training": ("Training", "Train"),
    "hosting": ("Hosting", "Host"),
    "notebook": ("Notebook", "Notebk"),
    "processing": ("Processing", "Processing"),
    "transform": ("Batch Transform", "Tsform"),
}


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    attributes: dict[str, str]
    usd_per_hour: float

    def price_list_item(self) -> str:
        """The product as one PriceList entry: a JSON string, as GetProducts returns it."""
        attrs = self.attributes
        description = (
            f"${self.usd_per_hour:g} per {attrs['component']} {attrs['instanceName']} hour "
            f"in {attrs['location']}"
        )
        term = f"{self.sku}.{ON_DEMAND}"
        return json.dumps(
            {
                "product": {
                    "productFamily": "ML Instance",
                    "attributes": attrs,
                    "sku": self.sku,
                },
                "serviceCode": SERVICE_CODE,
                "terms": {
                    "OnDemand": {
                        term: {
                            "priceDimensions": {
                                f"{term}.{HOURLY}": {
                                    "unit": "Hrs",
                                    "endRange": "Inf",
                                    "description": description,
                                    "appliesTo": [],
                                    "rateCode": f"{term}.{HOURLY}",
                                    "beginRange": "0",
                                    "pricePerUnit": {"USD": f"{self.usd_per_hour:.10f}"},
                                }
                            },
                            "sku": self.sku,
                            "effectiveDate": "2025-01-01T00:00:00Z",
                            "offerTermCode": ON_DEMAND,
                            "termAttributes": {},
                        }
                    }
                },
                "version": "20250115000000",
                "publicationDate": PUBLICATION,
            },
            separators=(",", ":"),
        )


@cache
def _table() -> dict[str, Any]:
    text = resources.files("smtui").joinpath("data", "sagemaker_prices.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


class PriceList:
    """Every product of the sandbox's price list, and the lookups the biller needs."""

    def __init__(self) -> None:
        table = _table()
        self.hourly: dict[tuple[str, str, str], float] = {}
        self.products: list[Product] = []
        for e in table["instances"]:
            region, itype, use = e["region"], e["instance_type"], e["use"]
            if region not in LOCATIONS or use not in COMPONENTS:
                continue
            self.hourly[(region, itype, use)] = float(e["usd_per_hour"])
            location, prefix = LOCATIONS[region]
            component, usage = COMPONENTS[use]
            sku = hashlib.sha256(f"{region}|{itype}|{use}".encode()).hexdigest()[:16].upper()
            attrs = {
                "servicecode": SERVICE_CODE,
                "servicename": "Amazon SageMaker",
                "location": location,
                "locationType": "AWS Region",
                "regionCode": region,
                "instanceName": itype,
                "component": component,
                "usagetype": f"{prefix}-{usage}:{itype}",
                "operation": "RunInstance",
            }
            self.products.append(Product(sku, attrs, float(e["usd_per_hour"])))
        self.storage = {e["region"]: float(e["usd_per_gb_month"]) for e in table["storage"]}
        self.serverless = {e["region"]: float(e["usd_per_gb_second"]) for e in table["serverless"]}

    def price(self, region: str, instance_type: str | None, use: str) -> float:
        return self.hourly.get((region, instance_type or "", use), 0.0)
