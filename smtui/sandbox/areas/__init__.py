"""Simulators of the SageMaker areas an operator touches beside training jobs.

Notebook instances, Studio (domains, user profiles, spaces, apps), Pipelines
(executions whose training steps are real jobs of ``world.training``) and Augmented AI
(flow definitions, human loops). Each area is built once per world with
``world.area(name, factory)``: deterministic from the world's seed, placed relative to
its clock's start, and its state is derived from the clock on every read (no threads).
"""
