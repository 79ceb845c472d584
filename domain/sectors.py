"""Sectors: where a service or a professional belongs.

Employment services have been municipal since 2025; TYP is the joint
employment service of employment services, the municipality and Kela. Close
people (family, friends) are a sector of the network too: the client decides
who is listed.
"""

from __future__ import annotations

from enum import StrEnum

from domain.i18n import define, tr

define(
    {
        "sector.social": ("Sosiaalihuolto", "Social welfare"),
        "sector.health": ("Terveydenhuolto", "Health care"),
        "sector.employment": ("Työllisyyspalvelut", "Employment services"),
        "sector.kela": ("Kela", "Kela"),
        "sector.typ": ("TYP", "TYP"),
        "sector.education": ("Koulutus", "Education"),
        "sector.housing": ("Asuminen", "Housing"),
        "sector.third_sector": ("Järjestöt", "Third sector"),
        "sector.private": ("Yksityinen palveluntuottaja", "Private provider"),
        "sector.close_people": ("Läheiset", "Close people"),
    }
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
