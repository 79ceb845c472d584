"""The reception queue (F2): today's visits at this terminal's location."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from domain import formats
from domain.clock import local_day_bounds, local_today
from domain.errors import DomainError, StorageUnavailable
from domain.i18n import N_, tr
from tui.keys import key_display
from tui.messages import Connected, ConnectionFailed, DatabaseAway, DatabaseBack
from tui.roles import REFUSED, offers, start_action, twin_live, with_refusals
from tui.screens.base import RinnallaScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    # The domain's models (pydantic) load after the first paint, with the database;
    # the methods that need them at run time import them where they run.
    from domain.callbacks import CallbackCount
    from domain.clients import Client
    from domain.feedback import Feedback
    from domain.opening_hours import OpeningHours, WalkInStatus
    from domain.ports import QueueState
    from domain.queue import QueueEntry
    from domain.visits import Visit
    from tui.context import AppContext

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("queue.role_hint.reports"),
    N_("queue.role_hint.accounts"),
    N_("queue.col.arrived"),
    N_("queue.col.waited"),
    N_("queue.col.name"),
    N_("queue.col.reason"),
    N_("queue.col.channel"),
    N_("queue.col.urgency"),
    N_("queue.col.state"),
)

COLUMNS = ("arrived", "waited", "name", "reason", "channel", "urgency", "state")

WATCH_SECONDS = 1.0
"""The longest a watch waits before checking again (and noticing a cancelled worker)."""
RETRY_SECONDS = 2.0
"""How often a terminal tries the database again while it cannot be reached."""


class QueueRefused(Message):
    """The queue could not be read; the rows on screen stay, ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class QueueChanged(Message):
    """Another terminal (or this one) changed today's queue at this location."""


class QueueLoaded(Message):
    def __init__(self, entries: list[QueueEntry], highlight: int | None, number: int) -> None:
        super().__init__()
        self.entries = entries
        self.highlight = highlight
        self.number = number
        """Which load read them: loads are numbered as they start."""


class CallbacksCounted(Message):
    def __init__(self, count: CallbackCount) -> None:
        super().__init__()
        self.count = count


class WalkInHoursLoaded(Message):
    """The location's opening hours, for the walk-in status line, and their status now.

    The first status is worked out in the loading worker: it reads the year's public
    holidays, which the ``holidays`` package takes a tenth of a second to build, and
    the first paint of the queue should not wait for that.
    """

    def __init__(self, hours: list[OpeningHours], status: WalkInStatus) -> None:
        super().__init__()
        self.hours = hours
        self.status = status


class QueueActionDone(Message):
    """A call/finish/leave went through (``note`` says what) or was refused."""

    def __init__(
        self,
        note: str,
        visit_id: int | None,
        *,
        called: bool = False,
        finished: bool = False,
        undoable: bool | None = None,
    ) -> None:
        super().__init__()
        self.note = note
        self.visit_id = visit_id
        self.called = called
        self.finished = finished
        """The visit closed with the client present: the feedback reminder follows (R10)."""
        self.undoable = undoable
        """True: a move ``u`` can take back; False: an undo (nothing left); None: neither."""


class LeaveAsked(Message):
    """``l`` met an unfinished interview: the worker is asked before it is recorded."""

    def __init__(self, entry: QueueEntry, draft_version: int) -> None:
        super().__init__()
        self.entry = entry
        self.draft_version = draft_version


class QueueScreen(RinnallaScreen[None]):
    """Who is waiting, who is being served, who has been seen today."""

    ROLE_NEEDS = {
        action: action
        for action in ("new_walk_in", "call_next", "finish", "left", "summary", "network")
    } | {
        "feedback": "feedback",
        "app.search": "search",
        # Issue 19: undo and put back change a visit, as "left" does (tui.roles).
        "undo_move": "undo_move",
        "put_back": "put_back",
    }
    """Keys a role may have no use for: hidden, and a press says whose work it is."""

    # Priority: the queue acts on its keys as soon as the app reads them, not after
    # the key has passed through the table. A quick worker types "n" and the name in
    # one go; the form must be on screen, its name field focused (its AUTO_FOCUS),
    # before the name's letters are handed out, or they go to the queue ("l" in
    # "Lilja" would be "left"). The queue has no text field.
    BINDINGS = with_refusals(
        [
            Binding("n", "new_walk_in", N_("key.new_walk_in"), id="new_walk_in", priority=True),
            Binding("c", "call_next", N_("key.call_next"), id="call_next", priority=True),
            Binding("d", "finish", N_("key.finish"), id="finish", priority=True),
            Binding("l", "left", N_("key.left"), id="left", priority=True),
            Binding("s", "summary", N_("key.summary"), id="summary", priority=True),
            Binding("v", "network", N_("key.network"), id="network", priority=True),
            # Issue 19: take back my last move; a called visitor who did not come.
            Binding("u", "undo_move", N_("key.undo_move"), id="undo_move", priority=True),
            Binding("b", "put_back", N_("key.put_back"), id="put_back", priority=True),
            # Not in the crowded footer (it would push F1 out); F1 and the R10 reminder name it.
            Binding(
                "p",
                "feedback",
                N_("key.record_feedback"),
                id="record_feedback",
                show=False,
                priority=True,
            ),
            # Callbacks: t promises the highlighted visitor a call; o lists one's own
            # (the line above the table says how many). Not in the crowded footer.
            Binding("t", "callback", N_("key.callback"), id="callback", show=False, priority=True),
            Binding(
                "o", "callbacks", N_("key.my_callbacks"), id="callbacks", show=False, priority=True
            ),
            # The same as F3, so the footer shows only F3; F1 lists both.
            Binding(
                "slash",
                "app.search",
                N_("key.find"),
                key_display="/",
                id="find",
                show=False,
                priority=True,
            ),
        ],
        ROLE_NEEDS,
    )

    def __init__(self) -> None:
        super().__init__()
        self.title = tr("queue.title")
        self._entries: list[QueueEntry] = []
        self._hours: list[OpeningHours] | None = None
        self._wanted: int | None = None
        self._loads_started = 0
        self._load_shown = 0
        """The number of the newest load shown: an older one that ends later is not."""
        """The visit the cursor goes to when the next load arrives."""
        self._undo_until: dt.datetime | None = None
        """Until when this desk's last move can be undone: ``u`` shows only then."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("queue.opening"), id="queue-summary")
        yield Static("", id="queue-hours")
        yield Static("", id="queue-callbacks")
        table: ListTable[Text] = ListTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield StatusLine(id="queue-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", ListTable)
        widths = {
            "arrived": 7,
            "waited": 9,
            "name": 24,
            "reason": 23,
            "channel": 18,
            "urgency": 14,
            "state": 11,
        }
        for column in COLUMNS:
            # At 80 columns the referral channel gives way first; the line under the
            # table names it for the highlighted visit.
            table.add_column(
                tr(f"queue.col.{column}"),
                key=column,
                width=widths.get(column),
                droppable=column == "channel",
            )
        table.focus()
        # Minutes waited keep counting while the screen is open; no database work.
        self.set_interval(20, self._refresh_waited)
        # Open/closed changes with the clock; the hours themselves come with each reload.
        self.set_interval(60, self._show_hours)

    # Loading ---------------------------------------------------------------

    def on_connected(self, message: Connected) -> None:
        self._connected(message)
        if offers(message.context.actor.role, "show_queue"):
            self._watch(message.context)

    def _connected(self, message: Connected) -> None:
        role = message.context.actor.role
        if not offers(role, "show_queue"):
            # Leads and administrators read no client data: say so instead of a queue.
            self.query_one("#queue-summary", Static).update(
                tr("queue.not_for_role", role=role.label)
            )
            self.set_status(tr(f"queue.role_hint.{start_action(role)}"))
            self.query_one("#queue-table", DataTable).display = False
            self.refresh_bindings()
            return
        self.reload()

    def on_connection_failed(self, message: ConnectionFailed) -> None:
        self.set_status(message.reason, error=True)
        self.query_one("#queue-summary", Static).update("")

    def reload(self, highlight: int | None = None) -> None:
        if highlight is not None:
            # Kept until a load shows it: a newer load (another desk's change, a
            # moment later) cancels this one, and the cursor must still go to the
            # visit just called or moved, not stay on the row it was on.
            self._wanted = highlight
        if self.rinnalla.context is not None:
            self._loads_started += 1
            self._load(self.rinnalla.context, highlight, self._loads_started)

    @work(thread=True, exclusive=True, group="queue-load")
    def _load(self, context: AppContext, highlight: int | None, number: int) -> None:
        from domain.opening_hours import walk_in_status
        from domain.use_cases import reception
        from domain.use_cases.callbacks import count_my_callbacks
        from domain.use_cases.opening_hours import location_hours

        try:
            entries = reception.todays_queue(
                context.uow(),
                actor=context.actor,
                location=context.location,
                clock=context.clock,
            )
            hours = location_hours(context.uow(), context.location.id)
            status = walk_in_status(hours, context.clock.now())
            calls = count_my_callbacks(context.uow(), actor=context.actor)
        except DomainError as error:
            # The rows already shown stay; the status line says why they may be old.
            self.post_message(QueueRefused(error.message))
            return
        self.post_message(QueueLoaded(entries, highlight, number))
        self.post_message(WalkInHoursLoaded(hours, status))
        self.post_message(CallbacksCounted(calls))

    @on(QueueRefused)
    def _refused(self, message: QueueRefused) -> None:
        self.set_status(message.reason, error=True)

    # Other terminals -------------------------------------------------------

    @work(thread=True, exclusive=True, group="queue-watch")
    def _watch(self, context: AppContext) -> None:
        """Reload when anyone changes today's queue here, and tell the app when the
        database goes away and comes back (it keeps trying meanwhile)."""
        if context.queue_watch is None:
            return
        watch = context.queue_watch()
        worker = get_current_worker()
        seen: QueueState | None = None
        away = False
        try:
            while not worker.is_cancelled:
                since, _ = local_day_bounds(local_today(context.clock))
                try:
                    state = watch.wait(context.location.id, since, seen, WATCH_SECONDS)
                except StorageUnavailable as error:
                    if not away:
                        away = True
                        self.app.post_message(DatabaseAway(error.message))
                    time.sleep(RETRY_SECONDS)
                    continue
                if away:
                    away = False
                    self.app.post_message(DatabaseBack())
                    self.post_message(QueueChanged())
                elif state != seen:
                    # The first state too: a visit registered between the first load
                    # and the first look would otherwise never show.
                    self.post_message(QueueChanged())
                seen = state
        finally:
            watch.close()

    @on(QueueChanged)
    def _changed_elsewhere(self) -> None:
        self.reload()

    @on(CallbacksCounted)
    def _callbacks_counted(self, message: CallbacksCounted) -> None:
        """One line when the worker has calls to make: how many, how many late, and o."""
        line = self.query_one("#queue-callbacks", Static)
        count = message.count
        line.display = bool(count.open)
        if not count.open:
            return
        text = tr("queue.callbacks", count=count.open)
        if count.overdue:
            text += " · " + tr("queue.callbacks_late", count=count.overdue)
        line.update(
            Text(text + " · " + tr("queue.callbacks_key"), style="bold" if count.overdue else "")
        )

    @on(WalkInHoursLoaded)
    def _hours_loaded(self, message: WalkInHoursLoaded) -> None:
        self._hours = message.hours
        self._show_hours(message.status)

    def _show_hours(self, status: WalkInStatus | None = None) -> None:
        """One calm line: open until when, or when it opens next; no database work."""
        if self._hours is None:
            return
        from domain.opening_hours import status_text, walk_in_status

        if status is None:
            status = walk_in_status(self._hours, self.rinnalla.clock.now())
        line = self.query_one("#queue-hours", Static)
        line.update(Text(status_text(status)))
        line.set_class(status.open, "open")

    @on(QueueLoaded)
    def _show(self, message: QueueLoaded) -> None:
        if message.number < self._load_shown:
            # Read before the rows already shown (ten desks at once left a tab showing
            # 6 of 10 walk-ins: the older load ended last, and no change came after it).
            # A replaced load is still shown when it is the newest that ended, so a
            # stream of changes cannot keep the queue from updating at all.
            return
        self._load_shown = message.number
        self._entries = message.entries
        table = self.query_one("#queue-table", DataTable)
        wanted = message.highlight if message.highlight is not None else self._wanted
        self._wanted = None
        keep = wanted if wanted is not None else self._highlighted_id()
        table.clear()
        for entry in message.entries:
            table.add_row(*self._cells(entry), key=str(entry.visit.id))
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(keep)))
            except Exception:  # noqa: BLE001 - the row is gone; keep the cursor where it is
                pass
        self._show_summary()
        if not message.entries:
            self.set_status(tr("queue.empty"))
        self.refresh_bindings()

    def _show_summary(self) -> None:
        from domain.queue import waiting_count

        context = self.rinnalla.context
        if context is None:
            return
        self.query_one("#queue-summary", Static).update(
            tr(
                "queue.summary",
                location=context.location.name,
                date=formats.date(local_today(context.clock)),
                waiting=waiting_count(self._entries),
            )
        )

    def _cells(self, entry: QueueEntry) -> list[Text]:
        from domain.visits import Urgency

        visit = entry.visit
        style = "bold" if visit.urgency is Urgency.URGENT and visit.state.is_open else ""
        if not visit.state.is_open:
            style = "dim"
        # Text(...) and never a markup string: what users typed is shown literally.
        return [
            Text(formats.time(visit.arrived_at), style=style),
            Text(self._waited(visit), style=style),
            Text(entry.display_name, style=style),
            Text(visit.reason, style=style),
            Text(visit.channel.label, style=style),
            Text(
                ("! " if visit.urgency is Urgency.URGENT else "") + visit.urgency.label,
                style=style,
            ),
            # A visit in service whose interview is unfinished says so: Enter resumes it.
            Text(self._state(entry), style=style),
        ]

    @staticmethod
    def _state(entry: QueueEntry) -> str:
        from domain.visits import VisitState

        visit = entry.visit
        if entry.draft:
            return tr("queue.state_draft")
        if visit.state is VisitState.WAITING and visit.absent_at is not None:
            # Called and did not come: at their place, passed over by "call next".
            return tr("queue.state_absent", time=formats.time(visit.absent_at))
        return visit.state.label

    def _waited(self, visit: Visit) -> str:
        return tr("queue.minutes", minutes=visit.minutes_waited(self.rinnalla.clock.now()))

    def _refresh_waited(self) -> None:
        if self._undo_until is not None and self.rinnalla.clock.now() > self._undo_until:
            self._undo_until = None
            self.refresh_bindings()
        if not self._entries:
            return
        from domain.visits import VisitState

        table = self.query_one("#queue-table", DataTable)
        for entry in self._entries:
            if entry.visit.state is VisitState.WAITING:
                table.update_cell(str(entry.visit.id), "waited", Text(self._waited(entry.visit)))

    # The highlighted visit -------------------------------------------------

    def _highlighted(self) -> QueueEntry | None:
        table = self.query_one("#queue-table", DataTable)
        if not self._entries or table.cursor_row < 0 or table.cursor_row >= len(self._entries):
            return None
        return self._entries[table.cursor_row]

    def _highlighted_id(self) -> int | None:
        entry = self._highlighted()
        return entry.visit.id if entry else None

    @on(DataTable.RowHighlighted)
    def _row_moved(self) -> None:
        self.refresh_bindings()

    VISIT_ACTIONS = frozenset(
        (
            "new_walk_in",
            "call_next",
            "finish",
            "left",
            "feedback",
            "summary",
            "network",
            "undo_move",
            "put_back",
            "callback",
        )
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out the keys that do not apply to the highlighted visit; hide the ones
        the worker's role has no use for."""
        context = self.rinnalla.context
        if action == REFUSED:
            return twin_live(self.rinnalla.role, parameters)
        if context is None:
            # Nobody logged in yet: nothing to act on (and no domain loaded to ask).
            return None if action in self.VISIT_ACTIONS else True
        if not offers(context.actor.role, action):
            return False
        from domain.queue import waiting_count
        from domain.visits import VisitState

        entry = self._highlighted()
        if action == "call_next":
            return True if waiting_count(self._entries) else None
        if action == "finish":
            return True if entry and entry.visit.state is VisitState.IN_SERVICE else None
        if action == "left":
            return True if entry and entry.visit.state.is_open else None
        if action == "feedback":
            # Enabled on any visit: an unfinished one says when feedback can be recorded.
            return True if entry else None
        if action in ("summary", "network", "callback"):
            return True if entry and entry.client is not None else None
        # Issue 19: these two show only when they apply. Greyed out at all times
        # they would push the views (F2–F8) off the footer even at 200 columns.
        if action == "put_back":
            # Called and not there; once the interview has begun, the visitor was.
            called = entry is not None and entry.visit.state is VisitState.IN_SERVICE
            return called and entry is not None and not entry.draft
        if action == "undo_move":
            return self._undo_until is not None
        return True

    # Actions ---------------------------------------------------------------

    def action_refused(self, need: str, label: str) -> None:
        self.rinnalla.action_refused(need, label)

    def action_new_walk_in(self) -> None:
        self.open_walk_in(None)

    def open_walk_in(self, client: Client | None) -> None:
        from tui.screens.walk_in import WalkInScreen

        self.app.push_screen(WalkInScreen(client), self._after_walk_in)

    def _after_walk_in(self, visit_id: int | None) -> None:
        if visit_id is not None:
            self.set_status(tr("queue.registered"))
            self.reload(highlight=visit_id)

    def action_summary(self) -> None:
        """The client's summary, to read before the client sits down."""
        entry = self._highlighted()
        if entry is not None and entry.client is not None:
            from tui.screens.summary import SummaryScreen

            self.app.push_screen(SummaryScreen(entry.client.id))

    def action_network(self) -> None:
        """The client's network: members, the one case manager, warnings."""
        entry = self._highlighted()
        if entry is not None and entry.client is not None:
            from tui.screens.network import NetworkScreen

            self.app.push_screen(NetworkScreen(entry.client.id), lambda _: self.reload())

    def action_callback(self) -> None:
        """t: promise the highlighted visitor a call back (who calls, when, about what)."""
        entry = self._highlighted()
        if entry is not None and entry.client is not None:
            from tui.screens.callback_form import CallbackForm

            self.app.push_screen(
                CallbackForm(entry.client.id, entry.client.display_name), self._after_callback
            )

    def _after_callback(self, saved: object) -> None:
        if saved is not None:
            self.set_status(tr("queue.callback_saved"))
            self.reload()

    def action_callbacks(self) -> None:
        """o: the worker's own callbacks, where v marks one done."""
        from tui.screens.callbacks import CallbacksScreen

        self.app.push_screen(CallbacksScreen(), lambda _: self.reload())

    def action_feedback(self) -> None:
        """The client's feedback on the highlighted visit, once the visit has ended (R10)."""
        entry = self._highlighted()
        if entry is None:
            return
        from tui.screens.feedback_form import FeedbackForm, visit_about, visit_not_ready

        not_yet = visit_not_ready(entry.visit)
        if not_yet is not None:
            self.set_status(not_yet)
            return
        self.app.push_screen(
            FeedbackForm.for_visit(entry.visit.id, visit_about(entry.visit, entry.display_name)),
            self._after_feedback,
        )

    def _after_feedback(self, saved: Feedback | None) -> None:
        if saved is not None:
            from tui.screens.feedback_form import saved_note

            self.set_status(saved_note(saved))

    def action_call_next(self) -> None:
        context = self.rinnalla.context
        if context is not None:
            # What is typed from now on belongs to the interview (or, if nobody
            # waits, to the queue again): see QueueScreen._action_done.
            self.rinnalla.hold_keys()
            self._call_next(context)

    @work(thread=True, exclusive=True, group="queue-action")
    def _call_next(self, context: AppContext) -> None:
        from domain.use_cases import reception

        try:
            visit = reception.call_next(
                context.uow(),
                actor=context.actor,
                location=context.location,
                clock=context.clock,
            )
        except DomainError as error:
            self.post_message(QueueActionDone(error.message, None))
            return
        if visit is None:
            self.post_message(QueueActionDone(tr("queue.nobody_waiting"), None))
        else:
            self.post_message(
                QueueActionDone(
                    tr("queue.called", name=self._name_of(visit)),
                    visit.id,
                    called=True,
                    undoable=True,
                )
            )

    def action_finish(self) -> None:
        from domain.use_cases import reception

        # Refused while the visit's interview draft exists: it would be stranded.
        self._move_highlighted(reception.finish_visit, N_("queue.finished"), finished=True)

    def action_left(self) -> None:
        """The visitor left; an unfinished interview is asked about first (LeaveAsked)."""
        entry = self._highlighted()
        context = self.rinnalla.context
        if entry is not None and context is not None:
            self._leave(context, entry, None)

    @work(thread=True, exclusive=True, group="queue-action")
    def _leave(self, context: AppContext, entry: QueueEntry, seen_draft: int | None) -> None:
        from domain import interview
        from domain.use_cases import interview as interview_cases

        try:
            result = interview_cases.leave_visit(
                context.uow(),
                entry.visit.id,
                entry.visit.version,
                actor=context.actor,
                clock=context.clock,
                seen_draft=seen_draft,
                organisation=context.organisation,
            )
        except interview.UnfinishedInterview as unfinished:
            self.post_message(LeaveAsked(entry, unfinished.draft_version))
            return
        except DomainError as error:
            self.post_message(QueueActionDone(error.message, entry.visit.id))
            return
        key = N_("queue.left") if result.record is None else N_("queue.left_recorded")
        self.post_message(
            QueueActionDone(
                tr(key, name=entry.display_name),
                entry.visit.id,
                # One that recorded the interview is not undone (domain.queue_undo).
                undoable=True if result.record is None else None,
            )
        )

    @on(LeaveAsked)
    def _ask_leave(self, message: LeaveAsked) -> None:
        """Record the unfinished interview as "client left", or change nothing.

        Recording keeps everything typed and counts in the indicators exactly as
        an interview ended with that outcome does; "back" leaves the visit in
        service with its draft, to be finished from the interview (Enter).
        """
        from tui.screens.confirm import ConfirmDiscard

        entry = message.entry

        def answered(confirmed: bool | None) -> None:
            context = self.rinnalla.context
            if confirmed and context is not None:
                self._leave(context, entry, message.draft_version)

        self.app.push_screen(
            ConfirmDiscard(
                tr("queue.leave_unfinished", name=entry.display_name),
                confirm_label=tr("queue.leave_record"),
            ),
            answered,
        )

    def _move_highlighted(
        self, use_case: Callable[..., Visit], note_key: str, *, finished: bool = False
    ) -> None:
        entry = self._highlighted()
        context = self.rinnalla.context
        if entry is not None and context is not None:
            self._move(context, use_case, entry, note_key, finished)

    @work(thread=True, exclusive=True, group="queue-action")
    def _move(
        self,
        context: AppContext,
        use_case: Callable[..., Visit],
        entry: QueueEntry,
        note_key: str,
        finished: bool,
        called: bool = False,
    ) -> None:
        try:
            use_case(
                context.uow(),
                entry.visit.id,
                entry.visit.version,
                actor=context.actor,
                clock=context.clock,
            )
        except DomainError as error:
            self.post_message(QueueActionDone(error.message, entry.visit.id))
            return
        note = tr(note_key, name=entry.display_name)
        self.post_message(
            QueueActionDone(note, entry.visit.id, called=called, finished=finished, undoable=True)
        )

    # Issue 19: undo the last move; a called visitor who did not come ---------

    def help_note(self) -> str:
        """F1's note on undo and on the visitor put back, which one line cannot say."""
        from domain.use_cases.queue_undo import UNDO_WINDOW

        return tr(
            "queue.help_note",
            undo=key_display("u"),
            minutes=int(UNDO_WINDOW.total_seconds() // 60),
            back=key_display("b"),
            enter=key_display("enter"),
        )

    def _note_undo(self, *, undoable: bool) -> None:
        """After a move here ``u`` is offered for the undo window; after an undo, not."""
        from domain.use_cases.queue_undo import UNDO_WINDOW

        self._undo_until = self.rinnalla.clock.now() + UNDO_WINDOW if undoable else None
        self.refresh_bindings()

    def action_undo_move(self) -> None:
        context = self.rinnalla.context
        if context is not None:
            self._undo(context)

    @work(thread=True, exclusive=True, group="queue-action")
    def _undo(self, context: AppContext) -> None:
        from domain.use_cases import queue_undo

        try:
            undone = queue_undo.undo_last_move(
                context.uow(),
                actor=context.actor,
                location=context.location,
                clock=context.clock,
            )
        except DomainError as error:
            self.post_message(QueueActionDone(error.message, None))
            return
        note = tr(
            "queue.undone",
            move=undone.move.kind.label,
            name=self._name_of(undone.visit),
            state=undone.visit.state.label,
        )
        self.post_message(QueueActionDone(note, undone.visit.id, undoable=False))

    def action_put_back(self) -> None:
        from domain.use_cases import reception

        self._move_highlighted(reception.put_back_visit, N_("queue.put_back_done"))

    def _name_of(self, visit: Visit) -> str:
        for entry in self._entries:
            if entry.visit.id == visit.id:
                return entry.display_name
        return tr("client.anonymous")

    @on(QueueActionDone)
    def _action_done(self, message: QueueActionDone) -> None:
        self.set_status(message.note)
        if message.undoable is not None:
            self._note_undo(undoable=message.undoable)
        self.reload(highlight=message.visit_id)
        if message.called and message.visit_id is not None:
            self.open_interview(message.visit_id)  # it releases the keys when ready
        else:
            self.rinnalla.release_keys()
        if message.finished and message.visit_id is not None:
            from tui.screens.feedback import FeedbackReminder

            self.app.push_screen(FeedbackReminder(message.visit_id))

    @on(DataTable.RowSelected, "#queue-table")
    def _row_opened(self) -> None:
        """Enter: a visit in service or finished opens its intake interview."""
        entry = self._highlighted()
        if entry is None:
            return
        from domain.visits import VisitState

        if entry.visit.state is VisitState.WAITING and entry.visit.absent_at is not None:
            # The visitor put back came back: called now, by name (issue 19).
            context = self.rinnalla.context
            if context is not None:
                from domain.use_cases import reception

                self.rinnalla.hold_keys()
                self._move(
                    context, reception.call_visit, entry, N_("queue.called"), False, called=True
                )
        elif entry.visit.state is VisitState.WAITING:
            self.set_status(tr("queue.call_first"))
        else:
            self.open_interview(entry.visit.id)

    def open_interview(self, visit_id: int) -> None:
        from tui.screens.interview import InterviewScreen

        # The interview reads the visit before it takes the typing: keys wait for it.
        self.rinnalla.hold_keys()
        self.app.push_screen(InterviewScreen(visit_id), self._after_interview)

    def _after_interview(self, note: str | None) -> None:
        if note:
            self.set_status(note)
        self.reload()
