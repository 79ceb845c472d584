"""The demo database the benchmarks run on: made by the real generator, cached, copied.

The data comes from ``rinnalla demo`` itself (``storage/demo.py`` behind the
command line), so the benchmarks see what a newcomer's desk would: 100 000
clients over three years give about a million visits. Generating that takes
about a minute, so the SQLite file is kept in a cache folder, named for the
size, the seed, the migration head and the generator's source (with the
typo index's, which it also writes): a new migration or a changed generator
makes a new file, anything else reuses it.

Every run works on a copy of the cached file, because the benchmarks write:
searching and opening clients log accesses, and the set-up adds a client with a
network, proposals for a meeting and walk-ins for the typing test. The cache
stays as generated.

PostgreSQL has no cache: each run creates a fresh database on the server
named by ``RINNALLA_TEST_POSTGRES_URL`` (trust authentication, like the test
suite's), fills it the same way and drops it afterwards.

The generator stamps today's queue with the day it ran. A cached file from an
earlier day has nobody in today's queue, so the copy gets a few walk-ins
through the real use case; the start-up benchmark then paints a queue with
rows, as a reception desk in use has.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, select, text
from sqlalchemy.orm import Session, sessionmaker

from domain.clock import SystemClock, local_day_bounds, local_today
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.visits import Urgency
from domain.walk_in import WalkInInput
from storage.engine import build_engine, build_session_factory
from storage.migrate import HEAD
from storage.orm import ClientRow, VisitRow
from storage.unit_of_work import SqlUnitOfWork

PROJECT_ROOT = Path(__file__).resolve().parent.parent

LOCATION_CODE = "lpr"
LOCATION_NAME = "Lappeenrannan hyvinvointiasema"
RECEPTIONIST = "Sanna Mäkelä"
"""A demo worker with the reception role: the one who sits at the desk."""
COORDINATOR = "Päivi Laaksonen"
"""A demo coordinator in the demo MOTI team: reaches clients, reports and meetings."""

POSTGRES_ENV = "RINNALLA_TEST_POSTGRES_URL"


@dataclass(frozen=True)
class Size:
    """How much demo data: the arguments of ``rinnalla demo``."""

    label: str
    clients: int
    days: int
    seed: int = 2026

    def describe(self) -> str:
        clients = f"{self.clients:,}".replace(",", " ")
        return f"{clients} clients, {self.days} days"


FULL = Size("full", clients=100_000, days=1095)
"""The issue's scale: 100 000 clients, about a million visits."""
QUICK = Size("quick", clients=2_000, days=120)
"""For CI: small enough that the whole quick run takes well under two minutes."""


def log(message: str) -> None:
    """Progress goes to stderr, so that ``--json`` leaves stdout to the one object."""
    print(message, file=sys.stderr, flush=True)


@dataclass
class BenchDatabase:
    """A filled database for one run on one engine, and the people who use it."""

    url: str
    engine_name: str
    """``sqlite`` or ``postgresql``: the suffix of the figures' names."""
    size: Size
    description: str
    cache_dir: Path
    """The benchmarks' cache folder; the app processes keep their bytecode under it."""
    clock: SystemClock = field(default_factory=SystemClock)

    @property
    def bytecode_dir(self) -> Path:
        return self.cache_dir / "bytecode"

    @cached_property
    def engine(self) -> Engine:
        return build_engine(self.url)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        return build_session_factory(self.engine)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory, self.clock)

    @cached_property
    def location(self) -> Location:
        return reception.identify_location(self.uow(), LOCATION_CODE, LOCATION_NAME)

    @cached_property
    def coordinator(self) -> Staff:
        return reception.identify_staff(self.uow(), COORDINATOR)

    @cached_property
    def receptionist(self) -> Staff:
        return reception.identify_staff(self.uow(), RECEPTIONIST)

    def dispose(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()


# The cache key -----------------------------------------------------------------------


GENERATOR_SOURCES = ("storage/demo.py", "storage/name_index.py", "domain/search.py")
"""What the generated file's contents follow: the generator, and the typo index
it writes (which words of a name are indexed, under which keys)."""


def generator_digest() -> str:
    """A short hash of the demo generator's source: a changed generator, new data."""
    digest = hashlib.sha256()
    for name in GENERATOR_SOURCES:
        digest.update((PROJECT_ROOT / name).read_bytes())
    return digest.hexdigest()[:10]


def cache_name(size: Size) -> str:
    """Named for what the file's contents follow: a new migration (:data:`HEAD`) or a
    changed generator makes a new file."""
    return f"demo-{size.clients}c-{size.days}d-seed{size.seed}-rev{HEAD}-gen{generator_digest()}.db"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rinnalla-benchmarks"


# Generating ---------------------------------------------------------------------------


def run_demo_command(url: str, size: Size) -> None:
    """``rinnalla demo`` into ``url``, in a child process, as a user would run it."""
    command = [
        sys.executable,
        "-c",
        "import sys; from tui.cli import main; sys.exit(main())",
        "demo",
        "--db",
        url,
        "--clients",
        str(size.clients),
        "--days",
        str(size.days),
        "--seed",
        str(size.seed),
        "--location",
        LOCATION_CODE,
        "--location-name",
        LOCATION_NAME,
    ]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RINNALLA_")}
    started = time.perf_counter()
    completed = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"rinnalla demo failed ({completed.returncode}):\n{completed.stderr[-3000:]}"
        )
    log(f"  generated in {time.perf_counter() - started:.0f} s")


def cached_sqlite(size: Size, cache_dir: Path) -> Path:
    """The cached SQLite file for ``size``, generated first when missing.

    Generated under a temporary name and renamed when complete, so an
    interrupted generation never leaves a half-filled file to be reused.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / cache_name(size)
    if path.exists():
        log(f"Using the cached demo database {path}")
        return path
    log(f"Generating the demo database ({size.describe()}) into {path} …")
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        run_demo_command(f"sqlite:///{partial}", size)
        _fold_wal(partial)
        partial.rename(path)
    finally:
        for leftover in (partial, *_sidecars(partial)):
            leftover.unlink(missing_ok=True)
    return path


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _fold_wal(path: Path) -> None:
    """Write the write-ahead log into the file itself, so that one file is the database."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


@contextmanager
def sqlite_database(size: Size, cache_dir: Path) -> Iterator[BenchDatabase]:
    """A working copy of the cached file for this run; removed afterwards."""
    cached = cached_sqlite(size, cache_dir)
    folder = Path(tempfile.mkdtemp(prefix="rinnalla-bench-"))
    copy = folder / "bench.db"
    shutil.copyfile(cached, copy)
    copy.chmod(0o600)
    database = BenchDatabase(
        url=f"sqlite:///{copy}",
        engine_name="sqlite",
        size=size,
        description=f"SQLite, {size.describe()} (copy of {cached.name})",
        cache_dir=cache_dir,
    )
    try:
        ensure_todays_queue(database)
        yield database
    finally:
        database.dispose()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_database(server_url: str, size: Size, cache_dir: Path) -> Iterator[BenchDatabase]:
    """A fresh database on the server, filled by ``rinnalla demo``; dropped afterwards."""
    server = make_url(server_url)
    name = f"rinnalla_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    target = server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database = BenchDatabase(
        url=target,
        engine_name="postgresql",
        size=size,
        description=f"PostgreSQL {server.host}:{server.port}, {size.describe()}, fresh {name}",
        cache_dir=cache_dir,
    )
    try:
        log(f"Generating the demo data ({size.describe()}) into PostgreSQL database {name} …")
        run_demo_command(target, size)
        ensure_todays_queue(database)
        yield database
    finally:
        database.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Today's queue -------------------------------------------------------------------------

TODAYS_WALK_INS = 7
"""About what the generator puts in today's queue (6–8)."""


def ensure_todays_queue(database: BenchDatabase) -> None:
    """Walk-ins for today when the data was generated on an earlier day.

    Half of them returning clients (picked from the data), the others new or
    anonymous, one urgent: the mix the generator makes.
    """
    start, end = local_day_bounds(local_today(database.clock))
    location = database.location
    with database.session_factory() as session:
        today = session.scalar(
            select(VisitRow.id)
            .where(
                VisitRow.location_id == location.id,
                VisitRow.arrived_at >= start,
                VisitRow.arrived_at < end,
            )
            .limit(1)
        )
        returning = list(
            session.scalars(select(ClientRow.id).order_by(ClientRow.id.desc()).limit(4))
        )
    if today is not None:
        return
    forms = [WalkInInput(client_id=client_id, reason="Toimeentulotuki") for client_id in returning]
    forms += [
        WalkInInput(reason="Asunnon haku", urgency=Urgency.URGENT),
        WalkInInput(name="Jonolainen Jaana", reason="Velkaneuvonta"),
        WalkInInput(reason="Kelan hakemukset"),
    ]
    for form in forms[:TODAYS_WALK_INS]:
        register(database, form, location)
    log(f"  today's queue was empty: added {len(forms[:TODAYS_WALK_INS])} walk-ins")


def register(
    database: BenchDatabase,
    form: WalkInInput,
    location: Location,
    *,
    actor: Staff | None = None,
) -> int:
    """A walk-in through the real use case, saved even when it resembles someone."""
    visit = reception.register_walk_in(
        database.uow(),
        form,
        actor=actor or database.receptionist,
        location=location,
        clock=database.clock,
        accept_possible_duplicate=True,
    )
    return visit.id


def postgres_server_url() -> str | None:
    """The PostgreSQL server to use as well, when one is named."""
    return os.environ.get(POSTGRES_ENV) or None
