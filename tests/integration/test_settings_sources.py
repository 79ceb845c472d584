"""Settings that cannot be used, and the language read before the first paint.

``rinnalla`` reads the language ahead of the other settings (tui.config_file),
so the first screen has the right labels before pydantic is imported; it must
agree with what :class:`tui.settings.Settings` reads from the same places. A
setting that cannot be used stops a command with a message that names the
setting and where to correct it, never with a traceback, and never quoting the
value (a database URL can carry a password).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.clock import FixedClock
from tui.cli import main
from tui.composition import start_app
from tui.config_file import TEAM_LABEL_MAX_LENGTH, configured_language, configured_team_label
from tui.settings import SettingsInvalid, load_settings


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config" / "rinnalla"
    folder.mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in (
        "RINNALLA_LANG",
        "RINNALLA_IDLE_LOCK_MINUTES",
        "RINNALLA_DATABASE_URL",
        "RINNALLA_TEAM_LABEL",
    ):
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.mark.parametrize(
    ("given", "environment", "in_file", "expected"),
    [
        (None, None, None, "fi"),
        (None, None, "en", "en"),
        (None, "en", "fi", "en"),  # the environment over the file
        ("fi", "en", "en", "fi"),  # the command line over both
        (None, None, "sv", "sv"),
        (None, None, "se", "fi"),  # a language Rinnalla does not have: Finnish (Settings refuses)
    ],
)
def test_the_early_language_agrees_with_the_settings(
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    given: str | None,
    environment: str | None,
    in_file: str | None,
    expected: str,
) -> None:
    if in_file is not None:
        (config_dir / "config.toml").write_text(f'lang = "{in_file}"\n', encoding="utf-8")
    if environment is not None:
        monkeypatch.setenv("RINNALLA_LANG", environment)
    assert configured_language(given) == expected
    if expected == (given or environment or in_file):
        assert load_settings(lang=given).lang == expected


def test_a_value_out_of_range_names_the_setting_and_where_to_fix_it(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RINNALLA_IDLE_LOCK_MINUTES", "0")
    assert main(["db", "upgrade", "--db", "sqlite:///:memory:"]) == 2
    err = capsys.readouterr().err
    assert "Asetusta idle_lock_minutes ei voi käyttää" in err
    assert "RINNALLA_IDLE_LOCK_MINUTES" in err
    assert str(config_dir / "config.toml") in err
    assert "Traceback" not in err


def test_a_broken_settings_file_is_named_and_its_value_never_quoted(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir / "config.toml").write_text(
        'database_url = "postgresql://rinnalla:salasana@palvelin/db"\nlocation = [\n',
        encoding="utf-8",
    )
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert f"Asetustiedostoa {config_dir / 'config.toml'} ei voi lukea" in err
    assert "salasana" not in err


def test_a_wrong_type_in_the_file_does_not_quote_the_value(config_dir: Path) -> None:
    (config_dir / "config.toml").write_text('idle_lock_minutes = "salainen"\n', encoding="utf-8")
    with pytest.raises(SettingsInvalid) as refused:
        load_settings()
    assert "idle_lock_minutes" in str(refused.value)
    assert "salainen" not in str(refused.value)


def test_an_unknown_key_in_the_file_is_named_not_ignored(config_dir: Path) -> None:
    """A misspelt key would otherwise leave the setting at its default without a word."""
    (config_dir / "config.toml").write_text(
        'location = "imatra"\nidle_lock_minuts = 30\n', encoding="utf-8"
    )
    with pytest.raises(SettingsInvalid) as refused:
        load_settings()
    message = str(refused.value)
    assert "tuntematon asetus idle_lock_minuts" in message
    assert str(config_dir / "config.toml") in message
    assert "\n" not in message


def test_other_rinnalla_variables_are_no_unknown_settings(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RINNALLA_PASSPHRASE is read by the command line, not a setting, and no error."""
    monkeypatch.setenv("RINNALLA_PASSPHRASE", "jotain")
    monkeypatch.setenv("RINNALLA_JOTAIN_MUUTA", "1")
    assert load_settings().location == "oma-asema"


def test_settings_that_are_not_text_are_one_calm_message(config_dir: Path) -> None:
    (config_dir / "config.toml").write_bytes(b"\xff\xfe\x00\x81 = 1\n")
    assert configured_language(None) == "fi"  # read before the first paint: no crash
    with pytest.raises(SettingsInvalid) as refused:
        load_settings()
    assert "ei ole UTF-8-tekstiä" in str(refused.value)


async def test_the_screens_close_with_the_message_when_a_setting_cannot_be_used(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> None:
    monkeypatch.setenv("RINNALLA_IDLE_LOCK_MINUTES", "0")
    app = start_app(load_settings, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):  # the worker reads the settings after the first paint
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
    assert app.return_code == 2


@pytest.mark.parametrize(
    ("variable", "value", "finnish", "english"),
    [
        ("RINNALLA_IDLE_LOCK_MINUTES", "abc", "kokonaisluku", "whole number"),
        ("RINNALLA_IDLE_LOCK_MINUTES", "0", "vähintään 1", "at least 1"),
        ("RINNALLA_DEADLINE_TARGET_DAYS", "1e9", "kokonaisluku", "whole number"),
    ],
)
def test_the_reason_a_setting_is_refused_is_in_the_users_language(
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    finnish: str,
    english: str,
) -> None:
    monkeypatch.setenv(variable, value)
    for lang, wanted in (("fi", finnish), ("en", english)):
        assert main(["db", "upgrade", "--lang", lang, "--db", "sqlite:///:memory:"]) == 2
        err = capsys.readouterr().err
        assert wanted in err, err
        # Pydantic's own English ("Input should be …") never reaches the user.
        assert "Input should" not in err and "should be" not in err
        assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("mysql://a/b", "Tietokannan osoitteen tyyppiä ei tunneta"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/x", "Tietokantaan ei saatu yhteyttä"),
    ],
)
async def test_the_screens_with_a_database_they_cannot_use_close_saying_what_to_check(
    config_dir: Path, clock: FixedClock, url: str, said: str
) -> None:
    """As the command line says it: the calm message, not the error's class name, and
    no queue with keys that nobody can use."""
    app = start_app(lambda: load_settings(database_url=url), clock=clock)
    closing: list[object] = []
    close = app.exit

    def exit_saying(*arguments: Any, **options: Any) -> None:
        closing.append(options.get("message"))
        close(*arguments, **options)

    app.exit = exit_saying  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
    assert app.return_code == 1
    assert closing and closing[0] is not None, "the app closed without saying why"
    message = str(closing[0])
    assert said in message
    assert "Unusable" not in message and url not in message


# The team's name ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "in_file", "expected"),
    [
        (None, None, None),  # each language's own default
        (None, "Työkyvyn tuen tiimi", "Työkyvyn tuen tiimi"),
        ("Monialainen tiimi", "Työkyvyn tuen tiimi", "Monialainen tiimi"),  # environment first
        ("  Monialainen tiimi ", None, "Monialainen tiimi"),  # spaces around go
    ],
)
def test_the_early_team_name_agrees_with_the_settings(
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    environment: str | None,
    in_file: str | None,
    expected: str | None,
) -> None:
    """The footer's F4 is painted before the settings are read: both must say one name."""
    if in_file is not None:
        (config_dir / "config.toml").write_text(f'team_label = "{in_file}"\n', encoding="utf-8")
    if environment is not None:
        monkeypatch.setenv("RINNALLA_TEAM_LABEL", environment)
    assert configured_team_label() == expected
    assert load_settings().team_label == expected


@pytest.mark.parametrize(
    ("value", "finnish"),
    [
        ("", "Tieto puuttuu."),
        ("   ", "Tieto puuttuu."),
        ("Tiimi\nkaksi riviä", "ei saa olla rivinvaihtoja"),
        ("Tiimi\x1b[31m", "ei saa olla rivinvaihtoja eikä muita ohjausmerkkejä"),
        ("Tiimi\u200b", "ohjausmerkkejä"),  # an invisible character
        ("T" * (TEAM_LABEL_MAX_LENGTH + 1), f"enintään {TEAM_LABEL_MAX_LENGTH} merkkiä"),
    ],
)
def test_a_team_name_that_cannot_be_shown_is_refused_like_any_setting(
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
    finnish: str,
) -> None:
    monkeypatch.setenv("RINNALLA_TEAM_LABEL", value)
    assert configured_team_label() is None  # the first paint uses the default meanwhile
    assert main(["db", "upgrade", "--db", "sqlite:///:memory:"]) == 2
    err = capsys.readouterr().err
    assert "Asetusta team_label ei voi käyttää" in err
    assert finnish in err
    assert "RINNALLA_TEAM_LABEL" in err
    assert str(config_dir / "config.toml") in err
    assert len(err.splitlines()) == 1
    if value.strip():
        assert value.strip() not in err


def test_a_team_name_that_is_not_text_in_the_file_is_refused(config_dir: Path) -> None:
    (config_dir / "config.toml").write_text("team_label = 7\n", encoding="utf-8")
    assert configured_team_label() is None
    with pytest.raises(SettingsInvalid) as refused:
        load_settings()
    assert "team_label" in str(refused.value)
    assert "tekstiä" in str(refused.value)


def test_the_command_lines_help_names_the_team_from_the_file(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--help`` is printed before the settings are read: the name comes from the file."""
    (config_dir / "config.toml").write_text(
        'team_label = "Työkyvyn tuen tiimi"\n', encoding="utf-8"
    )
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines
    assert "Työkyvyn tuen tiimi: tulosta palaverin asialista" in out
    assert "MOTI" not in out
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "Työkyvyn tuen tiimi: vain tämän tiimin luvut" in out
    assert "MOTI" not in out


def test_without_the_setting_the_help_names_the_moti_team(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "MOTI-tiimi: tulosta palaverin asialista" in out
