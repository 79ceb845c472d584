"""Callbacks: a promised call is on the caller's list until done, and late says so."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.audit import AccessAction
from domain.callbacks import Callback, CallbackInput, parse_time
from domain.clients import Client
from domain.clock import FixedClock
from domain.contact_details import ContactDetails
from domain.errors import DomainError, InvalidInput
from domain.ports import UnitOfWork
from domain.staff import Staff, StaffRole
from domain.use_cases.callbacks import (
    add_callback,
    callers,
    count_my_callbacks,
    mark_callback_done,
    my_callbacks,
)
from tests.fakes import FakeUnitOfWork

# 10.00 in Helsinki on Tuesday 24 November 2026.
NOW = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 24)
VEERA = Staff(id=1, name="Vastaanotto Veera", role=StaffRole.RECEPTION)
KAISA = Staff(id=2, name="Koordinaattori Kaisa", role=StaffRole.COORDINATOR)
LEA = Staff(id=3, name="Lead Lea", role=StaffRole.LEAD)
CLIENT = Client(id=5, name="Laine Liisa", hetu=None, birth_year=1985, created_at=NOW, version=1)


def callback(
    *, due_on: dt.date = TODAY, due_time: dt.time | None = None, done: bool = False
) -> Callback:
    return Callback(
        id=1,
        client_id=5,
        caller_id=1,
        due_on=due_on,
        due_time=due_time,
        note="Asumistuen päätös",
        created_by=2,
        created_at=NOW,
        done_at=NOW if done else None,
    )


# The rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "due_time", "late"),
    [
        (TODAY - dt.timedelta(days=1), None, True),  # yesterday's call was not made
        (TODAY, None, False),  # today without a time: the whole day is left
        (TODAY, dt.time(9, 30), True),  # agreed for 9.30, it is 10.00 now
        (TODAY, dt.time(10, 30), False),
        (TODAY + dt.timedelta(days=1), dt.time(8, 0), False),
    ],
)
def test_a_callback_is_late_after_its_day_or_its_agreed_time(
    due_on: dt.date, due_time: dt.time | None, late: bool
) -> None:
    assert callback(due_on=due_on, due_time=due_time).overdue_at(NOW) is late


def test_a_callback_done_is_never_late() -> None:
    assert not callback(due_on=TODAY - dt.timedelta(days=3), done=True).overdue_at(NOW)


def test_a_time_is_typed_with_a_dot_or_a_colon() -> None:
    assert parse_time("9.30") == dt.time(9, 30)
    assert parse_time(" 14:05 ") == dt.time(14, 5)
    assert parse_time("") is None
    for wrong in ("9", "25.00", "9.75", "klo 9"):
        with pytest.raises(ValueError, match="Kirjoita aika muodossa 9.30"):
            parse_time(wrong)


def entry(**fields: object) -> CallbackInput:
    values: dict[str, object] = {
        "client_id": 5,
        "caller_id": 1,
        "due_on": TODAY,
        "note": "Soita päätöksestä",
    }
    return CallbackInput(**{**values, **fields})


def test_a_callback_needs_a_day_not_past_and_a_short_note() -> None:
    with pytest.raises(InvalidInput) as refused:
        entry(due_on=None, note="  ").checked(TODAY)
    assert refused.value.fields == {
        "due_on": "Valitse päivä, jona soitetaan.",
        "note": "Kirjoita lyhyesti, mistä soitetaan.",
    }
    with pytest.raises(InvalidInput) as refused:
        entry(due_on=TODAY - dt.timedelta(days=1), note="x" * 201).checked(TODAY)
    assert refused.value.fields == {
        "due_on": "Päivä on jo mennyt: valitse tämä päivä tai myöhempi.",
        "note": "Muistiinpano on liian pitkä: enintään 200 merkkiä.",
    }
    assert entry(note=" Soita\n päätöksestä ").checked(TODAY).note == "Soita päätöksestä"


# The use cases, on an in-memory unit of work ---------------------------------------------


@pytest.fixture
def fake() -> FakeUnitOfWork:
    fake = FakeUnitOfWork(FixedClock(NOW))
    fake.seed_clients(CLIENT)
    fake.seed_staff(VEERA, KAISA, LEA)
    fake.seed_contact_details(ContactDetails(client_id=CLIENT.id, phone="040 123 4567"))
    return fake


def uow(fake: FakeUnitOfWork) -> UnitOfWork:
    return fake


def test_a_callback_goes_on_the_callers_list_and_the_askers(fake: FakeUnitOfWork) -> None:
    made = add_callback(uow(fake), entry(caller_id=VEERA.id), actor=KAISA)
    assert (made.created_by, made.caller_id) == (KAISA.id, VEERA.id)
    assert fake.audits == [(KAISA.id, AccessAction.CALLBACK_CREATED, CLIENT.id)]
    for worker in (VEERA, KAISA):
        [line] = my_callbacks(uow(fake), actor=worker)
        assert (line.client.display_name, line.phone, line.caller, line.created_by) == (
            "Laine Liisa",
            "040 123 4567",
            VEERA,
            KAISA,
        )
    # Listing logs the client for whoever saw it.
    assert (VEERA.id, AccessAction.CALLBACK_LISTED, CLIENT.id) in fake.audits


def test_the_count_is_of_ones_own_calls_and_says_how_many_are_late(fake: FakeUnitOfWork) -> None:
    add_callback(uow(fake), entry(caller_id=VEERA.id), actor=KAISA)
    add_callback(uow(fake), entry(caller_id=VEERA.id, due_time=dt.time(9, 0)), actor=VEERA)
    add_callback(uow(fake), entry(caller_id=KAISA.id), actor=VEERA)
    counted = count_my_callbacks(uow(fake), actor=VEERA)
    assert (counted.open, counted.overdue) == (2, 1)


def test_a_call_is_given_only_to_a_worker_who_calls_clients(fake: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_callback(uow(fake), entry(caller_id=LEA.id), actor=VEERA)
    assert refused.value.fields == {"caller": "Valitse soittaja listalta."}
    # The list offers oneself first, then the others who call clients.
    assert callers(uow(fake), CLIENT.id, actor=KAISA) == [KAISA, VEERA]


def test_done_takes_it_off_the_lists_once_and_only_by_the_two_who_know(
    fake: FakeUnitOfWork,
) -> None:
    made = add_callback(uow(fake), entry(caller_id=VEERA.id), actor=VEERA)
    other = Staff(id=9, name="Toinen Tiina", role=StaffRole.RECEPTION)
    with pytest.raises(DomainError, match="Vain soittaja tai soittopyynnön kirjannut"):
        mark_callback_done(uow(fake), made.id, made.version, actor=other)
    done = mark_callback_done(uow(fake), made.id, made.version, actor=VEERA)
    assert done.done_by == VEERA.id and done.done_at == NOW
    assert my_callbacks(uow(fake), actor=VEERA) == []
    with pytest.raises(DomainError, match="on jo merkitty soitetuksi"):
        mark_callback_done(uow(fake), made.id, done.version, actor=VEERA)
    assert (VEERA.id, AccessAction.CALLBACK_DONE, CLIENT.id) in fake.audits
