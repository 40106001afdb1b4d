"""Studio on the sandbox: domains -> users and spaces -> apps; delete with a typed name."""

from __future__ import annotations

from smtui.services import paths
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.screens.typed_confirm import TypedConfirmScreen
from tests.sandbox.conftest import client
from tests.ui.conftest import wait_for
from tests.ui.surface_helpers import app_at, audit, cursor_to, loaded, type_text


def prod(sandbox) -> str:
    domains = client(sandbox, "sagemaker").list_domains()["Domains"]
    return next(d["DomainId"] for d in domains if d["DomainName"] == "ml-platform-prod")


def space_key(domain: str, space: str, app_type: str = "JupyterLab") -> str:
    return f"{domain}/space:{space}/{app_type}/default"


async def test_domains_users_spaces_apps_drill_down(sandbox) -> None:
    domain = prod(sandbox)
    app = app_at(sandbox, "studio")
    async with app.run_test(size=(120, 40)) as pilot:
        domains = await loaded(pilot, "studio", 2)
        await cursor_to(pilot, domains, domain)
        await pilot.press("enter")
        users = await loaded(pilot, "studio-users", 6)
        assert "of ml-platform-prod" in users.label
        await cursor_to(pilot, users, "alice")
        await pilot.press("enter")
        apps = await loaded(pilot, "apps", 2)
        assert {apps.items[k].app_type for k in apps.items} == {"JupyterServer", "KernelGateway"}
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: app.screen is domains)
        await pilot.press("s")
        spaces = await loaded(pilot, "studio-spaces", 4)
        await cursor_to(pilot, spaces, "alice-jupyterlab")
        await pilot.press("enter")
        space_apps = await loaded(pilot, "apps", 1)
        (only,) = space_apps.items.values()
        assert (only.app_type, only.instance_type) == ("JupyterLab", "ml.g5.xlarge")
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: app.screen is domains)
        await pilot.press("a")
        await loaded(pilot, "apps", 11)


async def test_app_detail_shows_idle_time(sandbox) -> None:
    domain = prod(sandbox)
    app = app_at(sandbox, "apps")
    async with app.run_test(size=(120, 40)) as pilot:
        apps = await loaded(pilot, "apps", 13)
        await cursor_to(pilot, apps, space_key(domain, "alice-jupyterlab"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: bool(app.screen.query(SectionView)))
        overview = app.screen.query(SectionView).first().section
        rows = dict(overview.rows)
        assert rows["Instance type"] == "ml.g5.xlarge"
        assert rows["Idle for (at last check)"].startswith("1d")
        assert "D deletes the app" in overview.text


async def test_delete_app_refuses_a_wrong_name_then_deletes(sandbox) -> None:
    domain = prod(sandbox)
    key = space_key(domain, "alice-jupyterlab")
    app = app_at(sandbox, "apps", interval=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        apps = await loaded(pilot, "apps", 13)
        await cursor_to(pilot, apps, key)
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmScreen))
        modal = app.screen
        assert modal.expected_text == "alice-jupyterlab"
        await type_text(pilot, "alice-jupyter")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.screen is modal  # refused: still asking
        assert "does not match" in str(modal.query_one("#feedback").render())
        assert ("sagemaker", "DeleteApp") not in sandbox.request_log
        modal.query_one("#typed").value = ""
        await type_text(pilot, "alice-jupyterlab")
        await pilot.press("enter")
        await wait_for(pilot, lambda: ("sagemaker", "DeleteApp") in sandbox.request_log)
        await wait_for(pilot, lambda: apps.items[key].status == "Deleting")
    described = client(sandbox, "sagemaker").describe_app(
        DomainId=domain, SpaceName="alice-jupyterlab", AppType="JupyterLab", AppName="default"
    )
    assert described["Status"] == "Deleting"
    (record,) = audit()
    assert (record["action"], record["resource"], record["outcome"]) == ("apps.delete", key, "ok")


async def test_escape_cancels_the_typed_confirmation(sandbox) -> None:
    domain = prod(sandbox)
    app = app_at(sandbox, "apps")
    async with app.run_test(size=(120, 40)) as pilot:
        apps = await loaded(pilot, "apps", 13)
        await cursor_to(pilot, apps, space_key(domain, "bob-code-editor", "CodeEditor"))
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmScreen))
        await type_text(pilot, "bob-code-editor")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is apps)
        await pilot.pause(0.2)
    assert ("sagemaker", "DeleteApp") not in sandbox.request_log
    assert audit() == []


async def test_read_only_refuses_delete_without_asking_or_calling(sandbox) -> None:
    domain = prod(sandbox)
    key = space_key(domain, "alice-jupyterlab")
    app = app_at(sandbox, "apps", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        apps = await loaded(pilot, "apps", 13)
        await cursor_to(pilot, apps, key)
        await pilot.press("D")
        await wait_for(pilot, lambda: paths.audit_log().exists())
        assert not isinstance(app.screen, TypedConfirmScreen)
    assert ("sagemaker", "DeleteApp") not in sandbox.request_log
    assert audit()[0]["outcome"] == "refused: read-only"


async def test_delete_is_dimmed_for_deleted_apps(sandbox) -> None:
    domain = prod(sandbox)
    app = app_at(sandbox, "apps")
    async with app.run_test(size=(120, 40)) as pilot:
        apps = await loaded(pilot, "apps", 13)
        await cursor_to(pilot, apps, space_key(domain, "carol-llm-finetune"))
        assert apps.check_action("run_action", ("apps.delete",)) is None
