"""Cost over several sources: each resource is priced by its own source's session (told
by its ARN), whichever source swept last; a resource without a price in its region is
unpriced ("—" and the reason, counted), never $0."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from smtui.domain import cost as math
from smtui.domain.cost import Charge, Segment, usd
from smtui.domain.training import TrainingDetails
from smtui.services import cost as costs
from smtui.services import cost_places as places
from smtui.services.fanout_totals import SourceCost, combine_costs, cost_marks
from smtui.services.kinds import cost as cost_view
from smtui.services.kinds import cost_cells
from smtui.services.pricing import bundled_table

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
A, B = "111111111111", "222222222222"


class FakeClients:
    """What a cost session reads of its clients (weak-referenceable, as Clients are)."""

    def __init__(self, region: str) -> None:
        self.region = region


def session(region: str, tmp_path: Path) -> costs.CostSession:
    return costs.session_for(FakeClients(region), cache_dir=tmp_path / region)  # type: ignore[arg-type]


def arn(region: str, account: str, name: str = "job") -> str:
    return f"arn:aws:sagemaker:{region}:{account}:training-job/{name}"


def finished(instance_type: str, hours: float = 2.0) -> dict[str, Any]:
    start = NOW - timedelta(hours=hours + 1)
    return {
        "TrainingJobName": "job",
        "TrainingJobStatus": "Completed",
        "ResourceConfig": {"InstanceType": instance_type, "InstanceCount": 1, "VolumeSizeInGB": 0},
        "TrainingStartTime": start,
        "TrainingEndTime": start + timedelta(hours=hours),
        "TrainingTimeInSeconds": int(hours * 3600),
        "BillableTimeInSeconds": int(hours * 3600),
    }


@pytest.fixture(autouse=True)
def no_console_left() -> Any:
    yield
    places.use_places([])


# --- whose session ------------------------------------------------------------------------
def test_one_source_prices_with_the_consoles_session(tmp_path) -> None:
    only = session("us-east-1", tmp_path)
    assert places.session_of(arn("eu-west-1", A)) is only  # as before fan-out: no routing
    assert places.session_of(None) is only


def test_several_sources_price_by_the_resources_region_not_the_last_used(tmp_path) -> None:
    us, eu = session("us-east-1", tmp_path), session("eu-west-1", tmp_path)
    places.use_places([places.Place("p/us-east-1", us), places.Place("p/eu-west-1", eu)])
    for last in (us, eu):  # whichever source swept last
        costs._LATEST[:] = [last]
        assert places.session_of(arn("us-east-1", A)) is us
        assert places.session_of(arn("eu-west-1", A)) is eu
    assert places.session_of("not an arn") is None  # pending, never a guess
    assert places.session_of(arn("ap-south-1", A)) is None


def test_two_accounts_in_one_region_are_told_by_the_arns_account(tmp_path) -> None:
    a, b = session("us-east-1", tmp_path / "a"), session("us-east-1", tmp_path / "b")
    known: dict[str, str | None] = {"a": None, "b": None}
    places.use_places(
        [
            places.Place("a/us-east-1", a, lambda: known["a"]),
            places.Place("b/us-east-1", b, lambda: known["b"]),
        ]
    )
    assert places.session_of(arn("us-east-1", B)) is None  # STS has not answered yet
    known["a"] = A
    assert places.session_of(arn("us-east-1", B)) is b  # not a's: the one left
    known["b"] = B
    assert places.session_of(arn("us-east-1", A)) is a
    assert places.session_of(arn("us-east-1", B)) is b


def test_a_console_of_one_source_started_later_forgets_the_places(tmp_path) -> None:
    us, eu = session("us-east-1", tmp_path), session("eu-west-1", tmp_path)
    places.use_places([places.Place("p/us-east-1", us), places.Place("p/eu-west-1", eu)])
    assert len(places.places()) == 2
    later = session("eu-west-1", tmp_path / "later")  # a new console's session
    assert places.places() == []
    assert places.session_of(arn("eu-west-1", A)) is later


# --- rows and details of training jobs, per source ----------------------------------------
def job(region: str, account: str, instance_type: str) -> Any:
    d = finished(instance_type)
    return SimpleNamespace(
        arn=arn(region, account),
        status="Completed",
        details=TrainingDetails(instance_type=instance_type, instance_count=1, cost_fields=d),
    )


def test_training_cells_and_detail_price_in_their_own_region(tmp_path) -> None:
    us, eu = session("us-east-1", tmp_path), session("eu-west-1", tmp_path)
    places.use_places([places.Place("p/us-east-1", us), places.Place("p/eu-west-1", eu)])
    price = bundled_table().instances[("us-east-1", "ml.m5.xlarge", "training")].usd_per_hour
    assert ("eu-west-1", "ml.m5.xlarge", "training") not in bundled_table().instances
    for last in (us, eu):
        costs._LATEST[:] = [last]
        cell, value = cost_cells.training_cost(job("us-east-1", A, "ml.m5.xlarge"), NOW)
        assert value == pytest.approx(2 * price)
        assert cell == usd(2 * price)
        cell, value = cost_cells.training_cost(job("eu-west-1", A, "ml.m5.xlarge"), NOW)
        assert (cell, value) == (("—", "warning"), None)
    rows = cost_cells.training_cost_rows(
        {**finished("ml.m5.xlarge"), "TrainingJobArn": arn("eu-west-1", A), "_now": NOW}
    )
    assert rows == [("Cost", "— (no price for ml.m5.xlarge in eu-west-1)")]
    rows = cost_cells.training_cost_rows(
        {**finished("ml.m5.xlarge"), "TrainingJobArn": arn("us-east-1", A), "_now": NOW}
    )
    assert rows[0] == ("Cost", usd(2 * price))


# --- unpriced -------------------------------------------------------------------------------
def test_localized_reason_names_each_type_once_and_the_region() -> None:
    charge = Charge(
        "endpoint",
        "ep",
        segments=(Segment(NOW - timedelta(hours=1), None, 0.0),),
        notes=("no price known for ml.m5.large, ml.m5.large", "idle"),
        priced=False,
    )
    local = places.localize(charge, "eu-west-1")
    assert local.notes == ("no price for ml.m5.large in eu-west-1", "idle")
    assert places.localize(local, "eu-west-1") == local  # idempotent
    assert places.reason(local) == "no price for ml.m5.large in eu-west-1"
    priced = Charge("training", "t", notes=("no billable time",))
    assert places.localize(priced, "eu-west-1") is priced and places.reason(priced) == ""


def test_a_session_without_prices_in_its_region_leaves_every_charge_unpriced(tmp_path) -> None:
    eu = session("eu-west-1", tmp_path)
    charge = eu.training_charge(finished("ml.g5.2xlarge"), NOW)
    assert not charge.priced and places.is_unpriced(charge)
    assert charge.accrued(NOW) == 0  # the figure leaves it out: the view must say why
    assert places.reason(charge) == "no price for ml.g5.2xlarge in eu-west-1"
    us = session("us-east-1", tmp_path)
    assert us.training_charge(finished("ml.g5.2xlarge"), NOW).priced


def test_a_serverless_endpoint_without_a_price_is_unpriced_not_free(tmp_path) -> None:
    from smtui.domain.endpoints import Endpoint, Metrics, Variant

    ep = Endpoint(
        name="sls",
        arn=arn("eu-west-1", A, "sls"),
        status="InService",
        config="sls-config",
        created=NOW - timedelta(days=3),
        modified=NOW - timedelta(days=3),
        variants=(Variant("v", serverless={"MemorySizeInMB": 2048, "MaxConcurrency": 5}),),
        described=True,
        metrics=Metrics(invocations_per_min=10.0, p50_ms=100.0),
    )
    charge = session("eu-west-1", tmp_path).endpoint_charge(ep, None)
    assert not charge.priced
    assert places.reason(charge) == "no price for serverless in eu-west-1"
    assert session("us-east-1", tmp_path).endpoint_charge(ep, None).priced


def test_cost_view_lists_unpriced_resources_with_the_reason_and_counts_them() -> None:
    start = NOW - timedelta(hours=3)
    unpriced = Charge(
        "notebook",
        "nb",
        "InService",
        segments=(Segment(start, None, 0.0),),
        instances="ml.t3.xlarge",
        notes=("no price for ml.t3.xlarge in eu-west-1",),
        priced=False,
    )
    priced = Charge("notebook", "other", "InService", segments=(Segment(start, None, 0.5),))
    assert cost_view._wanted(unpriced, {}, NOW)  # not dropped as "$0"
    assert cost_view._wanted(unpriced, {"only": "running"}, NOW)
    cells = cost_view.row(unpriced, NOW).cells
    assert cells[2:5] == (("—", "warning"),) * 3
    assert cells[7] == ("no price in eu-west-1", "warning")  # the type is in INSTANCES
    lines = cost_view.summary_lines([unpriced, priced], NOW, 0.0)
    assert "⚠ 1 unpriced, left out of the figures: no price for ml.t3.xlarge in eu-west-1" in lines
    assert lines[0].startswith(f"Burn {math.usd_rate(0.5)}/h")
    section = cost_view.charge_section(unpriced, NOW)
    assert dict(section.rows)["This month"] == "—"
    assert dict(section.rows)["Unpriced"] == "no price for ml.t3.xlarge in eu-west-1"
    assert section.role == "warning"
    billed = [v for k, v in section.rows if k.strip() == "billed"]
    assert billed and billed[0].endswith("→ now  — (no price)")  # not "$0.00/h  $0.00"
    assert "no price for ml.t3.xlarge" not in section.text  # said once, in its row


def test_header_counts_the_unpriced_of_the_sources_that_answer() -> None:
    t = math.totals([], NOW)
    combined = combine_costs(
        [
            SourceCost("p/us-east-1", t),
            SourceCost("p/eu-west-1", t, unpriced=31),
            SourceCost("q/eu-west-1", failure="expired", unpriced=5),
        ],
        NOW,
    )
    assert combined.unpriced == 31
    marks = cost_marks(combined)
    assert ("⚠ 31 unpriced", "bold") in marks[0]
    assert ("⚠31?", "bold") in marks[-1]
    assert cost_marks(combine_costs([SourceCost("p/us-east-1", t)], NOW)) == [
        [(" (1 sources)", "")],
        [(" (1 src)", "")],
        [(" Σ1", "")],
    ]
