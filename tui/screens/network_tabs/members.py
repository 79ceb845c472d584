"""The members tab: everyone in the client's network, the case manager marked."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import DataTable, TabPane

from domain import formats
from domain.network import ClientNetwork, NetworkMember, NetworkRole
from tui.screens.network_tabs.columns import add_columns
from tui.widgets.list_table import ListTable, keep_row

COLUMNS = (("name", 26), ("roles", 30), ("sector", 18), ("organisation", 24), ("reach", None))


class MembersTab(TabPane):
    """The members of the bound network, one row each, keyed by the member's id."""

    network: reactive[ClientNetwork | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield ListTable(id="members-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        add_columns(self.query_one("#members-table", DataTable), COLUMNS)

    def watch_network(self, network: ClientNetwork | None) -> None:
        if network is None:
            return
        table = self.query_one("#members-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for member in network.members:
            roles = network.roles_of(member)
            labels = [
                role.label.upper() if role is NetworkRole.CASE_MANAGER else role.label.lower()
                for role in NetworkRole
                if role in roles
            ]
            period = " – ".join(
                formats.date(day) if day else "" for day in (member.since, member.until)
            ).strip(" –")
            reach = member.professional.reach if member.professional else member.phone
            style = "bold" if NetworkRole.CASE_MANAGER in roles else ""
            table.add_row(
                Text(
                    ("★ " if NetworkRole.CASE_MANAGER in roles else "") + member.name, style=style
                ),
                Text(", ".join(labels), style=style),
                Text(member.sector.label),
                Text(member.organisation),
                Text(" ".join(part for part in (reach, period) if part)),
                key=str(member.id),
            )
        if network.members:
            table.move_cursor(row=min(max(keep, 0), len(network.members) - 1))

    def highlighted(self) -> NetworkMember | None:
        """The member under the cursor, when the list has any."""
        table = self.query_one("#members-table", DataTable)
        if self.network is not None and 0 <= table.cursor_row < len(self.network.members):
            return self.network.members[table.cursor_row]
        return None

    def highlight(self, member_id: int) -> None:
        """Put the cursor on ``member_id`` (just saved), once the reload has shown it."""
        keep_row(self.query_one("#members-table", DataTable), str(member_id))
