"""Answers' timestamps are UTC datetimes sharing datetime.UTC (smtui/aws/timestamps.py):
the same instants botocore's default parser gives, without a tzinfo object each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from botocore.utils import parse_timestamp

from smtui.aws.session import Clients, Target
from smtui.aws.timestamps import parse_utc
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox


def test_epoch_iso_and_rfc822_give_the_default_parsers_instants_in_utc() -> None:
    for value in (1764158400, 1764158400.25, "2026-11-26T12:00:00Z", "2026-11-26T13:00:00+01:00"):
        ours = parse_utc(value)
        assert ours.tzinfo is UTC
        assert ours == parse_timestamp(value)
    rfc = parse_utc("Thu, 26 Nov 2026 12:00:00 GMT")
    assert rfc == datetime(2026, 11, 26, 12, tzinfo=UTC) and rfc.tzinfo is UTC
    other = parse_utc("2026-11-26T12:00:00-05:00")
    assert other == datetime(2026, 11, 26, 12, tzinfo=timezone(timedelta(hours=-5)))
    assert other.hour == 17


def test_a_string_without_zone_is_read_as_utc() -> None:
    assert parse_utc("2026-11-26T12:00:00") == datetime(2026, 11, 26, 12, tzinfo=UTC)


def test_clients_parse_answers_with_the_shared_utc() -> None:
    with Sandbox(jobs=20, speed=0).start() as sb:
        clients = Clients(
            Target(
                region=SANDBOX_REGION,
                endpoint_url=sb.url,
                access_key=SANDBOX_ACCESS_KEY,
                secret_key=SANDBOX_SECRET_KEY,
            )
        )
        summaries = clients.client("sagemaker").list_training_jobs()["TrainingJobSummaries"]
        assert summaries
        stamps = [s["CreationTime"] for s in summaries]
        assert all(t.tzinfo is UTC for t in stamps)
        logs = clients.client("logs")  # another protocol family, same session
        assert logs.describe_log_groups(limit=1) is not None
