"""What the triage view remembers across restarts: acknowledged findings and the ones
already announced (so a restart neither re-shows nor re-notifies them).

A JSON file in the user state dir, readable by the user only (0600): ``triage.json``,
or one file per source under ``triage-by-source/`` in a console over several sources.
Each save keeps the previous good state in ``triage.json.bak``; a file that cannot be
read is restored from it, the unreadable one kept as ``triage.json.corrupt``, and
:attr:`TriageStore.warning` says so (the :triage summary and ``smtui triage`` show it).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from smtui.domain.triage import Acks, Finding
from smtui.services import paths
from smtui.services.atomic import write_private


def state_file() -> Path:
    return paths.state_dir() / "triage.json"


def source_state_file(name: str) -> Path:
    """One source's own file in a console over several sources (``name``: the source's
    directory-safe name, smtui.services.sources.cache_name): acknowledgements and what
    was announced are per account and region."""
    return paths.state_dir() / "triage-by-source" / f"{name}.json"


def backup_file(path: Path) -> Path:
    """The previous good state, written before each save replaces the file."""
    return path.with_name(path.name + ".bak")


def _read(path: Path) -> tuple[dict[str, Any] | None, str]:
    """(the state, "") or (None, why it cannot be used); a missing file is (None, "")."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None, ""
    except (OSError, ValueError) as exc:
        return None, str(exc)
    try:
        data = json.loads(text)
    except ValueError as exc:
        return None, f"not JSON: {exc}"
    if not isinstance(data, dict):
        return None, "not a JSON object"
    return data, ""


class TriageStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_file()
        self.acks = Acks()
        self.notified: dict[str, str] = {}
        self.warning = ""
        """Set when the file could not be used: what was restored, what was lost."""
        self._load()

    def _load(self) -> None:
        data, problem = _read(self.path)
        if problem:
            data = self._recover(problem)
        if data is not None:
            self.acks.acked = {str(k): str(v) for k, v in (data.get("acks") or {}).items()}
            self.notified = {str(k): str(v) for k, v in (data.get("notified") or {}).items()}
        if problem:
            with contextlib.suppress(OSError):
                self.save()  # the restored (or empty) state replaces the unreadable file

    def _recover(self, problem: str) -> dict[str, Any] | None:
        """The backup's state after the file could not be read; the unreadable file is
        kept aside for inspection, and :attr:`warning` says what happened."""
        kept = self.path.with_name(self.path.name + ".corrupt")
        with contextlib.suppress(OSError):
            os.replace(self.path, kept)
        backup = backup_file(self.path)
        data, backup_problem = _read(backup)
        name = self.path.name
        if data is not None:
            count = len(data.get("acks") or {})
            self.warning = (
                f"{name} could not be read ({problem}): restored {count} acknowledgement(s) "
                f"from {backup.name}; the unreadable file is kept as {kept.name}"
            )
        else:
            why = backup_problem or "there is none"
            self.warning = (
                f"{name} could not be read ({problem}) and its backup neither ({why}): "
                f"acknowledgements start empty; the unreadable file is kept as {kept.name}"
            )
        return data

    def save(self) -> None:
        """Replace the file atomically (a unique temporary file); the current good state
        goes to the backup first, so a torn or corrupted file loses nothing."""
        current, problem = _read(self.path)
        if current is not None and not problem:
            write_private(backup_file(self.path), json.dumps(current, indent=1), durable=True)
        state = {"acks": self.acks.acked, "notified": self.notified}
        write_private(self.path, json.dumps(state, indent=1), durable=True)

    def acknowledge(self, findings: list[Finding]) -> None:
        for f in findings:
            self.acks.acknowledge(f)
        self.save()

    def fresh(self, findings: list[Finding]) -> list[Finding]:
        """Findings not announced before in this state (new, or changed); marks them."""
        new = [f for f in findings if self.notified.get(f.id) != f.fingerprint]
        for f in new:
            self.notified[f.id] = f.fingerprint
        return new

    def prune(self, findings: list[Finding]) -> None:
        """Forget what was acknowledged or announced about findings that are gone."""
        self.acks.prune(findings)
        current = {f.id for f in findings}
        self.notified = {k: v for k, v in self.notified.items() if k in current}
