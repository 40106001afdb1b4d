"""Frozen dataclasses and pure functions: no I/O, no boto3, no textual."""
