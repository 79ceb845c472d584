"""The common ground of Rinnalla's modal forms: fields, messages at fields, saving.

A form finds some mistakes itself (a date that does not parse, a choice not
made) and the domain finds the rest; :func:`refuse` shows both at once. Saving
runs the use case in a worker; a refusal keeps every typed character.

When a colleague saved the same record first, the save is refused and the
refusal names them. Ctrl+R then fetches the newest version and merges per
field: what the worker changed keeps the typed text, every other field takes
the newer value, so the next Ctrl+S saves both people's changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar, cast

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from domain import formats
from domain.clock import parse_date
from domain.errors import DomainError, InvalidInput, StaleVersion
from domain.i18n import N_, tr
from domain.network import TEXT_MAX
from domain.validation_text import invalid_input_from
from tui.context import AppContext
from tui.messages import Refused
from tui.screens.base import RinnallaDialog
from tui.screens.confirm import ConfirmDiscard
from tui.widgets.text_input import TextInput

ResultT = TypeVar("ResultT")


# The forms' common ground -------------------------------------------------------------


class FormSaved(Message):
    """A form's use case stored ``saved``; the form dismisses with it."""

    def __init__(self, saved: object) -> None:
        super().__init__()
        self.saved = saved


class FormReloaded(Message):
    """The newest stored version of the record being edited, fetched for Ctrl+R."""

    def __init__(self, record: object) -> None:
        super().__init__()
        self.record = record


def refuse(errors: dict[str, str], check: Callable[[], object]) -> None:
    """Raise :class:`InvalidInput` for ``errors`` together with what ``check`` refuses.

    A form finds some mistakes itself (a date that does not parse, a sector not
    chosen) before it can even build the domain's input; running the domain's
    own check at the same time shows every message at once instead of one
    round of corrections after another.
    """
    if not errors:
        return
    try:
        check()
    except InvalidInput as error:
        raise InvalidInput({**error.fields, **errors}) from None
    raise InvalidInput(errors)


class FieldForm(RinnallaDialog[ResultT | None], Generic[ResultT]):
    """A dialog whose fields are validated by the domain; dismisses with what was saved.

    ``FIELDS`` names the validated fields in screen order (each has a widget with
    that id and a ``<field>-error`` line below it); the first one with a
    message gets the focus. A refused save keeps everything typed.

    A form that edits a stored record implements :meth:`reader`,
    :meth:`values_of` and :meth:`adopt`; it then offers Ctrl+R after a
    colleague's save refused its own (see :meth:`action_reapply`).
    """

    BINDINGS = [
        Binding("ctrl+s", "save", N_("form.key.save"), id="network_form_save"),
        Binding("escape", "cancel", N_("form.key.cancel"), id="network_form_cancel"),
        # Shown only after a refusal it can help with (see check_action).
        Binding("ctrl+r", "reapply", N_("form.key.reapply"), id="form_reapply"),
    ]

    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        self._saving = False
        # Replaced on mount by what the widgets really hold.
        self._initial: tuple[object, ...] = ()
        # The version the worker started from, by widget id: the base of the merge
        # on Ctrl+R. Set on mount, replaced by each version fetched.
        self._loaded: dict[str, object] = {}
        # A colleague's save refused this one and Ctrl+R can fetch theirs.
        self._reapply_offered = False

    # Building -----------------------------------------------------------------------

    def field_row(
        self, field: str, label: str, widget: Widget, *, shown: bool = True
    ) -> ComposeResult:
        """A labelled field with its (hidden) error line below it.

        ``shown=False`` hides the row until the form needs it (``#<field>-row``).
        """
        widget.id = field
        with Horizontal(classes="field-row", id=f"{field}-row") as row:
            row.display = shown
            yield Label(label, classes="field-label", id=f"{field}-label")
            yield widget
        yield Static("", id=f"{field}-error", classes="field-error")

    def text_input(self, value: str = "", *, placeholder: str = "") -> Input:
        # An over-long paste stays on screen, marked; saving refuses it (action_save).
        return TextInput(value, placeholder=placeholder, max_length=TEXT_MAX, keep_overlong=True)

    def date_input(self, day: dt.date | None, *, optional: bool) -> Input:
        """A date field, filled in as the screens show dates (:func:`domain.formats.date`);
        the text is parsed on save so a typo shows at the field."""
        hint = N_("form.date_optional") if optional else N_("form.date_hint")
        return TextInput(formats.date(day) if day else "", placeholder=tr(hint), max_length=10)

    def on_mount(self) -> None:
        self._initial = self._typed()
        self._loaded = self.field_values()
        first = next(filter(None, map(self.focus_target, self.FIELDS)), None)
        if first is not None:
            first.focus()

    # Reading ----------------------------------------------------------------------

    def _typed(self) -> tuple[object, ...]:
        """Every value on the form, to tell whether anything was changed."""
        values: list[object] = [(box.id, box.value) for box in self.query(Checkbox)]
        values += [(field.id, field.value) for field in self.query(Input)]
        values += [(select.id, select.value) for select in self.query(Select)]
        return tuple(values)

    def has_unsaved_changes(self) -> bool:
        return self._typed() != self._initial

    def field_values(self) -> dict[str, object]:
        """What every widget with an id holds, by id: the fields a merge works on."""
        values: dict[str, object] = {}
        for widget in (*self.query(Checkbox), *self.query(Input), *self.query(Select)):
            if widget.id is not None:
                values[widget.id] = widget.value
        return values

    def set_field_value(self, field: str, value: object) -> None:
        """Put ``value`` in the widget ``field`` as if the worker had chosen it."""
        widget = self.query_one(f"#{field}")
        if isinstance(widget, Input):
            widget.value = str(value)
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = value

    def field_label(self, field: str) -> str:
        """What the worker sees as the name of the widget ``field``, to name it in messages.

        The row's label (``#<field>-label``) when it has one, else a check box's
        own label (a role, say), else the id.
        """
        labels = list(self.query(f"#{field}-label").results(Label))
        if labels:
            return str(labels[0].content)
        boxes = list(self.query(f"#{field}").results(Checkbox))
        if boxes:
            return boxes[0].label.plain
        return field

    def value(self, field: str) -> str:
        """What was typed in the Input ``field``; "" when the form has no such field."""
        found = list(self.query(f"#{field}").results(Input))
        return found[0].value if found else ""

    def read_date(self, field: str, errors: dict[str, str]) -> dt.date | None:
        """The date typed in ``field``; a mistake goes to ``errors`` for that field."""
        try:
            return parse_date(self.value(field))
        except ValueError as error:
            errors[field] = str(error)
            return None

    # Errors at the fields -----------------------------------------------------------

    def focus_target(self, field: str) -> Widget | None:
        """The widget that takes the focus for ``field``; None when not on the form now."""
        found = list(self.query(f"#{field}"))
        if not found or not all(node.display for node in found[0].ancestors_with_self):
            return None
        return found[0]

    def set_error(self, field: str, message: str) -> None:
        errors = list(self.query(f"#{field}-error").results(Static))
        if not errors:
            return
        errors[0].update(Text(message))
        errors[0].display = bool(message)
        self.query_one(f"#{field}").set_class(bool(message), "invalid")

    @on(Input.Changed)
    def _clear_input_error(self, event: Input.Changed) -> None:
        """A change clears the field's message, unless the text is still too long."""
        field = event.input
        if field.id in self.FIELDS:
            self.set_error(field.id, field.length_error() if isinstance(field, TextInput) else "")

    @on(Select.Changed)
    def _clear_select_error(self, event: Select.Changed) -> None:
        if event.select.id in self.FIELDS:
            self.set_error(event.select.id, "")

    def show_refusal(self, error: DomainError) -> None:
        if isinstance(error, StaleVersion) and self._can_reload():
            # The colleague's name is theirs as stored: shown literally (StatusLine).
            self.set_status(error.message + " " + tr("form.stale_reapply"), error=True)
            self._reapply_offered = True
            self.refresh_bindings()
            return
        if not isinstance(error, InvalidInput):
            # StaleVersion, NotFound: the typed text stays for the worker to reuse.
            self.set_status(error.message, error=True)
            return
        for field in self.FIELDS:
            self.set_error(field, error.fields.get(field, ""))
        # A field this form does not show would otherwise be refused in silence.
        elsewhere = [text for field, text in error.fields.items() if field not in self.FIELDS]
        self.set_status(" ".join([tr("form.fix_fields"), *elsewhere]), error=True)
        shown = (self.focus_target(field) for field in self.FIELDS if field in error.fields)
        first = next(filter(None, shown), None)
        if first is not None:
            first.focus()

    # Saving -------------------------------------------------------------------------

    def prepared(self, context: AppContext) -> Callable[[], ResultT]:
        """The use case call for what is on the form; raises InvalidInput for local mistakes.

        Read on the UI thread (widgets are not thread-safe); the returned call
        runs in a worker.
        """
        raise NotImplementedError

    def action_save(self) -> None:
        if self._saving:
            return
        context = self.context
        overlong = {
            field.id: field.length_error()
            for field in self.query(TextInput)
            if field.id and field.too_long and field.display
        }
        try:
            # Nothing is saved while a field holds more than it may, whether or
            # not the domain checks that field's length itself.
            refuse(overlong, lambda: self.prepared(context))
            store = self.prepared(context)
        except InvalidInput as error:
            self.show_refusal(error)
            return
        except ValidationError as error:
            # A model refused what was typed: its reasons, in the worker's language.
            self.show_refusal(invalid_input_from(error))
            return
        self._saving = True
        self._store(store)

    @work(thread=True, exclusive=True, group="network-form-save")
    def _store(self, store: Callable[[], ResultT]) -> None:
        try:
            saved = store()
        except DomainError as error:
            self.post_message(Refused(error))
        except ValidationError as error:
            self.post_message(Refused(invalid_input_from(error)))
        else:
            self.post_message(FormSaved(saved))

    @on(FormSaved)
    def _saved(self, message: FormSaved) -> None:
        self._saving = False
        self.dismiss(cast(ResultT, message.saved))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._saving = False
        self.show_refusal(message.error)

    # Someone else saved first: fetch theirs and re-apply one's own ----------------------

    def reader(self, context: AppContext) -> Callable[[], ResultT] | None:
        """The use case call that reads the stored record this form edits, for Ctrl+R.

        ``None`` (the default) when there is no stored record to fetch, e.g. the
        form adds a new one. Built on the UI thread; the call runs in a worker.
        """
        return None

    def values_of(self, record: ResultT) -> dict[str, object]:
        """``record`` as this form's widgets would show it, by widget id.

        Only the widgets named are merged; the others keep what they hold.
        """
        raise NotImplementedError

    def adopt(self, record: ResultT) -> None:
        """Edit ``record`` from now on: the next save is checked against its version."""
        raise NotImplementedError

    def _can_reload(self) -> bool:
        return self.reader(self.context) is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ctrl+R is offered, in the footer and in F1, only after a colleague's save won."""
        if action == "reapply":
            return self._reapply_offered and not self._saving
        return True

    def action_reapply(self) -> None:
        """Fetch the newest version; the merge runs when it arrives (:meth:`_reloaded`).

        The form stays as typed meanwhile, and saving waits: one database call at a time.
        """
        if not self._reapply_offered or self._saving:
            return
        read = self.reader(self.context)
        if read is None:
            return
        self._saving = True
        self._reapply_offered = False
        self.refresh_bindings()
        self.set_status(tr("form.reloading"))
        self._fetch(read)

    @work(thread=True, exclusive=True, group="network-form-save")
    def _fetch(self, read: Callable[[], ResultT]) -> None:
        try:
            record = read()
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(FormReloaded(record))

    @on(FormReloaded)
    def _reloaded(self, message: FormReloaded) -> None:
        """Merge field by field: the worker's own changes stay, the rest is the newest.

        A field counts as the worker's change when it differs from the version
        the form was filled from (``_loaded``). When both people changed one
        field, the typed text stays and the status line names the field, so
        the worker can look before saving; nothing typed is ever replaced.
        """
        self._saving = False
        record = cast(ResultT, message.record)
        newest = self.values_of(record)
        typed = self.field_values()
        taken: list[str] = []
        both: list[str] = []
        for field, stored in newest.items():
            if field not in typed:
                continue
            base = self._loaded.get(field, stored)
            if typed[field] != base:
                if stored not in (base, typed[field]):
                    both.append(field)
            elif stored != typed[field]:
                self.set_field_value(field, stored)
                taken.append(field)
        # The next Ctrl+R merges against this version. Escape still asks before
        # leaving: the worker's own changes are not saved yet.
        self._loaded = {**self._loaded, **{f: v for f, v in newest.items() if f in typed}}
        self.adopt(record)
        self._show_merge(taken, both)

    def _show_merge(self, taken: list[str], both: list[str]) -> None:
        """Say which fields came from the newer version and which both people changed."""
        parts = [tr("form.reapplied")]
        if taken:
            parts.append(tr("form.from_newer", fields=", ".join(map(self.field_label, taken))))
        else:
            parts.append(tr("form.none_from_newer"))
        if both:
            parts.append(tr("form.both_changed", fields=", ".join(map(self.field_label, both))))
        self.set_status(" ".join(parts))

    # Leaving ------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self.has_unsaved_changes():
            self.dismiss(None)
            return

        def discard(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), discard)
