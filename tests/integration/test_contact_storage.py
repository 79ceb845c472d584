"""Contact details, callbacks, close persons' phones and directory edits, stored on both engines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from domain.access import AccessDenied
from domain.audit import AccessAction
from domain.callbacks import CallbackInput
from domain.clock import FixedClock, local_today
from domain.contact_details import ContactDetailsInput, ContactLanguage, ContactWay
from domain.errors import StaleVersion
from domain.network import MemberInput, ProfessionalInput
from domain.report_export import report_csv, report_json
from domain.reports import Period
from domain.sectors import Sector
from domain.staff import Location, Staff, StaffRole
from domain.use_cases.callbacks import (
    add_callback,
    count_my_callbacks,
    mark_callback_done,
    my_callbacks,
)
from domain.use_cases.contact_details import get_contact_details, save_contact_details
from domain.use_cases.contacts_card import contacts_card
from domain.use_cases.coordination import directory_history, save_member, save_professional
from domain.use_cases.indicators import build_report
from domain.use_cases.summary import client_summary
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import walk_in_client

Uow = Callable[[], SqlUnitOfWork]

PHONE = "040 765 4321"


@pytest.fixture
def client_id(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> int:
    return walk_in_client(uow, actor, location, clock, name="Laine Liisa")


@pytest.fixture
def colleague(uow: Uow) -> Staff:
    with uow() as work:
        staff = work.staff.get_or_add("Vastaanotto Ville")
        staff = work.staff.set_role(staff.id, StaffRole.RECEPTION)
        work.commit()
    return staff


def details(client_id: int, seen: int = 0, **fields: object) -> ContactDetailsInput:
    values: dict[str, object] = {
        "client_id": client_id,
        "phone": PHONE,
        "contact_way": ContactWay.TEXT_MESSAGE,
        "language": ContactLanguage.OTHER,
        "language_other": "arabia",
        "interpreter": True,
        "interpreter_language": "arabia",
        "address": "Kotikatu 1 A 2, 53100 Lappeenranta",
        "seen_version": seen,
    }
    return ContactDetailsInput(**{**values, **fields})


def test_contact_details_are_stored_shown_on_the_summary_and_logged(
    uow: Uow, actor: Staff, client_id: int
) -> None:
    assert get_contact_details(uow(), client_id, actor=actor).empty
    saved = save_contact_details(uow(), details(client_id), actor=actor)
    assert (saved.phone, saved.contact_way, saved.language_text()) == (
        PHONE,
        ContactWay.TEXT_MESSAGE,
        "arabia",
    )
    assert client_summary(uow(), client_id, actor=actor).contact == saved
    changed = save_contact_details(
        uow(), details(client_id, saved.version, contact_way=ContactWay.PHONE), actor=actor
    )
    assert changed.version == saved.version + 1
    assert get_contact_details(uow(), client_id, actor=actor) == changed
    with uow() as work:
        actions = [entry.action for entry in work.access_log_for(client_id)]
    assert actions.count(AccessAction.CONTACT_DETAILS_UPDATED.value) == 2


def test_a_second_save_from_the_same_version_is_refused_naming_who_saved(
    uow: Uow, actor: Staff, colleague: Staff, client_id: int
) -> None:
    first = save_contact_details(uow(), details(client_id), actor=colleague)
    with pytest.raises(StaleVersion) as refused:
        save_contact_details(uow(), details(client_id, 0, phone="05 616 1000"), actor=actor)
    assert refused.value.saved_by == colleague.name
    save_contact_details(uow(), details(client_id, first.version, phone="05 616 1000"), actor=actor)
    with pytest.raises(StaleVersion):
        save_contact_details(uow(), details(client_id, first.version), actor=colleague)


def test_the_card_shows_the_clients_details_in_the_clients_language(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock
) -> None:
    save_contact_details(uow(), details(client_id), actor=actor)
    card = contacts_card(uow(), client_id, actor=actor, clock=clock, language="en")
    assert f"Phone: {PHONE}" in card
    assert "Preferred contact: Text message" in card
    assert "Interpreter: needed (arabia)" in card


def test_contact_details_never_reach_the_indicator_report(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock
) -> None:
    save_contact_details(uow(), details(client_id), actor=actor)
    report = build_report(
        uow(), Period.month_of(dt.date(2026, 11, 1)), team_id=None, clock=clock, actor=actor
    )
    for exported in (report_csv(report), report_json(report)):
        text = exported.decode("utf-8-sig")
        assert PHONE not in text and "Kotikatu" not in text and "arabia" not in text


def test_callbacks_are_listed_in_order_counted_and_done(
    uow: Uow, actor: Staff, colleague: Staff, client_id: int, clock: FixedClock
) -> None:
    today = local_today(clock)
    # 12.00 in Helsinki: an agreed 11.00 is late, a call during the day is not.
    timed = add_callback(
        uow(),
        CallbackInput(
            client_id=client_id,
            caller_id=colleague.id,
            due_on=today,
            due_time=dt.time(11, 0),
            note="Kelan päätös",
        ),
        actor=actor,
    )
    tomorrow = add_callback(
        uow(),
        CallbackInput(
            client_id=client_id,
            caller_id=colleague.id,
            due_on=today + dt.timedelta(days=1),
            note="Asunto",
        ),
        actor=actor,
    )
    untimed = add_callback(
        uow(),
        CallbackInput(client_id=client_id, caller_id=colleague.id, due_on=today, note="Raha"),
        actor=colleague,
    )
    lines = my_callbacks(uow(), actor=colleague)
    assert [line.callback.id for line in lines] == [untimed.id, timed.id, tomorrow.id]
    assert lines[1].callback.due_time == dt.time(11, 0)
    assert lines[1].created_by.name == actor.name
    assert lines[0].client.name == "Laine Liisa"
    counted = count_my_callbacks(uow(), actor=colleague)
    assert (counted.open, counted.overdue) == (3, 1)
    # The worker who asked sees the two they asked for.
    assert {line.callback.id for line in my_callbacks(uow(), actor=actor)} == {
        timed.id,
        tomorrow.id,
    }
    mark_callback_done(uow(), timed.id, timed.version, actor=colleague)
    assert [line.callback.id for line in my_callbacks(uow(), actor=colleague)] == [
        untimed.id,
        tomorrow.id,
    ]
    with uow() as work:
        actions = [entry.action for entry in work.access_log_for(client_id)]
    assert AccessAction.CALLBACK_CREATED.value in actions
    assert AccessAction.CALLBACK_DONE.value in actions
    # The list is read often; each worker's first sighting of the day is logged.
    assert actions.count(AccessAction.CALLBACK_LISTED.value) == 2


def test_marking_a_callback_done_twice_from_two_desks_is_refused(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock
) -> None:
    made = add_callback(
        uow(),
        CallbackInput(
            client_id=client_id, caller_id=actor.id, due_on=local_today(clock), note="Soita"
        ),
        actor=actor,
    )
    mark_callback_done(uow(), made.id, made.version, actor=actor)
    with pytest.raises(Exception, match="jo merkitty soitetuksi"):
        mark_callback_done(uow(), made.id, made.version, actor=actor)


def test_a_close_person_keeps_a_phone_number(uow: Uow, actor: Staff, client_id: int) -> None:
    member = save_member(
        uow(),
        MemberInput(client_id=client_id, close_name="Laine Pirjo", relation="äiti", phone=PHONE),
        actor=actor,
    )
    assert member.phone == PHONE
    edited = save_member(
        uow(),
        MemberInput(
            client_id=client_id,
            close_name="Laine Pirjo",
            relation="äiti",
            phone="05 616 1000",
            member_id=member.id,
            seen_version=member.version,
        ),
        actor=actor,
    )
    with uow() as work:
        assert work.network.get_member(member.id).phone == edited.phone == "05 616 1000"


def test_a_directory_edit_is_stored_with_who_changed_which_fields(
    uow: Uow, actor: Staff, colleague: Staff, clock: FixedClock
) -> None:
    added = save_professional(
        uow(),
        ProfessionalInput(name="Talvi Timo", organisation="Kela", sector=Sector.KELA),
        actor=actor,
    )
    clock.advance(minutes=5)
    edited = save_professional(
        uow(),
        ProfessionalInput(
            name="Talvi Timo",
            organisation="Kela Lappeenranta",
            sector=Sector.KELA,
            phone="020 634 0200",
            email="timo.talvi@kela.fi",
            professional_id=added.id,
            seen_version=added.version,
        ),
        actor=actor,
    )
    assert (edited.organisation, edited.phone, edited.email) == (
        "Kela Lappeenranta",
        "020 634 0200",
        "timo.talvi@kela.fi",
    )
    history = directory_history(uow(), added.id, actor=actor)
    assert [edit.fields for edit in history] == [
        ("name", "organisation", "sector"),
        ("organisation", "phone", "email"),
    ]
    assert history[1].by == actor.id and history[1].at == clock.now()
    # The desk finds people in the directory but does not keep it.
    with pytest.raises(AccessDenied):
        save_professional(
            uow(),
            ProfessionalInput(name="X", organisation="Y", sector=Sector.KELA),
            actor=colleague,
        )
