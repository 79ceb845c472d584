"""Staff roles: what a worker may see and do (R12).

A module of its own, without pydantic, because the command line offers the
roles as choices before anything heavier is imported, and ``rinnalla`` paints
its first screen before the domain's models are loaded.
"""

from __future__ import annotations

from enum import StrEnum

from domain.i18n import define, tr

define(
    {
        "role.reception": ("Vastaanotto", "Reception"),
        "role.coordinator": ("Koordinaattori", "Coordinator"),
        "role.lead": ("Esihenkilö", "Lead"),
        "role.admin": ("Pääkäyttäjä", "Administrator"),
        # Whom a piece of work is for ("Tämä kuuluu …"): refusals name them.
        "role.reception.people": ("vastaanoton työntekijöille", "reception workers"),
        "role.coordinator.people": ("koordinaattoreille", "coordinators"),
        "role.lead.people": ("esihenkilöille", "leads"),
        "role.admin.people": ("pääkäyttäjille", "administrators"),
    }
)


class StaffRole(StrEnum):
    """What a staff member may see and do (R12); checked in the use cases."""

    RECEPTION = "reception"
    COORDINATOR = "coordinator"
    LEAD = "lead"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return tr(f"role.{self.value}")

    @property
    def people(self) -> str:
        """The workers in this role, as whom work is for: "koordinaattoreille"."""
        return tr(f"role.{self.value}.people")
