"""Reports (F5) driven with key presses only, the exported files, and the picture."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from domain.indicators import INDICATORS
from domain.use_cases.meetings import create_team
from domain.visits import ReferralChannel
from tests.helpers import SIZE, AppFactory, Download, settle, type_text, walk_in
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.report_dialogs import DefinitionScreen, ExportChoice, RangeForm
from tui.screens.reports import ReportsScreen

SnapCompare = Callable[..., bool]


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Tiedostot"
    monkeypatch.setattr("tui.export_delivery.documents_folder", lambda: folder)
    return folder


@pytest.fixture
def seeded(context: AppContext) -> AppContext:
    """Three walk-ins today (two referred by Kela), and one MOTI team."""
    walk_in(context, name="Aino Virtanen", reason="Toimeentulo")
    walk_in(context, reason="Asunto", channel=ReferralChannel.KELA)
    walk_in(context, reason="Työ", channel=ReferralChannel.KELA)
    create_team(context.uow(), "Etelän MOTI-tiimi", "Etelä", actor=context.actor)
    return context


def heading(app: RinnallaApp) -> str:
    return str(app.screen.query_one("#reports-heading", Static).render())


def figure(app: RinnallaApp, key: str) -> str:
    table = app.screen.query_one("#indicators", DataTable)
    return str(table.get_row(key)[1])


async def open_reports(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)


async def test_f5_shows_every_indicator_for_this_month(
    new_app: AppFactory, seeded: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(pilot)
        assert isinstance(app.screen, ReportsScreen)
        assert heading(app) == "Raportti: marraskuu 2026 · Kaikki tiimit"
        table = app.screen.query_one("#indicators", DataTable)
        assert table.row_count == len(INDICATORS)
        # 3 visits over 30 days = 0.7 a week; two of three came through Kela.
        assert figure(app, "walk_in_per_week") == "0,7"
        # A share shows as the locale writes it, with a no-break space before the sign.
        assert figure(app, "referred_share") == "66,7\xa0%"
        assert figure(app, "clients_per_case_manager") == "–"


async def test_breakdown_follows_the_highlighted_indicator(
    new_app: AppFactory, seeded: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(pilot)
        title = app.screen.query_one("#breakdown-title", Static)
        assert "Asiakkaat asiakasvastaavittain" in str(title.render())
        await pilot.press(*["down"] * 9)  # to "Muualta ohjattujen osuus"
        await settle(pilot)
        assert str(title.render()) == "Ohjautumiskanavat"
        breakdown = app.screen.query_one("#breakdown", DataTable)
        rows = {str(breakdown.get_row_at(i)[0]): breakdown.get_row_at(i)[1:] for i in range(8)}
        assert [str(cell) for cell in rows["Kela"]] == ["2", "66,7"]
        await pilot.press("up")  # visits outside hours: a single figure
        await settle(pilot)
        assert str(title.render()) == "Tällä tunnusluvulla ei ole erittelyä."
        assert not breakdown.display
        await pilot.press("up")
        await settle(pilot)
        assert str(title.render()) == "Käynnit kellonajoittain"
        assert [str(cell) for cell in breakdown.get_row_at(0)] == ["12–13", "3"]


async def test_definition_opens_on_a_key_and_closes(
    new_app: AppFactory, seeded: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(pilot)
        await pilot.press("down", "i")
        await settle(pilot)
        assert isinstance(app.screen, DefinitionScreen)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "90 päivää" in text
        await pilot.press("escape")
        await pilot.press("enter")  # Enter on a row opens the definition too
        await settle(pilot)
        assert isinstance(app.screen, DefinitionScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReportsScreen)


async def test_period_keys_change_the_period(new_app: AppFactory, seeded: AppContext) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert heading(app).startswith("Raportti: 4. neljännes 2026")
        assert figure(app, "walk_in_per_week") == "0,2"  # 3 visits over 92 days
        await pilot.press("minus")
        await settle(pilot)
        assert heading(app).startswith("Raportti: 3. neljännes 2026")
        assert figure(app, "walk_in_per_week") == "0,0"
        await pilot.press("plus", "t")
        await settle(pilot)
        assert heading(app).startswith("Raportti: joulukuu 2026")


async def test_custom_range_refuses_a_bad_date_at_its_field(
    new_app: AppFactory, seeded: AppContext
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, RangeForm)
        await type_text(pilot, "24.11.2026")
        await pilot.press("tab")
        await type_text(pilot, "1.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = app.screen.query_one("#to-error", Static)
        assert "ennen alkupäivää" in str(error.render())
        assert isinstance(app.screen, RangeForm)
        await pilot.press(*["backspace"] * 9)
        await type_text(pilot, "30.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        assert heading(app) == "Raportti: 24.11.2026–30.11.2026 · Kaikki tiimit"
        assert figure(app, "walk_in_per_week") == "3,0"


async def test_team_key_cycles_teams(new_app: AppFactory, seeded: AppContext) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert heading(app) == "Raportti: marraskuu 2026 · Etelän MOTI-tiimi"
        # No location belongs to the team yet, so none of today's visits count.
        assert figure(app, "walk_in_per_week") == "0,0"
        await pilot.press("j")
        await settle(pilot)
        assert heading(app).endswith("Kaikki tiimit")


async def test_export_csv_and_json_from_keys(
    new_app: AppFactory, seeded: AppContext, exports: Path
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportChoice)
        await pilot.press("c")
        await settle(pilot)
        csv_file = exports / "rinnalla-raportti-2026-11-01-2026-11-30.csv"
        assert csv_file.exists()
        assert stat.S_IMODE(csv_file.stat().st_mode) == 0o600
        data = csv_file.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        referred = next(row for row in rows if row and row[0] == "Muualta ohjattujen osuus")
        assert referred[1:3] == ["66,7", "%"]
        await pilot.press("e", "j")
        await settle(pilot)
        document = json.loads(
            (exports / "rinnalla-raportti-2026-11-01-2026-11-30.json").read_text()
        )
        values = {item["key"]: item["value"] for item in document["indicators"]}
        assert values["referred_share"] == pytest.approx(200 / 3)
        assert isinstance(app.screen, ReportsScreen)


async def test_escape_in_export_choice_writes_nothing(
    new_app: AppFactory, seeded: AppContext, exports: Path
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(pilot)
        await pilot.press("e", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        assert not exports.exists()


def test_reports_picture(
    new_app: AppFactory, seeded: AppContext, snap_compare: SnapCompare
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_reports(pilot)
        await pilot.press(*["down"] * 9)
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=run_before)


async def test_in_a_browser_the_report_is_a_download(
    new_app: AppFactory, seeded: AppContext, in_a_browser: list[Download], tmp_path: Path
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reports(pilot)
        await pilot.press("e", "c")
        await settle(pilot)
        shown = [notification.message for notification in app._notifications]
    name = "rinnalla-raportti-2026-11-01-2026-11-30.csv"
    assert [(d.name, d.mime_type) for d in in_a_browser] == [(name, "text/csv")]
    assert in_a_browser[0].data.startswith(b"\xef\xbb\xbf")  # as the file in a terminal
    assert f"Lähetetty selaimeen ladattavaksi: {name}" in shown
    assert not (tmp_path / "server-docs").exists()
