"""Reports (F5): the indicators of R11 for a month, a quarter or a chosen range.

The service owner reads each figure beside its trend over the periods before,
asks for a definition with one key, and takes the report to Excel or another
program as a file. The figures are counted by the database in a worker, so
the screen stays responsive while a quarter of a region's visits is counted.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from domain.clock import local_today
from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.indicators import TREND_LENGTH, Figure, Report, Table, Unit
from domain.moti import Team
from domain.report_export import (
    ReportFormat,
    cell_text,
    display_number,
    export_report,
    report_file_name,
)
from domain.reports import Period, PeriodKind
from domain.system_text import os_reason
from domain.use_cases.indicators import add_trend, build_report
from tui.context import AppContext
from tui.export_delivery import ExportFile, HandedOver, hand_over
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.screens.report_dialogs import DefinitionScreen, ExportChoice, RangeForm
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: tuple[float | None, ...]) -> str:
    """The trend as block characters, oldest first; a gap is a space (no figure)."""
    known = [value for value in values if value is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    marks = []
    for value in values:
        if value is None:
            marks.append(" ")
        elif span == 0:
            marks.append(SPARKS[0])
        else:
            marks.append(SPARKS[round((value - low) / span * (len(SPARKS) - 1))])
    return "".join(marks)


COLUMN_WIDTHS = {"name": 40, "value": 8, "unit": 28, "previous": 9, "trend": 18}
"""The indicator table's columns; every language's headers and names fit them, so
nothing is cut at 120 columns (a test holds each catalogue to them)."""


def column_labels() -> dict[str, tuple[str, int]]:
    """Each column's header in the current language, with its width."""
    headers = {
        "name": tr("reports.col.indicator"),
        "value": tr("reports.col.value"),
        "unit": tr("reports.col.unit"),
        "previous": tr("reports.col.previous"),
        "trend": tr("reports.col.trend", count=TREND_LENGTH),
    }
    return {key: (headers[key], COLUMN_WIDTHS[key]) for key in COLUMN_WIDTHS}


class ReportReady(Message, bubble=False):
    def __init__(self, report: Report, teams: list[Team], *, complete: bool) -> None:
        super().__init__()
        self.report = report
        self.teams = teams
        self.complete = complete
        """False while the trend is still being counted."""


class ReportExported(Message, bubble=False):
    def __init__(self, handed_over: HandedOver | None, reason: str = "") -> None:
        super().__init__()
        self.handed_over = handed_over
        self.reason = reason


class ReportsScreen(RinnallaScreen[None]):
    """Indicators above, the highlighted indicator's breakdown below."""

    BINDINGS = [
        Binding("i", "definition", N_("key.reports_definition"), id="reports_definition"),
        Binding("t", "toggle_kind", N_("key.reports_kind"), id="reports_kind"),
        Binding("a", "custom_range", N_("key.reports_range"), id="reports_range"),
        Binding(
            "minus", "previous", N_("key.reports_previous"), key_display="-", id="reports_prev"
        ),
        Binding("plus", "next", N_("key.reports_next"), key_display="+", id="reports_next"),
        Binding("j", "next_team", N_("key.reports_team"), id="reports_team"),
        Binding("e", "export", N_("key.reports_export"), id="reports_export"),
        Binding("escape", "back", N_("key.reports_back"), id="reports_back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._period: Period | None = None
        self._team_id: int | None = None
        self._teams: list[Team] = []
        self._report: Report | None = None
        self._complete = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="reports"):
            yield Static(tr("reports.counting"), id="reports-heading")
            yield ListTable(id="indicators", cursor_type="row", zebra_stripes=True)
            yield Static("", id="breakdown-title")
            yield ListTable(id="breakdown", cursor_type="row", show_cursor=False)
            yield Static(tr("reports.hint"), id="reports-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = tr("reports.title")
        table = self.query_one("#indicators", ListTable)
        for key, (label, width) in column_labels().items():
            # At 80 columns the unit gives way to the figures and the trend; the line
            # under the table gives it for the highlighted indicator.
            table.add_column(label, width=width, key=key, droppable=key == "unit")
        table.focus()
        self._period = Period.month_of(local_today(self.context.clock))
        self.load()

    # Loading ------------------------------------------------------------------------

    def load(self) -> None:
        if self._period is None:
            return
        self._report = None
        self._complete = False
        self.query_one("#reports-heading", Static).update(tr("reports.counting"))
        self._count(self.context, self._period, self._team_id)

    @work(thread=True, exclusive=True, group="reports")
    def _count(self, context: AppContext, period: Period, team_id: int | None) -> None:
        """This period first, so the figures show at once; then the periods before it."""
        worker = get_current_worker()
        try:
            with context.uow() as uow:
                teams = uow.meetings.teams()
            report = build_report(
                context.uow(),
                period,
                team_id=team_id,
                clock=context.clock,
                actor=context.actor,
                trend_length=1,
            )
            self.post_message(ReportReady(report, teams, complete=False))
            if worker.is_cancelled:
                return  # another period was chosen meanwhile
            report = add_trend(context.uow(), report, clock=context.clock, actor=context.actor)
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            if not worker.is_cancelled:
                self.post_message(ReportReady(report, teams, complete=True))

    @on(ReportReady)
    def _show(self, message: ReportReady) -> None:
        report = message.report
        if (report.period, report.team_id) != (self._period, self._team_id):
            return  # counted for a period or team no longer chosen
        self._report = report
        self._complete = message.complete
        self._teams = message.teams
        heading = tr("reports.heading", period=report.period.label, team_name=report.team_name)
        if not message.complete:
            heading = heading + " · " + tr("reports.counting_trend")
        self.query_one("#reports-heading", Static).update(Text(heading))
        table = self.query_one("#indicators", DataTable)
        row = table.cursor_row
        table.clear()
        for figure in report.figures:
            indicator = figure.indicator
            previous = figure.trend[-2] if len(figure.trend) > 1 else None
            # A share carries its own sign (87,5 %, the locale's way), so its unit is not
            # said twice.
            percent = indicator.unit is Unit.PERCENT
            table.add_row(
                Text(indicator.name),
                Text(
                    display_number(figure.value, indicator.decimals, percent=percent),
                    justify="right",
                ),
                Text("" if percent else indicator.unit.label),
                Text(
                    display_number(previous, indicator.decimals, percent=percent), justify="right"
                ),
                Text(sparkline(figure.trend)),
                key=indicator.key,
            )
        if report.figures:
            table.move_cursor(row=min(max(row, 0), len(report.figures) - 1))
        self._show_breakdown()

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.query_one("#reports-heading", Static).update(Text(message.error.message))

    def _highlighted(self) -> Figure | None:
        if self._report is None:
            return None
        row = self.query_one("#indicators", DataTable).cursor_row
        if 0 <= row < len(self._report.figures):
            return self._report.figures[row]
        return None

    @on(DataTable.RowHighlighted, "#indicators")
    def _highlight(self) -> None:
        self._show_breakdown()

    def _show_breakdown(self) -> None:
        figure = self._highlighted()
        title = self.query_one("#breakdown-title", Static)
        breakdown = self.query_one("#breakdown", DataTable)
        breakdown.clear(columns=True)
        report = self._report
        table: Table | None = None
        if figure is not None and figure.indicator.table and report is not None:
            table = report.table(figure.indicator.table)
        if table is None:
            title.update(tr("reports.no_breakdown"))
            breakdown.display = False
            return
        breakdown.display = True
        title.update(Text(table.title))
        for number, column in enumerate(table.columns):
            breakdown.add_column(column, width=32 if number == 0 else 14)
        for row in table.rows:
            breakdown.add_row(*(self._cell(value) for value in row))
        if not table.rows:
            title.update(Text(table.title + ": " + tr("reports.empty_table")))

    @staticmethod
    def _cell(value: str | int | float | None) -> Text:
        text = cell_text(value, on_screen=True)
        return Text(text) if isinstance(value, str) else Text(text, justify="right")

    # Keys ---------------------------------------------------------------------------

    def action_definition(self) -> None:
        figure = self._highlighted()
        if figure is not None:
            self.app.push_screen(DefinitionScreen(figure.indicator))

    @on(DataTable.RowSelected, "#indicators")
    def _selected(self) -> None:
        self.action_definition()

    def action_toggle_kind(self) -> None:
        if self._period is None:
            return
        kind = PeriodKind.QUARTER if self._period.kind is PeriodKind.MONTH else PeriodKind.MONTH
        self._period = Period.of_kind(kind, self._period.end)
        self.load()

    def action_custom_range(self) -> None:
        def chosen(period: Period | None) -> None:
            if period is not None:
                self._period = period
                self.load()

        self.app.push_screen(RangeForm(self._period), chosen)

    def action_previous(self) -> None:
        if self._period is not None:
            self._period = self._period.previous()
            self.load()

    def action_next(self) -> None:
        if self._period is not None:
            self._period = self._period.next()
            self.load()

    def action_next_team(self) -> None:
        """All teams, then each team in turn, then all again."""
        if not self._teams:
            return
        ids: list[int | None] = [None, *(team.id for team in self._teams)]
        position = ids.index(self._team_id) if self._team_id in ids else 0
        self._team_id = ids[(position + 1) % len(ids)]
        self.load()

    def action_export(self) -> None:
        report = self._report
        if report is None or not self._complete:
            self.notify(tr("reports.not_ready"))
            return

        def chosen(kind: ReportFormat | None) -> None:
            if kind is not None:
                self._export(report, kind)

        self.app.push_screen(ExportChoice(), chosen)

    @work(thread=True, exclusive=True, group="reports-export")
    def _export(self, report: Report, kind: ReportFormat) -> None:
        file = ExportFile(report_file_name(report, kind), export_report(report, kind))
        try:
            handed_over = hand_over(self.app, [file])
        except OSError as error:
            self.post_message(ReportExported(None, os_reason(error)))
        else:
            self.post_message(ReportExported(handed_over))

    @on(ReportExported)
    def _exported(self, message: ReportExported) -> None:
        handed_over = message.handed_over
        if handed_over is None:
            self.notify(tr("reports.export_failed", reason=message.reason), severity="error")
            return
        self.notify(handed_over.status(N_("reports.exported")), timeout=10)

    def action_back(self) -> None:
        self.dismiss(None)
