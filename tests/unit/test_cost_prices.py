"""Prices: Price List items, the bundled table, and the price book's fallback and cache."""

from __future__ import annotations

import json
from pathlib import Path

from smtui.domain.pricing import parse_price_item
from smtui.services import pricing
from smtui.services.pricing import bundled_table


def item(component: str, usd: str, unit: str = "Hrs", **attrs: str) -> str:
    """A PriceList entry shaped as GetProducts returns it (a JSON string)."""
    attributes = {
        "servicecode": "AmazonSageMaker",
        "regionCode": "us-east-1",
        "instanceName": "ml.g5.2xlarge",
        "component": component,
        **attrs,
    }
    return json.dumps(
        {
            "product": {"productFamily": "ML Instance", "attributes": attributes, "sku": "ABC"},
            "terms": {
                "OnDemand": {
                    "ABC.JRTCKXETXF": {
                        "priceDimensions": {
                            "ABC.JRTCKXETXF.6YS6EN2CT7": {
                                "unit": unit,
                                "pricePerUnit": {"USD": usd},
                            }
                        }
                    }
                }
            },
        }
    )


def test_parse_price_item_reads_component_instance_region_and_usd() -> None:
    listed = parse_price_item(item("Hosting", "1.5150000000"))
    assert listed is not None
    assert (listed.region, listed.instance_type, listed.use) == (
        "us-east-1",
        "ml.g5.2xlarge",
        "hosting",
    )
    assert listed.usd_per_hour == 1.515
    assert parse_price_item(item("Batch Transform", "1.5")).use == "transform"  # type: ignore[union-attr]


def test_parse_price_item_skips_what_is_not_an_hourly_instance_price() -> None:
    assert parse_price_item(item("Studio-JupyterLab", "1.0")) is None  # not a notebook instance
    assert parse_price_item(item("Training", "13.57", unit="Quantity")) is None  # an upfront fee
    assert parse_price_item(item("Training", "0.0000000000")) is None
    assert parse_price_item("not json") is None


def test_bundled_table_has_a_source_and_date_for_every_figure() -> None:
    raw = json.loads(
        (Path(pricing.__file__).parents[1] / "data" / "sagemaker_prices.json").read_text()
    )
    for section in ("instances", "storage", "serverless"):
        assert raw[section]
        for entry in raw[section]:
            assert entry["source"].startswith("https://aws.amazon.com/sagemaker/pricing/")
            assert len(entry["as_of"]) >= 7
    table = bundled_table()
    price = table.instances[("us-east-1", "ml.m5.xlarge", "training")]
    assert price.usd_per_hour > 0 and price.source.startswith("bundled table (")
    assert table.serverless["us-east-1"].usd_per_hour > 0
    assert table.storage["us-east-1"].usd_per_hour > 0
