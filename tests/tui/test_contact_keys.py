"""Contact details, callbacks and directory edits, driven with key presses only."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from domain.callbacks import CallbackInput
from domain.clock import local_today
from domain.contact_details import ContactWay
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.staff import StaffRole
from domain.use_cases.callbacks import add_callback, my_callbacks
from domain.use_cases.contact_details import get_contact_details
from domain.use_cases.coordination import directory_history, save_professional, search_directory
from tests.helpers import SIZE, AppFactory, client_of, settle, type_text, walk_in
from tui.context import AppContext
from tui.screens.callback_form import CallbackForm
from tui.screens.callbacks import CallbacksScreen
from tui.screens.caseload import CaseloadScreen
from tui.screens.confirm import ConfirmDiscard
from tui.screens.contact_form import ContactForm
from tui.screens.directory import DEBOUNCE_SECONDS, DirectoryPicker, ProfessionalForm
from tui.screens.summary import SummaryScreen


def error_at(pilot: Pilot[None], field: str) -> str:
    error = pilot.app.screen.query_one(f"#{field}-error", Static)
    return str(error.render()) if error.display else ""


def shown(widget: Static) -> str:
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(widget.content)
    return " ".join(console.export_text().split())


async def test_contact_details_are_typed_checked_at_the_field_and_shown_on_the_summary(
    new_app: AppFactory, context: AppContext
) -> None:
    client_id = client_of(context, walk_in(context, name="Laine Liisa", reason="Asunto"))
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")  # the highlighted visitor's summary
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "Yhteystietoja ei ole kirjattu" in shown(
            app.screen.query_one("#summary-contact", Static)
        )
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)
        await type_text(pilot, "040 12a")
        await pilot.press("tab", "enter", "down", "down", "enter")  # way: text message
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(pilot, "phone") == (
            "Puhelinnumerossa voi olla vain numeroita, välilyöntejä, + ja -."
        )
        assert app.focused is not None and app.focused.id == "phone"
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "1234567")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        section = shown(app.screen.query_one("#summary-contact", Static))
        assert "040 11234567" in section
        assert "Tekstiviesti" in section
    stored = get_contact_details(context.uow(), client_id, actor=context.actor)
    assert (stored.phone, stored.contact_way) == ("040 11234567", ContactWay.TEXT_MESSAGE)


async def test_a_callback_is_promised_from_the_queue_listed_and_marked_done(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Laine Liisa", reason="Asunto")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#queue-callbacks", Static).display
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, CallbackForm)
        await pilot.press("ctrl+s")  # no note yet
        await settle(pilot)
        assert error_at(pilot, "note") == "Kirjoita lyhyesti, mistä soitetaan."
        await type_text(pilot, "Kelan päätös")  # the cursor is at the note
        await pilot.press("shift+tab")  # back to the time
        await type_text(pilot, "9.75")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(pilot, "due_time") == "Kirjoita aika muodossa 9.30 tai 9:30."
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        line = app.screen.query_one("#queue-callbacks", Static)
        assert line.display
        # 12.00 in Helsinki: the call agreed for 9.30 is late, in words.
        assert shown(line) == "Soittopyyntöjä sinulle: 1 · myöhässä 1 · o näyttää ne"
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, CallbacksScreen)
        table = app.screen.query_one(DataTable)
        row = [cell.plain for cell in table.get_row_at(0)]
        assert row[0] == "! MYÖHÄSSÄ" and row[2] == "Laine Liisa" and row[4] == "Kelan päätös"
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbacksScreen)
        assert "Ei avoimia soittopyyntöjä." in shown(
            app.screen.query_one(".callbacks-title", Static)
        )
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one("#queue-callbacks", Static).display
    assert my_callbacks(context.uow(), actor=context.actor) == []


async def test_f7_lists_the_workers_callbacks_and_b_goes_there(
    new_app: AppFactory, context: AppContext
) -> None:
    client_id = client_of(context, walk_in(context, name="Laine Liisa", reason="Asunto"))
    add_callback(
        context.uow(),
        CallbackInput(
            client_id=client_id,
            caller_id=context.actor.id,
            due_on=local_today(context.clock) + dt.timedelta(days=1),
            note="Asuntohakemus",
        ),
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        panel = app.screen.query_one("#caseload-callbacks")
        assert panel.display
        await pilot.press("b")
        await settle(pilot)
        table = panel.query_one(DataTable)
        assert app.focused is table
        assert [cell.plain for cell in table.get_row_at(0)][0] == ""  # not late
        await pilot.press("v", "tab", "enter")
        await settle(pilot)
        assert not panel.display


async def test_reception_sees_its_callbacks_on_the_queue(
    new_app: AppFactory, context: AppContext
) -> None:
    client_id = client_of(context, walk_in(context, name="Laine Liisa", reason="Asunto"))
    with context.uow() as work:
        work.staff.set_role(context.actor.id, StaffRole.RECEPTION)
        work.commit()
    add_callback(
        context.uow(),
        CallbackInput(
            client_id=client_id,
            caller_id=context.actor.id,
            due_on=local_today(context.clock),
            note="Soita",
        ),
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(app.screen.query_one("#queue-callbacks", Static)) == (
            "Soittopyyntöjä sinulle: 1 · o näyttää ne"
        )
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, CallbacksScreen)


async def test_a_professional_is_edited_from_the_directory_with_keys(
    new_app: AppFactory, context: AppContext
) -> None:
    timo = save_professional(
        context.uow(),
        ProfessionalInput(name="Talvi Timo", organisation="Kela", sector=Sector.KELA),
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(DirectoryPicker())
        await settle(pilot)
        await type_text(pilot, "talvi")
        await pilot.pause(DEBOUNCE_SECONDS + 0.1)
        await pilot.press("enter")  # to the results
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ProfessionalForm)
        await pilot.press("tab", "tab", "tab", "tab")  # title, organisation, sector, phone
        await type_text(pilot, "abc")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(pilot, "phone") == (
            "Puhelinnumerossa voi olla vain numeroita, välilyöntejä, + ja -."
        )
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "020 634 0200")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DirectoryPicker)
        results = app.screen.query_one("#directory-results", DataTable)
        assert "020 634 0200" in [cell.plain for cell in results.get_row_at(0)][4]
    [stored] = search_directory(context.uow(), "talvi")
    assert stored.phone == "020 634 0200" and stored.id == timo.id
    edits = directory_history(context.uow(), timo.id, actor=context.actor)
    assert edits[-1].fields == ("phone",)
