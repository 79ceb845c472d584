"""Consent to disclose (R12) on a real SQLite file: giving, withdrawing, and the
two places that refuse without it — a referral to another organisation's service
and the MOTI agenda with names (in the use case and in ``rinnalla agenda``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.audit import AccessAction
from domain.catalogue import Service, ServiceInput
from domain.clock import HELSINKI, FixedClock
from domain.consent import ConsentInput, ConsentMissing, DataKind
from domain.errors import DomainError, InvalidInput, NotFound, StaleVersion
from domain.i18n import set_language
from domain.intake import ConcernLevel, DomainEntry, IntakeContent, LifeDomain, OutcomeKind
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.agenda_text import export_agenda_view, export_named_agenda_view
from domain.use_cases.catalogue import save_service
from domain.use_cases.consent import client_consents, give_consent, withdraw_consent
from domain.use_cases.coordination import save_professional
from domain.use_cases.interview import correct_intake, finish_intake, open_interview, save_draft
from domain.use_cases.meetings import (
    add_to_agenda,
    create_team,
    plan_meetings,
    propose_to_team,
    set_invitees,
)
from domain.visits import Visit, VisitState
from domain.walk_in import WalkInInput
from storage.orm import AccessEventRow, IntakeRecordRow
from storage.unit_of_work import SqlUnitOfWork
from tui.cli import main

Uow = Callable[[], SqlUnitOfWork]
OWN = "Etelä-Karjalan hyvinvointialue"
TODAY = dt.date(2026, 11, 24)  # the fixed clock's day in Helsinki
EARLIER = dt.date(2026, 11, 1)  # before the real day too: the CLI runs on the system clock


def called(uow: Uow, actor: Staff, location: Location, clock: FixedClock, **fields: Any) -> Visit:
    visit = reception.register_walk_in(
        uow(), WalkInInput(**fields), actor=actor, location=location, clock=clock
    )
    return reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)


def client_of(visit: Visit) -> int:
    assert visit.client_id is not None
    return visit.client_id


def referral(service: Service) -> IntakeContent:
    domains = {domain: DomainEntry() for domain in LifeDomain}
    domains[LifeDomain.WORK_ABILITY] = DomainEntry(level=ConcernLevel.SERIOUS, note="Selkä")
    return IntakeContent(
        domains=domains, outcome=OutcomeKind.REFERRED, referral_service_id=service.id
    )


def external(uow: Uow, actor: Staff, organisation: str = "Kela") -> Service:
    return save_service(
        uow(),
        ServiceInput(
            name="Ammatillinen kuntoutus", sector=Sector.KELA, external_organisation=organisation
        ),
        actor=actor,
    )


def give(
    uow: Uow,
    actor: Staff,
    clock: FixedClock,
    client_id: int,
    organisation: str = "Kela",
    kind: DataKind = DataKind.SOCIAL,
    given_on: dt.date = EARLIER,
) -> None:
    give_consent(
        uow(),
        ConsentInput(client_id=client_id, organisation=organisation, kind=kind, given_on=given_on),
        actor=actor,
        clock=clock,
    )


def actions_for(session_factory: sessionmaker[Session], client_id: int) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AccessEventRow.action)
                .where(AccessEventRow.client_id == client_id)
                .order_by(AccessEventRow.id)
            )
        )


def records(session_factory: sessionmaker[Session]) -> list[IntakeRecordRow]:
    with session_factory() as session:
        return list(session.scalars(select(IntakeRecordRow)))


# Giving and withdrawing -----------------------------------------------------------------


def test_consents_are_given_listed_and_withdrawn_with_both_dates_kept(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    client_id = client_of(called(uow, actor, location, clock, name="Laine Liisa"))
    give(uow, actor, clock, client_id, " Kela ", DataKind.HEALTH, dt.date(2026, 5, 4))
    give(uow, actor, clock, client_id, "TYP Lappeenranta", DataKind.SOCIAL, TODAY)
    view = client_consents(uow(), client_id, actor=actor)
    assert view.client.id == client_id
    newest, oldest = view.consents
    assert (newest.organisation, newest.kind, newest.given_on) == (
        "TYP Lappeenranta",
        DataKind.SOCIAL,
        TODAY,
    )
    assert (oldest.organisation, oldest.kind) == ("Kela", DataKind.HEALTH)  # cleaned
    assert (oldest.recorded_by, oldest.recorded_at) == (actor.id, clock.now())

    withdrawn = withdraw_consent(
        uow(), client_id, oldest.id, TODAY, oldest.version, actor=actor, clock=clock
    )
    assert withdrawn.withdrawn_on == TODAY and withdrawn.given_on == dt.date(2026, 5, 4)
    assert not withdrawn.in_force(TODAY) and withdrawn.in_force(TODAY - dt.timedelta(days=1))
    again = client_consents(uow(), client_id, actor=actor)
    assert [c.withdrawn_on for c in again.consents] == [None, TODAY]

    logged = [a for a in actions_for(session_factory, client_id) if a.startswith("consent.")]
    assert logged == [
        AccessAction.CONSENT_UPDATED.value,
        AccessAction.CONSENT_UPDATED.value,
        AccessAction.CONSENT_READ.value,
        AccessAction.CONSENT_UPDATED.value,
        AccessAction.CONSENT_READ.value,
    ]


def test_a_second_consent_in_force_for_the_same_organisation_and_kind_is_refused(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = client_of(called(uow, actor, location, clock, name="Laine Liisa"))
    give(uow, actor, clock, client_id, "Kela")
    with pytest.raises(InvalidInput) as refused:
        give(uow, actor, clock, client_id, "KELA ")
    assert set(refused.value.fields) == {"organisation"}
    give(uow, actor, clock, client_id, "Kela", DataKind.HEALTH)  # another kind is fine
    (social, *_) = [
        c for c in client_consents(uow(), client_id, actor=actor).consents if c.kind == "social"
    ]
    withdraw_consent(uow(), client_id, social.id, TODAY, social.version, actor=actor, clock=clock)
    give(uow, actor, clock, client_id, "Kela", given_on=TODAY)  # renewed after withdrawal
    assert len(client_consents(uow(), client_id, actor=actor).consents) == 3


def test_a_consent_in_the_future_is_refused_and_nothing_is_stored(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = client_of(called(uow, actor, location, clock, name="Laine Liisa"))
    with pytest.raises(InvalidInput) as refused:
        give(uow, actor, clock, client_id, given_on=TODAY + dt.timedelta(days=1))
    assert set(refused.value.fields) == {"given_on"}
    assert client_consents(uow(), client_id, actor=actor).consents == ()


def test_a_consent_for_an_unknown_client_is_refused(
    uow: Uow, actor: Staff, clock: FixedClock
) -> None:
    with pytest.raises(NotFound):
        give(uow, actor, clock, 999)


def test_withdrawal_dates_are_checked(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = client_of(called(uow, actor, location, clock, name="Laine Liisa"))
    give(uow, actor, clock, client_id, given_on=EARLIER)
    (held,) = client_consents(uow(), client_id, actor=actor).consents

    def withdraw(day: dt.date | None, version: int = held.version) -> object:
        return withdraw_consent(uow(), client_id, held.id, day, version, actor=actor, clock=clock)

    for day in (None, TODAY + dt.timedelta(days=1), EARLIER - dt.timedelta(days=1)):
        with pytest.raises(InvalidInput) as refused:
            withdraw(day)
        assert set(refused.value.fields) == {"withdrawn_on"}
    with pytest.raises(DomainError):
        withdraw_consent(uow(), client_id + 1, held.id, TODAY, 1, actor=actor, clock=clock)
    withdraw(EARLIER)  # on the day it was given: allowed, it simply never held
    with pytest.raises(DomainError) as again:
        withdraw(TODAY)
    assert "jo peruutettu 1.11.2026" in again.value.message


def test_withdrawing_with_an_old_version_is_refused(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = client_of(called(uow, actor, location, clock, name="Laine Liisa"))
    give(uow, actor, clock, client_id)
    (held,) = client_consents(uow(), client_id, actor=actor).consents
    with uow() as raw:  # another worker changed it meanwhile
        raw.consents.withdraw(held.id, TODAY, held.version)
        raw.commit()
    with uow() as raw:
        with pytest.raises(StaleVersion):
            raw.consents.withdraw(held.id, TODAY, held.version)


# The referral ----------------------------------------------------------------------------


def test_a_referral_to_another_organisation_is_refused_without_consent_and_nothing_is_lost(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    service = external(uow, actor)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    client_id = client_of(visit)
    content = referral(service)
    draft = save_draft(uow(), visit.id, content, None, actor=actor, clock=clock)

    with pytest.raises(ConsentMissing) as refused:
        finish_intake(
            uow(),
            visit.id,
            content,
            actor=actor,
            clock=clock,
            organisation=OWN,
            seen_draft=draft.version,
        )
    assert set(refused.value.fields) == {"referral_service"}  # shown at the service field
    assert "sosiaalihuollon tietoja organisaatiolle Kela" in refused.value.message
    assert records(session_factory) == []
    still = open_interview(uow(), visit.id, actor=actor, clock=clock)
    assert still.visit.state is VisitState.IN_SERVICE
    assert still.content == content  # the draft is there as typed
    logged = actions_for(session_factory, client_id)
    assert AccessAction.CONSENT_READ.value in logged
    assert AccessAction.INTAKE_FINISHED.value not in logged

    give(uow, actor, clock, client_id, "kela")
    result = finish_intake(
        uow(),
        visit.id,
        content,
        actor=actor,
        clock=clock,
        organisation=OWN,
        seen_draft=draft.version,
    )
    assert result.record.content.referral_service_id == service.id
    assert result.visit.state is VisitState.DONE


@pytest.mark.parametrize(
    ("kind", "withdrawn"),
    [(DataKind.HEALTH, False), (DataKind.SOCIAL, True)],
    ids=["health-consent-only", "withdrawn-today"],
)
def test_health_consent_or_a_withdrawn_one_does_not_do(
    kind: DataKind,
    withdrawn: bool,
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
) -> None:
    service = external(uow, actor)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    client_id = client_of(visit)
    give(uow, actor, clock, client_id, "Kela", kind)
    if withdrawn:
        (held,) = client_consents(uow(), client_id, actor=actor).consents
        withdraw_consent(uow(), client_id, held.id, TODAY, held.version, actor=actor, clock=clock)
    with pytest.raises(ConsentMissing):
        finish_intake(
            uow(), visit.id, referral(service), actor=actor, clock=clock, organisation=OWN
        )


@pytest.mark.parametrize("provider", ["", "ETELÄ-KARJALAN  hyvinvointialue"])
def test_a_referral_within_the_own_organisation_needs_no_consent(
    provider: str, uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    service = external(uow, actor, provider)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    result = finish_intake(
        uow(), visit.id, referral(service), actor=actor, clock=clock, organisation=OWN
    )
    assert result.visit.state is VisitState.DONE


def test_without_the_own_name_any_named_provider_needs_consent(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    service = external(uow, actor, OWN)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    with pytest.raises(ConsentMissing):
        finish_intake(uow(), visit.id, referral(service), actor=actor, clock=clock)


def test_an_anonymous_visit_may_be_referred_to_another_organisation(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    """Nothing identifying is stored with an anonymous visit, so nothing identifying
    can be disclosed, and there is nobody to record a consent for: allowed (R1)."""
    service = external(uow, actor)
    visit = called(uow, actor, location, clock)
    assert visit.client_id is None
    result = finish_intake(
        uow(), visit.id, referral(service), actor=actor, clock=clock, organisation=OWN
    )
    assert result.record.client_id is None
    assert result.record.content.referral_service_id == service.id
    with session_factory() as session:
        assert list(session.scalars(select(AccessEventRow))) == []


def test_a_correction_to_an_external_referral_needs_consent_but_a_kept_one_does_not(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    service = external(uow, actor)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    client_id = client_of(visit)
    advice = referral(service).model_copy(
        update={"outcome": OutcomeKind.ADVICE, "referral_service_id": None}
    )
    finish_intake(uow(), visit.id, advice, actor=actor, clock=clock, organisation=OWN)
    with pytest.raises(ConsentMissing):
        correct_intake(
            uow(),
            visit.id,
            referral(service),
            actor=actor,
            clock=clock,
            organisation=OWN,
            seen_record=1,
        )
    give(uow, actor, clock, client_id)
    correct_intake(
        uow(),
        visit.id,
        referral(service),
        actor=actor,
        clock=clock,
        organisation=OWN,
        seen_record=1,
    )
    (held,) = client_consents(uow(), client_id, actor=actor).consents
    withdraw_consent(uow(), client_id, held.id, TODAY, held.version, actor=actor, clock=clock)
    # The referral was made while the consent held; correcting a note keeps it.
    kept = referral(service).model_copy(update={"goals": "Oma asunto"})
    corrected = correct_intake(
        uow(), visit.id, kept, actor=actor, clock=clock, organisation=OWN, seen_record=2
    )
    assert corrected.record.number == 3


# The agenda with names ----------------------------------------------------------------------


class Agenda(BaseModel):
    model_config = ConfigDict(frozen=True)

    meeting_id: int
    liisa: int
    pekka: int


@pytest.fixture
def agenda(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> Agenda:
    """Liisa's item has a colleague invited; Pekka's a colleague and Kela's expert."""
    team = create_team(uow(), "MOTI Lappeenranta", actor=actor)
    colleague = save_professional(
        uow(),
        ProfessionalInput(name="Lehtonen Leena", organisation=OWN, sector=Sector.SOCIAL),
        actor=actor,
    )
    kela = save_professional(
        uow(),
        ProfessionalInput(name="Talvi Timo", organisation="Kela", sector=Sector.KELA),
        actor=actor,
    )
    starts = dt.datetime(2026, 12, 1, 13, 0, tzinfo=HELSINKI)
    (meeting,) = plan_meetings(uow(), team.id, starts, 60, place="Kokoushuone 2", actor=actor)
    liisa = client_of(called(uow, actor, location, clock, name="Laine Liisa", hetu="131052-308T"))
    pekka = client_of(called(uow, actor, location, clock, name="Virta Pekka", birth_year="1990"))
    for client_id, invited in ((liisa, {colleague.id}), (pekka, {colleague.id, kela.id})):
        proposal = propose_to_team(
            uow(), client_id, "Kuka auttaa?", team_id=team.id, actor=actor, clock=clock
        )
        item = add_to_agenda(uow(), meeting.id, proposal.id, slot_minutes=20, actor=actor)
        set_invitees(uow(), item.id, frozenset(invited), actor=actor)
    return Agenda(meeting_id=meeting.id, liisa=liisa, pekka=pekka)


def test_the_named_agenda_is_refused_without_consent_and_names_only_the_pseudonym(
    uow: Uow,
    actor: Staff,
    clock: FixedClock,
    agenda: Agenda,
    session_factory: sessionmaker[Session],
) -> None:
    with pytest.raises(ConsentMissing) as refused:
        export_named_agenda_view(
            uow(), agenda.meeting_id, actor=actor, organisation=OWN, clock=clock
        )
    message = refused.value.message
    assert "V.P. 1990" in message and "organisaatiolle Kela" in message
    assert "Virta" not in message and "Pekka" not in message
    assert "pseudonyymistä asialistaa" in message
    assert refused.value.client_id == agenda.pekka
    pekka_log = actions_for(session_factory, agenda.pekka)
    assert AccessAction.CONSENT_READ.value in pekka_log
    assert AccessAction.AGENDA_EXPORTED.value not in pekka_log
    # Liisa has only a colleague invited: her consents were not even read.
    assert AccessAction.CONSENT_READ.value not in actions_for(session_factory, agenda.liisa)

    view = export_agenda_view(uow(), agenda.meeting_id, actor=actor)  # pseudonymous: no consent
    assert len(view.lines) == 2

    give(uow, actor, clock, agenda.pekka, "KELA")
    named = export_named_agenda_view(
        uow(), agenda.meeting_id, actor=actor, organisation=OWN, clock=clock
    )
    assert [line.client.id for line in named.lines] == [agenda.liisa, agenda.pekka]
    assert AccessAction.AGENDA_EXPORTED.value in actions_for(session_factory, agenda.pekka)


def test_health_consent_does_not_open_the_named_agenda(
    uow: Uow, actor: Staff, clock: FixedClock, agenda: Agenda
) -> None:
    give(uow, actor, clock, agenda.pekka, "Kela", DataKind.HEALTH)
    with pytest.raises(ConsentMissing):
        export_named_agenda_view(
            uow(), agenda.meeting_id, actor=actor, organisation=OWN, clock=clock
        )


def test_without_the_own_name_the_named_agenda_is_refused_saying_what_to_set(
    uow: Uow,
    actor: Staff,
    clock: FixedClock,
    agenda: Agenda,
    session_factory: sessionmaker[Session],
) -> None:
    """A colleague cannot be told from an outsider without the ``organisation``
    setting: the agenda with names is refused, not sent unchecked, even with consent."""
    give(uow, actor, clock, agenda.pekka, "Kela")
    for own in ("", "  "):
        with pytest.raises(ConsentMissing) as refused:
            export_named_agenda_view(
                uow(), agenda.meeting_id, actor=actor, organisation=own, clock=clock
            )
        message = refused.value.message
        assert "config.toml" in message and "organisation = " in message
        assert "RINNALLA_ORGANISATION" in message and "pseudonyymistä asialistaa" in message
        assert "L.L. 1952" in message and "Laine" not in message
    assert AccessAction.AGENDA_EXPORTED.value not in actions_for(session_factory, agenda.liisa)
    set_language("en")
    with pytest.raises(ConsentMissing) as refused:
        export_named_agenda_view(
            uow(), agenda.meeting_id, actor=actor, organisation="", clock=clock
        )
    assert "Set your organisation's name in the settings file config.toml" in refused.value.message


@pytest.mark.usefixtures("cli_login")
def test_rinnalla_agenda_refuses_names_with_exit_1_and_offers_the_pseudonymous_one(
    database_url: str,
    agenda: Agenda,
    uow: Uow,
    actor: Staff,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RINNALLA_ORGANISATION", OWN)
    meeting = str(agenda.meeting_id)
    assert main(["agenda", meeting, "--db", database_url]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    first, hint = captured.err.splitlines()
    assert "V.P. 1990" in first and "organisaatiolle Kela" in first
    assert "Virta" not in captured.err
    assert hint == f"Pseudonyyminen asialista: rinnalla agenda {meeting} --pseudonymous"

    assert main(["agenda", meeting, "--pseudonymous", "--db", database_url]) == 0
    assert "V.P. 1990" in capsys.readouterr().out
    assert main(["agenda", meeting, "--format", "ics", "--db", database_url]) == 0
    capsys.readouterr()

    give(uow, actor, clock, agenda.pekka, "Kela")
    assert main(["agenda", meeting, "--db", database_url]) == 0
    assert "Virta Pekka" in capsys.readouterr().out
