"""The hash-chained access log on a real SQLite file (R12).

Events are written through the use cases, then the database is changed with
plain SQL, as someone with file access would, and verification must name the
first event that no longer fits.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from domain import reception
from domain.audit import GENESIS_HASH, AccessAction, ChainCheck, ChainProblem
from domain.clock import FixedClock
from domain.staff import Location, Staff
from domain.walk_in import WalkInInput
from storage.audit_log import events_for_client, verify_chain
from storage.engine import build_engine, build_session_factory
from storage.migrate import upgrade
from storage.orm import AccessEventRow
from storage.unit_of_work import SqlUnitOfWork

Uow = Callable[[], SqlUnitOfWork]


def register(uow: Uow, actor: Staff, location: Location, clock: FixedClock, name: str) -> int:
    visit = reception.register_walk_in(
        uow(),
        WalkInInput(name=name, birth_year="1980", reason="Asuminen"),
        actor=actor,
        location=location,
        clock=clock,
    )
    assert visit.client_id is not None
    return visit.client_id


@pytest.fixture
def logged(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> tuple[int, int]:
    """Two clients with eight events between them; returns their ids."""
    first = register(uow, actor, location, clock, "Laine Liisa")  # events 1, 2
    clock.advance(minutes=5)
    second = register(uow, actor, location, clock, "Mäki Matti")  # events 3, 4
    for client_id in (first, second, first, second):  # events 5..8
        clock.advance(minutes=1)
        reception.get_client(uow(), client_id, actor=actor)
    return first, second


def check(session_factory: sessionmaker[Session]) -> ChainCheck:
    with session_factory() as session:
        return verify_chain(session)


def rows(session_factory: sessionmaker[Session]) -> list[AccessEventRow]:
    with session_factory() as session:
        return list(session.scalars(select(AccessEventRow).order_by(AccessEventRow.id)))


def sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement), params)


def test_events_written_by_use_cases_form_a_chain(
    logged: tuple[int, int], session_factory: sessionmaker[Session]
) -> None:
    events = rows(session_factory)
    assert [event.id for event in events] == list(range(1, 9))
    assert events[0].prev_hash == GENESIS_HASH
    for earlier, later in pairwise(events):
        assert later.prev_hash == earlier.hash
    result = check(session_factory)
    assert result.ok
    assert result.checked == 8
    assert result.last_id == 8
    assert result.head == events[-1].hash


def test_the_purpose_is_stored_and_hashed(
    logged: tuple[int, int],
    uow: Uow,
    actor: Staff,
    engine: Engine,
    session_factory: sessionmaker[Session],
) -> None:
    with uow() as work:
        work.permit(actor, AccessAction.CLIENT_READ, None)
        work.audit(actor, AccessAction.CLIENT_READ, logged[0], purpose="asiakkaan pyyntö")
        work.commit()
    assert rows(session_factory)[-1].purpose == "asiakkaan pyyntö"
    assert check(session_factory).ok
    sql(engine, "UPDATE access_log SET purpose = 'valvonta' WHERE id = 9")
    result = check(session_factory)
    assert result.first_bad is not None
    assert (result.first_bad.id, result.first_bad.problem) == (9, ChainProblem.EDITED)


def test_a_rolled_back_transaction_leaves_no_event_and_no_gap(
    logged: tuple[int, int], uow: Uow, actor: Staff, session_factory: sessionmaker[Session]
) -> None:
    with uow() as work:
        work.permit(actor, AccessAction.CLIENT_READ, None)
        work.audit(actor, AccessAction.CLIENT_READ, logged[0])
        # leaving without commit
    with uow() as work:
        work.permit(actor, AccessAction.CLIENT_READ, None)
        work.audit(actor, AccessAction.CLIENT_READ, logged[0])
        work.rollback()
        work.permit(actor, AccessAction.SUMMARY_READ, None)
        work.audit(actor, AccessAction.SUMMARY_READ, logged[0])
        work.commit()
    events = rows(session_factory)
    assert [event.action for event in events[8:]] == [AccessAction.SUMMARY_READ.value]
    assert check(session_factory).checked == 9
    assert check(session_factory).ok


def test_two_commits_in_one_unit_of_work_chain_in_order(
    logged: tuple[int, int], uow: Uow, actor: Staff, session_factory: sessionmaker[Session]
) -> None:
    with uow() as work:
        for action in (AccessAction.CLIENT_READ, AccessAction.SUMMARY_READ):
            work.permit(actor, action, None)
            work.audit(actor, action, logged[0])
            work.permit(actor, action, None)
            work.audit(actor, action, logged[1])
            work.commit()
    result = check(session_factory)
    assert result.ok
    assert result.checked == 12


@pytest.mark.parametrize(
    ("column", "value"),
    [("action", "'client.summary'"), ("actor_id", "actor_id"), ("client_id", "client_id")],
)
def test_an_edited_event_fails_verification_and_is_named(
    logged: tuple[int, int],
    engine: Engine,
    session_factory: sessionmaker[Session],
    column: str,
    value: str,
) -> None:
    if column == "actor_id":
        sql(engine, "INSERT INTO staff (name, created_at) VALUES ('Muu Mikko', '2026-01-01')")
        value = "(SELECT id FROM staff WHERE name = 'Muu Mikko')"
    if column == "client_id":
        value = "(SELECT client_id FROM access_log WHERE id = 1)"  # event 6 is the 2nd client's
    sql(engine, f"UPDATE access_log SET {column} = {value} WHERE id = 6")
    result = check(session_factory)
    assert not result.ok
    assert result.first_bad is not None
    assert result.first_bad.id == 6
    assert result.first_bad.problem is ChainProblem.EDITED
    assert result.first_bad.previous_id == 5
    assert result.checked == 6


def test_an_edited_time_is_named(
    logged: tuple[int, int], engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        at = session.get_one(AccessEventRow, 3).at
    earlier = (at - dt.timedelta(hours=1)).replace(tzinfo=None).isoformat(sep=" ")
    sql(engine, "UPDATE access_log SET at = :at WHERE id = 3", at=earlier)
    result = check(session_factory)
    assert result.first_bad is not None
    assert (result.first_bad.id, result.first_bad.problem) == (3, ChainProblem.EDITED)


def test_a_deleted_event_fails_verification_at_the_next_one(
    logged: tuple[int, int], engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    sql(engine, "DELETE FROM access_log WHERE id = 4")
    result = check(session_factory)
    assert not result.ok
    assert result.first_bad is not None
    assert result.first_bad.id == 5
    assert result.first_bad.problem is ChainProblem.MISSING_OR_REORDERED
    assert result.first_bad.previous_id == 3


def test_swapped_events_fail_verification_at_the_first_of_them(
    logged: tuple[int, int], engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    """Reordering with ids kept: every column but the id changes places."""
    columns = ("at", "actor_id", "action", "client_id", "purpose", "prev_hash", "hash")
    with engine.begin() as connection:
        one, other = (
            connection.execute(
                text(f"SELECT {', '.join(columns)} FROM access_log WHERE id = :id"), {"id": key}
            ).one()
            for key in (5, 6)
        )
        assignments = ", ".join(f"{column} = :{column}" for column in columns)
        for key, row in ((5, other), (6, one)):
            connection.execute(
                text(f"UPDATE access_log SET {assignments} WHERE id = :id"),
                {**row._mapping, "id": key},
            )
    result = check(session_factory)
    assert not result.ok
    assert result.first_bad is not None
    assert result.first_bad.id == 5
    assert result.first_bad.problem is ChainProblem.MISSING_OR_REORDERED
    assert result.first_bad.previous_id == 4


def test_deleting_the_newest_event_shows_only_in_the_count(
    logged: tuple[int, int], engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    """A chain alone cannot reveal a cut tail: what remains is intact.

    Verification therefore reports the count and newest hash, which differ from
    those of a check made before the deletion.
    """
    before = check(session_factory)
    sql(engine, "DELETE FROM access_log WHERE id = 8")
    after = check(session_factory)
    assert after.ok
    assert (before.checked, after.checked) == (8, 7)
    assert (before.last_id, after.last_id) == (8, 7)
    assert after.head != before.head


def test_an_event_inserted_past_rinnalla_is_named(
    logged: tuple[int, int], engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    sql(
        engine,
        "INSERT INTO access_log (at, actor_id, action, client_id) "
        "SELECT at, actor_id, 'client.read', client_id FROM access_log WHERE id = 1",
    )
    result = check(session_factory)
    assert result.first_bad is not None
    assert (result.first_bad.id, result.first_bad.problem) == (9, ChainProblem.UNCHAINED)


def test_verification_streams_many_events(
    logged: tuple[int, int], uow: Uow, actor: Staff, session_factory: sessionmaker[Session]
) -> None:
    """More than one fetch batch: the stream must carry the chain across batches."""
    with uow() as work:
        for _ in range(2500):
            work.permit(actor, AccessAction.CLIENT_LISTED_IN_QUEUE, None)
            work.audit(actor, AccessAction.CLIENT_LISTED_IN_QUEUE, logged[0])
        work.commit()
    result = check(session_factory)
    assert result.ok
    assert result.checked == 2508


def test_two_terminals_writing_at_once_keep_one_chain(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    client_ids = [register(uow, actor, location, clock, name) for name in ("Aho Anna", "Oja Olli")]
    rounds = 40
    start = threading.Barrier(2)

    def terminal(client_id: int) -> None:
        start.wait()
        for index in range(rounds):
            if index % 4 == 0:
                reception.register_walk_in(
                    uow(),
                    WalkInInput(client_id=client_id, reason="Uusi käynti"),
                    actor=actor,
                    location=location,
                    clock=clock,
                    accept_already_waiting=True,  # the same client, again and again
                )
            else:
                with uow() as work:
                    work.clients.get(client_id)
                    work.permit(actor, AccessAction.CLIENT_READ, None)
                    work.audit(actor, AccessAction.CLIENT_READ, client_id)
                    work.permit(actor, AccessAction.SUMMARY_READ, None)
                    work.audit(actor, AccessAction.SUMMARY_READ, client_id)
                    work.commit()

    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(terminal, client_id) for client_id in client_ids]:
            future.result()

    with session_factory() as session:
        total = session.scalar(select(func.count()).select_from(AccessEventRow))
        ids = list(session.scalars(select(AccessEventRow.id).order_by(AccessEventRow.id)))
    visits, reads = rounds // 4, rounds - rounds // 4
    assert total == 4 + 2 * (visits + 2 * reads)  # a visit logs one event, a reading two
    assert ids == list(range(1, len(ids) + 1))
    result = check(session_factory)
    assert result.ok, result.first_bad
    assert result.checked == total


def test_the_client_listing_is_newest_first_with_worker_and_purpose(
    logged: tuple[int, int],
    uow: Uow,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    other = reception.identify_staff(uow(), "Koordinaattori Kaisa")
    clock.advance(minutes=10)
    with uow() as work:
        work.permit(other, AccessAction.SUMMARY_READ, None)
        work.audit(other, AccessAction.SUMMARY_READ, logged[0], purpose="palaverin valmistelu")
        work.commit()
    with session_factory() as session:
        entries = events_for_client(session, logged[0])
    assert [(entry.actor_name, entry.action) for entry in entries] == [
        ("Koordinaattori Kaisa", "client.summary"),
        ("Vastaanotto Veera", "client.read"),
        ("Vastaanotto Veera", "client.read"),
        ("Vastaanotto Veera", "visit.register"),
        ("Vastaanotto Veera", "client.create"),
    ]
    assert entries[0].purpose == "palaverin valmistelu"
    assert entries[0].action_label == "luki yhteenvedon"
    assert all(entry.purpose is None for entry in entries[1:])
    assert entries[0].at == clock.now()


def fill_version_0006(engine: Engine) -> None:
    """A database at revision 0006 with 2501 unchained events (ids with gaps)."""
    upgrade(engine, "0006")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO staff (id, name, created_at) VALUES (1, 'V', '2026-01-01')")
        )
        connection.execute(
            text(
                "INSERT INTO clients (id, name, name_key, created_at, version) "
                "VALUES (1, 'A', 'a', '2026-01-01', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO access_log (id, at, actor_id, action, client_id, purpose) "
                "VALUES (:id, :at, 1, 'client.read', 1, :purpose)"
            ),
            [
                {
                    "id": index * 2,
                    "at": f"2026-01-02 08:00:{index % 60:02d}.{index:06d}",
                    "purpose": "tarkastus" if index % 7 == 0 else None,
                }
                for index in range(1, 2502)  # more than one page of the migration
            ],
        )


def test_the_migration_chains_events_logged_before_the_chain(tmp_path: Path) -> None:
    """Migration 0007's data step, on a file without foreign-key enforcement.

    With the application's own engine (foreign keys on) 0007 cannot yet run on
    a database that has data at all; see the expected failure below.
    """
    engine = create_engine(f"sqlite:///{tmp_path / 'vanha.db'}")
    try:
        fill_version_0006(engine)
        upgrade(engine)
        session_factory = build_session_factory(engine)
        result = check(session_factory)
        assert result.ok, result.first_bad
        assert result.checked == 2501
        assert result.last_id == 5002

        # New events continue the migrated chain.
        clock = FixedClock(dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC))
        actor = reception.identify_staff(SqlUnitOfWork(session_factory, clock), "V")
        reception.get_client(SqlUnitOfWork(session_factory, clock), 1, actor=actor)
        result = check(session_factory)
        assert result.ok
        assert (result.checked, result.last_id) == (2502, 5003)

        sql(engine, "UPDATE access_log SET action = 'client.summary' WHERE id = 2000")
        result = check(session_factory)
        assert result.first_bad is not None
        assert result.first_bad.id == 2000
    finally:
        engine.dispose()


def test_a_database_with_data_upgrades_through_0007_with_the_app_engine(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'vanha.db'}")
    try:
        fill_version_0006(engine)
        upgrade(engine)
        assert check(build_session_factory(engine)).checked == 2501
    finally:
        engine.dispose()


def test_a_queue_seen_again_the_same_day_is_logged_once_per_worker(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    """Every terminal reloads the queue whenever anyone changes it; the log keeps the
    first sighting of each client by each worker each day, not every reload."""
    first = register(uow, actor, location, clock, "Aino Virtanen")
    other = reception.identify_staff(uow(), "Toinen Työntekijä")

    def listings() -> list[tuple[int, int]]:
        return sorted(
            (row.actor_id, row.client_id)
            for row in rows(session_factory)
            if row.action == AccessAction.CLIENT_LISTED_IN_QUEUE.value
        )

    for _ in range(3):
        reception.todays_queue(uow(), actor=actor, location=location, clock=clock)
    reception.todays_queue(uow(), actor=other, location=location, clock=clock)
    assert listings() == sorted([(actor.id, first), (other.id, first)])

    second = register(uow, actor, location, clock, "Bertta Muu")
    reception.todays_queue(uow(), actor=actor, location=location, clock=clock)
    assert listings() == sorted([(actor.id, first), (other.id, first), (actor.id, second)])

    assert check(session_factory).ok
