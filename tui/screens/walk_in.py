"""The new walk-in form (n): register an arrival in seconds, name optional (R1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Label, RadioButton, RadioSet, Select, Static

from domain import formats
from domain.clients import Client
from domain.errors import DomainError, InvalidInput
from domain.i18n import N_, tr
from domain.identity import parse_hetu
from domain.reception import AlreadyWaiting, PossibleDuplicate
from domain.text import clean_text
from domain.use_cases import reception
from domain.validation_text import invalid_input_from
from domain.visits import ReferralChannel, Urgency
from domain.walk_in import NAME_MAX, REASON_MAX, WalkInInput
from tui.bindings import translate_bindings
from tui.context import AppContext
from tui.messages import Refused
from tui.screens.confirm import ConfirmDiscard
from tui.screens.duplicate import DuplicateChoice, DuplicateDialog
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedRadioButton
from tui.widgets.text_input import TextInput

if TYPE_CHECKING:
    from tui.app import RinnallaApp

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("walk_in.name"),
    N_("walk_in.name_hint"),
    N_("walk_in.hetu"),
    N_("walk_in.hetu_hint"),
    N_("walk_in.birth_year"),
    N_("walk_in.birth_year_hint"),
    N_("walk_in.reason"),
    N_("walk_in.reason_hint"),
)


TEXT_FIELDS = ("name", "hetu", "birth_year", "reason")
"""The form's text fields in screen order, each with its error line."""


class SaveFinished(Message):
    def __init__(self, visit_id: int) -> None:
        super().__init__()
        self.visit_id = visit_id


class WalkInScreen(Screen[int | None]):
    """Dismisses with the new visit's id, or ``None`` when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("key.save"), id="save"),
        Binding("escape", "cancel", N_("key.cancel"), id="cancel"),
        Binding("f3", "pick_client", N_("key.pick_client"), id="pick_client"),
        Binding("ctrl+r", "unpick_client", N_("key.unpick_client"), id="unpick_client"),
    ]

    def __init__(self, client: Client | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.title = tr("walk_in.title")
        self._client = client
        self._saving = False

    @property
    def rinnalla(self) -> RinnallaApp:
        return cast("RinnallaApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="walk-in-form", classes="form"):
            yield Static("", id="picked-client", classes="picked")
            # Name and reason keep an over-long paste on screen, marked: the save
            # refuses it at the field, and Ctrl+Z takes the paste back.
            yield from self._field("name", TextInput(max_length=NAME_MAX, keep_overlong=True))
            yield from self._field("hetu", TextInput(max_length=13))
            yield from self._field("birth_year", TextInput(max_length=4, restrict=r"[0-9]*"))
            yield from self._field("reason", TextInput(max_length=REASON_MAX, keep_overlong=True))
            with Horizontal(classes="field-row"):
                yield Label(tr("walk_in.channel"), classes="field-label")
                yield Choice(
                    [(channel.label, channel) for channel in ReferralChannel],
                    value=ReferralChannel.SELF,
                    allow_blank=False,
                    id="channel",
                )
            with Horizontal(classes="field-row"):
                yield Label(tr("walk_in.urgency"), classes="field-label")
                with RadioSet(id="urgency"):
                    yield MarkedRadioButton(Urgency.NORMAL.label, value=True, id="urgency-normal")
                    yield MarkedRadioButton(Urgency.URGENT.label, id="urgency-urgent")
            yield Static("", id="form-status")
        yield KeyFooter()

    def _field(self, name: str, field: Input) -> ComposeResult:
        field.id = name
        hint = f"walk_in.{name}_hint"
        field.placeholder = tr(hint)
        with Horizontal(classes="field-row"):
            yield Label(tr(f"walk_in.{name}"), classes="field-label", id=f"{name}-label")
            yield field
        yield Static("", id=f"{name}-error", classes="field-error")

    def on_mount(self) -> None:
        self._show_client()

    @property
    def AUTO_FOCUS(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        """The first field gets the focus as the form is built, not a moment after
        (``focus()`` in ``on_mount`` takes effect later): the keys typed right after
        ``n`` are the name and must find the name field ready."""
        return "#name" if self._client is None else "#reason"

    # Picking an existing client ---------------------------------------------

    def _show_client(self) -> None:
        picked = self.query_one("#picked-client", Static)
        identity = ("name", "hetu", "birth_year")
        if self._client is None:
            picked.display = False
            for name in identity:
                self.query_one(f"#{name}", Input).disabled = False
        else:
            label = self._client.display_name
            if self._client.masked_hetu:
                label += f" ({self._client.masked_hetu})"
            elif self._client.birth_year:
                label += f" ({self._client.birth_year})"
            picked.update(
                Text(tr("walk_in.picked", name=label)) + Text("\n" + tr("walk_in.picked_hint"))
            )
            picked.display = True
            for name in identity:
                self.query_one(f"#{name}", Input).disabled = True
                self._set_error(name, "")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unpick_client":
            return self._client is not None
        return True

    def action_pick_client(self) -> None:
        from tui.screens.search import SearchScreen

        typed = self.query_one("#name", Input).value
        self.app.push_screen(SearchScreen(initial=typed), self._picked)

    def _picked(self, client: Client | None) -> None:
        if client is not None:
            self._client = client
            self._show_client()
            self.query_one("#reason", Input).focus()

    def action_unpick_client(self) -> None:
        self._client = None
        self._show_client()
        self.query_one("#name", Input).focus()

    # Reading the form ---------------------------------------------------------

    def form_input(self) -> WalkInInput:
        urgent = self.query_one("#urgency-urgent", RadioButton).value
        return WalkInInput(
            name=self.query_one("#name", Input).value,
            hetu=self.query_one("#hetu", Input).value,
            birth_year=self.query_one("#birth_year", Input).value,
            reason=self.query_one("#reason", Input).value,
            channel=cast(ReferralChannel, self.query_one("#channel", Select).value),
            urgency=Urgency.URGENT if urgent else Urgency.NORMAL,
            client_id=self._client.id if self._client else None,
        )

    def has_unsaved_text(self) -> bool:
        return self.form_input().has_typed_text or self._client is not None

    # Validation at the field ---------------------------------------------------

    def _set_error(self, field: str, message: str) -> None:
        error = self.query_one(f"#{field}-error", Static)
        error.update(Text(message))
        error.display = bool(message)
        self.query_one(f"#{field}", Input).set_class(bool(message), "invalid")

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        """A change clears the field's message, unless the text is still too long."""
        field = event.input
        if field.id:
            self._set_error(field.id, field.length_error() if isinstance(field, TextInput) else "")

    @on(Input.Blurred, "#hetu")
    def _check_hetu(self, event: Input.Blurred) -> None:
        """Say what is wrong with a hetu as soon as the cursor leaves the field."""
        text = clean_text(event.value)
        if not text or self._client is not None:
            return
        try:
            parse_hetu(text)
        except ValueError as error:
            self._set_error("hetu", str(error))

    # Saving ---------------------------------------------------------------------

    def action_save(self) -> None:
        self._save()

    def _save(
        self, *, accept_possible_duplicate: bool = False, accept_already_waiting: bool = False
    ) -> None:
        context = self.rinnalla.context
        if context is None or self._saving:
            return
        overlong = {
            field.id: field.length_error()
            for field in self.query(TextInput)
            if field.id and field.too_long and not field.disabled
        }
        if overlong:
            # Nothing is saved while a field holds more than it may: the domain
            # would refuse it too, but the field's own message is the clearer one.
            self._show_refusal(InvalidInput(overlong))
            return
        try:
            form = self.form_input()
        except ValidationError as error:
            self._show_refusal(invalid_input_from(error))
            return
        self._saving = True
        self._register(context, form, accept_possible_duplicate, accept_already_waiting)

    @work(thread=True, exclusive=True, group="walk-in-save")
    def _register(
        self, context: AppContext, form: WalkInInput, accept: bool, second_visit: bool
    ) -> None:
        try:
            visit = reception.register_walk_in(
                context.uow(),
                form,
                actor=context.actor,
                location=context.location,
                clock=context.clock,
                accept_possible_duplicate=accept,
                accept_already_waiting=second_visit,
            )
        except DomainError as error:
            self.post_message(Refused(error))
        except ValidationError as error:
            self.post_message(Refused(invalid_input_from(error)))
        else:
            self.post_message(SaveFinished(visit.id))

    @on(SaveFinished)
    def _saved(self, message: SaveFinished) -> None:
        self._saving = False
        self.dismiss(message.visit_id)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._saving = False
        self._show_refusal(message.error)

    def _show_refusal(self, error: DomainError) -> None:
        status = self.query_one("#form-status", Static)
        if isinstance(error, InvalidInput):
            shown = [field for field in TEXT_FIELDS if field in error.fields]
            for field in shown:
                self._set_error(field, error.fields[field])
            # A field without an error line (channel, urgency) is named in the status.
            elsewhere = [text for field, text in error.fields.items() if field not in shown]
            status.update(Text(" ".join([tr("walk_in.fix_fields"), *elsewhere])))
            if shown:
                self.query_one(f"#{shown[0]}", Input).focus()
        elif isinstance(error, PossibleDuplicate):
            status.update("")
            self.app.push_screen(
                DuplicateDialog(error.candidates, certain=error.certain), self._duplicate_chosen
            )
        elif isinstance(error, AlreadyWaiting):
            status.update("")
            question = tr(
                "walk_in.already_waiting",
                name=error.client.display_name,
                state=error.visit.state.label,
                time=formats.time(error.visit.arrived_at),
            )
            self.app.push_screen(
                ConfirmDiscard(question, confirm_label=tr("walk_in.add_second")),
                self._second_visit_chosen,
            )
        else:
            status.update(Text(error.message))

    def _duplicate_chosen(self, choice: DuplicateChoice | None) -> None:
        if choice is None:
            return
        if choice.client is not None:
            self._client = choice.client
            self._show_client()
            self._save()
        else:
            self._save(accept_possible_duplicate=True)

    def _second_visit_chosen(self, add: bool | None) -> None:
        """Back (the default) leaves the form as it was; nothing is saved."""
        if add:
            self._save(accept_already_waiting=True)

    # Leaving -----------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self.has_unsaved_text():
            self.dismiss(None)
            return

        def discard(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), discard)
