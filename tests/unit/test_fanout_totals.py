"""Sums and merges over several sources (smtui/services/fanout_totals.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from smtui.domain.compare import Run, compare, labels
from smtui.domain.cost import Totals, add_totals
from smtui.services.fanout_totals import (
    ComparedPart,
    SourceCost,
    combine_costs,
    cost_marks,
    merge_comparisons,
)
from smtui.services.registry import Chart, Comparison, Series
from smtui.ui.widgets import cost_header

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def totals(burn: float, today: float, month: float, kind: str = "training") -> Totals:
    return Totals(burn, today, month, month + burn * 24, 1.0, 1, {kind: (burn, today, month)})


def test_the_sum_leaves_out_failing_and_pending_sources() -> None:
    a, b = totals(2.0, 10.0, 100.0), totals(3.5, 4.0, 40.0, "endpoint")
    parts = [
        SourceCost("a/us-east-1", a),
        SourceCost("b/us-east-1", b, over_budget=True),
        SourceCost("c/us-east-1", totals(99.0, 99.0, 99.0), failure="ExpiredToken: expired"),
        SourceCost("d/us-east-1"),
    ]
    combined = combine_costs(parts, NOW)
    assert combined.totals == add_totals(a, b, NOW)
    assert combined.totals is not None
    assert combined.totals.burn_per_hour == 5.5 and combined.totals.today == 14.0
    assert combined.totals.by_kind == {"training": (2.0, 10.0, 100.0), "endpoint": (3.5, 4.0, 40.0)}
    assert combined.counted == ("a/us-east-1", "b/us-east-1")
    assert combined.failing == (("c/us-east-1", "ExpiredToken: expired"),)
    assert combined.pending == ("d/us-east-1",)
    assert combined.over_budget == ("b/us-east-1",)
    assert combined.total == 4 and combined.partial


def test_a_failing_source_over_budget_does_not_warn() -> None:
    parts = [SourceCost("a/x", totals(1, 1, 1)), SourceCost("b/x", failure="no", over_budget=True)]
    assert combine_costs(parts, NOW).over_budget == ()


def test_nothing_swept_yet() -> None:
    combined = combine_costs([SourceCost("a/x"), SourceCost("b/x", failure="denied")], NOW)
    assert combined.totals is None and combined.counted == ()


def marks(parts: list[SourceCost]) -> list[str]:
    return ["".join(t for t, _ in m) for m in cost_marks(combine_costs(parts, NOW))]


def test_marks_say_how_many_sources_and_which_fail() -> None:
    ok = [SourceCost("a/x", totals(1, 1, 1)), SourceCost("b/x", totals(1, 1, 1))]
    assert marks(ok) == [" (2 sources)", " (2 src)", " Σ2"]
    failing = [*ok, SourceCost("c/y", failure="ExpiredToken")]
    assert marks(failing) == [" ⚠ 2/3 sources, c/y failing", " ⚠ 2/3 sources", " ⚠2/3"]
    waiting = [*ok, SourceCost("c/y")]
    assert marks(waiting) == [" (2/3 sources…)", " (2/3 src…)", " 2/3…"]


def test_header_options_end_with_the_marks_shortened_first() -> None:
    t = totals(12.5, 30.25, 300.0)
    plain = cost_header.options(t, False)
    with_marks = cost_header.options(t, False, [[(" (2 sources)", "")], [(" Σ2", "")]])
    assert ["".join(x for x, _ in b) for b in with_marks[:3]] == [
        "  $12.50/h today $30.25 (2 sources)",
        "  $12.50/h today $30.25 Σ2",
        "  $12.50/h today $30 (2 sources)",
    ]
    assert [b[: len(p)] for b, p in zip(with_marks[::2], plain, strict=False)] == plain


def run(key: str, label: str, lr: float, acc: float) -> Run:
    return Run(
        key, label, key, "Completed", "training: " + key, None, None, {"lr": lr}, {"acc": acc}
    )


def part(source: str, positions: tuple[int, ...], runs: list[Run], note: str) -> ComparedPart:
    table = compare(runs)
    charts = (Chart("acc", tuple(Series(r.label, ((0.0, r.metrics["acc"]),)) for r in runs)),)
    return ComparedPart(source, positions, Comparison(table, charts, note))


def test_merged_comparison_keeps_the_marked_order_and_compares_over_all() -> None:
    # Marked: a's x, b's x (same name, another account), a's y. Each source labels its own.
    a = part("a/r", (0, 2), [run("x", "A", 0.1, 0.8), run("y", "B", 0.1, 0.7)], "Charts: CW.")
    b = part(
        "b/r",
        (1,),
        [run("x", "A", 0.2, 0.9)],
        "Charts: CW. No series for A (no training job, or no data).",
    )
    merged = merge_comparisons([a, b])
    runs = merged.table.runs
    assert [r.key for r in runs] == ["a/r:x", "b/r:x", "a/r:y"]
    assert [r.label for r in runs] == labels(3)
    lr = merged.table.parameters[0]
    assert lr.values == (0.1, 0.2, 0.1) and lr.differs
    acc = merged.table.metrics[0]
    assert acc.values == (0.8, 0.9, 0.7) and acc.best == (1,)  # "acc": higher is better
    (chart,) = merged.charts
    assert [(s.label, s.points[0][1]) for s in chart.series] == [("A", 0.8), ("B", 0.9), ("C", 0.7)]
    assert merged.note == "Charts: CW."  # every run has a series now


def test_merged_note_names_runs_without_series_by_their_new_labels() -> None:
    a = part("a/r", (1,), [run("x", "A", 0.1, 0.8)], "Charts: CW.")
    b = part("b/r", (0,), [run("z", "A", 0.1, 0.8)], "Charts: CW.")
    b = ComparedPart(b.source, b.positions, Comparison(b.comparison.table, (), "Charts: CW."))
    merged = merge_comparisons([a, b])
    assert [r.key for r in merged.table.runs] == ["b/r:z", "a/r:x"]
    assert merged.note == "Charts: CW. No series for A (no training job, or no data)."
