"""Settings: command line over environment over the configuration file.

Environment variables are ``RINNALLA_*`` (``RINNALLA_DATABASE_URL``,
``RINNALLA_LOCATION``, ...); the file is ``config.toml`` in the user's
configuration directory (see the README).

The deadlines of service need assessments (R9) are settings too, so that a
change in the law or in the organisation's own target needs no new release.
"""

from __future__ import annotations

import tomllib
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from domain.i18n import Language, define, tr
from domain.need_assessment import DeadlineRules
from tui.config_file import config_file

define(
    {
        "settings.invalid": (
            "Asetusta {name} ei voi käyttää: {reason}. Korjaa se komentoriviltä, "
            "ympäristömuuttujasta {variable} tai tiedostosta {path}.",
            "The setting {name} cannot be used: {reason}. Correct it on the command "
            "line, in the environment variable {variable} or in the file {path}.",
        ),
        "settings.unreadable": (
            "Asetustiedostoa {path} ei voi lukea: {reason}. Korjaa tiedosto tai poista se.",
            "The settings file {path} cannot be read: {reason}. Correct the file or remove it.",
        ),
    }
)

_RULE_DEFAULTS = DeadlineRules()


class SettingsInvalid(Exception):
    """A setting has a value Rinnalla cannot use; the message says which and where to fix it.

    The message never quotes the value: a database URL may carry a password.
    """


class Settings(BaseSettings):
    """What a terminal is configured with."""

    model_config = SettingsConfigDict(env_prefix="RINNALLA_", extra="ignore")

    database_url: str | None = None
    """SQLAlchemy URL; empty means the SQLite file in the user data directory."""
    lang: Language = "fi"
    location: str = "oma-asema"
    """Code of this terminal's location (hyvinvointiasema); the queue shows its visits."""
    location_name: str | None = None
    """Name shown in the queue heading; the code when not given."""
    staff: str | None = None
    """The acting staff member; the operating-system user when not given."""
    deadline_statutory_days: int = Field(default=_RULE_DEFAULTS.statutory_working_days, ge=1)
    """Working days a service need assessment may wait for clients over 75 or on the
    highest care allowance (SHL 36 §: 7)."""
    deadline_target_days: int = Field(default=_RULE_DEFAULTS.target_working_days, ge=1)
    """The organisation's own target in working days for everyone else."""
    deadline_warn_days: int = Field(default=_RULE_DEFAULTS.warn_working_days, ge=0)
    """How many working days before the due date an assessment shows on the start view."""

    organisation: str = ""
    """This organisation's name; disclosure to any other one needs consent (R12)."""
    idle_lock_minutes: int = Field(default=10, ge=1, le=240)
    """Minutes without a key press before the screen locks and asks for the passphrase."""

    def deadline_rules(self) -> DeadlineRules:
        """The deadline settings as the domain takes them."""
        return DeadlineRules(
            statutory_working_days=self.deadline_statutory_days,
            target_working_days=self.deadline_target_days,
            warn_working_days=self.deadline_warn_days,
        )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=config_file()),
        )


def load_settings(**given: Any) -> Settings:
    """The settings, with ``given`` (the command line's) over the environment and the file."""
    try:
        return Settings(**{key: value for key, value in given.items() if value is not None})
    except ValidationError as error:
        problems = [
            tr(
                "settings.invalid",
                name=str(problem["loc"][0]) if problem["loc"] else "?",
                reason=problem["msg"],
                variable=f"RINNALLA_{str(problem['loc'][0]).upper()}" if problem["loc"] else "",
                path=config_file(),
            )
            for problem in error.errors(include_input=False, include_url=False)
        ]
        raise SettingsInvalid("\n".join(problems)) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsInvalid(tr("settings.unreadable", path=config_file(), reason=error)) from None
