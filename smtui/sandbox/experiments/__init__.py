"""SageMaker Experiments in the sandbox: experiments, trials and trial components whose
components point at the training simulator's real jobs (see :mod:`.fleet`)."""

from .area import ExperimentsArea, NotFoundError, experiments_area

__all__ = ["ExperimentsArea", "NotFoundError", "experiments_area"]
