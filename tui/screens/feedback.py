"""The feedback reminder when a visit closes (R10): one key, and it is stored.

In the pilot the seeds describe, workers forgot to hand over the feedback
instructions; asking at the moment of closing, and counting the answers, is
what makes the reminder work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from domain import interview
from domain.errors import DomainError
from domain.i18n import define, tr
from tui.bindings import translate_bindings
from tui.services import Services

if TYPE_CHECKING:
    from tui.app import RinnallaApp

define(
    {
        "feedback.title": ("Palauteohje", "Feedback instructions"),
        "feedback.question": (
            "Anna asiakkaalle palauteohje. Annoitko sen?",
            "Hand the client the feedback instructions. Did you?",
        ),
        "feedback.given": ("K – Annoin", "Y – Given"),
        "feedback.not_given": ("E – En antanut", "N – Not given"),
        "key.feedback_given": ("Annettu", "Given"),
        "key.feedback_not_given": ("Ei annettu", "Not given"),
    }
)


class ReminderStored(Message):
    def __init__(self, given: bool, error: str | None) -> None:
        super().__init__()
        self.given = given
        self.error = error


class FeedbackReminder(ModalScreen[bool | None]):
    """Asks once; dismisses with the stored answer."""

    BINDINGS = [
        Binding("k", "answer(True)", "key.feedback_given"),
        Binding("y", "answer(True)", "key.feedback_given", show=False),
        Binding("e", "answer(False)", "key.feedback_not_given"),
        Binding("n", "answer(False)", "key.feedback_not_given", show=False),
    ]

    def __init__(self, visit_id: int, *, interim: bool = False) -> None:
        super().__init__()
        translate_bindings(self)
        self._visit_id = visit_id
        self._interim = interim
        self._answered = False

    @property
    def rinnalla(self) -> RinnallaApp:
        return cast("RinnallaApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="feedback-dialog"):
            yield Static(tr("feedback.title"), classes="dialog-title")
            if self._interim:
                yield Static(tr("interview.interim"), classes="dialog-text notice")
            yield Static(tr("feedback.question"), classes="dialog-text")
            yield Static("", id="feedback-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("feedback.given"), id="given", variant="primary")
                yield Button(tr("feedback.not_given"), id="not-given")

    @on(Button.Pressed, "#given")
    def _given(self) -> None:
        self.action_answer(True)

    @on(Button.Pressed, "#not-given")
    def _not_given(self) -> None:
        self.action_answer(False)

    def action_answer(self, given: bool) -> None:
        services = self.rinnalla.services
        if services is None or self._answered:
            return
        self._answered = True
        self._store(services, given)

    @work(thread=True, exclusive=True, group="feedback")
    def _store(self, services: Services, given: bool) -> None:
        try:
            interview.record_feedback_reminder(
                services.uow(), self._visit_id, given, actor=services.actor
            )
        except DomainError as error:
            self.post_message(ReminderStored(given, error.message))
        else:
            self.post_message(ReminderStored(given, None))

    @on(ReminderStored)
    def _stored(self, message: ReminderStored) -> None:
        if message.error is not None:
            self._answered = False
            error = self.query_one("#feedback-error", Static)
            error.update(message.error)
            error.display = True
            return
        self.dismiss(message.given)
