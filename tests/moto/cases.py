"""What each smtui list command and console pane is counted against: an AWS CLI query."""

from __future__ import annotations

from tests.moto.oracle import Query

TRAINING = Query("list-training-jobs", "TrainingJobSummaries")
PROCESSING = Query("list-processing-jobs", "ProcessingJobSummaries")
TRANSFORM = Query("list-transform-jobs", "TransformJobSummaries")
TUNING = Query("list-hyper-parameter-tuning-jobs", "HyperParameterTuningJobSummaries")
AUTOML = Query("list-auto-ml-jobs", "AutoMLJobSummaries")
LABELING = Query("list-labeling-jobs", "LabelingJobSummaryList")
COMPILATION = Query("list-compilation-jobs", "CompilationJobSummaries")
ENDPOINTS = Query("list-endpoints", "Endpoints")
ENDPOINTS_IN_SERVICE = Query("list-endpoints", "Endpoints", ("--status-equals", "InService"))
EXPERIMENTS = Query("list-experiments", "ExperimentSummaries")
TRIALS = Query("list-trials", "TrialSummaries", ("--experiment-name", "moto-exp-0"))
TRIAL_COMPONENTS = Query(
    "list-trial-components", "TrialComponentSummaries", ("--trial-name", "moto-exp-0-trial-0")
)
ALL_TRIAL_COMPONENTS = Query("list-trial-components", "TrialComponentSummaries")
ALL_TRIALS = Query("list-trials", "TrialSummaries")
EXPERIMENT_RUNS = Query(
    "list-trial-components", "TrialComponentSummaries", ("--experiment-name", "moto-exp-0")
)
SEARCH_RUNS = Query("search", "Results", ("--resource", "ExperimentTrialComponent"))
TUNING_TRAINING_JOBS = Query(
    "list-training-jobs-for-hyper-parameter-tuning-job",
    "TrainingJobSummaries",
    ("--hyper-parameter-tuning-job-name", "moto-tuning-0"),
)
# PipelineExecutionArn is optional (botocore's model): moto lacks the operation anyway.
STEPS = Query("list-pipeline-execution-steps", "PipelineExecutionSteps")
USER_PROFILES = Query("list-user-profiles", "UserProfiles")
SPACES = Query("list-spaces", "Spaces")
NOTEBOOKS = Query("list-notebook-instances", "NotebookInstances")
NOTEBOOKS_IN_SERVICE = Query(
    "list-notebook-instances", "NotebookInstances", ("--status-equals", "InService")
)
PIPELINES = Query("list-pipelines", "PipelineSummaries")
EXECUTIONS = Query(
    "list-pipeline-executions", "PipelineExecutionSummaries", ("--pipeline-name", "moto-pipeline-0")
)
MONITORS = Query("list-monitoring-schedules", "MonitoringScheduleSummaries")
APPS = Query("list-apps", "Apps")
DOMAINS = Query("list-domains", "Domains")
FLOWS = Query("list-flow-definitions", "FlowDefinitionSummaries")
INFERENCE_COMPONENTS = Query("list-inference-components", "InferenceComponents")
SCALABLE_TARGETS = Query(
    "describe-scalable-targets",
    "ScalableTargets",
    ("--service-namespace", "sagemaker"),
    service="application-autoscaling",
)
SCALING_ACTIVITIES = Query(
    "describe-scaling-activities",
    "ScalingActivities",
    ("--service-namespace", "sagemaker"),
    service="application-autoscaling",
)

# smtui CLI: (id, argv, query)
CLI_CASES: list[tuple[str, list[str], Query]] = [
    ("training-limit", ["jobs", "--limit", "100"], TRAINING),
    ("processing", ["jobs", "--kind", "processing"], PROCESSING),
    ("transform", ["jobs", "--kind", "transform"], TRANSFORM),
    ("tuning", ["jobs", "--kind", "tuning"], TUNING),
    ("automl", ["jobs", "--kind", "automl"], AUTOML),
    ("labeling", ["jobs", "--kind", "labeling"], LABELING),
    ("compilation", ["jobs", "--kind", "compilation"], COMPILATION),
    ("endpoints", ["endpoints"], ENDPOINTS),
    ("experiments", ["experiments"], EXPERIMENTS),
    ("trials", ["experiments", "moto-exp-0"], TRIALS),
    ("trial-components", ["experiments", "--trial", "moto-exp-0-trial-0"], TRIAL_COMPONENTS),
    ("notebooks", ["notebooks"], NOTEBOOKS),
    ("pipelines", ["pipelines"], PIPELINES),
    ("pipeline-executions", ["pipelines", "moto-pipeline-0"], EXECUTIONS),
    ("monitors", ["monitors"], MONITORS),
    ("apps", ["apps"], APPS),
    ("humanloops", ["humanloops"], FLOWS),
    ("flows", ["humanloops", "--flows"], FLOWS),
    # One grammar: an aliased kind (as `smtui endpoints`) and a registry-driven child kind.
    ("get-endpoints", ["get", "endpoints"], ENDPOINTS),
    ("get-trials", ["get", "trials", "--experiment", "moto-exp-0"], TRIALS),
]

# Console: (`:` command, query); None: no AWS list to count against (derived views).
PANES: list[tuple[str, Query | None]] = [
    ("jobs", TRAINING),
    ("processing", PROCESSING),
    ("transform", TRANSFORM),
    ("tuning", TUNING),
    ("automl", AUTOML),
    ("labeling", LABELING),
    ("compilation", COMPILATION),
    ("experiments", EXPERIMENTS),
    ("trials", ALL_TRIALS),
    ("trial-components", ALL_TRIAL_COMPONENTS),
    ("search", SEARCH_RUNS),
    ("notebooks", NOTEBOOKS),
    ("studio", DOMAINS),
    ("apps", APPS),
    ("pipelines", PIPELINES),
    ("humanloops", FLOWS),
    ("endpoints", ENDPOINTS),
    ("autoscaling", SCALABLE_TARGETS),
    ("inferencecomponents", INFERENCE_COMPONENTS),
    ("monitors", MONITORS),
    ("cost-kinds", None),
    ("cost-days", None),
    ("triage", None),
    ("audit", None),
]

# Child views, opened as a user does: a row, then the child's key, level after level.
# (`:` command, [(row key or None for the first row, child key), ...], child kind, query)
CHILDREN: list[tuple[str, list[tuple[str | None, str]], str, Query]] = [
    ("experiments", [("moto-exp-0", "t")], "trials", TRIALS),
    ("experiments", [("moto-exp-0", "r")], "trial-components", EXPERIMENT_RUNS),
    ("pipelines", [("moto-pipeline-0", "e")], "pipeline-executions", EXECUTIONS),
    ("pipelines", [("moto-pipeline-0", "e"), (None, "x")], "pipeline-steps", STEPS),
    ("tuning", [("moto-tuning-0", "t")], "tuning-training-jobs", TUNING_TRAINING_JOBS),
    ("studio", [(None, "u")], "studio-users", USER_PROFILES),
    ("studio", [(None, "s")], "studio-spaces", SPACES),
]

ALL_QUERIES = sorted(
    {q for _, _, q in CLI_CASES}
    | {q for _, q in PANES if q is not None}
    | {c[-1] for c in CHILDREN}
    | {ENDPOINTS_IN_SERVICE, NOTEBOOKS_IN_SERVICE, SCALING_ACTIVITIES},
    key=lambda q: (q.service, q.command, q.args),
)
