"""The database file, its WAL files and its folder are private to the account (issue 7).

SQLite gives new files the process umask (usually 0644, readable by every
account) unless the database file already exists with a narrower mode, so
these tests run with a permissive umask on purpose.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import storage.engine
from storage.engine import build_engine, sqlite_file_path
from storage.migrate import upgrade

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def open_and_write(path: Path) -> None:
    """Migrate and write while the connection is open, so -wal and -shm exist."""
    engine = build_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.begin() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        connection.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
        connection.execute(text("INSERT INTO probe VALUES (1)"))
    with engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM probe")).scalar()
        for suffix in ("", "-wal", "-shm"):
            file = path.with_name(path.name + suffix)
            assert file.exists(), suffix
            assert mode(file) == 0o600, (suffix, oct(mode(file)))
    engine.dispose()


def test_new_database_and_wal_files_are_owner_only(tmp_path: Path) -> None:
    open_and_write(tmp_path / "rinnalla.db")


def test_folder_created_for_the_database_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "rinnalla" / "rinnalla.db"
    open_and_write(path)
    assert mode(path.parent) == 0o700


def test_existing_folder_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    open_and_write(folder / "rinnalla.db")
    assert mode(folder) == 0o755


def test_existing_world_readable_database_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_and_write(path)
    path.chmod(0o644)
    # Leftovers of an older run that was not closed cleanly.
    for suffix in ("-wal", "-shm"):
        leftover = path.with_name(path.name + suffix)
        if leftover.exists():
            leftover.chmod(0o644)
    assert mode(path) == 0o644
    open_and_write(path)
    assert mode(path) == 0o600


def test_leftover_wal_files_are_narrowed_before_connecting(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o644)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).touch(mode=0o644)
    build_engine(f"sqlite:///{path}").dispose()
    for suffix in ("", "-wal", "-shm"):
        assert mode(path.with_name(path.name + suffix)) == 0o600, suffix


def test_sqlite_uri_form_is_protected_too(tmp_path: Path) -> None:
    path = tmp_path / "uri.db"
    engine = build_engine(f"sqlite:///file:{path}?uri=true")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE probe (x INTEGER)"))
    engine.dispose()
    assert mode(path) == 0o600


@pytest.mark.parametrize(
    "database",
    [None, "", ":memory:", "file:memdb1?mode=memory&cache=shared"],
)
def test_in_memory_databases_have_no_file(database: str | None) -> None:
    assert sqlite_file_path(database) is None


def test_in_memory_urls_create_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for url in ("sqlite://", "sqlite:///:memory:"):
        engine = build_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar() == 1
        engine.dispose()
    assert list(tmp_path.iterdir()) == []


def test_server_urls_touch_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PostgreSQL URL goes straight to SQLAlchemy (no driver is needed to check this)."""
    monkeypatch.chdir(tmp_path)
    built: list[str] = []

    def fake_create_engine(url: str, **_options: object) -> str:
        built.append(url)
        return url

    monkeypatch.setattr(storage.engine, "create_engine", fake_create_engine)
    url = "postgresql+psycopg://nobody@localhost/rinnalla.db"
    build_engine(url)
    assert built == [url]
    assert list(tmp_path.iterdir()) == []


def test_an_export_into_a_pipe_or_device_leaves_its_mode_alone(tmp_path: Path) -> None:
    """``--output /dev/null`` or a named pipe: not a file of ours to narrow. As root
    the narrowing used to turn /dev/null into 0600 for everyone; as anyone else it
    failed with a permission error."""
    import threading

    from tui.private_files import write_private

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe, 0o644)
    os.chmod(pipe, 0o644)  # whatever the umask made of it
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_private(pipe, "raportti")
    reader.join(timeout=10)
    assert received == [b"raportti"]
    assert stat.S_IMODE(pipe.stat().st_mode) == 0o644


def test_an_export_over_an_existing_file_is_narrowed(tmp_path: Path) -> None:
    from tui.private_files import write_private

    target = tmp_path / "raportti.csv"
    target.write_text("vanha")
    os.chmod(target, 0o644)
    write_private(target, "uusi")
    assert target.read_text() == "uusi"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
