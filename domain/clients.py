"""Clients: people who have visited or are coordinated.

A client may be known only partly: a name without a hetu, a birth year without
a name (rule R1, identity is added when known). A visit with no identity at all
has no client.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.i18n import tr
from domain.identity import Hetu


class NewClient(BaseModel):
    """A client about to be created; values already validated and cleaned."""

    model_config = ConfigDict(frozen=True)

    name: str | None
    hetu: Hetu | None
    birth_year: int | None


class Client(BaseModel):
    """A stored client. ``version`` guards against lost updates."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str | None
    hetu: Hetu | None
    birth_year: int | None
    created_at: dt.datetime
    version: int
    highest_care_allowance: bool = False
    """On Kela's highest care allowance: the 7-working-day assessment deadline applies (R9)."""

    @property
    def display_name(self) -> str:
        """The name as typed, or a placeholder that says it is missing."""
        return self.name if self.name else tr("client.no_name")

    @property
    def masked_hetu(self) -> str | None:
        """The hetu as lists show it: birth date and century sign only."""
        return self.hetu.masked if self.hetu else None

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        # repr, str and rich's pretty printer (crash tracebacks) all read this:
        # they must never carry a name or an identity code.
        return [("id", self.id)]
