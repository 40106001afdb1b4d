"""triage.json survives corruption (issue 18, audit log): each save keeps the previous
good state in a backup, a corrupted file is restored from it and a warning says so
(the :triage summary and `smtui triage`); temporary files have unique names."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from smtui.domain.triage import Finding
from smtui.services.triage import kind as triage_kind
from smtui.services.triage import monitor as monitors
from smtui.services.triage.store import TriageStore, backup_file

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def finding(n: int) -> Finding:
    return Finding("job-failed", "high", f"training/j{n}", "Err", NOW, "jobs", f"j{n}", f"F|{n}")


def acknowledged(path: Path, count: int) -> TriageStore:
    store = TriageStore(path)
    for n in range(count):
        store.acknowledge([finding(n)])  # one save each, as the console does
    return store


def test_a_corrupted_file_is_restored_from_the_backup_and_said(tmp_path: Path) -> None:
    path = tmp_path / "triage.json"
    acknowledged(path, 4)
    path.write_text('{"acks": {"job-failed:training/j0"')  # torn by a crash
    store = TriageStore(path)
    # the backup is the state before the last save: 3 of the 4 acknowledgements
    assert len(store.acks.acked) == 3
    assert "triage.json could not be read" in store.warning
    assert "restored 3 acknowledgement(s) from triage.json.bak" in store.warning
    assert (tmp_path / "triage.json.corrupt").read_text().startswith('{"acks"')
    assert TriageStore(path).warning == ""  # restored on disk: said once
    assert len(TriageStore(path).acks.acked) == 3


def test_no_backup_says_what_was_lost(tmp_path: Path) -> None:
    path = tmp_path / "triage.json"
    path.write_text("[1, 2")
    store = TriageStore(path)
    assert store.acks.acked == {}
    assert "acknowledgements start empty" in store.warning


def test_a_missing_file_is_a_fresh_start_not_a_warning(tmp_path: Path) -> None:
    store = TriageStore(tmp_path / "triage.json")
    assert store.warning == "" and store.acks.acked == {}


def test_the_warning_reaches_the_triage_summary(tmp_path: Path) -> None:
    path = tmp_path / "triage.json"
    acknowledged(path, 2)
    path.write_text("garbage")
    monitor = monitors.TriageMonitor(monitors.rules.thresholds_from({}), store=TriageStore(path))
    monitors.use_sources([])
    monitors._LATEST[:] = [monitor]
    try:
        line = triage_kind.summary([], NOW)
    finally:
        monitors._LATEST[:] = []
    assert "restored 1 acknowledgement(s) from triage.json.bak" in line


def test_concurrent_saves_use_their_own_temporary_files(tmp_path: Path) -> None:
    """Two savers (two consoles) used to share triage.tmp: one replaced the other's
    half-written file, or failed on a temp file already moved away."""
    path = tmp_path / "triage.json"
    stores = [TriageStore(path) for _ in range(4)]
    errors: list[BaseException] = []

    def save_many(store: TriageStore, n: int) -> None:
        try:
            for i in range(50):
                store.acknowledge([finding(n * 100 + i)])
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=save_many, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert TriageStore(path).warning == "" and backup_file(path).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["triage.json", "triage.json.bak"]
