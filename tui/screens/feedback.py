"""The feedback reminder when a visit or a client relationship closes (R10).

One key, and it is stored. In the pilot the seeds describe, workers forgot to
hand over the feedback instructions; asking at the moment of closing, and
counting the answers, is what makes the reminder work. The question is the
same for a finished visit and for case management ended without a successor,
so that the worker learns one habit.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.use_cases import feedback, interview
from tui.context import AppContext
from tui.screens.base import RinnallaDialog


class ReminderStored(Message):
    def __init__(self, given: bool, error: str | None) -> None:
        super().__init__()
        self.given = given
        self.error = error


class FeedbackReminder(RinnallaDialog[bool | None]):
    """Asks once; dismisses with the stored answer.

    ``FeedbackReminder(visit_id)`` at the end of a visit;
    ``FeedbackReminder.for_closure(client_id, assignment_id)`` when case
    management ended without a successor.
    """

    BINDINGS = [
        # Every language's letters answer in every language (a Finnish worker on an
        # English screen still types k); the footer shows the screen language's.
        Binding("k", "answer(True)", N_("key.feedback_given"), show=False),
        Binding("y", "answer(True)", N_("key.feedback_given"), show=False),
        Binding("j", "answer(True)", N_("key.feedback_given"), show=False),
        Binding("e", "answer(False)", N_("key.feedback_not_given"), show=False),
        Binding("n", "answer(False)", N_("key.feedback_not_given"), show=False),
    ]

    def __init__(
        self,
        visit_id: int | None,
        *,
        interim: bool = False,
        closure: tuple[int, int] | None = None,
    ) -> None:
        """``closure`` is ``(client_id, assignment_id)``; give it or ``visit_id``, not both."""
        super().__init__()
        if (visit_id is None) == (closure is None):
            raise ValueError("a reminder is for one visit or one closure")
        self._show_answer_keys()
        self._visit_id = visit_id
        self._closure = closure
        self._interim = interim
        self._answered = False

    def _show_answer_keys(self) -> None:
        """The letters the buttons name in this language ("J – Ja"), shown in the footer
        and bound even when no list above has them (a new language's own)."""
        keys = dict(self._bindings.key_to_bindings)
        for letter, action, label in (
            (tr("feedback.key_given"), "answer(True)", tr("key.feedback_given")),
            (tr("feedback.key_not_given"), "answer(False)", tr("key.feedback_not_given")),
        ):
            keys[letter] = [Binding(letter, action, label)]
        self._bindings = BindingsMap.from_keys(keys)

    @classmethod
    def for_closure(cls, client_id: int, assignment_id: int) -> FeedbackReminder:
        """The reminder after case management ended without a successor."""
        return cls(None, closure=(client_id, assignment_id))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="feedback-dialog"):
            yield Static(tr("feedback.title"), classes="dialog-title")
            if self._interim:
                yield Static(tr("interview.interim"), classes="dialog-text notice")
            yield Static(tr("feedback.question"), classes="dialog-text")
            later = N_("feedback.later_closure") if self._closure else N_("feedback.later_visit")
            yield Static(tr(later), classes="dialog-text feedback-later")
            yield Static("", id="feedback-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                given = tr("feedback.key_given").upper() + " – " + tr("feedback.given")
                not_given = tr("feedback.key_not_given").upper() + " – " + tr("feedback.not_given")
                yield Button(given, id="given", variant="primary")
                yield Button(not_given, id="not-given")

    @on(Button.Pressed, "#given")
    def _given(self) -> None:
        self.action_answer(True)

    @on(Button.Pressed, "#not-given")
    def _not_given(self) -> None:
        self.action_answer(False)

    def action_answer(self, given: bool) -> None:
        if self._answered:
            return
        self._answered = True
        self._store(self.context, given)

    @work(thread=True, exclusive=True, group="feedback")
    def _store(self, context: AppContext, given: bool) -> None:
        try:
            if self._closure is not None:
                client_id, assignment_id = self._closure
                feedback.record_closure_reminder(
                    context.uow(), assignment_id, given, client_id=client_id, actor=context.actor
                )
            else:
                assert self._visit_id is not None
                interview.record_feedback_reminder(
                    context.uow(), self._visit_id, given, actor=context.actor
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
