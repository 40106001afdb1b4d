"""The sandbox's Price List and Cost Explorer, and the console's cost sweep over them."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from smtui.aws.session import Clients, Target
from smtui.domain import cost as math
from smtui.domain.pricing import parse_price_item
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services.cost import CostSession
from smtui.services.pricing import PriceBook
from tests.sandbox.conftest import client

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def frozen() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=200, speed=0, start=START.timestamp()).start() as sb:
        yield sb


def clients_of(sb: Sandbox) -> Clients:
    c = Clients(
        Target(
            region=SANDBOX_REGION,
            endpoint_url=sb.url,
            access_key=SANDBOX_ACCESS_KEY,
            secret_key=SANDBOX_SECRET_KEY,
            api_rate=200.0,
            api_burst=400.0,
        )
    )
    c.clock = sb.simulator.clock.now_datetime
    return c


def term(field: str, value: str) -> dict[str, str]:
    return {"Type": "TERM_MATCH", "Field": field, "Value": value}


def test_get_products_answers_in_aws_format(frozen: Sandbox) -> None:
    pricing = client(frozen, "pricing")
    answer = pricing.get_products(
        ServiceCode="AmazonSageMaker",
        Filters=[term("regionCode", "us-east-1"), term("instanceName", "ml.g5.2xlarge")],
    )
    items = answer["PriceList"]
    assert answer["FormatVersion"] == "aws_v1" and all(isinstance(i, str) for i in items)
    products = [json.loads(i) for i in items]
    components = {p["product"]["attributes"]["component"] for p in products}
    assert {"Training", "Hosting", "Notebook", "Processing", "Batch Transform"} <= components
    dims = next(
        iter(next(iter(products[0]["terms"]["OnDemand"].values()))["priceDimensions"].values())
    )
    assert dims["unit"] == "Hrs" and float(dims["pricePerUnit"]["USD"]) > 0
    parsed = {parse_price_item(i).use for i in items}  # type: ignore[union-attr]
    assert parsed == {"training", "hosting", "notebook", "processing", "transform"}


def test_get_products_filters_and_pages(frozen: Sandbox) -> None:
    pricing = client(frozen, "pricing")
    any_of = {"Type": "ANY_OF", "Field": "instanceName", "Value": "ml.m5.xlarge,ml.c5.xlarge"}
    seen: list[str] = []
    kwargs: dict[str, Any] = {
        "ServiceCode": "AmazonSageMaker",
        "Filters": [term("regionCode", "us-west-2"), any_of],
        "MaxResults": 3,
    }
    while True:
        page = pricing.get_products(**kwargs)
        assert len(page["PriceList"]) <= 3
        seen += [json.loads(i)["product"]["attributes"]["instanceName"] for i in page["PriceList"]]
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    assert set(seen) == {"ml.m5.xlarge", "ml.c5.xlarge"} and len(seen) == 10
    none = pricing.get_products(
        ServiceCode="AmazonSageMaker", Filters=[term("regionCode", "mars-1")]
    )
    assert none["PriceList"] == []
    with pytest.raises(pricing.exceptions.NotFoundException):
        pricing.get_products(ServiceCode="AmazonEC2")


def test_cost_explorer_bills_the_fleet_per_day(frozen: Sandbox) -> None:
    ce = client(frozen, "ce")
    answer = ce.get_cost_and_usage(
        TimePeriod={"Start": "2026-11-20", "End": "2026-11-26"},
        Granularity="DAILY",
        Metrics=["UnblendedCost"],
        Filter={"Dimensions": {"Key": "SERVICE", "Values": ["Amazon SageMaker"]}},
    )
    days = answer["ResultsByTime"]
    assert [d["TimePeriod"]["Start"] for d in days] == [f"2026-11-{n}" for n in range(20, 26)]
    amounts = [float(d["Total"]["UnblendedCost"]["Amount"]) for d in days]
    assert all(a > 0 for a in amounts) and all(d["Estimated"] for d in days)
    monthly = ce.get_cost_and_usage(
        TimePeriod={"Start": "2026-11-20", "End": "2026-11-26"},
        Granularity="MONTHLY",
        Metrics=["UnblendedCost"],
    )["ResultsByTime"]
    assert float(monthly[0]["Total"]["UnblendedCost"]["Amount"]) == pytest.approx(sum(amounts))
    other = ce.get_cost_and_usage(
        TimePeriod={"Start": "2026-11-20", "End": "2026-11-21"},
        Granularity="DAILY",
        Metrics=["UnblendedCost"],
        Filter={"Dimensions": {"Key": "SERVICE", "Values": ["Amazon EC2"]}},
    )
    assert float(other["ResultsByTime"][0]["Total"]["UnblendedCost"]["Amount"]) == 0
    with pytest.raises(ce.exceptions.ClientError):
        ce.get_cost_and_usage(
            TimePeriod={"Start": "2026-12-20", "End": "2026-12-21"},
            Granularity="DAILY",
            Metrics=["UnblendedCost"],
        )


def test_cost_explorer_includes_a_finished_job_at_its_billable_cost(frozen: Sandbox) -> None:
    """A past day's bill holds each job's BillableTimeInSeconds x instances x price."""
    from smtui.sandbox.billing import billing_area

    biller = billing_area(frozen.world)
    sm = client(frozen, "sagemaker")
    name = next(
        n for n, s in frozen.simulator.statuses().items() if s == "Completed" and "2026-11-2" in n
    )
    d = sm.describe_training_job(TrainingJobName=name)
    rc = d["ResourceConfig"]
    hourly = biller.prices.price("us-east-1", rc["InstanceType"], "training") * rc["InstanceCount"]
    storage = rc["VolumeSizeInGB"] * rc["InstanceCount"] * 0.14 / 730
    expected = (hourly + storage) * d["BillableTimeInSeconds"] / 3600
    start = d["TrainingStartTime"].timestamp()
    segments = [s for s in biller.segments() if s[0] == start]
    billed = sum(biller.cost(start, start + 10 * 86400, [s]) for s in segments)
    assert billed == pytest.approx(expected, rel=1e-6)


def test_the_sweep_estimates_what_cost_explorer_bills(frozen: Sandbox, tmp_path) -> None:
    """The console's estimate of a past day is within a few percent of the bill for jobs,
    notebooks and endpoints it can see (endpoint capacity history is the difference)."""
    clients = clients_of(frozen)
    session = CostSession(clients, tmp_path)
    now = clients.clock()
    session.sweep(clients, math.month_start(now), now, idle=True)
    day = datetime(2026, 11, 25, tzinfo=UTC)
    estimate = sum(c.accrued(now, day, day + timedelta(days=1)) for c in session.ledger.charges())
    billed = session.billed_days(clients, day.date(), day.date() + timedelta(days=1), 0.0)
    assert billed is not None and len(billed) == 1
    assert estimate == pytest.approx(billed[0].usd, rel=0.25)
    # Every kind shows up, priced from the API.
    kinds = {c.kind for c in session.ledger.charges()}
    assert {"training", "processing", "transform", "endpoint", "notebook"} <= kinds
    assert session.book.source_label == "price list API"


def test_the_price_book_uses_the_api_then_its_disk_cache(frozen: Sandbox, tmp_path) -> None:
    clients = clients_of(frozen)
    before = len(frozen.request_log)
    book = PriceBook(tmp_path)
    book.ensure(clients, "us-east-1", ["ml.g5.2xlarge", "ml.m5.xlarge"])
    calls = [op for _, op in frozen.request_log[before:]]
    assert calls == ["GetProducts"]  # both types in one ANY_OF request
    price = book.lookup("us-east-1", "ml.g5.2xlarge", "hosting")
    assert price is not None and price.source == "price list API"
    cached = tmp_path / "sagemaker-us-east-1.json"
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    again = PriceBook(tmp_path)
    again.ensure(clients, "us-east-1", ["ml.m5.xlarge"])
    assert [op for _, op in frozen.request_log[before:]] == ["GetProducts"]  # from disk
    assert again.lookup("us-east-1", "ml.m5.xlarge", "training").source == "price list API"  # type: ignore[union-attr]


def test_the_price_book_falls_back_when_the_api_is_refused(tmp_path) -> None:
    with Sandbox(seed=7, jobs=20, speed=0, start=START.timestamp()).start() as sb:
        sb.faults.update({"deny": ["pricing:GetProducts"]})
        book = PriceBook(tmp_path)
        book.ensure(clients_of(sb), "us-east-1", ["ml.m5.xlarge"])
        assert book.refused is not None and "AccessDenied" in book.refused
        price = book.lookup("us-east-1", "ml.m5.xlarge", "training")
        assert price is not None and price.source.startswith("bundled table (")
        assert (
            "refused: AccessDenied" in book.source_label and "pricing:GetProducts" in book.refused
        )
        # Refused: no second request until the retry delay passed.
        book.ensure(clients_of(sb), "us-east-1", ["ml.c5.xlarge"])
        assert [op for _, op in sb.request_log].count("GetProducts") == 1


def test_a_running_job_stops_accruing_once_it_ended(tmp_path) -> None:
    """The sweep lists jobs itself, whatever a view holds: a running job the ledger
    knows is seen ending (its listing changed) and stops accruing."""
    with Sandbox(seed=7, jobs=60, speed=0, start=START.timestamp()).start() as sb:
        clients = clients_of(sb)
        session = CostSession(clients, tmp_path)
        now = clients.clock()
        session.sweep(clients, math.day_start(now), now)
        running = [c for c in session.ledger.charges() if c.kind == "training" and c.running]
        assert running
        sb.simulator.clock.advance(3 * 86400)  # every one of them has ended since
        later = clients.clock()
        session.sweep(clients, math.day_start(later), later)
        for c in running:
            now_c = session.ledger.get("training", c.key)
            assert now_c is not None and not now_c.running, c.key
