"""Pending service need assessments on a real SQLite file (R9)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from domain.clients import NewClient
from domain.clock import FixedClock
from domain.errors import DomainError, InvalidInput, StaleVersion
from domain.identity import make_hetu, parse_hetu
from domain.need_assessment import DeadlineRules
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.coordination import my_professional, name_case_manager, save_professional
from domain.use_cases.need_assessment import (
    deadlines_for,
    make_pending,
    mark_started,
    pending_for_client,
    set_highest_care_allowance,
)
from domain.walk_in import WalkInInput
from storage.orm import AccessEventRow, PendingAssessmentRow
from storage.unit_of_work import SqlUnitOfWork

Uow = Callable[[], SqlUnitOfWork]
TODAY = dt.date(2026, 11, 24)
RULES = DeadlineRules()
_NUMBERS = itertools.count(234)


def new_client(uow: Uow, name: str | None, birth: dt.date | None = None) -> int:
    hetu = parse_hetu(make_hetu(birth, next(_NUMBERS))) if birth else None
    with uow() as work:
        client = work.clients.add(
            NewClient(name=name, hetu=hetu, birth_year=hetu.birth_year if hetu else None)
        )
        work.commit()
    return client.id


def actions_for(session_factory: sessionmaker[Session], client_id: int) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AccessEventRow.action)
                .where(AccessEventRow.client_id == client_id)
                .order_by(AccessEventRow.id)
            )
        )


def pending_rows(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(PendingAssessmentRow)) or 0


def test_a_pending_assessment_is_stored_with_its_due_date_and_logged(
    uow: Uow, actor: Staff, clock: FixedClock, session_factory: sessionmaker[Session]
) -> None:
    elderly = new_client(uow, "Vanha Väinö", dt.date(1944, 4, 4))
    pending = make_pending(uow(), elderly, None, RULES, actor=actor, clock=clock)
    assert (pending.pending_since, pending.due_on, pending.statutory) == (
        TODAY,
        dt.date(2026, 12, 3),
        True,
    )
    assert pending_for_client(uow(), elderly, actor=actor) == [pending]
    assert actions_for(session_factory, elderly) == [
        "pending_assessment.update",
        "pending_assessment.read",
    ]


def test_refusals_write_nothing(
    uow: Uow, actor: Staff, clock: FixedClock, session_factory: sessionmaker[Session]
) -> None:
    client_id = new_client(uow, "Nuori Niina", dt.date(1990, 1, 1))
    with pytest.raises(InvalidInput):
        make_pending(uow(), client_id, dt.date(2026, 11, 25), RULES, actor=actor, clock=clock)
    first = make_pending(uow(), client_id, dt.date(2026, 11, 20), RULES, actor=actor, clock=clock)
    with pytest.raises(DomainError, match="jo vireillä"):
        make_pending(uow(), client_id, None, RULES, actor=actor, clock=clock)
    assert pending_rows(session_factory) == 1
    with pytest.raises(InvalidInput) as refused:
        mark_started(
            uow(), first.id, dt.date(2026, 11, 19), first.version, actor=actor, clock=clock
        )
    assert set(refused.value.fields) == {"started_on"}
    assert pending_for_client(uow(), client_id, actor=actor)[0].started_on is None


def test_marking_started_is_guarded_by_the_version(
    uow: Uow, actor: Staff, clock: FixedClock
) -> None:
    client_id = new_client(uow, "Nuori Niina", dt.date(1990, 1, 1))
    pending = make_pending(uow(), client_id, dt.date(2026, 11, 20), RULES, actor=actor, clock=clock)
    with pytest.raises(StaleVersion):
        mark_started(uow(), pending.id, TODAY, pending.version + 1, actor=actor, clock=clock)
    started = mark_started(uow(), pending.id, None, pending.version, actor=actor, clock=clock)
    assert started.started_on == TODAY
    assert started.version == pending.version + 1
    with pytest.raises(DomainError, match="jo merkitty aloitetuksi"):
        mark_started(uow(), pending.id, TODAY, started.version, actor=actor, clock=clock)
    # Started: the client may have a new matter pending.
    again = make_pending(uow(), client_id, None, RULES, actor=actor, clock=clock)
    assert [p.id for p in pending_for_client(uow(), client_id, actor=actor)] == [
        again.id,
        pending.id,
    ]


def test_the_highest_care_allowance_is_stored_and_gives_the_statutory_limit(
    uow: Uow, actor: Staff, clock: FixedClock, session_factory: sessionmaker[Session]
) -> None:
    client_id = new_client(uow, "Hoitotuki Helka", dt.date(1980, 5, 5))
    with uow() as work:
        version = work.clients.get(client_id).version
    saved = set_highest_care_allowance(uow(), client_id, True, version, RULES, actor=actor)
    assert saved.highest_care_allowance
    with pytest.raises(StaleVersion):
        set_highest_care_allowance(uow(), client_id, False, version, RULES, actor=actor)
    with uow() as work:
        assert work.clients.get(client_id).highest_care_allowance
    pending = make_pending(uow(), client_id, None, RULES, actor=actor, clock=clock)
    assert (pending.statutory, pending.due_on) == (True, dt.date(2026, 12, 3))
    assert actions_for(session_factory, client_id)[0] == "client.care_allowance"


def test_the_start_view_shows_my_clients_and_those_nobody_manages(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    me = my_professional(uow(), actor, location.name)
    colleague = save_professional(
        uow(),
        ProfessionalInput(
            name="Lehtonen Leena",
            title="sosiaaliohjaaja",
            organisation="Hyvinvointialue",
            sector=Sector.SOCIAL,
        ),
        actor=actor,
    )
    mine = new_client(uow, "Minun Mikko", dt.date(1990, 1, 1))
    theirs = new_client(uow, "Heidän Heikki", dt.date(1990, 1, 1))
    nobodys = new_client(uow, None, dt.date(1990, 1, 1))
    later = new_client(uow, "Myöhempi Minna", dt.date(1990, 1, 1))
    started = new_client(uow, "Aloitettu Aino", dt.date(1990, 1, 1))
    for client_id, who in ((mine, me), (theirs, colleague), (later, me), (started, me)):
        name_case_manager(uow(), client_id, who.id, "Sovittu", actor=actor, clock=clock)
    # Target 10 working days: from 6.11 due 20.11 (late), from 10.11 due 24.11 (today).
    make_pending(uow(), mine, dt.date(2026, 11, 6), RULES, actor=actor, clock=clock)
    make_pending(uow(), theirs, dt.date(2026, 11, 6), RULES, actor=actor, clock=clock)
    make_pending(uow(), nobodys, dt.date(2026, 11, 10), RULES, actor=actor, clock=clock)
    make_pending(uow(), later, TODAY, RULES, actor=actor, clock=clock)
    done = make_pending(uow(), started, dt.date(2026, 11, 6), RULES, actor=actor, clock=clock)
    mark_started(uow(), done.id, None, done.version, actor=actor, clock=clock)

    lines = deadlines_for(uow(), me.id, TODAY, RULES, actor=actor)
    assert [(line.client, line.status) for line in lines] == [
        ("Minun Mikko", "myöhässä 2 arkipäivää"),
        (f"nimetön asiakas #{nobodys}", "erääntyy tänään"),
    ]
    everyone = deadlines_for(uow(), None, TODAY, RULES, actor=actor)
    assert {line.client_id for line in everyone} == {mine, theirs, nobodys}
    wide = deadlines_for(
        uow(), me.id, TODAY, RULES.model_copy(update={"warn_working_days": 10}), actor=actor
    )
    assert [line.client_id for line in wide][-1] == later


def test_a_walk_in_client_can_have_a_matter_pending(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    """A client known only by a birth year is judged by the year (1 January)."""
    visit = reception.register_walk_in(
        uow(),
        WalkInInput(name="Vuosi Veikko", birth_year="1951"),
        actor=actor,
        location=location,
        clock=clock,
    )
    assert visit.client_id is not None
    pending = make_pending(uow(), visit.client_id, None, RULES, actor=actor, clock=clock)
    assert pending.statutory
