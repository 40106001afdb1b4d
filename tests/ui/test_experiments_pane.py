"""The experiments pane on the sandbox: experiment -> trials -> runs, sorting by a metric,
picking columns, comparing runs, lineage to the training job and back, and `:search`.

Expected values come from plain boto3 reads of the same sandbox."""

from __future__ import annotations

from typing import Any

import boto3
from rich.table import Table

from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY
from smtui.ui.screens.compare_screen import CompareScreen, RunsChart
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.screens.dynamic_columns import ColumnPicker
from smtui.ui.screens.resource_screen import ResourceScreen
from smtui.ui.widgets.command_line import CommandLine
from tests.ui.conftest import make_app, table_of, wait_for, wait_loaded

SWEEP = "reviews-bert-lr-sweep"


def boto(sb: Any) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


async def view(pilot, app, kind: str) -> ResourceScreen:
    """Wait until the screen on top is a loaded view of ``kind``."""
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, ResourceScreen)
            and app.screen.kind.name == kind
            and app.screen.last_refresh is not None
        ),
    )
    return app.screen


async def settled_columns(pilot, screen: ResourceScreen, *names: str) -> None:
    """Wait until the rows are described and the optional columns shown."""
    await wait_for(
        pilot,
        lambda: (
            all(n in screen.extra_columns for n in names)
            and all(getattr(i, "detailed", True) for i in screen.items.values())
        ),
    )
    await pilot.pause(0.1)


async def open_sweep_runs(pilot, app) -> ResourceScreen:
    app.run_command_line("experiments")
    screen = await view(pilot, app, "experiments")
    await wait_for(pilot, lambda: SWEEP in screen.items)
    assert table_of(app).move_cursor_to_key(SWEEP)
    await pilot.press("r")  # all runs of the experiment
    runs = await view(pilot, app, "trial-components")
    await settled_columns(pilot, runs, "metric:eval_accuracy")
    return runs


def column(screen: ResourceScreen, name: str) -> int:
    return len(screen.kind.columns) + screen.extra_columns.index(name)


async def test_drill_experiment_trial_component(sandbox) -> None:
    sm = boto(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        app.run_command_line("experiments")
        exps = await view(pilot, app, "experiments")
        names = {
            e["ExperimentName"] for e in sm.list_experiments(MaxResults=100)["ExperimentSummaries"]
        }
        await wait_for(pilot, lambda: set(exps.items) == names)
        await wait_for(pilot, lambda: exps.items[SWEEP].trials is not None)
        trials = sm.list_trials(ExperimentName=SWEEP, MaxResults=100)["TrialSummaries"]
        assert exps.items[SWEEP].trials == len(trials)
        assert (
            exps.items[SWEEP].description
            == sm.describe_experiment(ExperimentName=SWEEP)["Description"]
        )
        assert table_of(app).move_cursor_to_key(SWEEP)
        await pilot.press("d")  # the experiment's own detail
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: len(app.screen.query(SectionView)) >= 3)
        overview = dict(app.screen.query(SectionView).first().section.rows)
        assert overview["Trials"] == str(len(trials))
        await pilot.press("escape")
        await pilot.press("enter")
        trial_view = await view(pilot, app, "trials")
        assert trial_view.params == {"experiment": SWEEP}
        await wait_for(pilot, lambda: set(trial_view.items) == {t["TrialName"] for t in trials})
        first = f"{SWEEP}-run-01"
        await wait_for(pilot, lambda: trial_view.items[first].components == 2)
        for name in (first, f"{SWEEP}-run-02"):  # compare two trials: their runs merged
            assert table_of(app).move_cursor_to_key(name)
            await pilot.press("space")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
        await wait_for(pilot, lambda: app.screen.comparison is not None)
        merged = app.screen.comparison.table
        assert [r.key for r in merged.runs] == [f"{SWEEP}-run-02", first]  # screen order
        params = {r.name for r in merged.parameters}
        assert {"learning_rate", "max_seq_length"} <= params  # training and prepare-data
        await pilot.press("escape")
        assert app.screen is trial_view
        assert table_of(app).move_cursor_to_key(first)
        await pilot.press("enter")
        runs = await view(pilot, app, "trial-components")
        await settled_columns(pilot, runs, "metric:eval_accuracy")
        expected = sm.list_trial_components(TrialName=first)["TrialComponentSummaries"]
        assert set(runs.items) == {c["TrialComponentName"] for c in expected}
        training = next(n for n in runs.items if n.endswith("-aws-training-job"))
        described = sm.describe_trial_component(TrialComponentName=training)
        last = next(m["Last"] for m in described["Metrics"] if m["MetricName"] == "eval_accuracy")
        row = table_of(app).index.get(training)
        assert row is not None
        assert row.sort_values[column(runs, "metric:eval_accuracy")] == last
        assert "title" not in str(app.screen.query_one("#view-title").render())
        assert first in str(app.screen.query_one("#view-title").render())
        assert table_of(app).move_cursor_to_key(training)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: len(app.screen.query(SectionView)) >= 5)
        titles = [v.section.title for v in app.screen.query(SectionView)]
        assert titles[:5] == [
            "Overview",
            "Parameters",
            "Metrics",
            "Input artifacts",
            "Output artifacts",
        ]
        sections = {v.section.title: dict(v.section.rows) for v in app.screen.query(SectionView)}
        model = described["OutputArtifacts"]["SageMaker.ModelArtifact"]["Value"]
        assert sections["Output artifacts"]["SageMaker.ModelArtifact"] == model
        assert sections["Overview"]["Trial"] == first
        assert sections["Overview"]["Experiment"] == SWEEP
        metrics_view = next(
            v for v in app.screen.query(SectionView) if v.section.title == "Metrics"
        )
        assert metrics_view.section.charts  # the job's CloudWatch series


async def test_sort_runs_by_a_metric(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        runs = await open_sweep_runs(pilot, app)
        table = table_of(app)
        n = column(runs, "metric:eval_accuracy")
        assert n < 9  # reachable with the number keys
        await pilot.press(str(n + 1), str(n + 1))  # again: descending, best first
        values = [table.index.row_at(i).sort_values[n] for i in range(table.row_count)]
        numbers = [v for v in values if v is not None]
        assert len(numbers) >= 3 and numbers == sorted(numbers, reverse=True)
        assert values[: len(numbers)] == numbers  # rows without the metric go last
        best = max(numbers)
        assert table.index.row_at(0).sort_values[n] == best


async def test_pick_columns_holds_for_the_kind(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        runs = await open_sweep_runs(pilot, app)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ColumnPicker))
        picker = app.screen
        assert "param:SageMaker.InstanceType" in picker.names
        from textual.widgets import SelectionList

        selection = picker.query_one(SelectionList)
        assert sorted(selection.selected) == sorted(runs.extra_columns)
        selection.deselect_all()
        selection.select("param:SageMaker.InstanceType")
        selection.select("metric:train_loss")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is runs)
        assert runs.extra_columns == ["metric:train_loss", "param:SageMaker.InstanceType"]
        assert [c.label for c in table_of(app).columns][-2:] == [
            "train_loss",
            "SageMaker.InstanceType",
        ]
        await pilot.press("escape")
        trial = f"{SWEEP}-run-02"
        app.run_command_line("experiments")
        exps = await view(pilot, app, "experiments")
        assert table_of(app).move_cursor_to_key(SWEEP)
        await pilot.press("enter")
        trials = await view(pilot, app, "trials")
        await wait_for(pilot, lambda: trial in trials.items)
        assert table_of(app).move_cursor_to_key(trial)
        await pilot.press("enter")
        other = await view(pilot, app, "trial-components")
        await settled_columns(pilot, other, "metric:train_loss")
        assert other.extra_columns == ["metric:train_loss", "param:SageMaker.InstanceType"]
        assert exps is not other


async def test_compare_three_runs_highlights_differences(sandbox) -> None:
    sm = boto(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        runs = await open_sweep_runs(pilot, app)
        table = table_of(app)
        await pilot.press("c")  # nothing marked: dimmed, a hint
        assert app.screen is runs
        training = sorted(n for n in runs.items if n.endswith("-aws-training-job"))[:3]
        for name in training:
            assert table.move_cursor_to_key(name)
            await pilot.press("space")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
        screen = app.screen
        await wait_for(pilot, lambda: screen.comparison is not None)
        comparison = screen.comparison
        shown = [screen.items[i].name for i in range(3)]
        assert shown == [
            k for k in (table.index.key_at(p) for p in range(table.row_count)) if k in training
        ]
        assert [r.key for r in comparison.table.runs] == shown
        described = [sm.describe_trial_component(TrialComponentName=n) for n in shown]
        for row in comparison.table.parameters:
            values = tuple(
                d["Parameters"][row.name].get(
                    "NumberValue", d["Parameters"][row.name].get("StringValue")
                )
                if row.name in d["Parameters"]
                else None
                for d in described
            )
            assert row.values == values
            assert row.differs == (len(set(values)) > 1)
        assert any(r.differs for r in comparison.table.parameters)
        accuracy = next(r for r in comparison.table.metrics if r.name == "eval_accuracy")
        lasts = [
            next(m["Last"] for m in d["Metrics"] if m["MetricName"] == "eval_accuracy")
            for d in described
        ]
        assert list(accuracy.values) == lasts
        assert accuracy.best == tuple(i for i, v in enumerate(lasts) if v == max(lasts))
        loss = next(r for r in comparison.table.metrics if r.name == "train_loss")
        assert loss.goal == "min" and [loss.values[i] for i in loss.best] == [min(loss.values)]
        # The screen highlights: differing parameters in the "differs" style, best starred.
        group = screen._table(comparison)
        params_grid: Table = group.renderables[2]
        labels = params_grid.columns[0]._cells
        differs_style = screen._style("compare--differs")
        assert labels and all(cell.style == differs_style for cell in labels)
        best_cells = [
            cell
            for col in group.renderables[4].columns[1:]
            for cell in col._cells
            if str(cell).startswith("★")
        ]
        assert best_cells and all(c.style == screen._style("compare--best") for c in best_cells)
        same = [r for r in comparison.table.parameters if not r.differs]
        assert same and len(labels) == len(comparison.table.parameters) - len(same)
        await pilot.press("a")  # show the identical ones too, muted
        group = screen._table(comparison)
        assert len(group.renderables[2].columns[0]._cells) == len(comparison.table.parameters)
        await wait_for(pilot, lambda: len(screen.query(RunsChart)) >= 1)
        chart = screen.query(RunsChart).first().chart
        assert {s.label for s in chart.series} <= {"A", "B", "C"} and chart.series
        assert all(s.points[0][0] >= 0 for s in chart.series)  # x: time since start
        await pilot.press("escape")
        assert app.screen is runs


async def test_lineage_component_to_job_and_back(sandbox) -> None:
    sm = boto(sandbox)
    app = make_app(sandbox)
    trial = f"{SWEEP}-run-03"
    async with app.run_test(size=(120, 40)) as pilot:
        app.run_command_line("experiments")
        await view(pilot, app, "experiments")
        await wait_for(pilot, lambda: SWEEP in app.screen.items)
        table_of(app).move_cursor_to_key(SWEEP)
        await pilot.press("enter")
        trials = await view(pilot, app, "trials")
        await wait_for(pilot, lambda: trial in trials.items)
        table_of(app).move_cursor_to_key(trial)
        await pilot.press("enter")
        runs = await view(pilot, app, "trial-components")
        training = next(n for n in runs.items if n.endswith("-aws-training-job"))
        job = training.removesuffix("-aws-training-job")
        table_of(app).move_cursor_to_key(training)
        await pilot.press("l")
        await wait_for(
            pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.kind.name == "jobs"
        )
        assert app.screen.key == job
        config = sm.describe_training_job(TrainingJobName=job)["ExperimentConfig"]
        assert config["TrialName"] == trial and config["ExperimentName"] == SWEEP
        await wait_for(pilot, lambda: len(app.screen.query(SectionView)) > 2)
        await pilot.press("x")  # back to its experiment and trial
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, DetailScreen) and app.screen.kind.name == "trial-components"
            ),
        )
        assert app.screen.key == training
        await wait_for(pilot, lambda: len(app.screen.query(SectionView)) >= 3)
        overview = dict(app.screen.query(SectionView).first().section.rows)
        assert overview["Trial"] == config["TrialName"]
        assert overview["Experiment"] == config["ExperimentName"]
        # The logged component has no source job: the link is dimmed.
        await pilot.press("escape", "escape")
        assert app.screen is runs
        prep = next(n for n in runs.items if n.endswith("-prepare-data"))
        table_of(app).move_cursor_to_key(prep)
        await pilot.pause()
        assert app.screen.check_action("open_child", ("trial-components.source",)) is None


async def test_processing_component_opens_its_processing_job(sandbox) -> None:
    sm = boto(sandbox)
    chain = "churn-incremental-retrain"
    trial, prep = next(
        (t["TrialName"], c["TrialComponentName"])
        for t in sm.list_trials(ExperimentName=chain)["TrialSummaries"]
        for c in sm.list_trial_components(TrialName=t["TrialName"])["TrialComponentSummaries"]
        if c["TrialComponentName"].endswith("-aws-processing-job")
    )
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        kind = app.backend.registry.kinds["trial-components"]
        app.push_screen(ResourceScreen(app.backend, kind, {"trial": trial}, f" of {trial}"))
        runs = await view(pilot, app, "trial-components")
        await wait_for(pilot, lambda: prep in runs.items)
        assert table_of(app).move_cursor_to_key(prep)
        await pilot.press("l")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, DetailScreen) and app.screen.kind.name == "processing",
        )
        assert app.screen.key == prep.removesuffix("-aws-processing-job")


async def test_job_without_experiment_says_so(sandbox) -> None:
    sm = boto(sandbox)
    untracked = next(
        s["TrainingJobName"]
        for s in sm.list_training_jobs(MaxResults=100)["TrainingJobSummaries"]
        if "ExperimentConfig" not in sm.describe_training_job(TrainingJobName=s["TrainingJobName"])
    )
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        assert table_of(app).move_cursor_to_key(untracked)
        await pilot.press("x")
        await wait_for(
            pilot, lambda: any("nothing to open" in str(n.message) for n in app._notifications)
        )
        assert isinstance(app.screen, ResourceScreen) and app.screen.kind.name == "jobs"


async def test_search_query(sandbox) -> None:
    sm = boto(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("colon")
        line = app.screen.query_one(CommandLine)
        # (typed through the Input: Pilot key presses cost ~0.15 s each)
        line.input.value = "search metrics.eval_accuracy > 0.92"
        await pilot.press("enter")
        assert "metrics.NAME.STAT" in str(line.query_one("#command-error").render())
        line.input.value = "search metrics.eval_accuracy.max > 0.92 and status = completed"
        await pilot.press("enter")
        found = await view(pilot, app, "search")
        expected = [
            r["TrialComponent"]
            for r in sm.search(
                Resource="ExperimentTrialComponent",
                SearchExpression={
                    "Filters": [
                        {
                            "Name": "Metrics.eval_accuracy.Max",
                            "Operator": "GreaterThan",
                            "Value": "0.92",
                        },
                        {
                            "Name": "Status.PrimaryStatus",
                            "Operator": "Equals",
                            "Value": "Completed",
                        },
                    ]
                },
                MaxResults=100,
            )["Results"]
        ]
        assert expected
        await wait_for(pilot, lambda: len(found.items) == len(expected))
        assert set(found.items) == {c["TrialComponentName"] for c in expected}
        table = table_of(app)
        order = [table.index.key_at(i) for i in range(table.row_count)]
        best_first = sorted(
            expected,
            key=lambda c: (
                -next(m["Max"] for m in c["Metrics"] if m["MetricName"] == "eval_accuracy")
            ),
        )
        assert order == [c["TrialComponentName"] for c in best_first]
        experiments = {p["ExperimentName"] for c in expected for p in c["Parents"]}
        assert {table.index.get(k).cells[1] for k in order} <= experiments | {
            ", ".join(sorted(experiments))
        }
