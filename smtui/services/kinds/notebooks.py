"""The notebook instances view: who left what running, start and stop.

A notebook InService longer than ``notebook_idle_hours`` (settings) stands out: its
status and IN SERVICE cells turn to the warning role. The summary has no volume, so
each notebook is described once per change (LastModifiedTime) and the volume kept.
Room is left for a cost-per-hour column (the cost issue): add it after TYPE.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from smtui.aws import notebooks as api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.elastic_inference import RETIREMENT_NOTE, describe_accelerator
from smtui.domain.notebooks import (
    STATUS_ALIASES,
    NotebookSummary,
    can_start,
    can_stop,
    status_from_word,
    status_role,
)
from smtui.services.registry import (
    Action,
    Column,
    DetailOptions,
    QueryError,
    ResourceKind,
    Section,
)
from smtui.services.table_index import TableRow

DEFAULT_IDLE_HOURS = 8.0

COLUMNS = (
    Column("NAME", 22, flex=True),
    Column("STATUS", 9),
    Column("TYPE", 14),
    Column("VOLUME", 6, justify="right"),
    Column("CREATED", 10),
    Column("MODIFIED", 8, justify="right"),
    Column("UP FOR", 8, justify="right"),
)
"""UP FOR: how long it has been InService; "!" marks the idle ones."""

# Per session (clients): name -> (LastModifiedTime, VolumeSizeInGB). A notebook's volume
# changes only with an update, which moves LastModifiedTime: one describe per change.
_volumes: WeakKeyDictionary[Any, dict[str, tuple[Any, int | None]]] = WeakKeyDictionary()
_volumes_lock = threading.Lock()


def parse_args(args: Sequence[str]) -> dict[str, Any]:
    """`:notebooks running`, `:notebooks stopped alice`: a status and/or a name fragment."""
    params: dict[str, Any] = {}
    for word in args:
        status = status_from_word(word)
        if status and "status" not in params:
            params["status"] = status
        elif "name_contains" not in params:
            params["name_contains"] = word
        else:
            raise QueryError(f"unexpected {word!r}: use :notebooks [status] [name-fragment]")
    return params


def _volume(clients: Clients, item: dict[str, Any]) -> int | None:
    name, modified = item["NotebookInstanceName"], item.get("LastModifiedTime")
    with _volumes_lock:
        known = _volumes.setdefault(clients, {})
        cached = known.get(name)
    if cached is not None and cached[0] == modified:
        return cached[1]
    volume = api.describe_notebook(clients, name).get("VolumeSizeInGB")
    with _volumes_lock:
        known[name] = (modified, volume)
    return volume


def list_pages(
    clients: Clients, params: dict[str, Any], cancelled: Any
) -> Iterator[list[NotebookSummary]]:
    for page in api.list_notebooks(
        clients,
        status=params.get("status"),
        name_contains=params.get("name_contains"),
        cancelled=cancelled,
    ):
        yield [NotebookSummary.from_api(item, _volume(clients, item)) for item in page]


def make_row(idle_hours: float) -> Any:
    def row(nb: NotebookSummary, now: datetime) -> TableRow:
        in_service = nb.in_service_seconds(now)
        idle = nb.is_idle(now, idle_hours)
        role = "warning" if idle else status_role(nb.status)
        volume = f"{nb.volume_gb}G" if nb.volume_gb is not None else "-"
        modified_age = timefmt.age(nb.last_modified, now) if nb.last_modified else "-"
        uptime = timefmt.duration(in_service) if in_service is not None else "-"
        return TableRow(
            key=nb.name,
            cells=(
                nb.name,
                (nb.status, role),
                nb.instance_type,
                volume,
                timefmt.timestamp(nb.created)[:10],
                modified_age,
                (f"{uptime} !" if idle else uptime, "warning" if idle else ""),
            ),
            sort_values=(
                nb.name,
                nb.status,
                nb.instance_type,
                nb.volume_gb,
                nb.created.timestamp() if nb.created else None,
                nb.last_modified.timestamp() if nb.last_modified else None,
                in_service,
            ),
            search_text=f"{nb.name} {nb.status} {nb.instance_type}{' idle' if idle else ''}",
        )

    return row


def describe(clients: Clients, nb: NotebookSummary, _options: DetailOptions) -> dict[str, Any]:
    return api.describe_notebook(clients, nb.name)


def make_detail(idle_hours: float) -> Any:
    def detail(nb: NotebookSummary, d: dict[str, Any]) -> list[Section]:
        sections: list[Section] = []
        status = d.get("NotebookInstanceStatus", "-")
        if d.get("FailureReason"):
            sections.append(Section("Failure reason", text=str(d["FailureReason"]), role="error"))
        modified = d.get("LastModifiedTime")
        rows = [
            ("Name", d.get("NotebookInstanceName", "-")),
            ("ARN", d.get("NotebookInstanceArn", "-")),
            ("Status", status),
            ("Instance type", d.get("InstanceType", "-")),
            ("Volume", f"{d.get('VolumeSizeInGB', '-')} GB"),
            ("Created", timefmt.timestamp(d.get("CreationTime"))),
            ("Last modified", timefmt.timestamp(modified)),
            ("URL", f"https://{d['Url']}" if d.get("Url") else "-"),
            ("Platform", d.get("PlatformIdentifier", "-")),
        ]
        role = status_role(status)
        text = ""
        if modified is not None and status == "InService":
            rows.insert(3, ("In service since", timefmt.timestamp(modified)))
            text = (
                f"InService longer than {idle_hours:g}h stands out in the list as probably "
                "idle (setting notebook_idle_hours); s stops it."
            )
        sections.append(Section("Overview", tuple(rows), text=text, role=role))
        repos = [d["DefaultCodeRepository"]] if d.get("DefaultCodeRepository") else []
        repos += list(d.get("AdditionalCodeRepositories") or [])
        accelerators = list(d.get("AcceleratorTypes") or [])
        sections.append(
            Section(
                "Lifecycle and code",
                (
                    ("Lifecycle config", d.get("NotebookInstanceLifecycleConfigName") or "-"),
                    ("Code repositories", ", ".join(repos) or "-"),
                    (
                        "EI accelerators",
                        ", ".join(describe_accelerator(a) for a in accelerators) or "-",
                    ),
                ),
                text=RETIREMENT_NOTE if accelerators else "",
                role="warning" if accelerators else "",
            )
        )
        sections.append(
            Section(
                "Network",
                (
                    ("Subnet", d.get("SubnetId") or "- (SageMaker-managed VPC)"),
                    ("Security groups", ", ".join(d.get("SecurityGroups") or []) or "-"),
                    ("Direct internet", d.get("DirectInternetAccess", "-")),
                    ("Network interface", d.get("NetworkInterfaceId") or "-"),
                    ("IP address type", d.get("IpAddressType") or "-"),
                ),
            )
        )
        imds = (d.get("InstanceMetadataServiceConfiguration") or {}).get(
            "MinimumInstanceMetadataServiceVersion", "-"
        )
        sections.append(
            Section(
                "Security",
                (
                    ("Role", d.get("RoleArn", "-")),
                    ("KMS key", d.get("KmsKeyId") or "-"),
                    ("Root access", d.get("RootAccess", "-")),
                    ("IMDS minimum version", str(imds)),
                ),
            )
        )
        return sections

    return detail


def _start(clients: Clients, nb: NotebookSummary) -> str:
    api.start_notebook(clients, nb.name)
    return f"Start requested for {nb.name}: it is Pending, then InService in a few minutes."


def _stop(clients: Clients, nb: NotebookSummary) -> str:
    api.stop_notebook(clients, nb.name)
    return f"Stop requested for {nb.name}: it is Stopping, then Stopped."


START = Action(
    id="notebooks.start",
    key="t",
    label="Start",
    description="Start the notebook instance (Stopped or Failed only)",
    mutating=True,
    applies=lambda nb: can_start(nb.status),
    run=_start,
    confirm=lambda nb: (
        f"Start notebook instance {nb.name} ({nb.instance_type})?\n"
        "It is billed per hour from Pending until it is stopped."
    ),
)
STOP = Action(
    id="notebooks.stop",
    key="s",
    label="Stop",
    description="Stop the notebook instance (InService only)",
    mutating=True,
    applies=lambda nb: can_stop(nb.status),
    run=_stop,
    confirm=lambda nb: (
        f"Stop notebook instance {nb.name}?\nRunning kernels end; the files on its volume stay."
    ),
)


def notebooks_kind(idle_hours: float = DEFAULT_IDLE_HOURS) -> ResourceKind:
    """The kind, with the idle threshold from the settings."""
    return replace(NOTEBOOKS, row=make_row(idle_hours), detail=make_detail(idle_hours))


NOTEBOOKS = ResourceKind(
    name="notebooks",
    title="Notebook instances",
    aliases=("notebook", "nb", "notebook-instances"),
    columns=COLUMNS,
    list_pages=list_pages,
    key=lambda nb: nb.name,
    row=make_row(DEFAULT_IDLE_HOURS),
    parse_args=parse_args,
    arg_words=tuple(dict.fromkeys(STATUS_ALIASES)),
    describe=describe,
    detail=make_detail(DEFAULT_IDLE_HOURS),
    actions=(START, STOP),
    ticking=lambda nb: nb.status == "InService",
    version=lambda nb: timefmt.timestamp(nb.last_modified) + nb.status,
    empty_message="No notebook instances.",
    default_sort=(6, True),
    from_describe=NotebookSummary.from_api,
)
