"""Reception use cases against an in-memory unit of work (no database)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from domain.audit import AccessAction
from domain.clients import Client, NewClient
from domain.clock import FixedClock
from domain.errors import IllegalTransition, InvalidInput, NotFound, StaleVersion
from domain.i18n import set_language, tr
from domain.identity import make_hetu, parse_hetu
from domain.ports import UnitOfWork
from domain.reception import AlreadyWaiting, PossibleDuplicate
from domain.staff import Location, Staff
from domain.use_cases.reception import (
    call_next,
    call_visit,
    finish_visit,
    identify_location,
    identify_staff,
    mark_left,
    register_walk_in,
    search_clients,
    todays_queue,
)
from domain.visits import ReferralChannel, Urgency, Visit, VisitState
from domain.walk_in import WalkInInput
from tests.fakes import FakeUnitOfWork

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # 12:00 in Helsinki
ACTOR = Staff(id=3, name="Riikka Vastaanotto")
HERE = Location(id=1, code="KESKUSTA", name="Keskustan hyvinvointiasema")
ELSEWHERE = Location(id=2, code="ITA", name="Idän hyvinvointiasema")
HETU = make_hetu(dt.date(1985, 3, 14), 234)

# --- seeding the in-memory unit of work ----------------------------------------


def seed_client(
    uow: FakeUnitOfWork, name: str | None, birth_year: int | None = None, hetu: str | None = None
) -> Client:
    parsed = parse_hetu(hetu) if hetu else None
    client = Client(
        id=uow.committed.new_id(),
        name=name,
        hetu=parsed,
        birth_year=parsed.birth_year if parsed else birth_year,
        created_at=NOW - timedelta(days=100),
        version=1,
    )
    uow.seed_clients(client)
    return client


def seed_visit(
    uow: FakeUnitOfWork,
    arrived_at: dt.datetime,
    *,
    urgency: Urgency = Urgency.NORMAL,
    state: VisitState = VisitState.WAITING,
    location: Location = HERE,
    client: Client | None = None,
    version: int = 1,
) -> Visit:
    called = state in (VisitState.IN_SERVICE, VisitState.DONE)
    visit = Visit(
        id=uow.committed.new_id(),
        location_id=location.id,
        client_id=client.id if client else None,
        reason="asia",
        channel=ReferralChannel.SELF,
        urgency=urgency,
        state=state,
        arrived_at=arrived_at,
        registered_by=ACTOR.id,
        called_at=arrived_at + timedelta(minutes=1) if called else None,
        called_by=ACTOR.id if called else None,
        ended_at=arrived_at + timedelta(minutes=2) if not state.is_open else None,
        ended_by=ACTOR.id if not state.is_open else None,
        version=version,
    )
    uow.seed_visits(visit)
    return visit


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    yield
    set_language("fi")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def uow(clock: FixedClock) -> FakeUnitOfWork:
    return FakeUnitOfWork(clock)


def register(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    *,
    accept: bool = False,
    second_visit: bool = False,
    **typed: object,
) -> Visit:
    port: UnitOfWork = uow
    return register_walk_in(
        port,
        WalkInInput.model_validate(typed),
        actor=ACTOR,
        location=HERE,
        clock=clock,
        accept_possible_duplicate=accept,
        accept_already_waiting=second_visit,
    )


# --- the fake itself ----------------------------------------------------------------


def test_fake_discards_uncommitted_changes(uow: FakeUnitOfWork) -> None:
    with uow:
        uow.clients.add(NewClient(name="A", hetu=None, birth_year=None))
        uow.permit(ACTOR, AccessAction.CLIENT_CREATED, None)
        uow.audit(ACTOR, AccessAction.CLIENT_CREATED, 1)
    assert uow.committed.clients == {}
    assert uow.audits == []
    with uow:
        uow.clients.add(NewClient(name="B", hetu=None, birth_year=None))
        uow.commit()
    assert [c.name for c in uow.committed.clients.values()] == ["B"]


# --- registering a walk-in ---------------------------------------------------------


def test_anonymous_walk_in_creates_no_client(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    visit = register(uow, clock, reason="Asumisasia", urgency=Urgency.URGENT)
    assert visit.client_id is None
    assert visit.state is VisitState.WAITING
    assert visit.arrived_at == NOW
    assert visit.location_id == HERE.id
    assert visit.registered_by == ACTOR.id
    assert visit.urgency is Urgency.URGENT
    assert visit.reason == "Asumisasia"
    assert uow.committed.clients == {}
    assert uow.committed.visits == {visit.id: visit}
    assert uow.audits == []
    assert uow.commits == 1


def test_named_walk_in_creates_client_and_audits(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    visit = register(uow, clock, name="Matti Virtanen", birth_year="1985")
    [client] = uow.committed.clients.values()
    assert (client.name, client.birth_year, client.hetu) == ("Matti Virtanen", 1985, None)
    assert visit.client_id == client.id
    assert uow.committed.visits[visit.id].client_id == client.id
    assert uow.audits == [
        (ACTOR.id, AccessAction.CLIENT_CREATED, client.id),
        (ACTOR.id, AccessAction.VISIT_REGISTERED, client.id),
    ]
    assert uow.commits == 1


def test_walk_in_with_hetu_stores_it(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    register(uow, clock, hetu=HETU.lower())
    [client] = uow.committed.clients.values()
    assert client.hetu is not None and client.hetu.code == HETU
    assert client.birth_year == 1985
    assert client.name is None


def test_invalid_input_stores_nothing(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    with pytest.raises(InvalidInput):
        register(uow, clock, name="Matti", birth_year="19a5")
    assert uow.committed.visits == {} and uow.committed.clients == {}
    assert uow.commits == 0


@pytest.mark.parametrize("typed_name", ["Mati Virtanen", "Virtanen Matti", "matti  virtanen"])
def test_resembling_name_and_year_is_a_possible_duplicate(
    uow: FakeUnitOfWork, clock: FixedClock, typed_name: str
) -> None:
    existing = seed_client(uow, "Matti Virtanen", 1985)
    with pytest.raises(PossibleDuplicate) as info:
        register(uow, clock, name=typed_name, birth_year="1985")
    assert info.value.certain is False
    assert info.value.candidates == [existing]
    assert str(info.value) == tr("reception.possible_duplicate")
    assert list(uow.committed.clients.values()) == [existing]
    assert uow.committed.visits == {}
    # The look-alike shown to the worker is logged as listed (R12).
    assert uow.audits == [(ACTOR.id, AccessAction.CLIENT_LISTED_IN_SEARCH, existing.id)]
    assert uow.commits == 1


def test_same_name_other_birth_year_is_not_a_duplicate(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    seed_client(uow, "Matti Virtanen", 1985)
    visit = register(uow, clock, name="Matti Virtanen", birth_year="1986")
    assert len(uow.committed.clients) == 2
    assert visit.client_id is not None


@pytest.mark.parametrize("typed_name", ["Matti Virtanen", "MATTI VIRTANEN", "Virtánen  Matti"])
def test_same_name_without_year_is_a_possible_duplicate(
    uow: FakeUnitOfWork, clock: FixedClock, typed_name: str
) -> None:
    existing = seed_client(uow, "Matti Virtanen", 1985)
    with pytest.raises(PossibleDuplicate) as info:
        register(uow, clock, name=typed_name)
    assert info.value.candidates == [existing]
    assert info.value.certain is False
    assert list(uow.committed.clients.values()) == [existing]
    assert uow.committed.visits == {}


def test_a_typo_in_the_name_alone_is_a_possible_duplicate(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    existing = seed_client(uow, "Matti Virtanen")
    with pytest.raises(PossibleDuplicate) as info:
        register(uow, clock, name="Matti Virtamen")
    assert info.value.candidates == [existing]


def test_a_given_year_keeps_look_alikes_whose_year_is_unknown(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    unknown = seed_client(uow, "Matti Virtanen")
    same = seed_client(uow, "Matti Virtanen", 1985)
    seed_client(uow, "Matti Virtanen", 1990)
    with pytest.raises(PossibleDuplicate) as info:
        register(uow, clock, name="Matti Virtanen", birth_year="1985")
    assert sorted(c.id for c in info.value.candidates) == [unknown.id, same.id]


def test_a_new_hetu_is_not_the_client_with_another_hetu(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    seed_client(uow, "Matti Virtanen", hetu=HETU)
    other = make_hetu(dt.date(1985, 3, 14), 246)
    visit = register(uow, clock, name="Matti Virtanen", hetu=other)
    assert len(uow.committed.clients) == 2
    assert visit.client_id is not None


def test_another_name_is_not_a_duplicate(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    seed_client(uow, "Matti Virtanen")
    register(uow, clock, name="Maija Korhonen")
    register(uow, clock, name="Matti Nieminen")
    assert len(uow.committed.clients) == 3


def test_accepting_possible_duplicate_stores_new_client(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    existing = seed_client(uow, "Matti Virtanen", 1985)
    visit = register(uow, clock, accept=True, name="Mati Virtanen", birth_year="1985")
    assert len(uow.committed.clients) == 2
    assert visit.client_id is not None and visit.client_id != existing.id
    assert uow.committed.clients[visit.client_id].name == "Mati Virtanen"
    assert uow.audits == [
        (ACTOR.id, AccessAction.CLIENT_CREATED, visit.client_id),
        (ACTOR.id, AccessAction.VISIT_REGISTERED, visit.client_id),
    ]


@pytest.mark.parametrize("accept", [False, True])
def test_existing_hetu_is_a_certain_duplicate(
    uow: FakeUnitOfWork, clock: FixedClock, accept: bool
) -> None:
    existing = seed_client(uow, "Matti Virtanen", hetu=HETU)
    with pytest.raises(PossibleDuplicate) as info:
        register(uow, clock, accept=accept, name="Liisa Korhonen", hetu=HETU.lower())
    assert info.value.certain is True
    assert info.value.candidates == [existing]
    assert str(info.value) == tr("reception.hetu_taken")
    assert list(uow.committed.clients.values()) == [existing]
    assert uow.committed.visits == {}
    assert uow.audits == [(ACTOR.id, AccessAction.CLIENT_LISTED_IN_SEARCH, existing.id)]


def test_picked_client_registers_for_that_client(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    existing = seed_client(uow, "Matti Virtanen", 1985)
    visit = register(uow, clock, client_id=existing.id, name="ignored", hetu="rubbish")
    assert visit.client_id == existing.id
    assert list(uow.committed.clients.values()) == [existing]
    assert uow.audits == [(ACTOR.id, AccessAction.VISIT_REGISTERED, existing.id)]


@pytest.mark.parametrize("state", [VisitState.WAITING, VisitState.IN_SERVICE])
def test_a_client_already_in_todays_queue_is_asked_about_first(
    uow: FakeUnitOfWork, clock: FixedClock, state: VisitState
) -> None:
    existing = seed_client(uow, "Matti Virtanen", 1985)
    # At another desk of the same day: the client still cannot wait twice unasked.
    open_visit = seed_visit(
        uow, NOW - timedelta(hours=1), client=existing, state=state, location=ELSEWHERE
    )
    with pytest.raises(AlreadyWaiting) as info:
        register(uow, clock, client_id=existing.id)
    assert info.value.client == existing
    assert info.value.visit == open_visit
    assert str(info.value) == tr("reception.already_waiting")
    assert "Virtanen" not in str(info.value)
    assert len(uow.committed.visits) == 1
    second = register(uow, clock, second_visit=True, client_id=existing.id)
    assert second.client_id == existing.id
    assert len(uow.committed.visits) == 2


@pytest.mark.parametrize(
    ("arrived", "state"),
    [
        (NOW - timedelta(hours=2), VisitState.DONE),
        (NOW - timedelta(hours=2), VisitState.LEFT),
        (NOW - timedelta(days=1), VisitState.WAITING),  # yesterday's, never closed
    ],
)
def test_a_closed_or_earlier_visit_does_not_count_as_waiting(
    uow: FakeUnitOfWork, clock: FixedClock, arrived: datetime, state: VisitState
) -> None:
    existing = seed_client(uow, "Matti Virtanen", 1985)
    seed_visit(uow, arrived, client=existing, state=state)
    visit = register(uow, clock, client_id=existing.id)
    assert visit.client_id == existing.id


def test_picked_client_that_no_longer_exists(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    with pytest.raises(NotFound):
        register(uow, clock, client_id=999)
    assert uow.committed.visits == {}
    assert uow.commits == 0


# --- calling and closing visits ------------------------------------------------------


def test_call_next_calls_urgent_first(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    client = seed_client(uow, "Matti Virtanen", 1985)
    seed_visit(uow, NOW - timedelta(hours=1))
    urgent = seed_visit(uow, NOW - timedelta(minutes=5), urgency=Urgency.URGENT, client=client)
    called = call_next(uow, actor=ACTOR, location=HERE, clock=clock)
    assert called is not None and called.id == urgent.id
    assert called.state is VisitState.IN_SERVICE
    assert (called.called_by, called.called_at) == (ACTOR.id, NOW)
    assert called.version == urgent.version + 1
    assert uow.committed.visits[urgent.id] == called
    assert uow.audits == [(ACTOR.id, AccessAction.VISIT_UPDATED, client.id)]
    assert uow.commits == 1


def test_call_next_then_longest_waiting(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    seed_visit(uow, NOW - timedelta(minutes=10))
    first = seed_visit(uow, NOW - timedelta(minutes=50))
    called = call_next(uow, actor=ACTOR, location=HERE, clock=clock)
    assert called is not None and called.id == first.id
    assert uow.audits == []  # anonymous visit: no client data touched


def test_call_next_returns_none_when_nobody_waits(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    seed_visit(uow, NOW - timedelta(hours=1), state=VisitState.IN_SERVICE)
    seed_visit(uow, NOW - timedelta(hours=2), state=VisitState.DONE)
    seed_visit(uow, NOW - timedelta(hours=3), state=VisitState.LEFT)
    before = copy.deepcopy(uow.committed)
    assert call_next(uow, actor=ACTOR, location=HERE, clock=clock) is None
    assert uow.committed == before
    assert uow.commits == 0


def test_call_next_ignores_other_locations_and_other_days(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    seed_visit(uow, NOW - timedelta(hours=1), location=ELSEWHERE, urgency=Urgency.URGENT)
    seed_visit(uow, NOW - timedelta(days=1), urgency=Urgency.URGENT)
    assert call_next(uow, actor=ACTOR, location=HERE, clock=clock) is None
    mine = seed_visit(uow, NOW - timedelta(minutes=1))
    called = call_next(uow, actor=ACTOR, location=HERE, clock=clock)
    assert called is not None and called.id == mine.id


def test_finish_visit_with_outdated_version_is_stale(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    visit = seed_visit(uow, NOW - timedelta(hours=1), state=VisitState.IN_SERVICE, version=3)
    before = copy.deepcopy(uow.committed)
    with pytest.raises(StaleVersion) as info:
        finish_visit(uow, visit.id, 2, actor=ACTOR, clock=clock)
    assert str(info.value) == tr("visit.stale")
    assert uow.committed == before
    assert uow.commits == 0


def test_finish_visit_with_current_version(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    client = seed_client(uow, "Matti Virtanen", 1985)
    visit = seed_visit(
        uow, NOW - timedelta(hours=1), state=VisitState.IN_SERVICE, client=client, version=3
    )
    done = finish_visit(uow, visit.id, 3, actor=ACTOR, clock=clock)
    assert done.state is VisitState.DONE
    assert (done.ended_by, done.ended_at, done.version) == (ACTOR.id, NOW, 4)
    assert uow.committed.visits[visit.id] == done
    assert uow.audits == [(ACTOR.id, AccessAction.VISIT_UPDATED, client.id)]


def test_call_visit_out_of_turn_and_mark_left(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    seed_visit(uow, NOW - timedelta(hours=1), urgency=Urgency.URGENT)
    later = seed_visit(uow, NOW - timedelta(minutes=5))
    called = call_visit(uow, later.id, 1, actor=ACTOR, clock=clock)
    assert called.state is VisitState.IN_SERVICE and called.version == 2
    left = mark_left(uow, later.id, 2, actor=ACTOR, clock=clock)
    assert left.state is VisitState.LEFT
    assert uow.committed.visits[later.id].state is VisitState.LEFT


def test_illegal_move_stores_nothing(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    visit = seed_visit(uow, NOW - timedelta(hours=1))
    with pytest.raises(IllegalTransition):
        finish_visit(uow, visit.id, 1, actor=ACTOR, clock=clock)
    assert uow.committed.visits[visit.id] == visit
    assert uow.commits == 0


# --- today's queue -----------------------------------------------------------------


def test_todays_queue_is_the_helsinki_day(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    # Helsinki is UTC+2 in November: the 24th runs from 23rd 22:00 UTC to 24th 22:00 UTC.
    just_after_midnight = seed_visit(uow, datetime(2026, 11, 23, 23, 30, tzinfo=UTC))  # 01:30
    at_midnight = seed_visit(uow, datetime(2026, 11, 23, 22, 0, tzinfo=UTC))  # 00:00
    seed_visit(uow, datetime(2026, 11, 23, 21, 59, tzinfo=UTC))  # 23:59 yesterday
    seed_visit(uow, datetime(2026, 11, 22, 21, 30, tzinfo=UTC))  # 23:30 two days ago
    this_morning = seed_visit(uow, datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    seed_visit(uow, datetime(2026, 11, 24, 8, 0, tzinfo=UTC), location=ELSEWHERE)
    queue = todays_queue(uow, actor=ACTOR, location=HERE, clock=clock)
    assert {entry.visit.id for entry in queue} == {
        just_after_midnight.id,
        at_midnight.id,
        this_morning.id,
    }
    assert uow.asked_between == [
        (datetime(2026, 11, 23, 22, 0, tzinfo=UTC), datetime(2026, 11, 24, 22, 0, tzinfo=UTC))
    ]


def test_todays_queue_in_summer_uses_summer_time(uow: FakeUnitOfWork) -> None:
    summer = FixedClock(datetime(2026, 6, 15, 21, 30, tzinfo=UTC))  # 00:30 on the 16th
    seed_visit(uow, datetime(2026, 6, 15, 20, 59, tzinfo=UTC))  # 23:59 on the 15th
    today = seed_visit(uow, datetime(2026, 6, 15, 21, 0, tzinfo=UTC))  # 00:00 on the 16th
    queue = todays_queue(uow, actor=ACTOR, location=HERE, clock=summer)
    assert [entry.visit.id for entry in queue] == [today.id]


def test_todays_queue_order_clients_and_audit(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    matti = seed_client(uow, "Matti Virtanen", 1985)
    liisa = seed_client(uow, "Liisa Korhonen", 1990)
    done = seed_visit(uow, NOW - timedelta(hours=2), state=VisitState.DONE, client=matti)
    waiting = seed_visit(uow, NOW - timedelta(hours=1), client=liisa)
    urgent = seed_visit(uow, NOW - timedelta(minutes=5), urgency=Urgency.URGENT)
    queue = todays_queue(uow, actor=ACTOR, location=HERE, clock=clock)
    assert [e.visit.id for e in queue] == [urgent.id, waiting.id, done.id]
    assert [e.client for e in queue] == [None, liisa, matti]
    assert sorted(uow.audits) == sorted(
        [
            (ACTOR.id, AccessAction.CLIENT_LISTED_IN_QUEUE, matti.id),
            (ACTOR.id, AccessAction.CLIENT_LISTED_IN_QUEUE, liisa.id),
        ]
    )
    assert uow.commits == 1


def test_todays_queue_empty(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    assert todays_queue(uow, actor=ACTOR, location=HERE, clock=clock) == []
    assert uow.audits == []


# --- searching -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "\x1b[31m"])
def test_empty_search_does_not_touch_the_unit_of_work(uow: FakeUnitOfWork, text: str) -> None:
    seed_client(uow, "Matti Virtanen", 1985)
    assert search_clients(uow, text, actor=ACTOR) == []
    assert uow.entered == 0
    assert uow.audits == []


def test_search_audits_each_listed_client(uow: FakeUnitOfWork) -> None:
    matti = seed_client(uow, "Matti Virtanen", 1985)
    maija = seed_client(uow, "Maija Virtanen", 1990)
    seed_client(uow, "Liisa Korhonen", 1985)
    found = search_clients(uow, "virtanen", actor=ACTOR)
    assert found == [maija, matti]
    assert uow.audits == [
        (ACTOR.id, AccessAction.CLIENT_LISTED_IN_SEARCH, maija.id),
        (ACTOR.id, AccessAction.CLIENT_LISTED_IN_SEARCH, matti.id),
    ]
    assert uow.commits == 1


def test_search_by_name_and_year_and_limit(uow: FakeUnitOfWork) -> None:
    matti = seed_client(uow, "Matti Virtanen", 1985)
    seed_client(uow, "Maija Virtanen", 1990)
    assert search_clients(uow, "Virtanen 1985", actor=ACTOR) == [matti]
    assert len(search_clients(uow, "virtanen", actor=ACTOR, limit=1)) == 1


def test_search_with_one_typo_finds_the_name_meant(uow: FakeUnitOfWork) -> None:
    matti = seed_client(uow, "Matti Virtanen", 1985)
    seed_client(uow, "Maija Virtala", 1990)
    assert search_clients(uow, "virtsnen matti", actor=ACTOR) == [matti]
    assert uow.audits == [(ACTOR.id, AccessAction.CLIENT_LISTED_IN_SEARCH, matti.id)]
    # The typo is forgiven in the name only: the year must still be right.
    assert search_clients(uow, "virtsnen 1990", actor=ACTOR) == []


def test_search_finding_nobody_audits_nothing(uow: FakeUnitOfWork) -> None:
    seed_client(uow, "Matti Virtanen", 1985)
    assert search_clients(uow, "korhonen", actor=ACTOR) == []
    assert uow.audits == []


# --- other use cases ------------------------------------------------------------------


def test_identify_staff_and_location_create_once(uow: FakeUnitOfWork) -> None:
    first = identify_staff(uow, "riikka")
    assert identify_staff(uow, "riikka") == first
    place = identify_location(uow, "KESKUSTA", "Keskusta")
    assert identify_location(uow, "KESKUSTA", "Keskusta") == place
    assert uow.commits == 4
    assert uow.committed.staff == {"riikka": first}
