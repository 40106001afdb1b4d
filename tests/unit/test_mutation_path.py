"""One path for every mutating call, held by structure: the code is scanned and the
clients are tried, so a new mutating call on the retrying client fails here."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import botocore.session
import pytest
from botocore import xform_name

from smtui.aws.mutations import MutationOutsideGuard, is_read_only, permit
from smtui.aws.session import Clients, Target
from smtui.domain.redact import REDACTED, redact
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox

ROOT = Path(__file__).resolve().parents[2] / "smtui"
SERVICES = (
    "sagemaker",
    "sagemaker-a2i-runtime",
    "application-autoscaling",
    "cloudwatch",
    "logs",
    "sts",
    "s3",
    "pricing",
    "ce",
)


def console_sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        if "sandbox" not in path.relative_to(ROOT).parts:
            yield path, ast.parse(path.read_text("utf-8"))


def mutating_method_names() -> set[str]:
    """snake_case names of every operation the console's services have that is not
    read-only by its name (botocore's service models)."""
    session = botocore.session.get_session()
    names = set()
    for service in SERVICES:
        for op in session.get_service_model(service).operation_names:
            if not is_read_only(op):
                names.add(xform_name(op))
    return names


def _called_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_only_the_action_guard_opens_a_permit() -> None:
    users = set()
    for path, tree in console_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called_name(node) == "permit":
                users.add(path.relative_to(ROOT).as_posix())
    assert users == {"services/guard.py"}


def test_only_mutate_asks_for_the_mutating_client() -> None:
    users = set()
    for path, tree in console_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called_name(node) == "mutating":
                users.add(path.relative_to(ROOT).as_posix())
    assert users == {"aws/calls.py"}


def test_every_mutating_operation_named_in_the_code_goes_through_mutate() -> None:
    """A string naming a mutating operation (stop_training_job, delete_endpoint...) is
    only ever an argument of mutate(), or a job kind's ``stop_method`` (which
    aws/jobkinds.py passes to mutate())."""
    mutating = mutating_method_names()
    allowed: set[int] = set()
    named: list[tuple[str, int, str]] = []
    for path, tree in console_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called_name(node) == "mutate":
                allowed.update(id(a) for a in node.args)
            if isinstance(node, ast.keyword) and node.arg == "stop_method":
                allowed.add(id(node.value))
        for node in ast.walk(tree):
            is_name = isinstance(node, ast.Constant) and node.value in mutating
            if is_name and id(node) not in allowed:
                named.append((path.relative_to(ROOT).as_posix(), node.lineno, str(node.value)))
    assert named == []


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=20, speed=0).start() as sb:
        yield sb


def clients_of(sb: Sandbox) -> Clients:
    return Clients(
        Target(
            region=SANDBOX_REGION,
            endpoint_url=sb.url,
            access_key=SANDBOX_ACCESS_KEY,
            secret_key=SANDBOX_SECRET_KEY,
        )
    )


def test_the_read_client_refuses_a_mutation_before_sending(sandbox: Sandbox) -> None:
    name = next(iter(sandbox.simulator.statuses()))
    before = len(sandbox.request_log)
    with pytest.raises(MutationOutsideGuard, match="StopTrainingJob mutates"):
        clients_of(sandbox).client("sagemaker").stop_training_job(TrainingJobName=name)
    assert sandbox.request_log[before:] == []


def test_the_mutating_client_exists_only_inside_a_permit(sandbox: Sandbox) -> None:
    clients = clients_of(sandbox)
    with pytest.raises(MutationOutsideGuard, match="outside the action guard"):
        clients.mutating("sagemaker")
    with permit() as current:
        client = clients.mutating("sagemaker")
        assert client.meta.config.retries["total_max_attempts"] == 1  # never retried
    with pytest.raises(MutationOutsideGuard):  # a client kept from a permit: refused too
        client.stop_training_job(TrainingJobName="x")
    assert current.requests == []


def test_redaction_keeps_names_and_drops_secrets() -> None:
    request = {
        "TrainingJobName": "job",
        "Environment": {"DB_HOST": "db.internal", "MODE": "fast"},
        "HyperParameters": {"epochs": "3", "api_token": "t0k", "wandb_api_key": "k"},
        "Nested": [{"Password": "hunter2", "Note": "AKIAABCDEFGHIJKLMNOP"}],
        "Count": 2,
    }
    assert redact(request) == {
        "TrainingJobName": "job",
        "Environment": {"DB_HOST": REDACTED, "MODE": REDACTED},
        "HyperParameters": {"epochs": "3", "api_token": REDACTED, "wandb_api_key": REDACTED},
        "Nested": [{"Password": REDACTED, "Note": REDACTED}],
        "Count": 2,
    }
