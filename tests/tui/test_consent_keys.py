"""Consents (R12) with keys only: giving and withdrawing one from the network view,
and a referral to another organisation refused, then made once consent is recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from domain.audit import AccessAction
from domain.catalogue import ServiceInput
from domain.clock import HELSINKI
from domain.consent import CONSENT_SCREEN_KEY, ConsentInput, DataKind
from domain.intake import OutcomeKind
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.use_cases.catalogue import list_services, save_service
from domain.use_cases.consent import client_consents, give_consent
from domain.use_cases.coordination import save_professional
from domain.use_cases.meetings import (
    add_to_agenda,
    create_team,
    plan_meetings,
    propose_to_team,
    set_invitees,
)
from storage.orm import AccessEventRow, IntakeRecordRow
from tests.helpers import (
    SIZE,
    AppFactory,
    client_of,
    settle,
    stored_rows,
    table_rows,
    type_text,
    walk_in,
)
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.agenda_builder import AgendaBuilderScreen
from tui.screens.confirm import ConfirmDiscard
from tui.screens.consent import ConsentScreen, GiveConsentForm, WithdrawConsentForm
from tui.screens.feedback import FeedbackReminder
from tui.screens.interview import InterviewScreen
from tui.screens.network import NetworkScreen
from tui.settings import Settings

OWN = "Etelä-Karjalan hyvinvointialue"


def text_of(app: RinnallaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def open_consents(pilot: Pilot[None]) -> None:
    """From the queue: the highlighted visit's network (v), then its consents."""
    await settle(pilot)
    await press(pilot, "v")
    assert isinstance(pilot.app.screen, NetworkScreen)
    await press(pilot, CONSENT_SCREEN_KEY)
    assert isinstance(pilot.app.screen, ConsentScreen)


async def test_a_consent_is_given_and_withdrawn_with_keys(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    client_id = client_of(context, walk_in(context, name="Laine Liisa", birth_year="1985"))
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_consents(pilot)
        assert "Laine Liisa · 1985" in text_of(app, "#consent-client")
        assert "Suostumuksia ei ole kirjattu" in text_of(app, "#consent-status")
        assert table_rows(app, "#consent-table") == []

        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, GiveConsentForm)
        assert app.focused is form.query_one("#organisation", Input)
        assert form.query_one("#given_on", Input).value == "24.11.2026"  # today
        await press(pilot, "ctrl+s")  # nothing typed: refused at the field, form stays
        assert "Anna organisaatio" in text_of(app, "#organisation-error")
        await type_text(pilot, "Kela")
        await pilot.press("tab", "down", "enter")  # health care data instead of social
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "25.11.2026")  # tomorrow
        await press(pilot, "ctrl+s")
        assert "tulevaisuudessa" in text_of(app, "#given_on-error")
        assert form.query_one("#organisation", Input).value == "Kela"  # nothing lost
        await pilot.press("ctrl+u")
        await type_text(pilot, "3.11.2026")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConsentScreen)
        assert table_rows(app, "#consent-table") == [
            ["Kela", "terveydenhuollon tiedot", "3.11.2026", "–", "voimassa"]
        ]
        assert "Suostumus kirjattu" in text_of(app, "#consent-status")

        await press(pilot, "x")
        withdraw = app.screen
        assert isinstance(withdraw, WithdrawConsentForm)
        assert withdraw.query_one("#withdrawn_on", Input).value == "24.11.2026"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDiscard)
        await press(pilot, "enter")  # the focused, safe choice: nothing withdrawn
        assert app.screen is withdraw
        await press(pilot, "ctrl+s")
        await press(pilot, "tab", "enter")  # explicitly withdraw
        assert isinstance(app.screen, ConsentScreen)
        assert table_rows(app, "#consent-table") == [
            ["Kela", "terveydenhuollon tiedot", "3.11.2026", "24.11.2026", "ei voimassa"]
        ]
        assert "Suostumus peruttu 24.11.2026 alkaen" in text_of(app, "#consent-status")
        await press(pilot, "x")  # already withdrawn: the key does nothing
        assert isinstance(app.screen, ConsentScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, NetworkScreen)

    (held,) = client_consents(context.uow(), client_id, actor=context.actor).consents
    assert held.kind is DataKind.HEALTH and held.organisation == "Kela"
    actions = [event.action for event in stored_rows(settings, AccessEventRow)]
    assert actions.count(AccessAction.CONSENT_UPDATED.value) == 2
    assert AccessAction.CONSENT_READ.value in actions


async def test_a_refused_referral_is_made_once_consent_is_recorded(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    save_service(
        context.uow(),
        ServiceInput(
            name="Ammatillinen kuntoutus", sector=Sector.KELA, external_organisation="Kela"
        ),
        actor=context.actor,
    )
    walk_in(context, name="Laine Liisa")
    app = new_app(organisation=OWN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        interview = app.screen
        assert isinstance(interview, InterviewScreen)
        await press(pilot, "ctrl+s")  # the focus goes to the outcome
        await pilot.press("down", "enter")  # referred to a service
        await press(pilot, "ctrl+s")  # the focus goes to the service
        await pilot.press("enter", "down", "enter")  # the Kela service
        await press(pilot, "ctrl+s")
        assert app.screen is interview  # refused: the interview stays open
        error = text_of(app, "#referral_service-error")
        assert "ei ole suostumusta luovuttaa sosiaalihuollon tietoja" in error
        assert "organisaatiolle Kela" in error
        assert f"näppäin {CONSENT_SCREEN_KEY}" in error
        assert app.focused is interview.query_one("#referral_service")
        assert stored_rows(settings, IntakeRecordRow) == []

        await press(pilot, "escape")  # back to the queue; the draft is kept
        assert app.screen is app.queue_screen
        await open_consents(pilot)
        await press(pilot, "a")
        await type_text(pilot, "kela")  # any case will do
        await press(pilot, "ctrl+s")  # social welfare data, today: the defaults
        assert table_rows(app, "#consent-table")[0][:2] == ["kela", "sosiaalihuollon tiedot"]
        await press(pilot, "escape", "escape")
        assert app.screen is app.queue_screen

        await press(pilot, "enter")  # the visit in service reopens its interview
        assert isinstance(app.screen, InterviewScreen)
        await press(pilot, "ctrl+s")  # the referral as drafted
        assert isinstance(app.screen, FeedbackReminder)
        await press(pilot, "e")
        assert app.screen is app.queue_screen

    (record,) = stored_rows(settings, IntakeRecordRow)
    assert record.outcome is OutcomeKind.REFERRED
    assert record.referral_service_id is not None


async def test_the_builder_saves_only_the_pseudonymous_agenda_without_consent(
    new_app: AppFactory,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = tmp_path / "documents"
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    team = create_team(context.uow(), "Lappeenrannan MOTI", "Lappeenranta", actor=context.actor)
    start = dt.datetime(2026, 12, 1, 13, 0, tzinfo=HELSINKI).astimezone(dt.UTC)
    (meeting,) = plan_meetings(context.uow(), team.id, start, 60, place="nh 3", actor=context.actor)
    client_id = client_of(context, walk_in(context, name="Korhonen Kari", birth_year="1968"))
    kela = save_professional(
        context.uow(),
        ProfessionalInput(name="Talvi Timo", organisation="Kela", sector=Sector.KELA),
        actor=context.actor,
    )
    proposal = propose_to_team(
        context.uow(),
        client_id,
        "Kuntoutus",
        team_id=team.id,
        actor=context.actor,
        clock=context.clock,
    )
    item = add_to_agenda(context.uow(), meeting.id, proposal.id, actor=context.actor)
    set_invitees(context.uow(), item.id, frozenset({kela.id}), actor=context.actor)
    stem = f"rinnalla-asialista-{meeting.id}"

    app = new_app(organisation=OWN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(AgendaBuilderScreen(meeting.id))  # as Enter on a meeting does
        await settle(pilot)
        await press(pilot, "e")
        status = text_of(app, "#agenda-status")
        assert "K.K. 1968" in status and "organisaatiolle Kela" in status
        assert "Korhonen" not in status
        assert "Tallennettu ilman nimiä" in status
    assert sorted(path.name for path in documents.iterdir()) == [
        f"{stem}-ulkopuoliset.md",
        f"{stem}.ics",
    ]

    give_consent(
        context.uow(),
        ConsentInput(
            client_id=client_id,
            organisation="Kela",
            kind=DataKind.SOCIAL,
            given_on=dt.date(2026, 11, 1),
        ),
        actor=context.actor,
        clock=context.clock,
    )
    again = new_app(organisation=OWN)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        again.push_screen(AgendaBuilderScreen(meeting.id))
        await settle(pilot)
        await press(pilot, "e")
        assert "Tallennettu:" in text_of(again, "#agenda-status")
    assert "Korhonen Kari" in (documents / f"{stem}.md").read_text(encoding="utf-8")


async def test_the_catalogue_names_the_other_organisation_and_keeps_it(
    new_app: AppFactory, context: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f6", "a")
        await type_text(pilot, "Ammatillinen kuntoutus")
        await pilot.press("tab", "enter", "down", "enter")  # the first sector
        await pilot.press("tab", "tab", "tab", "tab")  # contact, work ability, state: last
        assert app.focused is app.screen.query_one("#external_organisation", Input)
        await type_text(pilot, "Kela")
        await press(pilot, "ctrl+s")
        await press(pilot, "x", "enter")  # out of use: the organisation stays
        await press(pilot, "e")
        assert app.screen.query_one("#external_organisation", Input).value == "Kela"
        await press(pilot, "escape")
    (service,) = list_services(context.uow(), include_inactive=True)
    assert (service.external_organisation, service.active) == ("Kela", False)
