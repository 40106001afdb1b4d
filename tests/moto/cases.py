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
]

ALL_QUERIES = sorted(
    {q for _, _, q in CLI_CASES}
    | {
        TRAINING,
        ENDPOINTS_IN_SERVICE,
        NOTEBOOKS_IN_SERVICE,
        ALL_TRIAL_COMPONENTS,
        DOMAINS,
        INFERENCE_COMPONENTS,
        SCALABLE_TARGETS,
        SCALING_ACTIVITIES,
    },
    key=lambda q: (q.service, q.command, q.args),
)
