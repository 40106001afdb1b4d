"""smtui: a keyboard-driven terminal console for Amazon SageMaker."""

__version__ = "0.1.0"
