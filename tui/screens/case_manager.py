"""Dialogs for the one case manager: naming a new one, ending case management.

Ending case management without a successor closes the client relationship;
the end dialog saves it and then asks the R10 question (were the feedback
instructions handed over?) before it closes, as finishing a visit does.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioSet, Static

from domain.case_management import (
    ENDING_REASONS,
    CaseManagerAssignment,
    EndParticipants,
    EndReason,
    check_end_note,
    check_naming_reason,
)
from domain.errors import InvalidInput
from domain.i18n import N_, tr
from tui.screens.base import RinnallaDialog
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedCheckbox, MarkedRadioButton
from tui.widgets.text_input import TextInput

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (N_("cm_dialog.ended"),)


def decision_parts(assignment: CaseManagerAssignment) -> list[str]:
    """What the history adds to an assignment: why it was named, who ended it (R4, R5)."""
    parts: list[str] = []
    if assignment.start_reason:
        parts.append(tr("cm_history.named_for", reason=assignment.start_reason))
    names = ([tr("cm_dialog.the_client")] if assignment.ended_with_client else []) + list(
        assignment.ended_with
    )
    if names:
        parts.append(tr("cm_history.decided_with", names=", ".join(names)))
    return parts


class NameCaseManagerDialog(RinnallaDialog[str | None]):
    """Confirms naming; dismisses with the reason (required, checked here) or ``None``."""

    BINDINGS = [
        Binding("ctrl+s", "confirm", N_("key.confirm")),
        Binding("escape", "cancel", N_("key.dialog_cancel")),
    ]

    def __init__(self, name: str, current: str | None) -> None:
        super().__init__()
        self._name = name
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="name-cm"):
            yield Static(tr("cm_dialog.name_title"), classes="dialog-title")
            yield Static(
                Text(tr("cm_dialog.name_question", name=self._name)), classes="dialog-text"
            )
            if self._current:
                yield Static(
                    Text(tr("cm_dialog.replaces", current=self._current)), classes="dialog-text"
                )
            yield Label(tr("cm_dialog.reason"), classes="field-label")
            yield TextInput(id="note", max_length=200)
            yield Static("", id="note-error", classes="field-error")
            yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def action_confirm(self) -> None:
        """The reason is required: an empty or over-long one is refused at the field."""
        note = self.query_one("#note", Input).value
        error = self.query_one("#note-error", Static)
        try:
            check_naming_reason(note)
        except InvalidInput as refused:
            error.update(Text(refused.fields.get("note", refused.message)))
            error.display = True
            self.query_one("#note", Input).focus()
            return
        self.dismiss(note)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EndCaseManagementDialog(RinnallaDialog[tuple[EndReason, str, EndParticipants] | None]):
    """The reason from the fixed list, details (required for "other"), and who
    took part in the joint decision: the client and/or network members, at least one.

    Dismisses with the chosen ``(reason, note, participants)``; the network
    screen saves it and then asks the feedback reminder (R10).
    """

    BINDINGS = [
        Binding("ctrl+s", "confirm", N_("key.confirm")),
        Binding("escape", "cancel", N_("key.dialog_cancel")),
    ]

    def __init__(self, members: Sequence[tuple[int, str]] = ()) -> None:
        """``members``: the network's members as (id, name), offered as participants."""
        super().__init__()
        self._members = tuple(members)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="end-cm"):
            yield Static(tr("cm_dialog.end_title"), classes="dialog-title")
            yield Static(tr("cm_dialog.end_question"), classes="dialog-text")
            with RadioSet(id="reason"):
                for reason in ENDING_REASONS:
                    yield MarkedRadioButton(reason.label, id=f"reason-{reason.value}")
            yield Static("", id="reason-error", classes="field-error")
            yield Label(tr("cm_dialog.participants"), classes="field-label")
            with Vertical(id="participants"):
                yield MarkedCheckbox(
                    tr("cm_dialog.the_client"), id="taking-part-client", compact=True
                )
                for member_id, name in self._members:
                    yield MarkedCheckbox(Text(name), id=f"taking-part-{member_id}", compact=True)
            yield Static("", id="participants-error", classes="field-error")
            yield Label(tr("cm_dialog.end_note"), classes="field-label")
            yield TextInput(id="note", max_length=200)
            yield Static("", id="note-error", classes="field-error")
            yield Static("", id="end-status")
            yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#reason", RadioSet).focus()

    def _error(self, field: str, message: str) -> None:
        error = self.query_one(f"#{field}-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    @on(Input.Submitted, "#note")
    def action_confirm(self) -> None:
        index = self.query_one("#reason", RadioSet).pressed_index
        self._error("reason", "")
        self._error("participants", "")
        self._error("note", "")
        if index < 0:
            self._error("reason", tr("cm_dialog.reason_missing"))
            self.query_one("#reason", RadioSet).focus()
            return
        reason = ENDING_REASONS[index]
        participants = EndParticipants(
            client=self.query_one("#taking-part-client", MarkedCheckbox).value,
            member_ids=frozenset(
                member_id
                for member_id, _ in self._members
                if self.query_one(f"#taking-part-{member_id}", MarkedCheckbox).value
            ),
        )
        try:
            participants.checked()
        except InvalidInput as error:
            self._error("participants", error.fields.get("participants", error.message))
            self.query_one("#taking-part-client", MarkedCheckbox).focus()
            return
        note = self.query_one("#note", Input).value
        try:
            check_end_note(reason, note)
        except InvalidInput as error:
            self._error("note", error.fields.get("note", error.message))
            self.query_one("#note", Input).focus()
            return
        self.dismiss((reason, note, participants))

    def action_cancel(self) -> None:
        self.dismiss(None)
