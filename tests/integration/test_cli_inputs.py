"""Every subcommand, every option: the options go before or after the subcommand, and
no value typed on the command line, in the environment or in ``config.toml`` ends in
a traceback.

A failure is one calm line on stderr and an exit code other than 0, and nothing is
written where it should not be. The subcommands are read from the parser itself, so
a new one is covered without touching this file. These run ``main(argv)`` in-process;
``test_cli_process.py`` checks the same from a real process where only a process
shows it (tracebacks, closed pipes).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import storage.demo
from domain.i18n import LANGUAGES, tr_in
from storage.engine import build_engine
from tests.database_templates import MigratedTemplates
from tui.cli import build_parser, main

# Config files, default databases and crash reports: each test has folders of its own.
pytestmark = pytest.mark.usefixtures("user_folders")


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:  # type: ignore[type-arg]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _sample(action: argparse.Action) -> str:
    """A value the option or argument accepts, so that only the value under test is wrong."""
    if action.choices:
        return str(next(iter(action.choices)))
    for candidate in ("1", "2026-10-01", "Testi Henkilö"):
        try:
            if action.type is None or callable(action.type) and action.type(candidate):
                return candidate
        except (argparse.ArgumentTypeError, ValueError, TypeError):
            continue
    raise AssertionError(f"no sample value for {action.dest}")


def _leaves(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[list[str]]:
    """Each subcommand as the shortest command line that parses: its path and required arguments."""
    sub = _subparsers(parser)
    if sub is None:
        required: list[str] = []
        for action in parser._actions:
            if not action.option_strings:
                required.append(_sample(action))
            elif action.required:
                required += [action.option_strings[0], _sample(action)]
        yield [*prefix, *required]
        return
    for name, child in sub.choices.items():
        yield from _leaves(child, (*prefix, name))


LEAVES = list(_leaves(build_parser()))


def test_every_subcommand_is_found() -> None:
    names = {" ".join(leaf[:2]) for leaf in LEAVES}
    assert {"db upgrade", "audit verify", "user list"} <= names
    assert {leaf[0] for leaf in LEAVES} >= {"demo", "card", "agenda", "hours", "report"}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``main(argv)``'s exit code, standard output and standard error; argparse exits too."""
    try:
        code = main(argv)
    except SystemExit as exiting:
        code = exiting.code if isinstance(exiting.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_calm_failure(code: int, err: str) -> str:
    assert code != 0
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].strip()
    return lines[0]


@pytest.fixture(autouse=True)
def scripted_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may wait for a passphrase at the keyboard."""
    monkeypatch.setenv("RINNALLA_PASSPHRASE", "ei mikään oikea tunnuslause")


@pytest.fixture
def default_database(tmp_path: Path) -> Path:
    """Where Rinnalla would put its database when ``--db`` were ignored."""
    return tmp_path / "xdg-data" / "rinnalla" / "rinnalla.db"


@pytest.fixture
def random_file(tmp_path: Path) -> Path:
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(4096))
    return path


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
@pytest.mark.parametrize("leaf", LEAVES, ids=[" ".join(leaf[:2]) for leaf in LEAVES])
def test_the_options_work_before_and_after_every_subcommand(
    leaf: list[str],
    before: bool,
    language: str,
    random_file: Path,
    default_database: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A file of random bytes as the database: every subcommand must open *that* file
    (and say, in the language asked for, that it is no database), not the default one.
    Every language Rinnalla has a catalogue for is taken, by every subcommand."""
    content = random_file.read_bytes()
    options = ["--db", f"sqlite:///{random_file}", "--lang", language, "--as", "Testi Henkilö"]
    options += ["--location", "testi", "--location-name", "Testiasema"]
    argv = [*options, *leaf] if before else [*leaf, *options]
    code, _out, err = run(argv, capsys)
    line = assert_calm_failure(code, err)
    assert line == tr_in(language, "storage.database_not_rinnalla")
    assert random_file.read_bytes() == content
    assert not default_database.exists()


def test_demo_with_the_database_before_the_subcommand_fills_that_database(
    tmp_path: Path, default_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'given.db'}"
    code, _out, _err = run(["--db", url, "demo", "--clients", "3", "--days", "2"], capsys)
    assert code == 0
    with build_engine(url).connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM clients")) == 3
    assert not default_database.exists()


def _unknown_revision(tmp_path: Path, migrated: MigratedTemplates) -> str:
    url = migrated.sqlite_copy(tmp_path / "future.db")  # copied: migrating takes a second
    engine = build_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    return url


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.db"
    os.mkfifo(path, 0o644)
    return path


def _bad_database_urls(tmp_path: Path, migrated: MigratedTemplates) -> dict[str, str]:
    (tmp_path / "a-file").write_bytes(b"")
    (tmp_path / "random.db").write_bytes(os.urandom(4096))
    (tmp_path / "folder.db").mkdir()
    return {
        "bogus scheme": "bogus://x",
        "bogus driver": "sqlite+nodriver:///x.db",
        "unknown dialect with driver": "foo+bar://x",
        "not a URL": ":::",
        "missing driver module": "mysql://nobody@127.0.0.1/x",
        "folder is a file": f"sqlite:///{tmp_path / 'a-file' / 'x.db'}",
        "a folder": f"sqlite:///{tmp_path / 'folder.db'}",
        "random bytes": f"sqlite:///{tmp_path / 'random.db'}",
        "unreachable server": "postgresql+psycopg://nobody@127.0.0.1:1/x",
        "unknown revision": _unknown_revision(tmp_path, migrated),
        "bad port": "postgresql+psycopg://nobody@127.0.0.1:99999999/x",
        "read only": f"sqlite:///file:{tmp_path / 'ro.db'}?mode=ro&uri=true",
        "a pipe": f"sqlite:///{_fifo(tmp_path)}",
    }


BAD_URL_CASES = [
    "bogus scheme",
    "bogus driver",
    "unknown dialect with driver",
    "not a URL",
    "missing driver module",
    "folder is a file",
    "a folder",
    "random bytes",
    "unreachable server",
    "unknown revision",
    "bad port",
    "read only",
    "a pipe",
]


@pytest.mark.parametrize("case", BAD_URL_CASES)
@pytest.mark.parametrize(
    "command",
    [["db", "upgrade"], ["demo", "--clients", "1", "--days", "1"], ["audit", "verify"], ["hours"]],
    ids=lambda command: command[0],
)
def test_a_database_url_that_cannot_be_used_is_one_calm_line(
    case: str,
    command: list[str],
    tmp_path: Path,
    migrated: MigratedTemplates,
    default_database: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = _bad_database_urls(tmp_path, migrated)[case]
    modes = {path: path.stat().st_mode for path in tmp_path.iterdir()}
    code, out, err = run([*command, "--db", url], capsys)
    assert_calm_failure(code, err)
    # No file the URL names is narrowed unless it is an SQLite database.
    assert {path: mode for path, mode in modes.items() if path.exists()} == {
        path: path.stat().st_mode for path in modes if path.exists()
    }
    assert url not in err or case == "unknown revision"  # a URL may hold a password
    assert not default_database.exists()


def test_a_bad_database_url_from_the_environment_is_one_calm_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RINNALLA_DATABASE_URL", "bogus://nobody:salasana@x")
    code, _out, err = run(["card", "1"], capsys)
    assert_calm_failure(code, err)
    assert "salasana" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["card", str(2**63)],
        ["card", str(2**31)],
        ["card", "-1"],
        ["card", "0"],
        ["card", " "],
        ["agenda", str(2**63)],
        ["agenda", "-1"],
        ["audit", "client", str(2**63)],
        ["hours", "--team", str(2**63)],
        ["hours", "--team", "-1"],
        ["report", "--from", "1.10.2026", "--to", "31.10.2026", "--team", str(2**63)],
        ["report", "--from", "1.1.0001", "--to", "31.12.9999"],
        ["report", "--from", "31.12.9999", "--to", "31.12.9999"],
        ["report", "--from", "1.1.0001", "--to", "1.1.0001"],
        ["report", "--from", "0001-01-01", "--to", "0001-01-31"],
        ["report", "--from", "roskaa", "--to", "31.10.2026"],
        ["report", "--from", "31.2.2026", "--to", "31.10.2026"],
        ["report", "--from", "", "--to", "31.10.2026"],
        ["report", "--from", "1.10.2026"],
        ["report", "--from", "1.10.2026", "--to", "31.10.2026", "--format", "xls"],
        ["demo", "--clients", str(10**32)],
        ["demo", "--clients", "-1"],
        ["demo", "--days", str(10**32)],
        ["demo", "--years", str(10**32)],
        ["demo", "--days", "-3"],
        ["demo", "--seed", "siemen"],
        ["demo", "--clients", "½"],
        ["demo", "--years", "1", "--days", "1"],
        ["user", "add", "Uusi", "--role", "kuningas"],
        ["user"],
        ["audit"],
        ["db"],
        ["tuntematon"],
        ["--lang", "xx", "db", "upgrade"],
        ["db", "upgrade", "--lang", ""],
        ["--tuntematon"],
        ["agenda", "1", "--format", "pdf"],
        ["serve", "--port", "0"],
        ["serve", "--port", "65536"],
        ["serve", "--port", "http"],
        ["serve", "--port", "-80"],
        ["serve", "--host", ""],
        ["serve", "--host", "http://example.org"],
        ["serve", "--host", "127.0.0.1:8000"],
        ["serve", "--host", "0.0.0.0"],
        ["serve", "--host", "::", "--port", "8080"],
        ["serve", "--public-url", "ftp://example.org"],
        ["serve", "--public-url", "https://"],
        ["serve", "--public-url", "rinnalla.example.fi"],
        ["serve", "--host", "192.0.2.1"],
    ],
    ids=lambda argv: " ".join(argv)[:60],
)
def test_a_bad_value_on_the_command_line_is_one_calm_line(
    argv: list[str], default_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert_calm_failure(code, err)
    assert not default_database.exists()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("RINNALLA_LANG", "xx"),
        ("RINNALLA_IDLE_LOCK_MINUTES", "kymmenen"),
        ("RINNALLA_IDLE_LOCK_MINUTES", "0"),
        ("RINNALLA_DEADLINE_TARGET_DAYS", str(10**32)),
        ("RINNALLA_DEADLINE_WARN_DAYS", "-1"),
    ],
)
def test_a_bad_value_in_the_environment_is_one_calm_line(
    variable: str,
    value: str,
    monkeypatch: pytest.MonkeyPatch,
    default_database: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(variable, value)
    code, _out, err = run(["db", "upgrade"], capsys)
    line = assert_calm_failure(code, err)
    assert variable in line
    assert not default_database.exists()


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (os.urandom(512), None),
        (b"\xff\xfe\x00garbage", None),
        (b"lang = ", None),
        (b'lang = "en"\nloction = "imatra"\n', "loction"),
        (b'[tietokanta]\nosoite = "x"\n', "tietokanta"),
        (b"idle_lock_minutes = 99999\n", "idle_lock_minutes"),
        (b'database_url = "bogus://x"\n', None),
    ],
    ids=[
        "random",
        "bad utf-8",
        "unfinished",
        "misspelt key",
        "unknown table",
        "out of range",
        "bad url",
    ],
)
def test_a_config_file_that_cannot_be_used_is_one_calm_line(
    content: bytes,
    named: str | None,
    tmp_path: Path,
    default_database: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "xdg-config" / "rinnalla"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_bytes(content)
    code, _out, err = run(["db", "upgrade"], capsys)
    line = assert_calm_failure(code, err)
    if named is not None:
        assert named in line
    assert not default_database.exists()


def test_an_unexpected_error_is_one_calm_line_and_a_report_without_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever was not foreseen still ends calmly: the report file names the place."""
    import tui.cli.database

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("Matti Meikäläinen 010101-123N")

    monkeypatch.setattr(tui.cli.database, "db_upgrade", broken)
    code, _out, err = run(["db", "upgrade", "--db", f"sqlite:///{tmp_path / 'x.db'}"], capsys)
    line = assert_calm_failure(code, err)
    assert "Meikäläinen" not in line
    reports = list((tmp_path / "xdg-state").rglob("crash-*.txt"))
    assert len(reports) == 1
    report = reports[0].read_text(encoding="utf-8")
    assert "RuntimeError" in report and "Meikäläinen" not in report


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["--lang", "xx"], "rinnalla: --lang: 'xx' ei käy; vaihtoehdot: 'fi', 'en', 'sv'"),
        (["report", "--from", "1.10.2026"], "rinnalla report: nämä puuttuvat: --to"),
        (["db"], "rinnalla db: nämä puuttuvat: KOMENTO"),
        (["card", "1", "--ei-tällaista"], "rinnalla: tuntemattomat argumentit: --ei-tällaista"),
        (
            ["card", str(2**63)],
            "rinnalla card: ASIAKAS: anna tunnus numerona väliltä 1–2147483647",
        ),
        (
            ["report", "--from", "1.1.0001", "--to", "1.1.2026"],
            "rinnalla report: --from: anna päivämäärä väliltä 1.1.1900–31.12.2999",
        ),
    ],
)
def test_a_mistyped_command_line_is_told_in_finnish(
    argv: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(argv, capsys)
    assert code == 2
    assert err.splitlines() == [f"{line} (ohje: {line.split(':')[0]} --help)"]


HOSTILE = ["", "-1", str(2**63), "31.12.9999", "roskaa\u202e"]
"""Values a hurried or curious user types into any option."""


def _hostile_cases() -> Iterator[tuple[list[str], str, str]]:
    """Each subcommand with one option or argument given each hostile value."""
    parser = build_parser()
    for leaf in LEAVES:
        sub = parser
        path = []
        for word in leaf:
            children = _subparsers(sub)
            if children is None or word not in children.choices:
                break
            sub = children.choices[word]
            path.append(word)
        for action in sub._actions:
            if action.nargs == 0 or action.dest in ("help", "db"):
                continue
            name = action.option_strings[0] if action.option_strings else action.dest
            for value in HOSTILE:
                yield path, name, value


def _argv_with(path: list[str], name: str, value: str) -> list[str]:
    """The shortest command line for ``path`` with ``name`` set to ``value``."""
    leaf = next(leaf for leaf in LEAVES if leaf[: len(path)] == path)
    rest = leaf[len(path) :]
    parser = build_parser()
    sub = parser
    for word in path:
        children = _subparsers(sub)
        assert children is not None
        sub = children.choices[word]
    argv = list(path)
    positionals = [action for action in sub._actions if not action.option_strings]
    for action in positionals:
        argv.append(value if action.dest == name else rest.pop(0))
    options = [action for action in sub._actions if action.option_strings]
    for action in options:
        if action.option_strings[0] == name:
            argv += [f"{name}={value}"]
        elif action.required:
            argv += [action.option_strings[0], _sample(action)]
    if path == ["demo"]:
        argv += [option for option in ("--clients=1", "--days=1") if option.split("=")[0] != name]
        if name == "--years":
            argv.remove("--days=1")
    return argv


@pytest.mark.parametrize(
    ("path", "name", "value"),
    list(_hostile_cases()),
    ids=[f"{' '.join(p)} {n}={v!r}"[:70] for p, n, v in _hostile_cases()],
)
def test_every_option_of_every_subcommand_takes_any_value_calmly(
    path: list[str],
    name: str,
    value: str,
    tmp_path: Path,
    migrated_url: str,
    default_database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Accepted or refused, never a traceback; refused is one line; the default
    database is never touched."""
    # A value accepted as a file name (``--anchor-file=-1``) is written where the
    # command runs: here, not into the working tree.
    monkeypatch.chdir(tmp_path)
    # Hashing the demo accounts' passphrases takes a second, and is tested elsewhere.
    monkeypatch.setattr(storage.demo, "ensure_demo_accounts", lambda *_a, **_k: [])
    # `serve` accepted would serve until Ctrl+C: everything up to the serving is run.
    monkeypatch.setattr("textual_serve.server.Server.serve", lambda self, debug=False: None)
    argv = [*_argv_with(path, name, value), "--db", migrated_url]
    code, _out, err = run(argv, capsys)
    assert "Traceback" not in err
    if code != 0:
        assert_calm_failure(code, err)
    assert not default_database.exists()
    assert not list((tmp_path / "xdg-state").rglob("crash-*")), "an unforeseen error"


@pytest.fixture
def migrated_url(tmp_path: Path, migrated: MigratedTemplates) -> str:
    return migrated.sqlite_copy(tmp_path / "hostile.db")


def test_ctrl_c_is_one_calm_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tui.cli.database

    def interrupted(*_args: object, **_kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(tui.cli.database, "db_upgrade", interrupted)
    code, _out, err = run(["db", "upgrade"], capsys)
    assert code == 130
    assert err.splitlines() == ["Keskeytetty."]
