"""Every text field keeps what is typed: no select-all on focus, Ctrl+Z, long pastes shown.

The guarantee is a class: every text field of the application is a
:class:`~tui.widgets.text_input.TextInput`. The first test keeps it so for
code not written yet; the others drive real screens with keys (and a paste,
delivered to the app as the terminal delivers it).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import BaseModel
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from domain.catalogue import ServiceInput
from domain.sectors import Sector
from domain.use_cases import reception
from domain.use_cases.catalogue import save_service
from tests.helpers import SIZE, AppFactory, burst, settle, type_text, walk_in
from tui.context import AppContext
from tui.screens.form import FieldForm
from tui.screens.interview import InterviewScreen
from tui.screens.walk_in import WalkInScreen
from tui.widgets.text_input import TextInput

TUI = Path(__file__).resolve().parents[2] / "tui"
# Built-in text widgets that select, forget or drop what was typed.
BARE = {"Input", "TextArea"}


def _name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def _constructed(path: Path) -> list[tuple[int, str]]:
    """Where ``path`` builds a bare text widget, or subclasses one (and builds that)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _name(node.func) in BARE:
            found.append((node.lineno, _name(node.func)))
        if isinstance(node, ast.ClassDef):
            found += [(node.lineno, _name(base)) for base in node.bases if _name(base) in BARE]
    return found


def test_no_screen_builds_a_bare_input_or_text_area() -> None:
    """A bare ``Input`` selects its text on focus and has no undo: use TextInput."""
    found = {
        f"{path.relative_to(TUI)}:{line}": name
        for path in sorted(TUI.rglob("*.py"))
        if path.name != "text_input.py"
        for line, name in _constructed(path)
    }
    assert found == {}


async def test_tab_back_into_a_field_keeps_its_text_and_ctrl_z_undoes(
    new_app: AppFactory,
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        await pilot.press("tab", "tab", "tab")  # name, hetu, birth year, reason
        reason = app.screen.query_one("#reason", Input)
        assert app.focused is reason
        await type_text(pilot, "Vuokra rästissä")
        await pilot.press("tab")
        await pilot.press("shift+tab")
        assert app.focused is reason
        await type_text(pilot, "!")
        assert reason.value == "Vuokra rästissä!"
        await pilot.press("ctrl+z")
        assert reason.value == "Vuokra rästissä"
        await pilot.press("ctrl+z")
        assert reason.value == "Vuokra "
        await pilot.press("ctrl+z")
        assert reason.value == ""
        await pilot.press("ctrl+z")  # nothing more to undo
        assert reason.value == ""


async def test_a_correction_typed_right_before_tab_stays_in_its_own_field(
    new_app: AppFactory,
) -> None:
    """A quick typist's Backspace and Tab arrive together: the Backspace still fixes
    the field it was typed in, and the next field keeps what it holds."""
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        name = app.screen.query_one("#name", Input)
        hetu = app.screen.query_one("#hetu", Input)
        await type_text(pilot, "Aaltonen Ainoo")
        await pilot.press("tab")
        await type_text(pilot, "010188")
        await pilot.press("shift+tab")
        assert app.focused is name
        burst(app, "\b\t")
        await settle(pilot)
        assert (name.value, hetu.value) == ("Aaltonen Aino", "010188")
        assert app.focused is hetu


async def test_every_text_field_of_the_walk_in_form_undoes(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        for _ in range(4):
            field = app.focused
            assert isinstance(field, TextInput)
            await type_text(pilot, "19")
            await pilot.press("tab", "shift+tab", "9")
            assert field.value == "199"
            await pilot.press("ctrl+z")
            assert field.value == "19"
            await pilot.press("ctrl+z", "tab")


async def test_a_paste_longer_than_the_name_shows_at_the_field_and_nothing_is_saved(
    new_app: AppFactory, context: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.post_message(events.Paste("Ä" * 10_000))
        await settle(pilot)
        name = app.screen.query_one("#name", Input)
        assert len(name.value) == 10_000  # neither dropped nor cut short
        error = app.screen.query_one("#name-error", Static)
        assert error.display
        assert "Nimi on liian pitkä: enintään 120 merkkiä (nyt 10000)" in str(error.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        assert "Nimi on liian pitkä: enintään 120 merkkiä" in str(error.render())
        assert app.focused is name
        # Ctrl+Z takes the paste back; the form saves what is left.
        await pilot.press("ctrl+z")
        assert name.value == ""
        assert not error.display
        await type_text(pilot, "Testi Tiina")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is app.queue_screen
    queue = reception.todays_queue(
        context.uow(), actor=context.actor, location=context.location, clock=context.clock
    )
    assert [entry.client.name if entry.client else None for entry in queue] == ["Testi Tiina"]


@pytest.mark.parametrize(("field", "tabs"), [("hetu", 1), ("birth_year", 2)])
async def test_a_too_long_paste_into_a_short_field_is_refused_with_a_message(
    new_app: AppFactory, field: str, tabs: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*["tab"] * tabs)
        app.post_message(events.Paste("1" * 50))
        await settle(pilot)
        assert app.screen.query_one(f"#{field}", Input).value == ""
        error = app.screen.query_one(f"#{field}-error", Static)
        assert error.display
        assert "liian pitkä" in str(error.render())
        assert "50 merkkiä" in str(error.render())


class Counted(BaseModel):
    count: int


class CountForm(FieldForm[int]):
    """A form whose model, not the form, refuses what was typed."""

    FIELDS = ("count",)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.field_row("count", "Määrä", self.text_input())
            yield Static("", id="form-status")

    def prepared(self, context: AppContext) -> Callable[[], int]:
        typed = self.value("count")
        return lambda: Counted.model_validate({"count": typed}).count


async def test_a_models_refusal_is_worded_in_finnish_at_the_field(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CountForm())
        await settle(pilot)
        await type_text(pilot, "kaksi")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CountForm)
        error = str(app.screen.query_one("#count-error", Static).render())
        assert error == "Arvon pitää olla kokonaisluku, esim. 12."
        assert app.screen.query_one("#count", Input).value == "kaksi"


async def test_a_field_holding_text_keeps_it_when_focused_and_typed_into(
    new_app: AppFactory, context: AppContext
) -> None:
    save_service(
        context.uow(),
        ServiceInput(name="Aikuissosiaalityö", sector=Sector.SOCIAL),
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter")  # edit the service: the name field has the focus
        await settle(pilot)
        name = app.screen.query_one("#name", Input)
        assert app.focused is name
        await type_text(pilot, "A")
        assert name.value == "AikuissosiaalityöA"
        await pilot.press("tab", "shift+tab")
        await type_text(pilot, "B")
        assert name.value == "AikuissosiaalityöAB"
        await pilot.press("ctrl+z")
        assert name.value == "AikuissosiaalityöA"
        await pilot.press("ctrl+z")
        assert name.value == "Aikuissosiaalityö"


async def test_an_interview_note_survives_tabbing_back_into_it(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Heikkinen Helena", reason="Vuokrarästit")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("2")  # services in use: some concern; on to its note
        note = app.focused
        assert isinstance(note, TextInput)
        await type_text(pilot, "Velkoja")
        await pilot.press("tab", "shift+tab")
        assert app.focused is note
        await type_text(pilot, "t")
        assert note.value == "Velkojat"
        await pilot.press("ctrl+z")
        assert note.value == "Velkoja"
