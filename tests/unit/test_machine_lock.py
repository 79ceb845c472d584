"""The lock that keeps a ``quiet_machine`` test alone: it must exclude, and it must not starve.

Each ``MachineLock`` opens the files anew, as each xdist worker does, so these
threads contend exactly as workers would (``flock`` locks belong to the open file).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.machine_lock import MachineLock

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock: POSIX only")

WAIT = 0.3
"""Long enough for a thread that could take the lock to have taken it."""


def _hold(lock: MachineLock, alone: bool, entered: threading.Event, leave: threading.Event) -> None:
    with lock.held(alone=alone):
        entered.set()
        leave.wait(10)


def _start(folder: Path, alone: bool) -> tuple[threading.Event, threading.Event, threading.Thread]:
    entered, leave = threading.Event(), threading.Event()
    thread = threading.Thread(target=_hold, args=(MachineLock(folder), alone, entered, leave))
    thread.start()
    return entered, leave, thread


def test_tests_share_it_but_one_that_needs_quiet_waits_for_them_all(tmp_path: Path) -> None:
    first, leave_first, t1 = _start(tmp_path, alone=False)
    second, leave_second, t2 = _start(tmp_path, alone=False)
    assert first.wait(5) and second.wait(5), "two ordinary tests run side by side"

    quiet, leave_quiet, t3 = _start(tmp_path, alone=True)
    assert not quiet.wait(WAIT)
    leave_first.set()
    assert not quiet.wait(WAIT), "one test still runs"
    leave_second.set()
    assert quiet.wait(5)
    leave_quiet.set()
    for thread in (t1, t2, t3):
        thread.join(5)


def test_no_test_starts_while_one_that_needs_quiet_waits(tmp_path: Path) -> None:
    running, leave_running, t1 = _start(tmp_path, alone=False)
    assert running.wait(5)
    quiet, leave_quiet, t2 = _start(tmp_path, alone=True)
    assert not quiet.wait(WAIT)

    later, leave_later, t3 = _start(tmp_path, alone=False)
    assert not later.wait(WAIT), "a new test started ahead of the waiting quiet one"
    leave_running.set()
    assert quiet.wait(5)
    assert not later.wait(WAIT), "a test ran beside the quiet one"
    leave_quiet.set()
    assert later.wait(5)
    leave_later.set()
    for thread in (t1, t2, t3):
        thread.join(5)
