"""Load: many terminals writing at once lose nothing, save nothing twice, keep one case manager.

Eight reception desks (by default) register walk-ins at the same moment, each
in its own process with its own engine and its own staff member, all at one
location, through the real use case (``domain.use_cases.reception.register_walk_in``).
Every so often a writer also names a case manager for one of a few shared
clients (``domain.use_cases.coordination.name_case_manager``), so the writers compete
for the same rows. Afterwards the script counts, straight from the tables:

- visits intended, found, lost and duplicated (every visit has a unique
  reason such as ``3f9a1c-w3-v517``, so each one can be found);
- clients with more than one active case manager (``ended_at IS NULL``);
- refusals by kind: a refused registration is retried with a short random
  backoff until it lands (that is what a receptionist does when the screen
  says "try again"); a refused naming is counted and not retried;
- whether the hash-chained access log still verifies;
- elapsed seconds and visits per second (the writers start together behind a
  barrier, after their imports and connections, so start-up is not measured).

It exits with status 1 if a visit is lost or duplicated, a client has two
active case managers, or the access log does not verify; 2 if a writer crashed.

Usage::

    python -m benchmarks.concurrent_writers                      # temporary SQLite file
    python -m benchmarks.concurrent_writers --db postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    python -m benchmarks.concurrent_writers --writers 8 --visits 1000 --shared-clients 20

Databases:

- no ``--db``: a fresh SQLite file in a temporary folder, migrated with
  ``storage.migrate.upgrade`` and removed afterwards (``--keep`` keeps it);
- a PostgreSQL URL naming the server's ``postgres`` database: a fresh
  database ``load_<run>`` is created on that server, migrated, and dropped
  afterwards (``--keep`` keeps it);
- any other URL: that database is used as it is (migrated to the newest
  revision first). It need not be empty: everything this run writes is
  tagged with a run id (location code, staff names, reasons), and the counts
  read only this run's rows; the case-manager check reads the whole table.
"""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.process
import multiprocessing.queues
import multiprocessing.synchronize
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from domain.clock import SystemClock
from domain.errors import DomainError, StaleVersion, StorageBusy
from domain.i18n import set_language
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import coordination, reception
from domain.walk_in import WalkInInput
from storage.audit_log import verify_chain
from storage.engine import build_engine, build_session_factory
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork

MAX_ATTEMPTS = 200
"""A registration refused this many times is given up (and shows up as lost)."""
BACKOFF_FIRST = 0.002
BACKOFF_MAX = 0.25
"""Seconds: the retry delay doubles from the first to the most, with jitter."""
RETRIED = (StaleVersion, StorageBusy, DBAPIError)
"""Refusals that say "someone else was writing; try again"."""
BARRIER_TIMEOUT = 300.0
"""Seconds the writers may take to import and connect before the run is called off."""

UowFactory = Callable[[], SqlUnitOfWork]


@dataclass(frozen=True)
class Plan:
    """What every writer is given: picklable, so that spawned processes can take it."""

    url: str
    tag: str
    visits: int
    name_every: int
    location: Location
    shared_clients: tuple[int, ...]
    professionals: tuple[tuple[int, str], ...]
    """Ids and names of the professionals the writers name as case managers."""


@dataclass
class WriterResult:
    """What one writer did; sent back to the parent through a queue."""

    writer: int
    registered: int = 0
    given_up: int = 0
    registration_refusals: Counter[str] = field(default_factory=Counter)
    namings_tried: int = 0
    namings_done: int = 0
    naming_refusals: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    """Seconds from the first attempt to the saved visit, retries included."""
    crashed: str | None = None


def _uow_factory(url: str) -> tuple[UowFactory, Callable[[], None]]:
    engine = build_engine(url)
    session_factory = build_session_factory(engine)
    clock = SystemClock()
    return (lambda: SqlUnitOfWork(session_factory, clock)), engine.dispose


def _kind(error: Exception, names: Sequence[str] = ()) -> str:
    """A refusal's kind: the domain error's class, or the raw driver error's.

    A plain :class:`DomainError` has no class of its own, so its message (in
    English, without the names in it) tells the kinds apart. A raw database
    error reaching the caller means a use case let one through instead of
    saying "try again"; it is named apart so that it stands out.
    """
    if type(error) is DomainError:
        message = error.message
        for name in names:
            message = message.replace(name, "…")
        return f'DomainError "{message}"'
    if isinstance(error, DomainError):
        return type(error).__name__
    return f"raw {type(error).__name__}"


def _walk_in(plan: Plan, writer: int, number: int) -> WalkInInput:
    """A third anonymous, a third a new named client, a third a returning shared client.

    Named and returning visits write the access log, whose hash chain is the
    one place every writer must queue for.
    """
    reason = f"{plan.tag}-w{writer}-v{number}"
    match number % 3:
        case 0:
            return WalkInInput(reason=reason)
        case 1:
            return WalkInInput(reason=reason, name=f"Kuorma {plan.tag} {writer}-{number}")
        case _:
            client_id = plan.shared_clients[number % len(plan.shared_clients)]
            return WalkInInput(reason=reason, client_id=client_id)


def _register(
    uow: UowFactory, plan: Plan, actor: Staff, form: WalkInInput, result: WriterResult
) -> None:
    """Register until it lands; every refusal is counted and backed off from.

    Only a refusal that trying again can cure is retried (someone else was
    writing); any other would be refused again, so the visit is given up and
    shows up as lost.
    """
    clock = SystemClock()
    started = time.perf_counter()
    for attempt in range(MAX_ATTEMPTS):
        try:
            # The desk's answers to its questions: the names are alike on purpose,
            # and a shared client comes back while still in the queue.
            reception.register_walk_in(
                uow(),
                form,
                actor=actor,
                location=plan.location,
                clock=clock,
                accept_possible_duplicate=True,
                accept_already_waiting=True,
            )
        except (DomainError, DBAPIError) as error:
            result.registration_refusals[_kind(error)] += 1
            if not isinstance(error, RETRIED):
                break
            delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2**attempt)
            time.sleep(delay * random.uniform(0.5, 1.5))
        else:
            result.registered += 1
            result.latencies.append(time.perf_counter() - started)
            return
    result.given_up += 1


def _name_case_manager(
    uow: UowFactory, plan: Plan, actor: Staff, rng: random.Random, result: WriterResult
) -> None:
    """One try at naming a case manager for a shared client; a refusal is not retried."""
    result.namings_tried += 1
    professional_id, professional_name = rng.choice(plan.professionals)
    try:
        coordination.name_case_manager(
            uow(),
            rng.choice(plan.shared_clients),
            professional_id,
            f"kuormitus {actor.name}",
            actor=actor,
            clock=SystemClock(),
        )
    except (DomainError, DBAPIError) as error:
        result.naming_refusals[_kind(error, [professional_name])] += 1
    else:
        result.namings_done += 1


def run_writer(
    plan: Plan,
    writer: int,
    actor: Staff,
    start: multiprocessing.synchronize.Barrier,
    results: multiprocessing.queues.Queue[WriterResult],
) -> None:
    """One desk: connect, wait for the others, then register ``plan.visits`` walk-ins."""
    set_language("en")  # refusal messages are counted by their text
    result = WriterResult(writer)
    dispose: Callable[[], None] | None = None
    try:
        uow, dispose = _uow_factory(plan.url)
        reception.identify_staff(uow(), actor.name)  # connect now, not on the clock
        rng = random.Random(writer)
        start.wait(BARRIER_TIMEOUT)
        for number in range(plan.visits):
            _register(uow, plan, actor, _walk_in(plan, writer, number), result)
            if plan.name_every and number % plan.name_every == plan.name_every - 1:
                _name_case_manager(uow, plan, actor, rng, result)
    except Exception:  # noqa: BLE001 - reported by the parent, which exits non-zero
        result.crashed = traceback.format_exc()
        start.abort()
    finally:
        if dispose is not None:
            dispose()
        results.put(result)


# The database ------------------------------------------------------------------


@contextmanager
def _database(url: str | None, tag: str, keep: bool) -> Iterator[tuple[str, str]]:
    """A migrated database for the run, and how to describe it; removed unless kept."""
    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="rinnalla-load-"))
        path = folder / "load.db"
        target = f"sqlite:///{path}"
        _migrate(target)
        try:
            yield target, f"SQLite, fresh file {path}"
        finally:
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)
        return
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.database == "postgres":
        name = f"load_{tag}"
        admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        target = parsed.set(database=name).render_as_string(hide_password=False)
        try:
            _migrate(target)
            yield target, f"PostgreSQL, fresh database {name} on {parsed.host}:{parsed.port}"
        finally:
            if not keep:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        return
    _migrate(url)
    yield url, f"{parsed.get_backend_name()}, given database {parsed.database}"


def _migrate(url: str) -> None:
    engine = build_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Setup:
    location: Location
    actors: tuple[Staff, ...]
    shared_clients: tuple[int, ...]
    professionals: tuple[tuple[int, str], ...]
    """Ids and names of the professionals the writers name as case managers."""


def _setup(url: str, tag: str, writers: int, shared: int) -> Setup:
    """The location, the staff, the professionals, and shared clients in today's queue.

    A coordinator reaches a client in today's queue, so each shared client gets
    a visit today before the writers start: then every writer may name their
    case manager. Staff are coordinators, the role a new staff row gets.
    """
    uow, dispose = _uow_factory(url)
    clock = SystemClock()
    try:
        location = reception.identify_location(uow(), f"load-{tag}", f"Kuormitusasema {tag}")
        organiser = reception.identify_staff(uow(), f"Kuormitus {tag} valmistelija")
        actors = tuple(
            reception.identify_staff(uow(), f"Kuormitus {tag} {w}") for w in range(writers)
        )
        clients: list[int] = []
        for i in range(shared):
            visit = reception.register_walk_in(
                uow(),
                WalkInInput(name=f"Yhteinen {tag} {i}", reason=f"{tag}-setup-{i}"),
                actor=organiser,
                location=location,
                clock=clock,
                accept_possible_duplicate=True,
            )
            assert visit.client_id is not None  # a name makes a client
            clients.append(visit.client_id)
        professionals = tuple(
            (saved.id, saved.name)
            for saved in (
                coordination.save_professional(
                    uow(),
                    ProfessionalInput(
                        name=f"Asiakasvastaava {tag} {p}",
                        organisation="Kuormitus",
                        sector=Sector.SOCIAL,
                    ),
                    actor=organiser,
                )
                for p in range(max(2, writers))
            )
        )
    finally:
        dispose()
    return Setup(location, actors, tuple(clients), professionals)


# Counting --------------------------------------------------------------------


@dataclass(frozen=True)
class Findings:
    found: int
    lost: int
    duplicated: int
    two_case_managers: int
    network_duplicates: int
    chain_ok: bool
    chain_events: int


def _count(url: str, plan: Plan, writers: int) -> Findings:
    """Read the outcome straight from the tables, with a fresh engine."""
    intended = {f"{plan.tag}-w{w}-v{v}" for w in range(writers) for v in range(plan.visits)}
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            counts: dict[str, int] = {
                reason: n
                for reason, n in connection.execute(
                    text(
                        "SELECT reason, COUNT(*) FROM visits WHERE location_id = :location "
                        "GROUP BY reason"
                    ),
                    {"location": plan.location.id},
                )
                if reason in intended
            }
            two_case_managers = connection.execute(
                text(
                    "SELECT COUNT(*) FROM (SELECT client_id FROM case_manager_assignments "
                    "WHERE ended_at IS NULL GROUP BY client_id HAVING COUNT(*) > 1) AS twice"
                )
            ).scalar_one()
            # Not a failure here (nothing promises it), but worth seeing: the same
            # professional listed twice in one shared client's network.
            network_duplicates = connection.execute(
                text(
                    "SELECT COUNT(*) FROM (SELECT client_id, professional_id "
                    "FROM network_members WHERE professional_id IS NOT NULL "
                    "GROUP BY client_id, professional_id HAVING COUNT(*) > 1) AS twice"
                )
            ).scalar_one()
        with build_session_factory(engine)() as session:
            chain = verify_chain(session)
    finally:
        engine.dispose()
    return Findings(
        found=len(counts),
        lost=len(intended) - len(counts),
        duplicated=sum(n - 1 for n in counts.values()),
        two_case_managers=int(two_case_managers),
        network_duplicates=int(network_duplicates),
        chain_ok=chain.ok,
        chain_events=chain.checked,
    )


# Reporting -------------------------------------------------------------------


def _kinds(counter: Counter[str]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in counter.most_common()) or "none"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _report(
    description: str,
    writers: int,
    plan: Plan,
    results: list[WriterResult],
    findings: Findings,
    elapsed: float,
) -> bool:
    """Print the figures; return whether the run kept every promise."""
    registration = sum((r.registration_refusals for r in results), Counter[str]())
    naming = sum((r.naming_refusals for r in results), Counter[str]())
    latencies = sorted(x for r in results for x in r.latencies)
    ok = (
        findings.lost == 0
        and findings.duplicated == 0
        and findings.two_case_managers == 0
        and findings.chain_ok
    )
    rows = [
        ("database", description),
        ("writers", str(writers)),
        ("visits intended", str(writers * plan.visits)),
        ("visits found", str(findings.found)),
        ("lost", str(findings.lost)),
        ("duplicated", str(findings.duplicated)),
        ("given up after retries", str(sum(r.given_up for r in results))),
        ("clients with >1 active case manager", str(findings.two_case_managers)),
        (
            "case managers named",
            f"{sum(r.namings_done for r in results)} of "
            f"{sum(r.namings_tried for r in results)} tried "
            f"on {len(plan.shared_clients)} shared clients",
        ),
        ("refusals, registration (retried)", _kinds(registration)),
        ("refusals, naming (not retried)", _kinds(naming)),
        ("same professional twice in a network", str(findings.network_duplicates)),
        (
            "access log chain",
            f"{'verifies' if findings.chain_ok else 'BROKEN'}, {findings.chain_events} events",
        ),
        ("elapsed", f"{elapsed:.1f} s"),
        ("throughput", f"{findings.found / elapsed:.1f} visits/s" if elapsed else "-"),
    ]
    if latencies:
        rows.append(
            (
                "registration latency",
                f"p50 {_ms(statistics.median(latencies))}, "
                f"p95 {_ms(latencies[int(0.95 * (len(latencies) - 1))])}, "
                f"max {_ms(latencies[-1])}",
            )
        )
    rows.append(("result", "OK" if ok else "FAILED"))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return ok


# Running -----------------------------------------------------------------------


def _collect(
    queue: multiprocessing.queues.Queue[WriterResult],
    processes: Sequence[multiprocessing.process.BaseProcess],
) -> list[WriterResult]:
    """Every writer's result; one that died without a word is reported as crashed."""
    results: dict[int, WriterResult] = {}
    while len(results) < len(processes):
        try:
            result = queue.get(timeout=1.0)
        except Empty:
            for writer, process in enumerate(processes):
                if writer not in results and not process.is_alive() and queue.empty():
                    results[writer] = WriterResult(
                        writer, crashed=f"exited with status {process.exitcode}"
                    )
            continue
        results[result.writer] = result
    return [results[w] for w in sorted(results)]


def run(
    url: str | None, writers: int, visits: int, shared: int, name_every: int, keep: bool
) -> int:
    tag = uuid.uuid4().hex[:6]
    context = multiprocessing.get_context("spawn")
    with _database(url, tag, keep) as (target, description):
        setup = _setup(target, tag, writers, shared)
        plan = Plan(
            url=target,
            tag=tag,
            visits=visits,
            name_every=name_every,
            location=setup.location,
            shared_clients=setup.shared_clients,
            professionals=setup.professionals,
        )
        start = context.Barrier(writers + 1)
        queue: multiprocessing.queues.Queue[WriterResult] = context.Queue()
        processes = [
            context.Process(
                target=run_writer,
                args=(plan, w, setup.actors[w], start, queue),
                name=f"writer-{w}",
            )
            for w in range(writers)
        ]
        for process in processes:
            process.start()
        try:
            start.wait(BARRIER_TIMEOUT)
        except threading.BrokenBarrierError:
            pass  # a writer crashed while connecting; its result says why
        began = time.perf_counter()
        results = _collect(queue, processes)
        elapsed = time.perf_counter() - began
        for process in processes:
            process.join()
        crashed = [r for r in results if r.crashed]
        for result in crashed:
            print(f"writer {result.writer} crashed:\n{result.crashed}", file=sys.stderr)
        findings = _count(target, plan, writers)
        ok = _report(description, writers, plan, results, findings, elapsed)
        if keep:
            print(f"{'kept':<10}  {target}")
    if crashed:
        return 2
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.concurrent_writers",
        description="Concurrent writers registering visits and naming case managers.",
    )
    parser.add_argument(
        "--db",
        help="database URL; a PostgreSQL URL ending in /postgres gets a fresh database "
        "(default: a fresh temporary SQLite file)",
    )
    parser.add_argument("--writers", type=int, default=8, help="writer processes (8)")
    parser.add_argument("--visits", type=int, default=1000, help="visits per writer (1000)")
    parser.add_argument(
        "--shared-clients", type=int, default=20, help="clients whose case managers compete (20)"
    )
    parser.add_argument(
        "--name-every",
        type=int,
        default=10,
        help="each writer names a case manager after every this many visits (10; 0: never)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    if args.writers < 1 or args.visits < 0 or args.shared_clients < 1 or args.name_every < 0:
        parser.error("writers and shared clients must be at least 1, the others not negative")
    return run(args.db, args.writers, args.visits, args.shared_clients, args.name_every, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
