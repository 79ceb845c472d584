"""The interview's autosave comes its delay after the *last* key, not the first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from tui.after_quiet import AfterQuiet

DELAY = 0.08


@dataclass
class _Timer:
    due: float
    callback: Callable[[], object]
    stopped: bool = False

    def stop(self) -> None:
        self.stopped = True


@dataclass
class _Loop:
    """Timers and a clock that move only when the test says so."""

    now: float = 0.0
    timers: list[_Timer] = field(default_factory=list)
    made: int = 0

    def set_timer(self, delay: float, callback: Callable[[], object]) -> _Timer:
        self.made += 1
        timer = _Timer(self.now + delay, callback)
        self.timers.append(timer)
        return timer

    def run_until(self, moment: float) -> None:
        while due := sorted(
            (t for t in self.timers if not t.stopped and t.due <= moment), key=lambda t: t.due
        ):
            timer = due[0]
            self.timers.remove(timer)
            self.now = timer.due
            timer.callback()
        self.now = moment


def _saver(loop: _Loop) -> tuple[AfterQuiet, list[float]]:
    saved: list[float] = []
    return AfterQuiet(loop, DELAY, lambda: saved.append(loop.now), now=lambda: loop.now), saved


def test_the_save_comes_its_delay_after_the_last_key_of_a_burst() -> None:
    loop = _Loop()
    quiet, saved = _saver(loop)
    for moment in (0.0, 0.03, 0.06):  # a word typed quickly
        loop.run_until(moment)
        quiet.poke()
    loop.run_until(0.139)
    assert saved == []
    loop.run_until(1.0)
    assert saved == [pytest.approx(0.06 + DELAY)]


def test_steady_typing_saves_once_it_stops_and_uses_few_timers() -> None:
    loop = _Loop()
    quiet, saved = _saver(loop)
    keys = [n * 0.01 for n in range(100)]  # a key every 0.01 s for a second
    for moment in keys:
        loop.run_until(moment)
        quiet.poke()
    loop.run_until(5.0)
    assert saved == [pytest.approx(keys[-1] + DELAY)]
    assert loop.made <= 20, "about one timer per quiet time (1 s / 0.08 s), not one per key (100)"
    assert not quiet.pending


def test_each_pause_saves_and_a_cancelled_save_never_comes() -> None:
    loop = _Loop()
    quiet, saved = _saver(loop)
    quiet.poke()
    loop.run_until(0.5)
    quiet.poke()
    loop.run_until(1.0)
    assert saved == pytest.approx([DELAY, 0.5 + DELAY])
    quiet.poke()
    quiet.cancel()
    loop.run_until(2.0)
    assert saved == pytest.approx([DELAY, 0.5 + DELAY])
    assert not quiet.pending
