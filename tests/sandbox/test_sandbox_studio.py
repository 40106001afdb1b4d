"""Studio over plain boto3: domains -> user profiles and spaces -> apps; DeleteApp."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox
from tests.sandbox.conftest import client


@pytest.fixture
def fresh() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=20, speed=0.0).start() as sandbox:
        yield sandbox


def prod_domain(sm: Any) -> str:
    domains = sm.list_domains()["Domains"]
    return next(d["DomainId"] for d in domains if d["DomainName"] == "ml-platform-prod")


def test_domains_profiles_spaces(sm: Any) -> None:
    domains = sm.list_domains()["Domains"]
    assert {d["DomainName"] for d in domains} == {"ml-platform-prod", "research-sandbox"}
    domain = prod_domain(sm)
    assert domain.startswith("d-")
    described = sm.describe_domain(DomainId=domain)
    assert described["AppNetworkAccessType"] == "VpcOnly" and described["Url"].startswith(
        "https://"
    )
    users = sm.list_user_profiles(DomainIdEquals=domain)["UserProfiles"]
    assert {u["UserProfileName"] for u in users} >= {"alice", "bob"}
    spaces = sm.list_spaces(DomainIdEquals=domain)["Spaces"]
    shared = [s for s in spaces if s["SpaceSharingSettingsSummary"]["SharingType"] == "Shared"]
    assert [s["SpaceName"] for s in shared] == ["fraud-team-shared"]
    private = next(s for s in spaces if s["SpaceName"] == "alice-jupyterlab")
    assert private["OwnershipSettingsSummary"]["OwnerUserProfileName"] == "alice"


def test_apps_filter_by_user_and_space(sm: Any) -> None:
    domain = prod_domain(sm)
    everything = sm.list_apps(MaxResults=100)["Apps"]
    assert {a["Status"] for a in everything} >= {"InService", "Pending", "Deleted", "Failed"}
    alice = sm.list_apps(DomainIdEquals=domain, UserProfileNameEquals="alice")["Apps"]
    assert {a["AppType"] for a in alice} == {"JupyterServer", "KernelGateway"}
    space = sm.list_apps(DomainIdEquals=domain, SpaceNameEquals="alice-jupyterlab")["Apps"]
    assert [(a["AppType"], a["ResourceSpec"]["InstanceType"]) for a in space] == [
        ("JupyterLab", "ml.g5.xlarge")
    ]
    created = [a["CreationTime"] for a in everything]
    assert created == sorted(created, reverse=True)


def test_describe_app_shows_activity(sm: Any) -> None:
    domain = prod_domain(sm)
    apps = sm.list_apps(DomainIdEquals=domain, UserProfileNameEquals="alice")["Apps"]
    kg = next(a for a in apps if a["AppType"] == "KernelGateway")
    d = sm.describe_app(
        DomainId=domain, UserProfileName="alice", AppType="KernelGateway", AppName=kg["AppName"]
    )
    assert d["AppArn"].endswith(f"/alice/kernelgateway/{kg['AppName']}")
    idle = d["LastHealthCheckTimestamp"] - d["LastUserActivityTimestamp"]
    assert idle.total_seconds() > 3 * 86400


def test_delete_app_lifecycle_and_errors(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")
    domain = prod_domain(sm)
    key = {
        "DomainId": domain,
        "SpaceName": "alice-jupyterlab",
        "AppType": "JupyterLab",
        "AppName": "default",
    }
    sm.delete_app(**key)
    assert sm.describe_app(**key)["Status"] == "Deleting"
    with pytest.raises(ClientError) as info:
        sm.delete_app(**key)
    assert info.value.response["Error"]["Code"] == "ResourceInUse"
    fresh.world.clock.advance(130)
    assert sm.describe_app(**key)["Status"] == "Deleted"
    with pytest.raises(ClientError) as info:
        sm.describe_app(**{**key, "AppName": "nope"})
    assert info.value.response["Error"]["Code"] == "ResourceNotFound"
