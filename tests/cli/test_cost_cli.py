"""`smtui cost` and `smtui cost estimate` against the embedded sandbox (in process), and
the cost fields `smtui jobs` and `smtui endpoints` gained."""

from __future__ import annotations

import csv
import io
import json

import pytest

from smtui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cost_json_lists_every_kind_with_prices(capsys) -> None:
    code, out, _ = run(capsys, "cost", "--sandbox", "-o", "json")
    assert code == 0
    rows = json.loads(out)
    assert {r["Kind"] for r in rows} >= {
        "training",
        "processing",
        "transform",
        "endpoint",
        "notebook",
    }
    keys = set(rows[0])
    assert {"HourlyUSD", "CostUSD", "TodayUSD", "PriceSource", "UpperBound"} <= keys
    assert all(set(r) == keys for r in rows)
    costs = [r["CostUSD"] for r in rows]
    assert costs == sorted(costs, reverse=True) and all(c >= 0 for c in costs)
    assert {r["PriceSource"] for r in rows if r["Kind"] != "endpoint"} == {"price list API"}
    running_spot = [r for r in rows if r["UpperBound"]]
    assert all(r["Kind"] == "training" and r["HourlyUSD"] > 0 for r in running_spot)


def test_cost_table_and_csv_with_since(capsys) -> None:
    code, out, err = run(capsys, "cost", "--sandbox")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["KIND", "NAME", "STATUS", "USD/H", "COST", "TODAY", "PRICES"]
    assert "total since" in err and "/h now" in err
    code, out, _ = run(capsys, "cost", "--sandbox", "-o", "csv", "--since", "2020-01-01")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and float(rows[0]["CostUSD"]) >= float(rows[-1]["CostUSD"])
    code, _, err = run(capsys, "cost", "--sandbox", "--since", "yesterday")
    assert code == 2 and "--since 'yesterday'" in err
    code, _, err = run(capsys, "cost", "--sandbox", "--since", "2999-01-01")
    assert code == 2 and "future" in err


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cost_estimate_every_format(capsys, fmt: str) -> None:
    argv = ["cost", "estimate", "--sandbox", "--instance-type", "ml.g5.2xlarge"]
    code, out, _ = run(capsys, *argv, "--count", "2", "--hours", "3", "--use", "hosting", "-o", fmt)
    assert code == 0
    if fmt == "json":
        record, total = json.loads(out)
        assert record["Item"] == "compute" and total == {"Item": "total", **total}
        assert total["CostUSD"] == record["CostUSD"]
        assert record["PriceSource"] == "price list API"
        assert record["HourlyUSD"] == pytest.approx(2 * record["UnitUSD"])
        assert record["CostUSD"] == pytest.approx(3 * record["HourlyUSD"], abs=1e-4)
        assert record["Use"] == "hosting" and record["Region"] == "us-east-1"
    elif fmt == "csv":
        record, _ = list(csv.DictReader(io.StringIO(out)))
        assert record["Item"] == "compute" and record["PriceSource"] == "price list API"
        assert float(record["Quantity"]) == 6 and record["Unit"] == "instance-hours"
    else:
        header, line, total = out.splitlines()
        assert header.split()[:3] == ["ITEM", "QUANTITY", "UNIT"]
        assert line.startswith("compute") and "price list API" in line
        assert total.startswith("total")


def test_cost_estimate_with_a_given_price_needs_no_aws(capsys) -> None:
    code, out, _ = run(
        capsys,
        "cost",
        "estimate",
        "--instance-type",
        "ml.x.big",
        "--hours",
        "10",
        "--price",
        "2.5",
        "-o",
        "json",
    )
    record, _ = json.loads(out)
    assert code == 0 and record["CostUSD"] == 25.0 and record["PriceSource"] == "--price"


def test_cost_estimate_falls_back_to_the_bundled_table(capsys) -> None:
    # No credentials in the test environment: the Price List API cannot answer.
    code, out, err = run(
        capsys,
        "cost",
        "estimate",
        "--region",
        "us-east-1",
        "--instance-type",
        "ml.m5.xlarge",
        "--hours",
        "2",
        "-o",
        "json",
    )
    record, _ = json.loads(out)
    assert code == 0 and record["PriceSource"].startswith("bundled table (")
    assert "price list API not used" in err
    code, _, err = run(
        capsys,
        "cost",
        "estimate",
        "--region",
        "eu-north-1",
        "--instance-type",
        "ml.m5.xlarge",
        "--hours",
        "2",
    )
    assert code == 2 and "pass --price" in err


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--hours", "0"], "hours must be greater than 0"),
        (["--hours", "1", "--count", "0"], "count must be at least 1"),
        (["--hours", "inf"], "hours must be a finite number (got 'inf')"),
        (["--hours", "nan"], "hours must be a finite number (got 'nan')"),
        (["--hours", "1e999"], "hours must be a finite number"),
        (["--hours", "1", "--price=-inf"], "price must be a finite number"),
        (["--hours", "1", "--count", "2.0"], "count must be a whole number (got '2.0')"),
    ],
)
def test_cost_estimate_checks_its_numbers(capsys, flags: list[str], message: str) -> None:
    """Non-finite numbers used to print Infinity (not JSON): every numeric flag is parsed
    by smtui/domain/numbers.py, which refuses them with argparse's usage error."""
    base = ["cost", "estimate", "--instance-type", "ml.m5.xlarge", "--price", "1", "-o", "json"]
    with pytest.raises(SystemExit) as exc:
        main([*base, *flags])
    out = capsys.readouterr()
    assert exc.value.code == 2 and message in out.err and out.out == ""


def test_jobs_and_endpoints_json_carry_cost_fields(capsys) -> None:
    code, out, _ = run(capsys, "jobs", "--sandbox", "--limit", "5", "-o", "json")
    assert all(j["CostUSD"] is None for j in json.loads(out))  # no describes unless --cost
    code, out, _ = run(capsys, "jobs", "--sandbox", "--limit", "30", "--cost", "-o", "json")
    jobs = json.loads(out)
    assert code == 0 and len(jobs) == 30
    assert all({"CostUSD", "HourlyUSD", "PriceSource"} <= set(j) for j in jobs)
    running = [j for j in jobs if j["TrainingJobStatus"] == "InProgress"]
    assert running and all(j["HourlyUSD"] > 0 for j in running)
    assert any(j["CostUSD"] > 0 for j in jobs if j["TrainingJobStatus"] == "Completed")
    code, out, _ = run(capsys, "endpoints", "--sandbox", "-o", "json")
    eps = {e["EndpointName"]: e for e in json.loads(out)}
    assert eps["fraud-detector-prod"]["HourlyUSD"] > 0
    assert eps["fraud-detector-prod"]["PriceSource"] == "price list API"
    assert eps["nlp-ner-staging"]["HourlyUSD"] == 0  # Failed: not billed
