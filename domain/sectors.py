"""Sectors: where a service or a professional belongs.

Employment services have been municipal since 2025; TYP is the joint
employment service of employment services, the municipality and Kela. Close
people (family, friends) are a sector of the network too: the client decides
who is listed.
"""

from __future__ import annotations

from enum import StrEnum

from domain.i18n import N_, tr

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("sector.social"),
    N_("sector.health"),
    N_("sector.employment"),
    N_("sector.kela"),
    N_("sector.typ"),
    N_("sector.education"),
    N_("sector.housing"),
    N_("sector.third_sector"),
    N_("sector.private"),
    N_("sector.close_people"),
)


class Sector(StrEnum):
    SOCIAL = "social"
    HEALTH = "health"
    EMPLOYMENT = "employment"
    KELA = "kela"
    TYP = "typ"
    EDUCATION = "education"
    HOUSING = "housing"
    THIRD_SECTOR = "third_sector"
    PRIVATE = "private"
    CLOSE_PEOPLE = "close_people"

    @property
    def label(self) -> str:
        return tr(f"sector.{self.value}")
