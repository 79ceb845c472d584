"""Report periods, custom ranges and the file formats a service owner opens."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from domain.errors import InvalidInput
from domain.i18n import set_language
from domain.indicators import INDICATORS, Figure, Report, Table
from domain.report_export import display_number, report_csv, report_file_name, report_json
from domain.reports import Period, PeriodKind, custom_period

D = dt.date


def test_month_and_quarter_cover_whole_calendar_units() -> None:
    assert Period.month_of(D(2026, 2, 14)).model_dump() == {
        "kind": PeriodKind.MONTH,
        "start": D(2026, 2, 1),
        "end": D(2026, 2, 28),
    }
    december = Period.month_of(D(2026, 12, 31))
    assert (december.start, december.end) == (D(2026, 12, 1), D(2026, 12, 31))
    q4 = Period.quarter_of(D(2026, 11, 23))
    assert (q4.start, q4.end, q4.days) == (D(2026, 10, 1), D(2026, 12, 31), 92)


def test_previous_and_next_cross_the_year() -> None:
    january = Period.month_of(D(2027, 1, 5))
    assert january.previous() == Period.month_of(D(2026, 12, 1))
    assert Period.quarter_of(D(2026, 2, 1)).previous() == Period.quarter_of(D(2025, 12, 1))
    assert Period.month_of(D(2026, 12, 1)).next() == january


def test_custom_period_moves_by_its_own_length() -> None:
    week = Period.custom(D(2026, 11, 16), D(2026, 11, 22))
    assert week.previous() == Period.custom(D(2026, 11, 9), D(2026, 11, 15))
    assert week.next() == Period.custom(D(2026, 11, 23), D(2026, 11, 29))


def test_history_is_oldest_first_and_ends_with_the_period() -> None:
    history = Period.month_of(D(2026, 3, 1)).history(4)
    assert [p.start for p in history] == [
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
        D(2026, 3, 1),
    ]


def test_labels_in_both_languages() -> None:
    assert Period.month_of(D(2026, 11, 1)).label == "marraskuu 2026"
    assert Period.quarter_of(D(2026, 11, 1)).label == "4. neljännes 2026"
    assert Period.custom(D(2026, 1, 2), D(2026, 2, 3)).label == "2.1.2026–3.2.2026"
    set_language("en")
    assert Period.month_of(D(2026, 11, 1)).label == "November 2026"
    assert Period.quarter_of(D(2026, 11, 1)).label == "Quarter 4 2026"


@pytest.mark.parametrize(
    ("start", "end", "fields"),
    [
        (None, D(2026, 1, 1), {"from"}),
        (D(2026, 1, 1), None, {"to"}),
        (None, None, {"from", "to"}),
        (D(2026, 2, 1), D(2026, 1, 1), {"to"}),
        (D(2010, 1, 1), D(2026, 1, 1), {"to"}),
    ],
)
def test_custom_period_refuses_at_the_field(
    start: dt.date | None, end: dt.date | None, fields: set[str]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        custom_period(start, end)
    assert set(refused.value.fields) == fields


def test_custom_period_accepts_one_day() -> None:
    assert custom_period(D(2026, 5, 5), D(2026, 5, 5)).days == 1


def _report() -> Report:
    period = Period.month_of(D(2026, 11, 1))
    periods = tuple(period.history(3))
    figures = tuple(
        Figure(indicator=indicator, value=12.25 if n % 2 else None, trend=(1.5, None, 12.25))
        for n, indicator in enumerate(INDICATORS)
    )
    table = Table(
        key="channels",
        title="Ohjautumiskanavat",
        columns=("Kanava", "Käyntejä", "Osuus %"),
        rows=(("Oma-aloitteisesti; itse", 3, 37.5), ('"Kela"', 5, 62.5)),
    )
    return Report(
        period=period,
        periods=periods,
        team_id=None,
        team_name="Kaikki tiimit",
        generated_at=dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC),
        figures=figures,
        tables=(table,),
    )


def test_csv_is_what_finnish_excel_expects() -> None:
    data = report_csv(_report())
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark"
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    # Helsinki time: 22.30 UTC on the 23rd is already the 24th.
    assert rows[3][1] == "24.11.2026 00:30"
    header = rows[5]
    assert header[:3] == ["Tunnusluku", "Arvo", "Yksikkö"]
    assert header[-1] == "Määritelmä"
    assert header[3:5] == ["syyskuu 2026", "lokakuu 2026"]
    second = rows[7]
    assert second[0] == INDICATORS[1].name
    assert second[1] == "12"  # no decimals for a count of clients
    percent = next(row for row in rows if row and row[0] == INDICATORS[5].name)
    assert percent[1:3] == ["12,3", "%"]
    assert percent[3:5] == ["1,5", ""], "no figure is an empty cell, not a zero"
    # Text with the separator or quotes survives as one cell.
    assert ["Oma-aloitteisesti; itse", "3", "37,5"] in rows
    assert ['"Kela"', "5", "62,5"] in rows
    assert "\r\n" in text


def test_json_keeps_keys_and_plain_numbers() -> None:
    document = json.loads(report_json(_report()))
    assert document["period"] == {
        "kind": "month",
        "from": "2026-11-01",
        "to": "2026-11-30",
        "label": "marraskuu 2026",
    }
    keys = [item["key"] for item in document["indicators"]]
    assert keys == [indicator.key for indicator in INDICATORS]
    second = document["indicators"][1]
    assert second["value"] == 12.25
    assert second["trend"] == [1.5, None, 12.25]
    assert document["indicators"][0]["value"] is None
    assert document["tables"]["channels"]["rows"][0] == ["Oma-aloitteisesti; itse", 3, 37.5]


def test_file_name_names_the_period_only() -> None:
    from domain.report_export import ReportFormat

    assert report_file_name(_report(), ReportFormat.CSV) == (
        "rinnalla-raportti-2026-11-01-2026-11-30.csv"
    )


def test_display_number_is_written_the_locale_s_way() -> None:
    assert display_number(3.14159, 1) == "3,1"
    assert display_number(None, 1) == "–"
    assert display_number(12345, 0) == "12\xa0345"
    assert display_number(87.5, 1, percent=True) == "87,5\xa0%"
    assert display_number(None, 1, percent=True) == "–"
    # English in Finland (en_FI) writes numbers the Finnish way too.
    set_language("en")
    assert display_number(3.14159, 2) == "3,14"


def test_every_indicator_has_a_name_and_definition_in_both_languages() -> None:
    for language in ("fi", "en"):
        set_language(language)
        for indicator in INDICATORS:
            assert indicator.name and not indicator.name.startswith("indicator.")
            assert len(indicator.definition) > 40
    assert len({indicator.key for indicator in INDICATORS}) == len(INDICATORS)
