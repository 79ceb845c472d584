"""MOTI from the keyboard (issue 19, item 3): the referrer in the propose dialog, the
client in meeting mode, reasons for undiscussed items, and the minutes from F4."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Markdown, Static

from domain.clock import FixedClock
from domain.moti import MeetingState, OwnerKind, ParticipantKind, Referrer, ReturnReason
from domain.need_assessment import DeadlineRules
from domain.network import MemberInput
from domain.use_cases import meetings
from domain.use_cases.coordination import save_member
from domain.use_cases.need_assessment import make_pending
from tests.helpers import SIZE, AppFactory, type_text
from tests.tui.test_meeting_mode import Seeded, current, open_mode, seed_meeting, wait
from tui.context import AppContext
from tui.screens.meeting_dialogs import (
    ActionForm,
    AttendanceForm,
    ClientViewForm,
    ReturnReasonsForm,
)
from tui.screens.meetings import MeetingsScreen
from tui.screens.minutes import MinutesScreen
from tui.screens.propose import ProposeForm


@pytest.fixture
def seeded(context: AppContext, clock: FixedClock) -> Seeded:
    """The meeting mode tests' team, meeting and two clients."""
    return seed_meeting(context, clock)


async def test_the_propose_dialog_records_who_referred_and_the_pending_deadline(
    new_app: AppFactory, context: AppContext, clock: FixedClock, seeded: Seeded
) -> None:
    pending = make_pending(
        context.uow(),
        seeded.first_client,
        None,
        DeadlineRules(),
        actor=context.actor,
        clock=clock,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        app.push_screen(ProposeForm(seeded.first_client))
        await wait(pilot)
        await type_text(pilot, "Kuka vastaa työllistymisestä?")
        await pilot.press("tab", "tab")  # past the team to who referred the client
        await pilot.press("down", "down", "down", "space")  # sote, järjestö, TE, Kela
        await pilot.press("ctrl+s")
        await wait(pilot)
        assert not isinstance(current(pilot), ProposeForm)
    lines = meetings.backlog(context.uow(), seeded.team_id, actor=context.actor, clock=clock)
    (line,) = [line for line in lines if line.proposal.question.startswith("Kuka vastaa")]
    assert line.proposal.referred_by is Referrer.KELA
    assert line.proposal.deadline == pending.due_on


async def test_the_client_takes_part_owns_an_action_and_has_a_view(
    new_app: AppFactory, context: AppContext, seeded: Seeded
) -> None:
    save_member(
        context.uow(),
        MemberInput(client_id=seeded.first_client, close_name="Virtanen Aino", relation="äiti"),
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(pilot, seeded.meeting_id)
        # Attendance: after the professionals, the client and her mother.
        await pilot.press("a")
        await wait(pilot)
        assert isinstance(current(pilot), AttendanceForm)
        boxes = len(current(pilot).query("MarkedCheckbox"))
        # The last three: the first client, her mother, the second client.
        await pilot.press(*["tab"] * (boxes - 3), "space", "tab", "space", "ctrl+s")
        await wait(pilot)
        assert current(pilot) is screen
        assert "asiakkaat ja läheiset: Virtanen [b]Matti[/b], Virtanen Aino" in str(
            screen.query_one("#meeting-attendance", Static).render()
        )
        # The client's view, in her words.
        await pilot.press("o")
        await wait(pilot)
        assert isinstance(current(pilot), ClientViewForm)
        await type_text(pilot, "Haluan ensin asunnon")
        await pilot.press("ctrl+s")
        await wait(pilot)
        assert "Haluan ensin asunnon" in str(screen.query_one("#meeting-recorded", Static).render())
        # An action the mother owns: after the professionals, the client, then her.
        await pilot.press("t")
        await wait(pilot)
        assert isinstance(current(pilot), ActionForm)
        await type_text(pilot, "Lähde mukaan Kelaan")
        await pilot.press("tab", "enter", "end", "enter", "tab")
        await type_text(pilot, "1.12.2026")
        await pilot.press("ctrl+s")
        await wait(pilot)
        assert current(pilot) is screen
    view = meetings.agenda(context.uow(), seeded.meeting_id, actor=context.actor)
    assert {(p.kind, p.name, p.present) for p in view.participants} == {
        (ParticipantKind.CLIENT, "", True),
        (ParticipantKind.CLOSE_PERSON, "Virtanen Aino", True),
    }
    assert view.lines[0].item.client_view == "Haluan ensin asunnon"
    (action,) = view.actions
    assert (action.owner_kind, action.owner_name, action.owner_id) == (
        OwnerKind.CLOSE_PERSON,
        "Virtanen Aino",
        None,
    )


async def test_closing_asks_why_each_undiscussed_item_goes_back(
    new_app: AppFactory, context: AppContext, clock: FixedClock, seeded: Seeded
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(pilot, seeded.meeting_id)
        await pilot.press("s")
        await wait(pilot)
        assert isinstance(current(pilot), ReturnReasonsForm)
        # The first client: "other" with no note is refused at the note.
        await pilot.press("down", "down", "down", "down", "space", "ctrl+s")
        await wait(pilot)
        form = current(pilot)
        assert isinstance(form, ReturnReasonsForm)
        errors = [str(s.render()) for s in form.query(".field-error") if s.display]
        assert errors == ["Kirjoita syy, kun valitset ”muu syy”."]
        await type_text(pilot, "Tulkki puuttui")  # the note has the focus now
        # The second client: absent.
        await pilot.press("tab", "down", "space", "ctrl+s")
        await wait(pilot)
        assert current(pilot) is not screen
    view = meetings.minutes_view(context.uow(), seeded.meeting_id, actor=context.actor)
    assert view.meeting.state is MeetingState.CLOSED
    reasons = {
        line.client.id: (line.item.return_reason, line.item.return_note) for line in view.lines
    }
    assert reasons == {
        seeded.first_client: (ReturnReason.OTHER, "Tulkki puuttui"),
        seeded.second_client: (ReturnReason.PERSON_ABSENT, ""),
    }
    waiting = meetings.backlog(context.uow(), seeded.team_id, actor=context.actor, clock=clock)
    assert {line.proposal.return_reason for line in waiting} == {
        ReturnReason.OTHER,
        ReturnReason.PERSON_ABSENT,
    }


async def _to_closed_meeting(pilot: Pilot[None]) -> MeetingsScreen:
    await wait(pilot)
    pilot.app.push_screen(MeetingsScreen())  # as F4 opens it
    await wait(pilot)
    screen = current(pilot)
    assert isinstance(screen, MeetingsScreen)
    return screen


async def test_the_minutes_of_a_closed_meeting_are_read_and_exported_from_f4(
    new_app: AppFactory,
    context: AppContext,
    seeded: Seeded,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = tmp_path / "documents"
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    uow = context.uow
    meetings.open_meeting(uow(), seeded.meeting_id, actor=context.actor)
    view = meetings.agenda(uow(), seeded.meeting_id, actor=context.actor)
    meetings.add_action(
        uow(),
        view.lines[0].item.id,
        "Hae asumistukea",
        None,
        dt.date(2026, 12, 1),
        owner_kind=OwnerKind.CLIENT,
        actor=context.actor,
    )
    app = new_app(organisation="Etelä-Karjalan hyvinvointialue")
    async with app.run_test(size=SIZE) as pilot:
        await _to_closed_meeting(pilot)
        await pilot.press("k")  # still open: no minutes yet
        await wait(pilot)
        assert isinstance(current(pilot), MeetingsScreen)
    meetings.close_meeting(uow(), seeded.meeting_id, "", actor=context.actor)
    app = new_app(organisation="Etelä-Karjalan hyvinvointialue")
    async with app.run_test(size=SIZE) as pilot:
        await _to_closed_meeting(pilot)
        await pilot.press("k")
        await wait(pilot)
        minutes = current(pilot)
        assert isinstance(minutes, MinutesScreen)
        shown = minutes.query_one("#minutes-text", Markdown)._markdown
        assert "Hae asumistukea – vastuu: Asiakas" in shown
        assert "Palasi jonoon: Ei ehditty käsitellä" in shown
        # The expert invited to the first client's item is from another organisation
        # and the client has not consented: only the minutes without names are saved.
        await pilot.press("e")
        await wait(pilot)
        status = str(minutes.query_one("#minutes-status", Static).render())
        assert "ei ole suostumusta" in status and "Tallennettu ilman nimiä" in status
    stem = f"rinnalla-muistio-{seeded.meeting_id}"
    assert [path.name for path in documents.iterdir()] == [f"{stem}-ulkopuoliset.md"]
    outside = (documents / f"{stem}-ulkopuoliset.md").read_text(encoding="utf-8")
    assert "Heikkinen" not in outside and "Virtanen" not in outside
    assert "H.H. 1980" in outside
    assert (documents / f"{stem}-ulkopuoliset.md").stat().st_mode & 0o777 == 0o600
