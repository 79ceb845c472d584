"""A non-editable install carries the stylesheet and the migrations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_stylesheet_and_migrations(tmp_path: Path) -> None:
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
