"""What the access log records about client data, and how its integrity is checked.

Every read and write of a client's data is an access event (rule R12). The unit
of work writes the event in the same transaction as the data, so there is never
data without its log line.

The log is append-only and hash-chained: each event carries the hash of the one
before it (by id) and its own hash over its contents and that link. Editing,
deleting or reordering an event therefore breaks the chain at that event or
the one after it, and :func:`check_chain` names the first break. The hash
functions live here, in pure Python, so that writing (storage), the migration
that chains old rows and verification all compute exactly the same thing.

What a chain alone cannot show: deleting the *newest* events (the remaining
chain is intact) and rewriting the whole log from some event on with freshly
computed hashes (nothing secret goes into a hash). The check therefore reports
how many events it saw and the newest hash, so that a count or hash written down
earlier can be compared with today's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.i18n import define, tr


class AccessAction(StrEnum):
    """The kinds of access to a client's data."""

    CLIENT_CREATED = "client.create"
    CLIENT_LISTED_IN_SEARCH = "client.search"
    CLIENT_LISTED_IN_QUEUE = "queue.view"
    CLIENT_READ = "client.read"
    VISIT_REGISTERED = "visit.register"
    VISIT_UPDATED = "visit.update"
    INTAKE_OPENED = "intake.open"
    INTAKE_DRAFT_SAVED = "intake.draft"
    INTAKE_FINISHED = "intake.finish"
    INTAKE_CORRECTED = "intake.correct"
    SUMMARY_READ = "client.summary"
    CASE_MANAGER_ASSIGNED = "case_manager.assign"
    CASE_MANAGER_ENDED = "case_manager.end"
    NETWORK_READ = "network.read"
    NETWORK_UPDATED = "network.update"
    CONTACTS_CARD = "network.card"
    CASELOAD_LISTED = "caseload.list"
    MEETING_READ = "meeting.read"
    MEETING_UPDATED = "meeting.update"
    AGENDA_EXPORTED = "meeting.export"
    PENDING_ASSESSMENT_READ = "pending_assessment.read"
    PENDING_ASSESSMENT_UPDATED = "pending_assessment.update"
    CARE_ALLOWANCE_UPDATED = "client.care_allowance"
    DEADLINES_LISTED = "deadlines.list"
    FEEDBACK_RECORDED = "feedback.record"
    FEEDBACK_READ = "feedback.read"
    CASE_MANAGER_UPDATED = "case_manager.update"
    AUDIT_LISTED = "audit.client"
    CONSENT_READ = "consent.read"
    CONSENT_UPDATED = "consent.update"

    @property
    def label(self) -> str:
        """What the worker did, as the client reads it in their access listing."""
        return tr(f"audit.action.{self.value}")


define(
    {
        "audit.action.client.create": ("loi asiakkaan tiedot", "created the client's record"),
        "audit.action.client.search": (
            "näki asiakkaan hakutuloksissa",
            "saw the client in search results",
        ),
        "audit.action.queue.view": ("näki asiakkaan jonossa", "saw the client in the queue"),
        "audit.action.client.read": ("luki asiakkaan tiedot", "read the client's details"),
        "audit.action.visit.register": ("kirjasi käynnin", "registered a visit"),
        "audit.action.visit.update": ("muutti käynnin tietoja", "updated a visit"),
        "audit.action.intake.open": (
            "avasi tilannekartoituksen",
            "opened the intake interview",
        ),
        "audit.action.intake.draft": (
            "tallensi tilannekartoituksen luonnoksen",
            "saved a draft of the intake interview",
        ),
        "audit.action.intake.finish": (
            "kirjasi tilannekartoituksen",
            "recorded the intake interview",
        ),
        "audit.action.intake.correct": (
            "korjasi tilannekartoitusta",
            "corrected the intake interview",
        ),
        "audit.action.client.summary": ("luki yhteenvedon", "read the summary"),
        "audit.action.case_manager.assign": ("nimesi asiakasvastaavan", "named the case manager"),
        "audit.action.case_manager.end": (
            "päätti asiakasvastaavuuden",
            "ended the case management",
        ),
        "audit.action.case_manager.update": (
            "muutti asiakasvastaavuuden tietoja",
            "updated the case management",
        ),
        "audit.action.network.read": ("luki verkoston", "read the network"),
        "audit.action.network.update": ("muutti verkostoa", "changed the network"),
        "audit.action.network.card": (
            "tulosti yhteystietokortin",
            "printed the contacts card",
        ),
        "audit.action.caseload.list": (
            "näki asiakkaan asiakasvastaavan asiakaslistalla",
            "saw the client in a case manager's caseload",
        ),
        "audit.action.meeting.read": ("luki MOTI-palaverin tiedot", "read a MOTI meeting"),
        "audit.action.meeting.update": (
            "muutti MOTI-palaverin tietoja",
            "updated a MOTI meeting",
        ),
        "audit.action.meeting.export": (
            "vei MOTI-palaverin asialistan",
            "exported a MOTI meeting's agenda",
        ),
        "audit.action.pending_assessment.read": (
            "luki vireillä olevan palvelutarpeen arvioinnin",
            "read a pending service need assessment",
        ),
        "audit.action.pending_assessment.update": (
            "muutti vireillä olevaa palvelutarpeen arviointia",
            "updated a pending service need assessment",
        ),
        "audit.action.client.care_allowance": (
            "muutti hoitotukitietoa",
            "updated the care allowance",
        ),
        "audit.action.deadlines.list": (
            "näki asiakkaan määräaikalistalla",
            "saw the client in the deadline list",
        ),
        "audit.action.feedback.record": ("kirjasi palautteen", "recorded feedback"),
        "audit.action.feedback.read": ("luki palautteen", "read feedback"),
        "audit.action.audit.client": ("katsoi käyttölokin", "viewed the access log"),
        "audit.action.consent.read": (
            "luki luovutussuostumukset",
            "read the consents to disclose",
        ),
        "audit.action.consent.update": (
            "kirjasi luovutussuostumuksen",
            "recorded a consent to disclose",
        ),
        "audit.problem.edited": (
            "tapahtuman tietoja on muutettu",
            "the event's contents have been changed",
        ),
        "audit.problem.missing_or_reordered": (
            "sitä edeltävä tapahtuma puuttuu tai järjestys on muuttunut",
            "an event before it is missing or the order has changed",
        ),
        "audit.problem.unchained": (
            "tapahtumalla ei ole tiivistettä (kirjoitettu Rinnallan ohi)",
            "the event has no hash (written past Rinnalla)",
        ),
    }
)


def action_label(action: str) -> str:
    """The human label of a stored action; an unknown one (a newer version's) as stored."""
    try:
        return AccessAction(action).label
    except ValueError:
        return action


GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the very first event: there is nothing before it."""


def _utc_text(at: dt.datetime) -> str:
    """The instant as UTC ISO-8601 with microseconds: one spelling per instant.

    Both databases keep microseconds, so what is hashed on writing is exactly
    what comes back on reading.
    """
    if at.tzinfo is None:
        raise ValueError("naive datetime in the access log")
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    event_id: int,
    at: dt.datetime,
    actor_id: int,
    action: str,
    client_id: int,
    purpose: str | None,
    prev_hash: str | None,
) -> str:
    """SHA-256 (hex) over the event's canonical serialisation.

    The id is included, so moving contents from one id to another (reordering)
    changes the hash; ``prev_hash`` is included, so each event vouches for the
    one before it. JSON of a list gives an unambiguous encoding of the fields.
    """
    canonical = json.dumps(
        [event_id, _utc_text(at), actor_id, action, client_id, purpose or "", prev_hash or ""],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditEvent(BaseModel):
    """One stored access event with its chain fields, as verification reads it."""

    model_config = ConfigDict(frozen=True)

    id: int
    at: dt.datetime
    actor_id: int
    action: str
    client_id: int
    purpose: str | None = None
    prev_hash: str | None = None
    hash: str | None = None

    def expected_hash(self) -> str:
        """The hash this event should carry given its contents and its link."""
        return event_hash(
            event_id=self.id,
            at=self.at,
            actor_id=self.actor_id,
            action=self.action,
            client_id=self.client_id,
            purpose=self.purpose,
            prev_hash=self.prev_hash,
        )


class ChainProblem(StrEnum):
    """Why an event breaks the chain."""

    EDITED = "edited"
    """Its contents no longer match its own hash."""
    MISSING_OR_REORDERED = "missing_or_reordered"
    """Its link does not match the event before it: one was deleted or moved."""
    UNCHAINED = "unchained"
    """It carries no hash at all: written to the table directly."""

    @property
    def label(self) -> str:
        return tr(f"audit.problem.{self.value}")


class BadEvent(BaseModel):
    """The first event where the chain breaks."""

    model_config = ConfigDict(frozen=True)

    id: int
    at: dt.datetime
    problem: ChainProblem
    previous_id: int | None
    """The last intact event before it (None: it is the first event)."""


class ChainCheck(BaseModel):
    """The result of verifying the whole access log.

    ``checked`` counts the events read, up to and including a bad one; with an
    intact chain it is the number of events, which together with ``head`` (the
    newest hash) shows truncation when compared with an earlier check.
    """

    model_config = ConfigDict(frozen=True)

    checked: int
    first_bad: BadEvent | None = None
    last_id: int | None = None
    head: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        return self.first_bad is None


def check_chain(events: Iterable[AuditEvent]) -> ChainCheck:
    """Walk the events in id order and stop at the first one that breaks the chain.

    The link is checked before the contents: after a deleted event the next one
    is reported as "missing or reordered" rather than as edited, which is what
    happened to it. ``events`` may be a stream; nothing is kept but the last hash.
    """
    expected_prev = GENESIS_HASH
    checked = 0
    last_id: int | None = None
    for event in events:
        checked += 1
        problem: ChainProblem | None = None
        if event.hash is None or event.prev_hash is None:
            problem = ChainProblem.UNCHAINED
        elif event.prev_hash != expected_prev:
            problem = ChainProblem.MISSING_OR_REORDERED
        elif event.hash != event.expected_hash():
            problem = ChainProblem.EDITED
        if problem is not None:
            return ChainCheck(
                checked=checked,
                first_bad=BadEvent(id=event.id, at=event.at, problem=problem, previous_id=last_id),
                last_id=last_id,
                head=expected_prev,
            )
        assert event.hash is not None
        expected_prev = event.hash
        last_id = event.id
    return ChainCheck(checked=checked, last_id=last_id, head=expected_prev)


def chain_hashes(
    events: Iterable[AuditEvent], prev_hash: str = GENESIS_HASH
) -> list[tuple[int, str, str]]:
    """``(id, prev_hash, hash)`` for events appended after ``prev_hash``, in the given order.

    Used when writing new events and when chaining rows that predate the chain.
    """
    result = []
    for event in events:
        own = event.model_copy(update={"prev_hash": prev_hash}).expected_hash()
        result.append((event.id, prev_hash, own))
        prev_hash = own
    return result


class AuditEntry(BaseModel):
    """One line of a client's access listing: who, when, what and why (R12)."""

    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    actor_name: str
    action: str
    purpose: str | None = None

    @property
    def action_label(self) -> str:
        return action_label(self.action)
