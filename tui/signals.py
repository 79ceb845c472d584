"""SIGTERM and SIGHUP: keep what was typed, and give the terminal back as it was.

Without a handler, either signal ends Python at once: a draft typed since the
last autosave is lost, and the terminal stays in the application's mode (no
echo, the alternate screen, mouse reporting). The handler runs on the event
loop, between messages, so the screens are in a consistent state: the app
saves every open interview draft and then leaves through Textual's own exit
path, which restores the terminal. SIGKILL cannot be caught; the interview's
short autosave delay covers it.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable

HANDLED = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals handled; SIGHUP is POSIX only (a closed terminal window, a dropped SSH)."""


def install(on_signal: Callable[[int], None]) -> Callable[[], None]:
    """Call ``on_signal(number)`` on the running loop for each of :data:`HANDLED`.

    Returns the function that puts the previous handling back. Does nothing
    (and returns a no-op) off the main thread or where the loop cannot
    handle signals, e.g. on Windows.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    loop = asyncio.get_running_loop()
    installed: list[int] = []
    for number in HANDLED:
        try:
            loop.add_signal_handler(number, on_signal, int(number))
        except (NotImplementedError, RuntimeError, ValueError):
            continue
        installed.append(number)

    def uninstall() -> None:
        for number in installed:
            loop.remove_signal_handler(number)

    return uninstall
