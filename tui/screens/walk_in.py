"""The new walk-in form (n): register an arrival in seconds, name optional (R1).

It is the shared :class:`~tui.screens.form.FieldForm` (messages at the fields, a
refused save keeps everything typed) drawn as a full screen: the app's own keys
(F1, the lock) work here as on the queue behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Header, Input, Label, RadioButton, RadioSet, Select, Static

from domain import formats
from domain.clients import Client
from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.identity import parse_hetu
from domain.reception import AlreadyWaiting, PossibleDuplicate
from domain.text import clean_text
from domain.use_cases import reception
from domain.visits import ReferralChannel, Urgency
from domain.walk_in import NAME_MAX, REASON_MAX, WalkInInput
from tui.context import AppContext
from tui.screens.confirm import ConfirmDiscard
from tui.screens.duplicate import DuplicateChoice, DuplicateDialog
from tui.screens.form import FieldForm
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedRadioButton
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput

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


IDENTITY = ("name", "hetu", "birth_year")
"""The fields a picked client's own record replaces: disabled while one is picked."""


class WalkInScreen(FieldForm[int], inherit_bindings=False):
    """Dismisses with the new visit's id, or ``None`` when cancelled.

    Its keys are its own (Ctrl+R takes back a picked client here, there is no
    colleague's version to fetch for a new visit), in this order in the footer.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", N_("key.save"), id="save"),
        Binding("escape", "cancel", N_("key.cancel"), id="cancel"),
        Binding("f3", "pick_client", N_("key.pick_client"), id="pick_client"),
        Binding("ctrl+r", "unpick_client", N_("key.unpick_client"), id="unpick_client"),
    ]

    FIELDS = ("name", "hetu", "birth_year", "reason")
    """The text fields in screen order; channel and urgency are named in the status."""

    def __init__(self, client: Client | None = None) -> None:
        super().__init__()
        self.title = tr("walk_in.title")
        self._client = client
        # What the worker answered to the last question a save asked (R1):
        # read by the next save only.
        self._accept_duplicate = False
        self._accept_second_visit = False

    @property
    def is_modal(self) -> bool:
        """A screen of its own, not a dialog: the app's keys reach it (F1, F2, the lock)."""
        return False

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
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def _field(self, name: str, field: Input) -> ComposeResult:
        field.placeholder = tr(f"walk_in.{name}_hint")
        return self.field_row(name, tr(f"walk_in.{name}"), field)

    def on_mount(self) -> None:
        # The picked client's fields are disabled first: the focus skips them.
        self._show_client()
        super().on_mount()

    @property
    def AUTO_FOCUS(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        """The first field gets the focus as the form is built, not a moment after
        (``focus()`` in ``on_mount`` takes effect later): the keys typed right after
        ``n`` are the name and must find the name field ready."""
        return "#name" if self._client is None else "#reason"

    def focus_target(self, field: str) -> Widget | None:
        """A field the picked client's record fills is disabled: it takes no focus."""
        found = super().focus_target(field)
        return None if found is None or found.disabled else found

    # Picking an existing client ---------------------------------------------

    def _show_client(self) -> None:
        picked = self.query_one("#picked-client", Static)
        if self._client is None:
            picked.display = False
            for name in IDENTITY:
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
            for name in IDENTITY:
                self.query_one(f"#{name}", Input).disabled = True
                self.set_error(name, "")
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
            name=self.value("name"),
            hetu=self.value("hetu"),
            birth_year=self.value("birth_year"),
            reason=self.value("reason"),
            channel=cast(ReferralChannel, self.query_one("#channel", Select).value),
            urgency=Urgency.URGENT if urgent else Urgency.NORMAL,
            client_id=self._client.id if self._client else None,
        )

    def has_unsaved_changes(self) -> bool:
        """Typed text or a picked client; the channel and urgency alone are no loss."""
        return self.form_input().has_typed_text or self._client is not None

    @on(Input.Blurred, "#hetu")
    def _check_hetu(self, event: Input.Blurred) -> None:
        """Say what is wrong with a hetu as soon as the cursor leaves the field."""
        text = clean_text(event.value)
        if not text or self._client is not None:
            return
        try:
            parse_hetu(text)
        except ValueError as error:
            self.set_error("hetu", str(error))

    # Saving ---------------------------------------------------------------------

    def prepared(self, context: AppContext) -> Callable[[], int]:
        form = self.form_input()
        accept, second_visit = self._accept_duplicate, self._accept_second_visit
        self._accept_duplicate = self._accept_second_visit = False

        def register() -> int:
            visit = reception.register_walk_in(
                context.uow(),
                form,
                actor=context.actor,
                location=context.location,
                clock=context.clock,
                accept_possible_duplicate=accept,
                accept_already_waiting=second_visit,
            )
            return visit.id

        return register

    def show_refusal(self, error: DomainError) -> None:
        """A possible duplicate or a client already waiting is a question, not a mistake."""
        if isinstance(error, PossibleDuplicate):
            self.query_one("#form-status", StatusLine).say("")
            self.app.push_screen(
                DuplicateDialog(error.candidates, certain=error.certain), self._duplicate_chosen
            )
        elif isinstance(error, AlreadyWaiting):
            self.query_one("#form-status", StatusLine).say("")
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
            super().show_refusal(error)

    def _duplicate_chosen(self, choice: DuplicateChoice | None) -> None:
        if choice is None:
            return
        if choice.client is not None:
            self._client = choice.client
            self._show_client()
        else:
            self._accept_duplicate = True
        self.action_save()

    def _second_visit_chosen(self, add: bool | None) -> None:
        """Back (the default) leaves the form as it was; nothing is saved."""
        if add:
            self._accept_second_visit = True
            self.action_save()
