"""Starting an app in its own process and terminal, as a user does, and timing it.

The child (:mod:`benchmarks.first_paint`) gets a pseudo-terminal of 120×40 as
its stdin, stdout and stderr, so Textual runs its real Linux driver and writes
every frame to a terminal, which this process reads and throws away. The
child's marks come back on a separate pipe, in ``time.monotonic()``, the clock
every process shares; the parent reads the same clock just before it spawns
the child, so "process start" includes starting Python itself.

The child's peak resident memory is the kernel's own high-water mark for it
(``VmHWM``, which the child reads just before it exits), whatever it allocated
and freed on the way.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from benchmarks.dataset import PROJECT_ROOT, BenchDatabase

COLUMNS, ROWS = 120, 40
START_TIMEOUT = 120.0
"""Seconds a start may take before it is called a crash."""

AppKind = Literal["real", "bare"]


@dataclass(frozen=True)
class AppRun:
    """One start of one app: seconds from spawning, rows shown, peak memory."""

    kind: AppKind
    imported: float
    framed: float
    """The reception screen's first paint: for the bare app its only one."""
    painted: float
    rows: int
    peak_rss_mb: float


class AppStartFailed(RuntimeError):
    """The app did not paint its screen; the message carries the end of its output."""


def app_environment(home: Path, bytecode: Path) -> dict[str, str]:
    """The user's environment without Rinnalla's or Textual's settings in it.

    The configuration folder is an empty one, so a ``config.toml`` of the
    person running the benchmarks does not change what is measured.

    Compiled bytecode is kept (under ``bytecode``, not beside the sources) even
    when ``PYTHONDONTWRITEBYTECODE`` is set: an installed app starts from
    compiled files, and without them every start would compile the project's
    modules again while Textual's come precompiled from the wheel, an
    unfairness of about half a second. The warm-up start fills the cache.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RINNALLA_", "TEXTUAL", "PYTHONDONTWRITEBYTECODE"))
    }
    environment.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        COLUMNS=str(COLUMNS),
        LINES=str(ROWS),
        PYTHONPYCACHEPREFIX=str(bytecode),
    )
    return environment


def _drain(master: int, tail: bytearray) -> None:
    """Read the terminal until the child closes it, keeping the last bytes for errors."""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            return
        if not chunk:
            return
        tail.extend(chunk)
        del tail[:-8192]


def run_app(
    kind: AppKind,
    database: BenchDatabase | None = None,
    *,
    worker: str = "",
    location: str = "",
    linger: float = 0.0,
    bytecode: Path,
) -> AppRun:
    """Start the app in a fresh process; return when it has painted and exited."""
    command = [sys.executable, "-m", "benchmarks.first_paint", kind]
    if kind == "real":
        if database is None:
            raise ValueError("the real app needs a database")
        command += ["--db", database.url, "--as", worker, "--location", location]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    read_end, write_end = os.pipe()
    command += ["--report-fd", str(write_end), "--linger", str(linger)]
    tail = bytearray()
    marks: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="rinnalla-bench-home-") as home:
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            pass_fds=(write_end,),
            cwd=PROJECT_ROOT,
            env=app_environment(Path(home), bytecode),
            start_new_session=True,
        )
        os.close(slave)
        os.close(write_end)
        drainer = threading.Thread(target=_drain, args=(master, tail), daemon=True)
        drainer.start()
        try:
            _read_marks(read_end, marks, deadline=started + START_TIMEOUT)
        finally:
            if "done" not in marks:
                _kill(process)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            os.close(read_end)
            drainer.join(timeout=5)
            os.close(master)
    if "painted" not in marks:
        screen = tail.decode("utf-8", errors="replace")[-3000:]
        raise AppStartFailed(
            f"the {kind} app exited ({process.returncode}) without painting; "
            f"the end of its terminal output:\n{screen}"
        )
    return AppRun(
        kind=kind,
        imported=float(marks["imported"][0]) - started,
        framed=float(marks.get("framed", marks["painted"])[0]) - started,
        painted=float(marks["painted"][0]) - started,
        rows=int(marks["painted"][1]),
        peak_rss_mb=_peak_kib(marks, usage.ru_maxrss) * 1024 / 1e6,
    )


def _peak_kib(marks: dict[str, list[str]], ru_maxrss: int) -> int:
    """The child's own high-water mark (see ``first_paint._peak_rss_kib``).

    ``ru_maxrss`` is only the fallback where ``/proc`` is missing: it survives
    ``exec``, so it can be the parent's size at the fork rather than the app's.
    """
    done = marks.get("done", [])
    reported = int(done[1]) if len(done) > 1 else 0
    return reported or ru_maxrss


def _read_marks(fd: int, marks: dict[str, list[str]], *, deadline: float) -> None:
    """Collect ``name value...`` lines until ``done``, the pipe closes, or time runs out."""
    buffer = b""
    while "done" not in marks:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return
        chunk = os.read(fd, 4096)
        if not chunk:
            return
        buffer += chunk
        *lines, rest = buffer.split(b"\n")
        buffer = rest
        for line in lines:
            name, *values = line.decode().split()
            marks[name] = values


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End the child (a session of its own, started here) and anything it started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


_warmed: set[tuple[str, Path]] = set()


def warm_up(database: BenchDatabase, *, worker: str, location: str) -> None:
    """One untimed start of each app per database: compiles the bytecode, fills the
    operating system's file cache, migrates nothing twice. Done once per run."""
    key = (database.url, database.bytecode_dir)
    if key in _warmed:
        return
    run_app("bare", bytecode=database.bytecode_dir)
    run_app("real", database, worker=worker, location=location, bytecode=database.bytecode_dir)
    _warmed.add(key)
