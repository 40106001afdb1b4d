"""Refresh engine, caches, action guard, settings: no textual, no boto3."""
