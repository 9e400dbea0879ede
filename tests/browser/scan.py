"""Where a canary string could have been kept on disk: files modified since a moment, read whole."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Directories not worth descending: caches of installed packages, never written by the app.
SKIP_DIRS = {"/proc", "/sys", "/dev"}
MAX_BYTES = 64 * 1024 * 1024


def roots(project: Path) -> list[Path]:
    out = []
    for root in (project, Path.home(), Path(tempfile.gettempdir())):
        root = root.resolve()
        if root.exists() and not any(root == o or root.is_relative_to(o) for o in out):
            out.append(root)
    return out


def files_modified_since(roots: list[Path], since: float, exclude: list[Path] = ()) -> list[Path]:
    """Regular files under `roots` whose mtime or ctime is at or after `since` (epoch seconds)."""
    excluded = [str(p.resolve()) for p in exclude]
    found = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            if dirpath in SKIP_DIRS or any(dirpath == e or dirpath.startswith(e + os.sep) for e in excluded):
                dirnames[:] = []
                continue
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    st = os.lstat(path)
                except OSError:  # vanished meanwhile (another process's temp file)
                    continue
                if not os.path.isfile(path) or os.path.islink(path):
                    continue
                if max(st.st_mtime, st.st_ctime) >= since and st.st_size <= MAX_BYTES:
                    found.append(Path(path))
    return found


def containing(paths: list[Path], needles: list[bytes]) -> dict[Path, list[bytes]]:
    """Files holding any needle (raw bytes, also as UTF-16 for files that store text that way)."""
    forms = {n: (n, n.decode("utf-8").encode("utf-16-le")) for n in needles}
    hits: dict[Path, list[bytes]] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        got = [n for n, variants in forms.items() if any(v in data for v in variants)]
        if got:
            hits[path] = got
    return hits
