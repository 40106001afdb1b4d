"""The `:search` language: what it accepts, the Search API expression it builds, and the
errors it gives instead."""

from __future__ import annotations

import pytest

from smtui.domain.experiment_search import SearchSyntaxError, parse_search
from smtui.services.kinds.trial_components import _search_parse
from smtui.services.registry import QueryError


def test_metric_condition_becomes_one_filter_and_sorts_best_first() -> None:
    q = parse_search("metrics.validation:accuracy.max > 0.9")
    assert q.expression() == {
        "Filters": [
            {"Name": "Metrics.validation:accuracy.Max", "Operator": "GreaterThan", "Value": "0.9"}
        ]
    }
    assert q.sort() == ("Metrics.validation:accuracy.Max", "Descending")
    assert parse_search("metrics.train_loss.last <= 0.2").sort() == (
        "Metrics.train_loss.Last",
        "Ascending",
    )


@pytest.mark.parametrize(
    ("text", "name", "operator", "value"),
    [
        ("parameters.learning_rate < 0.01", "Parameters.learning_rate", "LessThan", "0.01"),
        ("params.batch_size >= 32", "Parameters.batch_size", "GreaterThanOrEqualTo", "32"),
        (
            "p.SageMaker.InstanceType = ml.g5.2xlarge",
            "Parameters.SageMaker.InstanceType",
            "Equals",
            "ml.g5.2xlarge",
        ),
        ("metrics.a/b.stddev != 0", "Metrics.a/b.StdDev", "NotEquals", "0"),
        ("display ~ train", "DisplayName", "Contains", "train"),
        ("display contains train", "DisplayName", "Contains", "train"),
        ("name == 'my run'", "TrialComponentName", "Equals", "my run"),
        (
            'experiment = "reviews-bert-lr-sweep"',
            "Parents.ExperimentName",
            "Equals",
            "reviews-bert-lr-sweep",
        ),
        ("trial = t1", "Parents.TrialName", "Equals", "t1"),
        ("status = running", "Status.PrimaryStatus", "Equals", "InProgress"),
        ("status != Failed", "Status.PrimaryStatus", "NotEquals", "Failed"),
        ("source ~ training-job/bert", "Source.SourceArn", "Contains", "training-job/bert"),
        ("created > 2026-11-20", "CreationTime", "GreaterThan", "2026-11-20T00:00:00"),
        ("ended < 2026-11-20T10:30", "EndTime", "LessThan", "2026-11-20T10:30:00"),
        ("input.train ~ datasets/v3", "InputArtifacts.train.Value", "Contains", "datasets/v3"),
        (
            "output.SageMaker.ModelArtifact ~ model",
            "OutputArtifacts.SageMaker.ModelArtifact.Value",
            "Contains",
            "model",
        ),
        ("tags.team = nlp", "Tags.team", "Equals", "nlp"),
        ("metrics.x.count>3", "Metrics.x.Count", "GreaterThan", "3"),
        ("parameters.lr<-1e-3", "Parameters.lr", "LessThan", "-1e-3"),
    ],
)
def test_conditions(text: str, name: str, operator: str, value: str) -> None:
    (condition,) = parse_search(text).conditions
    assert (condition.name, condition.operator, condition.value) == (name, operator, value)


def test_exists_and_missing_take_no_value() -> None:
    q = parse_search("metrics.eval_loss.last exists and source missing")
    assert q.expression() == {
        "Filters": [
            {"Name": "Metrics.eval_loss.Last", "Operator": "Exists"},
            {"Name": "Source.SourceArn", "Operator": "NotExists"},
        ]
    }


def test_and_binds_tighter_than_or() -> None:
    q = parse_search("status = failed or metrics.m.max > 1 and parameters.lr < 0.1")
    assert q.expression() == {
        "SubExpressions": [
            {
                "Filters": [
                    {"Name": "Status.PrimaryStatus", "Operator": "Equals", "Value": "Failed"}
                ]
            },
            {
                "Filters": [
                    {"Name": "Metrics.m.Max", "Operator": "GreaterThan", "Value": "1"},
                    {"Name": "Parameters.lr", "Operator": "LessThan", "Value": "0.1"},
                ]
            },
        ],
        "Operator": "Or",
    }
    assert parse_search("a.b = 1".replace("a.b", "params.x") + " && name = y").expression()[
        "Filters"
    ][1] == {"Name": "TrialComponentName", "Operator": "Equals", "Value": "y"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty search"),
        ("   ", "empty search"),
        ("metrics.accuracy > 0.9", "write metrics.NAME.STAT"),
        ("metrics > 0.9", "write metrics.NAME.STAT"),
        ("foo = 1", "unknown field 'foo'"),
        ("parameters.lr", "expected an operator after 'parameters.lr'"),
        ("parameters.lr 0.1", "expected an operator after 'parameters.lr' before '0.1'"),
        ("parameters.lr <", "expected a value after parameters.lr <"),
        ("metrics.acc.max > high", "'high' is not a number"),
        ("metrics.acc.max ~ 9", "compares text"),
        ("created > yesterday", "is not a time"),
        ("display > b", "is text"),
        ("status = failed status = stopped", "expected 'and' or 'or' before 'status'"),
        ("status = failed and", "expected a condition after 'and'"),
        ("(status = failed)", "parentheses are not supported"),
        ("status ! failed", "unexpected '!'"),
        ("> 3", "expected a field before '>'"),
        ("parameters. = 1", "write parameters.NAME"),
    ],
)
def test_errors_say_what_to_type(text: str, fragment: str) -> None:
    with pytest.raises(SearchSyntaxError) as exc:
        parse_search(text)
    assert fragment in str(exc.value)


def test_limit_of_twenty_filters() -> None:
    parse_search(" and ".join(["status = failed"] * 20))
    with pytest.raises(SearchSyntaxError, match="at most 20"):
        parse_search(" and ".join(["status = failed"] * 21))


def test_command_line_arguments_are_rejoined() -> None:
    """The `:` line splits words (shlex); a quoted value with spaces survives."""
    assert _search_parse([]) == {}
    params = _search_parse(["display", "=", "my run", "and", "metrics.a.max", ">", "1"])
    q = params["query"]
    assert [c.value for c in q.conditions] == ["my run", "1"]
    with pytest.raises(QueryError, match="write metrics.NAME.STAT"):
        _search_parse(["metrics.accuracy", ">", "0.9"])
