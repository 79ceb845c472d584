"""The service catalogue: where a client can be referred.

The organisation keeps it itself (names, sectors, contacts change), so a
referral outcome points to a catalogue entry and the indicators can count
referrals per service and per sector. Entries are deactivated, never deleted:
old referrals must keep their target.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.errors import InvalidInput
from domain.i18n import tr
from domain.sectors import Sector
from domain.text import clean_text

NAME_MAX = 120
CONTACT_MAX = 200


class Service(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    sector: Sector
    contact: str
    active: bool
    work_ability: bool = False
    """A work-ability service: referring a TYP client here is warned about (R6)."""
    version: int
    early_support: bool = False
    """An early-support service: referrals here count in the early-support share (R11)."""
    external_organisation: str = ""
    """The other organisation that provides the service; empty for one's own. A
    referral there discloses client data and needs the client's consent (R12)."""


class ServiceInput(BaseModel):
    """A new or edited catalogue entry as typed; ``service_id`` set when editing."""

    model_config = ConfigDict(frozen=True)

    name: str
    sector: Sector
    contact: str = ""
    active: bool = True
    work_ability: bool = False
    early_support: bool = False
    external_organisation: str = ""
    service_id: int | None = None
    seen_version: int | None = None
    saved_by: int | None = None
    """The worker saving (a staff id), stamped by the use case and never typed:
    the stored row keeps it, so that a later refused save can name them."""
    saved_at: dt.datetime | None = None
    """When it was saved, stamped by the use case with ``saved_by``."""

    def checked(self) -> ServiceInput:
        """Cleaned copy, or :class:`InvalidInput` naming the bad fields."""
        name = clean_text(self.name)
        contact = clean_text(self.contact)
        organisation = clean_text(self.external_organisation)
        errors: dict[str, str] = {}
        if not name:
            errors["name"] = tr("service.name_missing")
        elif len(name) > NAME_MAX:
            errors["name"] = tr("service.too_long", limit=NAME_MAX)
        if len(contact) > CONTACT_MAX:
            errors["contact"] = tr("service.too_long", limit=CONTACT_MAX)
        if len(organisation) > CONTACT_MAX:
            errors["external_organisation"] = tr("service.too_long", limit=CONTACT_MAX)
        if errors:
            raise InvalidInput(errors)
        return self.model_copy(
            update={"name": name, "contact": contact, "external_organisation": organisation}
        )
