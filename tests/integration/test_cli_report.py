"""``rinnalla report``: the indicators from the command line, as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from domain.clock import FixedClock
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.visits import ReferralChannel
from domain.walk_in import WalkInInput
from storage.unit_of_work import SqlUnitOfWork
from tui.cli import main

pytestmark = pytest.mark.usefixtures("cli_login")

Uow = Callable[[], SqlUnitOfWork]


@pytest.fixture(autouse=True)
def visits(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> None:
    """Four walk-ins on 24.11.2026, one referred by Kela."""
    for channel in (ReferralChannel.SELF, ReferralChannel.SELF, ReferralChannel.KELA):
        reception.register_walk_in(
            uow(),
            WalkInInput(reason="Asia", channel=channel),
            actor=actor,
            location=location,
            clock=clock,
        )
    reception.register_walk_in(
        uow(), WalkInInput(reason="Asia"), actor=actor, location=location, clock=clock
    )


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_to_an_owner_only_file(database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "marraskuu.csv"
    args = ["report", "--db", database_url, "--from", "1.11.2026", "--to", "2026-11-30"]
    assert main([*args, "--format", "csv", "--output", str(target)]) == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert rows[1] == ["Jakso", "marraskuu 2026"], "a whole month is reported as the month"
    referred = next(row for row in rows if row and row[0] == "Muualta ohjattujen osuus")
    assert referred[1:3] == ["25,0", "%"]
    per_week = next(row for row in rows if row and row[0] == "Walk-in-käynnit viikossa")
    assert per_week[1] == "0,9"  # 4 visits in 30/7 weeks


def test_json_to_standard_output(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", "--db", database_url, "--from", "2026-11-20", "--to", "2026-11-26"]
    assert main([*args, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["period"]["kind"] == "custom"
    values = {item["key"]: item["value"] for item in document["indicators"]}
    assert values["walk_in_per_week"] == 4
    assert values["referred_share"] == 25
    assert len(document["trend_periods"]) == 6
    assert document["trend_periods"][-2] == {"from": "2026-11-13", "to": "2026-11-19"}


def test_a_range_ending_before_it_starts_is_refused(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "--db", database_url, "--from", "2026-11-30", "--to", "2026-11-01"]
    assert main(args) == 2
    assert "Loppupäivä on ennen alkupäivää." in capsys.readouterr().err


def test_an_unknown_team_is_refused(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", "--db", database_url, "--from", "2026-11-01", "--to", "2026-11-30"]
    assert main([*args, "--team", "42"]) == 1
    captured = capsys.readouterr()
    assert "Tiimiä 42 ei ole" in captured.err
    assert captured.out == ""


def test_a_date_that_is_not_a_date(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "--db", database_url, "--from", "31.2.2026", "--to", "2026-11-30"])
    assert exited.value.code == 2
    assert "--from" in capsys.readouterr().err


def test_a_typed_team_name_cannot_become_a_formula(
    uow: Uow, actor: Staff, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from domain.use_cases.meetings import create_team

    formula = '=HYPERLINK("https://evil.example";"Avaa")'
    team = create_team(uow(), formula, actor=actor)
    args = ["report", "--db", database_url, "--from", "1.11.2026", "--to", "30.11.2026"]
    assert main([*args, "--team", str(team.id)]) == 0
    rows = _rows(capsys.readouterr().out.encode("utf-8"))
    assert rows[2] == ["Tiimi", f"'{formula}"]
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
