"""Studio: domains -> user profiles and spaces -> apps, and deleting an idle app.

`:studio` lists the domains; `enter` (or `u`) opens a domain's user profiles, `s` its
spaces, `a` all its apps; on a user profile or a space, `enter` opens its apps. `:apps`
lists every app of every domain. Deleting an app (DeleteApp) stops its instance; the
user types the app's user profile or space to confirm. Room is left for a cost-per-hour column of
running apps (the cost issue): add it after INSTANCE.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from smtui.aws import studio as api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.studio import (
    Space,
    StudioApp,
    StudioDomain,
    UserProfile,
    can_delete_app,
    status_role,
)
from smtui.services.registry import (
    Action,
    Child,
    Column,
    DetailOptions,
    ResourceKind,
    Section,
)
from smtui.services.table_index import TableRow


def _ts(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def _day(value: datetime | None) -> str:
    return timefmt.timestamp(value)[:10] if value is not None else "-"


def _search(*words: str) -> str:
    return " ".join(w for w in words if w).lower()


# --- domains -------------------------------------------------------------------------
def _domains(clients: Clients, _params: dict[str, Any], cancelled: Any) -> Iterator[list]:
    for page in api.list_domains(clients, cancelled):
        yield [StudioDomain.from_api(item) for item in page]


def _domain_row(d: StudioDomain, now: datetime) -> TableRow:
    return TableRow(
        key=d.id,
        cells=(
            d.name,
            d.id,
            (d.status, status_role(d.status)),
            _day(d.created),
            timefmt.age(d.modified, now),
        ),
        sort_values=(d.name, d.id, d.status, _ts(d.created), _ts(d.modified)),
        search_text=_search(d.name, d.id, d.status),
    )


def _describe_domain(clients: Clients, d: StudioDomain, _o: DetailOptions) -> dict[str, Any]:
    return api.describe_domain(clients, d.id)


def _domain_detail(_d: StudioDomain, data: dict[str, Any]) -> list[Section]:
    settings = data.get("DefaultUserSettings") or {}
    sections = []
    if data.get("FailureReason"):
        sections.append(Section("Failure reason", text=str(data["FailureReason"]), role="error"))
    sections.append(
        Section(
            "Overview",
            (
                ("Name", data.get("DomainName", "-")),
                ("ID", data.get("DomainId", "-")),
                ("ARN", data.get("DomainArn", "-")),
                ("Status", data.get("Status", "-")),
                ("Auth mode", data.get("AuthMode", "-")),
                ("Created", timefmt.timestamp(data.get("CreationTime"))),
                ("Last modified", timefmt.timestamp(data.get("LastModifiedTime"))),
                ("URL", data.get("Url", "-")),
            ),
            role=status_role(data.get("Status", "")),
        )
    )
    sections.append(
        Section(
            "Network and storage",
            (
                ("App network access", data.get("AppNetworkAccessType", "-")),
                ("VPC", data.get("VpcId", "-")),
                ("Subnets", ", ".join(data.get("SubnetIds") or []) or "-"),
                ("Home EFS", data.get("HomeEfsFileSystemId", "-")),
            ),
        )
    )
    sections.append(
        Section(
            "Default user settings",
            (
                ("Execution role", settings.get("ExecutionRole", "-")),
                ("Security groups", ", ".join(settings.get("SecurityGroups") or []) or "-"),
                ("Studio web portal", settings.get("StudioWebPortal", "-")),
            ),
        )
    )
    return sections


# --- user profiles ---------------------------------------------------------------------
def _profiles(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list]:
    for page in api.list_user_profiles(clients, params["domain_id"], cancelled):
        yield [UserProfile.from_api(item) for item in page]


def _profile_row(p: UserProfile, now: datetime) -> TableRow:
    return TableRow(
        key=p.name,
        cells=(
            p.name,
            (p.status, status_role(p.status)),
            _day(p.created),
            timefmt.age(p.modified, now),
        ),
        sort_values=(p.name, p.status, _ts(p.created), _ts(p.modified)),
        search_text=_search(p.name, p.status),
    )


# --- spaces ------------------------------------------------------------------------------
def _spaces(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list]:
    for page in api.list_spaces(clients, params["domain_id"], cancelled):
        yield [Space.from_api(item) for item in page]


def _space_row(s: Space, now: datetime) -> TableRow:
    return TableRow(
        key=s.name,
        cells=(
            s.name,
            s.app_type or "-",
            s.sharing or "-",
            s.owner or "-",
            (s.status, status_role(s.status)),
            timefmt.age(s.modified, now),
        ),
        sort_values=(s.name, s.app_type, s.sharing, s.owner, s.status, _ts(s.modified)),
        search_text=_search(s.name, s.app_type, s.sharing, s.owner, s.status),
    )


# --- apps -----------------------------------------------------------------------------------
def parse_app_args(args: Sequence[str]) -> dict[str, Any]:
    """`:apps d-xxxx`, `:apps alice`: a domain id and/or an owner or app name fragment."""
    params: dict[str, Any] = {}
    for word in args:
        if word.startswith("d-") and "domain_id" not in params:
            params["domain_id"] = word
        else:
            params["contains"] = " ".join(filter(None, (params.get("contains"), word.lower())))
    return params


def _apps(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list]:
    needle = params.get("contains", "")
    for page in api.list_apps(
        clients,
        domain_id=params.get("domain_id"),
        user=params.get("user"),
        space=params.get("space"),
        cancelled=cancelled,
    ):
        apps = [StudioApp.from_api(item) for item in page]
        if needle:
            apps = [a for a in apps if all(w in _app_text(a) for w in needle.split())]
        yield apps


def _app_text(a: StudioApp) -> str:
    return _search(a.owner, a.app_type, a.name, a.instance_type, a.status, a.domain_id)


def _app_row(a: StudioApp, now: datetime) -> TableRow:
    running = a.status in ("InService", "Pending")
    age = a.age_seconds(now) if running else None
    return TableRow(
        key=a.key,
        cells=(
            (a.owner, "muted" if a.status == "Deleted" else ""),
            a.app_type,
            a.name,
            a.instance_type or "-",
            (a.status, status_role(a.status)),
            timefmt.duration(age) if age is not None else "-",
        ),
        sort_values=(a.owner, a.app_type, a.name, a.instance_type, a.status, age),
        search_text=_app_text(a),
    )


def _describe_app(clients: Clients, a: StudioApp, _o: DetailOptions) -> dict[str, Any]:
    return api.describe_app(clients, a.api_key())


def _app_detail(a: StudioApp, d: dict[str, Any]) -> list[Section]:
    sections = []
    if d.get("FailureReason"):
        sections.append(Section("Failure reason", text=str(d["FailureReason"]), role="error"))
    spec = d.get("ResourceSpec") or {}
    owner = (
        ("Space", d["SpaceName"])
        if d.get("SpaceName")
        else ("User profile", d.get("UserProfileName", "-"))
    )
    last_activity = d.get("LastUserActivityTimestamp")
    health = d.get("LastHealthCheckTimestamp")
    rows = [
        ("App", f"{d.get('AppType', '-')} {d.get('AppName', '-')}"),
        ("ARN", d.get("AppArn", "-")),
        ("Domain", d.get("DomainId", "-")),
        owner,
        ("Status", d.get("Status", "-")),
        ("Instance type", spec.get("InstanceType", "-")),
        ("Image", spec.get("SageMakerImageArn", "-")),
        ("Created", timefmt.timestamp(d.get("CreationTime"))),
        ("Last user activity", timefmt.timestamp(last_activity)),
        ("Last health check", timefmt.timestamp(health)),
    ]
    text = ""
    if last_activity is not None and health is not None and d.get("Status") == "InService":
        idle = (health - last_activity).total_seconds()
        rows.insert(9, ("Idle for (at last check)", timefmt.duration(idle)))
        if idle > 3600 and spec.get("InstanceType") not in (None, "system"):
            text = "No user activity for over an hour: D deletes the app, the instance stops."
    sections.append(
        Section("Overview", tuple(rows), text=text, role=status_role(d.get("Status", "")))
    )
    return sections


def _delete(clients: Clients, a: StudioApp) -> str:
    api.delete_app(clients, a.api_key())
    return f"Delete requested for {a.app_type} {a.owner}/{a.name}: it is Deleting."


DELETE_APP = Action(
    id="apps.delete",
    key="D",
    label="Delete app",
    description="Delete the Studio app (its instance stops); type its user or space to confirm",
    mutating=True,
    applies=lambda a: can_delete_app(a.status),
    run=_delete,
    confirm=lambda a: (
        f"Delete {a.app_type} app {a.name} of {a.owner} ({a.instance_type or '-'}) in "
        f"{a.domain_id}?\nIts instance stops and unsaved kernel state is lost; files in the "
        "home directory or space volume stay."
    ),
    typed=lambda a: a.confirm_text,
)

APP_COLUMNS = (
    Column("OWNER", 18, flex=True),
    Column("TYPE", 13),
    Column("NAME", 16, flex=True, name=True),
    Column("INSTANCE", 14),
    Column("STATUS", 9),
    Column("UP FOR", 8, justify="right"),
)

APPS = ResourceKind(
    name="apps",
    title="Studio apps",
    aliases=("studio-apps",),
    columns=APP_COLUMNS,
    list_pages=_apps,
    key=lambda a: a.key,
    row=_app_row,
    parse_args=parse_app_args,
    describe=_describe_app,
    detail=_app_detail,
    actions=(DELETE_APP,),
    ticking=lambda a: a.status in ("InService", "Pending"),
    version=lambda a: a.status,
    empty_message="No Studio apps.",
    default_sort=(5, True),
    from_describe=StudioApp.from_api,
)

_apps_of_user = Child(
    id="studio.user_apps",
    key="a",
    label="Apps",
    kind="apps",
    params=lambda p: {"domain_id": p.domain_id, "user": p.name},
    title=lambda p: f"user {p.name}",
)
_apps_of_space = Child(
    id="studio.space_apps",
    key="a",
    label="Apps",
    kind="apps",
    params=lambda s: {"domain_id": s.domain_id, "space": s.name},
    title=lambda s: f"space {s.name}",
)

USER_PROFILES = ResourceKind(
    name="studio-users",
    title="User profiles",
    columns=(
        Column("USER PROFILE", 24, flex=True),
        Column("STATUS", 10),
        Column("CREATED", 10),
        Column("MODIFIED", 8, justify="right"),
    ),
    list_pages=_profiles,
    key=lambda p: p.name,
    row=_profile_row,
    children=(_apps_of_user,),
    enter="studio.user_apps",
    listed=False,
    empty_message="No user profiles in this domain.",
)

SPACES = ResourceKind(
    name="studio-spaces",
    title="Spaces",
    columns=(
        Column("SPACE", 22, flex=True),
        Column("APP TYPE", 11),
        Column("SHARING", 8),
        Column("OWNER", 12),
        Column("STATUS", 10),
        Column("MODIFIED", 8, justify="right"),
    ),
    list_pages=_spaces,
    key=lambda s: s.name,
    row=_space_row,
    children=(_apps_of_space,),
    enter="studio.space_apps",
    listed=False,
    empty_message="No spaces in this domain.",
)

STUDIO = ResourceKind(
    name="studio",
    title="Studio domains",
    aliases=("domains", "studio-domains"),
    columns=(
        Column("DOMAIN", 22, flex=True),
        Column("ID", 16),
        Column("STATUS", 10),
        Column("CREATED", 10),
        Column("MODIFIED", 8, justify="right"),
    ),
    list_pages=_domains,
    key=lambda d: d.id,
    row=_domain_row,
    describe=_describe_domain,
    detail=_domain_detail,
    children=(
        Child(
            id="studio.users",
            key="u",
            label="Users",
            kind="studio-users",
            params=lambda d: {"domain_id": d.id},
            title=lambda d: d.name,
        ),
        Child(
            id="studio.spaces",
            key="s",
            label="Spaces",
            kind="studio-spaces",
            params=lambda d: {"domain_id": d.id},
            title=lambda d: d.name,
        ),
        Child(
            id="studio.apps",
            key="a",
            label="Apps",
            kind="apps",
            params=lambda d: {"domain_id": d.id},
            title=lambda d: d.name,
        ),
    ),
    enter="studio.users",
    empty_message="No Studio domains in this region.",
    from_describe=StudioDomain.from_api,
)
