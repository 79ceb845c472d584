"""Child process: start an app, say when its first full screen is painted, and exit.

Run by :mod:`benchmarks.app_runs` in a pseudo-terminal, never by hand::

    python -m benchmarks.first_paint real --report-fd 5 --db URL --as NAME --location CODE
    python -m benchmarks.first_paint bare --report-fd 5

``real`` is Rinnalla started the way ``rinnalla`` starts it (``tui.cli.main``):
the language from the configuration's light reader, then
``tui.composition.start_app`` with the settings read in the worker that opens
and migrates the database, identifies the worker and loads today's queue. The
one difference from a user's start is the login: the benchmark acts as the
demo receptionist (``acting_as``, the way the tests do). Two marks count:
``framed``, the queue screen's first paint (before the database is open: the
figure the issue sets a target for), and ``painted``, the queue *with its
rows*: the queue screen is replaced by a subclass that waits for the rows to
be loaded and then for the screen to be refreshed with them. Nothing else in
the app changes.

``bare`` is Textual alone with the same widgets and no data: Header, three
Static lines, a DataTable with the queue's seven columns, Footer. It imports
nothing from the project, so its time is what Textual itself costs.

Both write ``imported <t>`` and ``painted <t> <rows>`` lines (and the real
app ``framed <t>`` before them), ``t`` being
``time.monotonic()`` (one clock for every process on Linux), to the file
descriptor given, and exit at once after ``--linger`` seconds. The exit skips
Textual's shutdown (``os._exit``): it restores a terminal nobody looks at, and
the queue's watch on other terminals would otherwise delay it by up to a
second on every run.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.settings import Settings

BARE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Saapui", 7),
    ("Odottanut", 9),
    ("Nimi", 24),
    ("Syy", 23),
    ("Ohjautui", 18),
    ("Kiireellisyys", 14),
    ("Tila", 11),
)
"""The queue's columns and widths (``tui/screens/queue.py``), copied: importing them
would import the app into the bare baseline."""


def _peak_rss_kib() -> int:
    """This process's peak resident set since it started the app, in KiB; 0 if unknown.

    ``VmHWM`` and not ``getrusage``: the kernel carries ``ru_maxrss`` over
    ``exec``, so a child forked from a large parent would report the parent's
    size. ``VmHWM`` belongs to the memory this program has mapped itself.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Reporter:
    """Writes the marks to the parent and ends the process."""

    def __init__(self, fd: int, linger: float) -> None:
        self._fd = fd
        self._linger = linger

    def mark(self, what: str, *extra: object) -> None:
        fields = " ".join(str(part) for part in (what, repr(time.monotonic()), *extra))
        os.write(self._fd, (fields + "\n").encode())

    def painted(self, app: Any, rows: int) -> None:
        self.mark("painted", rows)
        if self._linger > 0:
            app.set_timer(self._linger, self.finish)
        else:
            self.finish()

    def finish(self) -> None:
        self.mark("done", _peak_rss_kib())
        os.close(self._fd)
        os._exit(0)


def run_bare(reporter: Reporter) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header, Static

    reporter.mark("imported")

    class BareQueueApp(App[None]):
        TITLE = "Rinnalla"

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Avataan tietokantaa…", id="queue-summary")
            yield Static("", id="queue-hours")
            yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="queue-status")
            yield Footer()

        def on_mount(self) -> None:
            table: DataTable[str] = self.query_one(DataTable)
            for label, width in BARE_COLUMNS:
                table.add_column(label, width=width)
            table.focus()
            self.call_after_refresh(reporter.painted, self, table.row_count)

    BareQueueApp().run()


def run_real(reporter: Reporter, database_url: str, worker: str, location: str) -> None:
    from textual import events, on
    from textual.widgets import DataTable

    from domain.i18n import set_language
    from tui.composition import start_app
    from tui.config_file import configured_language
    from tui.screens.queue import QueueLoaded, QueueScreen

    reporter.mark("imported")

    class PaintedQueue(QueueScreen):
        """The queue screen, telling when its rows have been painted."""

        _seen_rows = False

        @on(events.Mount)
        def _framed(self) -> None:
            # The screen's first paint, before the database is even open.
            self.call_after_refresh(reporter.mark, "framed")

        @on(QueueLoaded)
        def _rows_arrived(self, message: QueueLoaded) -> None:
            # Runs just before QueueScreen's own handler fills the table; the
            # callback waits until that is done and the screen is refreshed.
            # Only the first load counts (a walk-in elsewhere reloads it).
            if not self._seen_rows:
                self._seen_rows = True
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            table: DataTable[object] = self.query_one("#queue-table", DataTable)
            reporter.painted(self.app, table.row_count)

    def load_settings() -> Settings:
        from tui.settings import Settings

        return Settings(database_url=database_url, staff=worker, location=location)

    # As tui.cli.main starts the screens: the language first, the settings in the
    # worker that opens the database, after the first paint.
    set_language(configured_language(None))
    app = start_app(load_settings, acting_as=worker)
    app.queue_screen = PaintedQueue()
    app.run()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.first_paint")
    parser.add_argument("app", choices=("real", "bare"))
    parser.add_argument("--report-fd", type=int, required=True)
    parser.add_argument("--linger", type=float, default=0.0)
    parser.add_argument("--db")
    parser.add_argument("--as", dest="worker")
    parser.add_argument("--location")
    args = parser.parse_args()
    reporter = Reporter(args.report_fd, args.linger)
    if args.app == "bare":
        run_bare(reporter)
    else:
        run_real(reporter, args.db, args.worker, args.location)
    # Only reached when the app closed without painting (it crashed, or was refused).
    reporter.mark("exited")
    os._exit(3)


if __name__ == "__main__":
    main()
