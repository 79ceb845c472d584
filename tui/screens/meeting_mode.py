"""Meeting mode (R8): the MOTI team goes through its agenda one item at a time.

The current item is shown large with a running clock, so the chair sees when
a slot is used up; decisions, actions and attendance are recorded as the team
talks, and closing the meeting stores its minutes. Unfinished actions come
back on the team's next agenda by themselves (see :mod:`domain.meetings`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Checkbox, Digits, Header, Input, RadioSet, Select, Static

from domain import formats
from domain.catalogue import Service
from domain.errors import DomainError
from domain.i18n import N_, ntr, tr
from domain.meetings import AgendaLine, AgendaView, ReturnReasons, undiscussed
from domain.moti import (
    Action,
    ActionState,
    CarryReason,
    Decision,
    DecisionKind,
    ItemKind,
    MeetingState,
    OwnerKind,
    ParticipantKind,
    ReturnReason,
    action_owner,
)
from domain.network import Professional
from domain.use_cases import meetings
from domain.use_cases.catalogue import list_services
from tui.bindings import translate_bindings
from tui.context import AppContext
from tui.messages import Refused
from tui.screens.confirm import ConfirmDiscard
from tui.screens.form import FieldForm, refuse
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedCheckbox, MarkedRadioButton
from tui.widgets.text_input import TextInput

if TYPE_CHECKING:
    from tui.app import RinnallaApp

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("meeting_mode.action_open"),
    N_("meeting_mode.action_done"),
    N_("meeting_mode.action_carried"),
)

DECISION_KINDS = tuple(DecisionKind)


def _clock_text(delta: dt.timedelta) -> str:
    """mm:ss; a long discussion shows its minutes past 99 rather than wrapping."""
    seconds = max(0, int(delta.total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _client_name(line: AgendaLine) -> str:
    return line.client.name or tr("meeting_mode.anonymous")


def _action_state(action: Action) -> str:
    return tr(f"meeting_mode.action_{action.state.value}")


def _people(view: AgendaView, invitees: frozenset[int] | None = None) -> list[Professional]:
    """Team members first, then invitees (of one item, or of the whole meeting), once each."""
    found: dict[int, Professional] = {}
    for member in view.team_members:
        found.setdefault(member.professional.id, member.professional)
    for pid, professional in sorted(view.invitees.items(), key=lambda kv: kv[1].name):
        if invitees is None or pid in invitees:
            found.setdefault(pid, professional)
    return list(found.values())


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


# Forms -------------------------------------------------------------------------------


def _clients(view: AgendaView) -> list[AgendaLine]:
    """One line per client on the agenda, in agenda order."""
    seen: dict[int, AgendaLine] = {}
    for line in view.lines:
        seen.setdefault(line.client.id, line)
    return list(seen.values())


class AttendanceForm(FieldForm[int]):
    """Present or absent for each team member and invitee, and for each client on the
    agenda and their close people (003); dismisses with how many saved."""

    def __init__(
        self, view: AgendaView, close_people: dict[int, tuple[str, ...]] | None = None
    ) -> None:
        super().__init__()
        self._view = view
        self._people = _people(view)
        self._close_people = close_people or {}
        self._clients = _clients(view)
        present = {(p.client_id, p.kind, p.name): p.present for p in view.participants}
        # (client id, kind, name, box id, present now)
        self._participants: list[tuple[int, ParticipantKind, str, str, bool]] = []
        for line in self._clients:
            cid = line.client.id
            self._participants.append(
                (
                    cid,
                    ParticipantKind.CLIENT,
                    "",
                    f"client-{cid}",
                    present.get((cid, ParticipantKind.CLIENT, ""), False),
                )
            )
            for index, name in enumerate(self._close_people.get(cid, ())):
                self._participants.append(
                    (
                        cid,
                        ParticipantKind.CLOSE_PERSON,
                        name,
                        f"close-{cid}-{index}",
                        present.get((cid, ParticipantKind.CLOSE_PERSON, name), False),
                    )
                )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="attendance-form"):
            yield Static(tr("meeting_mode.attendance_title"), classes="dialog-title")
            if self._people:
                yield Static(tr("meeting_mode.attendance_hint"), classes="dialog-text")
            else:
                yield Static(tr("meeting_mode.nobody"), classes="dialog-text")
            for person in self._people:
                label = Text(person.name)
                if person.organisation:
                    label.append(f" · {person.organisation}")
                yield MarkedCheckbox(
                    label,
                    value=self._view.attendance.get(person.id, False),
                    id=f"present-{person.id}",
                )
            if self._participants:
                yield Static(tr("meeting_mode.clients_attending"), classes="dialog-text")
            names = {line.client.id: _client_name(line) for line in self._clients}
            for client_id, kind, name, box, present in self._participants:
                if kind is ParticipantKind.CLIENT:
                    label = Text(tr("meeting_mode.client_present", client=names[client_id]))
                else:
                    label = Text(
                        tr("meeting_mode.close_present", person=name, client=names[client_id])
                    )
                yield MarkedCheckbox(label, value=present, id=box)
            yield Static("", id="form-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        first = self.query(Checkbox).first() if self._people or self._participants else None
        if first is not None:
            first.focus()

    def prepared(self, context: AppContext) -> Callable[[], int]:
        meeting_id = self._view.meeting.id
        marks = [
            (person.id, self.query_one(f"#present-{person.id}", Checkbox).value)
            for person in self._people
        ]
        # Only what changed is stored: each mark on a client is logged for that client.
        changed = [
            (client_id, kind, name, value)
            for client_id, kind, name, box, was in self._participants
            if (value := self.query_one(f"#{box}", Checkbox).value) != was
        ]

        def store() -> int:
            for professional_id, present in marks:
                meetings.record_attendance(
                    context.uow(), meeting_id, professional_id, present, actor=context.actor
                )
            for client_id, kind, name, present in changed:
                meetings.record_participant(
                    context.uow(),
                    meeting_id,
                    client_id,
                    kind,
                    present,
                    name=name,
                    actor=context.actor,
                )
            return len(marks) + len(changed)

        return store


class DecisionForm(FieldForm[Decision]):
    """The decision's kind, whom or what it names, and a note."""

    FIELDS = ("kind", "target", "note")

    def __init__(self, line: AgendaLine, view: AgendaView, services: list[Service]) -> None:
        super().__init__()
        self._line = line
        self._people = _people(view, line.item.invitees)
        self._services = [service for service in services if service.active]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="decision-form"):
            yield Static(
                Text(tr("meeting_mode.decision_title", client=_client_name(self._line))),
                classes="dialog-title",
            )
            kinds = RadioSet(
                *(MarkedRadioButton(kind.label, id=f"kind-{kind.value}") for kind in DECISION_KINDS)
            )
            yield from self.field_row("kind", tr("meeting_mode.kind"), kinds)
            yield from self.field_row(
                "target",
                tr("meeting_mode.case_manager"),
                Choice[int]([], prompt=tr("meeting_mode.choose")),
                shown=False,
            )
            yield from self.field_row("note", tr("meeting_mode.note"), self.text_input())
            yield Static("", id="form-status")
        yield KeyFooter()

    def _kind(self) -> DecisionKind | None:
        index = self.query_one("#kind", RadioSet).pressed_index
        return DECISION_KINDS[index] if index >= 0 else None

    @on(RadioSet.Changed, "#kind")
    def _kind_changed(self) -> None:
        self.set_error("kind", "")
        self.set_error("target", "")
        kind = self._kind()
        select = self.query_one("#target", Select)
        label = self.query_one("#target-label", Static)
        if kind is DecisionKind.CASE_MANAGER_AGREED:
            label.update(tr("meeting_mode.case_manager"))
            select.set_options([(Text(p.name), p.id) for p in self._people])
        elif kind is DecisionKind.REFERRAL:
            label.update(tr("meeting_mode.service"))
            select.set_options([(Text(s.name), s.id) for s in self._services])
        self.query_one("#target-row").display = kind in (
            DecisionKind.CASE_MANAGER_AGREED,
            DecisionKind.REFERRAL,
        )

    def prepared(self, context: AppContext) -> Callable[[], Decision]:
        errors: dict[str, str] = {}
        kind = self._kind()
        if kind is None:
            errors["kind"] = tr("meeting_mode.kind_missing")
        target = self.query_one("#target", Select).value
        chosen = target if isinstance(target, int) else None
        note = self.value("note")
        refuse(errors, lambda: None)
        assert kind is not None
        item_id = self._line.item.id
        return lambda: meetings.record_decision(
            context.uow(),
            item_id,
            kind,
            professional_id=chosen if kind is DecisionKind.CASE_MANAGER_AGREED else None,
            service_id=chosen if kind is DecisionKind.REFERRAL else None,
            note=note,
            actor=context.actor,
            clock=context.clock,
            organisation=context.organisation,
            referrals=context.referrals,
        )


CLIENT_OWNER = -1
"""The owner choice that means the client; close people are -2, -3, ..."""


class ActionForm(FieldForm[Action]):
    """What will be done, by whom (a professional, the client or a close person of
    theirs: the client takes part in their own plan, 003), by when."""

    FIELDS = ("what", "owner", "due")

    def __init__(
        self, line: AgendaLine, view: AgendaView, close_people: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self._line = line
        self._people = _people(view, line.item.invitees)
        self._close_people = close_people

    def _owner_options(self) -> list[tuple[Text, int]]:
        options = [(Text(p.name), p.id) for p in self._people]
        options.append((Text(tr("meeting_mode.owner_client")), CLIENT_OWNER))
        options += [
            (Text(tr("meeting_mode.owner_close", person=name)), CLIENT_OWNER - 1 - index)
            for index, name in enumerate(self._close_people)
        ]
        return options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="action-form"):
            yield Static(
                Text(tr("meeting_mode.action_title", client=_client_name(self._line))),
                classes="dialog-title",
            )
            yield from self.field_row("what", tr("meeting_mode.what"), self.text_input())
            yield from self.field_row(
                "owner",
                tr("meeting_mode.owner"),
                Choice[int](self._owner_options(), prompt=tr("meeting_mode.choose")),
            )
            yield from self.field_row(
                "due", tr("meeting_mode.due"), self.date_input(None, optional=False)
            )
            yield Static("", id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], Action]:
        errors: dict[str, str] = {}
        what = self.value("what")
        if not what.strip():
            errors["what"] = tr("meetings.what_missing")
        owner = self.query_one("#owner", Select).value
        if not isinstance(owner, int):
            errors["owner"] = tr("meeting_mode.owner_missing")
        due = self.read_date("due", errors)
        if due is None and "due" not in errors:
            errors["due"] = tr("meeting_mode.due_missing")
        refuse(errors, lambda: None)
        assert isinstance(owner, int) and due is not None
        item_id = self._line.item.id
        kind, name, professional = OwnerKind.PROFESSIONAL, "", owner if owner > 0 else None
        if owner == CLIENT_OWNER:
            kind = OwnerKind.CLIENT
        elif owner < CLIENT_OWNER:
            kind, name = OwnerKind.CLOSE_PERSON, self._close_people[CLIENT_OWNER - 1 - owner]
        return lambda: meetings.add_action(
            context.uow(),
            item_id,
            what,
            professional,
            due,
            owner_kind=kind,
            owner_name=name,
            actor=context.actor,
        )


class ClientViewForm(FieldForm[object]):
    """The client's own view of the matter, in a few words (003); empty clears it."""

    FIELDS = ("view",)

    def __init__(self, line: AgendaLine) -> None:
        super().__init__()
        self._line = line

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="client-view-form"):
            yield Static(
                Text(tr("meeting_mode.client_view_title", client=_client_name(self._line))),
                classes="dialog-title",
            )
            yield Static(tr("meeting_mode.client_view_hint"), classes="dialog-text")
            yield from self.field_row(
                "view", tr("meeting_mode.client_view"), self.text_input(self._line.item.client_view)
            )
            yield Static("", id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], object]:
        text = self.value("view")
        item_id = self._line.item.id
        return lambda: meetings.record_client_view(
            context.uow(), item_id, text, actor=context.actor
        )


# The screen ----------------------------------------------------------------------------


class MeetingModeScreen(Screen[None]):
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
        translate_bindings(self)
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

    @property
    def rinnalla(self) -> RinnallaApp:
        return cast("RinnallaApp", self.app)

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
        yield Static("", id="meeting-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        for part in ("#meeting-clock", "#meeting-slot", "#meeting-followed"):
            self.query_one(part).display = False
        self.set_interval(1, self._tick)
        self._load(tr("meeting_mode.loading"))

    # Loading ----------------------------------------------------------------------

    def _load(self, note: str = "") -> None:
        context = self.rinnalla.context
        if context is None:
            self._set_status(tr("form.no_database"), error=True)
            return
        self._busy = True
        self._fetch(context, self._view is None, note)

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
        known = {p.id: p for p in _people(view)} | self._known
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
            self._set_status(tr("meeting_mode.closed_read_only"))
        else:
            self._set_status(message.note)
        self.refresh_bindings()

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._busy = False
        self._set_status(message.error.message, error=True)
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
        self.query_one("#meeting-client", Static).update(Text(_client_name(line), style="bold"))
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
        clients = {line.client.id: _client_name(line) for line in view.lines}
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

    def _set_status(self, note: str, *, error: bool = False) -> None:
        status = self.query_one("#meeting-status", Static)
        status.set_class(error, "error")
        status.update(Text(note))

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
        self._set_status("")
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
        context = self.rinnalla.context
        if line is None or line.action is None or context is None or self._busy:
            return
        self._busy = True
        self._complete(context, line.action.id)

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
            context = self.rinnalla.context
            if reason is not None and context is not None:
                self._busy = True
                self._carry(context, action_id, reason)

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
            context = self.rinnalla.context
            if returns is not None and context is not None:
                self._busy = True
                self._close(context, returns)

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


class CarryDialog(ModalScreen[CarryReason | None]):
    """Why the action is carried: not done, or circumstances changed."""

    BINDINGS = [
        Binding("ctrl+s", "confirm", N_("key.meeting_carry_confirm")),
        Binding("escape", "cancel", N_("key.meeting_back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(tr("meeting_mode.carry_question"), classes="dialog-title")
            with RadioSet(id="carry-reason"):
                for reason in CarryReason:
                    yield MarkedRadioButton(reason.label, id=f"carry-{reason.value}")
            yield Static("", id="carry-reason-error", classes="field-error")
            yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#carry-reason", RadioSet).focus()

    def action_confirm(self) -> None:
        index = self.query_one("#carry-reason", RadioSet).pressed_index
        if index < 0:
            error = self.query_one("#carry-reason-error", Static)
            error.update(tr("meeting_mode.carry_reason_missing"))
            error.display = True
            return
        self.dismiss(list(CarryReason)[index])

    def action_cancel(self) -> None:
        self.dismiss(None)


RETURN_REASONS = tuple(ReturnReason)


class ReturnReasonsForm(ModalScreen[ReturnReasons | None]):
    """Closing with items not discussed: why each goes back to the backlog (R8).

    "Not reached" is chosen to start with; "other" needs a note. Ctrl+S closes
    the meeting, Escape goes back to it.
    """

    BINDINGS = [
        Binding("ctrl+s", "confirm", N_("key.meeting_close_confirm")),
        Binding("escape", "cancel", N_("key.meeting_back")),
    ]

    def __init__(self, lines: list[AgendaLine]) -> None:
        super().__init__()
        translate_bindings(self)
        self._lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="return-form"):
            yield Static(tr("meeting_mode.return_title"), classes="dialog-title")
            yield Static(tr("meeting_mode.return_hint"), classes="dialog-text")
            for line in self._lines:
                item_id = line.item.id
                yield Static(Text(_client_name(line), style="bold"))
                with RadioSet(id=f"reason-{item_id}"):
                    for reason in RETURN_REASONS:
                        yield MarkedRadioButton(
                            reason.label,
                            value=reason is ReturnReason.NOT_REACHED,
                            id=f"reason-{item_id}-{reason.value}",
                        )
                yield TextInput(
                    placeholder=tr("meeting_mode.return_note"), max_length=200, id=f"note-{item_id}"
                )
                yield Static("", id=f"note-{item_id}-error", classes="field-error")
            yield KeyFooter()

    def on_mount(self) -> None:
        self.query(RadioSet).first().focus()

    def action_confirm(self) -> None:
        returns: ReturnReasons = {}
        first_error: Input | None = None
        for line in self._lines:
            item_id = line.item.id
            index = self.query_one(f"#reason-{item_id}", RadioSet).pressed_index
            reason = RETURN_REASONS[index] if index >= 0 else ReturnReason.NOT_REACHED
            note = self.query_one(f"#note-{item_id}", Input)
            error = self.query_one(f"#note-{item_id}-error", Static)
            missing = reason is ReturnReason.OTHER and not note.value.strip()
            error.update(tr("meetings.return_note_missing") if missing else "")
            error.display = missing
            if missing and first_error is None:
                first_error = note
            returns[item_id] = (reason, note.value)
        if first_error is not None:
            first_error.focus()
            return
        self.dismiss(returns)

    def action_cancel(self) -> None:
        self.dismiss(None)
