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

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from domain.i18n import DEFAULT_LANGUAGE, LANGUAGES, Language, tr
from domain.need_assessment import DeadlineRules
from domain.referrals import ReferralRules
from domain.system_text import os_reason, toml_reason
from domain.validation_text import validation_reason
from tui.config_file import (
    DEFAULT_THEME,
    KeymapValue,
    check_team_label,
    check_theme,
    config_file,
)

_RULE_DEFAULTS = DeadlineRules()
_REFERRAL_DEFAULTS = ReferralRules()
MAX_DEADLINE_DAYS = 250
"""A year of working days: a longer deadline is a typo, and counting it would take long."""


class SettingsInvalid(Exception):
    """A setting has a value Rinnalla cannot use; the message says which and where to fix it.

    The message never quotes the value: a database URL may carry a password.
    """


class Settings(BaseSettings):
    """What a terminal is configured with."""

    # "forbid": a misspelt key in config.toml is an error naming it, not silently
    # ignored. Environment variables are read by field name only, so other
    # RINNALLA_* variables (RINNALLA_PASSPHRASE) are no settings and no error.
    model_config = SettingsConfigDict(env_prefix="RINNALLA_", extra="forbid")

    @field_validator("lang")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            quoted = [f"'{code}'" for code in LANGUAGES]
            choices = ", ".join(quoted[:-1]) + " " + tr("validation.or") + " " + quoted[-1]
            raise ValueError(tr("validation.choice", expected=choices))
        return value

    @field_validator("team_label")
    @classmethod
    def _usable_team_label(cls, value: str | None) -> str | None:
        return None if value is None else check_team_label(value)

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str) -> str:
        return check_theme(value)

    @field_validator("keymap")
    @classmethod
    def _usable_keymap(cls, value: dict[str, KeymapValue]) -> dict[str, KeymapValue]:
        if not value:
            return value
        # Imports every screen to know their keys: only when there is a keymap to check.
        from tui.keymap import check_keymap

        return dict(check_keymap(value))

    database_url: str | None = None
    """SQLAlchemy URL; empty means the SQLite file in the user data directory."""
    lang: Language = DEFAULT_LANGUAGE
    """A language Rinnalla has a catalogue for (``fi``, ``sv``, ``en``)."""
    location: str = "oma-asema"
    """Code of this terminal's location (hyvinvointiasema); the queue shows its visits."""
    location_name: str | None = None
    """Name shown in the queue heading; the code when not given."""
    staff: str | None = None
    """The acting staff member; the operating-system user when not given."""
    deadline_statutory_days: int = Field(
        default=_RULE_DEFAULTS.statutory_working_days, ge=1, le=MAX_DEADLINE_DAYS
    )
    """Working days a service need assessment may wait for clients over 75 or on the
    highest care allowance (SHL 36 §: 7)."""
    deadline_target_days: int = Field(
        default=_RULE_DEFAULTS.target_working_days, ge=1, le=MAX_DEADLINE_DAYS
    )
    """The organisation's own target in working days for everyone else."""
    deadline_warn_days: int = Field(
        default=_RULE_DEFAULTS.warn_working_days, ge=0, le=MAX_DEADLINE_DAYS
    )
    """How many working days before the due date an assessment shows on the start view."""

    organisation: str = ""
    """This organisation's name; disclosure to any other one needs consent (R12)."""
    team_label: str | None = None
    """What this organisation calls its multi-professional team ("Työkyvyn tuen tiimi"),
    shown as typed in every language; each language's own name ("MOTI-tiimi") when not
    given. See :mod:`domain.i18n` for how the texts use it."""
    idle_lock_minutes: int = Field(default=10, ge=1, le=240)
    """Minutes without a key press before the screen locks and asks for the passphrase."""
    referral_follow_up_days: int = Field(default=_REFERRAL_DEFAULTS.follow_up_days, ge=1, le=365)
    """Days from a referral to the day its first contact is expected by (the follow-up list)."""
    interim_case_manager_days: int = Field(default=_REFERRAL_DEFAULTS.interim_days, ge=1, le=365)
    """Days an interim case manager may carry a client before the network view asks
    the network to agree a case manager."""

    theme: str = DEFAULT_THEME
    """One of Textual's colour themes; ``ansi-dark`` and ``ansi-light`` use the
    terminal's own colours."""
    keymap: dict[str, KeymapValue] = Field(default_factory=dict)
    """The worker's own keys: binding id (F1 shows each key's) -> key or keys, in
    place of the key the app gives it. See :mod:`tui.keymap`."""

    def referral_rules(self) -> ReferralRules:
        """The referral follow-up settings as the domain takes them."""
        return ReferralRules(
            follow_up_days=self.referral_follow_up_days,
            interim_days=self.interim_case_manager_days,
        )

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
    """The settings, with ``given`` (the command line's) over the environment and the file.

    Raises :class:`SettingsInvalid` with one line that names each setting that
    cannot be used and where to correct it.
    """
    try:
        return Settings(**{key: value for key, value in given.items() if value is not None})
    except ValidationError as error:
        problems = [_problem(problem) for problem in error.errors(include_input=False)]
        raise SettingsInvalid(" ".join(problems)) from None
    except tomllib.TOMLDecodeError as error:
        reason = toml_reason(error)
        raise SettingsInvalid(
            tr("settings.unreadable", path=config_file(), reason=reason)
        ) from None
    except UnicodeDecodeError:
        reason = tr("settings.not_text")
        raise SettingsInvalid(
            tr("settings.unreadable", path=config_file(), reason=reason)
        ) from None
    except OSError as error:
        reason = os_reason(error)
        raise SettingsInvalid(
            tr("settings.unreadable", path=config_file(), reason=reason)
        ) from None


def _problem(problem: Any) -> str:
    """One problem pydantic found, as a sentence that never quotes the value."""
    name = str(problem["loc"][0]) if problem["loc"] else "?"
    if problem["type"] == "extra_forbidden":
        return tr("settings.unknown_key", name=name, path=config_file())
    return tr(
        "settings.invalid",
        name=name,
        # Pydantic's own wording is English; the reason is said in the UI's language.
        reason=validation_reason(problem),
        variable=f"RINNALLA_{name.upper()}",
        path=config_file(),
    )
