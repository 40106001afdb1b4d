"""`smtui cost`: what SageMaker resources cost since a date, per resource; and
`smtui cost estimate`: what an instance type costs for a number of hours.

``smtui cost [--since DATE] [--output table|json|csv]`` sweeps everything that ran since
DATE (UTC, default the 1st of this month) and prints one row per resource: ``Kind``,
``Name``, ``Status``, ``Instances``, ``HourlyUSD`` (burn rate now), ``CostUSD`` (since
DATE), ``TodayUSD``, ``PriceSource``, ``Estimate``, ``UpperBound``, ``Notes``; the table
ends with the totals on stderr.

``smtui cost estimate --instance-type T [--count N] --hours H [--region R]
[--use training|hosting|...] [--price P]`` prices T x N for H hours: from ``--price``
(USD per instance-hour), else the Price List API, else the bundled table; json keys
``InstanceType``, ``Count``, ``Hours``, ``Region``, ``Use``, ``UnitUSD``, ``HourlyUSD``,
``CostUSD``, ``PriceSource``.

The estimate is itemised (smtui/domain/cost_estimate.py): a ``compute`` line, then
``ml-storage`` (``--ml-storage-gb`` GB-months), ``s3`` (``--s3-gb`` GB-months) and
``data-processing`` (``--data-processed-gb`` GB) when given, each priced by its
``--...-price`` flag or else the bundled table, and ``total``. Every json object carries
``Item``, ``Quantity``, ``Unit``, ``UnitUSD``, ``CostUSD`` and ``PriceSource`` (the compute
line also the fields above).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from typing import Any

from smtui.commands import flags
from smtui.commands.context import CommandContext, CommandError, add_connection_options
from smtui.commands.output import add_output_option, emit
from smtui.services.settings import SettingsError

NAME = "cost"
HELP = "what SageMaker resources cost since a date; `cost estimate` prices an instance type"
CONNECTS = True
LIST_COMMAND = True

COLUMNS = ("Kind", "Name", "Status", "HourlyUSD", "CostUSD", "TodayUSD", "PriceSource")
HEADERS = ("KIND", "NAME", "STATUS", "USD/H", "COST", "TODAY", "PRICES")
ESTIMATE_COLUMNS = ("Item", "Quantity", "Unit", "UnitUSD", "CostUSD", "PriceSource")
ESTIMATE_HEADERS = ("ITEM", "QUANTITY", "UNIT", "USD/UNIT", "COST", "PRICES")
EXTRAS = (
    # item, quantity flag, price flag, bundled table attribute
    ("ml-storage", "ml_storage_gb", "ml_storage_price", "storage"),
    ("s3", "s3_gb", "s3_price", "s3"),
    ("data-processing", "data_processed_gb", "data_price", "data_processing"),
)
USES = ("training", "hosting", "processing", "transform", "notebook")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="start of the period, YYYY-MM-DD in UTC (default: the 1st of this month)",
    )
    add_output_option(parser)
    sub = parser.add_subparsers(dest="cost_command", metavar="COMMAND")
    est = sub.add_parser(
        "estimate",
        help="what an instance type costs for a number of hours",
        description="Price INSTANCE-TYPE x COUNT for HOURS: --price, else the Price List "
        "API, else the bundled table.",
    )
    est.add_argument("--instance-type", required=True, help="e.g. ml.g5.2xlarge")
    est.add_argument(
        "--count", type=flags.count("count", 1), default=1, help="instances (default 1)"
    )
    est.add_argument(
        "--hours", type=flags.positive("hours"), required=True, help="hours of running"
    )
    # The connection options here too (`smtui cost estimate --sandbox ...`); --region is
    # the region whose prices are looked up.
    add_connection_options(est, suppress=True)
    est.add_argument("--use", choices=USES, default="training", help="default: training")
    est.add_argument(
        "--price",
        type=flags.non_negative("price"),
        help="USD per instance-hour, instead of a lookup",
    )
    est.add_argument(
        "--ml-storage-gb", type=flags.non_negative("ML storage"), help="ML storage, GB-months"
    )
    est.add_argument(
        "--ml-storage-price",
        type=flags.non_negative("ML storage price"),
        help="USD per GB-month of ML storage",
    )
    est.add_argument("--s3-gb", type=flags.non_negative("S3 storage"), help="S3 storage, GB-months")
    est.add_argument(
        "--s3-price",
        type=flags.non_negative("S3 price"),
        help="USD per GB-month of S3 storage",
    )
    est.add_argument(
        "--data-processed-gb",
        type=flags.non_negative("data processed"),
        help="GB processed in and out",
    )
    est.add_argument(
        "--data-price",
        type=flags.non_negative("data processing price"),
        help="USD per GB processed",
    )
    add_output_option(est)


def run(ctx: CommandContext) -> int:
    if getattr(ctx.args, "cost_command", None) == "estimate":
        return estimate(ctx)
    return report(ctx)


# --- smtui cost -----------------------------------------------------------------------------
def _since(text: str | None, now: datetime) -> datetime:
    from smtui.domain.cost import month_start

    if not text:
        return month_start(now)
    try:
        since = datetime.fromisoformat(text)
    except ValueError:
        raise SettingsError(f"--since {text!r}: use a date, YYYY-MM-DD") from None
    since = since.replace(tzinfo=UTC) if since.tzinfo is None else since.astimezone(UTC)
    if since > now:
        raise SettingsError(f"--since {text}: that is in the future")
    return since


def report(ctx: CommandContext) -> int:
    from smtui.domain.cost import day_start
    from smtui.services import cost as costs
    from smtui.services.kinds.cost import short_notes

    clients = ctx.clients()
    clients.clock = ctx.clock()
    now = clients.clock()
    since = _since(ctx.args.since, now)
    session = costs.session_for(clients)
    result = session.sweep(clients, since, now)
    for kind, error in sorted(result.errors.items()):
        print(f"smtui: {kind} not listed: {error}", file=sys.stderr)
    rows: list[dict[str, Any]] = []
    for c in session.ledger.charges():
        cost = c.accrued(now, since)
        if cost <= 0 and c.hourly(now) <= 0:
            continue
        rows.append(
            {
                "Kind": c.kind,
                "Name": c.key,
                "Status": c.status,
                "Instances": c.instances,
                "HourlyUSD": round(c.hourly(now), 4),
                "CostUSD": round(cost, 4),
                "TodayUSD": round(c.accrued(now, day_start(now)), 4),
                "PriceSource": c.source or None,
                "Estimate": c.estimate,
                "UpperBound": c.upper_bound,
                "Started": c.started,
                "Notes": short_notes(c, now) or None,
            }
        )
    rows.sort(key=lambda r: (-r["CostUSD"], r["Kind"], r["Name"]))
    burn = sum(float(r["HourlyUSD"]) for r in rows)
    total = sum(float(r["CostUSD"]) for r in rows)
    if ctx.args.output == "table":  # money as money, not as %.4g
        shown = [
            {**r, **{k: f"{r[k]:,.2f}" for k in ("HourlyUSD", "CostUSD", "TodayUSD")}} for r in rows
        ]
        emit(shown, COLUMNS, "table", sys.stdout, headers=HEADERS)
        print(
            f"total since {since.date().isoformat()}: ${total:,.2f}; burning ${burn:,.2f}/h now; "
            f"prices: {session.book.source_label}",
            file=sys.stderr,
        )
    else:
        emit(rows, COLUMNS, ctx.args.output, sys.stdout, headers=HEADERS)
    return 0


# --- smtui cost estimate ------------------------------------------------------------------------
def _region(ctx: CommandContext) -> str:
    """The region whose prices are wanted: --region, the environment, the profile's."""
    args = ctx.args
    if args.sandbox:
        from smtui.sandbox import SANDBOX_REGION

        return args.region or SANDBOX_REGION
    region = args.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if region:
        return str(region)
    try:
        return ctx.clients().region
    except Exception as exc:
        if args.price is not None:
            return "-"  # a given price needs no region
        raise CommandError(f"no region: pass --region ({exc})") from None


def estimate(ctx: CommandContext) -> int:
    from smtui.domain import cost_estimate as costs
    from smtui.domain.cost import Price

    args = ctx.args
    if args.count < 1:
        raise SettingsError("--count must be 1 or more")
    if not args.hours > 0:
        raise SettingsError("--hours must be more than 0")
    if args.price is not None and not args.price >= 0:
        raise SettingsError("--price must be 0 or more (USD per instance-hour)")
    region = _region(ctx)
    price: Price | None
    if args.price is not None:
        price = Price(args.price, "--price")
    else:
        price = _lookup(ctx, region, args.instance_type, args.use)
    if price is None:
        raise CommandError(
            f"no {args.use} price known for {args.instance_type} in {region}: pass --price"
        )
    hourly = price.usd_per_hour * args.count
    record: dict[str, Any] = {
        "Item": "compute",
        "Quantity": args.count * args.hours,
        "Unit": "instance-hours",
        "InstanceType": args.instance_type,
        "Count": args.count,
        "Hours": args.hours,
        "Region": region,
        "Use": args.use,
        "UnitUSD": price.usd_per_hour,
        "HourlyUSD": round(hourly, 6),
        "CostUSD": round(hourly * args.hours, 4),
        "PriceSource": price.source,
    }
    items = [_line(record)]
    records = [record]
    for item in _extras(args, region):
        items.append(item)
        records.append(_record(item))
    records.append({"Item": "total", "CostUSD": round(costs.total(items), 4)})
    if args.output == "table":  # money to the cent (the table's 4 significant digits are not)
        records = [_shown(r) for r in records]
    emit(records, ESTIMATE_COLUMNS, args.output, sys.stdout, headers=ESTIMATE_HEADERS)
    return 0


def _line(record: dict[str, Any]) -> Any:
    from smtui.domain import cost_estimate as costs

    return costs.line_item(
        "compute", record["Quantity"], record["UnitUSD"], str(record["PriceSource"])
    )


def _extras(args: argparse.Namespace, region: str) -> list[Any]:
    """The storage and data line items asked for, priced by their flag or else the
    bundled table (smtui/data/sagemaker_prices.json: ML storage, S3 Standard, hosting
    data processed; each entry with its source)."""
    from smtui.domain import cost_estimate as costs
    from smtui.services.pricing import bundled_table

    out = []
    for item, amount_flag, price_flag, table in EXTRAS:
        amount, given = getattr(args, amount_flag), getattr(args, price_flag)
        flag = "--" + price_flag.replace("_", "-")
        if amount is None:  # both flags are finite and >= 0 already (commands/flags.py)
            continue
        if given is not None:
            out.append(costs.line_item(item, amount, given, flag))
            continue
        known = getattr(bundled_table(), table).get(region)
        if known is None:
            raise CommandError(f"no {item} price known for {region}: pass {flag}")
        out.append(costs.line_item(item, amount, known.usd_per_hour, known.source))
    return out


def _shown(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record, CostUSD=f"{record['CostUSD']:,.2f}")
    for key in ("Quantity", "UnitUSD"):
        if record.get(key) is not None:
            out[key] = f"{record[key]:,g}"
    return out


def _record(item: Any) -> dict[str, Any]:
    return {
        "Item": item.item,
        "Quantity": item.quantity,
        "Unit": item.unit,
        "UnitUSD": item.unit_usd,
        "CostUSD": round(item.cost_usd, 4),
        "PriceSource": item.source,
    }


def _lookup(ctx: CommandContext, region: str, instance_type: str, use: Any) -> Any:
    """The Price List API's price when it answers, else the bundled table's."""
    from smtui.services import paths
    from smtui.services.pricing import PriceBook

    book = PriceBook(paths.cache_dir() / "pricing")
    try:
        clients = ctx.clients()
    except Exception as exc:  # no credentials, no region: the bundled table answers
        book.refused = str(exc)
    else:
        book.ensure(clients, region, [instance_type])
    if book.refused:
        print(f"smtui: price list API not used: {book.refused}", file=sys.stderr)
    return book.lookup(region, instance_type, use)
