"""The common ground of Rinnalla's modal forms: fields, messages at fields, saving.

A form finds some mistakes itself (a date that does not parse, a choice not
made) and the domain finds the rest; :func:`refuse` shows both at once. Saving
runs the use case in a worker; a refusal keeps every typed character.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from domain.clock import format_date, parse_date
from domain.errors import DomainError, InvalidInput
from domain.i18n import define, tr
from domain.network import TEXT_MAX
from tui.bindings import translate_bindings
from tui.messages import Refused
from tui.screens.confirm import ConfirmDiscard
from tui.services import Services

if TYPE_CHECKING:
    from tui.app import RinnallaApp

define(
    {
        "form.date_hint": ("p.k.vvvv", "d.m.yyyy"),
        "form.date_optional": ("p.k.vvvv, vapaaehtoinen", "d.m.yyyy, optional"),
        "form.fix_fields": (
            "Korjaa merkityt kentät ja tallenna uudelleen.",
            "Correct the marked fields and save again.",
        ),
        "form.no_database": (
            "Tietokanta ei ole vielä auki; yritä hetken kuluttua uudelleen.",
            "The database is not open yet; try again in a moment.",
        ),
        "form.key.save": ("Tallenna", "Save"),
        "form.key.cancel": ("Peruuta", "Cancel"),
    }
)

ResultT = TypeVar("ResultT")


# The forms' common ground -------------------------------------------------------------


class FormSaved(Message):
    """A form's use case stored ``saved``; the form dismisses with it."""

    def __init__(self, saved: object) -> None:
        super().__init__()
        self.saved = saved


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


class FieldForm(ModalScreen[ResultT | None], Generic[ResultT]):
    """A dialog whose fields are validated by the domain; dismisses with what was saved.

    ``FIELDS`` names the validated fields in screen order (each has a widget with
    that id and a ``<field>-error`` line below it); the first one with a
    message gets the focus. A refused save keeps everything typed.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "form.key.save", id="network_form_save"),
        Binding("escape", "cancel", "form.key.cancel", id="network_form_cancel"),
    ]

    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self._saving = False
        # Replaced on mount by what the widgets really hold.
        self._initial: tuple[object, ...] = ()

    @property
    def rinnalla(self) -> RinnallaApp:
        return cast("RinnallaApp", self.app)

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
        return Input(value, placeholder=placeholder, max_length=TEXT_MAX)

    def date_input(self, day: dt.date | None, *, optional: bool) -> Input:
        """A d.m.yyyy field; the text is parsed on save so a typo shows at the field."""
        hint = "form.date_optional" if optional else "form.date_hint"
        return Input(format_date(day) if day else "", placeholder=tr(hint), max_length=10)

    def on_mount(self) -> None:
        self._initial = self._typed()
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
        if event.input.id in self.FIELDS:
            self.set_error(event.input.id, "")

    @on(Select.Changed)
    def _clear_select_error(self, event: Select.Changed) -> None:
        if event.select.id in self.FIELDS:
            self.set_error(event.select.id, "")

    def show_refusal(self, error: DomainError) -> None:
        status = self.query_one("#form-status", Static)
        status.set_class(True, "error")
        if not isinstance(error, InvalidInput):
            # StaleVersion, NotFound: the typed text stays for the worker to reuse.
            status.update(Text(error.message))
            return
        for field in self.FIELDS:
            self.set_error(field, error.fields.get(field, ""))
        # A field this form does not show would otherwise be refused in silence.
        elsewhere = [text for field, text in error.fields.items() if field not in self.FIELDS]
        status.update(Text(" ".join([tr("form.fix_fields"), *elsewhere])))
        shown = (self.focus_target(field) for field in self.FIELDS if field in error.fields)
        first = next(filter(None, shown), None)
        if first is not None:
            first.focus()

    # Saving -------------------------------------------------------------------------

    def prepared(self, services: Services) -> Callable[[], ResultT]:
        """The use case call for what is on the form; raises InvalidInput for local mistakes.

        Read on the UI thread (widgets are not thread-safe); the returned call
        runs in a worker.
        """
        raise NotImplementedError

    def action_save(self) -> None:
        if self._saving:
            return
        services = self.rinnalla.services
        if services is None:
            self.show_refusal(DomainError(tr("form.no_database")))
            return
        try:
            store = self.prepared(services)
        except InvalidInput as error:
            self.show_refusal(error)
            return
        self._saving = True
        self._store(store)

    @work(thread=True, exclusive=True, group="network-form-save")
    def _store(self, store: Callable[[], ResultT]) -> None:
        try:
            saved = store()
        except DomainError as error:
            self.post_message(Refused(error))
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

    # Leaving ------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self.has_unsaved_changes():
            self.dismiss(None)
            return

        def discard(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), discard)
