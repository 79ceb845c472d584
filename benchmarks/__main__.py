"""Run the benchmarks: ``python -m benchmarks [--quick] [--json] [--only NAME...]``.

Each benchmark measures something a user feels, at the issue's scale (100 000
clients, about a million visits; ``--quick`` uses 2 000 clients and 120 days
for CI), against a baseline measured in the same run, first on SQLite and then,
when ``RINNALLA_TEST_POSTGRES_URL`` names a server, on a fresh PostgreSQL
database too. The figures print as a table, or with ``--json`` as one JSON
object ``{name: {"value", "unit", "baseline", "target"}}`` on stdout (progress
goes to stderr); PostgreSQL figures are named ``name[postgresql]``. A figure
meets its target when its value is at most the target.

With ``--quick``, start-up, memory, typing and the browser tabs' memory run on
SQLite only: they measure the screens, and on PostgreSQL they would double the
time of a CI run.

It is a measurement, not a test: the exit status is 0 whether or not the
targets are met, and 1 only when a benchmark crashed (its traceback is on
stderr; the other benchmarks still run).

The demo database is generated once by ``rinnalla demo`` and cached (see
:mod:`benchmarks.dataset`); ``--db-cache DIR`` chooses the folder.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from benchmarks import (
    agenda,
    keystrokes,
    memory,
    open_client,
    reports,
    search,
    startup,
    web_sessions,
)
from benchmarks.dataset import (
    FULL,
    QUICK,
    BenchDatabase,
    Size,
    default_cache_dir,
    log,
    postgres_database,
    postgres_server_url,
    sqlite_database,
)
from benchmarks.figures import Figure
from domain.i18n import set_language

Benchmark = Callable[[BenchDatabase, bool], list[Figure]]

BENCHMARKS: dict[str, Benchmark] = {
    "startup": startup.run,
    "search": search.run,
    "open_client": open_client.run,
    "reports": reports.run,
    "agenda": agenda.run,
    "memory": memory.run,
    "typing": keystrokes.run,
    "web_sessions": web_sessions.run,
}
"""In the order they run; the names are what ``--only`` takes."""

SCREEN_BENCHMARKS = frozenset({"startup", "memory", "typing", "web_sessions"})
"""Mostly Textual's and Python's time, whatever the database: with ``--quick`` they run
on SQLite only, which keeps a CI run with a PostgreSQL server under two minutes."""


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure what users feel, each figure against a baseline from the same run.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"small data ({QUICK.describe()}) and fewer repetitions, for CI",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object of the figures on stdout"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        choices=list(BENCHMARKS),
        help=f"run only these: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--db-cache",
        type=Path,
        metavar="DIR",
        default=None,
        help=f"where generated SQLite files are kept (default: {default_cache_dir()})",
    )
    parser.add_argument(
        "--postgres-size",
        choices=("same", "quick"),
        default="same",
        help="PostgreSQL data size: the same as SQLite's, or always the quick size "
        "(generating the full size there takes a few minutes)",
    )
    return parser.parse_args(argv)


def databases(arguments: argparse.Namespace) -> Iterator[AbstractContextManager[BenchDatabase]]:
    """SQLite always; PostgreSQL when a server is named."""
    size: Size = QUICK if arguments.quick else FULL
    cache_dir: Path = arguments.db_cache or default_cache_dir()
    yield sqlite_database(size, cache_dir)
    server = postgres_server_url()
    if server is None:
        log("PostgreSQL: skipped (RINNALLA_TEST_POSTGRES_URL is not set)")
        return
    postgres_size = QUICK if arguments.postgres_size == "quick" else size
    yield postgres_database(server, postgres_size, cache_dir)


def run_all(arguments: argparse.Namespace) -> tuple[list[Figure], list[str], list[str]]:
    """Every chosen benchmark on every database: figures, crashed names, database notes."""
    chosen = arguments.only or list(BENCHMARKS)
    figures: list[Figure] = []
    crashed: list[str] = []
    described: list[str] = []
    for number, opening in enumerate(databases(arguments)):
        try:
            with opening as database:
                described.append(database.description)
                log(f"== {database.description}")
                for name in chosen:
                    on_server = database.engine_name != "sqlite"
                    if arguments.quick and on_server and name in SCREEN_BENCHMARKS:
                        log(f"-- {name}[{database.engine_name}]: not with --quick")
                        continue
                    found = _run_one(name, database, arguments.quick, crashed)
                    figures.extend(each.on_engine(database.engine_name) for each in found)
        except Exception:  # noqa: BLE001 - a database that cannot be made; others still run
            crashed.append("sqlite data" if number == 0 else "postgresql data")
            log(f"!! making the database failed:\n{traceback.format_exc()}")
    return figures, crashed, described


def _run_one(name: str, database: BenchDatabase, quick: bool, crashed: list[str]) -> list[Figure]:
    """One benchmark's figures; a crash is logged with its traceback and noted."""
    label = name if database.engine_name == "sqlite" else f"{name}[{database.engine_name}]"
    log(f"-- {label}")
    started = time.perf_counter()
    try:
        found = BENCHMARKS[name](database, quick)
    except Exception:  # noqa: BLE001 - reported; the others still run
        crashed.append(label)
        log(f"!! {label} crashed:\n{traceback.format_exc()}")
        return []
    log(f"   ({time.perf_counter() - started:.0f} s)")
    return found


def _number(value: float) -> str:
    if math.isinf(value):
        return "–"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(figures: list[Figure], crashed: list[str], described: list[str]) -> str:
    """The figures for people: one line each, the ratio to the baseline beside them."""
    headings = ("benchmark", "value", "unit", "baseline", "×base", "target", "")
    rows = [
        (
            figure.name,
            _number(figure.value),
            figure.unit,
            _number(figure.baseline),
            _number(figure.ratio),
            _number(figure.target),
            "ok" if figure.met else "NOT MET",
        )
        for figure in figures
    ]
    widths = [max(len(row[i]) for row in [headings, *rows]) for i in range(len(headings))]
    right = {1, 3, 4, 5}

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    out = [f"Data: {text}" for text in described]
    out += ["", line(headings), line(tuple("-" * width for width in widths))]
    out += [line(row) for row in rows]
    out.append("")
    out += [f"{figure.name}: {figure.note}" for figure in figures if figure.note]
    if crashed:
        out += ["", f"CRASHED: {', '.join(crashed)} (tracebacks above, on stderr)"]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    set_language("fi")  # the app's default; labels in notes come out as users see them
    started = time.perf_counter()
    figures, crashed, described = run_all(arguments)
    log(f"All done in {time.perf_counter() - started:.0f} s")
    if arguments.json:
        print(json.dumps({figure.name: figure.as_json() for figure in figures}, ensure_ascii=False))
    else:
        print(table(figures, crashed, described))
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
