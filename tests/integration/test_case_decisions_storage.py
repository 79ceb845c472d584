"""Issue 19 items 4-5 on real databases (SQLite and PostgreSQL): the R7 facts the
interview computes, the joint-client decision on the summary, the reason for
naming a case manager, who ended it, and the named worker's acknowledgement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.audit import AccessAction
from domain.case_management import EndParticipants, EndReason
from domain.catalogue import ServiceInput
from domain.clock import FixedClock
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.intake import ChecklistItem, IntakeContent, OutcomeKind
from domain.network import MemberInput, Professional, ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.catalogue import save_service
from domain.use_cases.coordination import (
    end_case_management,
    my_professional,
    name_case_manager,
    open_network,
    remove_member,
    save_member,
    save_professional,
)
from domain.use_cases.interview import finish_intake, open_interview
from domain.use_cases.joint_client import decide_joint_client, open_joint_client
from domain.use_cases.named_case_managers import acknowledge_naming, namings_to_acknowledge
from domain.use_cases.summary import client_summary
from domain.walk_in import WalkInInput
from storage.orm import AccessEventRow, CaseManagerRow
from storage.unit_of_work import SqlUnitOfWork

Uow = Callable[[], SqlUnitOfWork]
ORGANISATION = "Lappeenrannan hyvinvointiasema"


def called_visit(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock, **fields: object
) -> tuple[int, int]:
    """A visit registered and called in: (visit id, client id)."""
    visit = reception.register_walk_in(
        uow(), WalkInInput.model_validate(fields), actor=actor, location=location, clock=clock
    )
    visit = reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    assert visit.client_id is not None
    return visit.id, visit.client_id


def professional(uow: Uow, actor: Staff, name: str, sector: Sector) -> Professional:
    return save_professional(
        uow(),
        ProfessionalInput(name=name, title="", organisation=f"{sector.value} org", sector=sector),
        actor=actor,
    )


def join(uow: Uow, actor: Staff, client_id: int, who: Professional) -> int:
    member = save_member(
        uow(), MemberInput(client_id=client_id, professional_id=who.id), actor=actor
    )
    return member.id


def events(session_factory: sessionmaker[Session], client_id: int) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AccessEventRow.action)
                .where(AccessEventRow.client_id == client_id)
                .order_by(AccessEventRow.id)
            )
        )


@pytest.fixture
def client_id(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> int:
    return called_visit(uow, actor, location, clock, name="Laine Liisa")[1]


# Item 4: the R7 facts are computed ---------------------------------------------------


def test_the_interview_counts_network_sectors_and_earlier_referrals(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    service = save_service(
        uow(), ServiceInput(name="Velkaneuvonta", sector=Sector.SOCIAL), actor=actor
    )
    referred = IntakeContent(outcome=OutcomeKind.REFERRED, referral_service_id=service.id)
    first, client = called_visit(uow, actor, location, clock, name="Toistuva Tuomas")
    finish_intake(uow(), first, referred, actor=actor, clock=clock)
    second, _ = called_visit(uow, actor, location, clock, client_id=client)
    finish_intake(uow(), second, referred, actor=actor, clock=clock)
    for name, sector in (("Sossu", Sector.SOCIAL), ("Kela", Sector.KELA), ("Hoi", Sector.HEALTH)):
        join(uow, actor, client, professional(uow, actor, name, sector))
    save_member(
        uow(), MemberInput(client_id=client, close_name="Äiti", relation="äiti"), actor=actor
    )

    today, _ = called_visit(uow, actor, location, clock, client_id=client)
    facts = open_interview(uow(), today, actor=actor, clock=clock).facts
    assert facts.network_sectors == {Sector.SOCIAL, Sector.KELA, Sector.HEALTH}
    assert facts.earlier_referrals == 2

    # Today's own referral is not an earlier one.
    finish_intake(uow(), today, referred, actor=actor, clock=clock)
    assert open_interview(uow(), today, actor=actor, clock=clock).facts.earlier_referrals == 2


# Item 4: the joint-client decision ----------------------------------------------------


def test_a_joint_client_decision_is_stored_with_its_criteria_and_shown_on_the_summary(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit, client = called_visit(uow, actor, location, clock, name="Yhteinen Ylva")
    ticked = IntakeContent(
        outcome=OutcomeKind.ADVICE,
        interpreter=True,
        checklist=frozenset({ChecklistItem.SEVERAL_PLANS}),
    )
    finish_intake(uow(), visit, ticked, actor=actor, clock=clock)
    view = open_joint_client(uow(), client, actor=actor, clock=clock)
    assert view.criteria.met
    assert view.latest is None

    decision = decide_joint_client(
        uow(), client, True, " Sovittu Kelan kanssa ", actor=actor, clock=clock
    )
    assert decision.criteria == ("several_plans", "interpreter")
    assert (decision.note, decision.decided_by, decision.decided_at) == (
        "Sovittu Kelan kanssa",
        actor.id,
        clock.now(),
    )
    summary = client_summary(uow(), client, actor=actor)
    assert summary.joint_decision == decision
    assert summary.staff_name(decision.decided_by) == actor.name
    assert AccessAction.JOINT_CLIENT_DECIDED.value in events(session_factory, client)

    clock.advance(days=1)
    later = decide_joint_client(uow(), client, False, "", actor=actor, clock=clock)
    assert client_summary(uow(), client, actor=actor).joint_decision == later
    assert open_joint_client(uow(), client, actor=actor, clock=clock).latest == later


def test_joint_client_without_criteria_or_note_is_refused_and_nothing_stored(
    uow: Uow, actor: Staff, client_id: int
) -> None:
    clock = FixedClock(dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC))
    with pytest.raises(InvalidInput) as caught:
        decide_joint_client(uow(), client_id, True, "", actor=actor, clock=clock)
    assert caught.value.fields == {"note": tr("joint_client.note_needed")}
    assert client_summary(uow(), client_id, actor=actor).joint_decision is None


# Item 5b: naming needs a reason ----------------------------------------------------


def test_naming_without_a_reason_is_refused_and_changes_nothing(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock
) -> None:
    aino = professional(uow, actor, "Aino", Sector.SOCIAL)
    with pytest.raises(InvalidInput) as caught:
        name_case_manager(uow(), client_id, aino.id, "  ", actor=actor, clock=clock)
    assert caught.value.fields == {"note": tr("case_manager.reason_missing")}
    assert open_network(uow(), client_id, actor=actor).case_manager is None


def test_the_naming_reason_is_kept_in_the_history(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock
) -> None:
    aino = professional(uow, actor, "Aino", Sector.SOCIAL)
    pekka = professional(uow, actor, "Pekka", Sector.SOCIAL)
    named = name_case_manager(uow(), client_id, aino.id, "Tuntee perheen", actor=actor, clock=clock)
    assert named.assignment.start_reason == "Tuntee perheen"
    clock.advance(days=1)
    name_case_manager(uow(), client_id, pekka.id, "Aino jäi eläkkeelle", actor=actor, clock=clock)
    history = open_network(uow(), client_id, actor=actor).history
    assert [v.assignment.start_reason for v in history] == [
        "Aino jäi eläkkeelle",
        "Tuntee perheen",
    ]
    assert history[1].assignment.end_note == "Aino jäi eläkkeelle"


# Item 5a: who took part in ending ----------------------------------------------------


def test_ending_records_who_took_part_even_after_a_member_leaves(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock
) -> None:
    aino = professional(uow, actor, "Aino", Sector.SOCIAL)
    kela = professional(uow, actor, "Kelan Kalle", Sector.KELA)
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    kalle = join(uow, actor, client_id, kela)
    ended = end_case_management(
        uow(),
        client_id,
        EndReason.NEED_ENDED,
        "",
        participants=EndParticipants(client=True, member_ids=frozenset({kalle})),
        actor=actor,
        clock=clock,
    )
    assert (ended.ended_with_client, ended.ended_with) == (True, ("Kelan Kalle",))

    member = next(m for m in open_network(uow(), client_id, actor=actor).members if m.id == kalle)
    remove_member(uow(), client_id, kalle, member.version, actor=actor)
    (past,) = open_network(uow(), client_id, actor=actor).history
    assert (past.assignment.ended_with_client, past.assignment.ended_with) == (
        True,
        ("Kelan Kalle",),
    )


def test_ending_with_nobody_or_a_stranger_is_refused_and_keeps_the_case_manager(
    uow: Uow, actor: Staff, location: Location, client_id: int, clock: FixedClock
) -> None:
    aino = professional(uow, actor, "Aino", Sector.SOCIAL)
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    _, other_client = called_visit(uow, actor, location, clock, name="Muu Maija")
    strangers_member = join(uow, actor, other_client, aino)
    for participants, field in (
        (EndParticipants(), tr("case_manager.participants_missing")),
        (
            EndParticipants(member_ids=frozenset({strangers_member})),
            tr("coordination.participant_elsewhere"),
        ),
    ):
        with pytest.raises(InvalidInput) as caught:
            end_case_management(
                uow(),
                client_id,
                EndReason.MOVED,
                "",
                participants=participants,
                actor=actor,
                clock=clock,
            )
        assert caught.value.fields == {"participants": field}
    assert open_network(uow(), client_id, actor=actor).case_manager is not None


# Item 5c: a naming by someone else waits for acknowledgement ---------------------------


def test_a_worker_named_by_a_colleague_sees_it_until_acknowledging(
    uow: Uow,
    actor: Staff,
    client_id: int,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    kaisa = reception.identify_staff(uow(), "Koordinaattori Kaisa")
    hers = my_professional(uow(), kaisa, ORGANISATION)
    name_case_manager(uow(), client_id, hers.id, "Tuntee perheen", actor=actor, clock=clock)

    (naming,) = namings_to_acknowledge(uow(), actor=kaisa)
    assert naming.client.id == client_id
    assert (naming.named_by, naming.assignment.start_reason) == (actor.name, "Tuntee perheen")
    # The colleague who named her has nothing to acknowledge, and cannot do it for her.
    assert namings_to_acknowledge(uow(), actor=actor) == []
    with pytest.raises(DomainError):
        acknowledge_naming(uow(), naming.assignment.id, actor=actor, clock=clock)

    acknowledge_naming(uow(), naming.assignment.id, actor=kaisa, clock=clock)
    assert namings_to_acknowledge(uow(), actor=kaisa) == []
    with session_factory() as session:
        row = session.get(CaseManagerRow, naming.assignment.id)
        assert row is not None and row.acknowledged_at == clock.now()
    assert events(session_factory, client_id)[-2:] == [
        AccessAction.CASELOAD_LISTED.value,
        AccessAction.CASE_MANAGER_UPDATED.value,
    ]


def test_naming_oneself_or_an_ended_naming_is_not_listed(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock
) -> None:
    newcomer = reception.identify_staff(uow(), "Uusi Unto")
    assert namings_to_acknowledge(uow(), actor=newcomer) == []  # no directory entry: none
    with uow() as work:
        assert work.professionals.search("Unto", 5) == []  # and none was made for asking
        work.commit()
    mine = my_professional(uow(), actor, ORGANISATION)
    name_case_manager(uow(), client_id, mine.id, "Otan itse", actor=actor, clock=clock)
    assert namings_to_acknowledge(uow(), actor=actor) == []

    kaisa = reception.identify_staff(uow(), "Koordinaattori Kaisa")
    hers = my_professional(uow(), kaisa, ORGANISATION)
    name_case_manager(uow(), client_id, hers.id, "Sijaisuus", actor=actor, clock=clock)
    end_case_management(
        uow(),
        client_id,
        EndReason.MOVED,
        "",
        participants=EndParticipants(client=True),
        actor=actor,
        clock=clock,
    )
    assert namings_to_acknowledge(uow(), actor=kaisa) == []
