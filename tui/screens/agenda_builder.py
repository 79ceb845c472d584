"""The agenda builder of one MOTI meeting: from the backlog to a timed agenda (R8).

Left, the clients waiting for the team in the domain's order (nearest
deadline, longest wait); right, the agenda with each item's start time. What
does not fit in the meeting is said, not dropped. Follow-ups of earlier
meetings come back to the agenda by themselves when it is read.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from domain import formats
from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.meetings import AgendaLine, AgendaView, BacklogLine
from domain.moti import DEFAULT_SLOT_MINUTES, AgendaItem, InviteeSuggestion, action_owner
from domain.network import Professional
from domain.use_cases import meetings
from tui.context import AppContext
from tui.export_delivery import ExportFile, HandedOver, hand_over
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.screens.form import FieldForm
from tui.screens.meetings import professional_line
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable
from tui.widgets.marks import MarkedCheckbox
from tui.widgets.status_line import StatusLine

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("agenda_ui.col.name"),
    N_("agenda_ui.col.question"),
    N_("agenda_ui.col.waited"),
    N_("agenda_ui.col.deadline"),
    N_("agenda_ui.col.start"),
    N_("agenda_ui.col.minutes"),
    N_("agenda_ui.col.kind"),
    N_("agenda_ui.invitees_count"),
)

SLOT_STEP = 5


class AgendaLoaded(Message):
    def __init__(
        self, view: AgendaView, waiting: list[BacklogLine], note: str, error: bool
    ) -> None:
        super().__init__()
        self.view = view
        self.waiting = waiting
        self.note = note
        self.error = error


class AgendaExported(Message):
    def __init__(self, handed_over: HandedOver, stem: str, refusal: str | None = None) -> None:
        super().__init__()
        self.handed_over = handed_over
        self.stem = stem
        """The files' common beginning, which the status names when they were saved."""
        self.refusal = refusal
        """Why the agenda with names was not written (no consent, R12); the rest was."""


def backlog_detail(line: BacklogLine) -> str:
    """A waiting client's deadline in words, referrer and why they came back, if they did."""
    proposal = line.proposal
    parts = []
    if line.deadline_status:
        parts.append(tr("agenda_ui.deadline", status=line.deadline_status))
    if proposal.referred_by is not None:
        parts.append(tr("agenda_ui.referred_by", referrer=proposal.referred_by.label))
    if proposal.return_reason is not None:
        returned = tr("agenda_ui.returned", reason=proposal.return_reason.label)
        parts.append(f"{returned} – {proposal.return_note}" if proposal.return_note else returned)
    return " · ".join(parts)


def agenda_detail(line: AgendaLine, view: AgendaView) -> str:
    """An agenda item's deadline and referrer, or the followed action's owner, due date
    and why it was carried to this meeting."""
    parts = []
    proposal = line.proposal
    if proposal is not None and proposal.deadline is not None:
        parts.append(tr("agenda_ui.deadline", status=formats.date(proposal.deadline)))
    if proposal is not None and proposal.referred_by is not None:
        parts.append(tr("agenda_ui.referred_by", referrer=proposal.referred_by.label))
    action = line.action
    if action is not None:
        names = {pid: professional.name for pid, professional in view.owners.items()}
        owner = action_owner(action, names)
        parts.append(tr("agenda_ui.followed", owner=owner, due=formats.date(action.due)))
        if action.carry_reason is not None:
            parts.append(tr("agenda_ui.carried", reason=action.carry_reason.label))
    return " · ".join(parts)


def used_minutes(view: AgendaView) -> int:
    return sum(line.item.slot_minutes for line in view.lines if line.starts_at is not None)


class AgendaBuilderScreen(RinnallaScreen[None]):
    """Build one meeting's agenda from the backlog, with keys only."""

    BINDINGS = [
        Binding("a", "add", N_("agenda_ui.key.add"), id="agenda_add"),
        Binding("x", "remove", N_("agenda_ui.key.remove"), id="agenda_remove"),
        Binding("o", "order", N_("agenda_ui.key.order"), id="agenda_order"),
        Binding("plus", "slot(5)", N_("agenda_ui.key.longer"), key_display="+", id="agenda_longer"),
        Binding(
            "minus", "slot(-5)", N_("agenda_ui.key.shorter"), key_display="-", id="agenda_shorter"
        ),
        Binding(
            "left_square_bracket",
            "move(-1)",
            N_("agenda_ui.key.up"),
            key_display="[",
            id="agenda_up",
        ),
        Binding(
            "right_square_bracket",
            "move(1)",
            N_("agenda_ui.key.down"),
            key_display="]",
            id="agenda_down",
        ),
        Binding("i", "invitees", N_("agenda_ui.key.invitees"), id="agenda_invitees"),
        Binding("e", "export", N_("agenda_ui.key.export"), id="agenda_export"),
        Binding("m", "meeting_mode", N_("agenda_ui.key.meeting_mode"), id="agenda_meeting_mode"),
        Binding("escape", "back", N_("agenda_ui.key.back"), id="agenda_back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.title = tr("agenda_ui.title")
        self._meeting_id = meeting_id
        self._view: AgendaView | None = None
        self._waiting: list[BacklogLine] = []
        self._busy = False
        """One change at a time: each one starts from what the screen shows."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("agenda_ui.opening"), id="agenda-heading")
        with Horizontal(id="agenda-body"):
            with Vertical(id="agenda-left"):
                yield Static(tr("agenda_ui.backlog"), classes="section-title", id="backlog-title")
                waiting: DataTable[Text] = ListTable(
                    id="agenda-backlog", cursor_type="row", zebra_stripes=True
                )
                yield waiting
            with Vertical(id="agenda-right"):
                yield Static(tr("agenda_ui.agenda"), classes="section-title", id="agenda-title")
                table: DataTable[Text] = ListTable(
                    id="agenda-table", cursor_type="row", zebra_stripes=True
                )
                yield table
        yield Static("", id="agenda-fit")
        yield Static("", id="agenda-detail")
        yield StatusLine(id="agenda-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        waiting = self.query_one("#agenda-backlog", DataTable)
        for column, width in (("name", 15), ("question", 18), ("waited", 6), ("deadline", 10)):
            waiting.add_column(tr(f"agenda_ui.col.{column}"), key=column, width=width)
        table = self.query_one("#agenda-table", DataTable)
        for column, width in (
            ("start", 8),
            ("minutes", 3),
            ("kind", 8),
            ("name", 15),
            ("question", 14),
        ):
            table.add_column(tr(f"agenda_ui.col.{column}"), key=column, width=width)
        waiting.focus()
        self._busy = True
        self._change(self.context, None, "")

    # Loading and changing -----------------------------------------------------------

    def _run(self, change: Callable[[AppContext], str]) -> None:
        """Run ``change`` (it returns the note to show) and read the agenda again."""
        if self._busy:
            return
        self._busy = True
        self._change(self.context, change, "")

    @work(thread=True, exclusive=True, group="agenda-change")
    def _change(
        self, context: AppContext, change: Callable[[AppContext], str] | None, note: str
    ) -> None:
        error = False
        if change is not None:
            try:
                note = change(context)
            except DomainError as refused:
                note, error = refused.message, True
        try:
            view = meetings.agenda(context.uow(), self._meeting_id, actor=context.actor)
            waiting = meetings.backlog(
                context.uow(), view.team.id, actor=context.actor, clock=context.clock
            )
        except DomainError as failed:
            self.post_message(Refused(failed))
            return
        self.post_message(AgendaLoaded(view, waiting, note, error))

    @on(Refused)
    def _failed(self, message: Refused) -> None:
        self._busy = False
        self.set_status(message.error.message, error=True)

    @on(AgendaLoaded)
    def _show(self, message: AgendaLoaded) -> None:
        self._busy = False
        # The highlighted item keeps the cursor wherever it moved to.
        kept = self._highlighted_line()
        self._view, self._waiting = message.view, message.waiting
        self._show_heading(message.view)
        self._show_backlog(message.waiting)
        self._show_agenda(message.view, kept.item.id if kept else None)
        self._show_fit(message.view)
        self.query_one("#backlog-title", Static).update(
            tr("agenda_ui.backlog_count", count=len(message.waiting))
        )
        self.query_one("#agenda-title", Static).update(
            tr("agenda_ui.agenda_count", count=len(message.view.lines))
        )
        self.set_status(message.note, error=message.error)
        self._show_detail()
        self.refresh_bindings()

    def _show_heading(self, view: AgendaView) -> None:
        meeting = view.meeting
        place = f" · {meeting.place}" if meeting.place else ""
        self.query_one("#agenda-heading", Static).update(
            Text(
                tr(
                    "agenda_ui.heading",
                    team_name=view.team.name,
                    date=formats.date(meeting.starts_at),
                    time=formats.time(meeting.starts_at),
                    length=meeting.length_minutes,
                    place=place,
                )
                + f" · {meeting.state.label}"
            )
        )

    def _show_backlog(self, waiting: list[BacklogLine]) -> None:
        table = self.query_one("#agenda-backlog", DataTable)
        keep = table.cursor_row
        table.clear()
        for line in waiting:
            deadline = line.proposal.deadline
            # An overdue statutory deadline says so in words; its date is on the detail line.
            if line.overdue:
                when = Text(tr("agenda_ui.overdue"), style="bold")
            else:
                when = Text(formats.date(deadline) if deadline else "–")
            table.add_row(
                Text(line.client.display_name),
                Text(line.proposal.question),
                Text(tr("agenda_ui.days", days=line.waited_days)),
                when,
                key=str(line.proposal.id),
            )
        if waiting:
            table.move_cursor(row=min(max(keep, 0), len(waiting) - 1))

    def _show_agenda(self, view: AgendaView, keep: int | None) -> None:
        table = self.query_one("#agenda-table", DataTable)
        table.clear()
        for line in view.lines:
            fits = line.starts_at is not None
            style = "" if fits else "dim"
            start = formats.time(line.starts_at) if line.starts_at else tr("agenda_ui.no_fit")
            table.add_row(
                Text(start, style="" if fits else "bold"),
                Text(str(line.item.slot_minutes), style=style),
                Text(line.item.kind.label, style=style),
                Text(line.client.display_name, style=style),
                Text(line.item.question, style=style),
                key=str(line.item.id),
            )
        if keep is not None and any(line.item.id == keep for line in view.lines):
            table.move_cursor(row=table.get_row_index(str(keep)))

    def _show_fit(self, view: AgendaView) -> None:
        fit = self.query_one("#agenda-fit", Static)
        used, length = used_minutes(view), view.meeting.length_minutes
        left_out = [line for line in view.lines if line.item.id in view.not_fitting]
        fit.set_class(bool(left_out), "error")
        if not view.lines:
            fit.update(tr("agenda_ui.empty"))
        elif left_out:
            names = ", ".join(
                f"{line.client.display_name} ({line.item.slot_minutes} min)" for line in left_out
            )
            fit.update(Text(tr("agenda_ui.not_fitting", used=used, length=length, names=names)))
        else:
            fit.update(tr("agenda_ui.fits", used=used, length=length))

    # The highlighted rows -----------------------------------------------------------

    def _highlighted_waiting(self) -> BacklogLine | None:
        table = self.query_one("#agenda-backlog", DataTable)
        if 0 <= table.cursor_row < len(self._waiting):
            return self._waiting[table.cursor_row]
        return None

    def _highlighted_line(self) -> AgendaLine | None:
        table = self.query_one("#agenda-table", DataTable)
        lines = self._view.lines if self._view else ()
        if 0 <= table.cursor_row < len(lines):
            return lines[table.cursor_row]
        return None

    @on(DataTable.RowHighlighted)
    def _row_moved(self) -> None:
        self.refresh_bindings()
        self._show_detail()

    def on_descendant_focus(self, _: events.DescendantFocus) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """What the highlighted row's columns cannot hold: the statutory deadline in words,
        who referred the client, why it came back; a follow-up's owner, due date and
        why it was carried."""
        detail = self.query_one("#agenda-detail", Static)
        backlog = self.query_one("#agenda-backlog", DataTable)
        if self.focused is backlog:
            waiting = self._highlighted_waiting()
            detail.update(Text(backlog_detail(waiting) if waiting else ""))
            return
        line = self._highlighted_line()
        detail.update(Text(agenda_detail(line, self._view) if line and self._view else ""))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add":
            return True if self._highlighted_waiting() else None
        if action in ("remove", "slot", "move", "invitees"):
            return True if self._highlighted_line() else None
        if action == "order":
            return True if self._view and self._view.lines else None
        return True

    # Actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        waiting = self._highlighted_waiting()
        if waiting is None:
            return
        meeting_id, name = self._meeting_id, waiting.client.display_name

        def add(context: AppContext) -> str:
            meetings.add_to_agenda(
                context.uow(),
                meeting_id,
                waiting.proposal.id,
                slot_minutes=DEFAULT_SLOT_MINUTES,
                actor=context.actor,
            )
            return tr("agenda_ui.added", name=name)

        self._run(add)

    def action_remove(self) -> None:
        line = self._highlighted_line()
        if line is None:
            return

        def remove(context: AppContext) -> str:
            meetings.remove_from_agenda(context.uow(), line.item.id, actor=context.actor)
            return tr("agenda_ui.removed", name=line.client.display_name)

        self._run(remove)

    def action_order(self) -> None:
        meeting_id = self._meeting_id

        def order(context: AppContext) -> str:
            meetings.propose_order(
                context.uow(), meeting_id, actor=context.actor, clock=context.clock
            )
            return tr("agenda_ui.ordered")

        self._run(order)

    def action_slot(self, delta: int) -> None:
        line = self._highlighted_line()
        if line is None:
            return
        minutes = line.item.slot_minutes + delta

        def resize(context: AppContext) -> str:
            meetings.set_slot(context.uow(), line.item.id, minutes, actor=context.actor)
            return tr("agenda_ui.slot", name=line.client.display_name, minutes=minutes)

        self._run(resize)

    def action_move(self, delta: int) -> None:
        line = self._highlighted_line()
        if line is None:
            return

        def move(context: AppContext) -> str:
            meetings.move_item(context.uow(), line.item.id, delta, actor=context.actor)
            return ""

        # The item keeps the cursor: it is found by id after the reload.
        self._run(move)

    def action_invitees(self) -> None:
        line = self._highlighted_line()
        view = self._view
        if line is None or view is None or self._busy:
            return
        current = [view.invitees[pid] for pid in line.item.invitees if pid in view.invitees]

        def saved(item: AgendaItem | None) -> None:
            if item is not None:
                self._run(lambda _: tr("agenda_ui.invited", name=line.client.display_name))

        self.app.push_screen(InviteesForm(line, current), saved)

    def action_meeting_mode(self) -> None:
        """Run the meeting: item by item, decisions and actions."""
        from tui.screens.meeting_mode import MeetingModeScreen

        def back(_: object) -> None:
            if not self._busy:
                self._busy = True
                # Decisions and actions may have changed the agenda.
                self._change(self.context, None, "")

        self.app.push_screen(MeetingModeScreen(self._meeting_id), back)

    def action_export(self) -> None:
        """The agenda for the team, a pseudonymous one for outsiders, and the invitations.

        When the agenda with names would disclose a client's data to another
        organisation without consent, it is not written; the pseudonymous agenda
        and the invitations, which name nobody, still are, and the status says why.
        """
        self._export(self.context)

    @work(thread=True, exclusive=True, group="agenda-export")
    def _export(self, context: AppContext) -> None:
        from domain.agenda_text import agenda_markdown
        from domain.use_cases.agenda_text import view_for_files
        from domain.use_cases.coordination import my_professional
        from tui.ics import agenda_ics

        try:
            view, refusal = view_for_files(
                context.uow,
                self._meeting_id,
                actor=context.actor,
                organisation=context.organisation,
                clock=context.clock,
            )
            organiser = my_professional(context.uow(), context.actor, context.organisation)
        except DomainError as error:
            self.post_message(Refused(error))
            return
        stem = f"rinnalla-asialista-{self._meeting_id}"
        files = [ExportFile(f"{stem}-ulkopuoliset.md", agenda_markdown(view, pseudonymous=True))]
        if refusal is None:
            files.append(ExportFile(f"{stem}.md", agenda_markdown(view, pseudonymous=False)))
        invitations = agenda_ics(view, organiser=organiser, stamp=context.clock.now())
        files.append(ExportFile(f"{stem}.ics", invitations))
        try:
            handed_over = hand_over(self.app, files)
        except OSError as error:
            failure = tr("agenda_ui.export_failed", kind=type(error).__name__)
            self.post_message(Refused(DomainError(failure)))
            return
        self.post_message(AgendaExported(handed_over, stem, refusal))

    @on(AgendaExported)
    def _exported(self, message: AgendaExported) -> None:
        note = message.handed_over.status(
            N_("agenda_ui.exported"),
            stem=message.stem,
            refusal=message.refusal,
            saved_without_names=N_("agenda_ui.exported_without_names"),
        )
        self.set_status(note, error=message.refusal is not None)


# Invitees ---------------------------------------------------------------------------


class SuggestionsLoaded(Message):
    def __init__(self, suggestions: list[InviteeSuggestion]) -> None:
        super().__init__()
        self.suggestions = suggestions


class InviteesForm(FieldForm[AgendaItem]):
    """Who is invited for one item: suggestions with reasons, ticked or not."""

    BINDINGS = [
        Binding("a", "directory", N_("agenda_ui.key.directory"), id="invitees_directory"),
    ]

    def __init__(self, line: AgendaLine, current: list[Professional]) -> None:
        super().__init__()
        self._line = line
        self._current = current
        self._shown: set[int] = set()

    def compose(self) -> ComposeResult:
        name = self._line.client.display_name
        with Vertical(classes="dialog wide", id="invitees-form"):
            yield Static(Text(tr("agenda_ui.invitees_title", name=name)), classes="dialog-title")
            yield Static(Text(self._line.item.question), classes="dialog-text")
            yield Static(tr("agenda_ui.invitees_text"), classes="dialog-text")
            yield Vertical(id="invitees-list")
            yield StatusLine(tr("agenda_ui.invitees_loading"), id="form-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._suggest(self.context)

    @work(thread=True, exclusive=True, group="invitees-load")
    def _suggest(self, context: AppContext) -> None:
        try:
            found = meetings.invitee_suggestions(
                context.uow(), self._line.item.id, actor=context.actor, clock=context.clock
            )
        except DomainError as error:
            self.post_message(Refused(error))
            return
        self.post_message(SuggestionsLoaded(found))

    @on(SuggestionsLoaded)
    def _show_suggestions(self, message: SuggestionsLoaded) -> None:
        invited = self._line.item.invitees
        for suggestion in message.suggestions:
            self._add_person(
                suggestion.professional,
                ", ".join(suggestion.reasons),
                ticked=suggestion.professional.id in invited,
            )
        for professional in self._current:
            self._add_person(professional, tr("agenda_ui.reason_invited"), ticked=True)
        self.set_status(tr("agenda_ui.invitees_none") if not self._shown else "")
        # Unchanged until the coordinator ticks something.
        self._initial = self._typed()
        boxes = self.query(MarkedCheckbox)
        if boxes:
            boxes.first().focus()

    def _add_person(self, professional: Professional, reason: str, *, ticked: bool) -> None:
        if professional.id in self._shown:
            if ticked:
                self.query_one(f"#invitee-{professional.id}", MarkedCheckbox).value = True
            return
        self._shown.add(professional.id)
        label = Text(professional_line(professional))
        label.append(f" – {reason}", style="dim")
        box = MarkedCheckbox(label, ticked, id=f"invitee-{professional.id}")
        self.query_one("#invitees-list", Vertical).mount(box)

    def action_directory(self) -> None:
        from tui.screens.directory import DirectoryPicker

        def picked(professional: Professional | None) -> None:
            if professional is not None:
                self._add_person(professional, tr("agenda_ui.reason_added"), ticked=True)
                self.call_after_refresh(
                    self.query_one(f"#invitee-{professional.id}", MarkedCheckbox).focus
                )

        self.app.push_screen(DirectoryPicker(), picked)

    def prepared(self, context: AppContext) -> Callable[[], AgendaItem]:
        ticked = frozenset(
            int(box.id.removeprefix("invitee-"))
            for box in self.query(MarkedCheckbox)
            if box.value and box.id
        )
        item_id = self._line.item.id
        return lambda: meetings.set_invitees(context.uow(), item_id, ticked, actor=context.actor)
