"""The R7 facts the system computes from a client's network and history.

Sectors in the network and repeated referrals used to be ticked by hand in the
interview's checklist; the system already knows them, so they are counted here
and the worker only reads them (R7: "facts the system already knows").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from domain.intake import IntakeRecord, OutcomeKind
from domain.network import NetworkMember
from domain.sectors import Sector


def network_sectors(members: Iterable[NetworkMember], today: dt.date) -> frozenset[Sector]:
    """The service sectors of the network's members today.

    Close people are part of the network but not a service sector: a client
    with a mother and a social worker is not involved with two services.
    """
    return frozenset(
        member.sector
        for member in members
        if member.active_on(today) and member.sector is not Sector.CLOSE_PEOPLE
    )


def earlier_referrals(records: Iterable[IntakeRecord], *, except_visit: int | None = None) -> int:
    """How many of the client's visits (other than ``except_visit``) ended with a referral.

    A visit counts once, by its newest record: a corrected intake that no
    longer refers does not count, and two corrections of one referral are one.
    """
    newest: dict[int, IntakeRecord] = {}
    for record in records:
        kept = newest.get(record.visit_id)
        if kept is None or record.number > kept.number:
            newest[record.visit_id] = record
    return sum(
        1
        for visit_id, record in newest.items()
        if visit_id != except_visit and record.content.outcome is OutcomeKind.REFERRED
    )
