"""Staff roles: what a worker may see and do (R12).

A module of its own, without pydantic, because the command line offers the
roles as choices before anything heavier is imported, and ``rinnalla`` paints
its first screen before the domain's models are loaded.
"""

from __future__ import annotations

from enum import StrEnum

from domain.i18n import N_, tr

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("role.reception"),
    N_("role.coordinator"),
    N_("role.lead"),
    N_("role.admin"),
    N_("role.reception.people"),
    N_("role.coordinator.people"),
    N_("role.lead.people"),
    N_("role.admin.people"),
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
