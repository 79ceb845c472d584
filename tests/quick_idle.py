"""Pilot's "wait until the app is idle", checked every 5 ms instead of every 20 ms.

Textual's ``Pilot.pause()`` and every key ``Pilot.press()`` sends wait with
``textual._wait.wait_for_idle``, which sleeps in windows of 1/50 s until one
shows the process (nearly) without work. The app is usually idle within a few
milliseconds of a key, so most of a screen test's time went into those windows:
two screen test files took 126 s alone, 87 s with 5 ms windows, for the same
processor time (the idle test itself, under 1 ms of work in a window, is
unchanged). The tests that need the app to have finished something wait for it
explicitly (workers done, a row shown), as they always did.

The walks through every screen keep Textual's own window (:data:`TEXTUAL_WINDOW`):
the language walks in their processes, and the screen pictures through
:func:`textual_window`. A walk counts quiet rounds of Pilot's idle check before
it reads a screen, and with 5 ms rounds on a busy machine the picker of the
directory was sometimes pictured at 120×40 before its layout after the resize
(6 runs at once: 5 in 18 pictures differed; with 20 ms windows, 0 in 12).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import textual._wait

WINDOW = 0.005
TEXTUAL_WINDOW = 1 / 50


def check_idle_quickly() -> None:
    """Set the window; fail loudly if Textual no longer has it where this looks."""
    if not hasattr(textual._wait, "SLEEP_GRANULARITY"):
        raise RuntimeError("textual._wait.SLEEP_GRANULARITY is gone: see tests/quick_idle.py")
    textual._wait.SLEEP_GRANULARITY = WINDOW


@contextmanager
def textual_window() -> Iterator[None]:
    """Textual's own window meanwhile (for the walks through every screen)."""
    textual._wait.SLEEP_GRANULARITY = TEXTUAL_WINDOW
    try:
        yield
    finally:
        textual._wait.SLEEP_GRANULARITY = WINDOW
