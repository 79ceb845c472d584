"""Peak memory: the app's resident set with the full database open and the queue shown.

What is measured: the peak resident set size of the real app's process
(``VmHWM``, the kernel's high-water mark, read by the process itself just
before it exits; :mod:`benchmarks.first_paint` says why not ``getrusage``),
started as in the start-up benchmark on the full database, signed in as the
receptionist, kept running for a while after the queue with its rows is
painted (so the queue's watch on other terminals and any late loading are
counted too), then ended. The figure is the median of a few starts.

Baseline: the bare Textual app with the same widgets and no data, started and
kept running the same way. Its peak is what Python and Textual take before
the app adds anything; the difference is the app's own cost (its imports,
SQLAlchemy, the database connection, the rows it holds).

Target (issue 9): at most 150 MB (10^6 bytes each).
"""

from __future__ import annotations

from benchmarks.app_runs import run_app, warm_up
from benchmarks.dataset import LOCATION_CODE, RECEPTIONIST, BenchDatabase, log
from benchmarks.figures import Figure, median

TARGET_MB = 150.0
LINGER_SECONDS = 2.0
"""How long the app runs on after the queue is painted: two rounds of the queue watch."""
STARTS = {True: 1, False: 3}


def run(database: BenchDatabase, quick: bool) -> list[Figure]:
    warm_up(database, worker=RECEPTIONIST, location=LOCATION_CODE)
    real: list[float] = []
    bare: list[float] = []
    for _ in range(STARTS[quick]):
        bare_run = run_app("bare", linger=LINGER_SECONDS, bytecode=database.bytecode_dir)
        bare.append(bare_run.peak_rss_mb)
        app = run_app(
            "real",
            database,
            worker=RECEPTIONIST,
            location=LOCATION_CODE,
            linger=LINGER_SECONDS,
            bytecode=database.bytecode_dir,
        )
        real.append(app.peak_rss_mb)
        log(f"    peak RSS: app {app.peak_rss_mb:.1f} MB, bare {bare[-1]:.1f} MB")
    return [
        Figure(
            name="memory_peak_rss",
            value=median(real),
            unit="MB",
            baseline=median(bare),
            target=TARGET_MB,
            note=(
                f"median of {len(real)} start(s); "
                f"{LINGER_SECONDS:.0f} s after the queue was painted"
            ),
        )
    ]
