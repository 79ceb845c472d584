"""Start-up: process start to the first painted reception screen, against bare Textual.

What is measured: ``python -m benchmarks.first_paint real`` in a fresh process
and a 120×40 pseudo-terminal, started the way ``rinnalla`` starts (see that
module) on the full database (100 000 clients, a million visits). The clock
runs from just before the process is spawned to the first paint of the
reception screen: Python starts, the app imports what the screen needs, the
screen is composed and painted. The database opens after that paint, in a
worker, as the issue asks; the time until today's queue is on the screen *with
its rows* (settings read, database opened and checked for migrations, worker
identified, queue read, screen refreshed) is measured too and shown in the
note, without a target of its own. The figure is the median of several starts.

Baseline: ``python -m benchmarks.first_paint bare``, a Textual app with the
same widgets (Header, Static lines, a DataTable with the queue's columns,
Footer) and no data, started the same way in the same kind of terminal, its
clock stopped at its first refresh. It is the floor any Textual app of this
shape pays: Python, Textual's imports, the first layout and paint. Starts of
the two alternate, so a busy moment on the machine hits both alike.

Target (issue 9): the app takes at most 1.3 times the bare app's time.

The human table's note splits the app's time into imports (until the app
module is imported) and the rest, and gives the time to the queue with rows.
"""

from __future__ import annotations

from benchmarks.app_runs import AppRun, run_app, warm_up
from benchmarks.dataset import LOCATION_CODE, RECEPTIONIST, BenchDatabase, log
from benchmarks.figures import Figure, median

TARGET_RATIO = 1.3
STARTS = {True: 3, False: 7}
"""Timed starts of each app, quick and full, after an untimed warm-up start of each
(it compiles the bytecode and fills the operating system's file cache)."""


def startup_runs(database: BenchDatabase, starts: int) -> tuple[list[AppRun], list[AppRun]]:
    """Alternating starts of the bare and the real app, after a warm-up start of each."""
    warm_up(database, worker=RECEPTIONIST, location=LOCATION_CODE)
    bare: list[AppRun] = []
    real: list[AppRun] = []
    for number in range(1, starts + 1):
        bare.append(run_app("bare", bytecode=database.bytecode_dir))
        real.append(
            run_app(
                "real",
                database,
                worker=RECEPTIONIST,
                location=LOCATION_CODE,
                bytecode=database.bytecode_dir,
            )
        )
        log(
            f"    start {number}: app framed {real[-1].framed:.2f} s, "
            f"with rows {real[-1].painted:.2f} s, bare {bare[-1].painted:.2f} s"
        )
    return bare, real


def run(database: BenchDatabase, quick: bool) -> list[Figure]:
    bare, real = startup_runs(database, STARTS[quick])
    if not all(each.rows for each in real):
        raise RuntimeError("the queue was painted without rows; today's queue is empty")
    app_time = median([each.framed for each in real])
    with_rows = median([each.painted for each in real])
    bare_time = median([each.painted for each in bare])
    imports = median([each.imported for each in real])
    bare_imports = median([each.imported for each in bare])
    return [
        Figure(
            name="startup",
            value=app_time,
            unit="s",
            baseline=bare_time,
            target=TARGET_RATIO * bare_time,
            note=(
                f"median of {len(real)} starts; app imports {imports:.2f} s, "
                f"bare imports {bare_imports:.2f} s; the queue with its {real[0].rows} rows "
                f"(settings, database, worker, queue) at {with_rows:.2f} s"
            ),
        )
    ]
