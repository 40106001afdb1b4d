"""Every CLI mutation through a proxy that fails it (issues 17 point 3 and 18): sent
exactly once (counted at the proxy), then "outcome unknown, check before retrying" on
stderr with the resource read back, the AWS CLI command that checks it and the audit
log, exit status 3; the audit record has the account, the parameters and the outcome.

The cases are found from the code: every module of smtui/commands that calls
run_confirmed has as many cases here as it has calls (a new mutation command fails
test_every_cli_mutation_is_covered until it is driven here)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from smtui.aws.session import Clients, Target
from smtui.cli import main
from smtui.sandbox import SANDBOX_ACCOUNT, SANDBOX_REGION, Sandbox
from smtui.services import paths
from smtui.services.backend import Backend, build_backend
from smtui.services.guard import read_audit
from smtui.services.settings import Settings
from tests.mutation_proxy import MODES, MutationProxy
from tests.mutation_targets import find_target, form_values, mutating_actions
from tests.ui.conftest import FROZEN_START

COMMANDS = Path(__file__).resolve().parents[2] / "smtui" / "commands"


def _action_target(backend: Backend, action_id: str) -> Any:
    kind, action = next((k, a) for k, a in mutating_actions(backend) if a.id == action_id)
    target = find_target(backend, kind, action)
    assert target is not None, action_id
    return target


def _stop(kind: str, action_id: str) -> Callable[[Backend], list[str]]:
    return lambda b: ["stop", kind, _action_target(b, action_id).key]


def _app(b: Backend) -> list[str]:
    app = _action_target(b, "apps.delete").item
    return ["app", "delete", app.domain_id, app.user or app.space, app.app_type, app.name]


def _range(b: Backend) -> list[str]:
    t = _action_target(b, "autoscaling.range")
    _, endpoint, _, variant = t.key.split("/")
    return ["scale", endpoint, variant, "--min", str(t.item.min), "--max", str(t.item.max + 1)]


def _desired(b: Backend) -> list[str]:
    t = _action_target(b, "endpoints.capacity")
    values = form_values(t.action, t.item)
    assert values is not None
    return ["scale", t.item.name, values["variant"], "--desired", values["count"]]


def _do_range(b: Backend) -> list[str]:
    t = _action_target(b, "autoscaling.range")
    return ["do", "autoscaling", "range", t.key, "--set", f"max={t.item.max + 1}"]


# module -> one case per run_confirmed call in it: (case id, args from the sandbox)
CASES: dict[str, list[tuple[str, Callable[[Backend], list[str]]]]] = {
    "stop": [("stop-training", _stop("training", "jobs.stop"))],
    "notebook": [
        (
            "notebook-start",
            lambda b: ["notebook", "start", _action_target(b, "notebooks.start").key],
        ),
        ("notebook-stop", lambda b: ["notebook", "stop", _action_target(b, "notebooks.stop").key]),
    ],
    "monitor": [
        ("monitor-stop", lambda b: ["monitor", "stop", _action_target(b, "monitors.stop").key]),
        ("monitor-start", lambda b: ["monitor", "start", _action_target(b, "monitors.start").key]),
    ],
    "humanloop": [
        (
            "humanloop-stop",
            lambda b: ["humanloop", "stop", _action_target(b, "humanloops.stop").key],
        )
    ],
    "app": [("app-delete", _app)],
    "pipeline": [
        ("pipeline-stop", lambda b: ["pipeline", "stop", _action_target(b, "executions.stop").key]),
        (
            "pipeline-retry",
            lambda b: ["pipeline", "retry", _action_target(b, "executions.retry").key],
        ),
    ],
    "scale": [("scale-range", _range), ("scale-desired", _desired)],
    "retrain": [("retrain", lambda b: ["retrain", _action_target(b, "jobs.retrain").key])],
    # `smtui do`: a confirmed action, and a form action with its fields as --set
    "do": [
        ("do-stop", lambda b: ["do", "notebooks", "stop", _action_target(b, "notebooks.stop").key]),
        ("do-form", _do_range),
    ],
}
# `smtui stop KIND` is one call for every job kind: each kind is a case of its own.
STOP_KINDS = [
    (f"stop-{kind}", _stop(kind, action))
    for kind, action in (
        ("processing", "processing.stop"),
        ("transform", "transform.stop"),
        ("tuning", "tuning.stop"),
        ("automl", "automl.stop"),
        ("labeling", "labeling.stop"),
        ("compilation", "compilation.stop"),
    )
]
# `smtui clone` is retrain's launch with another mode (commands/clone.py).
EXTRA = [*STOP_KINDS, ("clone", lambda b: ["clone", _action_target(b, "jobs.clone").key])]
FRESH_PER_MODE = {"do-stop", "do-form"}
"""`smtui do` acts only where the console's action applies (a stopped notebook cannot be
stopped; a range already set is "nothing to change"): a target as the fleet is now."""
ALL = [case for cases in CASES.values() for case in cases] + EXTRA


def test_every_cli_mutation_is_covered() -> None:
    calls: dict[str, int] = {}
    for path in COMMANDS.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        count = sum(
            1
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "run_confirmed"
        )
        if count:
            calls[path.stem] = count
    assert calls == {module: len(cases) for module, cases in CASES.items()}


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Sandbox, MutationProxy]]:
    with Sandbox(seed=7, jobs=200, speed=0, start=FROZEN_START).start() as sb:
        with MutationProxy(sb.url) as proxy:
            yield sb, proxy


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "sandbox")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "sandbox")


def backend_via(proxy: MutationProxy) -> Backend:
    clients = Clients(
        Target(
            region=SANDBOX_REGION,
            endpoint_url=proxy.url,
            access_key="sandbox",
            secret_key="sandbox",
            api_rate=100.0,
            api_burst=200.0,
        )
    )
    return build_backend(clients, Settings())


@pytest.mark.parametrize(("case", "args_of"), ALL, ids=[c for c, _ in ALL])
def test_a_failed_cli_mutation_is_sent_once_and_reported_unknown(
    world, capsys, case: str, args_of: Callable[[Backend], list[str]]
) -> None:
    sb, proxy = world
    proxy.reset("forward500")  # reads pass through while the target is found
    args = args_of(backend_via(proxy))
    for mode in MODES:
        if case in FRESH_PER_MODE and mode != MODES[0]:  # the last mode's call took effect
            proxy.reset("forward500")
            args = args_of(backend_via(proxy))
        proxy.reset(mode)
        code = main([*args, "--yes", "--endpoint-url", proxy.url, "--region", SANDBOX_REGION])
        out, err = capsys.readouterr()
        assert sum(proxy.sent.values()) == 1, (mode, proxy.sent)  # sent exactly once
        assert code == 3, (mode, out, err)
        lines = err.strip().splitlines()
        lines = lines[[x.startswith("smtui: ") for x in lines].index(True) :]  # after warnings
        assert lines[0].startswith("smtui: outcome unknown, check before retrying: ")
        assert "Read again: " in lines[0] and "Traceback" not in err
        assert lines[1].startswith("  check it: aws ") and proxy.url in lines[1]
        assert lines[2] == f"  the request is in the audit log: {paths.audit_log()}"
        record = read_audit(paths.audit_log())[-1]
        assert record["account"] == SANDBOX_ACCOUNT
        assert record["outcome"].startswith("unknown: ")
        assert record["requests"][-1]["operation"] == next(iter(proxy.sent))
        assert record["requests"][-1]["parameters"]
    if case == "scale-desired":
        (change,) = record["requests"][-1]["parameters"]["DesiredWeightsAndCapacities"]
        assert str(change["DesiredInstanceCount"]) == args[-1]
    if case in ("retrain", "clone"):
        assert record["details"]["source"] == args[1]


def test_a_cli_mutation_with_no_answer_says_outcome_unknown_and_how_to_check(world, capsys) -> None:
    """Issue 18: the answer lost (connection closed) used to print only the raw
    ConnectionError; now it says the outcome is unknown and how to check."""
    sb, proxy = world
    proxy.reset("forward500")
    name = _action_target(backend_via(proxy), "notebooks.stop").key
    proxy.reset("forward-reset")
    code = main(
        ["notebook", "stop", name, "-y", "--endpoint-url", proxy.url, "--region", SANDBOX_REGION]
    )
    err = capsys.readouterr().err
    assert code == 3
    assert "outcome unknown, check before retrying" in err and "got no answer" in err
    assert "NotebookInstanceStatus Stopping" in err
    assert f"aws sagemaker describe-notebook-instance --notebook-instance-name {name}" in err
    assert proxy.sent == {"StopNotebookInstance": 1}


def test_the_audit_log_records_parameters_but_never_secrets(world, capsys) -> None:
    """Issue 18: the record names the request's parameters; a secret among them (a
    hyperparameter named like a password, an environment value) is redacted."""
    sb, proxy = world
    proxy.reset("forward500")
    job = _action_target(backend_via(proxy), "jobs.retrain").key
    canary = "CANARYvalue0123456789"
    args = ["retrain", job, "--name", "audited-retrain", "--hp", f"db_password={canary}", "-y"]
    code = main([*args, "--endpoint-url", sb.url, "--region", SANDBOX_REGION])  # no proxy
    assert code == 0, capsys.readouterr().err
    assert canary not in paths.audit_log().read_text()
    record = read_audit(paths.audit_log())[-1]
    assert (record["outcome"], record["account"]) == ("ok", SANDBOX_ACCOUNT)
    (request,) = record["requests"]
    assert request["operation"] == "CreateTrainingJob" and request["status"] == 200
    assert request["parameters"]["TrainingJobName"] == "audited-retrain"
    assert request["parameters"]["HyperParameters"]["db_password"] == "<redacted>"
