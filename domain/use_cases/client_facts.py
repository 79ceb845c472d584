"""Reading the R7 facts of a client from their network and history."""

from __future__ import annotations

import datetime as dt

from domain.client_facts import earlier_referrals, network_sectors
from domain.intake import KnownFacts
from domain.ports import UnitOfWork

FACTS_WINDOW = dt.timedelta(days=183)
"""'The last 6 months' of R7."""


def client_facts(
    uow: UnitOfWork,
    client_id: int,
    now: dt.datetime,
    today: dt.date,
    *,
    current_visit: int | None = None,
    recorded: bool = False,
) -> KnownFacts:
    """The client's facts as of now (inside an open unit of work).

    The summary's joint-client decision is about the client: every visit
    counts. The interview passes the visit it is on as ``current_visit``, which
    is not earlier contact (``recorded``: that visit already has an intake
    record, which is not an earlier intake either).
    """
    recent = uow.visits.count_for_client_since(client_id, now - FACTS_WINDOW)
    earlier = uow.intakes.visits_with_records(client_id)
    if current_visit is not None:
        recent -= 1
        earlier -= 1 if recorded else 0
    return KnownFacts(
        visits_last_6_months=max(0, recent),
        earlier_intakes=max(0, earlier),
        network_sectors=network_sectors(uow.network.members_for(client_id), today),
        earlier_referrals=earlier_referrals(
            uow.intakes.records_for_client(client_id), except_visit=current_visit
        ),
    )
