"""The plans tab: pending service need assessments (R9), the plans and the assessments.

Above the plans is what decides a service need assessment's deadline: whether
the highest care allowance is recorded, the limit a new matter would get, and
each assessment that became pending. Words, not colour, say what is late
("! MYÖHÄSSÄ"): the screen may be read without colour.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Static, TabPane

from domain import formats
from domain.clock import HELSINKI, Clock
from domain.i18n import N_, tr
from domain.need_assessment import (
    DeadlineRules,
    PendingAssessment,
    is_statutory,
    status_text,
    working_days_left,
)
from domain.network import ClientNetwork
from tui.screens.network_tabs.columns import add_columns
from tui.widgets.list_table import ListTable

PENDING_COLUMNS = (
    ("pending_since", 16),
    ("due", 12),
    ("basis", 14),
    ("started_on", 12),
    ("state", None),
)
PLAN_COLUMNS = (("kind", 26), ("organisation", 30), ("made_on", 12), ("next_review", None))
ASSESSMENT_COLUMNS = (("subject", 26), ("organisation", 30), ("assessor", 24), ("made_on", None))


class PlansTab(TabPane):
    """The bound network's plans and assessments, and the bound pending assessments."""

    network: reactive[ClientNetwork | None] = reactive(None)
    pending: reactive[list[PendingAssessment]] = reactive(list)
    """The client's pending service need assessments, newest first."""

    def __init__(self, title: str, clock: Clock, rules: DeadlineRules, *, id: str) -> None:  # noqa: A002
        super().__init__(title, id=id)
        self._clock = clock
        self._rules = rules

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="plans-scroll"):
            yield Static(tr("network.pending_title"), classes="section-title")
            yield Static("", id="pending-facts")
            yield ListTable(id="pending-table", cursor_type="row")
            yield Static(tr("network.plans"), classes="section-title")
            yield ListTable(id="plans-table", cursor_type="row")
            yield Static(tr("network.assessments"), classes="section-title")
            yield ListTable(id="assessments-table", cursor_type="row")

    def on_mount(self) -> None:
        add_columns(self.query_one("#plans-table", DataTable), PLAN_COLUMNS)
        add_columns(self.query_one("#assessments-table", DataTable), ASSESSMENT_COLUMNS)
        add_columns(self.query_one("#pending-table", DataTable), PENDING_COLUMNS)

    def watch_network(self, network: ClientNetwork | None) -> None:
        if network is None:
            return
        self._fill_plans(network)
        self._fill_pending(network)

    def watch_pending(self) -> None:
        if self.network is not None:
            self._fill_pending(self.network)

    def _fill_plans(self, network: ClientNetwork) -> None:
        plans = self.query_one("#plans-table", DataTable)
        plans.clear()
        for plan in network.plans:
            plans.add_row(
                Text(plan.kind.label),
                Text(plan.organisation),
                Text(formats.date(plan.made_on)),
                Text(formats.date(plan.next_review) if plan.next_review else "–"),
            )
        assessments = self.query_one("#assessments-table", DataTable)
        assessments.clear()
        for assessment in network.assessments:
            assessments.add_row(
                Text(assessment.subject),
                Text(assessment.organisation),
                Text(assessment.assessor or "–"),
                Text(formats.date(assessment.made_on)),
            )

    def _fill_pending(self, network: ClientNetwork) -> None:
        """The allowance, the limit a new matter would get, and each pending assessment."""
        client = network.client
        pending = self.pending
        today = self._clock.now().astimezone(HELSINKI).date()
        facts = Text(
            tr(
                N_("network.allowance_yes")
                if client.highest_care_allowance
                else N_("network.allowance_no")
            ),
            style="bold" if client.highest_care_allowance else "",
        )
        facts.append(" · ")
        if is_statutory(client, today):
            facts.append(tr("network.rule_statutory", days=self._rules.statutory_working_days))
        else:
            facts.append(tr("network.rule_target", days=self._rules.target_working_days))
        if not pending:
            facts.append("\n" + tr("network.no_pending"), style="dim")
        self.query_one("#pending-facts", Static).update(facts)
        table = self.query_one("#pending-table", DataTable)
        keep = table.cursor_row
        table.clear()
        table.display = bool(pending)
        for item in pending:
            table.add_row(
                Text(formats.date(item.pending_since)),
                Text(formats.date(item.due_on)),
                Text(
                    tr("network.basis_statutory") if item.statutory else tr("network.basis_target")
                ),
                Text(formats.date(item.started_on) if item.started_on else "–"),
                _pending_state(item, today),
                key=str(item.id),
            )
        if pending:
            table.move_cursor(row=min(max(keep, 0), len(pending) - 1))

    def pending_to_start(self) -> PendingAssessment | None:
        """The highlighted assessment when the list has the focus, else the open one."""
        table = self.query_one("#pending-table", DataTable)
        if table.has_focus and 0 <= table.cursor_row < len(self.pending):
            return self.pending[table.cursor_row]
        return next((item for item in self.pending if item.started_on is None), None)


def _pending_state(item: PendingAssessment, today: dt.date) -> Text:
    if item.started_on is not None:
        late = item.started_on > item.due_on
        return Text(tr("network.started_late") if late else tr("network.started_in_time"))
    left = working_days_left(item.due_on, today)
    if left < 0:
        return Text(f"! {status_text(left)}", style="bold")
    return Text(status_text(left), style="bold" if left == 0 else "")
