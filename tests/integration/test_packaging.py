"""A non-editable install carries the stylesheet, the migrations and the catalogues."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_stylesheet_migrations_and_catalogues(tmp_path: Path) -> None:
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
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("rinnalla-*.whl")
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
