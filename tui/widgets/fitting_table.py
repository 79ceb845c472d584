"""A table that never needs scrolling sideways: its columns narrow to its width.

At 80 columns a table laid out for 120 would hide its right-hand columns (the
queue's urgency and state) where a keyboard-only worker never scrolls to them.
:class:`FittingTable` narrows its widest columns instead, never below their
header, and a line under the table gives the highlighted row's cut cells in
full, so nothing shown at 120 columns is lost at 80. A column added with
``droppable=True`` (the queue's referral channel) is left out first, before
any other narrows: it has room at 120 columns, and under the table at 80.
"""

from __future__ import annotations

from typing import Any, Self

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets._data_table import CellType, ColumnKey, RowRenderables

MIN_COLUMN = 3
"""Narrowest a column gets, even under a shorter header."""


class FittingTable(DataTable[CellType]):
    """A :class:`DataTable` whose columns are narrowed, widest first, to its width."""

    # Never a sideways scroll bar: the columns fit. (One left over from a moment's
    # narrower layout would also take a line, and with it bring a vertical one.)
    DEFAULT_CSS = """
    FittingTable {
        overflow-x: hidden;
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wanted: dict[ColumnKey, int | None] = {}
        """Each column's width as added (None: as wide as its content)."""
        self._droppable: list[ColumnKey] = []
        """Columns left out (width 0) when the others do not fit, the last first."""
        self._detail = Static("", classes="row-detail")
        self._detail.display = False
        self._detail_shown = ""

    def add_column(
        self, label: Any, *, width: int | None = None, droppable: bool = False, **kwargs: Any
    ) -> ColumnKey:
        key = super().add_column(label, width=width, **kwargs)
        self._wanted[key] = width
        if droppable:
            self._droppable.insert(0, key)
        return key

    def clear(self, columns: bool = False) -> Self:
        super().clear(columns)
        if columns:
            self._wanted.clear()
            self._droppable.clear()
        return self

    def on_mount(self) -> None:
        # The cut cells' line goes right under the table, in the same container.
        if isinstance(self.parent, Widget):
            self.parent.mount(self._detail, after=self)

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    async def _on_idle(self, event: events.Idle) -> None:
        await super()._on_idle(event)
        # New rows are measured here: a wider name may need the columns narrowed again.
        self._fit()
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _room(self) -> int:
        """Cells the columns may take: the table's width less its scroll bar, if the
        rows need one (counted whether or not it shows yet, so the columns do not
        widen and narrow again as it comes and goes)."""
        # From the size just given, not the region (that comes with the next layout).
        gutter = self.styles.gutter
        room = self.size.width - gutter.width - self._row_label_column_width
        rows = self._total_row_height + (self.header_height if self.show_header else 0)
        if rows > self.size.height - gutter.height:
            room -= self.styles.scrollbar_size_vertical
        return room

    def _natural(self, key: ColumnKey) -> int:
        wanted = self._wanted.get(key)
        column = self.columns[key]
        return column.content_width if wanted is None else wanted

    def _fit(self) -> None:
        """Give each column its own width, or, if they do not all fit, leave out the
        droppable columns, then narrow the widest ones a cell at a time (never below
        the header) until they do."""
        if not self.columns or not self.size.width:
            return
        padding = 2 * self.cell_padding
        widths = {key: self._natural(key) for key in self.columns}
        least = {
            key: max(MIN_COLUMN, column.label.cell_len) for key, column in self.columns.items()
        }
        room = self._room() - padding * len(widths)
        excess = sum(widths.values()) - room
        for key in self._droppable:
            if excess <= 0:
                break
            excess -= widths[key]
            widths[key] = least[key] = 0
        while excess > 0:
            narrowable = [key for key in widths if widths[key] > least[key]]
            if not narrowable:
                break
            widest = max(narrowable, key=lambda key: widths[key])
            widths[widest] -= 1
            excess -= 1
        changed = False
        for key, column in self.columns.items():
            auto = self._wanted.get(key) is None and widths[key] >= column.content_width
            # The width too when the column is as wide as its content: rows that
            # came after the last fit made it wider, and a stale width cut it
            # ("Käyt" for "Käytössä").
            if column.auto_width != auto or column.width != widths[key]:
                column.auto_width = auto
                column.width = widths[key]
                changed = True
        if changed:
            self._clear_caches()
            self._update_dimensions([])  # the scrollable width, now
            self.refresh()

    def _compute_row_renderables(self, row_index: int) -> RowRenderables:
        """A cell its narrowed column cuts ends in "…", so that the cut shows."""
        row = super()._compute_row_renderables(row_index)
        if row_index < 0:
            return row
        cells: list[RenderableType] = []
        for column, cell in zip(self.ordered_columns, row.cells, strict=False):
            if isinstance(cell, Text) and not column.auto_width and cell.cell_len > column.width:
                cell = cell.copy()
                cell.no_wrap = True
                cell.overflow = "ellipsis"
            cells.append(cell)
        return RowRenderables(row.label, cells)

    def cut_cells(self) -> list[tuple[str, str]]:
        """The highlighted row's cells its column is too narrow for: (header, text)."""
        if not self.row_count or not 0 <= self.cursor_row < self.row_count:
            return []
        cells = self.get_row_at(self.cursor_row)
        cut: list[tuple[str, str]] = []
        for column, cell in zip(self.ordered_columns, cells, strict=False):
            if column.auto_width:
                continue
            text = cell if isinstance(cell, Text) else Text(str(cell))
            if text.cell_len > column.width and text.plain.strip():
                cut.append((column.label.plain, text.plain))
        return cut

    def _show_detail(self) -> None:
        cut = self.cut_cells()
        line = Text(" · ").join(
            Text.assemble((f"{label}: ", "bold"), value) for label, value in cut
        )
        if line.plain != self._detail_shown:
            self._detail_shown = line.plain
            self._detail.update(line)
            self._detail.display = bool(cut)
