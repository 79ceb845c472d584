"""Files that name clients or workers are created readable by their owner only.

Cards, agendas and reports are handed over on purpose, but a file in a shared
documents folder must not be readable by every account on the machine.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_private(path: Path | str, data: str | bytes, *, make_folder: bool = False) -> None:
    """Write ``data`` to ``path`` with mode 0600.

    ``make_folder`` creates a missing folder: the screens save into the user's
    documents folder, which may not exist yet, while a folder typed on the
    command line that does not exist is more likely a typing mistake.

    The mode given to ``os.open`` applies only to a new file, so an existing
    regular file is narrowed to owner-only too before anything is written into
    it; a device or a pipe keeps its mode.
    Text is written as UTF-8; bytes as they are (an .ics keeps its CRLF line
    ends, a CSV its byte-order mark).
    """
    target = Path(path)
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    # O_BINARY (Windows only): without it the descriptor turns every "\n" into CRLF,
    # doubling an .ics's CR and changing a CSV's bytes.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(target, flags, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        # Only a regular file is ours to narrow: `--output /dev/null` or a named pipe
        # belongs to the system or to whoever reads it (as root, narrowing /dev/null
        # would shut every other account out of it).
        if hasattr(os, "fchmod") and stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            os.fchmod(handle.fileno(), 0o600)
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
