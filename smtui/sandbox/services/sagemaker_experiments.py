"""SageMaker Experiments: ListExperiments, DescribeExperiment, ListTrials, DescribeTrial,
ListTrialComponents, DescribeTrialComponent, and Search.

Documented behaviour followed (SageMaker API reference, same text in botocore's model):
list calls sort by CreationTime (or Name), Descending by default, 10 results by default
(MaxResults 1..100); ListTrialComponents takes at most one of ExperimentName, TrialName
and SourceArn ("If you specify ExperimentName, you can't filter by SourceArn or
TrialName"); unknown entities answer ResourceNotFound (the only error these operations
declare). The wording of error messages is an assumption.

Search serves ``ExperimentTrialComponent``, ``ExperimentTrial`` and ``Experiment``
records here; another area can serve more resources by adding a function
``records(world) -> list[dict]`` under the resource name to ``search_resources(world)``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from ..errors import ServiceError, validation_error
from ..experiments import ExperimentsArea, NotFoundError, experiments_area, render
from ..experiments.search import search as run_search
from ..registry import Registry
from ..world import World

DEFAULT_MAX_RESULTS = 10
SearchRecords = Callable[[World], list[dict[str, Any]]]


def not_found(exc: NotFoundError) -> ServiceError:
    arn = {
        "Experiment": render.experiment_arn,
        "Trial": render.trial_arn,
        "TrialComponent": render.component_arn,
    }[exc.kind](exc.name)
    return ServiceError("ResourceNotFound", f"{exc.kind} '{arn}' does not exist.", 400)


# -- paging --------------------------------------------------------------------------------
def _fingerprint(params: dict[str, Any]) -> str:
    rest = {k: v for k, v in params.items() if k not in ("NextToken", "MaxResults")}
    blob = json.dumps(rest, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def page(items: list[dict[str, Any]], params: dict[str, Any], key: str) -> dict[str, Any]:
    """One page of ``items`` under ``key``, with an opaque NextToken tied to the request."""
    size = params.get("MaxResults", DEFAULT_MAX_RESULTS)
    start = 0
    token = params.get("NextToken")
    if token:
        try:
            data = json.loads(base64.urlsafe_b64decode(token.encode()))
            start = int(data["o"])
            valid = data["f"] == _fingerprint(params) and 0 <= start <= len(items)
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            raise validation_error("Invalid pagination token: the NextToken is not valid.")
    out: dict[str, Any] = {key: items[start : start + size]}
    if start + size < len(items):
        blob = json.dumps({"o": start + size, "f": _fingerprint(params)}).encode()
        out["NextToken"] = base64.urlsafe_b64encode(blob).decode()
    return out


def _window(items: list[dict[str, Any]], params: dict[str, Any]) -> list[dict[str, Any]]:
    after: datetime | None = params.get("CreatedAfter")
    before: datetime | None = params.get("CreatedBefore")
    if after is not None:
        items = [i for i in items if i["CreationTime"] > after]
    if before is not None:
        items = [i for i in items if i["CreationTime"] < before]
    return items


def _sorted(items: list[dict[str, Any]], params: dict[str, Any], name_key: str) -> list:
    by = params.get("SortBy", "CreationTime")
    descending = params.get("SortOrder", "Descending") == "Descending"
    if by == "Name":
        return sorted(items, key=lambda i: i[name_key], reverse=descending)
    return sorted(items, key=lambda i: (i["CreationTime"], i[name_key]), reverse=descending)


# -- handlers ------------------------------------------------------------------------------
def list_experiments(area: ExperimentsArea, params: dict[str, Any]) -> dict[str, Any]:
    items = _sorted(_window(area.list_experiments(), params), params, "ExperimentName")
    return page(items, params, "ExperimentSummaries")


def describe_experiment(area: ExperimentsArea, params: dict[str, Any]) -> dict[str, Any]:
    try:
        return area.describe_experiment(params["ExperimentName"])
    except NotFoundError as exc:
        raise not_found(exc) from exc


def list_trials(area: ExperimentsArea, params: dict[str, Any]) -> dict[str, Any]:
    try:
        items = area.list_trials(params.get("ExperimentName"), params.get("TrialComponentName"))
    except NotFoundError as exc:
        raise not_found(exc) from exc
    return page(_sorted(_window(items, params), params, "TrialName"), params, "TrialSummaries")


def describe_trial(area: ExperimentsArea, params: dict[str, Any]) -> dict[str, Any]:
    try:
        return area.describe_trial(params["TrialName"])
    except NotFoundError as exc:
        raise not_found(exc) from exc


def list_trial_components(area: ExperimentsArea, params: dict[str, Any]) -> dict[str, Any]:
    given = [k for k in ("ExperimentName", "TrialName", "SourceArn") if params.get(k)]
    if len(given) > 1:
        raise validation_error(
            f"Only one of ExperimentName, TrialName and SourceArn can be specified; got "
            f"{' and '.join(given)}."
        )
    try:
        names = area.component_names(
            params.get("ExperimentName"), params.get("TrialName"), params.get("SourceArn")
        )
        # Sort and window on the cheap fields first, render only the page.
        shallow = [
            {"TrialComponentName": n, "CreationTime": render.ts(area.created(n))} for n in names
        ]
        ordered = _sorted(_window(shallow, params), params, "TrialComponentName")
        out = page(ordered, params, "TrialComponentSummaries")
        out["TrialComponentSummaries"] = [
            render.summary_of(area.component(i["TrialComponentName"]))
            for i in out["TrialComponentSummaries"]
        ]
    except NotFoundError as exc:
        raise not_found(exc) from exc
    return out


def describe_trial_component(area: ExperimentsArea, params: dict[str, Any]) -> dict[str, Any]:
    try:
        return area.component(params["TrialComponentName"])
    except NotFoundError as exc:
        raise not_found(exc) from exc


# -- Search --------------------------------------------------------------------------------
def search_resources(world: World) -> dict[str, tuple[str, SearchRecords]]:
    """Resource type -> (SearchRecord key, every record of that type now)."""
    return world.area("search", lambda _world: {})


def _components(world: World) -> list[dict[str, Any]]:
    area = experiments_area(world)
    return [area.component_record(n) for n in area.component_names()]


def _trials(world: World) -> list[dict[str, Any]]:
    area = experiments_area(world)
    area.now()
    return [area.trial_record(n) for n in list(area.trials)]


def _experiments(world: World) -> list[dict[str, Any]]:
    area = experiments_area(world)
    area.now()
    return [area.experiment_record(n) for n in list(area.experiments)]


def search(world: World, params: dict[str, Any]) -> dict[str, Any]:
    resource = params["Resource"]
    served = search_resources(world)
    if resource not in served:
        raise validation_error(
            f"The sandbox's Search serves Resource {', '.join(sorted(served))}; not {resource}."
        )
    key, records = served[resource]
    found = run_search(records(world), params)
    out = page([{key: r} for r in found], params, "Results")
    out["TotalHits"] = {"Value": len(found), "Relation": "EqualTo"}
    return out


def register(registry: Registry, world: World) -> None:
    area = experiments_area(world)
    resources = search_resources(world)
    resources["ExperimentTrialComponent"] = ("TrialComponent", _components)
    resources["ExperimentTrial"] = ("Trial", _trials)
    resources["Experiment"] = ("Experiment", _experiments)
    for op, handler in (
        ("ListExperiments", list_experiments),
        ("DescribeExperiment", describe_experiment),
        ("ListTrials", list_trials),
        ("DescribeTrial", describe_trial),
        ("ListTrialComponents", list_trial_components),
        ("DescribeTrialComponent", describe_trial_component),
    ):
        registry.register("sagemaker", op, partial(handler, area))
    registry.register("sagemaker", "Search", partial(search, world))
