"""Name rules (smtui/domain/names.py) re-read from botocore's sagemaker model."""

from __future__ import annotations

import botocore.session
import pytest

from smtui.domain import names


@pytest.mark.parametrize("rule", names.ALL, ids=lambda r: r.shape)
def test_rules_are_botocore_s(rule: names.NameRule) -> None:
    model = botocore.session.get_session().get_service_model("sagemaker")
    meta = model.shape_for(rule.shape).metadata
    assert (rule.pattern, rule.low, rule.high) == (meta["pattern"], meta["min"], meta["max"])


@pytest.mark.parametrize("text", ["ok", "a-b--c", "A1", "x" * 63])
def test_valid_names(text: str) -> None:
    assert names.ENDPOINT.check(text) == ""


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "required"),
        ("a\nb", "letters, digits and hyphens"),
        ("x\x1b]0;pwned\x07", "letters, digits and hyphens"),
        ("-a", "letters, digits and hyphens"),
        ("a" * 5000, "at most 63 characters (got 5000)"),
    ],
)
def test_invalid_names_say_why_without_echoing_controls(text: str, fragment: str) -> None:
    problem = names.ENDPOINT.check(text)
    assert fragment in problem
    assert not any(ord(c) < 32 for c in problem)
