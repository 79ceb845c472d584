"""The worker's callbacks (soittopyynnöt) as a list section: on F7 and behind the queue's ``o``.

A section of its own that loads itself, so that a screen adds it with one line:
the calls the signed-in worker is to make or asked someone to make, by day and
time, what is late said in words ("! MYÖHÄSSÄ"), with the client's phone number
to dial. ``v`` on a highlighted call marks it done (asks first: a call marked
done leaves every list). Hidden while there are none, unless ``always`` (the
queue's dialog says "no callbacks" instead of showing nothing).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from domain import formats
from domain.callbacks import CallbackLine
from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.use_cases import callbacks
from tui.bindings import translate_bindings
from tui.messages import Refused
from tui.screens.confirm import ConfirmDiscard
from tui.widgets.list_table import ListTable, keep_row
from tui.widgets.running_app import rinnalla_app, signed_in_context

if TYPE_CHECKING:
    from tui.context import AppContext

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("callbacks.col.mark"),
    N_("callbacks.col.due"),
    N_("callbacks.col.client"),
    N_("callbacks.col.phone"),
    N_("callbacks.col.note"),
)

COLUMNS = (("mark", 11), ("due", 16), ("client", 18), ("phone", 14), ("note", 28))


class CallbacksLoaded(Message):
    def __init__(self, lines: list[CallbackLine]) -> None:
        super().__init__()
        self.lines = lines


class CallbackDone(Message):
    """A call was marked done: the list loads again."""


class CallbacksPanel(Vertical):
    """The signed-in worker's open callbacks; ``reload()`` reads them again."""

    BINDINGS = [Binding("v", "done", N_("key.callback_done"), id="callback_done")]

    DEFAULT_CSS = """
    CallbacksPanel { height: auto; }
    CallbacksPanel > .callbacks-title { padding: 0 1; }
    CallbacksPanel > ListTable { height: auto; max-height: 8; }
    """

    def __init__(
        self,
        *,
        always: bool = False,
        hint: str = "",
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self._always = always
        self._hint = hint
        """Said after the count, e.g. which key goes to the list."""
        self._lines: list[CallbackLine] = []

    @property
    def lines(self) -> list[CallbackLine]:
        return self._lines

    def compose(self) -> ComposeResult:
        yield Static("", classes="callbacks-title")
        table: DataTable[Text] = ListTable(cursor_type="row", classes="callbacks-table")
        yield table

    def on_mount(self) -> None:
        table = self.query_one(".callbacks-table", DataTable)
        for column, width in COLUMNS:
            table.add_column(tr(f"callbacks.col.{column}"), key=column, width=width)
        self.display = self._always
        self.reload()

    def focus_list(self) -> bool:
        """Put the cursor in the list; False when there is nothing to focus."""
        if not self._lines:
            return False
        self.query_one(".callbacks-table", DataTable).focus()
        return True

    def reload(self) -> None:
        self._load(signed_in_context(self))

    @work(thread=True, exclusive=True, group="callbacks-load")
    def _load(self, context: AppContext) -> None:
        try:
            lines = callbacks.my_callbacks(context.uow(), actor=context.actor)
        except DomainError as error:
            self.post_message(Refused(error))
            return
        self.post_message(CallbacksLoaded(lines))

    @on(CallbacksLoaded)
    def _show(self, message: CallbacksLoaded) -> None:
        message.stop()
        table = self.query_one(".callbacks-table", DataTable)
        had_focus = table.has_focus
        kept = self._highlighted()
        self._lines = message.lines
        table.clear()
        now = rinnalla_app(self).clock.now()
        late = sum(line.callback.overdue_at(now) for line in message.lines)
        title = Text(tr("callbacks.title", count=len(message.lines)), style="bold")
        if late:
            title.append(" · " + tr("callbacks.late_count", count=late), style="bold")
        if self._hint:
            title.append(" – " + self._hint)
        if not message.lines:
            title = Text(tr("callbacks.none"))
        self.query_one(".callbacks-title", Static).update(title)
        for line in message.lines:
            table.add_row(*self._cells(line, now), key=str(line.callback.id))
        if kept is not None:
            keep_row(table, str(kept.callback.id))
        table.display = bool(message.lines)
        self.display = self._always or bool(message.lines)
        if self._always and message.lines:
            # The dialog is the list: the cursor is in it, ready for v.
            table.focus()
        elif had_focus and not message.lines:
            self.screen.focus_next()

    def _cells(self, line: CallbackLine, now: dt.datetime) -> list[Text]:
        callback = line.callback
        overdue = callback.overdue_at(now)
        mark = Text(tr("callbacks.late"), style="bold reverse") if overdue else Text("")
        due = formats.date(callback.due_on)
        if callback.due_time is not None:
            due += " " + formats.time(callback.due_time)
        note = callback.note
        if line.caller.id != line.created_by.id:
            # Who asked, or who is to call: the one who is not the reader.
            me = signed_in_context(self).actor.id
            other = line.caller if line.created_by.id == me else line.created_by
            key = N_("callbacks.for") if other is line.caller else N_("callbacks.from")
            note = tr(key, name=other.name) + " · " + note
        # What people typed is shown literally, never as markup.
        return [
            mark,
            Text(due, style="bold" if overdue else ""),
            Text(line.client.display_name, no_wrap=True, overflow="ellipsis"),
            Text(line.phone or "–"),
            Text(note, no_wrap=True, overflow="ellipsis"),
        ]

    def _highlighted(self) -> CallbackLine | None:
        table = self.query_one(".callbacks-table", DataTable)
        if 0 <= table.cursor_row < len(self._lines):
            return self._lines[table.cursor_row]
        return None

    # Done ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return True if self._highlighted() is not None else None
        return True

    def action_done(self) -> None:
        line = self._highlighted()
        if line is None:
            return
        context = signed_in_context(self)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._mark_done(context, line)

        question = tr(
            "callbacks.confirm_done", name=line.client.display_name, note=line.callback.note
        )
        self.app.push_screen(
            ConfirmDiscard(question, confirm_label=tr("callbacks.done_button")), confirmed
        )

    @work(thread=True, exclusive=True, group="callbacks-done")
    def _mark_done(self, context: AppContext, line: CallbackLine) -> None:
        try:
            callbacks.mark_callback_done(
                context.uow(), line.callback.id, line.callback.version, actor=context.actor
            )
        except DomainError as error:
            self.post_message(Refused(error))
        self.post_message(CallbackDone())

    @on(CallbackDone)
    def _done(self, message: CallbackDone) -> None:
        message.stop()
        self.reload()
