"""The report as CSV opens in a spreadsheet without running anything typed (CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from domain.indicators import INDICATORS, Figure, Report, Table
from domain.report_export import report_csv, spreadsheet_text
from domain.reports import Period

FORMULAS = [
    '=HYPERLINK("https://evil.example";"Klikkaa")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1;2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_text_that_would_start_a_formula_is_shown_as_text(formula: str) -> None:
    assert spreadsheet_text(formula) == f"'{formula}"


@pytest.mark.parametrize("text", ["Kela", "Oma-aloitteisesti", "'jo lainattu", "", "1=1", "–5"])
def test_other_text_is_kept(text: str) -> None:
    assert spreadsheet_text(text) == text


def _report(typed: str) -> Report:
    period = Period.month_of(dt.date(2026, 11, 1))
    figures = (Figure(indicator=INDICATORS[0], value=-2.5, trend=(-1.0, None, -2.5)),)
    table = Table(
        key="caseload",
        title=typed,
        columns=(typed, "Asiakkaita", "Muutos"),
        rows=((typed, 3, -1.5), ("Lehtonen Leena", -2, 0.5)),
    )
    return Report(
        period=period,
        periods=tuple(period.history(3)),
        team_id=1,
        team_name=typed,
        generated_at=dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC),
        figures=figures,
        tables=(table,),
    )


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_text_cell_of_the_csv_is_neutralised(formula: str) -> None:
    rows = list(
        csv.reader(io.StringIO(report_csv(_report(formula)).decode("utf-8-sig")), delimiter=";")
    )
    cells = [cell for row in rows for cell in row]
    assert formula not in cells
    assert cells.count(f"'{formula}") == 4  # team, table title, column heading, row
    assert [f"'{formula}", "3", "-1,5"] in rows


def test_figures_stay_numbers_even_when_negative() -> None:
    rows = list(
        csv.reader(io.StringIO(report_csv(_report("Tiimi")).decode("utf-8-sig")), delimiter=";")
    )
    figure = next(row for row in rows if row and row[0] == INDICATORS[0].name)
    assert figure[1] == "-2,5"
    assert figure[3:5] == ["-1,0", ""]
    assert ["Lehtonen Leena", "-2", "0,5"] in rows
