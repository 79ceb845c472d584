"""Pilot's "wait until the app is idle", checked every 5 ms instead of every 20 ms.

Textual's ``Pilot.pause()`` and every key ``Pilot.press()`` sends wait with
``textual._wait.wait_for_idle``, which sleeps in windows of 1/50 s until one
shows the process (nearly) without work. The app is usually idle within a few
milliseconds of a key, so most of a screen test's time went into those windows:
two screen test files took 126 s alone, 87 s with 5 ms windows, for the same
processor time (the idle test itself, under 1 ms of work in a window, is
unchanged). The tests that need the app to have finished something wait for it
explicitly (workers done, a row shown), as they always did.
"""

from __future__ import annotations

import textual._wait

WINDOW = 0.005


def check_idle_quickly() -> None:
    """Set the window; fail loudly if Textual no longer has it where this looks."""
    if not hasattr(textual._wait, "SLEEP_GRANULARITY"):
        raise RuntimeError("textual._wait.SLEEP_GRANULARITY is gone: see tests/quick_idle.py")
    textual._wait.SLEEP_GRANULARITY = WINDOW
