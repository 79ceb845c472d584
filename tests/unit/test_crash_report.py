"""A crash shows a calm message and leaves a report with code locations only (issue 7).

The exceptions here carry a hetu-like string and a name both in their message
and in local variables, as a real one would (a database error quotes its
parameters); neither may reach the report file or the terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.worker import WorkerFailed

from domain.clock import FixedClock
from domain.i18n import set_language
from tests.conftest import NOW
from tui.app import RinnallaApp
from tui.context import Database
from tui.crash import crash_log_dir, crash_report, report_crash, write_crash_report

HETU = "131052-308T"
NAME = "Virtanen Matti"
SECRETS = (HETU, NAME, "Virtanen", "131052")


class Person:
    """Something whose repr shows personal data, as a careless model's would."""

    def __init__(self, name: str, hetu: str) -> None:
        self.name = name
        self.hetu = hetu

    def __repr__(self) -> str:
        return f"Person({self.name!r}, {self.hetu!r})"


def save_client(person: Person) -> None:
    note = f"{person.name} ({person.hetu}) asuu kadulla"  # noqa: F841 - a local on purpose
    raise ValueError(f"could not save {person.name} {person.hetu}")


def register(name: str, hetu: str) -> None:
    person = Person(name, hetu)
    try:
        save_client(person)
    except ValueError as error:
        raise RuntimeError(f"registration failed for {name}") from error


def raised() -> RuntimeError:
    try:
        register(NAME, HETU)
    except RuntimeError as error:
        return error
    raise AssertionError("register() did not raise")


def assert_no_personal_data(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    assert "could not save" not in text  # no message text at all
    assert "registration failed" not in text
    assert "asuu kadulla" not in text


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash reports of these tests go under the test's own folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return crash_log_dir()


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# The report -----------------------------------------------------------------


def test_report_names_types_files_lines_and_functions_only() -> None:
    report = crash_report(raised())
    assert_no_personal_data(report)
    assert "Exception: RuntimeError" in report
    assert "Caused by: ValueError" in report
    assert "in register" in report
    assert "in save_client" in report
    assert 'test_crash_report.py", line ' in report
    assert str(Path(__file__).parent) not in report  # relative to its import root
    assert "Person(" not in report


def test_source_lines_are_left_out() -> None:
    """A source line can be harmless, but "locations only" is the rule that is easy to check."""
    report = crash_report(raised())
    assert "raise ValueError" not in report
    assert "person.hetu" not in report


def test_files_outside_import_roots_are_named_without_their_folder() -> None:
    """A home folder's path carries the account name, which may be a person's name."""
    report = crash_report(raised(), roots=["/nowhere"])
    assert 'File "test_crash_report.py"' in report
    assert str(Path(__file__).parent) not in report


def test_a_worker_failure_reports_the_error_raised_in_the_worker() -> None:
    report = crash_report(WorkerFailed(raised()))
    assert "Exception: textual.worker.WorkerFailed" in report
    assert "Raised in the worker: RuntimeError" in report
    assert "in save_client" in report
    assert_no_personal_data(report)


def test_an_exception_handled_while_another_was_handled_is_reported() -> None:
    try:
        try:
            raise KeyError(HETU)
        except KeyError:
            raise LookupError(NAME) from None
    except LookupError as error:
        suppressed = crash_report(error)
    assert "KeyError" not in suppressed  # "from None" hides it, as Python does
    try:
        try:
            raise KeyError(HETU)
        except KeyError:
            raise LookupError(NAME)  # noqa: B904 - the implicit chain is the point
    except LookupError as error:
        chained = crash_report(error)
    assert "While handling: KeyError" in chained
    assert_no_personal_data(chained)


def test_exception_groups_list_their_members() -> None:
    group = ExceptionGroup(NAME, [ValueError(HETU), TypeError(NAME)])
    report = crash_report(group)
    assert "Member 1 of the group: ValueError" in report
    assert "Member 2 of the group: TypeError" in report
    assert_no_personal_data(report)


def test_a_cycle_of_causes_ends() -> None:
    first, second = ValueError(HETU), TypeError(NAME)
    first.__cause__, second.__cause__ = second, first
    report = crash_report(first)
    assert report.count("ValueError") == 1 and report.count("TypeError") == 1


# The file -------------------------------------------------------------------


def test_report_file_is_owner_only_in_an_owner_only_folder(
    log_dir: Path, permissive_umask: None
) -> None:
    path = write_crash_report(raised(), now=NOW)
    assert path.parent == log_dir
    assert mode(path) == 0o600
    assert mode(log_dir) == 0o700
    content = path.read_text(encoding="utf-8")
    assert_no_personal_data(content)
    assert content.startswith("Rinnalla crash report")
    assert "Time (UTC): 2026-11-24T10:00:00+00:00" in content
    assert "in save_client" in content


def test_a_second_report_in_the_same_second_gets_its_own_file(log_dir: Path) -> None:
    first = write_crash_report(raised(), now=NOW)
    second = write_crash_report(raised(), now=NOW)
    assert first != second
    assert first.exists() and second.exists()


def test_message_names_the_report_and_the_saved_drafts(log_dir: Path) -> None:
    calls: list[str] = []

    def save() -> bool:
        calls.append("saved")
        assert not list(log_dir.glob("*")) if log_dir.exists() else True  # drafts first
        return True

    message = report_crash(raised(), save)
    assert calls == ["saved"]
    (report,) = log_dir.glob("crash-*.txt")
    assert message.plain == (
        "Rinnalla kohtasi odottamattoman virheen. Kirjoittamasi luonnokset on tallennettu. "
        f"Virheraportti: {report}"
    )
    assert message.spans == []  # plain text: a path with [brackets] is shown as it is


def test_message_does_not_promise_drafts_that_were_not_saved(log_dir: Path) -> None:
    def failing_save() -> bool:
        raise OSError(f"disk full while saving {NAME}")

    message = report_crash(raised(), failing_save)
    assert "Kaikkia luonnoksia ei voitu tallentaa" in message.plain
    assert_no_personal_data(message.plain)
    assert list(log_dir.glob("crash-*.txt"))


def test_message_in_english() -> None:
    set_language("en")
    message = report_crash(raised(), lambda: True, directory=Path("/proc/no-such-folder"))
    assert message.plain.startswith("Rinnalla ran into an unexpected error.")


def test_without_a_writable_log_folder_the_report_is_shown(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    message = report_crash(raised(), lambda: True, directory=blocked / "logs")
    assert "Virheraportti: -" in message.plain
    assert "in save_client" in message.plain
    assert_no_personal_data(message.plain)


# The app --------------------------------------------------------------------


def unreachable_database() -> Database:
    raise ConnectionError("no database in this test")


def crash_in_a_callback() -> None:
    register(NAME, HETU)


async def test_crashing_app_shows_calm_message_and_writes_report(
    log_dir: Path,
    permissive_umask: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = RinnallaApp(unreachable_database, clock=FixedClock(NOW))
    saved: list[bool] = []
    original = app.save_open_drafts

    def recording_save() -> bool:
        saved.append(True)
        return original()

    monkeypatch.setattr(app, "save_open_drafts", recording_save)
    with pytest.raises(RuntimeError):  # Pilot hands the app's first error to the test
        async with app.run_test() as pilot:
            await pilot.pause()
            app.call_later(crash_in_a_callback)
            await pilot.pause()
            await pilot.pause()

    assert saved == [True]
    assert app.return_code == 1
    (report,) = log_dir.glob("crash-*.txt")
    assert mode(report) == 0o600
    content = report.read_text(encoding="utf-8")
    assert_no_personal_data(content)
    assert "Caused by: ValueError" in content and "in save_client" in content

    shown = capsys.readouterr()
    screen_text = " ".join((shown.out + shown.err).split())
    assert "Rinnalla kohtasi odottamattoman virheen." in screen_text
    assert "Kirjoittamasi luonnokset on tallennettu." in screen_text
    assert "Virheraportti:" in screen_text
    assert_no_personal_data(shown.out + shown.err)
    assert "Traceback" not in shown.out + shown.err
    assert "locals" not in shown.out + shown.err


def test_report_timestamps_are_utc(log_dir: Path) -> None:
    helsinki = dt.timezone(dt.timedelta(hours=2))
    path = write_crash_report(raised(), now=NOW.astimezone(helsinki))
    assert path.name.startswith("crash-20261124-100000-")


async def test_a_crash_mid_interview_saves_the_draft_first(
    tmp_path: Path, log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text typed just before the crash, before the autosave pause, is not lost."""
    from textual.widgets import Input

    from tests.helpers import settle, type_text, walk_in
    from tui.composition import connect, make_app
    from tui.screens.interview import InterviewScreen
    from tui.settings import Settings

    desk = Settings(
        database_url=f"sqlite:///{tmp_path / 'desk.db'}",
        staff="Vastaanotto Veera",
        location="lpr",
        location_name="Lappeenrannan hyvinvointiasema",
    )
    clock = FixedClock(NOW)
    walk_in(connect(desk, clock), name=NAME, hetu=HETU)
    app = make_app(desk, clock=clock, acting_as=desk.staff)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(app.screen, InterviewScreen)
            await pilot.press("3")  # on to the note
            await type_text(pilot, "Kesken kirjoitettu")
            app.call_later(crash_in_a_callback)  # before the autosave pause
            await pilot.pause()
    shown = capsys.readouterr()
    assert "Kirjoittamasi luonnokset on tallennettu." in " ".join(shown.err.split())
    assert_no_personal_data(shown.out + shown.err)
    (report,) = log_dir.glob("crash-*.txt")
    assert_no_personal_data(report.read_text(encoding="utf-8"))

    restarted = make_app(desk, clock=clock, acting_as=desk.staff)
    async with restarted.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the visit in service reopens its interview
        await settle(pilot)
        screen = restarted.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.query_one("#note-services", Input).value == "Kesken kirjoitettu"
