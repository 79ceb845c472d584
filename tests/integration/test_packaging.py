"""A non-editable install carries the stylesheet, the migrations and the catalogues."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("rinnalla-*.whl")
    return built


def test_wheel_contains_stylesheet_migrations_and_catalogues(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tui/screens.css" in names
    assert "storage/migrations/env.py" in names
    assert "storage/migrations/script.py.mako" in names
    assert any(n.startswith("storage/migrations/versions/0001_") for n in names)
    installed_css = zipfile.ZipFile(wheel).read("tui/screens.css")
    assert installed_css == (ROOT / "screens.css").read_bytes()
    # Every language runs from the compiled catalogue, so the wheel needs no build step.
    for catalogue in sorted((ROOT / "domain" / "locale").glob("*/LC_MESSAGES/rinnalla.mo")):
        inside = catalogue.relative_to(ROOT).as_posix()
        assert zipfile.ZipFile(wheel).read(inside) == catalogue.read_bytes()
    assert {
        "domain/locale/fi/LC_MESSAGES/rinnalla.mo",
        "domain/locale/sv/LC_MESSAGES/rinnalla.mo",
    } <= names


def test_wheel_carries_the_licence_and_postgres_as_an_extra(wheel: Path) -> None:
    """The EUPL text travels with every copy (its article 5); psycopg only with
    ``rinnalla[postgres]``; the time zones always, for Helsinki time on Windows too."""
    archive = zipfile.ZipFile(wheel)
    (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    assert metadata["License-Expression"] == "EUPL-1.2"
    licences = [n for n in archive.namelist() if n.endswith("/LICENSE")]
    assert [archive.read(n) for n in licences] == [(ROOT / "LICENSE").read_bytes()]
    assert (
        (ROOT / "LICENSE")
        .read_text(encoding="utf-8")
        .startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    )
    requires = metadata.get_all("Requires-Dist") or []
    psycopg = {line.replace('"', "'") for line in requires if line.startswith("psycopg")}
    # The test extra takes the postgres one in (hatchling writes it out).
    assert psycopg == {
        "psycopg[binary]>=3.2; extra == 'postgres'",
        "psycopg[binary]>=3.2; extra == 'test'",
    }
    assert "tzdata" in requires
