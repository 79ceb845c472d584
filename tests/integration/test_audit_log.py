"""The hash-chained access log on a real SQLite file (R12).

Events are written through the use cases, then the database is changed with
plain SQL, as someone with file access would, and verification must name the
first event that no longer fits.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text, update
from sqlalchemy import insert as insert_into
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from domain.audit import (
    GENESIS_HASH,
    AccessAction,
    Anchor,
    AuditEvent,
    ChainCheck,
    ChainProblem,
    chain_hashes,
)
from domain.clock import FixedClock
from domain.errors import DomainError, InvalidInput
from domain.staff import Location, Staff, StaffRole
from domain.use_cases import accounts, contact_details, reception
from domain.walk_in import WalkInInput
from storage.audit_log import events_for_client, verify_chain
from storage.engine import build_engine, build_session_factory
from storage.migrate import upgrade
from storage.orm import AccessEventRow
from storage.unit_of_work import SqlUnitOfWork
from tests.conftest import NOW
from tests.integration.conftest import walk_in_client

Uow = Callable[[], SqlUnitOfWork]


def register(uow: Uow, actor: Staff, location: Location, clock: FixedClock, name: str) -> int:
    return walk_in_client(uow, actor, location, clock, name=name, birth_year="1980")


@pytest.fixture
def logged(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> tuple[int, int]:
    """Two clients with eight events between them; returns their ids."""
    first = register(uow, actor, location, clock, "Laine Liisa")  # events 1, 2
    clock.advance(minutes=5)
    second = register(uow, actor, location, clock, "Mäki Matti")  # events 3, 4
    for client_id in (first, second, first, second):  # events 5..8
        clock.advance(minutes=1)
        contact_details.get_contact_details(uow(), client_id, actor=actor)
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
        contact_details.get_contact_details(SqlUnitOfWork(session_factory, clock), 1, actor=actor)
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

    def listings() -> list[tuple[int, int | None]]:
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


# Tampering with the log, kind by kind ------------------------------------------------
#
# Each kind is done with plain SQL, as someone with write access to the database
# would. The chain alone names what changes the events it keeps; what leaves an
# intact chain behind (a cut tail, an emptied or replaced table, events rewritten
# with fresh hashes, ids handed out again) is caught by the anchor: the head an
# earlier check printed, kept outside the database. An event appended with a
# correct hash after the anchor cannot be told from a real one; the check counts
# the events after the anchor, so one where none were expected stands out.

ADMIN = ("Pää Käyttäjä", "pitkä tunnuslause hallintaan")


class Chained(Enum):
    """Which check detects a kind of tampering."""

    CHAIN = "the chain alone"
    ANCHOR = "only the anchor: the chain left is intact"
    COUNT = "only the anchor's count of later events"


@dataclass(frozen=True)
class Log:
    engine: Engine
    session_factory: sessionmaker[Session]
    uow: Uow
    actor: Staff
    clients: tuple[int, int]


TABLE = AccessEventRow.metadata.tables[AccessEventRow.__tablename__]
"""Written through the table, not the ORM, so that times keep the stored spelling."""


def stored(log: Log) -> list[AuditEvent]:
    with log.engine.connect() as connection:
        result = connection.execute(select(TABLE).order_by(TABLE.c.id))
        return [AuditEvent.model_validate(dict(row._mapping)) for row in result]


def execute(log: Log, statement: str, **params: object) -> None:
    sql(log.engine, statement, **params)


def write_back(log: Log, events: Iterable[AuditEvent]) -> None:
    with log.engine.begin() as connection:
        for event in events:
            connection.execute(
                update(TABLE).where(TABLE.c.id == event.id).values(event.model_dump(exclude={"id"}))
            )


def insert(log: Log, event: AuditEvent) -> None:
    with log.engine.begin() as connection:
        connection.execute(insert_into(TABLE).values(event.model_dump()))


def forged(log: Log, event_id: int, after: AuditEvent | None, *, rehash: bool) -> AuditEvent:
    """A made-up reading of the first client by the actor, chained after ``after``."""
    event = AuditEvent(
        id=event_id,
        at=NOW + dt.timedelta(hours=1),
        actor_id=log.actor.id,
        action=AccessAction.CLIENT_READ.value,
        client_id=log.clients[0],
    )
    if not rehash:
        return event
    ((_, prev, own),) = chain_hashes([event], after.hash if after and after.hash else GENESIS_HASH)
    return event.model_copy(update={"prev_hash": prev, "hash": own})


def other_staff_id(log: Log) -> int:
    return reception.identify_staff(log.uow(), "Muu Mikko").id


def edit_first(log: Log) -> None:
    execute(log, "UPDATE access_log SET action = 'client.summary' WHERE id = 1")


def edit_middle(log: Log) -> None:
    execute(log, "UPDATE access_log SET action = 'client.summary' WHERE id = 5")


def edit_last(log: Log) -> None:
    execute(log, "UPDATE access_log SET detail = 'reception' WHERE id = 9")


def delete_first(log: Log) -> None:
    execute(log, "DELETE FROM access_log WHERE id = 1")


def delete_middle(log: Log) -> None:
    execute(log, "DELETE FROM access_log WHERE id = 5")


def delete_last(log: Log) -> None:
    execute(log, "DELETE FROM access_log WHERE id = 9")


def truncate_tail(log: Log) -> None:
    execute(log, "DELETE FROM access_log WHERE id >= 6")


def delete_all(log: Log) -> None:
    execute(log, "DELETE FROM access_log")


def swap_two(log: Log) -> None:
    events = stored(log)
    fourth, fifth = events[3], events[4]
    write_back(
        log,
        [fifth.model_copy(update={"id": 4}), fourth.model_copy(update={"id": 5})],
    )


def reorder_ids(log: Log) -> None:
    """Event 3 moved to the end by giving it a new id."""
    execute(log, "UPDATE access_log SET id = 100 WHERE id = 3")


def insert_forged_in_middle(log: Log) -> None:
    """Room made after event 5, and a forged event put there, chained to event 5."""
    events = stored(log)
    execute(log, "DELETE FROM access_log WHERE id >= 6")
    for event in events[5:]:
        insert(log, event.model_copy(update={"id": event.id + 100}))
    insert(log, forged(log, 6, events[4], rehash=True))


def append_forged(log: Log) -> None:
    insert(log, forged(log, 10, stored(log)[-1], rehash=False))


def append_forged_rehashed(log: Log) -> None:
    insert(log, forged(log, 10, stored(log)[-1], rehash=True))


def rehash_forward_after_edit(log: Log) -> None:
    """Event 3 given to another worker, and every hash from it on computed afresh."""
    events = stored(log)
    events[2] = events[2].model_copy(update={"actor_id": other_staff_id(log)})
    links = chain_hashes(events[2:], events[1].hash or GENESIS_HASH)
    write_back(
        log,
        [
            event.model_copy(update={"prev_hash": prev, "hash": own})
            for event, (_, prev, own) in zip(events[2:], links, strict=True)
        ],
    )


def duplicate_event(log: Log) -> None:
    insert(log, stored(log)[3].model_copy(update={"id": 10}))


def change_prev_hash_only(log: Log) -> None:
    execute(log, "UPDATE access_log SET prev_hash = :value WHERE id = 5", value="a" * 64)


def change_hash_only(log: Log) -> None:
    execute(log, "UPDATE access_log SET hash = :value WHERE id = 5", value="a" * 64)


def reuse_ids(log: Log) -> None:
    """The tail cut, the id counter set back, and the log written on as usual."""
    execute(log, "DELETE FROM access_log WHERE id >= 7")
    if log.engine.dialect.name == "sqlite":
        execute(log, "UPDATE sqlite_sequence SET seq = 6 WHERE name = 'access_log'")
    else:
        execute(log, "SELECT setval(pg_get_serial_sequence('access_log', 'id'), 6)")
    contact_details.get_contact_details(log.uow(), log.clients[1], actor=log.actor)
    assert [event.id for event in stored(log)] == [1, 2, 3, 4, 5, 6, 7]


def time_backwards(log: Log) -> None:
    events = stored(log)
    earlier = events[3].at - dt.timedelta(hours=1)
    write_back(log, [events[3].model_copy(update={"at": earlier})])


def change_actor(log: Log) -> None:
    execute(log, "UPDATE access_log SET actor_id = :staff WHERE id = 6", staff=other_staff_id(log))


def change_client(log: Log) -> None:
    """Event 6 is about the second client; made to look like the first's."""
    execute(log, "UPDATE access_log SET client_id = :client WHERE id = 6", client=log.clients[0])


def change_account(log: Log) -> None:
    execute(
        log, "UPDATE access_log SET account_id = :staff WHERE id = 9", staff=other_staff_id(log)
    )


def change_purpose(log: Log) -> None:
    execute(log, "UPDATE access_log SET purpose = 'asiakkaan pyyntö' WHERE id = 7")


def drop_and_recreate(log: Log) -> None:
    """The table replaced by an empty one of the same shape, then written on as usual."""
    with log.engine.begin() as connection:
        connection.execute(text("DROP TABLE access_log"))
        TABLE.create(connection)
    contact_details.get_contact_details(log.uow(), log.clients[1], actor=log.actor)
    assert [event.id for event in stored(log)] == [1]


TAMPER_KINDS: list[tuple[Callable[[Log], None], Chained]] = [
    (edit_first, Chained.CHAIN),
    (edit_middle, Chained.CHAIN),
    (edit_last, Chained.CHAIN),
    (delete_first, Chained.CHAIN),
    (delete_middle, Chained.CHAIN),
    (delete_last, Chained.ANCHOR),
    (truncate_tail, Chained.ANCHOR),
    (delete_all, Chained.ANCHOR),
    (swap_two, Chained.CHAIN),
    (reorder_ids, Chained.CHAIN),
    (insert_forged_in_middle, Chained.CHAIN),
    (append_forged, Chained.CHAIN),
    (append_forged_rehashed, Chained.COUNT),
    (rehash_forward_after_edit, Chained.ANCHOR),
    (duplicate_event, Chained.CHAIN),
    (change_prev_hash_only, Chained.CHAIN),
    (change_hash_only, Chained.CHAIN),
    (reuse_ids, Chained.ANCHOR),
    (time_backwards, Chained.CHAIN),
    (change_actor, Chained.CHAIN),
    (change_client, Chained.CHAIN),
    (change_account, Chained.CHAIN),
    (change_purpose, Chained.CHAIN),
    (drop_and_recreate, Chained.ANCHOR),
]
"""Every kind of tampering tested, and which check detects it (README: the access log)."""


@pytest.fixture
def tamper_log(
    logged: tuple[int, int],
    uow: Uow,
    actor: Staff,
    clock: FixedClock,
    engine: Engine,
    session_factory: sessionmaker[Session],
) -> Log:
    """Eight client events and, newest, an account event (9: the first administrator)."""
    clock.advance(minutes=1)
    name, passphrase = ADMIN
    accounts.create_first_admin(uow(), name, passphrase, passphrase, clock=clock)
    log = Log(engine, session_factory, uow, actor, logged)
    assert [event.id for event in stored(log)] == list(range(1, 10))
    assert stored(log)[-1].account_id is not None
    return log


def test_the_tamper_list_is_complete() -> None:
    names = [tamper.__name__ for tamper, _ in TAMPER_KINDS]
    assert len(set(names)) == len(names) == 24


@pytest.mark.parametrize(
    ("tamper", "detected_by"), TAMPER_KINDS, ids=[tamper.__name__ for tamper, _ in TAMPER_KINDS]
)
def test_every_kind_of_tampering_is_detected(
    tamper_log: Log, tamper: Callable[[Log], None], detected_by: Chained
) -> None:
    before = check(tamper_log.session_factory)
    assert before.ok and before.checked == 9
    anchor = Anchor(head=before.head)
    tamper(tamper_log)
    with tamper_log.session_factory() as session:
        alone = verify_chain(session)
        anchored = verify_chain(session, [anchor])
        by_prefix = verify_chain(session, [Anchor(head=before.head[:16])])
        by_id = verify_chain(session, [Anchor(head=before.head, event_id=before.last_id)])
    assert alone.ok is (detected_by is not Chained.CHAIN)
    if detected_by is Chained.COUNT:
        assert anchored.ok and by_prefix.ok and by_id.ok
        assert (anchored.anchor_id, anchored.after_anchor) == (9, 1)  # none were written
        return
    assert not anchored.ok
    assert not by_prefix.ok
    assert not by_id.ok
    if detected_by is Chained.ANCHOR:
        assert anchored.first_bad is None
        assert anchored.missing_anchors == (anchor,)


def test_an_anchor_passes_while_the_log_only_grows(tamper_log: Log, uow: Uow, actor: Staff) -> None:
    first = check(tamper_log.session_factory)
    contact_details.get_contact_details(uow(), tamper_log.clients[0], actor=actor)
    second = check(tamper_log.session_factory)
    contact_details.get_contact_details(uow(), tamper_log.clients[1], actor=actor)
    with tamper_log.session_factory() as session:
        result = verify_chain(
            session, [Anchor(head=first.head), Anchor(head=second.head, event_id=10)]
        )
        empty = verify_chain(session, [Anchor(head=GENESIS_HASH)])
    assert result.ok
    assert (result.anchor_id, result.after_anchor, result.checked) == (10, 1, 11)
    assert (empty.anchor_id, empty.after_anchor) == (0, 11)


def test_ids_are_not_handed_out_again_after_the_tail_was_deleted(
    tamper_log: Log, uow: Uow, actor: Staff
) -> None:
    execute(tamper_log, "DELETE FROM access_log WHERE id >= 7")
    contact_details.get_contact_details(uow(), tamper_log.clients[0], actor=actor)
    assert [event.id for event in stored(tamper_log)] == [1, 2, 3, 4, 5, 6, 10]
    assert check(tamper_log.session_factory).ok  # chained to 6: only an anchor tells


# Account administration ---------------------------------------------------------------


def test_account_administration_is_in_the_chain_without_secrets(
    uow: Uow, clock: FixedClock, session_factory: sessionmaker[Session], engine: Engine
) -> None:
    name, passphrase = ADMIN
    admin = accounts.create_first_admin(uow(), name, passphrase, passphrase, clock=clock)
    clock.advance(minutes=1)
    veera = accounts.add_user(
        uow(),
        "Vastaanotto Veera",
        StaffRole.RECEPTION,
        "ensimmäinen lause",
        actor=admin,
        clock=clock,
    )
    accounts.reset_passphrase(uow(), veera.name, "toinen pitkä lause", actor=admin)
    accounts.set_active(uow(), veera.name, False, actor=admin)
    accounts.set_active(uow(), veera.name, True, actor=admin)
    accounts.change_role(uow(), veera.name, StaffRole.COORDINATOR, actor=admin)
    accounts.change_role(uow(), veera.name, StaffRole.COORDINATOR, actor=admin)  # no change
    events = rows(session_factory)
    assert [
        (event.actor_id, event.action, event.account_id, event.client_id, event.detail)
        for event in events
    ] == [
        (admin.id, "account.add", admin.id, None, "admin"),
        (admin.id, "account.add", veera.id, None, "reception"),
        (admin.id, "account.reset", veera.id, None, None),
        (admin.id, "account.disable", veera.id, None, None),
        (admin.id, "account.enable", veera.id, None, None),
        (admin.id, "account.role", veera.id, None, "reception→coordinator"),
    ]
    assert events[0].at == NOW
    assert all(event.at == NOW + dt.timedelta(minutes=1) for event in events[1:])
    with engine.connect() as connection:
        dumped = " ".join(
            str(value)
            for row in connection.execute(text("SELECT * FROM access_log"))
            for value in row
        )
        hashes = connection.execute(text("SELECT passphrase_hash FROM staff")).scalars().all()
    for secret in (passphrase, "ensimmäinen lause", "toinen pitkä lause", *hashes):
        assert secret not in dumped
    assert check(session_factory).ok


def test_a_refused_administration_logs_nothing(
    uow: Uow, clock: FixedClock, session_factory: sessionmaker[Session]
) -> None:
    name, passphrase = ADMIN
    admin = accounts.create_first_admin(uow(), name, passphrase, passphrase, clock=clock)
    veera = accounts.add_user(
        uow(),
        "Vastaanotto Veera",
        StaffRole.RECEPTION,
        "ensimmäinen lause",
        actor=admin,
        clock=clock,
    )
    with pytest.raises(DomainError):
        accounts.change_role(uow(), name, StaffRole.LEAD, actor=veera)  # not an administrator
    with pytest.raises(DomainError):
        accounts.change_role(uow(), name, StaffRole.LEAD, actor=admin)  # the last administrator
    with pytest.raises(InvalidInput):
        accounts.change_role(uow(), "Ei Ketään", StaffRole.LEAD, actor=admin)
    assert len(rows(session_factory)) == 2


def test_the_client_listing_leaves_account_events_out(
    tamper_log: Log, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        listed = [
            entry.action
            for client_id in tamper_log.clients
            for entry in events_for_client(session, client_id)
        ]
    assert len(listed) == 8
    assert not any(action.startswith("account.") for action in listed)


def test_an_event_about_nobody_or_both_is_refused_by_the_database(
    tamper_log: Log, actor: Staff
) -> None:
    for subject in ("NULL, NULL", f"{tamper_log.clients[0]}, {actor.id}"):
        with pytest.raises(IntegrityError):
            execute(
                tamper_log,
                "INSERT INTO access_log (at, actor_id, action, client_id, account_id) "
                f"VALUES ('2026-11-24 10:00:00', {actor.id}, 'client.read', {subject})",
            )
