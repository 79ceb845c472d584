"""Service need assessments: making one pending, and marking it started (R9).

Both are one date each, so both are small forms on the common form ground
(:mod:`tui.screens.form`): the date is typed as d.m.yyyy with today filled in,
a mistake shows at the field and everything typed stays. Making pending also
shows the due date the typed day would give, so the worker sees which deadline
applies before saving.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from domain import formats
from domain.clients import Client
from domain.clock import local_today, parse_date
from domain.errors import InvalidInput
from domain.i18n import N_, tr
from domain.need_assessment import DeadlineRules, PendingAssessment, due_date, is_statutory
from domain.use_cases import need_assessment
from domain.use_cases.need_assessment import MAX_DAYS_BACK
from tui.context import AppContext
from tui.screens.form import FieldForm
from tui.widgets.footer import KeyFooter
from tui.widgets.status_line import StatusLine


class MakePendingForm(FieldForm[PendingAssessment]):
    """The day the matter became pending (today by default); dismisses with the record."""

    FIELDS = ("pending_since",)

    def __init__(self, client: Client, rules: DeadlineRules) -> None:
        super().__init__()
        self._client = client
        self._rules = rules

    def compose(self) -> ComposeResult:
        today = local_today(self.rinnalla.clock)
        with Vertical(classes="dialog wide", id="pending-form"):
            yield Static(tr("pending_form.pending_title"), classes="dialog-title")
            yield Static(tr("pending_form.pending_text"), classes="dialog-text")
            yield from self.field_row(
                "pending_since", tr("pending_form.since"), self.date_input(today, optional=False)
            )
            yield Static(self._preview(today), id="pending-preview", classes="dialog-text")
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def _preview(self, since: dt.date | None) -> Text:
        """Which deadline the typed day gives; nothing while the date is unfinished
        or one that saving would refuse anyway (the message comes then, at the field)."""
        today = local_today(self.rinnalla.clock)
        if since is None or since > today or (today - since).days > MAX_DAYS_BACK:
            return Text("")
        statutory = is_statutory(self._client, since)
        due = due_date(self._client, since, self._rules)
        key, days = (
            (N_("pending_form.preview_statutory"), self._rules.statutory_working_days)
            if statutory
            else (N_("pending_form.preview_target"), self._rules.target_working_days)
        )
        return Text(tr(key, due=formats.date(due), days=days))

    @on(Input.Changed, "#pending_since")
    def _since_changed(self, event: Input.Changed) -> None:
        try:
            day = parse_date(event.value)
        except ValueError:
            day = None
        self.query_one("#pending-preview", Static).update(self._preview(day))

    def prepared(self, context: AppContext) -> Callable[[], PendingAssessment]:
        errors: dict[str, str] = {}
        since = self.read_date("pending_since", errors)
        if since is None and not errors:
            errors["pending_since"] = tr("pending_form.date_missing")
        if errors:
            raise InvalidInput(errors)
        client_id = self._client.id
        rules = self._rules
        return lambda: need_assessment.make_pending(
            context.uow(), client_id, since, rules, actor=context.actor, clock=context.clock
        )


class StartedForm(FieldForm[PendingAssessment]):
    """The day the assessment started (today by default); dismisses with the record."""

    FIELDS = ("started_on",)

    def __init__(self, pending: PendingAssessment) -> None:
        super().__init__()
        self._pending = pending

    def compose(self) -> ComposeResult:
        today = local_today(self.rinnalla.clock)
        pending = self._pending
        with Vertical(classes="dialog wide", id="started-form"):
            yield Static(tr("pending_form.started_title"), classes="dialog-title")
            yield Static(
                tr(
                    "pending_form.started_text",
                    since=formats.date(pending.pending_since),
                    due=formats.date(pending.due_on),
                ),
                classes="dialog-text",
            )
            yield from self.field_row(
                "started_on", tr("pending_form.started_on"), self.date_input(today, optional=False)
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], PendingAssessment]:
        errors: dict[str, str] = {}
        started_on = self.read_date("started_on", errors)
        if started_on is None and not errors:
            errors["started_on"] = tr("pending_form.date_missing")
        if errors:
            raise InvalidInput(errors)
        pending = self._pending
        return lambda: need_assessment.mark_started(
            context.uow(),
            pending.id,
            started_on,
            pending.version,
            actor=context.actor,
            clock=context.clock,
            client_id=pending.client_id,
        )
