"""What the command-line commands share: reading a named file or stdin ("-"), and the exit
codes. Its own module so a command defined elsewhere (compare, fhir, sheetcode) needs nothing
from assessment/cli.py, which imports those commands."""
from __future__ import annotations

import sys
from pathlib import Path

from .errors import DataError

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def read_input(name: str) -> tuple[bytes, str]:
    """The bytes of file `name` ("-": stdin) and the name to show in messages (Q100 if absent)."""
    if name == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    try:
        return Path(name).read_bytes(), name
    except OSError as exc:
        raise DataError("Q100", context={"path": f"{name} ({exc.strerror})"}) from None
