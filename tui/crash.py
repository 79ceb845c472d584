"""Unexpected errors: a calm message, and a report that carries no personal data.

Textual's default prints a traceback with the local variables of every frame
and the exception's message; in Rinnalla those hold names, identity codes and
interview notes (a database error's message even quotes the SQL parameters).
So the report here keeps only what a developer needs to find the place: the
exception's class, and for each frame the file, the line number and the
function. Never ``str(error)``, never locals, never the arguments, not even the
source line (code may be fine, but the rule "code locations only" is easier to
check than "code that happens to be harmless").

The report is written to the user's log folder with mode 0600, in a folder
created 0700, because even without values it tells when someone used the app.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path

import platformdirs
from rich.text import Text
from textual.worker import WorkerFailed

from domain.i18n import tr

# How deep a chain of causes (or an exception group) the report follows.
_MAX_EXCEPTIONS = 20


def crash_log_dir() -> Path:
    """Where crash reports go: the platform's log folder for Rinnalla."""
    return Path(platformdirs.user_log_dir("rinnalla", appauthor=False))


def _type_name(error: BaseException) -> str:
    kind = type(error)
    module = kind.__module__
    return (
        kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"
    )


def _path_roots(roots: Iterable[str] | None) -> list[str]:
    """Import roots, longest first, so a file is named relative to the closest one."""
    entries = sys.path if roots is None else roots
    absolute = {os.path.abspath(entry or os.curdir) for entry in entries}
    # The file-system root would turn every path into a full one, user name included.
    return sorted(
        (root for root in absolute if os.path.dirname(root) != root), key=len, reverse=True
    )


def _short_file_name(filename: str, roots: Sequence[str]) -> str:
    """A file as ``package/module.py``: an absolute path names the user's home folder.

    A user name can be a person's name, so a file outside every import root is
    shown by its base name only; ``<frozen ...>`` style names are kept as they are.
    """
    if filename.startswith("<"):
        return filename
    absolute = os.path.abspath(filename)
    for root in roots:
        prefix = root.rstrip(os.sep) + os.sep
        if absolute.startswith(prefix):
            return absolute[len(prefix) :].replace(os.sep, "/")
    return os.path.basename(absolute)


def _frames(error: BaseException, roots: Sequence[str]) -> list[str]:
    lines = []
    for frame, line_number in traceback.walk_tb(error.__traceback__):
        code = frame.f_code
        file_name = _short_file_name(code.co_filename, roots)
        lines.append(f'  File "{file_name}", line {line_number}, in {code.co_qualname}')
    return lines


def _related(error: BaseException) -> list[tuple[str, BaseException]]:
    """The exceptions that explain ``error``: what it wraps, caused or interrupted."""
    related: list[tuple[str, BaseException]] = []
    if isinstance(error, WorkerFailed):
        related.append(("Raised in the worker", error.error))
    if isinstance(error, BaseExceptionGroup):
        for number, member in enumerate(error.exceptions, start=1):
            related.append((f"Member {number} of the group", member))
    if error.__cause__ is not None:
        related.append(("Caused by", error.__cause__))
    elif error.__context__ is not None and not error.__suppress_context__:
        related.append(("While handling", error.__context__))
    return related


def crash_report(error: BaseException, *, roots: Iterable[str] | None = None) -> str:
    """The code locations of an unhandled error, with no values in it.

    For the error and each exception it wraps, was caused by or interrupted:
    the class name and the frames (file relative to its import root, line,
    function). ``roots`` defaults to ``sys.path``.
    """
    root_list = _path_roots(roots)
    lines: list[str] = []
    pending: list[tuple[str, BaseException]] = [("Exception", error)]
    seen: set[int] = set()
    while pending and len(seen) < _MAX_EXCEPTIONS:
        heading, current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if lines:
            lines.append("")
        lines.append(f"{heading}: {_type_name(current)}")
        frames = _frames(current, root_list)
        lines.extend(frames if frames else ["  (no frames)"])
        pending.extend(_related(current))
    if pending:
        lines.extend(["", "(further exceptions left out)"])
    return "\n".join(lines) + "\n"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def report_header(now: dt.datetime) -> str:
    """When and with what: enough to match a report to a release, nothing about users."""
    return (
        "Rinnalla crash report (no field values, messages or local variables)\n"
        f"Time (UTC): {now.astimezone(dt.UTC).isoformat(timespec='seconds')}\n"
        f"Rinnalla {_version('rinnalla')}, Textual {_version('textual')}, "
        f"Python {sys.version.split()[0]}, {sys.platform}\n\n"
    )


def write_crash_report(
    error: BaseException, *, directory: Path | None = None, now: dt.datetime | None = None
) -> Path:
    """Write the report for ``error`` to a new owner-only file; returns its path.

    ``O_EXCL`` makes sure an existing file (or a planted link) is never
    written through; a second crash in the same second gets a numbered name.
    """
    folder = directory if directory is not None else crash_log_dir()
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    content = (report_header(moment) + crash_report(error)).encode("utf-8")
    stem = f"crash-{moment.astimezone(dt.UTC):%Y%m%d-%H%M%S}-{os.getpid()}"
    for attempt in range(100):
        path = folder / (f"{stem}.txt" if attempt == 0 else f"{stem}-{attempt}.txt")
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)
            handle.write(content)
        return path
    raise FileExistsError(folder / f"{stem}.txt")


def report_crash(
    error: BaseException,
    save_drafts: Callable[[], bool],
    *,
    directory: Path | None = None,
) -> Text:
    """Save what can be saved, write the report and return the calm message to show.

    ``save_drafts`` returns whether every open draft was saved; it is called
    first, since a draft matters more to the worker than the report does. If it
    fails itself, the message says so rather than promising saved drafts. If no
    report file can be written, the report itself (free of personal data) is
    shown instead, so that it can still be passed on.

    The message is a :class:`~rich.text.Text`, never markup: a path may contain
    square brackets.
    """
    try:
        saved = save_drafts()
    except Exception:  # noqa: BLE001 - already crashing; the message tells the worker
        saved = False
    try:
        path: str = str(write_crash_report(error, directory=directory))
    except OSError:
        path = ""
    message = (
        tr("crash.message", path=path or "-")
        if saved
        else tr("crash.message_unsaved", path=path or "-")
    )
    if not path:
        message += "\n" + tr("crash.no_report_file") + "\n\n" + crash_report(error)
    return Text(message)
