"""The reception desk driven with key presses only."""

from __future__ import annotations

import datetime as dt

from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Static

from domain.clock import FixedClock, local_day_bounds
from domain.identity import make_hetu
from domain.intake import ConcernLevel
from domain.use_cases import reception as reception_cases
from domain.visits import VisitState
from tests.helpers import SIZE, AppFactory, burst, settle, type_text, walk_in
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.confirm import ConfirmDiscard
from tui.screens.duplicate import DuplicateDialog
from tui.screens.feedback import FeedbackReminder
from tui.screens.help import HelpScreen
from tui.screens.interview import InterviewScreen
from tui.screens.queue import QueueScreen
from tui.screens.search import SearchScreen
from tui.screens.walk_in import WalkInScreen
from tui.widgets.level_picker import LevelPicker


def queue_rows(app: RinnallaApp) -> list[list[str]]:
    table = app.queue_screen.query_one("#queue-table", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def highlighted_name(app: RinnallaApp) -> str:
    table = app.queue_screen.query_one("#queue-table", DataTable)
    return str(table.get_row_at(table.cursor_row)[2].plain)


async def test_anonymous_walk_in_is_saved_with_n_and_ctrl_s(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        assert app.focused is app.screen.query_one("#name", Input)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is app.queue_screen
        rows = queue_rows(app)
        assert len(rows) == 1
        assert rows[0][2] == "Tunnistamaton"
        assert rows[0][6] == "Odottaa"


async def test_a_name_typed_right_after_n_goes_into_the_new_form(
    new_app: AppFactory, context: AppContext
) -> None:
    """A quick worker types ``n`` and the name in one go: the keys after ``n`` come
    before the form has put the cursor in its name field. They are the name, not
    commands for the queue behind it (``l`` in "Lilja" would mark a visitor left)."""
    walk_in(context, name="Lahtinen Lea")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "nLilja Salo")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        assert app.screen.query_one("#name", Input).value == "Lilja Salo"
        assert queue_rows(app)[0][6] == "Odottaa"


async def test_keys_typed_right_after_c_reach_the_interview_not_the_queue(
    new_app: AppFactory, context: AppContext
) -> None:
    """``c`` calls the next visitor and the interview opens after a database read;
    keys typed meanwhile wait for it: ``2`` is the first life domain's level, and
    ``s`` (the queue's summary key) opens nothing behind the worker's back."""
    walk_in(context, name="Lahtinen Lea")
    walk_in(context, name="Mäkinen Matti")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "c2s")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        picker = app.screen.query_one("#level-services", LevelPicker)
        assert picker.level is ConcernLevel.SOME
        # The called visit is in service; once the typed level has been saved as a
        # draft (on the first pause in typing, sooner or later on a busy machine)
        # the queue says so instead.
        states = {row[6] for row in queue_rows(app)}
        assert states in ({"Palvelussa", "Odottaa"}, {"Luonnos", "Odottaa"})


async def test_named_walk_in_survives_restart_and_is_called_and_finished(
    new_app: AppFactory, context: AppContext, clock: FixedClock
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        walk_in(context, name="Aaltonen Aino")  # someone already waiting
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Korhonen [b]Kari[/b]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert highlighted_name(app) == "Korhonen [b]Kari[/b]"

    clock.advance(minutes=7)
    restarted = new_app()
    async with restarted.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = queue_rows(restarted)
        assert [row[2] for row in rows] == ["Aaltonen Aino", "Korhonen [b]Kari[/b]"]
        assert rows[1][1] == "7 min"
        await pilot.press("c")  # Aino arrived first and is called first
        await settle(pilot)
        assert isinstance(restarted.screen, InterviewScreen)  # calling opens the interview
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        rows = queue_rows(restarted)
        assert [row[6] for row in rows] == ["Palvelussa", "Palvelussa"]
        table = restarted.queue_screen.query_one("#queue-table", DataTable)
        table.move_cursor(row=[r[2] for r in rows].index("Korhonen [b]Kari[/b]"))
        await pilot.press("d")
        await settle(pilot)
        status = restarted.queue_screen.query_one("#queue-status", Static)
        assert "Palveltu: Korhonen [b]Kari[/b]" in str(status.render())
        # R10: served without an interview, the visit still closes with the reminder.
        assert isinstance(restarted.screen, FeedbackReminder)
        await pilot.press("e")
        await settle(pilot)
        assert restarted.screen is restarted.queue_screen

    start, end = local_day_bounds(clock.now().date())
    with context.uow() as work:
        visits = work.visits.arrived_between(context.location.id, start, end)
    states = sorted(v.state for v in visits)
    assert states == sorted([VisitState.DONE, VisitState.IN_SERVICE])
    with context.uow() as work:
        closures = work.reports.closures(start, end, None)
    assert (closures.part, closures.whole) == (0, 1), "one closure, instructions not given"


async def test_left_without_service_and_illegal_moves_refused(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Lahtinen Lea")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")  # served before being called: refused, key greyed out
        await settle(pilot)
        assert queue_rows(app)[0][6] == "Odottaa"
        await pilot.press("l")
        await settle(pilot)
        assert queue_rows(app)[0][6] == "Lähti"
        await pilot.press("c")  # nobody waits any more
        await settle(pilot)
        assert queue_rows(app)[0][6] == "Lähti"


async def test_l_on_an_unfinished_interview_asks_then_records_it_as_left(
    new_app: AppFactory, context: AppContext
) -> None:
    """`l` never strands a draft: it asks, and on yes records everything as "left"."""
    from domain.intake import OutcomeKind
    from domain.use_cases import interview
    from tui.screens.interview import AUTOSAVE_SECONDS

    walk_in(context, name="Lähtevä Leena")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")  # the interview opens
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("3")  # serious concern: on to its note
        await type_text(pilot, "Asunto lähtee alta")
        await pilot.pause(AUTOSAVE_SECONDS + 0.2)
        await settle(pilot)
        await pilot.press("escape")  # back to the queue; the draft is kept
        await settle(pilot)
        assert app.screen is app.queue_screen

        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDiscard)
        assert "kesken" in str(dialog.query_one(".dialog-text", Static).render())
        await pilot.press("escape")  # back: nothing changes
        await settle(pilot)
        assert queue_rows(app)[0][6] == "Luonnos"  # still in service, its interview unfinished

        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("tab", "enter")  # record: client left
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert queue_rows(app)[0][6] == "Lähti"
        status = str(app.queue_screen.query_one("#queue-status", Static).render())
        assert "Asiakas lähti" in status

    (entry,) = reception_cases.todays_queue(
        context.uow(), actor=context.actor, location=context.location, clock=context.clock
    )
    view = interview.open_interview(
        context.uow(), entry.visit.id, actor=context.actor, clock=context.clock
    )
    assert view.draft_version is None
    (record,) = view.records
    assert record.content.outcome is OutcomeKind.CLIENT_LEFT
    assert record.content.domains[next(iter(record.content.domains))].note == "Asunto lähtee alta"


async def test_d_on_an_unfinished_interview_is_refused_and_keeps_it(
    new_app: AppFactory, context: AppContext
) -> None:
    from domain.intake import IntakeContent
    from domain.use_cases import interview

    visit_id = walk_in(context, name="Palveltava Paula")
    with context.uow() as work:
        visit = work.visits.get(visit_id)
    reception_cases.call_visit(
        context.uow(), visit_id, visit.version, actor=context.actor, clock=context.clock
    )
    interview.save_draft(
        context.uow(),
        visit_id,
        IntakeContent(goals="Kesken"),
        None,
        actor=context.actor,
        clock=context.clock,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert queue_rows(app)[0][6] == "Luonnos"  # still in service, its interview unfinished
        status = str(app.queue_screen.query_one("#queue-status", Static).render())
        assert "kesken" in status


async def test_existing_client_is_picked_from_search_not_duplicated(
    new_app: AppFactory, context: AppContext
) -> None:
    hetu = make_hetu(dt.date(1979, 5, 2), 255)
    walk_in(context, name="Virtanen Ville", hetu=hetu)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "virta")
        await pilot.press("enter")
        await pilot.pause(0.4)
        await settle(pilot)
        results = app.screen.query_one("#results", DataTable)
        assert results.row_count == 1
        assert results.get_row_at(0)[1].plain == "020579-****"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        picked = app.screen.query_one("#picked-client", Static)
        assert "Virtanen Ville" in str(picked.render())
        assert app.focused is app.screen.query_one("#reason", Input)
        await type_text(pilot, "Asunnon haku")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Ville is still waiting from before: a second visit only when asked for.
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert [row[2] for row in queue_rows(app)] == ["Virtanen Ville", "Virtanen Ville"]

    found = reception_cases.search_clients(context.uow(), "virtanen", actor=context.actor)
    assert len(found) == 1


async def test_wrong_hetu_gets_a_message_at_the_field_and_nothing_is_saved(
    new_app: AppFactory,
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Testi Tiina")
        await pilot.press("tab")
        await type_text(pilot, "131052-308X")
        await pilot.press("tab")
        await settle(pilot)
        error = app.screen.query_one("#hetu-error", Static)
        assert error.display
        assert "Tarkistusmerkki" in str(error.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        assert app.focused is app.screen.query_one("#hetu", Input)
        assert app.screen.query_one("#name", Input).value == "Testi Tiina"
        await pilot.press("ctrl+u")
        await type_text(pilot, "131052-308T")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert queue_rows(app)[0][2] == "Testi Tiina"


async def test_resembling_name_and_year_warn_and_existing_client_is_used(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Virtanen Matti", birth_year="1985")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Virtane Mati")
        await pilot.press("tab", "tab")
        await type_text(pilot, "1985")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DuplicateDialog)
        await pilot.press("enter")  # the highlighted existing client
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)  # who is still waiting from before
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert [row[2] for row in queue_rows(app)] == ["Virtanen Matti", "Virtanen Matti"]
    found = reception_cases.search_clients(context.uow(), "1985", actor=context.actor)
    assert [c.name for c in found] == ["Virtanen Matti"]


async def test_same_name_without_year_warns_and_new_client_only_deliberately(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Virtanen Matti")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "matti virtanen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DuplicateDialog)
        table = app.screen.query_one("#candidates", DataTable)
        assert [table.get_row_at(0)[0].plain] == ["Virtanen Matti"]
        await pilot.press("escape")  # back to the form: nothing saved, nothing lost
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        assert app.screen.query_one("#name", Input).value == "matti virtanen"
        assert len(queue_rows(app)) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DuplicateDialog)
        await pilot.press("tab", "tab", "enter")  # "Save as a new client"
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert sorted(row[2] for row in queue_rows(app)) == ["Virtanen Matti", "matti virtanen"]


async def test_a_client_already_waiting_is_asked_about_before_a_second_visit(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Virtanen Matti", reason="Toimeentulo")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Virtanen Matti")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DuplicateDialog)
        await pilot.press("enter")  # the same person
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        question = str(app.screen.query_one(".dialog-text", Static).render())
        assert "Virtanen Matti on jo tämän päivän jonossa (Odottaa, saapui klo" in question
        await pilot.press("enter")  # the default is back: nothing saved
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        assert len(queue_rows(app)) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("tab", "enter")  # "Add a second visit"
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert [row[2] for row in queue_rows(app)] == ["Virtanen Matti", "Virtanen Matti"]
    found = reception_cases.search_clients(context.uow(), "virtanen", actor=context.actor)
    assert len(found) == 1


async def test_escape_asks_before_discarding_typed_text(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Kesken")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # the focused, safe choice keeps the text
        await pilot.pause()
        assert isinstance(app.screen, WalkInScreen)
        assert app.screen.query_one("#name", Input).value == "Kesken"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("tab", "enter")  # explicitly discard
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert queue_rows(app) == []


async def test_f2_from_the_walk_in_form_asks_before_going_back_to_the_queue(
    new_app: AppFactory,
) -> None:
    """The form is a screen, not a dialog: the app's keys reach it, and it asks first."""
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Kesken")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # the focused, safe choice keeps the text
        await pilot.pause()
        assert isinstance(app.screen, WalkInScreen)
        assert app.screen.query_one("#name", Input).value == "Kesken"
        await pilot.press(*["backspace"] * len("Kesken"), "f2")  # nothing typed: no question
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert queue_rows(app) == []


async def test_escape_on_an_empty_form_goes_straight_back(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)


async def test_f1_lists_every_binding_of_the_current_screen(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        described = {table.get_row_at(i)[1].plain for i in range(table.row_count)}
        assert {"Uusi käynti", "Kutsu seuraava", "Palveltu", "Lähti", "Hae", "Lopeta"} <= (
            described
        )
        await pilot.press("escape")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#help-keys", DataTable)
        described = {table.get_row_at(i)[1].plain for i in range(table.row_count)}
        assert {"Tallenna", "Peruuta", "Hae asiakas"} <= described


async def test_command_palette_opens_the_walk_in_form(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "uusi asiakas")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)


async def test_ctrl_q_quits(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_english_is_complete_with_lang_en(new_app: AppFactory, context: AppContext) -> None:
    walk_in(context)
    app = new_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.queue_screen.query_one("#queue-table", DataTable)
        headers = [str(column.label) for column in table.columns.values()]
        assert headers == ["Arrived", "Waited", "Name", "Reason", "Referred by", "Urgency", "State"]
        assert queue_rows(app)[0][2] == "Unidentified"
        descriptions = {b.binding.description for b in app.queue_screen.active_bindings.values()}
        assert {"New walk-in", "Call next", "Served", "Left", "Quit", "Help"} <= descriptions


async def test_minutes_waited_update_while_the_screen_is_open(
    new_app: AppFactory, context: AppContext, clock: FixedClock
) -> None:
    walk_in(context, name="Odottava Olli")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert queue_rows(app)[0][1] == "0 min"
        clock.advance(minutes=5)
        app.queue_screen._refresh_waited()  # what the 20-second timer does
        await pilot.pause()
        assert queue_rows(app)[0][1] == "5 min"
