"""The referrals tab: each referral with its state and the last change's who and when."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import DataTable, TabPane

from domain import formats
from domain.clock import HELSINKI, Clock
from domain.i18n import tr
from domain.referrals import Referral
from tui.screens.network_tabs.columns import add_columns
from tui.widgets.list_table import ListTable

COLUMNS = (("target", 26), ("made", 11), ("expected", 11), ("state", 16), ("changed", None))


class ReferralsTab(TabPane):
    """The bound referrals, newest first; a late one says so in words."""

    referrals: reactive[list[Referral]] = reactive(list)

    def __init__(self, title: str, clock: Clock, *, id: str) -> None:  # noqa: A002
        super().__init__(title, id=id)
        self._clock = clock

    def compose(self) -> ComposeResult:
        yield ListTable(id="referrals-table", cursor_type="row")

    def on_mount(self) -> None:
        add_columns(self.query_one("#referrals-table", DataTable), COLUMNS)

    def watch_referrals(self, found: list[Referral]) -> None:
        today = self._clock.now().astimezone(HELSINKI).date()
        table = self.query_one("#referrals-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for referral in found:
            state = referral.state.label
            if referral.past_due(today):
                state = "! " + tr("network.referral_late")
            elif referral.next_action is not None:
                state += " · " + referral.next_action.label
            change = referral.last_change
            changed = (
                tr(
                    "network.referral_changed",
                    date=formats.date(change.at),
                    reached=formats.date(referral.reached_on) if referral.reached_on else "–",
                )
                if change is not None
                else tr("network.referral_from", source=referral.source.label)
            )
            table.add_row(
                Text(referral.target),
                Text(formats.date(referral.made_at)),
                Text(formats.date(referral.expected_on)),
                Text(state, style="bold" if referral.past_due(today) else ""),
                Text(changed),
                key=str(referral.id),
            )
        if found:
            table.move_cursor(row=min(max(keep, 0), len(found) - 1))

    def highlighted(self) -> Referral | None:
        """The referral under the cursor, when there are any."""
        table = self.query_one("#referrals-table", DataTable)
        if 0 <= table.cursor_row < len(self.referrals):
            return self.referrals[table.cursor_row]
        return None
