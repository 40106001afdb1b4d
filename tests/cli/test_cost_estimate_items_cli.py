"""Issue 21, point 10: `smtui cost estimate` covers SageMaker's four price factors, line
by line, as the pricing page's deployment example counts them."""

from __future__ import annotations

import json

import pytest

from smtui.cli import main

EXAMPLE = [
    "cost", "estimate", "--region", "us-east-1", "--instance-type", "ml.c5.9xlarge",
    "--use", "hosting", "--hours", "724", "--price", "2.661",
    "--s3-gb", "10240", "--s3-price", "0.023",            # 10 TB at $0.023/GB-month
    "--ml-storage-gb", "1024", "--ml-storage-price", "0.169",  # 1 TB at $0.169/GB-month
    "--data-processed-gb", "1024", "--data-price", "0.016",    # 1 TB at $0.016/GB
]  # fmt: skip


def test_the_pricing_page_example_line_by_line(capsys) -> None:
    assert main([*EXAMPLE, "-o", "json"]) == 0
    items = {r["Item"]: r for r in json.loads(capsys.readouterr().out)}
    assert list(items) == ["compute", "ml-storage", "s3", "data-processing", "total"]
    assert items["compute"]["CostUSD"] == pytest.approx(724 * 2.661)  # 1,926.564
    assert items["ml-storage"]["CostUSD"] == pytest.approx(1024 * 0.169)  # 173.056
    assert items["s3"]["CostUSD"] == pytest.approx(10240 * 0.023)  # 235.52
    assert items["data-processing"]["CostUSD"] == pytest.approx(1024 * 0.016)  # 16.384
    assert items["total"]["CostUSD"] == pytest.approx(1926.564 + 173.056 + 235.52 + 16.384)
    assert items["s3"]["Unit"] == "GB-months" and items["s3"]["PriceSource"] == "--s3-price"
    assert main(EXAMPLE) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "ITEM", "compute", "ml-storage", "s3", "data-processing", "total",
    ]  # fmt: skip
    assert lines[1].split()[1:5] == ["724", "instance-hours", "2.661", "1,926.56"]
    assert lines[3].split()[1:5] == ["10,240", "GB-months", "0.023", "235.52"]
    assert lines[-1].split()[:1] + lines[-1].split()[-2:-1] == ["total", "2,351.52"]


def test_prices_default_to_the_bundled_table_where_known(capsys) -> None:
    base = ["cost", "estimate", "--instance-type", "ml.m5.xlarge", "--hours", "1"]
    argv = [*base, "--price", "1", "--s3-gb", "100", "--ml-storage-gb", "10"]
    assert main([*argv, "--data-processed-gb", "5", "--region", "us-east-1", "-o", "json"]) == 0
    items = {r["Item"]: r for r in json.loads(capsys.readouterr().out)}
    for item in ("ml-storage", "s3", "data-processing"):
        assert items[item]["PriceSource"].startswith("bundled table ("), item
    assert items["s3"]["UnitUSD"] == 0.023 and items["data-processing"]["UnitUSD"] == 0.016
    assert main([*argv, "--region", "eu-north-1"]) == 2
    assert "pass --ml-storage-price" in capsys.readouterr().err


@pytest.mark.parametrize(
    "flag, text, message",
    [
        ("--s3-price", "-1", "argument --s3-price: S3 price cannot be negative"),
        ("--s3-gb", "inf", "argument --s3-gb: S3 storage must be a finite number"),
        ("--ml-storage-gb", "nan", "argument --ml-storage-gb:"),
        ("--ml-storage-price", "1e999", "argument --ml-storage-price:"),
        ("--data-processed-gb", "-5", "argument --data-processed-gb:"),
        ("--data-price", "Infinity", "argument --data-price:"),
    ],
)
def test_storage_and_data_flags_use_the_shared_parser(
    capsys, flag: str, text: str, message: str
) -> None:
    """Negative and non-finite quantities and prices end in argparse's usage error (exit
    2) before any price is looked up: smtui/commands/flags.py, as every numeric flag."""
    base = ["cost", "estimate", "--instance-type", "ml.m5.xlarge", "--hours", "1", "--price", "1"]
    with pytest.raises(SystemExit) as exc:
        main([*base, flag, text, "--region", "us-east-1", "-o", "json"])
    out = capsys.readouterr()
    assert exc.value.code == 2 and message in out.err and out.out == ""
    assert "Traceback" not in out.err
