"""The history tab: every case manager the client has had, and why each ended."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import DataTable, TabPane

from domain import formats
from domain.i18n import tr
from domain.network import ClientNetwork
from tui.screens.case_manager import decision_parts
from tui.screens.network_tabs.columns import add_columns
from tui.widgets.list_table import ListTable

COLUMNS = (("name", 28), ("started", 12), ("ended", 12), ("reason", None))


class HistoryTab(TabPane):
    """The case manager assignments of the bound network, the active one starred."""

    network: reactive[ClientNetwork | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield ListTable(id="history-table", cursor_type="row")

    def on_mount(self) -> None:
        add_columns(self.query_one("#history-table", DataTable), COLUMNS)

    def watch_network(self, network: ClientNetwork | None) -> None:
        if network is None:
            return
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for view in network.history:
            assignment = view.assignment
            name = view.professional.name + (tr("network.interim") if assignment.interim else "")
            reason = assignment.end_reason.label if assignment.end_reason else ""
            if assignment.end_note:
                reason = f"{reason}: {assignment.end_note}" if reason else assignment.end_note
            reason = " · ".join(part for part in (reason, *decision_parts(assignment)) if part)
            table.add_row(
                Text(("★ " if assignment.active else "") + name),
                Text(formats.date(assignment.started_at)),
                Text(formats.date(assignment.ended_at) if assignment.ended_at else "–"),
                Text(reason),
            )
