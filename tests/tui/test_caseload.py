"""Caseloads driven with key presses only, and their picture at 120x40."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from domain.clock import FixedClock
from domain.identity import make_hetu
from domain.network import Professional, ProfessionalInput
from domain.sectors import Sector
from domain.use_cases.coordination import (
    caseload,
    my_professional,
    name_case_manager,
    save_professional,
)
from tests.conftest import NOW
from tests.helpers import SIZE, AppFactory, new_client, settle, table_rows, type_text
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.caseload import CaseloadScreen, MoveCaseloadForm
from tui.screens.confirm import ConfirmDiscard
from tui.screens.network import NetworkScreen

SnapCompare = Callable[..., bool]


@dataclass(frozen=True)
class Desk:
    """Who is whose case manager in the seeded database."""

    context: AppContext
    me: Professional
    colleague: Professional
    newcomer: Professional
    mine: list[int]
    theirs: list[int]


def client_of(context: AppContext, **fields: object) -> int:
    """A client registered as a walk-in at the desk; returns the client's id."""
    return new_client(context, reason="Asiakasvastaavan tapaaminen", **fields)


def professional(context: AppContext, name: str, title: str, organisation: str) -> Professional:
    return save_professional(
        context.uow(),
        ProfessionalInput(name=name, title=title, organisation=organisation, sector=Sector.SOCIAL),
        actor=context.actor,
    )


def assign(context: AppContext, client_id: int, professional_id: int, days_ago: int) -> None:
    """Named case manager ``days_ago`` days before the tests' now."""
    name_case_manager(
        context.uow(),
        client_id,
        professional_id,
        "Sovittu",
        actor=context.actor,
        clock=FixedClock(NOW - dt.timedelta(days=days_ago)),
    )


@pytest.fixture
def desk(context: AppContext) -> Desk:
    """Three clients of mine (one interim), one of a colleague, a newcomer with none."""
    me = my_professional(context.uow(), context.actor, context.location.name)
    colleague = professional(
        context, "Lehtonen Leena", "sosiaaliohjaaja", "Etelä-Karjalan hyvinvointialue"
    )
    newcomer = professional(context, "Aalto Aino", "palveluohjaaja", "TYP Lappeenranta")
    korhonen = client_of(context, name="Korhonen Kari", hetu=make_hetu(dt.date(1968, 2, 29), 123))
    virtanen = client_of(context, name="[b]Virtanen[/b] Ville", birth_year="1990")
    anonymous = client_of(context, birth_year="1977")
    laine = client_of(context, name="Laine Liisa", birth_year="1985")
    assign(context, korhonen, me.id, days_ago=40)
    assign(context, virtanen, me.id, days_ago=12)
    assign(context, laine, colleague.id, days_ago=3)
    # An intake worker becomes the interim case manager when nobody else is.
    with context.uow() as uow:
        uow.case_managers.add(
            anonymous, me.id, interim=True, by=context.actor.id, at=NOW - dt.timedelta(days=1)
        )
        uow.commit()
    return Desk(context, me, colleague, newcomer, [korhonen, virtanen, anonymous], [laine])


async def open_caseload(pilot: Pilot[None]) -> None:
    """The app starts on the queue; the caseload is pushed as its key will push it."""
    await settle(pilot)
    pilot.app.push_screen(CaseloadScreen())
    await settle(pilot)


def rows(app: RinnallaApp) -> list[list[str]]:
    return table_rows(app, "#caseload-table")


def text_of(app: RinnallaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def clients_of(context: AppContext, professional_id: int) -> list[int]:
    return [
        entry.client.id for entry in caseload(context.uow(), professional_id, actor=context.actor)
    ]


async def test_my_own_clients_are_listed_first(new_app: AppFactory, desk: Desk) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert rows(app) == [
            ["Korhonen Kari", "290268-****", "15.10.2026", ""],
            ["[b]Virtanen[/b] Ville", "1990", "12.11.2026", ""],
            ["(nimi puuttuu)", "1977", "23.11.2026", "väliaikainen"],
        ]
        assert text_of(app, "#caseload-summary") == (
            "Omat asiakkaani – Vastaanotto Veera – asiakkaita 3 · Enter avaa asiakkaan verkoston."
        )
        workers = app.screen.query_one("#caseload-worker", Select)
        assert workers.value == desk.me.id
        assert app.focused is app.screen.query_one("#caseload-table", DataTable)


async def test_another_workers_caseload_is_chosen_with_keys(
    new_app: AppFactory, desk: Desk
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        await pilot.press("w")
        assert app.focused is app.screen.query_one("#caseload-worker", Select)
        await pilot.press("enter")  # the list opens on the acting worker
        await pilot.press("down", "enter")
        await settle(pilot)
        assert rows(app) == [["Laine Liisa", "1985", "21.11.2026", ""]]
        assert text_of(app, "#caseload-summary") == (
            "Asiakasvastaava Lehtonen Leena, Etelä-Karjalan hyvinvointialue – asiakkaita 1"
            " · Enter avaa asiakkaan verkoston."
        )
        # Straight back to the clients, where Enter opens one.
        assert app.focused is app.screen.query_one("#caseload-table", DataTable)


async def test_a_whole_caseload_moves_with_keys(new_app: AppFactory, desk: Desk) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MoveCaseloadForm)
        assert text_of(app, "#move-summary") == (
            "3 asiakasta siirtyy työntekijältä Vastaanotto Veera. Valitse, kenelle."
        )
        assert app.focused is app.screen.query_one("#target", Select)
        await pilot.press("enter")  # the directory, by name, opens on its prompt
        await pilot.press("down", "enter")
        assert text_of(app, "#move-summary") == (
            "Siirtyy 3 asiakasta: Vastaanotto Veera → Aalto Aino"
        )
        await pilot.press("tab")
        await type_text(pilot, "Veera siirtyy vastaanottoon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert rows(app) == []
        current = app.screen.query_one("#caseload-worker #label", Static)
        assert str(current.render()) == "Vastaanotto Veera (minä) – 0"
        assert text_of(app, "#caseload-status") == (
            "Siirretty 3 asiakasta: Vastaanotto Veera → Aalto Aino"
        )
        assert text_of(app, "#caseload-summary") == (
            "Omat asiakkaani – Vastaanotto Veera – asiakkaita 0"
        )

    assert clients_of(desk.context, desk.me.id) == []
    assert sorted(clients_of(desk.context, desk.newcomer.id)) == sorted(desk.mine)
    assert clients_of(desk.context, desk.colleague.id) == desk.theirs
    moved = caseload(desk.context.uow(), desk.newcomer.id, actor=desk.context.actor)
    # R4: an interim case manager stays interim until the team or network agrees on one;
    # moving the caseload changes the worker, not what was agreed.
    interim = {entry.client.id: entry.assignment.interim for entry in moved}
    korhonen, virtanen, anonymous = desk.mine
    assert interim == {korhonen: False, virtanen: False, anonymous: True}


async def test_an_empty_reason_is_refused_at_the_field(new_app: AppFactory, desk: Desk) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("ctrl+s")  # neither a worker nor a reason
        await settle(pilot)
        target_error = app.screen.query_one("#target-error", Static)
        note_error = app.screen.query_one("#note-error", Static)
        assert target_error.display
        assert str(target_error.render()) == "Valitse työntekijä, jolle asiakkaat siirretään."
        assert note_error.display
        assert str(note_error.render()) == "Kirjoita, miksi asiakkaat siirretään."
        await pilot.press("enter", "down", "down", "enter")  # Lehtonen Leena
        assert not target_error.display
        await pilot.press("tab", "space", "space")  # white space only is no reason
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MoveCaseloadForm)
        assert note_error.display
        assert app.focused is app.screen.query_one("#note", Input)
        assert "Korjaa merkityt kentät" in text_of(app, "#form-status")
        await type_text(pilot, "Lomalle")  # a reason: no message is left
        assert not note_error.display
        assert text_of(app, "#form-status") == ""

    assert sorted(clients_of(desk.context, desk.me.id)) == sorted(desk.mine)
    assert clients_of(desk.context, desk.colleague.id) == desk.theirs


async def test_escape_from_the_move_form_asks_before_dropping_the_reason(
    new_app: AppFactory, desk: Desk
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Kesken")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("tab", "enter")  # explicitly discard
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.queue_screen
    assert sorted(clients_of(desk.context, desk.me.id)) == sorted(desk.mine)


async def test_enter_opens_the_clients_network_over_the_caseload(
    new_app: AppFactory, desk: Desk
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.client_id == desk.mine[1]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert app.screen.query_one("#caseload-table", DataTable).cursor_row == 1


async def test_f7_from_the_network_returns_to_the_caseload_it_came_from(
    new_app: AppFactory, desk: Desk
) -> None:
    """F7 again goes back to the open caseload, cursor and all, instead of piling a
    second one on top: Escape from there then leaves for the queue at once."""
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        caseload_screen = app.screen
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
        await pilot.press("f7")
        await settle(pilot)
        assert app.screen is caseload_screen
        assert app.screen.query_one("#caseload-table", DataTable).cursor_row == 2
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.queue_screen


async def test_english_texts_with_lang_en(new_app: AppFactory, desk: Desk) -> None:
    app = new_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        table = app.screen.query_one("#caseload-table", DataTable)
        headers = [str(column.label) for column in table.columns.values()]
        assert headers == ["Name", "Hetu or year of birth", "Since", "Note"]
        assert rows(app)[2][3] == "interim"
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Worker", "Move clients", "Back"} <= descriptions


def test_caseload_picture(snap_compare: SnapCompare, new_app: AppFactory, desk: Desk) -> None:
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=open_caseload)


async def test_my_open_moti_actions_are_on_my_page(
    new_app: AppFactory, context: AppContext, clock: FixedClock
) -> None:
    from domain.use_cases.coordination import my_professional
    from domain.use_cases.meetings import (
        add_action,
        add_to_agenda,
        create_team,
        open_meeting,
        plan_meetings,
        propose_to_team,
    )

    me = my_professional(context.uow(), context.actor, context.location.name)
    client = client_of(context, name="Toimenpide Tiina")
    team = create_team(context.uow(), "MOTI", actor=context.actor)
    (meeting,) = plan_meetings(context.uow(), team.id, NOW, 60, actor=context.actor)
    proposal = propose_to_team(
        context.uow(), client, "Kuka hoitaa?", team_id=team.id, actor=context.actor, clock=clock
    )
    item = add_to_agenda(context.uow(), meeting.id, proposal.id, actor=context.actor)
    open_meeting(context.uow(), meeting.id, actor=context.actor)
    add_action(
        context.uow(), item.id, "Soita Kelaan", me.id, dt.date(2026, 11, 20), actor=context.actor
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CaseloadScreen())
        await settle(pilot)
        shown = str(app.screen.query_one("#caseload-actions", Static).render())
        assert "Toimenpiteet vastuullani (1):" in shown
        assert "20.11.2026 MYÖHÄSSÄ · Soita Kelaan · Toimenpide Tiina" in shown


async def test_a_long_caseload_is_rows_of_one_table_not_a_widget_per_client(
    new_app: AppFactory, desk: Desk
) -> None:
    """Long lists stay smooth: a client is a row of the table (drawn only when in
    view), never a widget of its own, so the screen is the same size at 3 or 150."""
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        widgets_for_three = len(list(app.screen.walk_children()))
    for number in range(147):
        client = client_of(desk.context, hetu=make_hetu(dt.date(1950, 1, 1), 200 + number))
        assign(desk.context, client, desk.me.id, days_ago=5)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        table = app.screen.query_one("#caseload-table", DataTable)
        assert table.row_count == 150
        assert len(list(app.screen.walk_children())) == widgets_for_three
        await pilot.press("ctrl+end")  # the last client is one key away, and in view
        await pilot.pause()
        assert table.cursor_row == 149
        assert table.scroll_y > 0
