"""A lock the xdist workers of one run share, for a test that must run alone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class MachineLock:
    """A readers-writer lock all the xdist workers of one run share, on two files in the
    run's temporary folder (each worker's base folder is inside it).

    Every test holds it shared; a test marked ``quiet_machine`` holds it alone
    (tests/conftest.py). A worker
    that wants it alone first takes the gate, so that no new test starts while it waits
    for the running ones to end (``flock`` by itself would let the other workers take
    turns with their shared holds and keep it waiting for ever). Without ``fcntl``
    (Windows), no lock.
    """

    def __init__(self, folder: Path) -> None:
        import fcntl

        self._fcntl = fcntl
        self._gate = (folder / "quiet-machine.gate").open("a")
        self._lock = (folder / "quiet-machine.lock").open("a")

    @contextmanager
    def held(self, alone: bool) -> Iterator[None]:
        flock = self._fcntl.flock
        if alone:
            flock(self._gate, self._fcntl.LOCK_EX)
            flock(self._lock, self._fcntl.LOCK_EX)
        else:
            flock(self._gate, self._fcntl.LOCK_SH)
            flock(self._lock, self._fcntl.LOCK_SH)
            flock(self._gate, self._fcntl.LOCK_UN)
        try:
            yield
        finally:
            flock(self._lock, self._fcntl.LOCK_UN)
            if alone:
                flock(self._gate, self._fcntl.LOCK_UN)
