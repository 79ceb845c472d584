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

The same test runs on SQLite and, with ``RINNALLA_TEST_POSTGRES_URL``, on
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
from storage.audit_log import verify_chain
from storage.engine import build_engine, build_session_factory
from tests.durability_driver import LOCATION, name_for

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
