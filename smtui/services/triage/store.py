"""What the triage view remembers across restarts: acknowledged findings and the ones
already announced (so a restart neither re-shows nor re-notifies them).

A JSON file in the user state dir, readable by the user only (0600): ``triage.json``,
or one file per source under ``triage-by-source/`` in a console over several sources.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from smtui.domain.triage import Acks, Finding
from smtui.services import paths


def state_file() -> Path:
    return paths.state_dir() / "triage.json"


def source_state_file(name: str) -> Path:
    """One source's own file in a console over several sources (``name``: the source's
    directory-safe name, smtui.services.sources.cache_name): acknowledgements and what
    was announced are per account and region."""
    return paths.state_dir() / "triage-by-source" / f"{name}.json"


class TriageStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_file()
        self.acks = Acks()
        self.notified: dict[str, str] = {}
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict):
            self.acks.acked = {str(k): str(v) for k, v in (data.get("acks") or {}).items()}
            self.notified = {str(k): str(v) for k, v in (data.get("notified") or {}).items()}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"acks": self.acks.acked, "notified": self.notified}, handle, indent=1)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

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
