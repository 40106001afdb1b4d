"""Records encoded ahead (in a listing's threads) print exactly as plain ones do."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone

from smtui.commands.output import Encoded, emit, encoded


def _records() -> list[dict[str, object]]:
    return [
        {"Name": "a", "CreationTime": datetime(2026, 11, 26, 12, 0, 0, 250000, tzinfo=UTC)},
        {
            "Name": "b",
            "CreationTime": datetime(2026, 11, 26, 13, tzinfo=timezone(timedelta(hours=1))),
        },
        {"Name": "c", "CreationTime": None, "Tags": [{"Key": "é", "Value": "x"}]},
    ]


def _json(records: list) -> str:  # type: ignore[type-arg]
    out = io.StringIO()
    emit(records, ["Name"], "json", out)
    return out.getvalue()


def test_encoded_records_print_as_plain_ones() -> None:
    plain = _json(_records())
    assert _json([encoded(r) for r in _records()]) == plain
    parsed = json.loads(plain)
    assert parsed[0]["CreationTime"] == "2026-11-26T12:00:00.250000Z"
    assert parsed[1]["CreationTime"] == "2026-11-26T12:00:00Z"
    assert plain.splitlines()[1:4] == [line for line in plain.splitlines() if "Name" in line]


def test_a_copy_is_a_plain_record_again() -> None:
    done = encoded(_records()[0])
    copy = {**done, "Region": "eu-west-1"}
    assert isinstance(done, Encoded) and not isinstance(copy, Encoded)
    assert json.loads(_json([copy]))[0]["Region"] == "eu-west-1"
