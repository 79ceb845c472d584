"""The command line: set-up commands and where the database lives by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain.clock import FixedClock
from storage.engine import build_engine, build_session_factory
from storage.migrate import is_current
from storage.orm import ClientRow, VisitRow
from tui.cli import main
from tui.composition import connect
from tui.settings import Settings


def test_db_upgrade_creates_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["db", "upgrade", "--db", url]) == 0
    assert is_current(build_engine(url))
    assert "Tietokanta on ajan tasalla." in capsys.readouterr().out


def test_demo_fills_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["demo", "--db", url, "--clients", "25", "--days", "14", "--lang", "en"]) == 0
    with build_session_factory(build_engine(url))() as session:
        clients = session.scalar(select(func.count()).select_from(ClientRow))
        visits = session.scalar(select(func.count()).select_from(VisitRow))
    assert clients == 25
    assert visits and visits > 0
    out = capsys.readouterr().out
    assert f"Done: 25 clients, {visits} visits" in out


def test_demo_history_in_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'years.db'}"
    assert main(["demo", "--db", url, "--clients", "40", "--years", "2"]) == 0
    with build_session_factory(build_engine(url))() as session:
        first, last = session.execute(
            select(func.min(VisitRow.arrived_at), func.max(VisitRow.arrived_at))
        ).one()
    assert (last - first).days > 365  # two years of walk-ins, not the default 120 days
    capsys.readouterr()
    with pytest.raises(SystemExit):  # one or the other
        main(["demo", "--db", url, "--years", "1", "--days", "30"])


def test_demo_refuses_a_negative_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--clients", "-5"])
    assert exit_info.value.code == 2
    assert "anna kokonaisluku väliltä 0–1000000" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("rinnalla ")


def test_without_configuration_the_database_is_created_in_the_user_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("RINNALLA_DATABASE_URL", raising=False)
    services = connect(Settings(), clock)
    assert (tmp_path / "data" / "rinnalla" / "rinnalla.db").is_file()
    assert services.location.code == "oma-asema"


def test_environment_and_config_file_choose_database_and_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> None:
    config_dir = tmp_path / "config" / "rinnalla"
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text(
        'location = "imatra"\nlocation_name = "Imatran hyvinvointiasema"\nstaff = "Tiedosto"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RINNALLA_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    monkeypatch.setenv("RINNALLA_STAFF", "Ympäristö")
    services = connect(Settings(), clock)
    assert (tmp_path / "env.db").is_file()
    assert services.location.name == "Imatran hyvinvointiasema"
    assert services.actor.name == "Ympäristö"  # the environment wins over the file
