"""Billing of the sandbox account: the Price List (``pricing`` GetProducts) and Cost
Explorer (``ce`` GetCostAndUsage) views of the simulated fleet.

``prices.py`` holds the list prices and renders them as Price List products;
``usage.py`` bills the fleet's history (training, processing and transform jobs,
endpoint instances and serverless invocations, notebook instances) per hour, so Cost
Explorer's daily SageMaker cost is the sum of what the simulated resources ran.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .prices import PriceList
from .usage import Biller

if TYPE_CHECKING:
    from ..world import World

__all__ = ["Biller", "PriceList", "billing_area"]


def billing_area(world: World) -> Biller:
    return world.area("billing", Biller)
