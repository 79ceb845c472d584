"""The yhteisasiakas (joint client) decision, made from the client summary with Y.

The dialog shows what the decision rests on: the multi-service criteria as
they stand now (the newest intake's ticks and the facts the system computed,
R7) and the previous decision, if any. The worker chooses yes or no and may
add a note; saying yes when no criterion holds needs the note. Ctrl+S saves,
Escape leaves without saving. The criteria stored with the decision are
computed again when it is saved, so they are what held at that moment.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import RadioSet, Static

from domain import formats
from domain.i18n import tr
from domain.intake import facts_lines
from domain.joint_client import (
    NOTE_MAX,
    JointClientDecision,
    JointClientView,
    check_decision,
    criterion_label,
)
from domain.use_cases.joint_client import decide_joint_client
from tui.context import AppContext
from tui.screens.form import FieldForm, refuse
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedRadioButton
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput


def decision_text(decision: JointClientDecision, decided_by: str) -> Text:
    """One decision as the summary and the dialog show it: answer, who, when, why."""
    answer = tr("joint_client.yes") if decision.joint else tr("joint_client.no")
    text = Text(answer, style="bold")
    text.append(" · " + tr("joint_client.decided", name=decided_by))
    text.append(" " + formats.date(decision.decided_at))
    reasons = [criterion_label(code) for code in decision.criteria]
    if reasons:
        text.append("\n" + tr("joint_client.criteria", reasons=", ".join(reasons)))
    if decision.note:
        text.append("\n" + tr("joint_client.note_shown", note=decision.note))
    return text


class JointClientDialog(FieldForm[JointClientDecision]):
    """Yes or no, with an optional note; dismisses with the stored decision."""

    FIELDS = ("joint", "note")

    def __init__(self, view: JointClientView, name: str, previous_by: str = "–") -> None:
        super().__init__()
        self._view = view
        self._name = name
        self._previous_by = previous_by

    def compose(self) -> ComposeResult:
        criteria = self._view.criteria
        with Vertical(classes="dialog wide", id="joint-client"):
            yield Static(tr("joint_client.title", name=self._name), classes="dialog-title")
            verdict = Text(
                tr("interview.criteria_met") if criteria.met else tr("interview.criteria_not_met"),
                style="bold",
            )
            for reason in criteria.reasons:
                verdict.append(f"\n• {reason}")
            verdict.append("\n" + tr("interview.criteria_facts") + " ")
            verdict.append("; ".join(facts_lines(self._view.facts)), style="dim")
            yield Static(verdict, id="joint-criteria", classes="dialog-text")
            if self._view.latest is not None:
                previous = Text(tr("joint_client.previous") + " ")
                previous.append_text(decision_text(self._view.latest, self._previous_by))
                yield Static(previous, id="joint-previous", classes="dialog-text")
            choice = RadioSet(
                MarkedRadioButton(tr("joint_client.yes"), id="joint-yes"),
                MarkedRadioButton(tr("joint_client.no"), id="joint-no"),
            )
            yield from self.field_row("joint", tr("joint_client.question"), choice)
            yield from self.field_row(
                "note", tr("joint_client.note"), TextInput(max_length=NOTE_MAX)
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def _typed(self) -> tuple[object, ...]:
        return (*super()._typed(), ("joint", self.query_one("#joint", RadioSet).pressed_index))

    @on(RadioSet.Changed, "#joint")
    def _chosen(self) -> None:
        self.set_error("joint", "")

    def prepared(self, context: AppContext) -> Callable[[], JointClientDecision]:
        index = self.query_one("#joint", RadioSet).pressed_index
        note = self.value("note")
        joint = index == 0
        errors = {} if index >= 0 else {"joint": tr("joint_client.choose")}
        # A missing choice and a missing note are said at once.
        refuse(errors, lambda: check_decision(joint, self._view.criteria, note))
        check_decision(joint, self._view.criteria, note)
        client_id = self._view.client_id
        return lambda: decide_joint_client(
            context.uow(),
            client_id,
            joint,
            note,
            actor=context.actor,
            clock=context.clock,
        )
