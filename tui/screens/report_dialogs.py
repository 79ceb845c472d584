"""The report screen's small dialogs: a definition, the export format, a custom range."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from domain.i18n import N_, tr
from domain.indicators import Indicator
from domain.report_export import ReportFormat
from domain.reports import Period, PeriodKind, custom_period
from tui.context import AppContext
from tui.screens.base import RinnallaDialog
from tui.screens.form import FieldForm, refuse
from tui.widgets.footer import KeyFooter
from tui.widgets.status_line import StatusLine


class DefinitionScreen(RinnallaDialog[None]):
    """What an indicator counts, in words a service owner can check."""

    BINDINGS = [
        Binding("escape", "close", N_("key.definition_close")),
        Binding("enter", "close", N_("key.definition_close"), show=False),
        Binding("i", "close", N_("key.definition_close"), show=False),
    ]

    def __init__(self, indicator: Indicator) -> None:
        super().__init__()
        self._indicator = indicator

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="definition"):
            yield Static(Text(self._indicator.name), classes="dialog-title")
            yield Static(Text(self._indicator.definition), classes="dialog-text")
            yield Static(
                Text(tr("definition.unit", unit=self._indicator.unit.label)),
                classes="dialog-text",
            )
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)


class ExportChoice(RinnallaDialog[ReportFormat | None]):
    """CSV or JSON, with one key."""

    BINDINGS = [
        Binding("c", "choose('csv')", N_("key.export_csv")),
        Binding("j", "choose('json')", N_("key.export_json")),
        Binding("escape", "cancel", N_("key.export_cancel")),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-choice"):
            yield Static(tr("export_choice.title"), classes="dialog-title")
            yield Static(tr("export_choice.text"), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("export_choice.csv"), id="csv", variant="primary")
                yield Button(tr("export_choice.json"), id="json")
        yield KeyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id is not None:
            self.action_choose(event.button.id)

    def action_choose(self, kind: str) -> None:
        self.dismiss(ReportFormat(kind))

    def action_cancel(self) -> None:
        self.dismiss(None)


class RangeForm(FieldForm[Period]):
    """Two dates; mistakes show at the field where they were typed."""

    FIELDS = ("from", "to")

    def __init__(self, current: Period | None) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        current = self._current
        custom = current if current is not None and current.kind is PeriodKind.CUSTOM else None
        with Vertical(classes="dialog", id="range-form"):
            yield Static(tr("range.title"), classes="dialog-title")
            yield Static(tr("range.text"), classes="dialog-text")
            yield from self.field_row(
                "from",
                tr("range.from"),
                self.date_input(custom.start if custom else None, optional=False),
            )
            yield from self.field_row(
                "to",
                tr("range.to"),
                self.date_input(custom.end if custom else None, optional=False),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], Period]:
        errors: dict[str, str] = {}
        start = self.read_date("from", errors)
        end = self.read_date("to", errors)
        refuse(errors, lambda: custom_period(start, end))
        period = custom_period(start, end)
        return lambda: period
