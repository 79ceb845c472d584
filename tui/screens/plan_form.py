"""Plans and assessments the client already has, recorded for the network view.

They are recorded so that overlaps show (R6): two plans of the same kind from
different organisations, or one life domain assessed twice within six months.
Only the facts needed for that are asked: what, by which organisation, when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from domain.clock import local_today
from domain.i18n import tr
from domain.intake import LifeDomain
from domain.network import (
    Assessment,
    AssessmentInput,
    AssessmentKind,
    Plan,
    PlanInput,
    PlanKind,
)
from domain.use_cases import coordination
from tui.context import AppContext
from tui.screens.form import FieldForm, refuse
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.status_line import StatusLine


class PlanForm(FieldForm[Plan]):
    """Record a plan for the client; dismisses with it, or ``None`` when cancelled."""

    FIELDS = ("kind", "organisation", "made_on", "next_review")

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self._client_id = client_id

    def compose(self) -> ComposeResult:
        kinds: Choice[PlanKind] = Choice(
            [(kind.label, kind) for kind in PlanKind],
            prompt=tr("plan_form.kind_prompt"),
            # No default: a plan counted as the wrong kind hides or invents an overlap.
            allow_blank=True,
        )
        today = local_today(self.rinnalla.clock)
        with Vertical(classes="dialog wide", id="plan-form"):
            yield Static(tr("plan_form.plan_title"), classes="dialog-title")
            yield Static(tr("plan_form.plan_text"), classes="dialog-text")
            yield from self.field_row("kind", tr("plan_form.kind"), kinds)
            yield from self.field_row(
                "organisation",
                tr("plan_form.organisation"),
                self.text_input(placeholder=tr("plan_form.organisation_hint")),
            )
            yield from self.field_row(
                "made_on", tr("plan_form.made_on"), self.date_input(today, optional=False)
            )
            yield from self.field_row(
                "next_review",
                tr("plan_form.next_review"),
                self.date_input(None, optional=True),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], Plan]:
        errors: dict[str, str] = {}
        kind = self.query_one("#kind", Select).value
        if not isinstance(kind, PlanKind):
            errors["kind"] = tr("plan_form.kind_missing")
        made_on = self.read_date("made_on", errors)
        if made_on is None and "made_on" not in errors:
            errors["made_on"] = tr("plan_form.date_missing")
        entry = PlanInput(
            client_id=self._client_id,
            kind=kind if isinstance(kind, PlanKind) else PlanKind.CLIENT,
            organisation=self.value("organisation"),
            # Without a plan date the review cannot be "before" it: no made-up message.
            made_on=made_on or dt.date.min,
            next_review=self.read_date("next_review", errors),
        )
        refuse(errors, entry.checked)
        return lambda: coordination.add_plan(context.uow(), entry, actor=context.actor)


Subject = LifeDomain | AssessmentKind


class AssessmentForm(FieldForm[Assessment]):
    """Record an assessment; dismisses with it, or ``None`` when cancelled.

    What was assessed is one choice: a kind (service need, work ability) or a
    life domain. The Select holds string keys because the two enums share
    values ("other"), and a StrEnum member equals its value.
    """

    FIELDS = ("subject", "assessor", "organisation", "made_on")

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self._client_id = client_id
        self._subjects: dict[str, Subject] = {f"kind:{kind.value}": kind for kind in AssessmentKind}
        self._subjects |= {f"domain:{domain.value}": domain for domain in LifeDomain}

    def _subject_label(self, subject: Subject) -> str:
        if isinstance(subject, LifeDomain):
            return tr("plan_form.domain_subject", label=subject.label)
        return subject.label

    def compose(self) -> ComposeResult:
        subjects: Choice[str] = Choice(
            [(self._subject_label(subject), key) for key, subject in self._subjects.items()],
            prompt=tr("plan_form.subject_prompt"),
            allow_blank=True,
        )
        today = local_today(self.rinnalla.clock)
        with Vertical(classes="dialog wide", id="assessment-form"):
            yield Static(tr("plan_form.assessment_title"), classes="dialog-title")
            yield Static(tr("plan_form.assessment_text"), classes="dialog-text")
            yield from self.field_row("subject", tr("plan_form.subject"), subjects)
            yield from self.field_row(
                "assessor",
                tr("plan_form.assessor"),
                self.text_input(placeholder=tr("plan_form.assessor_hint")),
            )
            yield from self.field_row(
                "organisation",
                tr("plan_form.organisation"),
                self.text_input(placeholder=tr("plan_form.assessment_organisation_hint")),
            )
            yield from self.field_row(
                "made_on", tr("plan_form.assessed_on"), self.date_input(today, optional=False)
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], Assessment]:
        errors: dict[str, str] = {}
        chosen = self.query_one("#subject", Select).value
        subject = self._subjects.get(chosen) if isinstance(chosen, str) else None
        made_on = self.read_date("made_on", errors)
        if made_on is None and "made_on" not in errors:
            errors["made_on"] = tr("plan_form.date_missing")
        # Neither domain nor kind chosen is refused by the domain itself (field "subject").
        entry = AssessmentInput(
            client_id=self._client_id,
            domain=subject if isinstance(subject, LifeDomain) else None,
            kind=subject if isinstance(subject, AssessmentKind) else None,
            assessor=self.value("assessor"),
            organisation=self.value("organisation"),
            made_on=made_on or dt.date.min,
        )
        refuse(errors, entry.checked)
        return lambda: coordination.add_assessment(context.uow(), entry, actor=context.actor)
