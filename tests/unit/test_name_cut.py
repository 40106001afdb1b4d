"""Names cut so rows still read apart (smtui/ui/widgets/name_cut.py, issue 20.3)."""

from __future__ import annotations

from smtui.services.table_index import ColumnSpec
from smtui.ui.widgets.name_cut import cut_middle, distinct_head, width_needed
from smtui.ui.widgets.resource_table_render import layout_columns

JOBS = [
    "xgboost-churn-2026-12-08-00-42-11-123",
    "xgboost-churn-2026-12-08-00-15-03-613",
    "xgboost-churn-2026-12-08-00-08-34-466",
]


def _cut(names: list[str], width: int) -> list[str]:
    head = distinct_head(names, width)
    return [cut_middle(n, width, width - 1 if head is None else head) for n in names]


def test_names_alike_at_the_start_are_cut_in_the_middle_and_stay_distinct() -> None:
    cut = _cut(JOBS, 28)
    assert len(set(cut)) == len(JOBS)
    assert all(len(c) == 28 and "…" in c for c in cut)
    assert all(c.startswith("xgboost-churn") for c in cut)  # the family still reads
    assert cut[0].endswith("42-11-123")  # and what tells the runs apart


def test_names_that_fit_or_differ_early_keep_the_usual_end_cut() -> None:
    assert distinct_head(["a-1", "b-2"], 10) is None
    names = ["alpha-" + "x" * 30, "beta-" + "x" * 30]
    assert distinct_head(names, 20) is None
    assert cut_middle(names[0], 20, 19) == names[0][:19] + "…"


def test_width_needed_is_the_narrowest_that_reads_apart() -> None:
    names = [
        "endpoint/churn-xgb-prod/variant/AllTraffic",
        "endpoint/churn-xgb-staging/variant/AllTraffic",
    ]
    need = width_needed(names, 10, 60)
    assert 10 < need < len(names[0])
    assert len(set(_cut(names, need))) == 2
    assert width_needed(["a", "b"], 10, 60) == 10


def test_columns_with_a_priority_give_way_to_the_name() -> None:
    columns = [
        ColumnSpec("RESOURCE", 20, flex=True),
        ColumnSpec("STATUS", 10),
        ColumnSpec("DIMENSION", 20, priority=1),
    ]
    assert layout_columns(columns, 60)[2] == 20  # room for all
    widths = layout_columns(columns, 60, name_need=40)
    assert widths[2] == 0 and widths[0] >= 40 and widths[1] == 10  # priority 0 stays
