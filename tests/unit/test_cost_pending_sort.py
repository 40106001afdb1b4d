"""Issue 21, point 6: a training job's unknown cost is marked and sorts last."""

from __future__ import annotations


def test_unknown_costs_are_marked_and_sort_last_both_ways() -> None:
    from smtui.services.kinds.cost_cells import PRICING
    from smtui.services.kinds.training_jobs import TRAINING_JOBS
    from smtui.services.table_index import RowIndex, TableRow
    from tests.unit.test_training_kind import T0, summary

    row = TRAINING_JOBS.row(summary(), T0)
    assert row.cells[7] == (PRICING, "muted") and row.sort_values[7] is None
    index = RowIndex()
    cost = 7

    def job(key: str, value: float | None) -> TableRow:
        values = [key, "", "", "", "", "", "", value]
        return TableRow(key, tuple(values), tuple(values), key)

    index.replace([job("a", 819.0), job("b", None), job("c", 1569.0)])
    for reverse, order in ((True, ["c", "a", "b"]), (False, ["a", "c", "b"])):
        index.set_sort(cost, reverse)
        assert index.visible_keys() == order
