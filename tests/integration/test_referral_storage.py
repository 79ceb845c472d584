"""Referrals on SQLite and PostgreSQL: made by an intake, the network and a MOTI
decision; their states with who and when; the follow-up list; the interim case
manager; access control and the access log (R12)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker

from domain.access import AccessDenied
from domain.catalogue import Service, ServiceInput
from domain.clock import FixedClock
from domain.consent import ConsentMissing
from domain.errors import IllegalTransition, InvalidInput, StaleVersion
from domain.indicators import utc_bounds
from domain.intake import ConcernLevel, DomainEntry, IntakeContent, LifeDomain, OutcomeKind
from domain.moti import DecisionKind
from domain.referrals import NewReferral, NextAction, ReferralRules, ReferralSource, ReferralState
from domain.reports import Period
from domain.sectors import Sector
from domain.staff import Location, Staff, StaffRole
from domain.use_cases import meetings, reception
from domain.use_cases.catalogue import save_service
from domain.use_cases.coordination import name_case_manager, open_network
from domain.use_cases.indicators import build_report
from domain.use_cases.interview import finish_intake
from domain.use_cases.referrals import client_referrals, follow_up_list, make_referral, record_state
from domain.walk_in import WalkInInput
from storage.unit_of_work import SqlUnitOfWork
from tests.conftest import NOW
from tests.integration.conftest import walk_in_client
from tests.integration.test_meetings import Scene, directory_entry, logged

Uow = Callable[[], SqlUnitOfWork]
TODAY = dt.date(2026, 11, 24)  # NOW in Helsinki
RULES = ReferralRules(follow_up_days=10)


def service(uow: Uow, actor: Staff, name: str = "Päihdepalvelut", **fields: object) -> Service:
    return save_service(uow(), ServiceInput(name=name, sector=Sector.HEALTH, **fields), actor=actor)


def new_client(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> int:
    return walk_in_client(uow, actor, location, clock, name="Laine Liisa")


def refer(uow: Uow, actor: Staff, clock: FixedClock, client_id: int, **fields: object) -> int:
    entry = NewReferral(client_id=client_id, **fields)
    return make_referral(uow(), entry, actor=actor, clock=clock, rules=RULES).id


def test_an_intake_that_refers_starts_a_referral_and_an_interim_case_manager(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    target = service(uow, actor)
    visit = reception.register_walk_in(
        uow(), WalkInInput(name="Laine Liisa"), actor=actor, location=location, clock=clock
    )
    visit = reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    assert visit.client_id is not None
    domains = {domain: DomainEntry() for domain in LifeDomain}
    domains[LifeDomain.HEALTH] = DomainEntry(level=ConcernLevel.SERIOUS, note="Päihteet")
    content = IntakeContent(
        domains=domains, outcome=OutcomeKind.REFERRED, referral_service_id=target.id
    )

    result = finish_intake(uow(), visit.id, content, actor=actor, clock=clock, referrals=RULES)

    assert result.interim_case_manager is True
    (made,) = client_referrals(uow(), visit.client_id, actor=actor)
    assert (made.source, made.source_id) == (ReferralSource.INTAKE, result.record.id)
    assert (made.service_id, made.target) == (target.id, "Päihdepalvelut")
    assert made.expected_on == TODAY + dt.timedelta(days=10)
    assert (made.state, made.made_by, made.made_at) == (ReferralState.SENT, actor.id, NOW)
    network = open_network(uow(), visit.client_id, actor=actor)
    assert network.case_manager is not None
    assert network.case_manager.assignment.interim is True
    assert network.case_manager.professional.staff_id == actor.id


def test_a_referral_from_the_network_keeps_the_case_manager_the_client_has(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = new_client(uow, actor, location, clock)
    manager = directory_entry(uow, "Sosiaalityöntekijä Sanni")
    name_case_manager(uow(), client_id, manager.id, "Sovittu", actor=actor, clock=clock)

    refer(uow, actor, clock, client_id, target="Seurakunnan diakoniatyö")

    network = open_network(uow(), client_id, actor=actor)
    assert network.case_manager is not None
    assert network.case_manager.professional.id == manager.id
    assert network.case_manager.assignment.interim is False
    (made,) = client_referrals(uow(), client_id, actor=actor)
    assert (made.source, made.service_id) == (ReferralSource.NETWORK, None)
    assert made.target == "Seurakunnan diakoniatyö"


def test_each_state_change_is_kept_with_who_and_when(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = new_client(uow, actor, location, clock)
    referral_id = refer(uow, actor, clock, client_id, target="Kela", expected_on=TODAY)
    colleague = reception.identify_staff(uow(), "Koordinaattori Kaisa")
    with uow() as work:  # in the client's network, so the client is within her reach
        entry = work.professionals.for_staff(colleague, "")
        work.network.ensure_member(client_id, entry.id, TODAY)
        work.commit()
    clock.advance(days=3)

    not_reached = record_state(
        uow(),
        referral_id,
        ReferralState.NOT_REACHED,
        1,
        next_action=NextAction.CONTACT_CLIENT,
        note="Puhelin ei vastaa",
        actor=actor,
        clock=clock,
    )
    clock.advance(days=2)
    reached = record_state(
        uow(),
        referral_id,
        ReferralState.REACHED,
        not_reached.version,
        reached_on=TODAY + dt.timedelta(days=4),
        actor=colleague,
        clock=clock,
    )

    assert reached.state is ReferralState.REACHED
    assert reached.reached_on == TODAY + dt.timedelta(days=4)
    first, second = reached.history
    assert (first.state, first.by, first.at) == (
        ReferralState.NOT_REACHED,
        actor.id,
        NOW + dt.timedelta(days=3),
    )
    assert (first.next_action, first.note) == (NextAction.CONTACT_CLIENT, "Puhelin ei vastaa")
    assert (second.state, second.by, second.at) == (
        ReferralState.REACHED,
        colleague.id,
        NOW + dt.timedelta(days=5),
    )
    with pytest.raises(IllegalTransition):
        record_state(
            uow(), referral_id, ReferralState.WITHDRAWN, reached.version, actor=actor, clock=clock
        )


def test_not_reached_without_a_next_action_and_a_stale_change_are_refused(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = new_client(uow, actor, location, clock)
    referral_id = refer(uow, actor, clock, client_id, target="Kela")
    with pytest.raises(InvalidInput):
        record_state(uow(), referral_id, ReferralState.NOT_REACHED, 1, actor=actor, clock=clock)
    record_state(uow(), referral_id, ReferralState.DECLINED, 1, actor=actor, clock=clock)
    with pytest.raises(StaleVersion):
        record_state(uow(), referral_id, ReferralState.WITHDRAWN, 1, actor=actor, clock=clock)
    (stored,) = client_referrals(uow(), client_id, actor=actor)
    assert stored.state is ReferralState.DECLINED
    assert len(stored.history) == 1


def test_the_follow_up_list_has_the_past_due_referrals_of_the_workers_clients(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    mine = new_client(uow, actor, location, clock)
    late = refer(uow, actor, clock, mine, target="Kela", expected_on=TODAY)
    refer(uow, actor, clock, mine, target="TE-palvelut", expected_on=TODAY + dt.timedelta(days=5))
    answered = refer(uow, actor, clock, mine, target="Velkaneuvonta", expected_on=TODAY)
    record_state(
        uow(),
        answered,
        ReferralState.REACHED,
        1,
        reached_on=TODAY,
        actor=actor,
        clock=clock,
    )
    with uow() as work:
        me = work.professionals.for_staff(actor, "")
        work.commit()
    later = FixedClock(NOW + dt.timedelta(days=3))

    listed = follow_up_list(uow(), me.id, actor=actor, clock=later)

    assert [entry.referral.id for entry in listed] == [late]
    assert listed[0].client.id == mine
    assert listed[0].referral.days_late(later.now().date()) == 3
    other = directory_entry(uow, "Toinen Tuula")
    assert follow_up_list(uow(), other.id, actor=actor, clock=later) == []


def test_a_moti_referral_decision_starts_a_referral(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    scene = Scene(uow, actor, location, clock)
    target = service(uow, actor, "Työkykykoordinaattori")
    meetings.open_meeting(uow(), scene.meetings[0].id, actor=actor)

    decision = meetings.record_decision(
        uow(),
        scene.item.id,
        DecisionKind.REFERRAL,
        service_id=target.id,
        actor=actor,
        clock=clock,
        referrals=RULES,
    )

    (made,) = client_referrals(uow(), scene.client_id, actor=actor)
    assert (made.source, made.source_id) == (ReferralSource.MEETING, decision.id)
    assert made.target == "Työkykykoordinaattori"
    assert made.expected_on == TODAY + dt.timedelta(days=10)


def test_a_referral_to_another_organisation_needs_consent(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = new_client(uow, actor, location, clock)
    kela = service(uow, actor, "Ammatillinen kuntoutus", external_organisation="Kela")
    with pytest.raises(ConsentMissing):
        make_referral(
            uow(),
            NewReferral(client_id=client_id, service_id=kela.id),
            actor=actor,
            clock=clock,
            rules=RULES,
            organisation="Etelä-Karjalan hyvinvointialue",
        )
    assert client_referrals(uow(), client_id, actor=actor) == []


def test_referrals_are_read_and_written_only_within_reach_and_logged(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    client_id = new_client(uow, actor, location, clock)
    referral_id = refer(uow, actor, clock, client_id, target="Kela")
    record_state(uow(), referral_id, ReferralState.WITHDRAWN, 1, actor=actor, clock=clock)
    client_referrals(uow(), client_id, actor=actor)
    assert logged(session_factory, client_id)[-4:] == [
        "referral.record",
        "case_manager.assign",  # the referring worker carries the client meanwhile
        "referral.record",
        "referral.read",
    ]
    with uow() as work:
        lead = work.staff.set_role(work.staff.get_or_add("Esihenkilö Eila").id, StaffRole.LEAD)
        work.commit()
    with pytest.raises(AccessDenied):
        client_referrals(uow(), client_id, actor=lead)
    with uow() as work:
        desk = work.staff.set_role(
            work.staff.get_or_add("Vastaanotto Ville").id, StaffRole.RECEPTION
        )
        work.commit()
    assert len(client_referrals(uow(), client_id, actor=desk)) == 1  # in today's queue
    tomorrow = FixedClock(NOW + dt.timedelta(days=1))
    with pytest.raises(AccessDenied):  # no longer in the queue
        client_referrals(SqlUnitOfWork(session_factory, tomorrow), client_id, actor=desk)


def test_the_report_counts_reached_first_contact_and_not_followed_up(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = new_client(uow, actor, location, clock)
    early = FixedClock(NOW - dt.timedelta(days=20))
    reached_in_3 = refer(uow, actor, early, client_id, target="Kela")
    reached_in_8 = refer(uow, actor, early, client_id, target="TE-palvelut")
    refer(
        uow,
        actor,
        early,
        client_id,
        target="Velkaneuvonta",
        expected_on=TODAY - dt.timedelta(days=19),
    )
    refer(uow, actor, clock, client_id, target="Diakonia")  # sent, not yet due
    first_day = TODAY - dt.timedelta(days=20)
    for referral_id, days in ((reached_in_3, 3), (reached_in_8, 8)):
        record_state(
            uow(),
            referral_id,
            ReferralState.REACHED,
            1,
            reached_on=first_day + dt.timedelta(days=days),
            actor=actor,
            clock=clock,
        )

    report = build_report(
        uow(), Period.month_of(TODAY), team_id=None, clock=clock, actor=actor, trend_length=1
    )

    figures = {figure.indicator.key: figure.value for figure in report.figures}
    assert figures["referrals_reached"] == pytest.approx(50.0)
    assert figures["referral_first_contact"] == pytest.approx(5.5)
    assert figures["referrals_not_followed"] == 1
    with uow() as work:
        other_team = work.reports.referral_follow_up(
            *utc_bounds(Period.month_of(TODAY)), TODAY, team_id=9999
        )
    assert other_team.made == 0
