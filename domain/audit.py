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

What a chain alone cannot show: deleting the *newest* events or all of them
(what remains is intact), and rewriting the log from some event on with freshly
computed hashes (nothing secret goes into a hash). Every check therefore
reports the newest event and its hash, the *head*, to be kept outside the
database; a later check given that head as its :class:`Anchor` requires the log
to still contain it, so that everything up to it is proven unchanged. Events
appended after the last anchor with correctly computed hashes cannot be told
from real ones; the check says how many there are.

Besides access to client data the log records account administration (who
added, reset, disabled, enabled or changed the role of which account), so that
nobody can give themselves a role, read, and take it back unseen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.i18n import N_, tr
from domain.roles import StaffRole


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
    CONTACT_DETAILS_UPDATED = "client.contact"
    CALLBACK_CREATED = "callback.create"
    CALLBACK_LISTED = "callback.list"
    CALLBACK_DONE = "callback.done"
    REFERRAL_READ = "referral.read"
    REFERRAL_RECORDED = "referral.record"
    JOINT_CLIENT_DECIDED = "joint_client.decide"

    @property
    def label(self) -> str:
        """What the worker did, as the client reads it in their access listing."""
        return tr(f"audit.action.{self.value}")


class AccountAction(StrEnum):
    """The kinds of account administration, logged in the same chain.

    Apart from :class:`AccessAction`: they concern a staff account, not a
    client's data, and only an administrator takes them (``domain.accounts``),
    so they have no place in the role-by-client access matrix.
    """

    ADDED = "account.add"
    PASSPHRASE_RESET = "account.reset"
    DISABLED = "account.disable"
    ENABLED = "account.enable"
    ROLE_CHANGED = "account.role"
    WAIT_ENDED = "account.unlock"

    @property
    def label(self) -> str:
        return tr(f"audit.action.{self.value}")


# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("audit.action.client.create"),
    N_("audit.action.client.search"),
    N_("audit.action.queue.view"),
    N_("audit.action.client.read"),
    N_("audit.action.visit.register"),
    N_("audit.action.visit.update"),
    N_("audit.action.intake.open"),
    N_("audit.action.intake.draft"),
    N_("audit.action.intake.finish"),
    N_("audit.action.intake.correct"),
    N_("audit.action.client.summary"),
    N_("audit.action.case_manager.assign"),
    N_("audit.action.case_manager.end"),
    N_("audit.action.case_manager.update"),
    N_("audit.action.network.read"),
    N_("audit.action.network.update"),
    N_("audit.action.network.card"),
    N_("audit.action.caseload.list"),
    N_("audit.action.meeting.read"),
    N_("audit.action.meeting.update"),
    N_("audit.action.meeting.export"),
    N_("audit.action.pending_assessment.read"),
    N_("audit.action.pending_assessment.update"),
    N_("audit.action.client.care_allowance"),
    N_("audit.action.deadlines.list"),
    N_("audit.action.feedback.record"),
    N_("audit.action.feedback.read"),
    N_("audit.action.audit.client"),
    N_("audit.action.consent.read"),
    N_("audit.action.consent.update"),
    N_("audit.action.client.contact"),
    N_("audit.action.callback.create"),
    N_("audit.action.callback.list"),
    N_("audit.action.callback.done"),
    N_("audit.action.referral.read"),
    N_("audit.action.referral.record"),
    N_("audit.action.joint_client.decide"),
    N_("audit.action.account.add"),
    N_("audit.action.account.reset"),
    N_("audit.action.account.disable"),
    N_("audit.action.account.enable"),
    N_("audit.action.account.role"),
    N_("audit.action.account.unlock"),
    N_("audit.problem.edited"),
    N_("audit.problem.missing_or_reordered"),
    N_("audit.problem.unchained"),
)


def action_label(action: str) -> str:
    """The human label of a stored action; an unknown one (a newer version's) as stored."""
    for kind in (AccessAction, AccountAction):
        try:
            return kind(action).label
        except ValueError:
            continue
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
    client_id: int | None,
    purpose: str | None,
    prev_hash: str | None,
    account_id: int | None = None,
    detail: str | None = None,
) -> str:
    """SHA-256 (hex) over the event's canonical serialisation.

    The id is included, so moving contents from one id to another (reordering)
    changes the hash; ``prev_hash`` is included, so each event vouches for the
    one before it. JSON of a list gives an unambiguous encoding of the fields.
    An account event appends its account and detail: the list is longer, so it
    never spells the same as a client event, and client events hash exactly as
    they did before accounts were logged.
    """
    fields: list[object] = [
        event_id,
        _utc_text(at),
        actor_id,
        action,
        client_id,
        purpose or "",
        prev_hash or "",
    ]
    if account_id is not None:
        fields += [account_id, detail or ""]
    canonical = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditEvent(BaseModel):
    """One stored access event with its chain fields, as verification reads it."""

    model_config = ConfigDict(frozen=True)

    id: int
    at: dt.datetime
    actor_id: int
    action: str
    client_id: int | None
    purpose: str | None = None
    prev_hash: str | None = None
    hash: str | None = None
    account_id: int | None = None
    """The staff account an account-administration event is about."""
    detail: str | None = None
    """What changed on the account (a role), never a passphrase or its hash."""

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
            account_id=self.account_id,
            detail=self.detail,
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


HEAD_PREFIX_MIN = 16
"""The fewest leading characters of a head hash that a written-down anchor may keep.

Sixteen hex digits are 64 bits: rewriting the log so that some event's hash
starts with them again takes about 2**64 hashes, out of anyone's reach, while
the digits still fit on a line of paper."""


class Anchor(BaseModel):
    """A head written down earlier, outside the database: the log must still contain it.

    ``head`` is the full hash or at least :data:`HEAD_PREFIX_MIN` of its first
    characters; ``event_id``, when known (an anchor file keeps it), must be the
    event that carries it. The head of an empty log (:data:`GENESIS_HASH`)
    is before every event.
    """

    model_config = ConfigDict(frozen=True)

    head: str
    event_id: int | None = None

    def matches(self, event_id: int, event_hash: str) -> bool:
        if self.event_id is not None and self.event_id != event_id:
            return False
        return event_hash.startswith(self.head.lower())

    @property
    def is_genesis(self) -> bool:
        return GENESIS_HASH.startswith(self.head.lower()) and self.event_id is None


def parse_head(text: str) -> str | None:
    """A head as typed (hex, any case, spaces allowed), or None if it is not one."""
    cleaned = "".join(text.split()).lower()
    if not HEAD_PREFIX_MIN <= len(cleaned) <= len(GENESIS_HASH):
        return None
    if any(character not in "0123456789abcdef" for character in cleaned):
        return None
    return cleaned


class ChainCheck(BaseModel):
    """The result of verifying the whole access log.

    ``checked`` counts the events read, up to and including a bad one; with an
    intact chain it is the number of events, and ``last_id`` and ``head`` (the
    newest hash) are what to write down for the next check's anchor.

    ``missing_anchors`` are the anchors given that an intact log no longer
    contains; ``anchor_id`` is the newest event carrying one that it does
    contain (0: the empty log's head) and ``after_anchor`` how many events
    follow that one.
    """

    model_config = ConfigDict(frozen=True)

    checked: int
    first_bad: BadEvent | None = None
    last_id: int | None = None
    head: str = GENESIS_HASH
    missing_anchors: tuple[Anchor, ...] = ()
    anchor_id: int | None = None
    after_anchor: int = 0

    @property
    def ok(self) -> bool:
        return self.first_bad is None and not self.missing_anchors


def check_chain(events: Iterable[AuditEvent], anchors: Sequence[Anchor] = ()) -> ChainCheck:
    """Walk the events in id order and stop at the first one that breaks the chain.

    The link is checked before the contents: after a deleted event the next one
    is reported as "missing or reordered" rather than as edited, which is what
    happened to it. ``events`` may be a stream; nothing is kept but the last hash.

    An intact chain must also contain every anchor given (a head written down
    earlier); otherwise events up to it were deleted or rewritten with new
    hashes, or the log was replaced, none of which the chain alone can show.
    """
    expected_prev = GENESIS_HASH
    checked = 0
    last_id: int | None = None
    waiting = [anchor for anchor in anchors if not anchor.is_genesis]
    anchor_id: int | None = 0 if len(waiting) < len(anchors) else None
    after_anchor = 0
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
        after_anchor += 1
        if waiting:
            found = [anchor for anchor in waiting if anchor.matches(event.id, event.hash)]
            if found:
                waiting = [anchor for anchor in waiting if anchor not in found]
                anchor_id, after_anchor = event.id, 0
    return ChainCheck(
        checked=checked,
        last_id=last_id,
        head=expected_prev,
        missing_anchors=tuple(waiting),
        anchor_id=anchor_id,
        after_anchor=after_anchor if anchor_id is not None else 0,
    )


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


class AccountAuditEntry(BaseModel):
    """One line of the account-administration listing: who did what to which account."""

    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    actor_name: str
    action: str
    account_name: str
    detail: str | None = None

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def detail_label(self) -> str:
        """The role (or the old and the new role) in the reader's language."""
        if not self.detail:
            return ""
        return " → ".join(_role_label(part) for part in self.detail.split("→"))


def _role_label(value: str) -> str:
    try:
        return StaffRole(value).label
    except ValueError:
        return value


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
