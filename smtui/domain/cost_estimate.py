"""`smtui cost estimate` as line items: SageMaker's four price factors, as its pricing page
itemises an example (https://aws.amazon.com/sagemaker/pricing/, "Pricing examples"):

- ``compute``: instance-hours x the instance's hourly price;
- ``ml-storage``: ML storage volumes, GB-months x the price per GB-month;
- ``s3``: S3 storage of data and artifacts, GB-months x the price per GB-month;
- ``data-processing``: GB processed in and out of hosting, x the price per GB;

and ``total``, their sum. Each line is quantity x unit price, not rounded (the table shows
cents). Storage quantities are GB held for a month (GB-months), as the pricing page's
examples count them; prorate them yourself for a shorter run.
"""

from __future__ import annotations

from dataclasses import dataclass

ITEMS = ("compute", "ml-storage", "s3", "data-processing")


@dataclass(frozen=True, slots=True)
class LineItem:
    item: str
    quantity: float
    unit: str
    unit_usd: float
    source: str

    @property
    def cost_usd(self) -> float:
        return self.quantity * self.unit_usd


UNITS = {
    "compute": "instance-hours",
    "ml-storage": "GB-months",
    "s3": "GB-months",
    "data-processing": "GB",
}


def line_item(item: str, quantity: float, unit_usd: float, source: str) -> LineItem:
    return LineItem(item, quantity, UNITS[item], unit_usd, source)


def total(items: list[LineItem]) -> float:
    return sum(i.cost_usd for i in items)
