"""Property-based (hypothesis): random text typed into every field of every form and
every numeric flag. No exception escapes; the answer is either a clear message or a
request that botocore's service model accepts (types, int32 range, min/max, patterns).

Forms are exercised at the level the console calls them (the registry's ``Form.check``,
``preview`` and ``submit``; the retrain editor's check and build); ``submit`` sends to a
recorder that validates each request against the operation's input shape instead of
sending it. Pilot tests type bad input into each real form against the sandbox
(tests/ui/test_form_input_safety.py). Examples are bounded: the file runs in seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import botocore.session
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtui.aws.session import Clients, Target
from smtui.cli import build_parser
from smtui.domain import retrain, retrain_checks
from smtui.domain.numbers import INT32_MAX
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services.kinds import default_registry
from smtui.services.registry import Action, Form, FormProblem, ResourceKind

START = 1_795_000_000.0

TRICKY = st.sampled_from(
    [
        "", " ", "0", "1", "2", "3", " 2 ", "2.0", "90000.", "1.5", "-1", "+4", "1e3", "1E-2",
        "nan", "-nan", "inf", "-inf", "Infinity", "1e999", "99999999999999999999", "2147483647",
        "2147483648", "0x10", "1_000", "١٢", "\x1b[2J", "3\n", "0.0", "-0", ".5", "5.",
        "9" * 400,
    ]
)  # fmt: skip
TEXT = st.one_of(
    TRICKY,
    st.text(max_size=12),
    st.integers(min_value=-(2**40), max_value=2**40).map(str),
    st.floats().map(str),
)


# --- a request recorder that checks what would be sent ------------------------------------------
@cache
def _model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


def shape_errors(shape: Any, value: Any, path: str = "") -> list[str]:
    """What AWS would refuse in ``value`` by the model alone (botocore validates the types
    and minimums client-side; the rest is checked here)."""
    meta, kind = shape.metadata, shape.type_name
    errors: list[str] = []
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: not a structure"]
        errors += [f"{path}.{r}: required" for r in meta.get("required", []) if r not in value]
        for key, item in value.items():
            if key not in shape.members:
                errors.append(f"{path}.{key}: unknown member")
            else:
                errors += shape_errors(shape.members[key], item, f"{path}.{key}")
    elif kind == "list":
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        if not meta.get("min", 0) <= len(value) <= meta.get("max", math.inf):
            errors.append(f"{path}: {len(value)} items")
        for i, item in enumerate(value):
            errors += shape_errors(shape.member, item, f"{path}[{i}]")
    elif kind == "map":
        if not isinstance(value, dict) or not meta.get("min", 0) <= len(value) <= meta.get(
            "max", math.inf
        ):
            return [f"{path}: bad map"]
        for k, v in value.items():
            errors += shape_errors(shape.key, k, f"{path} key")
            errors += shape_errors(shape.value, v, f"{path}[{k!r}]")
    elif kind == "string":
        if not isinstance(value, str):
            return [f"{path}: not a string"]
        if not meta.get("min", 0) <= len(value) <= meta.get("max", math.inf):
            errors.append(f"{path}: length {len(value)}")
        pattern = _pattern(meta.get("pattern"))
        if pattern is not None and not pattern.fullmatch(value):
            errors.append(f"{path}: {value!r} does not match {pattern.pattern}")
        if "enum" in meta and value not in meta["enum"]:
            errors.append(f"{path}: {value!r} not in enum")
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{path}: {value!r} is not an integer"]
        top = INT32_MAX if kind == "integer" else 2**63 - 1
        if not max(meta.get("min", -top - 1), -top - 1) <= value <= min(meta.get("max", top), top):
            errors.append(f"{path}: {value} out of range")
    elif kind in ("float", "double"):
        if not isinstance(value, int | float) or isinstance(value, bool):
            return [f"{path}: not a number"]
        if not math.isfinite(value) or (kind == "float" and abs(value) > 3.4028234663852886e38):
            errors.append(f"{path}: {value!r} is not a finite {kind}")
        elif not meta.get("min", -math.inf) <= value <= meta.get("max", math.inf):
            errors.append(f"{path}: {value} out of range")
    elif kind == "boolean" and not isinstance(value, bool):
        errors.append(f"{path}: not a boolean")
    return errors


@cache
def _pattern(text: str | None) -> re.Pattern[str] | None:
    """The model's pattern, or None where it is not Python regex syntax (\\p{Print})."""
    if not text:
        return None
    try:
        return re.compile(text, re.DOTALL)
    except re.error:
        return None


class Recorder:
    """Stands where boto3 clients stand for ``Form.submit``: each call is checked
    against botocore's input shape and recorded, never sent."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def client(self, service: str) -> Any:
        recorder = self

        class _Client:
            def __getattr__(self, method: str) -> Any:
                def send(**params: Any) -> dict[str, Any]:
                    model = _model(service)
                    op = model.operation_model(
                        next(o for o in model.operation_names if _snake(o) == method)
                    )
                    errors = shape_errors(op.input_shape, params, op.name)
                    assert not errors, errors
                    recorder.calls.append((service, op.name, params))
                    return {}

                return send

        return _Client()

    mutating = client  # mutate() asks for the never-retried client (smtui/aws/calls.py)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("_m_l", "_ml")


# --- the forms, on items the sandbox serves ---------------------------------------------------
def _forms() -> list[tuple[ResourceKind, Action]]:
    return [(k, a) for k in default_registry() for a in k.actions if a.form is not None]


@pytest.fixture(scope="module")
def items() -> Iterator[dict[str, list[Any]]]:
    """A few items of each kind that has a form, listed from a sandbox."""
    with Sandbox(seed=7, jobs=20, speed=0, start=START).start() as sb:
        clients = Clients(
            Target(  # type: ignore[call-arg]
                region=SANDBOX_REGION,
                endpoint_url=sb.url,
                access_key=SANDBOX_ACCESS_KEY,
                secret_key=SANDBOX_SECRET_KEY,
            )
        )
        out: dict[str, list[Any]] = {}
        for kind, _ in _forms():
            pages = list(kind.list_pages(clients, {}, lambda: False))
            out[kind.name] = pages[-1][:6]
        yield out


def test_every_form_is_covered() -> None:
    """A new form joins the property below by itself; this names today's."""
    assert {a.id for _, a in _forms()} >= {
        "endpoints.capacity",
        "autoscaling.range",
        "autoscaling.policy",
        "inferencecomponents.copies",
    }


@pytest.mark.parametrize("kind, action", _forms(), ids=lambda x: getattr(x, "id", ""))
@settings(max_examples=60)
@given(data=st.data())
def test_random_text_in_every_field_gives_a_message_or_a_valid_request(
    items: dict[str, list[Any]], kind: ResourceKind, action: Action, data: st.DataObject
) -> None:
    candidates = [i for i in items[kind.name] if action.applies(i)]
    assert candidates, f"the sandbox has no {kind.name} the form applies to"
    item = data.draw(st.sampled_from(candidates))
    form: Form = action.form  # type: ignore[assignment]
    values: dict[str, str] = {}
    for f in form.fields:
        if f.choices is not None:
            values[f.id] = data.draw(st.sampled_from(f.choices(item)))
        else:
            values[f.id] = data.draw(st.one_of(TEXT, st.just(f.initial(item, values))))
    problems = form.check(item, values)
    assert all(isinstance(p, FormProblem) and p.message.strip() for p in problems)
    assert all(p.field in values for p in problems)
    assert not any("\x1b" in p.message or "\n" in p.message for p in problems)
    if any(not p.warning for p in problems):
        return  # a clear message beside the field; nothing is sent
    assert isinstance(form.preview(item, values), str)
    recorder = Recorder()
    outcome = form.submit(recorder, item, values)
    assert isinstance(outcome, str) and recorder.calls  # every call valid by the model


# --- the retrain / clone editor ---------------------------------------------------------------
SOURCE = {
    "TrainingJobName": "churn-xgb-2026-11-20-10-00-00-000",
    "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/churn",
    "TrainingJobStatus": "Completed",
    "AlgorithmSpecification": {"TrainingImage": "img:1", "TrainingInputMode": "File"},
    "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
    "InputDataConfig": [
        {
            "ChannelName": "train",
            "DataSource": {
                "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket-a/train"}
            },
        }
    ],
    "OutputDataConfig": {"S3OutputPath": "s3://bucket-a/out"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    "HyperParameters": {"eta": "0.1"},
    "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket-a/out/model.tar.gz"},
}
TYPES = ("ml.m5.xlarge", "ml.g5.2xlarge")


@settings(max_examples=150)
@given(
    name=st.one_of(TEXT, st.just("new-job")),
    count=TEXT,
    volume=TEXT,
    runtime=TEXT,
    spot=st.booleans(),
    wait=TEXT,
    channel=st.one_of(TEXT, st.just("train")),
)
def test_retrain_editor_gives_a_message_or_a_valid_request(
    name: str, count: str, volume: str, runtime: str, spot: bool, wait: str, channel: str
) -> None:
    request = retrain.retrain_request(SOURCE, [], "seed-name")
    values = retrain.values_of(request)
    values.name, values.instance_count, values.volume_gb = name, count, volume
    values.max_runtime, values.spot, values.max_wait = runtime, spot, wait
    values.channels = [(channel, "s3://bucket-a/train"), values.channels[-1]]
    problems = retrain_checks.check(values, TYPES)
    assert all(p.message.strip() and "\x1b" not in p.message for p in problems)
    if problems:
        return
    built = retrain.apply(request, values)
    op = _model("sagemaker").operation_model("CreateTrainingJob")
    assert shape_errors(op.input_shape, built, "CreateTrainingJob") == []


# --- every numeric flag -----------------------------------------------------------------------
def _flags() -> list[tuple[str, argparse.Action]]:
    out: list[tuple[str, argparse.Action]] = []

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{prefix} {name}".strip())
            elif action.type is not None and action.option_strings:
                out.append((f"{prefix} {action.option_strings[0]}", action))

    walk(build_parser(), "")
    seen: set[tuple[str, str]] = set()  # the connection options repeat under each command
    unique = []
    for name, action in out:
        mark = (action.option_strings[0], str(action.help))
        if mark not in seen:
            seen.add(mark)
            unique.append((name, action))
    return unique


def _made_by(action: argparse.Action, *factories: str) -> bool:
    qualname = getattr(action.type, "__qualname__", "")
    module = getattr(action.type, "__module__", "")
    return module == "smtui.commands.flags" and qualname.split(".")[0] in factories


NUMERIC = [(n, a) for n, a in _flags() if _made_by(a, "whole", "decimal")]
NAMES = [(n, a) for n, a in _flags() if _made_by(a, "name")]


def test_no_flag_bypasses_the_shared_parser() -> None:
    """int and float accept "nan", "inf", "1_000" and sizes the API cannot hold."""
    raw = [n for n, a in _flags() if a.type in (int, float)]
    assert raw == []
    names = {n for n, _ in NUMERIC}
    for flag in (
        "scale --desired",
        "scale --min",
        "scale --weight",
        "retrain --max-wait",
        "retrain --instance-count",
        "cost estimate --hours",
        "sandbox serve --port",
    ):
        assert flag in names, flag  # fmt: skip


@pytest.mark.parametrize("flag, action", NUMERIC, ids=[n for n, _ in NUMERIC])
@settings(max_examples=40)
@given(text=TEXT)
def test_every_numeric_flag_parses_or_refuses(
    flag: str, action: argparse.Action, text: str
) -> None:
    """What argparse calls: a value within the spec, or ArgumentTypeError (argparse's
    usage error, exit 2). Nothing else escapes."""
    try:
        value = action.type(text)  # type: ignore[misc]
    except argparse.ArgumentTypeError as exc:
        assert str(exc).strip() and "\x1b" not in str(exc)
        return
    assert isinstance(value, int | float) and math.isfinite(value)
    if isinstance(value, int):
        assert -INT32_MAX - 1 <= value <= INT32_MAX


@settings(max_examples=40)
@given(text=TEXT)
def test_scale_flags_through_argparse(text: str) -> None:
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            args = build_parser().parse_args(["scale", "ep", "AllTraffic", f"--desired={text}"])
    except SystemExit as exc:
        message = err.getvalue()
        assert exc.code == 2 and "error: argument --desired:" in message
        assert "Traceback" not in message
    else:
        assert isinstance(args.desired, int) and 1 <= args.desired <= INT32_MAX


@pytest.mark.parametrize("flag, action", NAMES, ids=[n for n, _ in NAMES])
@settings(max_examples=40)
@given(text=st.one_of(TEXT, st.text(max_size=70), st.just("x" * 5000)))
def test_every_name_flag_matches_the_model_or_refuses(
    flag: str, action: argparse.Action, text: str
) -> None:
    try:
        value = action.type(text)  # type: ignore[misc]
    except argparse.ArgumentTypeError as exc:
        assert str(exc).strip() and "\x1b" not in str(exc) and len(str(exc)) < 200
        return
    assert value == text and re.fullmatch("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", value)
