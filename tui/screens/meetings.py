"""MOTI meetings (F4): a team's meetings and the clients waiting for the team (R8).

The coordinator picks a team, plans its meetings (one, or a series such as
every second Tuesday) and sees who waits in the backlog and for how long, so
that nobody is forgotten between meetings. Enter opens a meeting's agenda
builder. Team members and their expertise are added here too: the agenda
builder suggests invitees from them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Label, Select, Static

from domain import formats
from domain.clock import HELSINKI
from domain.errors import DomainError
from domain.i18n import N_, ntr, tr
from domain.intake import LifeDomain
from domain.meetings import ActionLine, BacklogLine
from domain.moti import Meeting, MeetingState, Team, TeamMember
from domain.network import Professional
from domain.sectors import Sector
from domain.use_cases import meetings
from tui.context import AppContext
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.screens.form import FieldForm, refuse
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable
from tui.widgets.marks import MarkedCheckbox
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("meetings_ui.col.id"),
    N_("meetings_ui.col.date"),
    N_("meetings_ui.col.time"),
    N_("meetings_ui.col.length"),
    N_("meetings_ui.col.place"),
    N_("meetings_ui.col.state"),
    N_("meetings_ui.col.items"),
    N_("meetings_ui.col.name"),
    N_("meetings_ui.col.question"),
    N_("meetings_ui.col.waited"),
    N_("meetings_ui.col.deadline"),
)

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def professional_line(professional: Professional) -> str:
    """Name, title and organisation: two workers may share a name."""
    parts = (professional.name, professional.title, professional.organisation)
    return " · ".join(part for part in parts if part)


# Loading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamOverview:
    """Everything the screen shows, read in one worker."""

    teams: list[Team]
    team: Team | None
    meetings: list[tuple[Meeting, int]]
    """Each meeting with the number of items on its agenda."""
    members: list[TeamMember]
    backlog: list[BacklogLine]
    overdue: list[ActionLine]


def read_overview(context: AppContext, team_id: int | None) -> TeamOverview:
    """The teams, and the chosen (or first) team's meetings, members and backlog.

    The domain has no listing use case for teams and meetings yet; these are
    plain reads through the unit of work and touch no client data. The backlog
    names clients and goes through :func:`meetings.backlog`, which logs it.
    """
    uow = context.uow()
    with uow:
        teams = uow.meetings.teams()
        team = next((t for t in teams if t.id == team_id), teams[0] if teams else None)
        planned: list[tuple[Meeting, int]] = []
        members: list[TeamMember] = []
        if team is not None:
            planned = [
                (meeting, len(uow.meetings.items(meeting.id)))
                for meeting in uow.meetings.meetings(team.id)
            ]
            members = uow.meetings.team_members(team.id)
        uow.commit()
    waiting = (
        meetings.backlog(context.uow(), team.id, actor=context.actor, clock=context.clock)
        if team is not None
        else []
    )
    overdue = (
        meetings.overdue_lines(context.uow(), team.id, actor=context.actor, clock=context.clock)
        if team is not None
        else []
    )
    return TeamOverview(teams, team, planned, members, waiting, overdue)


class OverviewLoaded(Message):
    def __init__(self, overview: TeamOverview, note: str) -> None:
        super().__init__()
        self.overview = overview
        self.note = note


# The screen -------------------------------------------------------------------------


class MeetingsScreen(RinnallaScreen[None]):
    """One team's meetings and its backlog; Enter opens a meeting's agenda builder."""

    BINDINGS = [
        Binding("n", "plan", N_("meetings_ui.key.plan"), id="meetings_plan"),
        Binding("t", "new_team", N_("meetings_ui.key.team"), id="meetings_team"),
        Binding("j", "add_member", N_("meetings_ui.key.member"), id="meetings_member"),
        Binding("w", "choose_team", N_("meetings_ui.key.choose_team"), id="meetings_choose_team"),
        Binding("k", "minutes", N_("meetings_ui.key.minutes"), id="meetings_minutes"),
        Binding("escape", "back", N_("meetings_ui.key.back"), id="meetings_back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.title = tr("meetings_ui.title")
        self._overview: TeamOverview | None = None
        self._showing_teams: list[int] = []

    @property
    def _team(self) -> Team | None:
        return self._overview.team if self._overview else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="field-row", id="meetings-picker"):
            yield Label(tr("meetings_ui.team"), classes="field-label")
            teams: Choice[int] = Choice(
                [], prompt=tr("meetings_ui.team_prompt"), id="meetings-team"
            )
            yield teams
        yield Static(tr("meetings_ui.opening"), id="meetings-summary")
        table: DataTable[Text] = ListTable(
            id="meetings-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static(tr("meetings_ui.backlog"), classes="section-title")
        waiting: DataTable[Text] = ListTable(
            id="meetings-backlog", cursor_type="row", zebra_stripes=True
        )
        yield waiting
        yield Static("", id="meetings-overdue")
        yield StatusLine(id="meetings-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#meetings-table", DataTable)
        for column, width in (
            ("id", 5),
            ("date", 11),
            ("time", 6),
            ("length", 8),
            ("place", 35),
            ("state", 12),
            ("items", 8),
        ):
            table.add_column(tr(f"meetings_ui.col.{column}"), key=column, width=width)
        waiting = self.query_one("#meetings-backlog", DataTable)
        for column, width in (("name", 26), ("question", 52), ("waited", 10), ("deadline", 11)):
            waiting.add_column(tr(f"meetings_ui.col.{column}"), key=column, width=width)
        table.focus()
        self.reload()

    # Loading ------------------------------------------------------------------------

    def reload(self, team_id: int | None = None, note: str = "") -> None:
        chosen = team_id if team_id is not None else (self._team.id if self._team else None)
        self._load(self.context, chosen, note)

    @work(thread=True, exclusive=True, group="meetings-load")
    def _load(self, context: AppContext, team_id: int | None, note: str) -> None:
        try:
            overview = read_overview(context, team_id)
        except DomainError as error:
            self.post_message(Refused(error))
            return
        self.post_message(OverviewLoaded(overview, note))

    @on(Refused)
    def _failed(self, message: Refused) -> None:
        self.set_status(message.error.message, error=True)

    @on(OverviewLoaded)
    def _show(self, message: OverviewLoaded) -> None:
        overview = self._overview = message.overview
        select = self.query_one("#meetings-team", Select)
        team_ids = [team.id for team in overview.teams]
        if team_ids != self._showing_teams:
            self._showing_teams = team_ids
            select.set_options([(Text(self._team_label(team)), team.id) for team in overview.teams])
        if overview.team is not None and select.value != overview.team.id:
            with select.prevent(Select.Changed):
                select.value = overview.team.id
        self._show_meetings(overview)
        self._show_backlog(overview)
        self._show_overdue(overview)
        summary = self.query_one("#meetings-summary", Static)
        if overview.team is None:
            summary.update(tr("meetings_ui.no_teams"))
        elif not overview.meetings:
            summary.update(tr("meetings_ui.no_meetings"))
        else:
            summary.update(
                tr(
                    "meetings_ui.summary",
                    meetings=len(overview.meetings),
                    members=len(overview.members),
                    waiting=len(overview.backlog),
                )
            )
        self.set_status(message.note)
        self.refresh_bindings()

    def _show_overdue(self, overview: TeamOverview) -> None:
        """Unfinished actions past their due date, said in words (R8 follow-up)."""
        widget = self.query_one("#meetings-overdue", Static)
        if not overview.overdue:
            widget.update(Text(tr("meetings_ui.no_overdue"), style="dim"))
            return
        text = Text(tr("meetings_ui.overdue", count=len(overview.overdue)), style="bold")
        for line in overview.overdue:
            text.append(
                f"\n• {formats.date(line.action.due)} · {line.action.what} · "
                f"{line.owner_label} · {line.client.display_name}"
            )
        widget.update(text)

    def _team_label(self, team: Team) -> str:
        return f"{team.name} – {team.area}" if team.area else team.name

    def _show_meetings(self, overview: TeamOverview) -> None:
        table = self.query_one("#meetings-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for meeting, items in overview.meetings:
            place = meeting.place
            if meeting.video_link:
                place = (
                    place + " + " + tr("meetings_ui.video") if place else tr("meetings_ui.video")
                )
            table.add_row(
                # The id the command line takes (rinnalla agenda 42).
                Text(str(meeting.id), style="dim"),
                Text(formats.date(meeting.starts_at)),
                Text(formats.time(meeting.starts_at)),
                Text(tr("meetings_ui.minutes", minutes=meeting.length_minutes)),
                Text(place),
                Text(meeting.state.label),
                Text(str(items)),
                key=str(meeting.id),
            )
        if overview.meetings:
            table.move_cursor(row=min(max(keep, 0), len(overview.meetings) - 1))

    def _show_backlog(self, overview: TeamOverview) -> None:
        table = self.query_one("#meetings-backlog", DataTable)
        table.clear()
        for line in overview.backlog:
            deadline = line.proposal.deadline
            question = Text(line.proposal.question)
            if line.proposal.return_reason is not None:  # went back undiscussed: say why
                question.append(
                    " · " + tr("meetings_ui.returned", reason=line.proposal.return_reason.label),
                    style="italic",
                )
            table.add_row(
                Text(line.client.display_name),
                question,
                Text(tr("meetings_ui.days", days=line.waited_days)),
                Text(tr("agenda_ui.overdue"), style="bold")
                if line.overdue
                else Text(formats.date(deadline) if deadline else "–"),
                key=str(line.proposal.id),
            )
        if overview.team is not None and not overview.backlog:
            table.add_row(Text(tr("meetings_ui.backlog_empty"), style="dim"), *[Text("")] * 3)

    @on(Select.Changed, "#meetings-team")
    def _team_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and (self._team is None or event.value != self._team.id):
            self.reload(team_id=event.value)
            self.query_one("#meetings-table", DataTable).focus()

    def _highlighted_meeting(self) -> Meeting | None:
        table = self.query_one("#meetings-table", DataTable)
        shown = self._overview.meetings if self._overview else []
        if 0 <= table.cursor_row < len(shown):
            return shown[table.cursor_row][0]
        return None

    @on(DataTable.RowHighlighted, "#meetings-table")
    def _meeting_highlighted(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "minutes":
            meeting = self._highlighted_meeting()
            return True if meeting and meeting.state is MeetingState.CLOSED else None
        if action in ("plan", "add_member") and self._team is None:
            return None
        return True

    # Actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_choose_team(self) -> None:
        self.query_one("#meetings-team", Select).focus()

    def action_new_team(self) -> None:
        def added(team: Team | None) -> None:
            if team is not None:
                self.reload(team_id=team.id, note=tr("meetings_ui.team_added", name=team.name))

        self.app.push_screen(TeamForm(), added)

    def action_add_member(self) -> None:
        team = self._team
        if team is None:
            return
        from tui.screens.directory import DirectoryPicker

        def picked(professional: Professional | None) -> None:
            if professional is not None:
                self.app.push_screen(MemberForm(team.id, professional), added)

        def added(member: TeamMember | None) -> None:
            if member is not None:
                name = member.professional.name
                self.reload(note=tr("meetings_ui.member_added", name=name))

        self.app.push_screen(DirectoryPicker(), picked)

    def action_plan(self) -> None:
        team = self._team
        if team is None:
            return

        def planned(made: list[Meeting] | None) -> None:
            if made:
                self.reload(
                    note=ntr("meetings_ui.planned", "meetings_ui.planned_plural", len(made))
                )

        self.app.push_screen(PlanMeetingsForm(team.id), planned)

    def action_minutes(self) -> None:
        """A closed meeting's minutes, to read and to export (R8)."""
        meeting = self._highlighted_meeting()
        if meeting is None or meeting.state is not MeetingState.CLOSED:
            return
        from tui.screens.minutes import MinutesScreen

        self.app.push_screen(MinutesScreen(meeting.id))

    @on(DataTable.RowSelected, "#meetings-table")
    def _open_meeting(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None:
            return
        from tui.screens.agenda_builder import AgendaBuilderScreen

        meeting_id = int(event.row_key.value)
        self.app.push_screen(AgendaBuilderScreen(meeting_id), lambda _: self.reload())


# Forms ------------------------------------------------------------------------------


class TeamForm(FieldForm[Team]):
    """A new team: a name and the area it serves."""

    FIELDS = ("name", "area")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="team-form"):
            yield Static(tr("meetings_ui.team_title"), classes="dialog-title")
            yield Static(Text(tr("meetings_ui.team_text")), classes="dialog-text")
            yield from self.field_row(
                "name",
                tr("meetings_ui.name"),
                self.text_input(placeholder=tr("meetings_ui.name_hint")),
            )
            yield from self.field_row(
                "area",
                tr("meetings_ui.area"),
                self.text_input(placeholder=tr("meetings_ui.area_hint")),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], Team]:
        name, area = self.value("name"), self.value("area")
        return lambda: meetings.create_team(context.uow(), name, area, actor=context.actor)


class MemberForm(FieldForm[TeamMember]):
    """A professional joins the team with the life domains they know best."""

    FIELDS = ("availability",)

    def __init__(self, team_id: int, professional: Professional) -> None:
        super().__init__()
        self._team_id = team_id
        self._professional = professional

    def compose(self) -> ComposeResult:
        name = professional_line(self._professional)
        with Vertical(classes="dialog wide", id="member-form"):
            yield Static(Text(tr("meetings_ui.member_title", name=name)), classes="dialog-title")
            yield Static(tr("meetings_ui.member_text"), classes="dialog-text")
            yield Label(tr("meetings_ui.expertise"), classes="field-label")
            with Horizontal(id="member-expertise"):
                with Vertical(id="member-domains"):
                    for domain in LifeDomain:
                        yield MarkedCheckbox(domain.label, id=f"domain-{domain.value}")
                with Vertical(id="member-sectors"):
                    for sector in Sector:
                        if sector is not Sector.CLOSE_PEOPLE:
                            yield MarkedCheckbox(sector.label, id=f"sector-{sector.value}")
            yield from self.field_row(
                "availability",
                tr("meetings_ui.availability"),
                self.text_input(placeholder=tr("meetings_ui.availability_hint")),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        # Textual also runs FieldForm.on_mount (it focuses the text field); the
        # expertise comes first on this form, so its focus is set after that.
        self.call_after_refresh(lambda: self.query(MarkedCheckbox).first().focus())

    def prepared(self, context: AppContext) -> Callable[[], TeamMember]:
        domains = frozenset(
            domain
            for domain in LifeDomain
            if self.query_one(f"#domain-{domain.value}", MarkedCheckbox).value
        )
        sectors = frozenset(
            sector
            for sector in Sector
            if sector is not Sector.CLOSE_PEOPLE
            and self.query_one(f"#sector-{sector.value}", MarkedCheckbox).value
        )
        availability = self.value("availability")
        team_id, professional_id = self._team_id, self._professional.id
        return lambda: meetings.add_team_member(
            context.uow(),
            team_id,
            professional_id,
            domains=domains,
            sectors=sectors,
            availability=availability,
            actor=context.actor,
        )


class PlanMeetingsForm(FieldForm[list[Meeting]]):
    """One meeting or a series at the same Helsinki time every N weeks."""

    FIELDS = ("date", "time", "length", "place", "video", "every", "count")

    def __init__(self, team_id: int) -> None:
        super().__init__()
        self._team_id = team_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="plan-meetings-form"):
            yield Static(tr("meetings_ui.plan_title"), classes="dialog-title")
            yield Static(tr("meetings_ui.plan_text"), classes="dialog-text")
            yield from self.field_row(
                "date", tr("meetings_ui.date"), self.date_input(None, optional=False)
            )
            yield from self.field_row(
                "time",
                tr("meetings_ui.time"),
                TextInput(placeholder=tr("meetings_ui.time_hint"), max_length=5),
            )
            yield from self.field_row("length", tr("meetings_ui.length"), self._number("120"))
            yield from self.field_row("place", tr("meetings_ui.place"), self.text_input())
            yield from self.field_row("video", tr("meetings_ui.video_link"), self.text_input())
            yield from self.field_row("every", tr("meetings_ui.every"), self._number("2"))
            yield from self.field_row("count", tr("meetings_ui.count"), self._number("1"))
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def _number(self, value: str) -> Input:
        return TextInput(value, type="integer", max_length=3)

    def _read_number(self, field: str, errors: dict[str, str]) -> int:
        try:
            return int(self.value(field))
        except ValueError:
            errors[field] = tr("meetings_ui.number_wrong")
            return 0

    def _read_time(self, errors: dict[str, str]) -> dt.time | None:
        match = TIME.match(self.value("time"))
        if match is not None:
            hour, minute = int(match[1]), int(match[2])
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
        errors["time"] = tr("meetings_ui.time_wrong")
        return None

    def prepared(self, context: AppContext) -> Callable[[], list[Meeting]]:
        errors: dict[str, str] = {}
        day = self.read_date("date", errors)
        if day is None and "date" not in errors:
            errors["date"] = tr("meetings_ui.date_missing")
        at = self._read_time(errors)
        length = self._read_number("length", errors)
        every = self._read_number("every", errors)
        count = self._read_number("count", errors)
        place, video = self.value("place"), self.value("video")
        team_id = self._team_id
        # The domain checks length, interval and count when saving; a wrong date or
        # time is caught here, since no meeting can be built without them.
        first: dt.datetime | None = None
        if day is not None and at is not None:
            try:
                first = dt.datetime.combine(day, at, tzinfo=HELSINKI).astimezone(dt.UTC)
            except OverflowError:  # at the very start of the calendar
                errors["date"] = tr("date.impossible")
        refuse(errors, lambda: None)
        assert first is not None
        return lambda: meetings.plan_meetings(
            context.uow(),
            team_id,
            first,
            length,
            place=place,
            video_link=video,
            every_weeks=every,
            count=count,
            actor=context.actor,
        )
