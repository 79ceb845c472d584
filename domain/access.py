"""Who may see and do what (R12): the role-by-action matrix, checked in the use cases.

Every read and write of a client's data is one :class:`~domain.audit.AccessAction`,
and every use case names its action before it touches the data: it calls
:func:`require` first, then reads or writes, then logs the same action with
``uow.audit``. The unit of work refuses to log an action that was not required
first, so a use case cannot forget the check without its tests failing.

The rules follow the work each role does:

- **Reception** registers walk-ins and interviews them. It finds any client (to
  register a returning one) but reads other workers' notes only for clients in
  today's queue. It records contact details and promises callbacks for those
  clients too; each worker's own callback list (what they are to call, what
  they asked others to call) is theirs whatever the clients are.
- **Coordinators** work with their own clients (they are the case manager or in
  the network, or named the current case manager), the clients on their teams'
  agendas and backlogs, today's walk-ins, and clients nobody is responsible for
  yet, so that someone can pick them up.
- **Leads** read the reports, which hold figures without client names.
- **Administrators** manage the staff accounts and the catalogue; they read no
  client data, except the access listing a client asks for.

Reading a client's access listing (the client's legal right) is open to leads,
administrators and the client's coordinator; the listing itself is logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.audit import AccessAction
from domain.errors import DomainError
from domain.i18n import tr
from domain.staff import Staff, StaffRole


class Reach(StrEnum):
    """Which clients a role may touch with one action."""

    ANY = "any"
    """No client condition: lists defined by the action itself, and new records."""
    QUEUE = "queue"
    """Clients with a visit today, at any location."""
    CLIENTS = "clients"
    """A coordinator's clients: own, on the team's agenda, in today's queue, or unassigned."""


class Task(StrEnum):
    """Work that touches no single client's data."""

    REPORTS = "reports"
    STAFF = "staff"
    CATALOGUE = "catalogue"
    OPENING_HOURS = "opening_hours"
    MEETINGS = "meetings"
    CASELOADS = "caseloads"
    """Moving a whole caseload to another worker, e.g. when one leaves."""
    DIRECTORY = "directory"
    """Adding and editing professionals in the shared directory."""


class ClientTies(BaseModel):
    """What links one worker to one client, as storage finds it."""

    model_config = ConfigDict(frozen=True)

    in_todays_queue: bool = False
    own: bool = False
    """The worker is the case manager or in the network, or named the current case manager."""
    on_team_agenda: bool = False
    has_case_manager: bool = False


_A = AccessAction
_R, _C, _L, _D = StaffRole.RECEPTION, StaffRole.COORDINATOR, StaffRole.LEAD, StaffRole.ADMIN

_FRONT_DESK_LISTS = (
    _A.CLIENT_CREATED,
    _A.CLIENT_LISTED_IN_SEARCH,
    _A.CLIENT_LISTED_IN_QUEUE,
    _A.VISIT_REGISTERED,
    _A.CALLBACK_LISTED,
    _A.CALLBACK_DONE,
)
"""Reception's own work on anyone: finding, creating, registering, the queue."""

_FRONT_DESK_NOTES = (
    _A.CLIENT_READ,
    _A.VISIT_UPDATED,
    _A.INTAKE_OPENED,
    _A.INTAKE_DRAFT_SAVED,
    _A.INTAKE_FINISHED,
    _A.INTAKE_CORRECTED,
    _A.SUMMARY_READ,
    _A.CASE_MANAGER_ASSIGNED,
    _A.MEETING_UPDATED,
    _A.FEEDBACK_RECORDED,
    _A.FEEDBACK_READ,
    _A.CONSENT_READ,
    _A.CONTACT_DETAILS_UPDATED,
    _A.CALLBACK_CREATED,
)
"""What an intake needs: the interim case manager and the MOTI proposal included."""

_COORDINATOR_LISTS = (
    *_FRONT_DESK_LISTS,
    _A.CASELOAD_LISTED,
    _A.MEETING_READ,
    _A.MEETING_UPDATED,
    _A.AGENDA_EXPORTED,
)
"""Meetings are team work: whoever runs one works on every client on its agenda."""

MATRIX: dict[AccessAction, dict[StaffRole, Reach]] = {action: {} for action in AccessAction}
"""For each action, the roles that may take it and on which clients; others may not."""

for _action in _FRONT_DESK_LISTS:
    MATRIX[_action][_R] = Reach.ANY
for _action in _FRONT_DESK_NOTES:
    MATRIX[_action][_R] = Reach.QUEUE
for _action in AccessAction:
    MATRIX[_action][_C] = Reach.ANY if _action in _COORDINATOR_LISTS else Reach.CLIENTS
MATRIX[_A.AUDIT_LISTED][_L] = Reach.ANY
MATRIX[_A.AUDIT_LISTED][_D] = Reach.ANY
# An intake that ends "referred" records the referral at the front desk.
MATRIX[_A.REFERRAL_RECORDED][_R] = Reach.QUEUE
MATRIX[_A.REFERRAL_READ][_R] = Reach.QUEUE
# The joint-client decision follows the intake, which reception makes at the desk.
MATRIX[_A.JOINT_CLIENT_DECIDED][_R] = Reach.QUEUE

TASKS: dict[Task, frozenset[StaffRole]] = {
    Task.REPORTS: frozenset({_C, _L}),
    Task.STAFF: frozenset({_D}),
    Task.CATALOGUE: frozenset({_C, _D}),
    Task.OPENING_HOURS: frozenset({_C, _L, _D}),
    Task.MEETINGS: frozenset({_C}),
    Task.CASELOADS: frozenset({_C}),
    Task.DIRECTORY: frozenset({_C}),
}


class AccessDenied(DomainError):
    """The actor's role does not reach this action or this client; nothing was read."""


def may(role: StaffRole, action: AccessAction) -> bool:
    """Whether the role may take ``action`` on at least some clients (for keys and menus)."""
    return role in MATRIX[action]


def may_do(role: StaffRole, task: Task) -> bool:
    return role in TASKS[task]


def reaches(reach: Reach, ties: ClientTies) -> bool:
    """Whether ``ties`` put the client within ``reach``."""
    match reach:
        case Reach.ANY:
            return True
        case Reach.QUEUE:
            return ties.in_todays_queue
        case Reach.CLIENTS:
            return (
                ties.own or ties.on_team_agenda or ties.in_todays_queue or not ties.has_case_manager
            )


def roles_for(action: AccessAction) -> frozenset[StaffRole]:
    """The roles that may take ``action`` on at least some clients."""
    return frozenset(MATRIX[action])


def roles_for_task(task: Task) -> frozenset[StaffRole]:
    return TASKS[task]


def refusal(role: StaffRole, allowed: Iterable[StaffRole]) -> str:
    """Why ``role`` may not do work that is for the ``allowed`` roles, in plain words.

    "Tämä kuuluu koordinaattoreille ja pääkäyttäjille, ei roolillesi (Vastaanotto)."
    The roles are listed in the order of :class:`StaffRole`, from the front desk on.
    """
    names = [other.people for other in StaffRole if other in set(allowed)]
    listed = (
        ", ".join(names[:-1]) + " " + tr("access.and") + " " + names[-1]
        if len(names) > 1
        else names[0]
    )
    return tr("access.denied_role", allowed=listed, role=role.label)


def _denied_role(actor: Staff, allowed: Iterable[StaffRole]) -> AccessDenied:
    return AccessDenied(refusal(actor.role, allowed))


def require_task(actor: Staff, task: Task) -> None:
    """Refuse work outside the actor's role."""
    if not may_do(actor.role, task):
        raise _denied_role(actor, TASKS[task])
