"""SageMaker Studio: domains, user profiles, spaces, apps; DeleteApp."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients

Cancelled = Callable[[], bool]


def list_domains(clients: Clients, cancelled: Cancelled = lambda: False) -> Iterator[list[dict]]:
    return pages(clients.client("sagemaker"), "list_domains", "Domains", cancelled=cancelled)


def describe_domain(clients: Clients, domain_id: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_domain", DomainId=domain_id)


def list_user_profiles(
    clients: Clients, domain_id: str, cancelled: Cancelled = lambda: False
) -> Iterator[list[dict]]:
    return pages(
        clients.client("sagemaker"),
        "list_user_profiles",
        "UserProfiles",
        cancelled=cancelled,
        DomainIdEquals=domain_id,
        MaxResults=100,
    )


def list_spaces(
    clients: Clients, domain_id: str, cancelled: Cancelled = lambda: False
) -> Iterator[list[dict]]:
    return pages(
        clients.client("sagemaker"),
        "list_spaces",
        "Spaces",
        cancelled=cancelled,
        DomainIdEquals=domain_id,
        MaxResults=100,
    )


def list_apps(
    clients: Clients,
    *,
    domain_id: str | None = None,
    user: str | None = None,
    space: str | None = None,
    cancelled: Cancelled = lambda: False,
) -> Iterator[list[dict]]:
    params: dict[str, Any] = {"MaxResults": 100}
    if domain_id:
        params["DomainIdEquals"] = domain_id
    if user:
        params["UserProfileNameEquals"] = user
    if space:
        params["SpaceNameEquals"] = space
    return pages(clients.client("sagemaker"), "list_apps", "Apps", cancelled=cancelled, **params)


def describe_app(clients: Clients, key: dict[str, str]) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_app", **key)


def delete_app(clients: Clients, key: dict[str, str]) -> None:
    mutate(clients, "sagemaker", "delete_app", **key)
