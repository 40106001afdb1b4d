"""`smtui get|describe|do`: the registry walked, every kind and action, against the sandbox.

One sandbox (frozen clock: outputs compare byte for byte) is served for the module; the
CLI runs in-process through smtui.cli.main with --endpoint-url, and the sandbox's request
log shows what was (not) sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from smtui.aws.session import Clients, Target
from smtui.cli import build_parser, main
from smtui.commands import get as get_command
from smtui.commands import grammar
from smtui.commands.do import EDITOR_COMMANDS
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY, Sandbox
from smtui.services import paths
from smtui.services.registry import Action, Item, ResourceKind

REG = grammar.registry()
TOP = [k.name for k in REG if k.listed]


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_ACCESS_KEY_ID", SANDBOX_ACCESS_KEY)
        mp.setenv("AWS_SECRET_ACCESS_KEY", SANDBOX_SECRET_KEY)
        with Sandbox(seed=7, jobs=60, speed=0.0).start() as sandbox:
            yield sandbox


@pytest.fixture(autouse=True)
def _keys_and_clock(monkeypatch: pytest.MonkeyPatch, sb: Sandbox) -> None:
    """The sandbox's keys; "now" is the sandbox's frozen clock (ages compare equal)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", SANDBOX_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SANDBOX_SECRET_KEY)
    # The sandbox's rate, as --sandbox sets it (commands/context.py): the default budget
    # of 8 requests/s is for AWS and made each cost listing here take half a minute.
    monkeypatch.setenv("SMTUI_API_RATE", "100")
    monkeypatch.setattr("smtui.commands.context.utcnow", sb.simulator.clock.now_datetime)


@pytest.fixture
def fresh() -> Iterator[Sandbox]:
    """A sandbox of its own, for a test that acts: actions change what the module's
    sandbox serves to the tests after it (which differ by xdist worker)."""
    with Sandbox(seed=7, jobs=60, speed=0.0).start() as sandbox:
        yield sandbox


def cli(capsys: Any, sb: Sandbox, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--endpoint-url", sb.url, "--region", "us-east-1"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows(capsys: Any, sb: Sandbox, *args: str) -> list[dict[str, Any]]:
    code, out, err = cli(capsys, sb, "get", *args, "-o", "json")
    assert code == 0, err
    return list(json.loads(out))


# --- get -------------------------------------------------------------------------------
def test_get_without_a_kind_lists_every_kind_with_its_aliases(capsys: Any) -> None:
    assert main(["get", "-o", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["Kind"] for r in listed] == [k.name for k in REG]
    jobs = next(r for r in listed if r["Kind"] == "jobs")
    assert "training-jobs" in jobs["Aliases"] and "stop" in jobs["Actions"]
    executions = next(r for r in listed if r["Kind"] == "pipeline-executions")
    assert executions["Needs"] == "--pipeline"


def test_every_kind_has_get_and_every_action_has_do() -> None:
    """New kinds and actions get a CLI for free: the CLI words come from the registry."""

    parser = build_parser()
    for kind in REG:
        for parent, _ in grammar.parents(REG, kind):
            option = f"--{grammar.parent_option(parent)}"
            assert parser.parse_args(["get", kind.name, option, "x"]).kind == kind.name
        for action in kind.actions:
            word = grammar.action_word(action.id)
            args = parser.parse_args(["do", kind.name, word, "x"])
            assert args.action == word
    assert set(get_command.ALIASED) <= set(REG.kinds)


@pytest.mark.parametrize("name", TOP)
def test_get_lists_rows_of_every_top_level_kind(capsys: Any, sb: Sandbox, name: str) -> None:
    if name == "audit":  # the audit log has what was done: one refused action first
        refuse_one(capsys, sb)
    assert rows(capsys, sb, name), f"smtui get {name} listed nothing"


@pytest.mark.parametrize("name", ["search", "autoscaling", "audit"])
def test_get_prints_the_consoles_columns_in_csv_and_table(
    capsys: Any, sb: Sandbox, name: str
) -> None:
    refuse_one(capsys, sb)
    labels = [c.label for c in REG.kinds[name].columns]
    code, out, err = cli(capsys, sb, "get", name, "-o", "csv")
    assert code == 0 and out.splitlines()[0] == ",".join(labels) and len(out.splitlines()) > 1
    code, out, err = cli(capsys, sb, "get", name)
    assert code == 0 and out.split()[: len(labels[0].split())] == labels[0].split()


def refuse_one(capsys: Any, sb: Sandbox) -> None:
    notebooks = rows(capsys, sb, "notebooks")
    notebook = next(
        n["NotebookInstanceName"] for n in notebooks if n["NotebookInstanceStatus"] == "InService"
    )
    code, _, err = cli(capsys, sb, "--read-only", "--yes", "do", "notebooks", "stop", notebook)
    assert code == 2 and "read-only" in err


def parent_args(capsys: Any, sb: Sandbox, kind: str) -> list[str]:
    """The parent options the aliased child kinds need, from the sandbox's fleet."""
    if kind == "trials":
        return ["--experiment", rows(capsys, sb, "experiments")[0]["ExperimentName"]]
    if kind == "pipeline-executions":
        return ["--pipeline", rows(capsys, sb, "pipelines")[0]["PipelineName"]]
    if kind == "pipeline-steps":
        execution = rows(
            capsys, sb, "pipeline-executions", *parent_args(capsys, sb, "pipeline-executions")
        )[0]
        return ["--pipeline-execution", execution["PipelineExecutionArn"]]
    if kind == "humanloop-loops":
        return ["--flow-definition", rows(capsys, sb, "humanloops")[0]["FlowDefinitionName"]]
    return []


FORMATS = {"cost": ("json",)}
"""Kinds slow to list (cost prices every resource): one format."""


@pytest.mark.parametrize("kind", sorted(get_command.ALIASED))
def test_get_prints_what_the_kinds_own_command_prints(capsys: Any, sb: Sandbox, kind: str) -> None:
    parents = parent_args(capsys, sb, kind)
    parsed = build_parser().parse_args(["get", kind, *parents])
    own = get_command.aliased_argv(REG, REG.kinds[kind], parsed)
    command = get_command.ALIASED[kind][0]
    for fmt in FORMATS.get(kind, ("table", "json", "csv")):
        code, via_get, err = cli(capsys, sb, "get", kind, *parents, "-o", fmt)
        assert code == 0, err
        code, via_command, err = cli(capsys, sb, command, *own, "-o", fmt)
        assert code == 0, err
        assert via_get == via_command and via_get.strip()


def test_training_jobs_equal_smtui_jobs(capsys: Any, sb: Sandbox) -> None:
    assert cli(capsys, sb, "get", "training-jobs")[1] == cli(capsys, sb, "jobs")[1]


def test_a_child_kind_without_its_parent_names_the_option(capsys: Any, sb: Sandbox) -> None:
    code, out, err = cli(capsys, sb, "get", "pipeline-executions")
    assert code == 2 and out == ""
    assert "pass --pipeline NAME" in err
    code, _, err = cli(capsys, sb, "get", "tuning-training-jobs")
    assert code == 2 and "--tuning-job NAME" in err


def test_a_generic_child_kind_lists_under_its_parent(capsys: Any, sb: Sandbox) -> None:
    tuning = rows(capsys, sb, "tuning")[0]["HyperParameterTuningJobName"]
    listed = rows(capsys, sb, "tuning-training-jobs", "--tuning-job", tuning)
    assert listed and all(r["NAME"] and r["Key"] for r in listed)


def test_get_kind_name_keeps_that_item(capsys: Any, sb: Sandbox) -> None:
    name = rows(capsys, sb, "endpoints")[1]["EndpointName"]
    assert [r["EndpointName"] for r in rows(capsys, sb, "endpoints", name)] == [name]
    scaling = rows(capsys, sb, "autoscaling")[0]
    assert [r["Key"] for r in rows(capsys, sb, "scaling", scaling["Key"])] == [scaling["Key"]]
    code, _, err = cli(capsys, sb, "get", "endpoints", "no-such-endpoint")
    assert code == 2 and "no endpoints item named 'no-such-endpoint'" in err


def test_an_unknown_kind_points_at_the_list(capsys: Any, sb: Sandbox) -> None:
    code, _, err = cli(capsys, sb, "get", "widgets")
    assert code == 2 and "`smtui get` lists the kinds" in err


# --- describe --------------------------------------------------------------------------
DESCRIBED = [k.name for k in REG if k.listed and k.describe is not None]


@pytest.mark.parametrize("name", DESCRIBED)
def test_describe_every_top_level_kind(capsys: Any, sb: Sandbox, name: str) -> None:
    if name == "audit":
        refuse_one(capsys, sb)
    kind = REG.kinds[name]
    key = kind.key(_listed(kind, _clients(sb), kind.parse_args([]))[0])
    code, out, err = cli(capsys, sb, "describe", name, key, "-o", "json")
    assert code == 0, err
    assert isinstance(json.loads(out), dict)
    code, out, err = cli(capsys, sb, "describe", name, key)
    assert code == 0 and out.startswith("== "), err


# --- do --------------------------------------------------------------------------------
def _clients(sb: Sandbox) -> Clients:
    return Clients(
        Target(
            region="us-east-1",
            endpoint_url=sb.url,
            access_key=SANDBOX_ACCESS_KEY,
            secret_key=SANDBOX_SECRET_KEY,
        )
    )


def _listed(kind: ResourceKind, clients: Clients, params: dict[str, Any]) -> list[Item]:
    """By key, the last page's version of each item (as the console's table holds them)."""
    by_key = {
        kind.key(i): i for page in kind.list_pages(clients, params, lambda: False) for i in page
    }
    return list(by_key.values())


def target(sb: Sandbox, kind: ResourceKind, action: Action) -> tuple[str, list[str]] | None:
    """(an item's key the action applies to, its parent options), from the fleet."""
    clients = _clients(sb)
    if kind.listed:
        found = [i for i in _listed(kind, clients, kind.parse_args([])) if action.applies(i)]
        return (kind.key(found[0]), []) if found else None
    for parent, child in grammar.parents(REG, kind):
        if not parent.listed:
            continue
        for p in _listed(parent, clients, parent.parse_args([])):
            found = [i for i in _listed(kind, clients, child.params(p)) if action.applies(i)]
            if found:
                option = f"--{grammar.parent_option(parent)}"
                return kind.key(found[0]), [option, parent.key(p)]
    return None


ACTIONS = [(k.name, a.id) for k in REG for a in k.actions]


@pytest.mark.parametrize(("kind_name", "action_id"), ACTIONS)
def test_do_every_action(capsys: Any, fresh: Sandbox, kind_name: str, action_id: str) -> None:
    sb = fresh
    kind = REG.kinds[kind_name]
    action = next(a for a in kind.actions if a.id == action_id)
    word = grammar.action_word(action.id)
    found = target(sb, kind, action)
    assert found is not None, f"no sandbox item for {action_id}"
    key, parents = found
    command = ["do", kind.name, word, key, *parents]
    if action.editor:
        code, _, err = cli(capsys, sb, "--yes", *command)
        assert code == 2 and f"use smtui {EDITOR_COMMANDS[action.editor]}" in err
        return
    if action.copy is not None or not action.mutating:
        code, out, err = cli(capsys, sb, *command)
        assert code == 0 and out.strip(), err
        return
    item = _item(sb, kind, key, parents)
    if action.form is not None:
        field, value = form_change(action, item)
        command += ["--set", f"{field}={value}"]
        question = f"{action.label} "
    else:
        question = action.confirm(item) if action.confirm else ""
    sent = len(sb.request_log)
    before = paths.audit_log().read_text() if paths.audit_log().exists() else ""
    code, out, err = cli(capsys, sb, *command)  # stdin is not a terminal under pytest
    assert code == 2 and "needs confirmation" in err, err
    assert question in err  # the console's confirmation text
    assert _mutations(sb, sent) == [] and (
        not paths.audit_log().exists() or paths.audit_log().read_text() == before
    )
    code, _, err = cli(capsys, sb, "--read-only", "--yes", *command)
    assert code == 2 and "read-only" in err
    assert _mutations(sb, sent) == []
    code, out, err = cli(capsys, sb, "--yes", *command)
    assert code == 0, err
    assert _mutations(sb, sent), "nothing was sent"
    last = json.loads(paths.audit_log().read_text().splitlines()[-1])
    assert last["action"] == action.id and last["outcome"] == "ok"


FORM_CHANGES = {
    "endpoints.capacity": "weight",
    "autoscaling.range": "max",
    "autoscaling.policy": "target",
    "inferencecomponents.copies": "copies",
}
"""The field each form action's test raises by one (the others keep the console's value)."""


def form_change(action: Action, item: Item) -> tuple[str, str]:
    assert action.form is not None
    values: dict[str, str] = {}
    for f in action.form.fields:
        values[f.id] = f.initial(item, dict(values))
    field = FORM_CHANGES[action.id]
    raised = float(values[field]) + 1
    return field, f"{raised:g}"


def _item(sb: Sandbox, kind: ResourceKind, key: str, parents: list[str]) -> Item:
    clients = _clients(sb)
    if not parents:
        params = kind.parse_args([])
    else:
        parent, child = grammar.parents(REG, kind)[0]
        p = next(
            i
            for i in _listed(parent, clients, parent.parse_args([]))
            if parent.key(i) == parents[1]
        )
        params = child.params(p)
    return next(i for i in _listed(kind, clients, params) if kind.key(i) == key)


READS = ("Describe", "List", "Get", "Search", "Batch")


def _mutations(sb: Sandbox, since: int) -> list[tuple[str, str]]:
    return [(s, op) for s, op in sb.request_log[since:] if not op.startswith(READS)]


def test_do_lists_a_kinds_actions_and_names_unknown_ones(capsys: Any, sb: Sandbox) -> None:
    code, out, _ = cli(capsys, sb, "do", "endpoints")
    assert code == 0 and "delete" in out and "--set" in out
    code, _, err = cli(capsys, sb, "do", "endpoints", "explode", "x")
    assert code == 2 and "its actions: capacity, delete, copy-arn, copy-url" in err


def test_a_form_action_takes_its_fields_and_checks_them(capsys: Any, sb: Sandbox) -> None:
    kind = REG.kinds["inferencecomponents"]
    found = target(sb, kind, kind.actions[0])
    assert found is not None
    name = found[0]
    sent = len(sb.request_log)
    code, _, err = cli(capsys, sb, "--yes", "do", "ic", "copies", name, "--set", "copies=-4")
    assert code == 2 and "nothing was sent" in err
    code, _, err = cli(capsys, sb, "--yes", "do", "ic", "copies", name, "--set", "nope=1")
    assert code == 2 and "no field nope" in err
    assert _mutations(sb, sent) == []


def test_describe_a_child_item_under_its_parent(capsys: Any, sb: Sandbox) -> None:
    parents = parent_args(capsys, sb, "pipeline-executions")
    arn = rows(capsys, sb, "pipeline-executions", *parents)[0]["PipelineExecutionArn"]
    code, out, err = cli(capsys, sb, "describe", "pipeline-executions", arn, *parents, "-o", "json")
    assert code == 0, err
    assert arn in out
    code, _, err = cli(capsys, sb, "describe", "pipeline-executions", arn)
    assert code == 2 and "pass --pipeline NAME" in err
