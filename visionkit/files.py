"""Writing a file so that no reader ever sees it half-written.

The data goes to a temporary file beside the target, which then takes the
target's name in one rename: an interrupted build, a full disk or a worker
killed mid-write leaves the old file (or none), never a truncated one.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
