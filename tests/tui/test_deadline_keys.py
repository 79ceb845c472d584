"""Service need assessment deadlines (R9) with key presses only: the network and F7."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from domain.clock import FixedClock
from domain.identity import make_hetu
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.use_cases.coordination import my_professional, name_case_manager, save_professional
from domain.use_cases.need_assessment import make_pending, pending_for_client
from tests.helpers import SIZE, AppFactory, new_client, settle, table_rows, type_text
from tui.app import RinnallaApp
from tui.composition import connect
from tui.config_file import config_file
from tui.context import AppContext
from tui.screens.caseload import CaseloadScreen
from tui.screens.confirm import ConfirmDiscard
from tui.screens.network import NetworkScreen
from tui.screens.pending_form import MakePendingForm, StartedForm
from tui.settings import Settings

TODAY = dt.date(2026, 11, 24)


def client_of(context: AppContext, **fields: object) -> int:
    """A client registered as a walk-in at the desk; returns the client's id."""
    return new_client(context, reason="Palvelutarve", **fields)


def pend(context: AppContext, client_id: int, since: dt.date) -> None:
    make_pending(
        context.uow(),
        client_id,
        since,
        context.deadlines,
        actor=context.actor,
        clock=context.clock,
    )


async def open_network(pilot: Pilot[None], client_id: int) -> NetworkScreen:
    await settle(pilot)
    screen = NetworkScreen(client_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def text_of(app: RinnallaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


# The network screen -------------------------------------------------------------------


async def test_v_makes_the_service_need_pending_with_the_statutory_deadline(
    new_app: AppFactory, context: AppContext
) -> None:
    elderly = client_of(context, name="Vanha Väinö", hetu=make_hetu(dt.date(1944, 4, 4), 123))
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, elderly)
        assert "Ei vireille tulleita" in text_of(app, "#pending-facts")
        assert "7 arkipäivää (lakisääteinen)" in text_of(app, "#pending-facts")
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, MakePendingForm)
        assert app.screen.query_one("#pending_since", Input).value == "24.11.2026"
        assert app.focused is app.screen.query_one("#pending_since", Input)
        assert "Määräaika 3.12.2026: 7. arkipäivä (lakisääteinen" in text_of(
            app, "#pending-preview"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert table_rows(app, "#pending-table") == [
            ["24.11.2026", "3.12.2026", "lakisääteinen", "–", "7 arkipäivää jäljellä"]
        ]
        assert text_of(app, "#network-status") == "Palvelutarve vireillä, määräaika 3.12.2026."

        # A second one while the first waits is refused, with the reason on the form.
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MakePendingForm)
        assert "on jo vireillä palvelutarpeen arviointi" in text_of(app, "#form-status")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert len(pending_for_client(context.uow(), elderly, actor=context.actor)) == 1


async def test_a_wrong_pending_date_is_refused_at_the_field(
    new_app: AppFactory, context: AppContext
) -> None:
    young = client_of(context, name="Nuori Niina", birth_year="1990")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, young)
        await pilot.press("v")
        await settle(pilot)
        assert "(tavoiteaika)" in text_of(app, "#pending-preview")
        await pilot.press("ctrl+u")
        await type_text(pilot, "25.11.2026")
        assert text_of(app, "#pending-preview") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(app, "#pending_since-error") == (
            "Vireilletulopäivä ei voi olla tulevaisuudessa."
        )
        await pilot.press("ctrl+u")
        await type_text(pilot, "31.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(app, "#pending_since-error") == "Päivämäärää ei ole olemassa."
        await pilot.press("ctrl+u")
        await type_text(pilot, "20.11.2026")
        assert "Määräaika 4.12.2026: 10. arkipäivä" in text_of(app, "#pending-preview")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert table_rows(app, "#pending-table") == [
            ["20.11.2026", "4.12.2026", "tavoiteaika", "–", "8 arkipäivää jäljellä"]
        ]


async def test_s_marks_the_open_assessment_started(
    new_app: AppFactory, context: AppContext
) -> None:
    young = client_of(context, name="Nuori Niina", birth_year="1990")
    pend(context, young, dt.date(2026, 11, 6))  # due 20.11: late by now
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, young)
        await pilot.press("3")
        assert table_rows(app, "#pending-table") == [
            [
                "6.11.2026",
                "20.11.2026",
                "tavoiteaika",
                "–",
                "! myöhässä 2 arkipäivää",
            ]
        ]
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StartedForm)
        assert app.screen.query_one("#started_on", Input).value == "24.11.2026"
        await pilot.press("ctrl+u")
        await type_text(pilot, "5.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(app, "#started_on-error") == (
            "Arviointi ei voi alkaa ennen vireilletuloa (6.11.2026)."
        )
        await pilot.press("ctrl+u")
        await type_text(pilot, "13.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert table_rows(app, "#pending-table") == [
            ["6.11.2026", "20.11.2026", "tavoiteaika", "13.11.2026", "aloitettu ajoissa"]
        ]
        assert text_of(app, "#network-status") == "Arviointi merkitty aloitetuksi."
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is screen
        assert "Ei vireillä olevaa arviointia" in text_of(app, "#network-status")
    (stored,) = pending_for_client(context.uow(), young, actor=context.actor)
    assert stored.started_on == dt.date(2026, 11, 13)


async def test_h_records_the_highest_care_allowance_after_asking(
    new_app: AppFactory, context: AppContext
) -> None:
    young = client_of(context, name="Nuori Niina", birth_year="1990")
    pend(context, young, dt.date(2026, 11, 20))
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, young)
        assert text_of(app, "#pending-facts").startswith("Ylin hoitotuki: ei")
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # the safe choice has the focus: nothing changes
        await settle(pilot)
        assert app.screen is screen
        assert text_of(app, "#pending-facts").startswith("Ylin hoitotuki: ei")
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert app.screen is screen
        facts = text_of(app, "#pending-facts")
        assert facts.startswith("Ylin hoitotuki: kyllä")
        assert "7 arkipäivää (lakisääteinen)" in facts
        # Recorded late, the allowance still gives the open matter the 7-day limit.
        assert text_of(app, "#network-status") == (
            "Ylin hoitotuki merkitty. Vireillä olevan arvioinnin määräaika on nyt 1.12.2026."
        )
    with context.uow() as uow:
        assert uow.clients.get(young).highest_care_allowance
        (pending,) = uow.pending_assessments.for_client(young)
    assert (pending.due_on, pending.statutory) == (dt.date(2026, 12, 1), True)


# The start view (F7) ------------------------------------------------------------------


async def test_f7_lists_overdue_first_and_enter_opens_the_network(
    new_app: AppFactory, context: AppContext
) -> None:
    me = my_professional(context.uow(), context.actor, context.location.name)
    colleague = save_professional(
        context.uow(),
        ProfessionalInput(
            name="Lehtonen Leena",
            title="sosiaaliohjaaja",
            organisation="Hyvinvointialue",
            sector=Sector.SOCIAL,
        ),
        actor=context.actor,
    )
    mine = client_of(context, name="Minun Mikko", birth_year="1980")
    theirs = client_of(context, name="Heidän Heikki", birth_year="1981")
    nobodys = client_of(context, birth_year="1982")
    relaxed = client_of(context, name="Rauhallinen Raili", birth_year="1983")
    for client_id, who in ((mine, me), (theirs, colleague), (relaxed, me)):
        name_case_manager(
            context.uow(), client_id, who.id, "Sovittu", actor=context.actor, clock=context.clock
        )
    pend(context, nobodys, dt.date(2026, 11, 10))  # due today
    pend(context, mine, dt.date(2026, 11, 6))  # due 20.11, two working days late
    pend(context, theirs, dt.date(2026, 11, 6))  # the colleague's: not on my list
    pend(context, relaxed, TODAY)  # due 8.12: not near yet
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert text_of(app, "#caseload-deadlines-title").startswith(
            "Määräajat: palvelutarpeen arvioinnit (2)"
        )
        assert table_rows(app, "#caseload-deadlines") == [
            ["! MYÖHÄSSÄ", "20.11.2026", "Minun Mikko", "myöhässä 2 arkipäivää", "tavoiteaika"],
            [
                "! TÄNÄÄN",
                "24.11.2026",
                f"nimetön asiakas #{nobodys}",
                "erääntyy tänään",
                "tavoiteaika",
            ],
        ]
        await pilot.press("d")
        assert app.focused is app.screen.query_one("#caseload-deadlines", DataTable)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.client_id == mine


async def test_f7_shows_no_deadline_section_when_nothing_is_near(
    new_app: AppFactory, context: AppContext
) -> None:
    relaxed = client_of(context, name="Rauhallinen Raili", birth_year="1983")
    pend(context, relaxed, TODAY)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert not app.screen.query_one("#caseload-deadlines", DataTable).display
        assert not app.screen.query_one("#caseload-deadlines-title", Static).display


# Configuration ------------------------------------------------------------------------


async def test_the_warning_time_and_the_target_come_from_the_settings(
    new_app: AppFactory, context: AppContext
) -> None:
    relaxed = client_of(context, name="Rauhallinen Raili", birth_year="1983")
    pend(context, relaxed, TODAY)  # with the default target 10: due 8.12
    app = new_app(deadline_warn_days=10, deadline_target_days=5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert table_rows(app, "#caseload-deadlines") == [
            ["pian", "8.12.2026", "Rauhallinen Raili", "10 arkipäivää jäljellä", "tavoiteaika"]
        ]
        await pilot.press("d", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
        assert "5 arkipäivää (tavoiteaika)" in text_of(app, "#pending-facts")


@pytest.mark.usefixtures("user_folders")
def test_settings_from_the_environment_and_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment wins over config.toml, as for every other setting."""
    assert Settings().deadline_rules().target_working_days == 10
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("deadline_warn_days = 4\ndeadline_target_days = 15\n")
    monkeypatch.setenv("RINNALLA_DEADLINE_TARGET_DAYS", "12")
    rules = Settings().deadline_rules()
    assert (rules.statutory_working_days, rules.target_working_days, rules.warn_working_days) == (
        7,
        12,
        4,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RINNALLA_DEADLINE_STATUTORY_DAYS", "0"),
        ("RINNALLA_DEADLINE_TARGET_DAYS", "0"),
        ("RINNALLA_DEADLINE_WARN_DAYS", "-1"),
        ("RINNALLA_DEADLINE_WARN_DAYS", "kaksi"),
    ],
)
def test_settings_that_make_no_sense_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_the_composition_root_gives_the_screens_the_rules(
    settings: Settings, clock: FixedClock
) -> None:
    configured = settings.model_copy(update={"deadline_statutory_days": 5})
    services = connect(configured, clock)
    assert services.deadlines.statutory_working_days == 5
    assert services.deadlines.target_working_days == 10
