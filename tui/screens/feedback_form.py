"""Recording a client's feedback on a visit or a closed client relationship (R10, R11).

Opened from the queue (a finished visit) or from the client summary (the
latest closed case management). The score is chosen with the keys 1-5 and
reads without colour; the text is optional; ticking "anonymous" keeps the
feedback apart from the client. Ctrl+S saves, Escape asks before throwing
typed text away, and a refusal keeps everything on the form.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from domain import formats
from domain.case_management import CaseManagerAssignment
from domain.feedback import SCORES, TEXT_MAX, Feedback, score_label
from domain.i18n import N_, tr
from domain.use_cases import feedback
from domain.visits import Visit, VisitState
from tui.bindings import translate_bindings
from tui.context import AppContext
from tui.screens.form import FieldForm
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedCheckbox
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput


def visit_not_ready(visit: Visit) -> str | None:
    """Why feedback cannot be recorded on ``visit`` yet (or at all); None when it can.

    The same words as the domain's refusal, said before the form opens so that
    nobody types feedback only to have it refused.
    """
    if visit.state is VisitState.LEFT:
        return tr("feedback_record.visit_left")
    if visit.state is not VisitState.DONE:
        return tr("feedback_record.visit_open")
    return None


def visit_about(visit: Visit, name: str) -> str:
    """The form's line about a visit: whose, which day, what time."""
    return tr(
        "feedback_form.about_visit",
        name=name,
        date=formats.date(visit.arrived_at),
        time=formats.time(visit.arrived_at),
    )


def closure_about(assignment: CaseManagerAssignment, name: str, manager: str) -> str:
    """The form's line about a closure: whose, which case manager, when and why."""
    ended = assignment.ended_at
    return tr(
        "feedback_form.about_closure",
        name=name,
        manager=manager,
        date=formats.date(ended) if ended else "–",
        reason=assignment.end_reason.label if assignment.end_reason else "–",
    )


def saved_note(saved: Feedback) -> str:
    """What the screen that opened the form says once feedback was stored."""
    return tr("feedback_form.saved_anonymous") if saved.anonymous else tr("feedback_form.saved")


class ScorePicker(Widget, can_focus=True):
    """The five scores in a row; the chosen one is marked ``(●)`` and named in words.

    The mark and the words carry the choice, so it reads on a monochrome
    terminal and in a printout. Left and right step; the form's 1-5 keys
    choose directly.
    """

    DEFAULT_CSS = """
    ScorePicker {
        width: 1fr;
        height: 1;
        margin: 1 0 0 0;
        padding: 0 1;
    }
    ScorePicker:focus {
        background: $accent 40%;
    }
    ScorePicker.invalid {
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", N_("key.feedback_score_previous"), show=False),
        Binding("right", "step(1)", N_("key.feedback_score_next"), show=False),
    ]

    score: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, picker: ScorePicker, score: int | None) -> None:
            super().__init__()
            self.picker = picker
            self.score = score

        @property
        def control(self) -> ScorePicker:
            return self.picker

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def render(self) -> Text:
        text = Text()
        for score in SCORES:
            chosen = score == self.score
            text.append(f"({'●' if chosen else ' '}) {score}", style="bold" if chosen else "")
            text.append("  ")
        text.append(" ")
        if self.score is None:
            text.append(tr("feedback_form.no_score"), style="dim")
        else:
            text.append(score_label(self.score), style="bold")
        return text

    def watch_score(self, score: int | None) -> None:
        self.post_message(self.Changed(self, score))

    def action_step(self, delta: int) -> None:
        current = self.score if self.score is not None else (0 if delta > 0 else len(SCORES) + 1)
        self.score = min(max(current + delta, SCORES[0]), SCORES[-1])


class FeedbackForm(FieldForm[Feedback]):
    """Feedback for one finished visit or one closure; dismisses with what was stored.

    Build it with :meth:`for_visit` or :meth:`for_closure`. ``about`` is one line
    saying what the feedback is about (day, client, worker); it is shown
    literally.
    """

    BINDINGS = [
        Binding("1", "score(1)", N_("key.feedback_score"), key_display="1–5"),
        Binding("2", "score(2)", N_("key.feedback_score"), show=False),
        Binding("3", "score(3)", N_("key.feedback_score"), show=False),
        Binding("4", "score(4)", N_("key.feedback_score"), show=False),
        Binding("5", "score(5)", N_("key.feedback_score"), show=False),
    ]

    FIELDS = ("score", "text")

    def __init__(
        self,
        about: str,
        *,
        visit_id: int | None = None,
        closure: tuple[int, int] | None = None,
    ) -> None:
        """``closure`` is ``(client_id, assignment_id)``; give it or ``visit_id``, not both."""
        if (visit_id is None) == (closure is None):
            raise ValueError("feedback is about one visit or one closure")
        super().__init__()
        self._about = about
        self._visit_id = visit_id
        self._closure = closure

    @classmethod
    def for_visit(cls, visit_id: int, about: str) -> FeedbackForm:
        return cls(about, visit_id=visit_id)

    @classmethod
    def for_closure(cls, client_id: int, assignment_id: int, about: str) -> FeedbackForm:
        return cls(about, closure=(client_id, assignment_id))

    def compose(self) -> ComposeResult:
        title = (
            N_("feedback_form.closure_title") if self._closure else N_("feedback_form.visit_title")
        )
        with Vertical(classes="dialog wide", id="feedback-form"):
            yield Static(tr(title), classes="dialog-title")
            yield Static(Text(self._about), id="feedback-about", classes="dialog-text")
            yield from self.field_row("score", tr("feedback_form.score"), ScorePicker())
            yield from self.field_row(
                "text",
                tr("feedback_form.text"),
                TextInput(placeholder=tr("feedback_form.text_hint"), max_length=TEXT_MAX),
            )
            yield MarkedCheckbox(tr("feedback_form.anonymous"), id="anonymous")
            yield Static(
                tr("feedback_form.anonymous_hint"), id="anonymous-hint", classes="field-hint"
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    # Reading ----------------------------------------------------------------------

    @property
    def picker(self) -> ScorePicker:
        return self.query_one("#score", ScorePicker)

    def _typed(self) -> tuple[object, ...]:
        # A chosen score is something the worker would lose, as typed text is.
        return (*super()._typed(), ("score", self.picker.score))

    def action_score(self, score: int) -> None:
        self.picker.score = score

    @on(ScorePicker.Changed)
    def _score_chosen(self, event: ScorePicker.Changed) -> None:
        if event.score is not None:
            self.set_error("score", "")

    # Saving -------------------------------------------------------------------------

    def prepared(self, context: AppContext) -> Callable[[], Feedback]:
        score = self.picker.score
        text = self.value("text")
        anonymous = self.query_one("#anonymous", MarkedCheckbox).value
        closure = self._closure
        if closure is not None:
            client_id, assignment_id = closure
            return lambda: feedback.record_closure_feedback(
                context.uow(),
                assignment_id,
                score,
                text,
                anonymous,
                client_id=client_id,
                actor=context.actor,
                clock=context.clock,
            )
        visit_id = self._visit_id
        assert visit_id is not None
        return lambda: feedback.record_visit_feedback(
            context.uow(),
            visit_id,
            score,
            text,
            anonymous,
            actor=context.actor,
            clock=context.clock,
        )
