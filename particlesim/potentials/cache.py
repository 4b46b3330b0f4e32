"""Tables of a potential kept on disk beside the kernel cache (deflection tables here, transport
tables in analysis.theory.potentials): a file named by a hash of the code that computes it and of
its inputs, written whole and then renamed, so a reader never sees half a file."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..numba_config import CACHE_ROOT


def cache_path(folder: str, source: bytes, key: bytes, suffix: str) -> Path | None:
    """CACHE_ROOT/folder/<hash of source and key><suffix>; None where nothing can be cached."""
    if not CACHE_ROOT:
        return None
    h = hashlib.sha256(source)
    h.update(key)
    where = Path(CACHE_ROOT) / folder
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return where / f"{h.hexdigest()[:24]}{suffix}"


def write_whole(path: Path, write) -> None:
    """write(file) into a temporary file beside path, then rename it to path."""
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        write(f)
    os.replace(tmp, path)
