"""Reports as files: CSV that Finnish Excel opens as it is, and JSON for programs.

Finnish Excel expects ``;`` between fields (the comma is the decimal sign),
a byte-order mark to read UTF-8 (ä, ö, –), and decimal commas. JSON keeps
plain numbers and the stable indicator keys, so a script can compare months.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from domain import formats
from domain.clock import HELSINKI
from domain.i18n import tr
from domain.indicators import Indicator, Report


class ReportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"

    @property
    def suffix(self) -> str:
        return f".{self.value}"


def format_number(value: float | None, decimals: int, *, decimal_comma: bool) -> str:
    """``12,5`` or ``12.5``; an empty figure is a dash on screen and empty in files."""
    if value is None:
        return ""
    # Half up, as people round (12,25 -> 12,3), not Python's half to even.
    exact = Decimal(repr(float(value)))
    text = f"{exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
    return text.replace(".", ",") if decimal_comma else text


def display_number(value: float | None, decimals: int, *, percent: bool = False) -> str:
    """A figure for the screen in the interface's locale (``1 234``, ``12,5``, ``87,5 %``);
    a figure that could not be counted is a dash."""
    if percent:
        return formats.percent(value, decimals)
    return formats.decimal(value, decimals)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_text(text: str) -> str:
    """Text for a CSV cell that a spreadsheet shows as text, never runs as a formula.

    Excel and LibreOffice take a cell that starts with ``= + - @`` (or a tab or
    a line break before one) as a formula, which can run commands or send data
    away (CSV injection). Such a cell gets a leading ``'``, as OWASP advises:
    the spreadsheet then shows the text as typed. Only text goes through this:
    figures are written by :func:`format_number` and stay numbers, negative or not.
    """
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def cell_text(value: str | int | float | None, *, on_screen: bool) -> str:
    """A breakdown cell: text as it is, counts whole, other figures with one decimal.

    On screen in the interface's locale (``1 234``, ``37,5``); in files counts are
    plain digits and figures have a decimal comma, so that a spreadsheet reads them
    as numbers, and text cannot start a formula.
    """
    if isinstance(value, str):
        return value if on_screen else spreadsheet_text(value)
    if isinstance(value, int):
        return formats.number(value) if on_screen else str(value)
    if on_screen:
        return display_number(value, 1)
    return format_number(value, 1, decimal_comma=True)


def report_csv(report: Report) -> bytes:
    """The report as Excel-ready CSV bytes (UTF-8 with BOM, ``;``, decimal commas)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def text_row(*cells: str) -> None:
        writer.writerow([spreadsheet_text(cell) for cell in cells])

    text_row(tr("export.report_title"))
    text_row(tr("export.period"), report.period.file_label)
    text_row(tr("export.team"), report.team_name)
    text_row(
        tr("export.generated"),
        f"{formats.file_date(report.generated_at.astimezone(HELSINKI).date())} "
        f"{formats.file_time(report.generated_at)}",
    )
    writer.writerow([])
    earlier = [period.file_label for period in report.periods[:-1]]
    text_row(
        tr("export.indicator"),
        tr("export.value"),
        tr("export.unit"),
        *earlier,
        tr("export.definition"),
    )
    for figure in report.figures:
        indicator = figure.indicator
        writer.writerow(
            [
                spreadsheet_text(indicator.name),
                format_number(figure.value, indicator.decimals, decimal_comma=True),
                spreadsheet_text(indicator.unit.label),
                *(
                    format_number(value, indicator.decimals, decimal_comma=True)
                    for value in figure.trend[:-1]
                ),
                spreadsheet_text(indicator.definition),
            ]
        )
    for table in report.tables:
        writer.writerow([])
        text_row(table.title)
        text_row(*table.columns)
        for row in table.rows:
            writer.writerow([cell_text(value, on_screen=False) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _indicator_json(indicator: Indicator) -> dict[str, object]:
    return {
        "key": indicator.key,
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": indicator.unit.label,
    }


def report_json(report: Report) -> bytes:
    """The report as UTF-8 JSON: stable keys, plain numbers, null for no figure."""
    document = {
        "period": {
            "kind": report.period.kind.value,
            "from": report.period.start.isoformat(),
            "to": report.period.end.isoformat(),
            "label": report.period.file_label,
        },
        "team": {"id": report.team_id, "name": report.team_name},
        "generated_at": report.generated_at.isoformat(),
        "trend_periods": [
            {"from": period.start.isoformat(), "to": period.end.isoformat()}
            for period in report.periods
        ],
        "indicators": [
            {**_indicator_json(figure.indicator), "value": figure.value, "trend": figure.trend}
            for figure in report.figures
        ],
        "tables": {
            table.key: {
                "title": table.title,
                "columns": list(table.columns),
                "rows": [list(row) for row in table.rows],
            }
            for table in report.tables
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_report(report: Report, kind: ReportFormat) -> bytes:
    return report_csv(report) if kind is ReportFormat.CSV else report_json(report)


def report_file_name(report: Report, kind: ReportFormat) -> str:
    """``rinnalla-raportti-2026-11-01-2026-11-30.csv``: sortable, no personal data."""
    return (
        f"rinnalla-raportti-{report.period.start.isoformat()}-{report.period.end.isoformat()}"
        f"{kind.suffix}"
    )
