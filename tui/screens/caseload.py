"""Caseloads (asiakasmäärät): whose case manager each worker is, and moving them.

The screen opens on the acting worker's own clients, because that is what a
case manager looks at first. A lead can look at any other case manager's
caseload from the list at the top, and move a whole caseload to another worker
when someone leaves or goes on leave: all clients move in one transaction,
with a reason, or none do.

Roles and permissions do not exist yet (a later issue adds them): for now
anyone may look at and move any caseload. Every listing is in the access log
(the domain logs it), so it stays traceable until then.

Enter opens the chosen client's network over the list; Escape there comes back
to the list with the cursor on the same client (reloaded: the network may have
changed whose client it is).

It is also the coordinator's start view for deadlines (R9): service need
assessments not yet started that are due within the configured warning time
or overdue are listed above the clients, most overdue first, for the shown
worker's clients and for clients with no case manager at all. What is late
is said in words ("! MYÖHÄSSÄ"), so the list reads the same without colour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Select, Static

from domain import formats
from domain.case_management import NOTE_MAX, EndReason, check_end_note
from domain.clock import HELSINKI, local_today
from domain.coordination import CaseloadEntry
from domain.errors import DomainError, InvalidInput
from domain.i18n import N_, ntr, tr
from domain.meetings import ActionLine
from domain.need_assessment import DeadlineLine
from domain.network import Professional
from domain.text import clean_text
from domain.use_cases import coordination, need_assessment
from domain.use_cases.meetings import actions_of_owner
from tui.context import AppContext
from tui.messages import Connected, Refused
from tui.screens.base import RinnallaScreen
from tui.screens.form import FieldForm, refuse
from tui.widgets.callbacks import CallbacksPanel
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable, keep_row
from tui.widgets.namings import NamingsToAcknowledge
from tui.widgets.referral_follow_up import ReferralFollowUp
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("caseload.col.name"),
    N_("caseload.col.identity"),
    N_("caseload.col.since"),
    N_("caseload.col.note"),
    N_("caseload.deadline_col.mark"),
    N_("caseload.deadline_col.due"),
    N_("caseload.deadline_col.client"),
    N_("caseload.deadline_col.status"),
    N_("caseload.deadline_col.basis"),
)

COLUMNS = ("name", "identity", "since", "note")
DEADLINE_COLUMNS = (("mark", 12), ("due", 11), ("client", 34), ("status", 26), ("basis", 14))


def professional_label(professional: Professional) -> str:
    """Name, title and organisation: two workers may share a name."""
    return " · ".join(
        part for part in (professional.name, professional.title, professional.organisation) if part
    )


@dataclass(frozen=True)
class MoveDone:
    """What the move form reports back, for the screen's status line."""

    count: int
    source: str
    target: str


# Messages ---------------------------------------------------------------------------


class CaseloadLoaded(Message):
    """The shown worker's clients, with everyone the worker list offers."""

    def __init__(
        self,
        me: Professional,
        shown: Professional,
        entries: list[CaseloadEntry],
        managers: list[tuple[Professional, int]],
        generation: int,
        actions: list[ActionLine] | None = None,
        deadlines: list[DeadlineLine] | None = None,
    ) -> None:
        super().__init__()
        self.actions = actions or []
        self.deadlines = deadlines or []
        self.generation = generation
        self.me = me
        self.shown = shown
        self.entries = entries
        self.managers = managers


class DirectoryLoaded(Message):
    def __init__(self, professionals: list[Professional]) -> None:
        super().__init__()
        self.professionals = professionals


# The caseload -----------------------------------------------------------------------


class CaseloadScreen(RinnallaScreen[None]):
    """One case manager's clients (the acting worker's own first); Enter picks a client."""

    BINDINGS = [
        Binding("w", "choose_worker", N_("key.caseload_worker"), id="caseload_worker"),
        Binding("m", "move", N_("key.caseload_move"), id="caseload_move"),
        Binding("d", "deadlines", N_("key.caseload_deadlines"), show=False),
        Binding("b", "callbacks", N_("key.caseload_callbacks"), show=False),
        Binding("l", "referrals", N_("key.caseload_referrals"), show=False),
        Binding("escape", "back", N_("key.caseload_back"), id="caseload_back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.title = tr("caseload.title")
        self._me: Professional | None = None
        self._shown: Professional | None = None
        self._entries: list[CaseloadEntry] = []
        self._deadlines: list[DeadlineLine] = []
        self._known: dict[int, Professional] = {}
        """The workers the list offers, by id, to know whom a choice means."""
        self._note = ""
        """Shown in the status line when the next load arrives."""
        self._generation = 0
        """Counts loads, so that a slower, older one cannot overwrite a newer choice."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="field-row", id="caseload-picker"):
            yield Label(tr("caseload.worker"), classes="field-label")
            # Replaced by the list of workers once it is known (_show_workers).
            yield Static(tr("caseload.opening"), id="caseload-picker-wait")
        yield Static("", id="caseload-summary")
        yield NamingsToAcknowledge(id="caseload-namings")
        yield Static("", id="caseload-deadlines-title")
        deadlines: DataTable[Text] = ListTable(id="caseload-deadlines", cursor_type="row")
        yield deadlines
        yield ReferralFollowUp(id="caseload-referrals")
        table: DataTable[Text] = ListTable(
            id="caseload-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static("", id="caseload-actions")
        yield CallbacksPanel(hint=tr("caseload.callbacks_hint"), id="caseload-callbacks")
        yield StatusLine(id="caseload-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#caseload-table", DataTable)
        widths = {"name": 40, "identity": 22, "since": 12, "note": 14}
        for column in COLUMNS:
            table.add_column(tr(f"caseload.col.{column}"), key=column, width=widths[column])
        deadlines = self.query_one("#caseload-deadlines", DataTable)
        for column, width in DEADLINE_COLUMNS:
            deadlines.add_column(tr(f"caseload.deadline_col.{column}"), key=column, width=width)
        self._show_deadlines([])
        table.focus()
        self.reload()

    # Loading -------------------------------------------------------------------

    def on_connected(self, message: Connected) -> None:
        """Opened before the database was: load as soon as it is there."""
        self.reload()

    def reload(self) -> None:
        """The shown worker's caseload again (the acting worker's before the first load)."""
        if self.signed_in:
            self._start_load(self.context, self._shown)
            self.query_one(CallbacksPanel).reload()
            self.query_one(NamingsToAcknowledge).reload()

    def _start_load(self, context: AppContext, shown: Professional | None) -> None:
        self._generation += 1
        self._load(context, shown, self._generation)

    @work(thread=True, exclusive=True, group="caseload-load")
    def _load(self, context: AppContext, shown: Professional | None, generation: int) -> None:
        try:
            me = coordination.my_professional(context.uow(), context.actor, context.location.name)
            target = shown or me
            entries = coordination.caseload(context.uow(), target.id, actor=context.actor)
            managers = coordination.case_managers_with_caseloads(context.uow())
            actions = actions_of_owner(context.uow(), target.id, actor=context.actor)
            deadlines = need_assessment.deadlines_for(
                context.uow(),
                target.id,
                local_today(context.clock),
                context.deadlines,
                actor=context.actor,
            )
        except DomainError as error:
            self.post_message(Refused(error))
            return
        self.post_message(
            CaseloadLoaded(me, target, entries, managers, generation, actions, deadlines)
        )

    @on(CaseloadLoaded)
    async def _show(self, message: CaseloadLoaded) -> None:
        if message.generation != self._generation:
            return
        self._me = message.me
        self._shown = message.shown
        kept = self._highlighted()
        self._entries = message.entries
        table = self.query_one("#caseload-table", DataTable)
        table.clear()
        for entry in message.entries:
            table.add_row(*self._cells(entry), key=str(entry.client.id))
        if kept is not None:
            # Back from a client's network: the cursor stays on that client.
            keep_row(table, str(kept.client.id))
        await self._show_workers(message)
        self._show_summary()
        self._show_actions(message.actions)
        self._show_deadlines(message.deadlines)
        self.query_one(ReferralFollowUp).load(message.shown.id)
        # What was just done outranks saying the list is empty (it is, after a move).
        note, self._note = self._note, ""
        if not note and not message.entries:
            mine = message.shown.id == message.me.id
            note = tr("caseload.empty_mine") if mine else tr("caseload.empty_other")
        self.set_status(note)
        self.refresh_bindings()

    def _show_actions(self, lines: list[ActionLine]) -> None:
        """The worker's open MOTI actions: they appear on the owner's page (R8)."""
        widget = self.query_one("#caseload-actions", Static)
        widget.display = bool(lines)
        if not lines:
            return
        today = self.rinnalla.clock.now().astimezone(HELSINKI).date()
        text = Text(tr("caseload.actions", count=len(lines)), style="bold")
        for line in lines:
            late = " " + tr("caseload.overdue") if line.action.overdue_on(today) else ""
            text.append(
                f"\n• {formats.date(line.action.due)}{late} · {line.action.what} · "
                f"{line.client.display_name}"
            )
        widget.update(text)

    def _show_deadlines(self, lines: list[DeadlineLine]) -> None:
        """Pending assessments near or past their due date (R9); hidden when none."""
        title = self.query_one("#caseload-deadlines-title", Static)
        table = self.query_one("#caseload-deadlines", DataTable)
        had_focus = table.has_focus
        kept = (
            str(self._deadlines[table.cursor_row].pending.id)
            if 0 <= table.cursor_row < len(self._deadlines)
            else None
        )
        self._deadlines = lines
        table.clear()
        title.display = table.display = bool(lines)
        if not lines:
            if had_focus:
                self.query_one("#caseload-table", DataTable).focus()
            return
        title.update(Text(tr("caseload.deadlines", count=len(lines)), style="bold"))
        for line in lines:
            table.add_row(*self._deadline_cells(line), key=str(line.pending.id))
        if kept is not None:
            keep_row(table, kept)

    @staticmethod
    def _deadline_cells(line: DeadlineLine) -> list[Text]:
        if line.overdue:
            mark = Text(tr("caseload.deadline_overdue"), style="bold reverse")
        elif line.working_days_left == 0:
            mark = Text(tr("caseload.deadline_today"), style="bold")
        else:
            mark = Text(tr("caseload.deadline_soon"))
        basis = (
            N_("caseload.deadline_statutory") if line.statutory else N_("caseload.deadline_target")
        )
        return [
            mark,
            Text(formats.date(line.due_on)),
            # The name as typed, literally; never an identity code.
            Text(line.client),
            Text(line.status, style="bold" if line.working_days_left <= 0 else ""),
            Text(tr(basis)),
        ]

    def action_callbacks(self) -> None:
        """b: to the worker's own callbacks, where v marks one done."""
        self.query_one(CallbacksPanel).focus_list()

    def action_deadlines(self) -> None:
        """d: to the deadlines list, where Enter opens the client's network."""
        if self._deadlines:
            self.query_one("#caseload-deadlines", DataTable).focus()

    def action_referrals(self) -> None:
        """l: to the referrals to follow up, where t records what happened."""
        self.query_one(ReferralFollowUp).focus_list()

    @on(DataTable.RowSelected, "#caseload-deadlines")
    def _deadline_chosen(self) -> None:
        table = self.query_one("#caseload-deadlines", DataTable)
        if 0 <= table.cursor_row < len(self._deadlines):
            self._open_network(self._deadlines[table.cursor_row].client_id)

    @on(Refused)
    def _failed(self, message: Refused) -> None:
        self.set_status(message.error.message, error=True)

    def _cells(self, entry: CaseloadEntry) -> list[Text]:
        client = entry.client
        assignment = entry.assignment
        identity = client.masked_hetu or (str(client.birth_year) if client.birth_year else "–")
        since = assignment.started_at.astimezone(HELSINKI).date()
        # Text(...) and never a markup string: what users typed is shown literally.
        return [
            Text(client.display_name),
            Text(identity),
            Text(formats.date(since)),
            Text(tr("case_manager.interim") if assignment.interim else ""),
        ]

    def _worker_options(self, message: CaseloadLoaded) -> list[tuple[Text, int]]:
        """The acting worker first, then every case manager; the shown one always listed."""
        counts = {professional.id: count for professional, count in message.managers}
        counts[message.shown.id] = len(message.entries)
        listed = [message.me] + [p for p, _ in message.managers if p.id != message.me.id]
        if message.shown.id not in {p.id for p in listed}:
            listed.append(message.shown)
        options: list[tuple[Text, int]] = []
        for professional in listed:
            count = counts.get(professional.id, 0)
            if professional.id == message.me.id:
                label = tr("caseload.option_mine", name=professional.name, count=count)
            else:
                label = tr(
                    "caseload.option",
                    name=professional.name,
                    organisation=professional.organisation,
                    count=count,
                )
            options.append((Text(label), professional.id))
        return options

    async def _show_workers(self, message: CaseloadLoaded) -> None:
        self._known = {p.id: p for p, _ in message.managers}
        self._known[message.me.id] = message.me
        self._known[message.shown.id] = message.shown
        # A new list each time rather than Select.set_options: that keeps the
        # old label (with the old count) while the chosen worker stays the same.
        # Mounted only once known, because a Select without options would need
        # a blank choice that means nothing here.
        picker = self.query_one("#caseload-picker", Horizontal)
        had_focus = self.focused is not None and self.focused.id == "caseload-worker"
        await picker.query_children("#caseload-worker, #caseload-picker-wait").remove()
        workers: Choice[int] = Choice(
            self._worker_options(message),
            allow_blank=False,
            value=message.shown.id,
            id="caseload-worker",
        )
        await picker.mount(workers)
        if had_focus:
            workers.focus()

    def _show_summary(self) -> None:
        shown, me = self._shown, self._me
        if shown is None or me is None:
            return
        count = len(self._entries)
        if shown.id == me.id:
            summary = tr("caseload.summary_mine", name=shown.name, count=count)
        else:
            summary = tr(
                "caseload.summary_other",
                name=shown.name,
                organisation=shown.organisation,
                count=count,
            )
        # The worker's name as typed, literally; the hint in plain weight after it.
        line = Text()
        line.append(summary, style="bold")
        if self._entries:
            line.append(" · " + tr("caseload.enter_hint"))
        self.query_one("#caseload-summary", Static).update(line)

    # Choosing whose caseload -----------------------------------------------------

    def action_choose_worker(self) -> None:
        found = self.query("#caseload-worker")
        if found:
            found.first().focus()

    @on(Select.Changed, "#caseload-worker")
    def _worker_chosen(self, event: Select.Changed) -> None:
        chosen = event.value
        if not isinstance(chosen, int) or self._shown is None or chosen == self._shown.id:
            return
        professional = self._known.get(chosen)
        if professional is None or not self.signed_in:
            return
        self._shown = professional
        # The old worker's clients go at once: m must not offer to move them
        # under the new worker's name while the new list is loading.
        self._entries = []
        table = self.query_one("#caseload-table", DataTable)
        table.clear()
        self._show_deadlines([])
        self.refresh_bindings()
        self._start_load(self.context, professional)
        # Chosen: straight on to the clients, where Enter opens one.
        table.focus()

    # The highlighted client ------------------------------------------------------

    def _highlighted(self) -> CaseloadEntry | None:
        table = self.query_one("#caseload-table", DataTable)
        if not 0 <= table.cursor_row < len(self._entries):
            return None
        return self._entries[table.cursor_row]

    @on(DataTable.RowSelected, "#caseload-table")
    def _client_chosen(self) -> None:
        """Enter: the client's network, over this list (Escape comes back here)."""
        entry = self._highlighted()
        if entry is not None:
            self._open_network(entry.client.id)

    def _open_network(self, client_id: int) -> None:
        from tui.screens.network import NetworkScreen

        self.app.push_screen(NetworkScreen(client_id), lambda _: self.reload())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out moving when there is nobody to move."""
        if action == "move":
            return True if self._entries and self._shown is not None else None
        if action == "deadlines":
            return True if self._deadlines else None
        return True

    # Moving the caseload ---------------------------------------------------------

    def action_move(self) -> None:
        if self._shown is None or not self._entries:
            return
        self.app.push_screen(MoveCaseloadForm(self._shown, len(self._entries)), self._after_move)

    def _after_move(self, done: MoveDone | None) -> None:
        if done is None:
            return
        self._note = ntr(
            "caseload.moved",
            "caseload.moved_plural",
            done.count,
            source=done.source,
            target=done.target,
        )
        self.reload()

    # Leaving ---------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)


# The move form ----------------------------------------------------------------------


class MoveCaseloadForm(FieldForm[MoveDone]):
    """Move all of ``source``'s clients to another worker, with a reason.

    Dismisses with what moved, or ``None`` when cancelled. A refused move keeps
    the choice and the reason on the form: the message says what to fix.
    """

    FIELDS = ("target", "note")

    def __init__(self, source: Professional, count: int) -> None:
        super().__init__()
        self._source = source
        self._count = count
        self._targets: dict[int, Professional] = {}
        self._asked_to_fix = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="move-form"):
            yield Static(tr("caseload.move_title"), classes="dialog-title")
            yield Static("", id="move-summary", classes="dialog-text")
            target: Choice[int] = Choice([], prompt=tr("caseload.target_loading"))
            yield from self.field_row("target", tr("caseload.target"), target)
            note = TextInput(placeholder=tr("caseload.note_hint"), max_length=NOTE_MAX)
            yield from self.field_row("note", tr("caseload.note"), note)
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._show_summary()
        context = self.rinnalla.context
        if context is not None:
            self._load_directory(context)

    @work(thread=True, exclusive=True, group="caseload-directory")
    def _load_directory(self, context: AppContext) -> None:
        # An empty search lists the directory from the start, up to its limit.
        try:
            found = coordination.search_directory(context.uow(), "")
        except DomainError as error:
            self.post_message(Refused(error))
            return
        self.post_message(DirectoryLoaded(found))

    @on(DirectoryLoaded)
    def _fill_targets(self, message: DirectoryLoaded) -> None:
        self._targets = {p.id: p for p in message.professionals if p.id != self._source.id}
        target = self.query_one("#target", Select)
        target.set_options((Text(professional_label(p)), p.id) for p in self._targets.values())
        target.prompt = tr("caseload.target_prompt")
        status = self.query_one("#form-status", StatusLine)
        if not self._targets:
            status.say(tr("caseload.no_targets"), error=True)
        elif len(message.professionals) >= coordination.DIRECTORY_LIMIT:
            status.say(tr("caseload.directory_limited", limit=coordination.DIRECTORY_LIMIT))

    # Reading the form --------------------------------------------------------------

    def _chosen(self) -> Professional | None:
        value = self.query_one("#target", Select).value
        return self._targets.get(value) if isinstance(value, int) else None

    @on(Select.Changed, "#target")
    def _show_summary(self) -> None:
        """How many move and to whom, so that Ctrl+S is pressed knowing both."""
        chosen = self._chosen()
        if chosen is None:
            line = ntr(
                "caseload.move_pending",
                "caseload.move_pending_plural",
                self._count,
                source=self._source.name,
            )
        else:
            line = ntr(
                "caseload.move_line",
                "caseload.move_line_plural",
                self._count,
                source=self._source.name,
                target=chosen.name,
            )
        self.query_one("#move-summary", Static).update(Text(line))

    # Messages at the fields -----------------------------------------------------------

    def show_refusal(self, error: DomainError) -> None:
        super().show_refusal(error)
        self._asked_to_fix = isinstance(error, InvalidInput)

    def set_error(self, field: str, message: str) -> None:
        """Once no field has a message left, the request to fix them goes too."""
        super().set_error(field, message)
        if message or not self._asked_to_fix:
            return
        lines = (self.query_one(f"#{name}-error", Static) for name in self.FIELDS)
        if not any(line.display for line in lines):
            self._asked_to_fix = False
            self.query_one("#form-status", StatusLine).say("")

    # Saving ---------------------------------------------------------------------------

    def prepared(self, context: AppContext) -> Callable[[], MoveDone]:
        chosen = self._chosen()
        note = self.value("note")
        errors: dict[str, str] = {}
        if chosen is None:
            errors["target"] = tr("caseload.target_missing")
        # Checked here too so that both messages show at once; the domain checks again.
        # A missing reason gets this form's own words: the domain's speak of
        # choosing "Other reason", a choice this form does not show.
        if not clean_text(note):
            errors["note"] = tr("caseload.note_missing")
        else:
            try:
                check_end_note(EndReason.OTHER, note)
            except InvalidInput as error:
                errors.update(error.fields)
        refuse(errors, lambda: None)
        assert chosen is not None
        source = self._source

        def move() -> MoveDone:
            count = coordination.move_caseload(
                context.uow(),
                source.id,
                chosen.id,
                note,
                actor=context.actor,
                clock=context.clock,
            )
            return MoveDone(count, source.name, chosen.name)

        return move
