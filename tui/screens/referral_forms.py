"""Referrals from the keyboard: making one, and recording what happened to it.

Both are forms on the common ground (:mod:`tui.screens.form`). A new referral
goes to a catalogue service, or to a professional or organisation typed by
name, with the day the first contact is expected by (the organisation's
follow-up days from today, filled in). Recording a state offers only the
states the referral can move to; "reached" asks the day of the first contact
and "not reached" what happens next, so that a client the service did not
reach is never just left there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from domain import formats, referrals
from domain.catalogue import Service
from domain.clock import local_today
from domain.errors import InvalidInput
from domain.i18n import tr
from domain.referrals import (
    TRANSITIONS,
    NewReferral,
    NextAction,
    Referral,
    ReferralRules,
    ReferralState,
    expected_by,
)
from domain.use_cases import referrals as referrals_cases
from tui.context import AppContext
from tui.screens.form import FieldForm, refuse
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.status_line import StatusLine


class ReferralForm(FieldForm[Referral]):
    """Refer the client; dismisses with the referral, or ``None`` when cancelled."""

    FIELDS = ("service", "target", "expected")

    def __init__(self, client_id: int, services: Sequence[Service], rules: ReferralRules) -> None:
        super().__init__()
        self._client_id = client_id
        self._services = [service for service in services if service.active]
        self._rules = rules

    def compose(self) -> ComposeResult:
        choices: Choice[int] = Choice(
            [(service.name, service.id) for service in self._services],
            prompt=tr("referral_form.service_prompt"),
            allow_blank=True,
            type_to_open=True,
        )
        today = local_today(self.rinnalla.clock)
        with Vertical(classes="dialog wide", id="referral-form"):
            yield Static(tr("referral_form.title"), classes="dialog-title")
            yield Static(
                tr("referral_form.text", days=self._rules.follow_up_days), classes="dialog-text"
            )
            yield from self.field_row("service", tr("referral_form.service"), choices)
            yield from self.field_row(
                "target",
                tr("referral_form.target"),
                self.text_input(placeholder=tr("referral_form.target_hint")),
            )
            yield from self.field_row(
                "expected",
                tr("referral_form.expected"),
                self.date_input(expected_by(today, self._rules), optional=False),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], Referral]:
        errors: dict[str, str] = {}
        chosen = self.query_one("#service", Select).value
        service_id = chosen if isinstance(chosen, int) else None
        expected = self.read_date("expected", errors)
        if expected is None and "expected" not in errors:
            errors["expected"] = tr("referral_form.date_missing")
        entry = NewReferral(
            client_id=self._client_id,
            service_id=service_id,
            target=self.value("target"),
            expected_on=expected,
        )
        today = local_today(context.clock)
        refuse(errors, lambda: entry.checked(today))
        entry.checked(today)
        rules = context.referrals
        return lambda: referrals_cases.make_referral(
            context.uow(),
            entry,
            actor=context.actor,
            clock=context.clock,
            rules=rules,
            organisation=context.organisation,
        )


class ReferralStateForm(FieldForm[Referral]):
    """Record what happened to a referral; dismisses with it, or ``None`` when cancelled."""

    FIELDS = ("state", "reached_on", "next_action", "note")

    def __init__(self, referral: Referral, client_name: str | None = None) -> None:
        super().__init__()
        self._referral = referral
        self._client_name = client_name

    def compose(self) -> ComposeResult:
        referral = self._referral
        states: Choice[ReferralState] = Choice(
            [
                (state.label, state)
                for state in ReferralState
                if state in TRANSITIONS[referral.state]
            ],
            prompt=tr("referral_form.state_prompt"),
            allow_blank=True,
        )
        actions: Choice[NextAction] = Choice(
            [(action.label, action) for action in NextAction],
            prompt=tr("referral_form.next_prompt"),
            allow_blank=True,
        )
        today = local_today(self.rinnalla.clock)
        about = tr(
            "referral_form.about",
            target=referral.target,
            made=formats.date(referral.made_at),
            expected=formats.date(referral.expected_on),
            state=referral.state.label,
        )
        if self._client_name:
            about = self._client_name + " · " + about
        with Vertical(classes="dialog wide", id="referral-state-form"):
            yield Static(tr("referral_form.state_title"), classes="dialog-title")
            yield Static(Text(about), classes="dialog-text")
            yield from self.field_row("state", tr("referral_form.state"), states)
            yield from self.field_row(
                "reached_on",
                tr("referral_form.reached_on"),
                self.date_input(today, optional=False),
                shown=False,
            )
            yield from self.field_row(
                "next_action", tr("referral_form.next_action"), actions, shown=False
            )
            yield from self.field_row(
                "note",
                tr("referral_form.note"),
                self.text_input(placeholder=tr("referral_form.note_hint")),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    @on(Select.Changed, "#state")
    def _state_chosen(self, event: Select.Changed) -> None:
        """Show the day of first contact for "reached", the next action for "not reached"."""
        self.query_one("#reached_on-row").display = event.value is ReferralState.REACHED
        self.query_one("#next_action-row").display = event.value is ReferralState.NOT_REACHED

    def prepared(self, context: AppContext) -> Callable[[], Referral]:
        errors: dict[str, str] = {}
        state = self.query_one("#state", Select).value
        if not isinstance(state, ReferralState):
            raise InvalidInput({"state": tr("referral_form.state_missing")})
        chosen = self.query_one("#next_action", Select).value
        next_action = chosen if isinstance(chosen, NextAction) else None
        reached_on = (
            self.read_date("reached_on", errors) if state is ReferralState.REACHED else None
        )
        referral = self._referral
        today = local_today(context.clock)
        refuse(
            errors,
            lambda: referrals.check_change(
                referral, state, next_action=next_action, reached_on=reached_on, today=today
            ),
        )
        referrals.check_change(
            referral, state, next_action=next_action, reached_on=reached_on, today=today
        )
        note = self.value("note")
        return lambda: referrals_cases.record_state(
            context.uow(),
            referral.id,
            state,
            referral.version,
            next_action=next_action,
            reached_on=reached_on,
            note=note,
            actor=context.actor,
            clock=context.clock,
        )
