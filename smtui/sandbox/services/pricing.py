"""The AWS Price List API (``pricing``, AWS JSON 1.1): GetProducts for SageMaker.

Filters as the API reference defines them (botocore pricing model, ``Filter.Type``):
TERM_MATCH and EQUALS match the attribute value, CONTAINS a substring, ANY_OF / NONE_OF
a comma-separated list of values. Fields are the product's attribute names plus
``productFamily``; a filter on a field a product lacks excludes it. Pages of up to
``MaxResults`` (1..100, default 100) with an opaque NextToken.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from ..billing import PriceList
from ..errors import ServiceError
from ..registry import Registry
from ..world import World

DEFAULT_PAGE = 100


def _matches(product: dict[str, str], f: dict[str, str]) -> bool:
    value = product.get(f["Field"])
    if value is None:
        return False
    wanted, kind = f["Value"], f["Type"]
    if kind == "TERM_MATCH":
        return value.lower() == wanted.lower()
    if kind == "EQUALS":
        return value == wanted
    if kind == "CONTAINS":
        return wanted.lower() in value.lower()
    options = {v.strip().lower() for v in wanted.split(",")}
    if kind == "ANY_OF":
        return value.lower() in options
    return value.lower() not in options  # NONE_OF


def _token(offset: int, fingerprint: str) -> str:
    raw = json.dumps({"o": offset, "f": fingerprint}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _offset(token: str, fingerprint: str) -> int:
    try:
        body = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if body["f"] != fingerprint:
            raise ValueError
        return int(body["o"])
    except (ValueError, KeyError, TypeError):
        raise ServiceError(
            "InvalidNextTokenException",
            "The pagination token is invalid. Try again without a pagination token.",
            400,
        ) from None


def get_products(prices: PriceList, params: dict[str, Any]) -> dict[str, Any]:
    code = params.get("ServiceCode")
    if code != "AmazonSageMaker":
        # The sandbox prices SageMaker only; the live API answers an unknown code so too.
        raise ServiceError("NotFoundException", f"Service code {code} was not found.", 400)
    filters = list(params.get("Filters") or [])
    fingerprint = json.dumps(filters, sort_keys=True)
    matched = []
    for p in prices.products:
        fields = {**p.attributes, "productFamily": "ML Instance", "sku": p.sku}
        if all(_matches(fields, f) for f in filters):
            matched.append(p)
    limit = int(params.get("MaxResults") or DEFAULT_PAGE)
    start = _offset(params["NextToken"], fingerprint) if params.get("NextToken") else 0
    chunk = matched[start : start + limit]
    out: dict[str, Any] = {
        "FormatVersion": params.get("FormatVersion") or "aws_v1",
        "PriceList": [p.price_list_item() for p in chunk],
    }
    if start + limit < len(matched):
        out["NextToken"] = _token(start + limit, fingerprint)
    return out


def register(registry: Registry, world: World) -> None:
    prices = world.area("pricelist", lambda _world: PriceList())
    registry.register("pricing", "GetProducts", lambda p: get_products(prices, p))
