"""A receptionist who never stops: the subprocess that the durability test kills.

Run as ``python -m tests.durability_driver DATABASE_URL`` (or as a file path;
the repository root is put on ``sys.path`` either way). It opens the real app
headless, signed in as one worker, and registers walk-ins with key presses
only, the way a person at the desk would: ``n``, a name, Tab to the reason,
the reason, Ctrl+S. A save counts as acknowledged only once the queue on the
screen shows its row; only then does the driver print ``ACK <reason>``, so the
parent knows exactly which saves a receptionist has seen succeed. It loops
until it is killed.

To kill inside a transaction rather than somewhere near one, the parent sends
``SIGUSR1``: the next save then stops right after the visit's ``INSERT`` (its
client row and the visit written, the access log and the commit not yet),
prints ``WRITING <reason>`` and waits there to be killed. Nothing of the app
changes; the pause is an SQLAlchemy event listener of this script's own.

Lines go to a duplicate of the original standard output taken before Textual
starts: while an app runs, Textual captures ``print``.

Two more modes test the intake interview (the parent has registered one
walk-in, waiting, at the driver's location):

- ``--interview DATABASE_URL``: headless, as above. ``c`` calls the visitor
  in and opens the interview, Tab moves to the first note, and then words are
  typed into it in bursts; after each burst, once the field shows it, the
  driver prints ``TYPED <the note>`` and types nothing for half a second. The
  parent kills it a moment after one of those lines, and the draft must hold
  exactly that note.
- ``--terminal DATABASE_URL``: the app in the real terminal it is started in
  (the parent's pseudo-terminal), with Textual's own driver, as ``rinnalla``
  runs. The parent types into the terminal; the driver only reports what the
  screen shows, on the file descriptor named by ``RINNALLA_DRIVER_STATUS_FD``:
  ``READY`` (queue shown), ``INTERVIEW`` (interview open), ``VALUE <note>``
  (the first note as it now reads). It exits with the app's return code.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO, cast

if __package__ in (None, ""):
    # Started as a file: make the project's packages importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, event  # noqa: E402
from textual import events  # noqa: E402
from textual.keys import _character_to_key  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import DataTable, Input  # noqa: E402

from tests.helpers import SIZE
from tui.app import RinnallaApp  # noqa: E402
from tui.composition import make_app  # noqa: E402
from tui.screens.interview import InterviewScreen  # noqa: E402
from tui.screens.walk_in import WalkInScreen  # noqa: E402
from tui.settings import Settings  # noqa: E402

LOCATION = "kestava"
LOCATION_NAME = "Kestävyysasema"
ACTOR = "Vastaanotto Kestävä"
REASON_PREFIX = "Kestävyys"
STEP_TIMEOUT = 20.0
"""Seconds one step (the form opening, the row appearing) may take before giving up."""

FIELDS_BEFORE_REASON = 3
"""Tab presses from the name field to the reason: name, hetu, year of birth, reason."""
STALL_SECONDS = 60.0
"""How long a stalled save holds its transaction open; the parent kills well before."""


def reason_for(number: int) -> str:
    return f"{REASON_PREFIX} {number}"


def name_for(number: int) -> str:
    # A name creates a client, so every save also writes the hash-chained access log.
    return f"K{number}"


_say_lock = threading.Lock()


def _say(out: TextIO, line: str) -> None:
    with _say_lock:  # the UI loop and the app's database worker threads both speak
        out.write(line + "\n")
        out.flush()


def _stall_next_save_on_signal(out: TextIO) -> None:
    """On ``SIGUSR1``, hold the next visit ``INSERT``'s transaction open until killed."""
    stall = threading.Event()
    signal.signal(signal.SIGUSR1, lambda _signal, _frame: stall.set())

    def after_execute(
        _connection: object,
        _cursor: object,
        statement: str,
        parameters: object,
        _context: object,
        _executemany: bool,
    ) -> None:
        if stall.is_set() and statement.lstrip().lower().startswith("insert into visits"):
            values: Iterable[object] = (
                parameters.values()
                if isinstance(parameters, dict)
                else cast(tuple[object, ...], parameters)
            )
            reason = next(
                (v for v in values if isinstance(v, str) and v.startswith(REASON_PREFIX)), "?"
            )
            _say(out, f"WRITING {reason}")
            time.sleep(STALL_SECONDS)  # in the app's worker thread, inside the transaction

    # On the Engine class: every engine the app builds, none of them known here.
    event.listen(Engine, "after_cursor_execute", after_execute)


async def _until(pilot: Pilot[None], done: Callable[[], bool], what: str) -> None:
    """Pause until ``done()`` is true; fail loudly (the parent sees stderr) on a timeout."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await pilot.pause(0.005)


def _queue_reasons(app: RinnallaApp) -> set[str]:
    if app.screen is not app.queue_screen:
        return set()
    table = app.queue_screen.query_one("#queue-table", DataTable)
    column = table.get_column_index("reason")
    return {str(table.get_row_at(row)[column].plain) for row in range(table.row_count)}


def _send(app: RinnallaApp, *keys: str) -> None:
    """Key presses into the app's input, as a terminal delivers them: in order, without
    waiting for each to be drawn (Pilot's ``press`` idles ~80 ms per key to pace tests)."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        char = key if len(key) == 1 else None
        event = events.Key(_character_to_key(key) if char else key, char)
        event.set_sender(app)
        driver.send_message(event)


async def _register(pilot: Pilot[None], app: RinnallaApp, number: int, out: TextIO) -> str:
    """One walk-in from ``n`` to the row on screen; returns the acknowledged reason."""
    name, reason = name_for(number), reason_for(number)
    _send(app, "n")
    await _until(
        pilot,
        # Not a query: the screen may be current before its fields are mounted.
        lambda: (
            isinstance(app.screen, WalkInScreen)
            and isinstance(app.focused, Input)
            and app.focused.id == "name"
        ),
        "the walk-in form",
    )
    form = app.screen
    # A key goes to the field that has the focus when it is processed, so the burst
    # of a field's characters waits for the Tab before it to have moved the focus.
    _send(app, *name)
    await _until(pilot, lambda: form.query_one("#name", Input).value == name, "the name")
    reason_field = form.query_one("#reason", Input)
    _send(app, *["tab"] * FIELDS_BEFORE_REASON)
    await _until(pilot, lambda: app.focused is reason_field, "the reason field")
    _send(app, *reason)
    await _until(pilot, lambda: reason_field.value == reason, "the reason")
    _send(app, "ctrl+s")
    await _until(pilot, lambda: reason in _queue_reasons(app), f"{reason!r} in the queue")
    return reason


async def run(database_url: str, out: TextIO) -> None:
    settings = Settings(database_url=database_url, location=LOCATION, location_name=LOCATION_NAME)
    app = make_app(settings, acting_as=ACTOR)
    async with app.run_test(size=SIZE) as pilot:
        # Signed in and the queue loaded once the summary names the location.
        await _until(
            pilot,
            lambda: LOCATION_NAME in str(app.queue_screen.query_one("#queue-summary").render()),
            "the queue",
        )
        number = 0
        while True:
            number += 1
            reason = await _register(pilot, app, number, out)
            _say(out, f"ACK {reason}")


NOTE_FIELD = "note-services"
"""The interview's first text field: Tab from the first level picker reaches it."""
TYPING_PAUSE = 0.5
"""Seconds without a key after each burst of typing in ``--interview`` mode."""


def word_for(number: int) -> str:
    return f"sana{number} "


def _queue_shown(app: RinnallaApp) -> bool:
    return LOCATION_NAME in str(app.queue_screen.query_one("#queue-summary").render())


def _focused_note(app: RinnallaApp) -> Input | None:
    focused = app.focused
    if isinstance(app.screen, InterviewScreen) and isinstance(focused, Input):
        return focused if focused.id == NOTE_FIELD else None
    return None


def _interview_ready(app: RinnallaApp) -> bool:
    """The interview is open and filled: its first level picker has the focus."""
    focused = app.focused
    return (
        isinstance(app.screen, InterviewScreen)
        and focused is not None
        and focused.id == "level-services"
    )


async def run_interview(database_url: str, out: TextIO) -> None:
    settings = Settings(database_url=database_url, location=LOCATION, location_name=LOCATION_NAME)
    app = make_app(settings, acting_as=ACTOR)
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: _queue_shown(app), "the queue")
        _send(app, "c")
        await _until(pilot, lambda: _interview_ready(app), "the interview")
        _send(app, "tab")
        await _until(pilot, lambda: _focused_note(app) is not None, "the first note")
        field = _focused_note(app)
        assert field is not None
        typed = ""
        number = 0
        while True:
            number += 1
            typed += word_for(number)
            _send(app, *word_for(number))

            def shown(expected: str = typed) -> bool:
                return field.value == expected

            await _until(pilot, shown, "the typed word")
            _say(out, f"TYPED {typed}")
            await pilot.pause(TYPING_PAUSE)


async def run_terminal(database_url: str, status: TextIO) -> int:
    """The app in this process's terminal; what it shows is reported on ``status``."""
    settings = Settings(database_url=database_url, location=LOCATION, location_name=LOCATION_NAME)
    app = make_app(settings, acting_as=ACTOR)

    async def report() -> None:
        said: set[str] = set()
        value: str | None = None
        while True:
            await asyncio.sleep(0.005)
            try:
                if "READY" not in said and _queue_shown(app):
                    said.add("READY")
                    _say(status, "READY")
                if "INTERVIEW" not in said and _interview_ready(app):
                    said.add("INTERVIEW")
                    _say(status, "INTERVIEW")
                field = _focused_note(app)
            except Exception:  # noqa: BLE001 - screens still mounting; look again
                continue
            if field is not None and field.value != value:
                value = field.value
                _say(status, f"VALUE {value}")

    reporter = asyncio.create_task(report())
    try:
        await app.run_async()
    finally:
        reporter.cancel()
    return app.return_code or 0


def main(argv: list[str]) -> int:
    modes = ("--interview", "--terminal")
    mode = argv[0] if argv and argv[0] in modes else None
    rest = argv[1:] if mode else argv
    if len(rest) != 1:
        print(
            "usage: python -m tests.durability_driver [--interview | --terminal] DATABASE_URL",
            file=sys.stderr,
        )
        return 2
    if mode == "--terminal":
        status_fd = int(os.environ["RINNALLA_DRIVER_STATUS_FD"])
        status = os.fdopen(status_fd, "w", encoding="utf-8", buffering=1)
        return asyncio.run(run_terminal(rest[0], status))
    # Taken before Textual redirects sys.stdout for the app's lifetime.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    if mode == "--interview":
        asyncio.run(run_interview(rest[0], out))
        return 0
    _stall_next_save_on_signal(out)
    asyncio.run(run(rest[0], out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
