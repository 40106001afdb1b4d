"""The audit view: every mutating call this console made or refused, newest first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from smtui.services import paths
from smtui.services.guard import read_audit
from smtui.services.registry import Column, ResourceKind, Section
from smtui.services.table_index import TableRow

COLUMNS = (
    Column("TIME", 19),
    Column("ACTION", 10),
    Column("RESOURCE", 20, flex=True, name=True),
    Column("OUTCOME", 18, flex=True),
    Column("PROFILE", 10),
    Column("REGION", 10),
)


def _list(
    _clients: Any, _params: dict[str, Any], _cancelled: Any
) -> Iterator[list[dict[str, Any]]]:
    records = read_audit(paths.audit_log())
    for number, record in enumerate(records):
        record["_n"] = str(number)
    yield list(reversed(records))


def _row(rec: dict[str, Any], _now: datetime) -> TableRow:
    outcome = rec.get("outcome", "")
    role = "ok" if outcome == "ok" else ("warning" if outcome.startswith("refused") else "error")
    cells = (
        rec.get("time", "")[:19].replace("T", " "),
        rec.get("action", ""),
        rec.get("resource", ""),
        (outcome, role),
        rec.get("profile", ""),
        rec.get("region", ""),
    )
    text = " ".join(c if isinstance(c, str) else c[0] for c in cells)
    return TableRow(
        key=rec["_n"],
        cells=cells,
        sort_values=tuple(c if isinstance(c, str) else c[0] for c in cells),
        search_text=text.lower(),
    )


def _detail(rec: dict[str, Any], _data: dict[str, Any]) -> list[Section]:
    """The whole record: who, where, the outcome, and each request with its parameters
    (secrets were redacted before recording, smtui/services/guard.py)."""
    rows = tuple(
        (label, str(rec[key]))
        for label, key in (
            ("Time", "time"),
            ("Action", "action"),
            ("Resource", "resource"),
            ("Outcome", "outcome"),
            ("Read again", "read_back"),
            ("Account", "account"),
            ("Profile", "profile"),
            ("Region", "region"),
        )
        if rec.get(key)
    )
    sections = [Section("Record", rows=rows)]
    if rec.get("details"):
        sections.append(Section("Details", raw=rec["details"]))
    for request in rec.get("requests") or []:
        sections.append(Section(str(request.get("operation", "Request")), raw=request))
    return sections


AUDIT = ResourceKind(
    name="audit",
    title="Audit log",
    aliases=("log", "history"),
    columns=COLUMNS,
    list_pages=_list,
    key=lambda rec: rec["_n"],
    row=_row,
    empty_message="No mutating calls yet: the audit log is empty.",
    default_sort=(0, True),
    describe=lambda clients, rec, options: {"record": rec},  # no call: the record itself
    detail=_detail,
    version=lambda rec: f"{rec.get('time', '')} {rec.get('action', '')} {rec.get('outcome', '')}",
)
