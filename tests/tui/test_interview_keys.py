"""The intake interview from `c` to a recorded outcome, with key presses only."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Static

from domain import interview
from domain.catalogue import ServiceInput
from domain.clock import FixedClock
from domain.intake import ConcernLevel, IntakeContent, LifeDomain, OutcomeKind
from domain.sectors import Sector
from domain.staff import Staff
from domain.use_cases import interview as interview_cases
from domain.use_cases import reception
from domain.use_cases.catalogue import save_service
from domain.visits import VisitState
from storage.orm import CaseManagerRow, IntakeRecordRow, ProfessionalRow, VisitRow
from tests.helpers import SIZE, AppFactory, settle, stored_rows, type_text, walk_in
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.confirm import ConfirmDiscard
from tui.screens.feedback import FeedbackReminder
from tui.screens.interview import AUTOSAVE_SECONDS, InterviewScreen
from tui.settings import Settings


async def open_first_called(pilot: Pilot[None]) -> InterviewScreen:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    return screen


def status(app: RinnallaApp) -> str:
    return str(app.queue_screen.query_one("#queue-status", Static).render())


async def test_from_call_next_to_a_recorded_outcome(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    walk_in(context, name="Heikkinen Helena", reason="Vuokrarästit")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_called(pilot)
        assert "Heikkinen Helena" in str(screen.query_one("#interview-client", Static).render())
        await pilot.press("2")  # services in use: some concern
        await type_text(pilot, "Aikuissosiaalityö")
        await pilot.press("enter", "3")  # housing: serious concern
        await type_text(pilot, "Häätöuhka")
        await pilot.press("ctrl+s")  # no outcome yet: refused at the field
        await settle(pilot)
        assert "Valitse lopputulos" in str(screen.query_one("#outcome-error", Static).render())
        await pilot.press("down", "down", "enter")  # coordinator support
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FeedbackReminder)
        assert "väliaikainen asiakasvastaava" in str(dialog.query_one(".notice", Static).render())
        await pilot.press("k")
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert "Asiakaskoordinaattorin tuki" in status(app)

    (record,) = stored_rows(settings, IntakeRecordRow)
    assert record.outcome is OutcomeKind.COORDINATOR
    stored = interview_cases.open_interview(
        context.uow(), record.visit_id, actor=context.actor, clock=context.clock
    )
    assert stored.content.entry(LifeDomain.HOUSING).level is ConcernLevel.SERIOUS
    assert stored.content.entry(LifeDomain.HOUSING).note == "Häätöuhka"
    assert stored.visit.state is VisitState.DONE
    (visit_row,) = [v for v in stored_rows(settings, VisitRow) if v.id == record.visit_id]
    assert visit_row.feedback_given is True
    (assignment,) = stored_rows(settings, CaseManagerRow)
    (own,) = [p for p in stored_rows(settings, ProfessionalRow) if p.staff_id == context.actor.id]
    assert own.organisation == context.location.name
    assert assignment.interim and assignment.professional_id == own.id


async def test_closing_the_app_mid_interview_loses_nothing(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Korhonen Kari")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_called(pilot)
        await pilot.press("3")
        await type_text(pilot, "Ei asuntoa")
        await pilot.pause(AUTOSAVE_SECONDS + 0.3)
        await settle(pilot)
        await pilot.press("enter", "2")
        await type_text(pilot, "Kesken kirjoitettu")  # Ctrl+Q before the autosave pause
        await pilot.press("ctrl+q")
        await pilot.pause()

    restarted = new_app()
    async with restarted.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the visit in service reopens its interview
        await settle(pilot)
        screen = restarted.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.query_one("#note-services", Input).value == "Ei asuntoa"
        assert screen.query_one("#note-housing", Input).value == "Kesken kirjoitettu"
        assert "Jatketaan tallennettua luonnosta" in str(
            screen.query_one("#interview-status", Static).render()
        )


async def test_referral_needs_a_service_from_the_catalogue(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    save_service(
        context.uow(),
        ServiceInput(name="Talous- ja velkaneuvonta", sector=Sector.SOCIAL),
        actor=context.actor,
    )
    walk_in(context, name="Laine Liisa")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_called(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("down", "enter")  # referred to a service
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = screen.query_one("#referral_service-error", Static)
        assert "Valitse palvelu" in str(error.render())
        assert app.focused is screen.query_one("#referral_service")
        await pilot.press("enter", "down", "enter")  # open the list, pick the service
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("e")  # feedback instructions not given
        await settle(pilot)
    (record,) = stored_rows(settings, IntakeRecordRow)
    assert record.outcome is OutcomeKind.REFERRED
    assert record.referral_service_id is not None
    (visit_row,) = stored_rows(settings, VisitRow)
    assert visit_row.feedback_given is False


async def test_client_left_closes_the_visit_without_the_feedback_question(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Lähtijä Lasse")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_called(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("up", "enter")  # the last option: client left
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert not isinstance(app.screen, FeedbackReminder)
    (entry,) = reception.todays_queue(
        context.uow(), actor=context.actor, location=context.location, clock=context.clock
    )
    assert entry.visit.state is VisitState.LEFT
    assert screen.visit_id == entry.visit.id


async def test_a_correction_is_a_new_version(
    new_app: AppFactory, context: AppContext, settings: Settings, clock: FixedClock
) -> None:
    walk_in(context, name="Mäkinen Marja")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_called(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Alkuperäinen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter", "ctrl+s")  # first option: advice given
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        clock.advance(minutes=30)
        await pilot.press("enter")  # the finished visit opens for correction
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert "versio 1" in str(screen.query_one("#interview-status", Static).render())
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "Korjattu")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "versiona 2" in status(app)

    first, second = sorted(stored_rows(settings, IntakeRecordRow), key=lambda r: r.number)
    assert "Alkuperäinen" in first.content and "Korjattu" not in first.content
    assert "Korjattu" in second.content
    assert second.supersedes_id == first.id
    assert second.finished_at > first.finished_at


async def test_a_service_added_from_the_interview_can_be_chosen_at_once(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    """Empty catalogue: F6, add the service, Escape back, and refer to it."""
    walk_in(context, name="Ensikertalainen Eero")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_called(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("down", "enter")  # referred to a service
        await settle(pilot)
        assert "Palveluluettelo on tyhjä" in str(
            screen.query_one("#referral_service-error", Static).render()
        )
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Asumisneuvonta")
        await pilot.press("tab", "enter", "down", "enter")  # the first sector
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+s")  # the focus goes to the service field
        await settle(pilot)
        await pilot.press("enter", "down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
    (record,) = stored_rows(settings, IntakeRecordRow)
    assert record.outcome is OutcomeKind.REFERRED
    assert record.referral_service_id is not None


async def test_f1_in_the_interview_lists_the_level_keys(
    new_app: AppFactory, context: AppContext
) -> None:
    from textual.widgets import DataTable

    from tui.screens.help import HelpScreen

    walk_in(context, name="Apua Antti")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_called(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        described = {table.get_row_at(i)[1].plain for i in range(table.row_count)}
        assert {"Vakava huoli", "Ei huolta", "Tallenna valmiina", "Yhteenveto"} <= described


# Two terminals in one interview ------------------------------------------------------


def colleague(context: AppContext) -> Staff:
    return reception.identify_staff(context.uow(), "Toinen Tiina")


def current(context: AppContext, visit_id: int) -> interview.InterviewView:
    return interview_cases.open_interview(
        context.uow(), visit_id, actor=context.actor, clock=context.clock
    )


def offered(app: RinnallaApp, key: str) -> bool:
    """Whether ``key`` is an enabled binding of the current screen now (footer, F1)."""
    active = app.screen.active_bindings.get(key)
    return active is not None and active.enabled


def interview_status(screen: InterviewScreen) -> str:
    return str(screen.query_one("#interview-status", Static).render())


async def test_a_colleagues_draft_first_keeps_my_text_and_ctrl_r_merges_both(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    visit_id = walk_in(context, name="Kahden Kaisa")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_called(pilot)
        assert not offered(app, "ctrl+r")
        await pilot.press("tab")
        await type_text(pilot, "Minun muistiinpanoni")
        await pilot.pause(AUTOSAVE_SECONDS + 0.2)
        await settle(pilot)
        # The colleague, at another terminal, saves on top of the same draft version.
        theirs = current(context, visit_id)
        interview_cases.save_draft(
            context.uow(),
            visit_id,
            theirs.content.model_copy(update={"goals": "Kollegan tavoite"}),
            theirs.draft_version,
            actor=colleague(context),
            clock=context.clock,
        )
        await type_text(pilot, " lisää")  # this save meets the colleague's
        await pilot.pause(AUTOSAVE_SECONDS + 0.2)
        await settle(pilot)
        assert "Toinen Tiina" in interview_status(screen)
        assert "Ctrl+R" in interview_status(screen)
        assert screen.query_one("#note-services", Input).value == "Minun muistiinpanoni lisää"
        assert offered(app, "ctrl+r")
        # Escape does not retry forever nor discard: it asks, and Escape keeps the text.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        # Ctrl+Q asks too.
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and app.screen is screen

        await pilot.press("ctrl+r")
        await pilot.pause(AUTOSAVE_SECONDS + 0.2)
        await settle(pilot)
        assert screen.query_one("#note-services", Input).value == "Minun muistiinpanoni lisää"
        assert screen.query_one("#goals", Input).value == "Kollegan tavoite"
        assert "omat tavoitteet" in interview_status(screen)  # from the newer version
        assert not offered(app, "ctrl+r")
        stored = current(context, visit_id).content
        assert stored.goals == "Kollegan tavoite"
        assert stored.entry(LifeDomain.SERVICES).note == "Minun muistiinpanoni lisää"

        await pilot.press("shift+tab")  # back to the level of services in use
        await pilot.press("ctrl+s")  # no outcome: the focus goes to it
        await settle(pilot)
        await pilot.press("enter", "ctrl+s")  # advice given
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
    (record,) = stored_rows(settings, IntakeRecordRow)
    assert "Kollegan tavoite" in record.content and "Minun muistiinpanoni lisää" in record.content


async def test_recording_after_a_colleague_recorded_becomes_a_correction_with_ctrl_r(
    new_app: AppFactory, context: AppContext, settings: Settings
) -> None:
    visit_id = walk_in(context, name="Kahden Kalle")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_called(pilot)
        # The colleague records the intake at another terminal before this one types.
        interview_cases.finish_intake(
            context.uow(),
            visit_id,
            IntakeContent(goals="Kollegan kirjaus", outcome=OutcomeKind.ADVICE),
            actor=colleague(context),
            clock=context.clock,
        )
        await pilot.press("tab")
        await type_text(pilot, "Oma huomio")
        await pilot.press("ctrl+s")  # record: refused, naming the colleague
        await settle(pilot)
        assert "Toinen Tiina" in interview_status(screen)
        assert app.screen is screen
        assert screen.query_one("#note-services", Input).value == "Oma huomio"
        await pilot.press("ctrl+r")
        await pilot.pause(AUTOSAVE_SECONDS + 0.2)
        await settle(pilot)
        assert "versio 1" in interview_status(screen)
        assert screen.query_one("#goals", Input).value == "Kollegan kirjaus"
        assert screen.query_one("#note-services", Input).value == "Oma huomio"
        await pilot.press("ctrl+s")  # now a correction of version 1
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert "versiona 2" in status(app)
    first, second = sorted(stored_rows(settings, IntakeRecordRow), key=lambda r: r.number)
    assert "Oma huomio" not in first.content
    assert "Oma huomio" in second.content and "Kollegan kirjaus" in second.content


async def test_a_stale_ctrl_q_asks_and_the_second_quits(
    new_app: AppFactory, context: AppContext
) -> None:
    visit_id = walk_in(context, name="Kahden Kerttu")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_called(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Eka")
        await pilot.pause(AUTOSAVE_SECONDS + 0.2)
        await settle(pilot)
        theirs = current(context, visit_id)
        interview_cases.save_draft(
            context.uow(),
            visit_id,
            theirs.content.model_copy(update={"goals": "Kollegan"}),
            theirs.draft_version,
            actor=colleague(context),
            clock=context.clock,
        )
        await type_text(pilot, " toka")
        await pilot.pause(AUTOSAVE_SECONDS + 0.2)
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not app.is_running
    # The colleague's draft is as they saved it.
    assert current(context, visit_id).content.goals == "Kollegan"
