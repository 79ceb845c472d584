"""Durability: SIGKILL the app in the middle of a burst of saves, then look at the database.

A receptionist who saw "saved" on the screen must find the visit there after
any crash, and a crash must never leave half a transaction behind. The app
runs in a child process (:mod:`tests.durability_driver`) that registers
walk-ins with key presses and prints ``ACK <reason>`` once the queue on the
screen shows the row. After a burst of acknowledged saves the test asks the
driver (``SIGUSR1``) to hold the next save inside its transaction, right after
the visit's ``INSERT``, and kills the process there with ``SIGKILL``. Then,
with a fresh engine, as the next start would open the database:

- every acknowledged visit is in ``visits`` exactly once, and the save killed
  half-way left nothing: neither its visit nor the client it created;
- no row points at a missing location, staff member or client, and every
  client has its visit (client and visit are written in one transaction);
- SQLite's own integrity and foreign-key checks pass;
- the hash-chained access log verifies, and every acknowledged save's events
  are in it.

The intake interview is held to the same: text typed 0.2 s before a SIGKILL
is in the draft, and SIGTERM or SIGHUP (a closed terminal window, a dropped
SSH connection) save the draft and give the terminal back as it was, in a
real pseudo-terminal with Textual's own driver.

The same tests run on SQLite and, with ``RINNALLA_TEST_POSTGRES_URL``, on
PostgreSQL (the ``database_url`` fixture). POSIX signals only: not on Windows.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import Connection, text

from domain.audit import AccessAction
from domain.clock import SystemClock
from domain.intake import IntakeContent, LifeDomain
from domain.walk_in import WalkInInput
from storage.audit_log import verify_chain
from storage.engine import build_engine, build_session_factory
from tests.durability_driver import ACTOR, LOCATION, LOCATION_NAME, name_for, word_for
from tui.composition import connect
from tui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
WANTED_ACKS = 8
"""Acknowledged saves to collect before the kill; fewer if the time budget runs out."""
MIN_ACKS = 3
"""Fewer than this and the run proves nothing: the test fails instead."""
ACK_BUDGET = 8.0
"""Seconds to collect acknowledgements once the first one arrived (2 CPUs, shared)."""
START_BUDGET = 25.0
"""Seconds for the child to import, migrate-check, open the app and save once."""
STALL_BUDGET = 15.0
"""Seconds for the next save to reach its ``INSERT`` after the signal."""

Child = subprocess.Popen[str]


def _reader(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


@contextmanager
def _driver(
    database_url: str, stderr_path: Path
) -> Iterator[tuple[Child, queue.Queue[str | None]]]:
    """The app in a child process; killed and reaped whatever happens in the test."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with stderr_path.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.durability_driver", database_url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        try:
            assert child.stdout is not None
            lines: queue.Queue[str | None] = queue.Queue()
            threading.Thread(target=_reader, args=(child.stdout, lines), daemon=True).start()
            yield child, lines
        finally:
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=10)
            if child.stdout is not None:
                child.stdout.close()


def _next_line(lines: queue.Queue[str | None], timeout: float, child: Child, log: Path) -> str:
    """The driver's next line; ``queue.Empty`` after ``timeout``, a failure if it died."""
    line = lines.get(timeout=max(0.05, timeout))
    if line is None:
        raise AssertionError(
            f"the driver stopped by itself (status {child.wait()}); "
            f"stderr:\n{log.read_text()[-3000:]}"
        )
    return line


def _saves_until_killed(database_url: str, log: Path) -> tuple[list[str], str, int]:
    """Run the driver, collect ``ACK`` reasons, then SIGKILL it inside a save's transaction.

    Returns the acknowledged reasons, the reason of the save killed half-way,
    and the child's exit status.
    """
    acked: list[str] = []
    with _driver(database_url, log) as (child, lines):
        start = time.monotonic()
        deadline = start + START_BUDGET
        while len(acked) < WANTED_ACKS:
            now = time.monotonic()
            if now > deadline and len(acked) >= MIN_ACKS:
                break
            try:
                kind, _, reason = _next_line(lines, deadline - now, child, log).partition(" ")
            except queue.Empty:
                if len(acked) >= MIN_ACKS:
                    break
                raise AssertionError(
                    f"only {len(acked)} saves acknowledged in {now - start:.0f} s; "
                    f"driver stderr:\n{log.read_text()[-3000:]}"
                ) from None
            if kind == "ACK":
                if not acked:
                    deadline = time.monotonic() + ACK_BUDGET
                acked.append(reason)

        # The next save stops inside its transaction and says so; kill it there.
        os.kill(child.pid, signal.SIGUSR1)
        writing: str | None = None
        deadline = time.monotonic() + STALL_BUDGET
        while writing is None:
            try:
                line = _next_line(lines, deadline - time.monotonic(), child, log)
            except queue.Empty:
                raise AssertionError(
                    f"no save reached its INSERT; driver stderr:\n{log.read_text()[-3000:]}"
                ) from None
            kind, _, reason = line.partition(" ")
            if kind == "ACK":  # a save already past its INSERT when the signal came
                acked.append(reason)
            elif kind == "WRITING":
                writing = reason
        os.kill(child.pid, signal.SIGKILL)
        status = child.wait(timeout=10)
    return acked, writing, status


def _number(reason: str) -> int:
    return int(reason.rsplit(" ", 1)[1])


def _rows(connection: Connection, sql: str, **parameters: object) -> list[tuple[object, ...]]:
    return [tuple(row) for row in connection.execute(text(sql), parameters)]


@pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="needs POSIX signals")
def test_killed_mid_save_loses_no_acknowledged_visit(database_url: str, tmp_path: Path) -> None:
    acked, killed, status = _saves_until_killed(database_url, tmp_path / "driver-stderr.txt")
    assert status == -signal.SIGKILL, "the child ended before the kill"
    assert len(acked) >= MIN_ACKS
    assert killed not in acked

    # A fresh engine, as the next start of the app would open it (SQLite recovers its WAL).
    engine = build_engine(database_url)
    try:
        with engine.connect() as connection:
            counts: dict[str, int] = {
                reason: n
                for reason, n in connection.execute(
                    text("SELECT reason, COUNT(*) FROM visits GROUP BY reason")
                )
            }
            missing = [reason for reason in acked if counts.get(reason, 0) == 0]
            assert not missing, f"acknowledged on screen but not saved: {missing}"
            twice = {reason: n for reason, n in counts.items() if n != 1}
            assert not twice, f"saved more than once: {twice}"
            # The save killed before its commit left nothing; nothing else is there.
            assert set(counts) == set(acked), f"not acknowledged: {set(counts) - set(acked)}"
            assert not _rows(
                connection,
                "SELECT id FROM clients WHERE name = :name",
                name=name_for(_number(killed)),
            ), "the killed save's client survived without its visit"

            # No half-written rows: nothing points at a row that is not there.
            assert not _rows(
                connection,
                "SELECT v.id FROM visits v LEFT JOIN locations l ON l.id = v.location_id "
                "LEFT JOIN staff s ON s.id = v.registered_by "
                "LEFT JOIN clients c ON c.id = v.client_id "
                "WHERE l.id IS NULL OR s.id IS NULL OR (v.client_id IS NOT NULL AND c.id IS NULL)",
            )
            assert not _rows(
                connection,
                "SELECT a.id FROM access_log a LEFT JOIN clients c ON c.id = a.client_id "
                "LEFT JOIN staff s ON s.id = a.actor_id WHERE c.id IS NULL OR s.id IS NULL",
            )
            # A save writes its client and its visit in one transaction: both or neither.
            by_client = _rows(
                connection,
                "SELECT c.name, v.reason FROM clients c LEFT JOIN visits v ON v.client_id = c.id",
            )
            assert len(by_client) == len(counts), by_client
            for name, reason in by_client:
                assert reason is not None, f"client {name!r} saved without the visit"
                assert name == name_for(_number(str(reason))), (name, reason)
            locations = _rows(connection, "SELECT code FROM locations")
            assert locations == [(LOCATION,)]

            if engine.dialect.name == "sqlite":
                assert _rows(connection, "PRAGMA integrity_check") == [("ok",)]
                assert _rows(connection, "PRAGMA foreign_key_check") == []

            # Every acknowledged save logged who created the client and registered it.
            logged = set(
                _rows(
                    connection,
                    "SELECT v.reason, a.action FROM access_log a "
                    "JOIN visits v ON v.client_id = a.client_id",
                )
            )
            for reason in acked:
                for action in (AccessAction.CLIENT_CREATED, AccessAction.VISIT_REGISTERED):
                    assert (reason, action.value) in logged, (reason, action)
            events = connection.execute(text("SELECT COUNT(*) FROM access_log")).scalar_one()

        with build_session_factory(engine)() as session:
            check = verify_chain(session)
        assert check.ok, check.first_bad
        assert check.checked == events
    finally:
        engine.dispose()


# The intake interview: a kill, SIGTERM and SIGHUP -----------------------------------

KILL_AFTER_KEY = 0.2
"""Seconds between the last key and the SIGKILL: that much typing must be saved."""
WORDS_BEFORE_KILL = 3


def _one_walk_in_waiting(database_url: str) -> None:
    """A visitor in the queue of the driver's location, as the desk registered them."""
    from domain.use_cases import reception

    settings = Settings(
        database_url=database_url, staff=ACTOR, location=LOCATION, location_name=LOCATION_NAME
    )
    services = connect(settings, SystemClock())
    reception.register_walk_in(
        services.uow(),
        WalkInInput(name="Kirjoittaja Kaija", reason="Vuokrarästit"),
        actor=services.actor,
        location=services.location,
        clock=services.clock,
    )


def _stored_note(database_url: str) -> str | None:
    """The first note of the one interview draft, as the next start would read it."""
    engine = build_engine(database_url)
    try:
        with engine.connect() as connection:
            drafts = _rows(connection, "SELECT content FROM intake_drafts")
    finally:
        engine.dispose()
    if not drafts:
        return None
    (content,) = drafts
    return IntakeContent.model_validate_json(str(content[0])).entry(LifeDomain.SERVICES).note


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.quiet_machine  # a fixed 0.2 s: no other test beside it (tests/conftest.py)
def test_a_kill_soon_after_the_last_key_loses_no_typed_text(
    database_url: str, tmp_path: Path
) -> None:
    _one_walk_in_waiting(database_url)
    log = tmp_path / "driver-stderr.txt"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    typed: list[str] = []
    with log.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.durability_driver", "--interview", database_url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        try:
            assert child.stdout is not None
            lines: queue.Queue[str | None] = queue.Queue()
            threading.Thread(target=_reader, args=(child.stdout, lines), daemon=True).start()
            while len(typed) < WORDS_BEFORE_KILL:
                kind, _, note = _next_line(lines, START_BUDGET, child, log).partition(" ")
                if kind == "TYPED":
                    typed.append(note)
            # The driver types nothing for half a second after each word: this is the
            # last key's moment plus the pipe's delay, so at least KILL_AFTER_KEY.
            time.sleep(KILL_AFTER_KEY)
            os.kill(child.pid, signal.SIGKILL)
            assert child.wait(timeout=10) == -signal.SIGKILL
        finally:
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
                child.wait(timeout=10)
            if child.stdout is not None:
                child.stdout.close()
    assert typed[-1] == "".join(word_for(n) for n in range(1, WORDS_BEFORE_KILL + 1))
    assert _stored_note(database_url) == typed[-1]


def _set_size(fd: int, columns: int, rows: int) -> None:
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals and terminals")
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, getattr(signal, "SIGHUP", 1)])
def test_sigterm_and_sighup_save_the_draft_and_give_the_terminal_back(
    signal_number: int, database_url: str, tmp_path: Path
) -> None:
    """SIGTERM at once after the last key: the draft holds it, the terminal is restored."""
    import pty
    import select
    import termios

    _one_walk_in_waiting(database_url)
    master, slave = pty.openpty()
    _set_size(slave, 120, 40)
    before = termios.tcgetattr(slave)
    status_read, status_write = os.pipe()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["TERM"] = "xterm-256color"
    env["RINNALLA_DRIVER_STATUS_FD"] = str(status_write)
    log = tmp_path / "driver-stderr.txt"
    screen = bytearray()
    text = "Kesken jäänyt lause"

    def drain(seconds: float) -> None:
        """Read what the app drew, so that its writes never block."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([master], [], [], min(left, 0.05))
            if ready:
                try:
                    screen.extend(os.read(master, 65536))
                except OSError:
                    return

    with log.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.durability_driver", "--terminal", database_url],
            cwd=ROOT,
            env=env,
            # Textual draws on standard error; the log keeps only what the driver says.
            stdin=slave,
            stdout=stderr,
            stderr=slave,
            pass_fds=(status_write,),
            start_new_session=True,
        )
        os.close(status_write)
        status = os.fdopen(status_read, "r", encoding="utf-8")
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_reader, args=(status, lines), daemon=True).start()

        def wait_for(wanted: str) -> None:
            deadline = time.monotonic() + START_BUDGET
            while True:
                drain(0)
                try:
                    line = lines.get(timeout=0.02)
                except queue.Empty:
                    if time.monotonic() > deadline:
                        raise AssertionError(
                            f"no {wanted!r}; driver stderr:\n{log.read_text()[-3000:]}"
                        ) from None
                    continue
                if line is None:
                    raise AssertionError(f"the driver ended; stderr:\n{log.read_text()[-3000:]}")
                if line == wanted:
                    return

        try:
            wait_for("READY")
            os.write(master, b"c")  # call the visitor in: the interview opens
            wait_for("INTERVIEW")
            os.write(master, b"\t")
            wait_for("VALUE ")
            os.write(master, text.encode())
            wait_for(f"VALUE {text}")
            mark = len(screen)
            os.kill(child.pid, signal_number)  # at once: no autosave has run yet
            deadline = time.monotonic() + 20
            while child.poll() is None and time.monotonic() < deadline:
                drain(0.05)
            drain(0.2)
            assert child.poll() == 128 + signal_number, log.read_text()[-3000:]
            after = termios.tcgetattr(slave)
        finally:
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
                child.wait(timeout=10)
            os.close(master)
    os.close(slave)
    assert _stored_note(database_url) == text
    # Textual's exit: the alternate screen left, the cursor shown, the modes as before.
    tail = bytes(screen[mark:])
    assert b"\x1b[?1049l" in tail
    assert b"\x1b[?25h" in tail
    assert after[3] == before[3], "local modes (echo, canonical input) not restored"
