"""Storage on a real SQLite file: round trips, rollback, versions, the access log."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

import pytest
from alembic import command
from pydantic import BaseModel
from sqlalchemy import Engine, event, func, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from domain import reception
from domain.audit import AccessAction
from domain.clock import FixedClock
from domain.errors import NotFound, StaleVersion, StorageBusy
from domain.identity import make_hetu
from domain.staff import Location, Staff
from domain.text import normalise_name
from domain.use_cases import reception as reception_cases
from domain.use_cases import summary
from domain.visits import ReferralChannel, Urgency, Visit, VisitState
from domain.walk_in import WalkInInput
from storage.converters import READ_AS_IS
from storage.engine import build_engine, build_session_factory
from storage.migrate import alembic_config, upgrade
from storage.orm import AccessEventRow, Base, ClientRow, StaffRow, VisitRow
from storage.repositories import clients as client_repository
from storage.unit_of_work import SqlUnitOfWork

Uow = Callable[[], SqlUnitOfWork]
HETU = make_hetu(dt.date(1985, 3, 14), 234)
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def register(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock, **fields: object
) -> Visit:
    return reception_cases.register_walk_in(
        uow(), WalkInInput(**fields), actor=actor, location=location, clock=clock
    )


def count(session_factory: sessionmaker[Session], row: type) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(row)) or 0


def test_walk_in_round_trip_keeps_every_field(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = register(
        uow,
        actor,
        location,
        clock,
        name="Virtanen [b]Matti[/b]",
        hetu=HETU,
        reason="Toimeentulotuki",
        channel=ReferralChannel.KELA,
        urgency=Urgency.URGENT,
    )
    with uow() as work:
        stored = work.visits.get(visit.id)
        client = work.clients.get(stored.client_id or 0)
    assert stored == visit
    assert stored.arrived_at == clock.now()
    assert stored.arrived_at.tzinfo is not None
    assert (stored.channel, stored.urgency, stored.state) == (
        ReferralChannel.KELA,
        Urgency.URGENT,
        VisitState.WAITING,
    )
    assert client.name == "Virtanen [b]Matti[/b]"
    assert client.hetu is not None and client.hetu.code == HETU
    assert client.birth_year == 1985


def test_unit_of_work_without_commit_keeps_nothing(
    uow: Uow, session_factory: sessionmaker[Session]
) -> None:
    from domain.clients import NewClient

    with uow() as work:
        work.clients.add(NewClient(name="Ei tallennu", hetu=None, birth_year=None))
    assert count(session_factory, ClientRow) == 0


def test_failure_half_way_rolls_back_the_client_too(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    """A visit for a location that does not exist fails; its new client must not remain."""
    ghost = Location(id=999, code="ghost", name="Ei ole")
    with pytest.raises(Exception):  # noqa: B017 - the foreign key refuses, any DB error
        register(uow, actor, ghost, clock, name="Puolikas Pekka")
    assert count(session_factory, ClientRow) == 0
    assert count(session_factory, VisitRow) == 0
    assert count(session_factory, AccessEventRow) == 0


def test_stale_version_is_refused_and_first_save_wins(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = register(uow, actor, location, clock, name="Laine Liisa")
    called = reception_cases.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    assert called.version == visit.version + 1
    # A second terminal still shows the old version and tries to mark the visitor left.
    with pytest.raises(StaleVersion):
        reception_cases.mark_left(uow(), visit.id, visit.version, actor=actor, clock=clock)
    with uow() as work:
        assert work.visits.get(visit.id).state is VisitState.IN_SERVICE


def test_concurrent_update_between_read_and_write_is_refused(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    """Both sessions read version 1; the version column makes the later UPDATE match nothing."""
    visit = register(uow, actor, location, clock)
    first, second = uow(), uow()
    with first, second:
        seen_by_first = first.visits.get(visit.id)
        seen_by_second = second.visits.get(visit.id)
        first.visits.update(seen_by_first.call(actor.id, clock.now()))
        first.commit()
        with pytest.raises(StaleVersion):
            second.visits.update(seen_by_second.leave(actor.id, clock.now()))
    with uow() as work:
        assert work.visits.get(visit.id).state is VisitState.IN_SERVICE


def test_visit_lifecycle_records_times_and_staff(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    register(uow, actor, location, clock, name="Korhonen Kari")
    clock.advance(minutes=12)
    called = reception_cases.call_next(uow(), actor=actor, location=location, clock=clock)
    assert called is not None
    clock.advance(minutes=30)
    done = reception_cases.finish_visit(uow(), called.id, called.version, actor=actor, clock=clock)
    assert done.state is VisitState.DONE
    assert done.minutes_waited(clock.now()) == 12
    assert (done.called_by, done.ended_by) == (actor.id, actor.id)
    assert done.ended_at == clock.now()


def test_earlier_days_are_kept_but_the_queue_shows_today(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    yesterday = FixedClock(clock.now() - dt.timedelta(days=1))
    register(uow, actor, location, yesterday, name="Eilinen Eino")
    register(uow, actor, location, clock, name="Tämäpäiväinen Tiina")
    queue = reception_cases.todays_queue(uow(), actor=actor, location=location, clock=clock)
    assert [entry.display_name for entry in queue] == ["Tämäpäiväinen Tiina"]
    assert count(session_factory, VisitRow) == 2


def test_a_client_already_waiting_today_anywhere_is_found_and_asked_about(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    yesterday = FixedClock(clock.now() - dt.timedelta(days=1))
    first = register(uow, actor, location, yesterday, name="Odottava Olli")  # never closed
    assert first.client_id is not None
    picked = {"client_id": first.client_id}
    served = register(uow, actor, location, clock, **picked)
    reception_cases.finish_visit(
        uow(),
        served.id,
        reception_cases.call_visit(
            uow(), served.id, served.version, actor=actor, clock=clock
        ).version,
        actor=actor,
        clock=clock,
    )
    other = reception_cases.identify_location(uow(), "imatra", "Imatran hyvinvointiasema")
    waiting = register(uow, actor, other, clock, **picked)
    with pytest.raises(reception.AlreadyWaiting) as info:
        register(uow, actor, location, clock, **picked)
    assert info.value.visit.id == waiting.id
    start = clock.now() - dt.timedelta(hours=1)
    with uow() as work:
        assert [v.id for v in work.visits.open_for_client_since(first.client_id, start)] == [
            waiting.id
        ]


def test_queue_shows_only_this_terminals_location(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    other = reception_cases.identify_location(uow(), "imatra", "Imatran hyvinvointiasema")
    register(uow, actor, other, clock, name="Imatralainen Iida")
    register(uow, actor, location, clock, name="Lappeenrantalainen Lasse")
    names = [
        e.display_name
        for e in reception_cases.todays_queue(uow(), actor=actor, location=location, clock=clock)
    ]
    assert names == ["Lappeenrantalainen Lasse"]


def test_search_by_fragment_hetu_and_year(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    register(uow, actor, location, clock, name="Hämäläinen Päivi", hetu=HETU)
    register(uow, actor, location, clock, name="Hämäläinen Heikki", birth_year="1960")
    register(uow, actor, location, clock, name="Järvinen Jussi", birth_year="1985")

    def names(text: str) -> list[str | None]:
        return [c.name for c in reception_cases.search_clients(uow(), text, actor=actor)]

    assert names("hämäl") == ["Hämäläinen Heikki", "Hämäläinen Päivi"]
    assert names("HAMAL") == []  # ä is its own letter in Finnish, not an accented a
    assert names(HETU.lower()) == ["Hämäläinen Päivi"]
    assert names("1985") == ["Hämäläinen Päivi", "Järvinen Jussi"]
    assert names("hämäläinen 1985") == ["Hämäläinen Päivi"]
    assert names("100%_") == []  # LIKE wildcards are searched literally


def test_an_exact_fragment_is_found_anywhere_in_a_name(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    register(uow, actor, location, clock, name="Virtanen-Korhonen Aino")
    register(uow, actor, location, clock, name="Ek Li")

    def names(text: str) -> list[str | None]:
        return [c.name for c in reception_cases.search_clients(uow(), text, actor=actor)]

    assert names("honen") == ["Virtanen-Korhonen Aino"]  # inside the second surname
    assert names("anen-kor") == ["Virtanen-Korhonen Aino"]  # across the hyphen
    assert names("rtanen-korhonen ain") == ["Virtanen-Korhonen Aino"]
    assert names("ek li") == ["Ek Li"]  # words too short to be indexed
    assert names("anenkor") == []


def test_every_client_read_and_write_is_in_the_access_log(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = register(uow, actor, location, clock, name="Laitinen Lauri")
    reception_cases.todays_queue(uow(), actor=actor, location=location, clock=clock)
    reception_cases.search_clients(uow(), "laitinen", actor=actor)
    reception_cases.call_next(uow(), actor=actor, location=location, clock=clock)
    with session_factory() as session:
        events = session.scalars(select(AccessEventRow).order_by(AccessEventRow.id)).all()
    assert [e.action for e in events] == [
        AccessAction.CLIENT_CREATED.value,
        AccessAction.VISIT_REGISTERED.value,
        AccessAction.CLIENT_LISTED_IN_QUEUE.value,
        AccessAction.CLIENT_LISTED_IN_SEARCH.value,
        AccessAction.VISIT_UPDATED.value,
    ]
    assert {e.client_id for e in events} == {visit.client_id}
    assert {e.actor_id for e in events} == {actor.id}
    assert all(e.at == clock.now() for e in events)


def test_missing_records_say_so(uow: Uow, actor: Staff, clock: FixedClock) -> None:
    with pytest.raises(NotFound):
        summary.client_summary(uow(), 12345, actor=actor)
    with pytest.raises(NotFound):
        reception_cases.finish_visit(uow(), 12345, 1, actor=actor, clock=clock)


def test_duplicate_hetu_cannot_be_stored_twice(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    register(uow, actor, location, clock, name="Ensimmäinen", hetu=HETU)
    with pytest.raises(reception.PossibleDuplicate) as raised:
        register(
            uow,
            actor,
            location,
            clock,
            name="Toinen",
            hetu=HETU,
        )
    assert raised.value.certain
    assert [c.name for c in raised.value.candidates] == ["Ensimmäinen"]


@pytest.mark.sqlite_only
def test_a_database_held_by_another_terminal_gives_a_try_again_message(
    database_url: str, clock: FixedClock, session_factory: sessionmaker[Session]
) -> None:
    """SQLite's writer lock held past the busy timeout: a clear message, nothing written."""
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    holder.execute("BEGIN EXCLUSIVE")
    try:
        impatient = build_engine(database_url)
        # A short busy timeout on every connection, so the test need not wait 5 s.
        event.listen(impatient, "connect", lambda dbapi, _: dbapi.execute("PRAGMA busy_timeout=50"))
        with pytest.raises(StorageBusy) as raised:
            with SqlUnitOfWork(build_session_factory(impatient), clock) as work:
                work.staff.get_or_add("Toinen pääte")
                work.commit()
        assert "Yritä uudelleen" in str(raised.value)
    finally:
        holder.rollback()
        holder.close()
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(StaffRow)) == 0


def test_two_terminals_starting_at_once_share_one_location(uow: Uow) -> None:
    """The first start of two desks at the same moment: one creates the location
    (or the worker's row) and the other, refused at the unique key, finds it."""
    import threading

    from domain.errors import CreatedMeanwhile

    first = uow()
    with first:
        made = first.locations.get_or_add("imatra", "Imatran hyvinvointiasema")
        outcome: list[object] = []

        def second_terminal() -> None:
            try:
                with uow() as second:
                    second.locations.get_or_add("imatra", "Imatran hyvinvointiasema")
                    second.commit()
                outcome.append("created")
            except CreatedMeanwhile as refused:
                outcome.append(refused)

        racing = threading.Thread(target=second_terminal)
        racing.start()
        racing.join(timeout=0.5)  # it waits on the first one's uncommitted row
        first.commit()
    racing.join(timeout=10)
    assert len(outcome) == 1 and isinstance(outcome[0], CreatedMeanwhile)
    assert reception_cases.identify_location(uow(), "imatra", "Imatra").id == made.id


def test_a_name_with_one_typo_still_finds_the_client(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    for name in ("Virtanen Matti", "Virtala Maija", "Korhonen Matti"):
        reception_cases.register_walk_in(
            uow(),
            WalkInInput(name=name, birth_year="1980", reason="Asuminen"),
            actor=actor,
            location=location,
            clock=clock,
            accept_possible_duplicate=True,
        )

    def names(typed: str) -> list[str | None]:
        return [c.name for c in reception_cases.search_clients(uow(), typed, actor=actor)]

    assert names("virtaen matti") == ["Virtanen Matti"]  # a letter missing
    assert names("virtasen") == ["Virtanen Matti"]  # a letter wrong
    assert names("virtanen") == ["Virtanen Matti"]  # exact: no loose search at all
    assert names("virta") == ["Virtala Maija", "Virtanen Matti"]
    assert names("virtaen maija") == []  # one typo, but nobody is called both


def test_a_renamed_client_is_found_by_a_typo_in_the_new_name_only(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = register(uow, actor, location, clock, name="Virtanen Matti")
    register(uow, actor, location, clock, name="Virtala Maija")
    # No screen renames a client yet; whatever code does it changes the row,
    # and the typo index follows in the same transaction.
    with session_factory() as session:
        row = session.get(ClientRow, visit.client_id)
        assert row is not None
        row.name = "Korhonen-Virtala Matti"
        row.name_key = normalise_name(row.name)
        session.commit()

    def names(typed: str) -> list[str | None]:
        return [c.name for c in reception_cases.search_clients(uow(), typed, actor=actor)]

    assert names("korhnen matti") == ["Korhonen-Virtala Matti"]
    assert names("virtsla matti") == ["Korhonen-Virtala Matti"]  # the second surname
    assert names("virtsnen matti") == []  # the old name is gone from the index
    assert names("virtsla maija") == ["Virtala Maija"]  # others' words stay


def test_names_stored_before_the_typo_index_are_found_after_the_upgrade(
    engine: Engine, uow: Uow, actor: Staff
) -> None:
    command.downgrade(alembic_config(engine), "0009")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO clients (name, name_key, created_at, version) "
                "VALUES ('Hämäläinen Päivi', 'hämäläinen päivi', :at, 1)"
            ),
            {"at": EPOCH},
        )
    upgrade(engine)
    found = reception_cases.search_clients(uow(), "hämälinen päivi", actor=actor)
    assert [client.name for client in found] == ["Hämäläinen Päivi"]


@pytest.mark.parametrize("few", [1, 3000])
def test_a_search_finds_the_same_clients_whichever_way_it_reads_them(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    few: int,
) -> None:
    """A term in few names reads just those clients; one in many reads the
    names in order (or, after a typo, joins the clients with the words). Both
    must give the same answer."""
    monkeypatch.setattr(client_repository, "FEW_CLIENTS", few)
    monkeypatch.setattr(client_repository, "FEW_CLIENTS_TRIGRAMS", few)
    for name in ("Virtanen Matti", "Virtala Maija", "Korhonen Matti", "Aho Ari"):
        register(uow, actor, location, clock, name=name, birth_year="1980")

    def names(text: str) -> list[str | None]:
        return [c.name for c in reception_cases.search_clients(uow(), text, actor=actor)]

    assert names("virta") == ["Virtala Maija", "Virtanen Matti"]
    assert names("matti") == ["Korhonen Matti", "Virtanen Matti"]
    assert names("tti virta") == ["Virtanen Matti"]
    assert names("aho") == ["Aho Ari"]
    assert names("a 1980") == ["Aho Ari", "Korhonen Matti", "Virtala Maija", "Virtanen Matti"]
    assert names("virtanen 1981") == []
    assert names("virtsnen matti") == ["Virtanen Matti"]  # with a typo
    assert names("virtsnen maija") == []


@pytest.mark.parametrize(
    ("model", "row_type"), list(READ_AS_IS.items()), ids=lambda kind: kind.__name__
)
def test_a_model_read_as_is_has_a_column_for_every_field(
    model: type[BaseModel], row_type: type[Base]
) -> None:
    """A field with no column of its name would be read as its default, silently."""
    columns = {column.key for column in inspect(row_type).column_attrs}
    assert set(model.model_fields) <= columns
