"""How the commands hand over what they made: an export to a file or to stdout, a table."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence

from domain import formats
from domain.i18n import tr
from domain.system_text import os_reason
from tui.private_files import write_private


def deliver(output: str | None, data: str | bytes, *, failed: str, written: str) -> int:
    """Print an export, or write it owner-only to ``output`` and say so; the exit code.

    Every export (card, agenda, minutes, report) ends here, so each is printed
    and written the same way. Text goes to stdout as text; bytes (a CSV's
    byte-order mark, an .ics's CRLF) as they are. ``failed`` and ``written``
    are the messages' keys.
    """
    if output is None:
        if isinstance(data, str):
            sys.stdout.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return 0
    try:
        write_private(output, data)
    except OSError as error:
        print(tr(failed, path=output, reason=os_reason(error)), file=sys.stderr)
        return 1
    print(tr(written, path=output))
    return 0


def local_time(at: dt.datetime) -> str:
    """An event's time as the listings show it: Helsinki time, in the worker's locale
    (``24.11.2026 12.05``)."""
    return formats.date_time(at)


def print_table(
    header: tuple[str, ...] | None, rows: Sequence[tuple[str, ...]], indent: str = ""
) -> None:
    """Columns padded to their widest cell; the last one, often long, is not padded.

    The widths are measured, not fixed: a role or a heading is longer in one
    language than in another ("Ansvarig för tjänsten").
    """
    lines = [*rows] if header is None else [header, *rows]
    if not lines:
        return
    last = len(lines[0]) - 1
    widths = [max(len(row[column]) for row in lines) for column in range(last)]
    for row in lines:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print(indent + "  ".join([*cells, row[last]]).rstrip())
