"""The dialogs of meeting mode (R8): attendance, a decision, an action, the client's view,
carrying an action, and why items not discussed go back to the backlog.

Each is opened from :class:`tui.screens.meeting_mode.MeetingModeScreen` on the
item shown there and dismisses with what it saved (or chose); the screen then
reads the agenda again.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, RadioSet, Select, Static

from domain.catalogue import Service
from domain.i18n import N_, tr
from domain.meetings import AgendaLine, AgendaView, ReturnReasons
from domain.moti import (
    Action,
    CarryReason,
    Decision,
    DecisionKind,
    OwnerKind,
    ParticipantKind,
    ReturnReason,
)
from domain.network import Professional
from domain.use_cases import meetings
from tui.context import AppContext
from tui.screens.base import RinnallaDialog
from tui.screens.form import FieldForm, refuse
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedCheckbox, MarkedRadioButton
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput

DECISION_KINDS = tuple(DecisionKind)


def client_name(line: AgendaLine) -> str:
    """The client's name on the agenda; an anonymous client is called so."""
    return line.client.name or tr("meeting_mode.anonymous")


def agenda_people(view: AgendaView, invitees: frozenset[int] | None = None) -> list[Professional]:
    """Team members first, then invitees (of one item, or of the whole meeting), once each."""
    found: dict[int, Professional] = {}
    for member in view.team_members:
        found.setdefault(member.professional.id, member.professional)
    for pid, professional in sorted(view.invitees.items(), key=lambda kv: kv[1].name):
        if invitees is None or pid in invitees:
            found.setdefault(pid, professional)
    return list(found.values())


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
        self._people = agenda_people(view)
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
            names = {line.client.id: client_name(line) for line in self._clients}
            for client_id, kind, name, box, present in self._participants:
                if kind is ParticipantKind.CLIENT:
                    label = Text(tr("meeting_mode.client_present", client=names[client_id]))
                else:
                    label = Text(
                        tr("meeting_mode.close_present", person=name, client=names[client_id])
                    )
                yield MarkedCheckbox(label, value=present, id=box)
            yield StatusLine(id="form-status")
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
        self._people = agenda_people(view, line.item.invitees)
        self._services = [service for service in services if service.active]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="decision-form"):
            yield Static(
                Text(tr("meeting_mode.decision_title", client=client_name(self._line))),
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
            yield StatusLine(id="form-status")
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
        self._people = agenda_people(view, line.item.invitees)
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
                Text(tr("meeting_mode.action_title", client=client_name(self._line))),
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
            yield StatusLine(id="form-status")
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
                Text(tr("meeting_mode.client_view_title", client=client_name(self._line))),
                classes="dialog-title",
            )
            yield Static(tr("meeting_mode.client_view_hint"), classes="dialog-text")
            yield from self.field_row(
                "view", tr("meeting_mode.client_view"), self.text_input(self._line.item.client_view)
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], object]:
        text = self.value("view")
        item_id = self._line.item.id
        return lambda: meetings.record_client_view(
            context.uow(), item_id, text, actor=context.actor
        )


class CarryDialog(RinnallaDialog[CarryReason | None]):
    """Why the action is carried: not done, or circumstances changed."""

    BINDINGS = [
        Binding("ctrl+s", "confirm", N_("key.meeting_carry_confirm")),
        Binding("escape", "cancel", N_("key.meeting_back")),
    ]

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


class ReturnReasonsForm(RinnallaDialog[ReturnReasons | None]):
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
        self._lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="return-form"):
            yield Static(tr("meeting_mode.return_title"), classes="dialog-title")
            yield Static(tr("meeting_mode.return_hint"), classes="dialog-text")
            for line in self._lines:
                item_id = line.item.id
                yield Static(Text(client_name(line), style="bold"))
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
