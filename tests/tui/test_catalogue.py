"""The service catalogue driven with key presses only, and its picture at 120x40."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from domain.catalogue import Service, ServiceInput
from domain.sectors import Sector
from domain.use_cases.catalogue import list_services, save_service
from tests.helpers import SIZE, AppFactory, settle, table_rows, type_text
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.catalogue import CatalogueScreen, ConfirmActiveChange, ServiceForm
from tui.screens.confirm import ConfirmDiscard

SnapCompare = Callable[..., bool]


def seed(
    context: AppContext,
    name: str,
    sector: Sector,
    contact: str = "",
    *,
    work_ability: bool = False,
) -> Service:
    return save_service(
        context.uow(),
        ServiceInput(name=name, sector=sector, contact=contact, work_ability=work_ability),
        actor=context.actor,
    )


@pytest.fixture
def catalogue(context: AppContext) -> AppContext:
    """Four services, one of them already out of use, one for work ability."""
    seed(context, "Aikuissosiaalityö", Sector.SOCIAL, "puh. 040 000 0000, ma–pe 9–11")
    seed(context, "Asumisneuvonta", Sector.HOUSING, "asumisneuvonta@example.org")
    closed = seed(context, "Kriisipuhelin [vanha]", Sector.THIRD_SECTOR, "puh. 040 000 0000")
    save_service(
        context.uow(),
        ServiceInput(
            name=closed.name,
            sector=closed.sector,
            contact=closed.contact,
            active=False,
            service_id=closed.id,
            seen_version=closed.version,
        ),
        actor=context.actor,
    )
    seed(
        context,
        "Työttömien terveystarkastus",
        Sector.HEALTH,
        "ajanvaraus puh. 040 000 0000",
        work_ability=True,
    )
    return context


async def open_catalogue(pilot: Pilot[None]) -> None:
    """The app starts on the queue; the catalogue is pushed as F6 will push it."""
    await settle(pilot)
    pilot.app.push_screen(CatalogueScreen())
    await settle(pilot)


def rows(app: RinnallaApp) -> list[list[str]]:
    return table_rows(app, "#catalogue-table")


def highlighted(app: RinnallaApp) -> str:
    table = app.screen.query_one("#catalogue-table", DataTable)
    return str(table.get_row_at(table.cursor_row)[0].plain)


def status(app: RinnallaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def by_name(context: AppContext) -> dict[str, Service]:
    return {service.name: service for service in list_services(context.uow())}


async def test_a_service_is_added_with_keys_only(new_app: AppFactory, context: AppContext) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        assert status(app, "#catalogue-status") == "Luettelo on tyhjä. Lisää palvelu: a"
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ServiceForm)
        assert app.focused is app.screen.query_one("#name", Input)
        await type_text(pilot, "Talous- ja [b]velka[/b]neuvonta")
        await pilot.press("tab", "enter")  # the sector list opens
        await pilot.press("down", "down", "enter")  # past "Sosiaalihuolto" to health care
        assert app.screen.query_one("#sector", Select).value is Sector.HEALTH
        await pilot.press("tab")
        await type_text(pilot, "neuvonta@example.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)
        assert rows(app) == [
            [
                "Talous- ja [b]velka[/b]neuvonta",
                "Terveydenhuolto",
                "",
                "neuvonta@example.org",
                "Käytössä",
            ]
        ]
        assert status(app, "#catalogue-status") == "Tallennettu: Talous- ja [b]velka[/b]neuvonta"

    stored = list_services(context.uow())
    assert [(s.name, s.sector, s.contact, s.active, s.work_ability) for s in stored] == [
        ("Talous- ja [b]velka[/b]neuvonta", Sector.HEALTH, "neuvonta@example.org", True, False)
    ]


async def test_enter_edits_the_highlighted_service_and_it_stays_highlighted(
    new_app: AppFactory, catalogue: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        assert highlighted(app) == "Aikuissosiaalityö"
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ServiceForm)
        name = app.screen.query_one("#name", Input)
        assert name.value == "Asumisneuvonta"
        await pilot.press("ctrl+u")  # clear the name field
        await type_text(pilot, "Vuokra-asumisen neuvonta")
        await pilot.press("tab", "tab")
        await pilot.press("ctrl+u")
        await type_text(pilot, "Esimerkkikatu 1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)
        assert highlighted(app) == "Vuokra-asumisen neuvonta"
        assert [row[0] for row in rows(app)][-1] == "Vuokra-asumisen neuvonta"  # by name

    edited = by_name(catalogue)["Vuokra-asumisen neuvonta"]
    assert (edited.sector, edited.contact, edited.version) == (
        Sector.HOUSING,
        "Esimerkkikatu 1",
        2,
    )
    assert "Asumisneuvonta" not in by_name(catalogue)


async def test_an_empty_name_is_refused_at_the_field_and_nothing_is_stored(
    new_app: AppFactory, context: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("tab", "tab")
        await type_text(pilot, "puh. 040 000 0000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ServiceForm)
        name_error = app.screen.query_one("#name-error", Static)
        sector_error = app.screen.query_one("#sector-error", Static)
        assert name_error.display and str(name_error.render()) == "Anna palvelun nimi."
        assert sector_error.display and str(sector_error.render()) == "Valitse palvelun sektori."
        assert app.focused is app.screen.query_one("#name", Input)
        assert app.screen.query_one("#contact", Input).value == "puh. 040 000 0000"
        await type_text(pilot, "Ohjaamo")  # typing clears the name's message
        assert not name_error.display
        assert sector_error.display

    assert list_services(context.uow()) == []


async def test_deactivating_asks_first_and_keeps_the_row(
    new_app: AppFactory, catalogue: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        await pilot.press("down", "x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmActiveChange)
        await pilot.press("escape")  # changed its mind: nothing happens
        await settle(pilot)
        assert by_name(catalogue)["Asumisneuvonta"].active
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # the focused button confirms
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)
        assert highlighted(app) == "Asumisneuvonta"
        assert rows(app)[1] == [
            "Asumisneuvonta",
            "Asuminen",
            "",
            "asumisneuvonta@example.org",
            "Poistettu käytöstä",
        ]
        assert status(app, "#catalogue-status") == "Poistettu käytöstä: Asumisneuvonta"
        assert len(rows(app)) == 4

    service = by_name(catalogue)["Asumisneuvonta"]
    assert not service.active
    assert service.version == 2


async def test_an_inactive_service_is_taken_back_into_use(
    new_app: AppFactory, catalogue: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        await pilot.press("down", "down", "x")
        await settle(pilot)
        assert "Otetaanko uudelleen käyttöön" in status(app, ".dialog-title")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app)[2][4] == "Käytössä"
    assert by_name(catalogue)["Kriisipuhelin [vanha]"].active


async def test_the_forms_checkbox_says_the_state_in_words(
    new_app: AppFactory, catalogue: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        await pilot.press("down", "down", "e")
        await settle(pilot)
        active = app.screen.query_one("#active", Checkbox)
        assert (active.value, str(active.label)) == (False, "Poistettu käytöstä")
        await pilot.press("tab", "tab", "tab", "tab", "space")  # past the work-ability box
        assert (active.value, str(active.label)) == (True, "Käytössä")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(app)[2] == [
            "Kriisipuhelin [vanha]",
            "Järjestöt",
            "",
            "puh. 040 000 0000",
            "Käytössä",
        ]
    assert by_name(catalogue)["Kriisipuhelin [vanha]"].active


async def test_a_work_ability_service_is_ticked_with_space(
    new_app: AppFactory, catalogue: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        await pilot.press("down", "e")  # Asumisneuvonta
        await settle(pilot)
        box = app.screen.query_one("#work_ability", Checkbox)
        assert (box.value, str(box.label)) == (False, "Työkykypalvelu")
        await pilot.press("tab", "tab", "tab")  # name, sector, contact, the box
        assert app.focused is box
        await pilot.press("space")
        assert box.value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(app)[1][:3] == ["Asumisneuvonta", "Asuminen", "kyllä"]
        await pilot.press("e")  # shown ticked when edited again
        await settle(pilot)
        assert app.screen.query_one("#work_ability", Checkbox).value
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("x")  # taking it out of use keeps the mark
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    stored = by_name(catalogue)["Asumisneuvonta"]
    assert (stored.work_ability, stored.active) == (True, False)
    assert by_name(catalogue)["Työttömien terveystarkastus"].work_ability
    assert not by_name(catalogue)["Aikuissosiaalityö"].work_ability


async def test_escape_on_a_form_with_typed_text_asks_first(
    new_app: AppFactory, context: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Kesken")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # the focused, safe choice keeps the text
        await pilot.pause()
        assert isinstance(app.screen, ServiceForm)
        assert app.screen.query_one("#name", Input).value == "Kesken"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("tab", "enter")  # explicitly discard
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: straight back
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)
        await pilot.press("escape")  # and out of the catalogue
        await settle(pilot)
        assert app.screen is app.queue_screen
    assert list_services(context.uow()) == []


async def test_a_stale_edit_says_so_and_keeps_the_typed_text(
    new_app: AppFactory, catalogue: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        await pilot.press("e")
        await settle(pilot)
        first = by_name(catalogue)["Aikuissosiaalityö"]
        save_service(  # a colleague saves the same entry meanwhile
            catalogue.uow(),
            ServiceInput(
                name=first.name,
                sector=first.sector,
                contact="Esimerkkikatu 2",
                service_id=first.id,
                seen_version=first.version,
            ),
            actor=catalogue.actor,
        )
        await pilot.press("end")
        await type_text(pilot, " (aikuiset)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ServiceForm)
        assert "Vastaanotto Veera ehti tallentaa tämän ensin" in status(app, "#form-status")
        assert app.screen.query_one("#name", Input).value == "Aikuissosiaalityö (aikuiset)"

    stored = by_name(catalogue)["Aikuissosiaalityö"]
    assert stored.contact == "Esimerkkikatu 2"


async def test_english_texts_with_lang_en(new_app: AppFactory, catalogue: AppContext) -> None:
    app = new_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_catalogue(pilot)
        table = app.screen.query_one("#catalogue-table", DataTable)
        headers = [str(column.label) for column in table.columns.values()]
        assert headers == ["Service", "Sector", "Work ab.", "Contact", "Status"]
        assert rows(app)[2][1:] == ["Third sector", "", "puh. 040 000 0000", "Deactivated"]
        assert rows(app)[3][2] == "yes"  # the health check is a work-ability service
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Add", "Edit", "In use / out", "Back"} <= descriptions


def test_catalogue_picture(
    snap_compare: SnapCompare, new_app: AppFactory, catalogue: AppContext
) -> None:
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=open_catalogue)
