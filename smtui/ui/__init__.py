"""Textual only: the app, screens, widgets and styles. Never imports boto3."""
