"""The hash-chained access log in the database: appending, verifying, listing (R12).

The log also records account administration; such an event names the staff
account instead of a client and is chained like any other.

Appending keeps the chain linear even with several terminals writing at once:
nobody else can append between reading the newest hash and the commit, so ids
and chain order agree.

- On SQLite the new events are inserted first, which takes the database's
  write lock; then the newest earlier hash is read and the events are chained
  to it with one update each.
- On PostgreSQL an advisory transaction lock is taken first. With it held, one
  statement reads the newest hash and takes the events' ids from the sequence,
  and the events are inserted once, already chained. A search logs up to 50
  clients, so this is three round trips instead of an insert, a read and 50
  updates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session, aliased

from domain.audit import (
    GENESIS_HASH,
    AccountAuditEntry,
    Anchor,
    AuditEntry,
    AuditEvent,
    ChainCheck,
    chain_hashes,
    check_chain,
)
from storage.orm import AccessEventRow, StaffRow

AUDIT_LOCK_KEY = 0x52494E4E  # "RINN": the advisory lock every access-log writer takes
"""PostgreSQL advisory lock held from inserting events until commit."""

_BATCH = 1000


def _event(row: AccessEventRow) -> AuditEvent:
    return AuditEvent.model_validate(row, from_attributes=True)


def append_events(session: Session, rows: Sequence[AccessEventRow]) -> None:
    """Insert ``rows`` and chain them after the newest event already in the log.

    Called once per commit with every event of the transaction, so one
    transaction's events stay together and the extra work is per commit, not
    per event.
    """
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        _append_on_postgresql(session, rows)
        return
    session.add_all(rows)
    session.flush()  # from here on this transaction holds the write lock
    ordered = sorted(rows, key=lambda row: row.id)
    previous = session.scalar(
        select(AccessEventRow.hash)
        .where(AccessEventRow.id < ordered[0].id)
        .order_by(AccessEventRow.id.desc())
        .limit(1)
    )
    _chain(ordered, previous)
    session.flush()


def _append_on_postgresql(session: Session, rows: Sequence[AccessEventRow]) -> None:
    # Sequence values are handed out before commit; without the lock a later
    # id could commit first and the chain would fork. With it, every earlier
    # appender has committed, so the newest hash read here is the chain's head.
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})
    taken = session.execute(_IDS_AND_HEAD, {"count": len(rows)}).all()
    for row, (event_id, _) in zip(rows, sorted(taken), strict=True):
        row.id = event_id
    _chain(rows, taken[0].head)
    session.add_all(rows)
    session.flush()


_IDS_AND_HEAD = text(
    "SELECT nextval(pg_get_serial_sequence('access_log', 'id')) AS id, "
    "(SELECT hash FROM access_log ORDER BY id DESC LIMIT 1) AS head "
    "FROM generate_series(1, :count)"
)
"""``count`` new ids in order, each row with the newest hash in the log (or NULL)."""


def _chain(ordered: Sequence[AccessEventRow], previous: str | None) -> None:
    """Set each row's chain fields, the rows in id order, after ``previous``."""
    links = chain_hashes((_event(row) for row in ordered), previous or GENESIS_HASH)
    for row, (_, prev_hash, own) in zip(ordered, links, strict=True):
        row.prev_hash = prev_hash
        row.hash = own


def _stream(session: Session) -> Iterator[AuditEvent]:
    result = session.execute(
        select(
            AccessEventRow.id,
            AccessEventRow.at,
            AccessEventRow.actor_id,
            AccessEventRow.action,
            AccessEventRow.client_id,
            AccessEventRow.purpose,
            AccessEventRow.prev_hash,
            AccessEventRow.hash,
            AccessEventRow.account_id,
            AccessEventRow.detail,
        )
        .order_by(AccessEventRow.id)
        .execution_options(yield_per=_BATCH)
    )
    try:
        for row in result:
            yield AuditEvent.model_validate(row._mapping)
    finally:
        result.close()


def verify_chain(session: Session, anchors: Sequence[Anchor] = ()) -> ChainCheck:
    """Check every event's link and hash, in id order, stopping at the first break;
    the log must still contain each of ``anchors`` (heads written down earlier).

    Rows are streamed in batches (plain columns, no ORM objects), so a log of
    millions of events is checked in flat memory.
    """
    return check_chain(_stream(session), anchors)


def logged_since(
    session: Session,
    actor_id: int,
    action: str,
    client_ids: Collection[int],
    since: dt.datetime,
) -> set[int]:
    """Of ``client_ids``, those the actor's ``action`` was already logged for since ``since``."""
    if not client_ids:
        return set()
    return set(
        session.scalars(
            select(AccessEventRow.client_id)
            .where(
                AccessEventRow.client_id.in_(sorted(client_ids)),
                AccessEventRow.actor_id == actor_id,
                AccessEventRow.action == action,
                AccessEventRow.at >= since,
            )
            .distinct()
        )
    )


def account_events(session: Session) -> list[AccountAuditEntry]:
    """Who added, reset, disabled, enabled or changed the role of which account; newest first."""
    actor, account = aliased(StaffRow), aliased(StaffRow)
    rows = session.execute(
        select(
            AccessEventRow.at,
            actor.name,
            AccessEventRow.action,
            account.name,
            AccessEventRow.detail,
        )
        .join(actor, actor.id == AccessEventRow.actor_id)
        .join(account, account.id == AccessEventRow.account_id)
        .order_by(AccessEventRow.id.desc())
    )
    return [
        AccountAuditEntry(
            at=at, actor_name=actor_name, action=action, account_name=account_name, detail=detail
        )
        for at, actor_name, action, account_name, detail in rows
    ]


def events_for_client(session: Session, client_id: int) -> list[AuditEntry]:
    """Who has accessed the client's data, when, how and why; newest first.

    "Newest" is the log's own order (ids, the chain order), not the recorded
    time, which comes from each terminal's clock.

    For the client's own request (R12): the listing names the workers, so it is
    itself an access to be logged by the caller.
    """
    rows = session.execute(
        select(
            AccessEventRow.at,
            StaffRow.name,
            AccessEventRow.action,
            AccessEventRow.purpose,
        )
        .join(StaffRow, StaffRow.id == AccessEventRow.actor_id)
        .where(AccessEventRow.client_id == client_id)
        .order_by(AccessEventRow.id.desc())
    )
    return [
        AuditEntry(at=at, actor_name=name, action=action, purpose=purpose)
        for at, name, action, purpose in rows
    ]
