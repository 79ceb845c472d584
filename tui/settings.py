"""Settings: command line over environment over the configuration file.

Environment variables are ``RINNALLA_*`` (``RINNALLA_DATABASE_URL``,
``RINNALLA_LOCATION``, ...); the file is ``config.toml`` in the user's
configuration directory (see the README).
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from domain.i18n import Language


def config_file() -> Path:
    return Path(platformdirs.user_config_dir("rinnalla", appauthor=False)) / "config.toml"


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
