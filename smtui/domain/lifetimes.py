"""How long a job of a kind can exist before it ends, at the longest: a job running now
was created within it, so a listing of the running jobs can be bounded with
CreationTimeAfter instead of reading the whole history (AWS applies MaxResults before
StatusEquals, API_ListTrainingJobs, so a status-filtered listing reads every page)."""

from __future__ import annotations

from datetime import timedelta

LONGEST_RUN: dict[str, timedelta] = {
    # "The maximum time that a TrainingJob can run in total [...] is 30 days", after at
    # most MaxPendingTimeInSeconds waiting for capacity (API_StoppingCondition, SageMaker
    # API reference): 60 days from creation covers both.
    "training": timedelta(days=60),
    # ProcessingMaxRuntimeInSeconds: max 777600 s, 9 days (botocore sagemaker model), and
    # a day of provisioning before it starts.
    "processing": timedelta(days=10),
}
"""Kinds not here have no documented limit: their running jobs are listed unbounded."""
