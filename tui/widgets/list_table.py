"""The table every list on Rinnalla's screens is: it fits the screen's width
(:class:`~tui.widgets.fitting_table.FittingTable`), and Home and End go to the
first and last row.

Textual's ``DataTable`` binds Home and End to the leftmost and rightmost column,
which with a row cursor only scrolls sideways (or does nothing), and moves to
the first and last row only on Ctrl+Home and Ctrl+End. A worker in a list of
forty visitors presses Home for the first one, as in any list; PageUp and
PageDown already move the cursor by a page.
"""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets._data_table import CellType, RowDoesNotExist

from tui.widgets.fitting_table import FittingTable


class ListTable(FittingTable[CellType]):
    """``DataTable`` whose Home and End move a row cursor to the first and last row.

    A table with a cell or column cursor keeps Textual's meaning (the first and
    last column); one with no cursor (a breakdown to read) scrolls to its top
    and bottom.
    """

    def action_scroll_home(self) -> None:
        if self.cursor_type == "row" or not self.show_cursor:
            self.action_scroll_top()
        else:
            super().action_scroll_home()

    def action_scroll_end(self) -> None:
        if self.cursor_type == "row" or not self.show_cursor:
            self.action_scroll_bottom()
        else:
            super().action_scroll_end()


def keep_row(table: DataTable[CellType], key: str) -> None:
    """Put the cursor back on the row ``key`` after the table was filled again.

    A list reloads when the worker comes back to it (from a network, an
    agenda); the cursor stays on the same client or meeting, wherever its row
    now is. A row that is gone leaves the cursor where the refill left it.
    """
    try:
        row = table.get_row_index(key)
    except RowDoesNotExist:
        return
    table.move_cursor(row=row)
