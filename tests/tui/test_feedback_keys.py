"""Client feedback and the closure reminder (R10), with key presses only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.console import Console
from textual.widgets import Button, Checkbox, Input, Static

from domain.case_management import EndParticipants, EndReason
from domain.clock import FixedClock
from domain.feedback import FeedbackKind
from domain.network import MemberInput, ProfessionalInput
from domain.sectors import Sector
from domain.use_cases import coordination, reception
from storage.orm import CaseManagerRow, FeedbackRow
from tests.helpers import SIZE, AppFactory, settle, stored_rows, type_text, walk_in
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.case_manager import EndCaseManagementDialog
from tui.screens.confirm import ConfirmDiscard
from tui.screens.feedback import FeedbackReminder
from tui.screens.feedback_form import FeedbackForm, ScorePicker
from tui.screens.network import NetworkScreen
from tui.screens.summary import SummaryScreen
from tui.settings import Settings


def status(app: RinnallaApp) -> str:
    return str(app.queue_screen.query_one("#queue-status", Static).render())


def text_of(widget: Static) -> str:
    """What a rich section shows, as plain text with its spacing collapsed."""
    console = Console(width=max(widget.size.width, 40), file=io.StringIO(), record=True)
    console.print(widget.content)
    return " ".join(console.export_text().split())


def served(context: AppContext, **fields: object) -> int:
    """A walk-in who was called and served; returns the visit id."""
    visit_id = walk_in(context, **fields)
    called = reception.call_next(
        context.uow(), actor=context.actor, location=context.location, clock=context.clock
    )
    assert called is not None and called.id == visit_id
    reception.finish_visit(
        context.uow(), visit_id, called.version, actor=context.actor, clock=context.clock
    )
    return visit_id


def client_with_case_manager(context: AppContext) -> int:
    """A client in the network screen's shape: a visit, a professional named case manager."""
    visit_id = walk_in(context, name="Virtanen [b]Matti[/b]", birth_year="1985")
    with context.uow() as work:
        client_id = work.visits.get(visit_id).client_id
    assert client_id is not None
    liisa = coordination.save_professional(
        context.uow(),
        ProfessionalInput(
            name="Laine Liisa",
            title="sosiaaliohjaaja",
            organisation="Aikuissosiaalityö",
            sector=Sector.SOCIAL,
        ),
        actor=context.actor,
    )
    coordination.save_member(
        context.uow(),
        MemberInput(client_id=client_id, professional_id=liisa.id),
        actor=context.actor,
    )
    coordination.name_case_manager(
        context.uow(), client_id, liisa.id, "Sovittu", actor=context.actor, clock=context.clock
    )
    return client_id


async def test_feedback_on_a_finished_visit_from_the_queue(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    visit_id = served(context, name="Heikkinen Helena", reason="Vuokrarästit")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FeedbackForm)
        about = str(form.query_one("#feedback-about", Static).render())
        assert "Heikkinen Helena" in about and "24.11.2026" in about
        assert app.focused is form.query_one(ScorePicker)

        await pilot.press("ctrl+s")  # no score chosen: refused at the field
        await settle(pilot)
        assert app.screen is form
        assert "Valitse arvio 1–5" in str(form.query_one("#score-error", Static).render())

        await pilot.press("4")
        await settle(pilot)
        assert str(form.query_one("#score-error", Static).render()) == ""
        picker_text = str(form.query_one(ScorePicker).render())
        assert "(●) 4" in picker_text and "Hyvä" in picker_text  # readable without colour
        await pilot.press("tab")
        assert app.focused is form.query_one("#text", Input)
        await type_text(pilot, "Sain apua 5 minuutissa [b]kiitos[/b]")
        # Digits typed in the text are text, not a new score.
        assert form.query_one(ScorePicker).score == 4
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert "Palaute tallennettu" in status(app)

    (row,) = stored_rows(settings, FeedbackRow)
    assert row.kind is FeedbackKind.VISIT
    assert (row.score, row.text, row.anonymous) == (
        4,
        "Sain apua 5 minuutissa [b]kiitos[/b]",
        False,
    )
    assert row.visit_id == visit_id
    assert row.client_id is not None
    assert row.staff_id == context.actor.id
    assert row.given_on == dt.date(2026, 11, 24)


async def test_anonymous_feedback_keeps_no_client(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    served(context, name="Heikkinen Helena")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FeedbackForm)
        await pilot.press("right", "right", "right", "right", "right")  # arrows step to 5
        assert form.query_one(ScorePicker).score == 5
        await pilot.press("tab", "tab")  # past the text, to the anonymous box
        assert app.focused is form.query_one("#anonymous", Checkbox)
        await pilot.press("space")
        assert form.query_one("#anonymous", Checkbox).value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Nimetön palaute tallennettu" in status(app)

    (row,) = stored_rows(settings, FeedbackRow)
    assert (row.score, row.anonymous) == (5, True)
    assert (row.client_id, row.visit_id, row.assignment_id) == (None, None, None)
    assert row.staff_id == context.actor.id


async def test_an_unfinished_visit_says_when_feedback_is_recorded(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    walk_in(context, name="Heikkinen Helena")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert "Palaute kirjataan, kun käynti on päättynyt" in status(app)
    assert stored_rows(settings, FeedbackRow) == []


async def test_escape_asks_before_discarding_typed_feedback(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    served(context, name="Heikkinen Helena")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FeedbackForm)
        await pilot.press("3", "tab")
        await type_text(pilot, "Hyvä")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # the safe choice: keep editing
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#text", Input).value == "Hyvä"
        assert form.query_one(ScorePicker).score == 3
        await pilot.press("escape", "tab", "enter")  # now discard
        await settle(pilot)
        assert app.screen is app.queue_screen
    assert stored_rows(settings, FeedbackRow) == []


async def test_closure_reminder_after_ending_case_management(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    client_id = client_with_case_manager(context)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = NetworkScreen(client_id)
        app.push_screen(screen)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, EndCaseManagementDialog)
        await pilot.press("enter", "tab", "space")  # need ended jointly, with the client
        await pilot.press("ctrl+s")
        await settle(pilot)
        reminder = app.screen
        assert isinstance(reminder, FeedbackReminder)
        texts = " ".join(str(w.render()) for w in reminder.query(".dialog-text"))
        assert "Anna asiakkaalle palauteohje. Annoitko sen?" in texts
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen
        assert "Asiakasvastaavuus päättyi" in str(screen.query_one("#network-status").render())
        assert "Ei asiakasvastaavaa" in str(screen.query_one("#network-client").render())

    (assignment,) = stored_rows(settings, CaseManagerRow)
    assert assignment.end_reason is EndReason.NEED_ENDED
    assert assignment.feedback_given is False


async def test_closure_feedback_from_the_summary(
    new_app: AppFactory, context: AppContext, settings: Settings, clock: FixedClock
) -> None:
    client_id = client_with_case_manager(context)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = SummaryScreen(client_id)
        app.push_screen(summary)
        await settle(pilot)
        await pilot.press("p")  # still managed: nothing closed to give feedback on
        await settle(pilot)
        assert app.screen is summary
        assert any("ei ole päättynyttä" in str(n.message) for n in app._notifications)
    coordination.end_case_management(
        context.uow(),
        client_id,
        EndReason.MOVED,
        "",
        participants=EndParticipants(client=True),
        actor=context.actor,
        clock=clock,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = SummaryScreen(client_id)
        app.push_screen(summary)
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FeedbackForm)
        about = str(form.query_one("#feedback-about", Static).render())
        assert "Laine Liisa" in about and "Asiakas muutti" in about
        await pilot.press("2", "tab")
        await type_text(pilot, "[i]Liian[/i] vähän aikaa")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is summary
        shown = text_of(summary.query_one("#summary-feedback", Static))
        assert summary.query_one("#summary-feedback", Static).display
        assert "2/5 Huono" in shown and "[i]Liian[/i] vähän aikaa" in shown

    (row,) = stored_rows(settings, FeedbackRow)
    assert row.kind is FeedbackKind.CLOSURE
    assert (row.client_id, row.score) == (client_id, 2)
    assert row.assignment_id is not None and row.professional_id is not None


@pytest.mark.parametrize(
    ("lang", "yes", "no"), [("fi", "k", "e"), ("sv", "j", "n"), ("en", "y", "n")]
)
async def test_the_feedback_question_shows_the_keys_its_buttons_name(
    new_app: AppFactory, context: AppContext, lang: str, yes: str, no: str
) -> None:
    """The buttons say "J – Ja" in Swedish: the footer offers j, not the Finnish k."""
    walk_in(context, name="Lahtinen Lea")
    app = new_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        reminder = app.screen
        assert isinstance(reminder, FeedbackReminder)
        shown = {
            active.binding.key for active in app.active_bindings.values() if active.binding.show
        }
        assert {yes, no} <= shown
        assert not ({"k", "e", "j", "y", "n"} - {yes, no}) & shown
        assert str(reminder.query_one("#given", Button).label).startswith(yes.upper())
        assert str(reminder.query_one("#not-given", Button).label).startswith(no.upper())
        await pilot.press(yes)
        await settle(pilot)
        assert app.screen is app.queue_screen
