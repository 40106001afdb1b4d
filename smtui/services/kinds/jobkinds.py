"""The other job kinds, in the order the `:` line and help list them."""

from smtui.services.kinds.automl_jobs import AUTOML_JOBS
from smtui.services.kinds.compilation_jobs import COMPILATION_JOBS
from smtui.services.kinds.labeling_jobs import LABELING_JOBS
from smtui.services.kinds.processing_jobs import PROCESSING_JOBS
from smtui.services.kinds.transform_jobs import TRANSFORM_JOBS
from smtui.services.kinds.tuning_jobs import TUNING_JOBS
from smtui.services.kinds.tuning_training_jobs import TUNING_TRAINING_JOBS

OTHER_JOB_KINDS = (
    PROCESSING_JOBS,
    TRANSFORM_JOBS,
    TUNING_JOBS,
    TUNING_TRAINING_JOBS,
    AUTOML_JOBS,
    LABELING_JOBS,
    COMPILATION_JOBS,
)
