"""Meeting mode (R8): the MOTI team goes through its agenda one item at a time.

The current item is shown large with a running clock, so the chair sees when
a slot is used up; decisions, actions and attendance are recorded as the team
talks, and closing the meeting stores its minutes. Unfinished actions come
back on the team's next agenda by themselves (see :mod:`domain.meetings`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Digits, Header, Static

from domain import formats
from domain.catalogue import Service
from domain.errors import DomainError
from domain.i18n import N_, ntr, tr
from domain.meetings import AgendaLine, AgendaView, ReturnReasons, undiscussed
from domain.moti import (
    Action,
    ActionState,
    CarryReason,
    ItemKind,
    MeetingState,
    ParticipantKind,
    action_owner,
)
from domain.network import Professional
from domain.use_cases import meetings
from domain.use_cases.catalogue import list_services
from tui.context import AppContext
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.screens.confirm import ConfirmDiscard
from tui.screens.meeting_dialogs import (
    ActionForm,
    AttendanceForm,
    CarryDialog,
    ClientViewForm,
    DecisionForm,
    ReturnReasonsForm,
    agenda_people,
    client_name,
)
from tui.widgets.footer import KeyFooter
from tui.widgets.status_line import StatusLine

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("meeting_mode.action_open"),
    N_("meeting_mode.action_done"),
    N_("meeting_mode.action_carried"),
)


def _clock_text(delta: dt.timedelta) -> str:
    """mm:ss; a long discussion shows its minutes past 99 rather than wrapping."""
    seconds = max(0, int(delta.total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _action_state(action: Action) -> str:
    return tr(f"meeting_mode.action_{action.state.value}")


# Messages from the workers ----------------------------------------------------------


class AgendaLoaded(Message):
    def __init__(
        self,
        view: AgendaView,
        services: list[Service],
        people: dict[int, Professional],
        note: str = "",
        close_people: dict[int, tuple[str, ...]] | None = None,
    ) -> None:
        super().__init__()
        self.view = view
        self.services = services
        self.people = people
        self.note = note
        self.close_people = close_people
        """Per client on the agenda, the close people of their network (read on opening)."""


class MeetingClosed(Message):
    def __init__(self, returned: int) -> None:
        super().__init__()
        self.returned = returned
        """How many clients went back to the backlog, not discussed."""


# The screen ----------------------------------------------------------------------------


class MeetingModeScreen(RinnallaScreen[None]):
    """One item at a time; Escape leaves the meeting open, ``s`` closes it."""

    BINDINGS = [
        Binding("right,n", "next", N_("key.meeting_next"), id="meeting_next"),
        Binding("left,p", "previous", N_("key.meeting_previous"), id="meeting_previous"),
        Binding("a", "attendance", N_("key.meeting_attendance"), id="meeting_attendance"),
        Binding("d", "decision", N_("key.meeting_decision"), id="meeting_decision"),
        Binding("t", "add_action", N_("key.meeting_action"), id="meeting_action"),
        Binding("o", "client_view", N_("key.meeting_client_view"), id="meeting_client_view"),
        Binding("v", "complete", N_("key.meeting_done"), id="meeting_done"),
        Binding("c", "carry", N_("key.meeting_carry"), id="meeting_carry"),
        Binding("s", "close_meeting", N_("key.meeting_close"), id="meeting_close"),
        Binding("escape", "back", N_("key.meeting_back"), id="meeting_back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.title = tr("meeting_mode.title")
        self.meeting_id = meeting_id
        self._view: AgendaView | None = None
        self._services: list[Service] = []
        self._known: dict[int, Professional] = {}
        self._close_people: dict[int, tuple[str, ...]] = {}
        self._index = 0
        # Time spent on each item so far; going back to an item continues its clock.
        self._spent: dict[int, dt.timedelta] = {}
        self._entered_at: dt.datetime | None = None
        self._busy = False

    # Layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("meeting_mode.loading"), id="meeting-heading")
        yield Static("", id="meeting-attendance")
        with VerticalScroll(id="meeting-body"):
            yield Static("", id="meeting-position")
            yield Static("", id="meeting-client")
            yield Static("", id="meeting-question")
            yield Digits("00:00", id="meeting-clock")
            yield Static("", id="meeting-slot")
            yield Static("", id="meeting-followed")
            yield Static("", id="meeting-recorded")
        yield StatusLine(id="meeting-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        for part in ("#meeting-clock", "#meeting-slot", "#meeting-followed"):
            self.query_one(part).display = False
        self.set_interval(1, self._tick)
        self._load(tr("meeting_mode.loading"))

    # Loading ----------------------------------------------------------------------

    def _load(self, note: str = "") -> None:
        if not self.signed_in:
            self.set_status(tr("form.no_database"), error=True)
            return
        self._busy = True
        self._fetch(self.context, self._view is None, note)

    @work(thread=True, exclusive=True, group="meeting-mode")
    def _fetch(self, context: AppContext, opening: bool, note: str) -> None:
        try:
            view = meetings.agenda(context.uow(), self.meeting_id, actor=context.actor)
            if opening and view.meeting.state is MeetingState.PLANNED:
                meetings.open_meeting(context.uow(), self.meeting_id, actor=context.actor)
                view = meetings.agenda(context.uow(), self.meeting_id, actor=context.actor)
            catalogue = list_services(context.uow()) if opening else self._services
            people = self._owners(context, view)
            close: dict[int, tuple[str, ...]] | None = None
            if opening and view.meeting.state is not MeetingState.CLOSED and view.lines:
                choices = meetings.participant_choices(
                    context.uow(), self.meeting_id, actor=context.actor, clock=context.clock
                )
                close = {choice.client.id: choice.close_people for choice in choices}
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(AgendaLoaded(view, catalogue, people, "" if opening else note, close))

    def _owners(self, context: AppContext, view: AgendaView) -> dict[int, Professional]:
        """Everyone named on the agenda, including owners of actions followed up here."""
        known = {p.id: p for p in agenda_people(view)} | self._known
        wanted = {a.owner_id for a in view.actions if a.owner_id is not None} | {
            line.action.owner_id
            for line in view.lines
            if line.action is not None and line.action.owner_id is not None
        }
        wanted |= {d.professional_id for d in view.decisions if d.professional_id is not None}
        missing = wanted - known.keys()
        if missing:
            uow = context.uow()
            with uow:
                # Directory entries only: no client data is read here.
                known |= uow.professionals.get_many(missing)
                uow.commit()
        return known

    @on(AgendaLoaded)
    def _loaded(self, message: AgendaLoaded) -> None:
        self._busy = False
        self._view = message.view
        self._services = message.services
        self._known = message.people
        if message.close_people is not None:
            self._close_people = message.close_people
        if self._entered_at is None:
            self._entered_at = self.rinnalla.clock.now()
        self._index = min(self._index, max(0, len(message.view.lines) - 1))
        self._show()
        if message.view.meeting.state is MeetingState.CLOSED:
            self.set_status(tr("meeting_mode.closed_read_only"))
        else:
            self.set_status(message.note)
        self.refresh_bindings()

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._busy = False
        self.set_status(message.error.message, error=True)
        self.refresh_bindings()

    # Showing ----------------------------------------------------------------------

    @property
    def _line(self) -> AgendaLine | None:
        view = self._view
        if view is None or not view.lines:
            return None
        return view.lines[self._index]

    def _person(self, professional_id: int) -> str:
        person = self._known.get(professional_id)
        return person.name if person else tr("meeting_mode.unknown_person")

    def _owner(self, action: Action) -> str:
        """A professional's name, "the client", or the close person who owns the action."""
        if action.owner_id is not None:
            return self._person(action.owner_id)
        return action_owner(action, {})

    def _show(self) -> None:
        view = self._view
        if view is None:
            return
        meeting = view.meeting
        self.query_one("#meeting-heading", Static).update(
            Text(
                tr(
                    "meeting_mode.heading",
                    team_name=view.team.name,
                    date=formats.date(meeting.starts_at),
                    time=formats.time(meeting.starts_at),
                    state=meeting.state.label,
                )
            )
        )
        line = self._line
        for part in ("#meeting-clock", "#meeting-slot"):
            self.query_one(part).display = line is not None
        if line is None:
            self.query_one("#meeting-position", Static).update(tr("meeting_mode.empty"))
            for part in ("client", "question", "followed", "recorded"):
                self.query_one(f"#meeting-{part}", Static).update("")
            self.query_one("#meeting-followed").display = False
        else:
            self._show_item(view, line)
        self._show_attendance(view)
        self._tick()

    def _show_item(self, view: AgendaView, line: AgendaLine) -> None:
        item = line.item
        if line.starts_at is not None:
            end = line.starts_at + dt.timedelta(minutes=item.slot_minutes)
            slot = tr(
                "meeting_mode.slot_at",
                start=formats.time(line.starts_at),
                end=formats.time(end),
                minutes=item.slot_minutes,
            )
        else:
            slot = tr("meeting_mode.slot_not_fitting", minutes=item.slot_minutes)
        position = Text(
            tr("meeting_mode.position", n=self._index + 1, m=len(view.lines)), style="bold"
        )
        position.append(f" · {item.kind.label} · {slot}")
        self.query_one("#meeting-position", Static).update(position)
        self.query_one("#meeting-client", Static).update(Text(client_name(line), style="bold"))
        asked = (
            N_("meeting_mode.follow_up_question")
            if item.kind is ItemKind.FOLLOW_UP
            else N_("meeting_mode.question")
        )
        question = Text(tr(asked) + ": ", style="bold")
        question.append(item.question)
        self.query_one("#meeting-question", Static).update(question)

        followed = self.query_one("#meeting-followed", Static)
        followed.display = line.action is not None
        if line.action is not None:
            action = line.action
            said = tr(
                "meeting_mode.followed",
                what=action.what,
                owner=self._owner(action),
                due=formats.date(action.due),
                state=_action_state(action),
            )
            if action.carry_reason is not None:
                said += " · " + tr("meeting_mode.carried_because", reason=action.carry_reason.label)
            followed.update(Text(said))
        self.query_one("#meeting-recorded", Static).update(self._recorded(view, line))

    def _recorded(self, view: AgendaView, line: AgendaLine) -> Text:
        """This item's decisions and actions, as they will read in the minutes."""
        services = {service.id: service.name for service in self._services}
        text = Text(tr("meeting_mode.decisions"), style="bold")
        decisions = [d for d in view.decisions if d.item_id == line.item.id]
        if not decisions:
            text.append("\n  " + tr("meeting_mode.none_yet"), style="dim")
        for decision in decisions:
            text.append(f"\n• {decision.kind.label}")
            if decision.professional_id is not None:
                text.append(f": {self._person(decision.professional_id)}")
            if decision.service_id is not None:
                text.append(f": {services.get(decision.service_id, '?')}")
            if decision.note:
                text.append(f" – {decision.note}")
        if line.item.client_view:
            text.append("\n\n" + tr("meeting_mode.client_view") + ": ", style="bold")
            text.append(line.item.client_view)
        text.append("\n\n" + tr("meeting_mode.actions"), style="bold")
        actions = [a for a in view.actions if a.item_id == line.item.id]
        if not actions:
            text.append("\n  " + tr("meeting_mode.none_yet"), style="dim")
        for action in actions:
            text.append(
                "\n• "
                + tr(
                    "meeting_mode.action_line",
                    what=action.what,
                    owner=self._owner(action),
                    due=formats.date(action.due),
                    state=_action_state(action),
                )
            )
        return text

    def _show_attendance(self, view: AgendaView) -> None:
        present = [self._person(pid) for pid, here in view.attendance.items() if here]
        shown = (
            tr("meeting_mode.present", count=len(present), names=", ".join(sorted(present)))
            if view.attendance
            else tr("meeting_mode.nobody_marked")
        )
        clients = {line.client.id: client_name(line) for line in view.lines}
        taking_part = [
            clients.get(p.client_id, "?") if p.kind is ParticipantKind.CLIENT else p.name
            for p in view.participants
            if p.present
        ]
        if taking_part:
            shown += " · " + tr("meeting_mode.clients_here", names=", ".join(taking_part))
        self.query_one("#meeting-attendance", Static).update(Text(shown))

    def _tick(self) -> None:
        """The clock of the current item; running over the slot is said in words."""
        line = self._line
        if line is None or self._entered_at is None:
            return
        elapsed = self._elapsed(line.item.id)
        slot = dt.timedelta(minutes=line.item.slot_minutes)
        self.query_one("#meeting-clock", Digits).update(_clock_text(elapsed))
        over = elapsed > slot
        label = self.query_one("#meeting-slot", Static)
        label.set_class(over, "over")
        if over:
            label.update(
                tr(
                    "meeting_mode.time_over",
                    over=_clock_text(elapsed - slot),
                    slot=line.item.slot_minutes,
                )
            )
        else:
            label.update(
                tr(
                    "meeting_mode.time_left",
                    left=_clock_text(slot - elapsed),
                    slot=line.item.slot_minutes,
                )
            )

    def _elapsed(self, item_id: int) -> dt.timedelta:
        spent = self._spent.get(item_id, dt.timedelta())
        if self._entered_at is None:
            return spent
        return spent + (self.rinnalla.clock.now() - self._entered_at)

    # Keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self._view
        if action in ("back",):
            return True
        if view is None:
            return False
        line = self._line
        is_open = view.meeting.state is MeetingState.OPEN
        if action == "next":
            return self._index + 1 < len(view.lines)
        if action == "previous":
            return self._index > 0
        if action in ("decision", "add_action"):
            return is_open and line is not None
        if action == "client_view":
            return is_open and line is not None and line.item.kind is ItemKind.CLIENT
        if action in ("complete", "carry"):
            return (
                is_open
                and line is not None
                and line.action is not None
                and line.action.state is ActionState.OPEN
            )
        if action in ("attendance", "close_meeting"):
            return is_open
        return True

    def _move(self, delta: int) -> None:
        view = self._view
        line = self._line
        if view is None or line is None:
            return
        target = max(0, min(len(view.lines) - 1, self._index + delta))
        if target == self._index:
            return
        self._spent[line.item.id] = self._elapsed(line.item.id)
        self._entered_at = self.rinnalla.clock.now()
        self._index = target
        self.set_status("")
        self._show()
        self.refresh_bindings()

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def _after_saving(self, note: str) -> Callable[[object], None]:
        def reload(saved: object) -> None:
            if saved is not None:
                self._load(note)

        return reload

    def action_attendance(self) -> None:
        if self._view is not None and not self._busy:
            self.app.push_screen(
                AttendanceForm(self._view, self._close_people),
                self._after_saving(tr("meeting_mode.attendance_saved")),
            )

    def action_decision(self) -> None:
        line = self._line
        if self._view is not None and line is not None and not self._busy:
            self.app.push_screen(
                DecisionForm(line, self._view, self._services),
                self._after_saving(tr("meeting_mode.decision_saved")),
            )

    def action_add_action(self) -> None:
        line = self._line
        if self._view is not None and line is not None and not self._busy:
            self.app.push_screen(
                ActionForm(line, self._view, self._close_people.get(line.client.id, ())),
                self._after_saving(tr("meeting_mode.action_saved")),
            )

    def action_client_view(self) -> None:
        line = self._line
        if self._view is not None and line is not None and not self._busy:
            self.app.push_screen(
                ClientViewForm(line), self._after_saving(tr("meeting_mode.client_view_saved"))
            )

    def action_complete(self) -> None:
        line = self._line
        if line is None or line.action is None or not self.signed_in or self._busy:
            return
        self._busy = True
        self._complete(self.context, line.action.id)

    @work(thread=True, exclusive=True, group="meeting-mode")
    def _complete(self, context: AppContext, action_id: int) -> None:
        try:
            meetings.complete_action(context.uow(), action_id, actor=context.actor)
        except DomainError as error:
            self.post_message(Refused(error))
            return
        self._fetch_after(context, tr("meeting_mode.action_completed"))

    def action_carry(self) -> None:
        """Carry the followed-up action to the team's next meeting, saying why (R8)."""
        line = self._line
        if line is None or line.action is None or self._busy:
            return
        action_id = line.action.id

        def chosen(reason: CarryReason | None) -> None:
            if reason is not None and self.signed_in:
                self._busy = True
                self._carry(self.context, action_id, reason)

        self.app.push_screen(CarryDialog(), chosen)

    @work(thread=True, exclusive=True, group="meeting-mode")
    def _carry(self, context: AppContext, action_id: int, reason: CarryReason) -> None:
        try:
            target = meetings.next_meeting(context.uow(), self.meeting_id, actor=context.actor)
            if target is None:
                raise DomainError(tr("meeting_mode.no_next_meeting"))
            meetings.carry_action(context.uow(), action_id, reason, target.id, actor=context.actor)
        except DomainError as error:
            self.post_message(Refused(error))
            return
        self._fetch_after(context, tr("meeting_mode.carried", date=formats.date(target.starts_at)))

    def _fetch_after(self, context: AppContext, note: str) -> None:
        """Re-read the agenda inside the current worker after a change."""
        try:
            view = meetings.agenda(context.uow(), self.meeting_id, actor=context.actor)
            people = self._owners(context, view)
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(AgendaLoaded(view, self._services, people, note))

    def action_close_meeting(self) -> None:
        """Close the meeting; the items not discussed go back to the backlog, each with a
        reason the chair chooses (R8), else after a plain confirmation."""
        if self._view is None or self._busy:
            return
        left = undiscussed(self._view)

        def close_with(returns: ReturnReasons | None) -> None:
            if returns is not None and self.signed_in:
                self._busy = True
                self._close(self.context, returns)

        if left:
            self.app.push_screen(ReturnReasonsForm(left), close_with)
            return

        def close(confirmed: bool | None) -> None:
            close_with({} if confirmed else None)

        self.app.push_screen(
            ConfirmDiscard(
                tr("meeting_mode.close_question"),
                confirm_label=tr("meeting_mode.close_button"),
            ),
            close,
        )

    @work(thread=True, exclusive=True, group="meeting-mode")
    def _close(self, context: AppContext, returns: ReturnReasons) -> None:
        # The minutes are made from the records whenever they are read (F4, ``k``), in
        # the reader's language; the meeting keeps only what closing adds to them.
        try:
            closed = meetings.close_meeting(
                context.uow(), self.meeting_id, "", returns=returns, actor=context.actor
            )
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(MeetingClosed(len(closed.returned)))

    @on(MeetingClosed)
    def _meeting_closed(self, message: MeetingClosed) -> None:
        self._busy = False
        if message.returned == 0:
            note = tr("meeting_mode.minutes_saved")
        else:
            note = ntr("meeting_mode.returned", "meeting_mode.returned_plural", message.returned)
        self.app.notify(note)
        self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(None)
