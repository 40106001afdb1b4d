"""Replace a file atomically: a uniquely named temporary file in the same directory, then
``os.replace``. Two writers (two consoles, two threads) never share a temporary file,
and a crash leaves the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_private(path: Path, text: str, *, durable: bool = False) -> None:
    """Write ``text`` to ``path`` (0600, directory 0700) atomically; ``durable`` also
    fsyncs before the replace (state worth a disk flush, not caches)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp: 0600 already
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
