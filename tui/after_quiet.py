"""A callback that runs once the keys have been quiet for a moment (the interview's autosave).

Textual's ``Timer.reset()`` does not move a sleeping timer's deadline: the timer
wakes at its first deadline, sees the reset and only then waits its whole
interval again. A draft meant to be saved 0.08 s after the last key was saved
0.16–0.2 s after it, and a terminal killed 0.2 s after a word could lose it.
Here each key only notes its time, and the one timer, when it wakes early,
sleeps the rest of the quiet time: the callback runs ``delay`` after the last
key, with one timer per ``delay`` of steady typing instead of one per key.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol


class _Timer(Protocol):
    def stop(self) -> None: ...


class _TimerOwner(Protocol):
    def set_timer(self, delay: float, callback: Callable[[], object]) -> _Timer: ...


class AfterQuiet:
    """Run ``callback`` once no :meth:`poke` came for ``delay`` seconds."""

    def __init__(
        self,
        owner: _TimerOwner,
        delay: float,
        callback: Callable[[], object],
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._owner = owner
        self._delay = delay
        self._callback = callback
        self._now = now
        self._last = 0.0
        self._timer: _Timer | None = None

    @property
    def pending(self) -> bool:
        """A callback is still to come."""
        return self._timer is not None

    def poke(self) -> None:
        """A key: the callback comes ``delay`` after this one, unless another follows."""
        self._last = self._now()
        if self._timer is None:
            self._timer = self._owner.set_timer(self._delay, self._wake)

    def cancel(self) -> None:
        """No callback: what it would do has been done another way (or is not wanted)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _wake(self) -> None:
        left = self._last + self._delay - self._now()
        if left > 0:
            self._timer = self._owner.set_timer(left, self._wake)
            return
        self._timer = None
        self._callback()
