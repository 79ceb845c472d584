"""A callback (soittopyyntö): who calls the client back, on which day, about what.

Opened with ``t`` on the queue (the highlighted visitor) or on the client's
summary. The caller is oneself unless another worker is chosen; the day is
today unless another is typed; a time only when one was agreed with the client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Select, Static

from domain import callbacks
from domain.callbacks import NOTE_MAX, Callback, CallbackInput
from domain.clock import local_today
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.staff import Staff
from domain.use_cases import callbacks as callbacks_cases
from tui.context import AppContext
from tui.messages import Refused
from tui.screens.form import FieldForm, refuse
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput


class CallersLoaded(Message):
    def __init__(self, staff: list[Staff]) -> None:
        super().__init__()
        self.staff = staff


class CallbackForm(FieldForm[Callback]):
    """Promise ``client_name`` a call; dismisses with the callback saved, or ``None``."""

    FIELDS = ("caller", "due_on", "due_time", "note")

    def __init__(self, client_id: int, client_name: str) -> None:
        super().__init__()
        self._client_id = client_id
        self._client_name = client_name
        self._callers: list[Staff] = []

    def compose(self) -> ComposeResult:
        today = local_today(self.rinnalla.clock)
        with Vertical(classes="dialog wide", id="callback-form"):
            yield Static(
                Text(tr("callback_form.title", name=self._client_name)), classes="dialog-title"
            )
            caller: Choice[int] = Choice([], prompt=tr("callback_form.loading"))
            yield from self.field_row("caller", tr("callback_form.caller"), caller)
            yield from self.field_row(
                "due_on", tr("callback_form.day"), self.date_input(today, optional=False)
            )
            yield from self.field_row(
                "due_time",
                tr("callback_form.time"),
                TextInput(placeholder=tr("callback_form.time_hint"), max_length=5),
            )
            yield from self.field_row(
                "note",
                tr("callback_form.note"),
                TextInput(
                    placeholder=tr("callback_form.note_hint"),
                    max_length=NOTE_MAX,
                    keep_overlong=True,
                ),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._load_callers(self.context)

    @work(thread=True, exclusive=True, group="callback-callers")
    def _load_callers(self, context: AppContext) -> None:
        try:
            found = callbacks_cases.callers(context.uow(), self._client_id, actor=context.actor)
        except DomainError as error:
            self.post_message(Refused(error))
            return
        self.post_message(CallersLoaded(found))

    @on(CallersLoaded)
    def _show_callers(self, message: CallersLoaded) -> None:
        self._callers = message.staff
        caller = self.query_one("#caller", Select)
        caller.set_options((Text(staff.name), staff.id) for staff in message.staff)
        caller.prompt = tr("callback_form.choose")
        if message.staff:
            caller.value = message.staff[0].id
        # Filled in by the program, not typed: Escape need not ask about it.
        self._initial = self._typed()
        self._loaded = self.field_values()

    def _time(self, errors: dict[str, str]) -> dt.time | None:
        try:
            return callbacks.parse_time(self.value("due_time"))
        except ValueError as error:
            errors["due_time"] = str(error)
            return None

    def prepared(self, context: AppContext) -> Callable[[], Callback]:
        errors: dict[str, str] = {}
        day = self.read_date("due_on", errors)
        at = self._time(errors)
        chosen = self.query_one("#caller", Select).value
        if not isinstance(chosen, int):
            errors["caller"] = tr("callback.caller_not_found")
        entry = CallbackInput(
            client_id=self._client_id,
            caller_id=chosen if isinstance(chosen, int) else 0,
            due_on=day,
            due_time=at,
            note=self.value("note"),
        )
        today = local_today(context.clock)
        if errors and "due_on" in errors:
            # A day that does not parse is not also "missing".
            try:
                entry.checked(today)
            except InvalidInput as refused:
                raise InvalidInput(
                    {**{k: v for k, v in refused.fields.items() if k != "due_on"}, **errors}
                ) from None
            raise InvalidInput(errors)
        refuse(errors, lambda: entry.checked(today))
        entry.checked(today)
        return lambda: callbacks_cases.add_callback(context.uow(), entry, actor=context.actor)
