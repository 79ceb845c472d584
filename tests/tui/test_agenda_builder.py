"""MOTI meetings and the agenda builder, driven with key presses only, and a picture."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from icalendar import Calendar
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from domain.clock import HELSINKI, FixedClock
from domain.intake import LifeDomain
from domain.network import MemberInput, Professional, ProfessionalInput
from domain.sectors import Sector
from domain.use_cases.coordination import save_member, save_professional
from domain.use_cases.meetings import (
    add_team_member,
    agenda,
    create_team,
    plan_meetings,
    propose_to_team,
)
from tests.conftest import NOW
from tests.helpers import SIZE, AppFactory, Download, new_client, settle, table_rows, type_text
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.agenda_builder import AgendaBuilderScreen, InviteesForm
from tui.screens.meetings import MeetingsScreen
from tui.widgets.marks import MarkedCheckbox

SnapCompare = Callable[..., bool]


@dataclass(frozen=True)
class Team:
    """The seeded team: one meeting, three clients waiting, one of them with a network."""

    context: AppContext
    team_id: int
    meeting_id: int
    expert: Professional
    social_worker: Professional


def client_of(context: AppContext, name: str, birth_year: str) -> int:
    return new_client(context, name=name, birth_year=birth_year, reason="MOTI-käsittely")


def professional(context: AppContext, name: str, title: str) -> Professional:
    return save_professional(
        context.uow(),
        ProfessionalInput(
            name=name,
            title=title,
            organisation="Etelä-Karjalan hyvinvointialue",
            sector=Sector.SOCIAL,
        ),
        actor=context.actor,
    )


def propose(
    context: AppContext,
    team_id: int,
    client_id: int,
    question: str,
    *,
    days_ago: int,
    deadline: dt.date | None = None,
) -> None:
    propose_to_team(
        context.uow(),
        client_id,
        question,
        team_id=team_id,
        deadline=deadline,
        actor=context.actor,
        clock=FixedClock(NOW - dt.timedelta(days=days_ago)),
    )


@pytest.fixture
def team(context: AppContext) -> Team:
    """A 60-minute meeting: three 20-minute clients fill it exactly."""
    made = create_team(context.uow(), "Lappeenrannan MOTI", "Lappeenranta", actor=context.actor)
    expert = professional(context, "Asumisneuvoja Aino", "asumisneuvoja")
    social_worker = professional(context, "Sosiaalityöntekijä Saara", "sosiaalityöntekijä")
    add_team_member(
        context.uow(),
        made.id,
        expert.id,
        domains=frozenset({LifeDomain.HOUSING}),
        availability="ti aamupäivisin",
        actor=context.actor,
    )
    start = dt.datetime(2026, 12, 1, 13, 0, tzinfo=HELSINKI).astimezone(dt.UTC)
    (meeting,) = plan_meetings(
        context.uow(), made.id, start, 60, place="Kaupungintalo, nh 3", actor=context.actor
    )
    korhonen = client_of(context, "Korhonen Kari", "1968")
    laine = client_of(context, "Laine Liisa", "1985")
    makinen = client_of(context, "Mäkinen Matti", "1979")
    propose(
        context,
        made.id,
        korhonen,
        "Asumisen tuki ennen häätöä",
        days_ago=3,
        deadline=dt.date(2026, 11, 30),
    )
    propose(context, made.id, laine, "Työkyvyn arvio ja kuntoutus", days_ago=20)
    propose(context, made.id, makinen, "Velkaneuvonta ja toimeentulo", days_ago=5)
    save_member(
        context.uow(),
        MemberInput(client_id=korhonen, professional_id=social_worker.id),
        actor=context.actor,
    )
    return Team(context, made.id, meeting.id, expert, social_worker)


async def open_builder(pilot: Pilot[None], meeting_id: int) -> None:
    """The app starts on the queue; the builder is pushed as Enter on a meeting pushes it."""
    await settle(pilot)
    pilot.app.push_screen(AgendaBuilderScreen(meeting_id))
    await settle(pilot)


def text_of(app: RinnallaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Each key waits for the change it starts, as a person waits for the screen."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def build_agenda(pilot: Pilot[None]) -> None:
    """Laine, Mäkinen, then Korhonen: out of the domain's order on purpose."""
    await press(pilot, "down", "a", "a", "up", "a")


async def test_backlog_clients_go_to_the_agenda_and_are_ordered(
    new_app: AppFactory, team: Team
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_builder(pilot, team.meeting_id)
        assert text_of(app, "#agenda-heading") == (
            "Lappeenrannan MOTI · 1.12.2026 klo 13.00 · 60 min · Kaupungintalo, nh 3 · Suunniteltu"
        )
        # Nearest deadline first, then the longest wait.
        assert [row[0] for row in table_rows(app, "#agenda-backlog")] == [
            "Korhonen Kari",
            "Laine Liisa",
            "Mäkinen Matti",
        ]
        assert text_of(app, "#agenda-fit") == "Asialista on tyhjä – lisää odottava asiakas: a"

        await press(pilot, "down", "a")
        assert text_of(app, "#agenda-status") == "Lisätty asialistalle: Laine Liisa"
        await press(pilot, "a")
        assert [row[0] for row in table_rows(app, "#agenda-backlog")] == ["Korhonen Kari"]
        assert [row[3] for row in table_rows(app, "#agenda-table")] == [
            "Laine Liisa",
            "Mäkinen Matti",
        ]

        await press(pilot, "a", "o")
        assert table_rows(app, "#agenda-table") == [
            ["13.00", "20", "Asiakas", "Korhonen Kari", "Asumisen tuki ennen häätöä"],
            ["13.20", "20", "Asiakas", "Laine Liisa", "Työkyvyn arvio ja kuntoutus"],
            ["13.40", "20", "Asiakas", "Mäkinen Matti", "Velkaneuvonta ja toimeentulo"],
        ]
        assert text_of(app, "#agenda-fit") == "Kaikki mahtuvat: käytetty 60 / 60 min."
        assert table_rows(app, "#agenda-backlog") == []

        # The cursor stayed on Laine through the reordering; x takes Mäkinen back.
        await press(pilot, "tab", "down", "x")
        assert [row[0] for row in table_rows(app, "#agenda-backlog")] == ["Mäkinen Matti"]
        assert [row[3] for row in table_rows(app, "#agenda-table")] == [
            "Korhonen Kari",
            "Laine Liisa",
        ]


async def test_a_longer_slot_pushes_the_last_item_out(new_app: AppFactory, team: Team) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_builder(pilot, team.meeting_id)
        await build_agenda(pilot)
        await press(pilot, "o", "tab", "up")
        assert app.focused is app.screen.query_one("#agenda-table", DataTable)
        await press(pilot, "plus")
        assert text_of(app, "#agenda-status") == "Korhonen Kari: 25 min"
        assert table_rows(app, "#agenda-table")[2][:2] == ["ei mahdu", "20"]
        assert text_of(app, "#agenda-fit") == (
            "Ei mahdu palaveriin (45 / 60 min): Mäkinen Matti (20 min)"
        )

        # ] moves Korhonen down and the cursor follows it.
        await press(pilot, "right_square_bracket")
        assert [row[3] for row in table_rows(app, "#agenda-table")] == [
            "Laine Liisa",
            "Korhonen Kari",
            "Mäkinen Matti",
        ]
        await press(pilot, "minus", "minus")
        assert [row[:2] for row in table_rows(app, "#agenda-table")] == [
            ["13.00", "20"],
            ["13.20", "15"],
            ["13.35", "20"],
        ]
        await press(pilot, "left_square_bracket")
        assert [row[3] for row in table_rows(app, "#agenda-table")][0] == "Korhonen Kari"


async def test_invitees_are_ticked_and_stored(new_app: AppFactory, team: Team) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_builder(pilot, team.meeting_id)
        await press(pilot, "a", "tab", "i")
        assert isinstance(app.screen, InviteesForm)
        boxes = list(app.screen.query(MarkedCheckbox))
        # Korhonen's own social worker is suggested from the network, not yet ticked.
        assert [box.id for box in boxes] == [f"invitee-{team.social_worker.id}"]
        assert "Sosiaalityöntekijä Saara" in str(boxes[0].label)
        assert boxes[0].value is False
        assert app.focused is boxes[0]
        await press(pilot, "space", "ctrl+s")
        assert isinstance(app.screen, AgendaBuilderScreen)
        assert text_of(app, "#agenda-status") == "Kutsutut tallennettu: Korhonen Kari"

    view = agenda(team.context.uow(), team.meeting_id, actor=team.context.actor)
    assert view.lines[0].item.invitees == frozenset({team.social_worker.id})
    assert set(view.invitees) == {team.social_worker.id}


async def test_a_meeting_is_planned_with_keys(new_app: AppFactory, team: Team) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(MeetingsScreen())
        await settle(pilot)
        # The first column is the meeting's id, as `rinnalla agenda` takes it.
        (meeting,) = table_rows(app, "#meetings-table")
        assert meeting[0].isdigit()
        assert meeting[1:] == [
            "1.12.2026",
            "13.00",
            "60 min",
            "Kaupungintalo, nh 3",
            "Suunniteltu",
            "0",
        ]
        assert [row[0] for row in table_rows(app, "#meetings-backlog")] == [
            "Korhonen Kari",
            "Laine Liisa",
            "Mäkinen Matti",
        ]
        await press(pilot, "n")
        await type_text(pilot, "8.12.2026")
        await pilot.press("tab")
        await type_text(pilot, "9:30")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Monitoimitalo")
        await pilot.press("tab", "tab", "tab")
        # The count holds 1; the focus does not select it, so it is erased first.
        await pilot.press("backspace")
        await type_text(pilot, "2")  # two meetings, two weeks apart
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MeetingsScreen)
        assert text_of(app, "#meetings-status") == "Suunniteltu 2 palaveria."
        assert [row[1:5] for row in table_rows(app, "#meetings-table")] == [
            ["1.12.2026", "13.00", "60 min", "Kaupungintalo, nh 3"],
            ["8.12.2026", "9.30", "120 min", "Monitoimitalo"],
            ["22.12.2026", "9.30", "120 min", "Monitoimitalo"],
        ]

        # Enter opens the highlighted meeting's agenda builder.
        await press(pilot, "enter")
        assert isinstance(app.screen, AgendaBuilderScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, MeetingsScreen)


async def test_a_wrong_time_is_refused_at_its_field(new_app: AppFactory, team: Team) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(MeetingsScreen())
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "8.12.2026")
        await pilot.press("tab")
        await type_text(pilot, "25:00")
        await press(pilot, "ctrl+s")
        assert text_of(app, "#time-error") == "Anna aika muodossa tt.mm, esim. 9.30."


async def test_no_teams_says_how_to_add_one(new_app: AppFactory, context: AppContext) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(MeetingsScreen())
        await settle(pilot)
        assert text_of(app, "#meetings-summary") == "Ei tiimejä – lisää tiimi: t"
        await press(pilot, "t")
        await type_text(pilot, "Imatran MOTI")
        await press(pilot, "ctrl+s")
        assert text_of(app, "#meetings-status") == "Tiimi lisätty: Imatran MOTI"
        assert "palaveri" in text_of(app, "#meetings-summary")


def test_builder_picture(snap_compare: SnapCompare, new_app: AppFactory, team: Team) -> None:
    async def build(pilot: Pilot[None]) -> None:
        await open_builder(pilot, team.meeting_id)
        await build_agenda(pilot)
        await press(pilot, "o", "tab", "up", "plus")

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=build)


async def test_the_agenda_is_exported_from_a_key(
    new_app: AppFactory, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "documents"
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    app = new_app(organisation="Etelä-Karjalan hyvinvointialue")
    async with app.run_test(size=SIZE) as pilot:
        await open_builder(pilot, team.meeting_id)
        await press(pilot, "a", "tab", "i", "space", "ctrl+s", "e")
        assert "Tallennettu:" in text_of(app, "#agenda-status")
    stem = f"rinnalla-asialista-{team.meeting_id}"
    inside = (documents / f"{stem}.md").read_text(encoding="utf-8")
    outside = (documents / f"{stem}-ulkopuoliset.md").read_text(encoding="utf-8")
    assert "Korhonen Kari" in inside
    assert "Korhonen" not in outside and "K.K. 1968" in outside
    calendar = Calendar.from_ical((documents / f"{stem}.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert "Korhonen" not in str(event.get("summary"))
    assert len(list(documents.iterdir())) == 3
    for path in documents.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600


async def test_without_the_organisation_setting_only_the_agenda_without_names_is_saved(
    new_app: AppFactory, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The invited expert is no Rinnalla user: without the own organisation's name
    she may be an outsider, so the agenda with names is not written, and the status
    says which setting to set."""
    documents = tmp_path / "documents"
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    app = new_app(organisation="")
    async with app.run_test(size=SIZE) as pilot:
        await open_builder(pilot, team.meeting_id)
        await press(pilot, "a", "tab", "i", "space", "ctrl+s", "e")
        status = text_of(app, "#agenda-status")
        assert 'config.toml (organisation = "…")' in status
        assert "Tallennettu ilman nimiä" in status
    stem = f"rinnalla-asialista-{team.meeting_id}"
    assert sorted(path.name for path in documents.iterdir()) == [
        f"{stem}-ulkopuoliset.md",
        f"{stem}.ics",
    ]


async def test_in_a_browser_the_agenda_and_invitations_are_downloads(
    new_app: AppFactory, team: Team, in_a_browser: list[Download], tmp_path: Path
) -> None:
    app = new_app(organisation="")
    async with app.run_test(size=SIZE) as pilot:
        await open_builder(pilot, team.meeting_id)
        await press(pilot, "a", "tab", "i", "space", "ctrl+s", "e")
        status = text_of(app, "#agenda-status")
    stem = f"rinnalla-asialista-{team.meeting_id}"
    # Without the organisation setting only the files without names are handed over.
    assert [(d.name, d.mime_type) for d in in_a_browser] == [
        (f"{stem}-ulkopuoliset.md", "text/markdown"),
        (f"{stem}.ics", "text/calendar"),
    ]
    assert "Korhonen" not in in_a_browser[0].data.decode("utf-8")
    assert Calendar.from_ical(in_a_browser[1].data).walk("VEVENT")
    assert 'config.toml (organisation = "…")' in status
    assert status.endswith(f"Lähetetty selaimeen ladattavaksi: {stem}-ulkopuoliset.md, {stem}.ics")
    assert not (tmp_path / "server-docs").exists()


async def test_overdue_actions_are_listed_for_the_team(
    new_app: AppFactory, team: Team, clock: FixedClock
) -> None:
    from domain.use_cases.meetings import add_action, add_to_agenda, backlog, open_meeting

    context = team.context
    (first, *_) = backlog(context.uow(), team.team_id, actor=context.actor, clock=clock)
    item = add_to_agenda(context.uow(), team.meeting_id, first.proposal.id, actor=context.actor)
    open_meeting(context.uow(), team.meeting_id, actor=context.actor)
    add_action(
        context.uow(),
        item.id,
        "Kela-hakemus",
        team.expert.id,
        dt.date(2026, 11, 20),  # before today (24.11.2026)
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(MeetingsScreen())
        await settle(pilot)
        overdue = text_of(app, "#meetings-overdue")
        assert "Myöhässä olevat toimenpiteet (1):" in overdue
        assert f"20.11.2026 · Kela-hakemus · {team.expert.name} · Korhonen Kari" in overdue


async def test_meeting_mode_opens_from_the_builder(new_app: AppFactory, team: Team) -> None:
    from tui.screens.meeting_mode import MeetingModeScreen

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_builder(pilot, team.meeting_id)
        await press(pilot, "a", "m")
        assert isinstance(app.screen, MeetingModeScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, AgendaBuilderScreen)
    view = agenda(team.context.uow(), team.meeting_id, actor=team.context.actor)
    assert view.meeting.state.value == "open"


async def test_a_team_member_is_added_with_expertise(new_app: AppFactory, team: Team) -> None:

    context = team.context
    newcomer = save_professional(
        context.uow(),
        ProfessionalInput(
            name="Uusi Urho", organisation="Kela", sector=Sector.KELA, title="etuusasiantuntija"
        ),
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(MeetingsScreen())
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await type_text(pilot, "urho")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # pick Uusi Urho
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "space")  # the fourth domain: income
        await pilot.press(*["tab"] * 8, "space")  # the third sector: employment services
        await pilot.press("ctrl+s")
        await settle(pilot)
    uow = context.uow()
    with uow:
        members = {m.professional.id: m for m in uow.meetings.team_members(team.team_id)}
    assert members[newcomer.id].domains == frozenset({LifeDomain.INCOME})
    assert members[newcomer.id].sectors == frozenset({Sector.EMPLOYMENT})


async def test_escape_from_the_proposal_form_asks_before_dropping_the_question(
    new_app: AppFactory, context: AppContext
) -> None:
    from textual.widgets import Input

    from tui.screens.confirm import ConfirmDiscard
    from tui.screens.propose import ProposeForm

    client_id = client_of(context, "Laine Liisa", "1985")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = app.screen
        app.push_screen(ProposeForm(client_id))  # as the network page's key pushes it
        await settle(pilot)
        await type_text(pilot, "Kuka koordinoi?")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # the safe choice has the focus: keep editing
        await settle(pilot)
        assert isinstance(app.screen, ProposeForm)
        assert app.screen.query_one("#question", Input).value == "Kuka koordinoi?"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "enter")  # explicitly discard
        await settle(pilot)
        assert app.screen is start
        # Nothing typed: Escape simply goes back.
        app.push_screen(ProposeForm(client_id))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is start


@pytest.mark.parametrize(
    ("day", "time", "count"),
    [
        ("30.12.9999", "9:30", "1"),  # the meeting fits the calendar, little else does
        ("31.12.9999", "23:00", "1"),  # the meeting would end after the calendar's last day
        ("2.1.2032", "9:30", "1"),  # the year mistyped: past the planning horizon
        ("15.12.2031", "9:30", "3"),  # the series would run past the planning horizon
    ],
)
async def test_a_date_at_the_end_of_the_calendar_is_refused_at_its_field(
    new_app: AppFactory, team: Team, day: str, time: str, count: str
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(MeetingsScreen())
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, day)
        await pilot.press("tab")
        await type_text(pilot, time)
        await pilot.press("tab", "tab", "tab", "tab", "tab", "backspace")  # to the count
        await type_text(pilot, count)
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, MeetingsScreen)
        assert text_of(app, "#date-error") == (
            "Palaverin voi suunnitella enintään viiden vuoden päähän: viimeinen palaveri "
            "viimeistään 31.12.2031. Tarkista vuosi."
        )
        await press(pilot, "escape", "tab", "enter")
        assert isinstance(app.screen, MeetingsScreen)
        assert len(table_rows(app, "#meetings-table")) == 1
