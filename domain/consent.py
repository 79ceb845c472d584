"""Consent to disclose a client's data to another organisation (R12).

Consent is given per receiving organisation and per kind of data (social
welfare or health care), and may be withdrawn; both dates are kept, so that
what was allowed on a given day can always be told.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.i18n import define, tr

define(
    {
        "data_kind.social": ("sosiaalihuollon tiedot", "social welfare data"),
        "data_kind.health": ("terveydenhuollon tiedot", "health care data"),
    }
)


class DataKind(StrEnum):
    SOCIAL = "social"
    HEALTH = "health"

    @property
    def label(self) -> str:
        return tr(f"data_kind.{self.value}")


class Consent(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    organisation: str
    kind: DataKind
    given_on: dt.date
    withdrawn_on: dt.date | None = None
    recorded_by: int
    recorded_at: dt.datetime
    version: int = 1

    def in_force(self, on: dt.date) -> bool:
        return self.given_on <= on and (self.withdrawn_on is None or on < self.withdrawn_on)
