"""The role-by-action matrix, written out as the table a service owner approves.

The table below is the specification; ``domain.access.MATRIX`` must say the
same for every role and action, and every action must appear here, so that a
new kind of access cannot slip in without someone deciding who may take it.
"""

from __future__ import annotations

import pytest

from domain.access import (
    MATRIX,
    TASKS,
    AccessDenied,
    ClientTies,
    Reach,
    Task,
    may,
    reaches,
    refusal,
    require_task,
)
from domain.audit import AccessAction as A
from domain.i18n import set_language
from domain.staff import Staff, StaffRole
from domain.use_cases.access import require
from tests.fakes import FakeUnitOfWork

# reception, coordinator, lead, admin: "-" may not, "any" every client,
# "queue" only clients in today's queue, "own" the coordinator's clients.
SPEC: dict[A, tuple[str, str, str, str]] = {
    A.CLIENT_CREATED: ("any", "any", "-", "-"),
    A.CLIENT_LISTED_IN_SEARCH: ("any", "any", "-", "-"),
    A.CLIENT_LISTED_IN_QUEUE: ("any", "any", "-", "-"),
    A.VISIT_REGISTERED: ("any", "any", "-", "-"),
    A.CLIENT_READ: ("queue", "own", "-", "-"),
    A.VISIT_UPDATED: ("queue", "own", "-", "-"),
    A.INTAKE_OPENED: ("queue", "own", "-", "-"),
    A.INTAKE_DRAFT_SAVED: ("queue", "own", "-", "-"),
    A.INTAKE_FINISHED: ("queue", "own", "-", "-"),
    A.INTAKE_CORRECTED: ("queue", "own", "-", "-"),
    A.SUMMARY_READ: ("queue", "own", "-", "-"),
    A.CASE_MANAGER_ASSIGNED: ("queue", "own", "-", "-"),
    A.MEETING_UPDATED: ("queue", "any", "-", "-"),
    A.FEEDBACK_RECORDED: ("queue", "own", "-", "-"),
    A.CONSENT_READ: ("queue", "own", "-", "-"),
    A.CASE_MANAGER_ENDED: ("-", "own", "-", "-"),
    A.CASE_MANAGER_UPDATED: ("-", "own", "-", "-"),
    A.NETWORK_READ: ("-", "own", "-", "-"),
    A.NETWORK_UPDATED: ("-", "own", "-", "-"),
    A.CONTACTS_CARD: ("-", "own", "-", "-"),
    A.CONSENT_UPDATED: ("-", "own", "-", "-"),
    A.PENDING_ASSESSMENT_READ: ("-", "own", "-", "-"),
    A.PENDING_ASSESSMENT_UPDATED: ("-", "own", "-", "-"),
    A.CARE_ALLOWANCE_UPDATED: ("-", "own", "-", "-"),
    A.DEADLINES_LISTED: ("-", "own", "-", "-"),
    A.FEEDBACK_READ: ("queue", "own", "-", "-"),
    A.CASELOAD_LISTED: ("-", "any", "-", "-"),
    A.MEETING_READ: ("-", "any", "-", "-"),
    A.AGENDA_EXPORTED: ("-", "any", "-", "-"),
    A.AUDIT_LISTED: ("-", "own", "any", "any"),
    # Contact details and callbacks: the desk promises calls to whoever is in its queue;
    # each worker's own callback list is theirs whoever the clients are.
    A.CONTACT_DETAILS_UPDATED: ("queue", "own", "-", "-"),
    A.CALLBACK_CREATED: ("queue", "own", "-", "-"),
    A.CALLBACK_LISTED: ("any", "any", "-", "-"),
    A.CALLBACK_DONE: ("any", "any", "-", "-"),
    A.REFERRAL_RECORDED: ("queue", "own", "-", "-"),
    A.REFERRAL_READ: ("queue", "own", "-", "-"),
    A.JOINT_CLIENT_DECIDED: ("queue", "own", "-", "-"),
}

TASK_SPEC: dict[Task, tuple[bool, bool, bool, bool]] = {
    Task.REPORTS: (False, True, True, False),
    Task.STAFF: (False, False, False, True),
    Task.CATALOGUE: (False, True, False, True),
    Task.OPENING_HOURS: (False, True, True, True),
    Task.MEETINGS: (False, True, False, False),
    Task.CASELOADS: (False, True, False, False),
    Task.DIRECTORY: (False, True, False, False),
}


ROLES = (StaffRole.RECEPTION, StaffRole.COORDINATOR, StaffRole.LEAD, StaffRole.ADMIN)
WORDS = {Reach.ANY: "any", Reach.QUEUE: "queue", Reach.CLIENTS: "own"}


def test_every_kind_of_access_has_a_decided_row() -> None:
    assert set(SPEC) == set(A)
    assert set(TASK_SPEC) == set(Task)


@pytest.mark.parametrize("action", list(A))
@pytest.mark.parametrize("column", range(4))
def test_the_matrix_is_the_specification(action: A, column: int) -> None:
    role = ROLES[column]
    reach = MATRIX[action].get(role)
    assert (WORDS[reach] if reach else "-") == SPEC[action][column]
    assert may(role, action) is (reach is not None)


@pytest.mark.parametrize("task", list(Task))
@pytest.mark.parametrize("column", range(4))
def test_tasks_follow_the_specification(task: Task, column: int) -> None:
    role = ROLES[column]
    assert (role in TASKS[task]) is TASK_SPEC[task][column]
    actor = Staff(id=1, name="Testi", role=role)
    if TASK_SPEC[task][column]:
        require_task(actor, task)
    else:
        with pytest.raises(AccessDenied, match=role.label):
            require_task(actor, task)


def test_lead_and_administrator_read_no_client_data() -> None:
    for role in (StaffRole.LEAD, StaffRole.ADMIN):
        assert [a for a in A if may(role, a)] == [A.AUDIT_LISTED]


@pytest.mark.parametrize(
    ("ties", "queue", "clients"),
    [
        (ClientTies(), False, True),  # nobody is responsible yet: someone must pick it up
        (ClientTies(has_case_manager=True), False, False),
        (ClientTies(has_case_manager=True, in_todays_queue=True), True, True),
        (ClientTies(has_case_manager=True, own=True), False, True),
        (ClientTies(has_case_manager=True, on_team_agenda=True), False, True),
    ],
)
def test_reach_by_ties(ties: ClientTies, queue: bool, clients: bool) -> None:
    assert reaches(Reach.ANY, ties)
    assert reaches(Reach.QUEUE, ties) is queue
    assert reaches(Reach.CLIENTS, ties) is clients


def refusals(role: StaffRole) -> list[tuple[frozenset[StaffRole], str]]:
    """Every refusal ``role`` can meet for want of a role, with the roles that may."""
    actor = Staff(id=1, name="Testi", role=role)
    found: list[tuple[frozenset[StaffRole], str]] = []
    for task in Task:
        if role not in TASKS[task]:
            with pytest.raises(AccessDenied) as refused:
                require_task(actor, task)
            found.append((TASKS[task], refused.value.message))
    for action in A:
        if role not in MATRIX[action]:
            with pytest.raises(AccessDenied) as refused:
                require(
                    FakeUnitOfWork(), actor, action, 1
                )  # every client tied: only the role refuses
            found.append((frozenset(MATRIX[action]), refused.value.message))
    return found


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_a_refusal_names_the_roles_the_work_belongs_to(role: StaffRole, language: str) -> None:
    """Whatever the role, the refusal says who does this work, never "ask your lead"."""
    set_language(language)
    try:
        found = refusals(role)
        assert found
        for allowed, message in found:
            assert role.label in message
            for other in allowed:
                assert other.people in message, (message, other)
            # Nobody is sent to ask someone: a lead has no lead to ask, and
            # an administrator's work is not a client's matters.
            assert "Pyydä" not in message and "Ask" not in message, message
    finally:
        set_language("fi")


def test_the_roles_are_listed_in_plain_words() -> None:
    actor = Staff(id=1, name="Testi", role=StaffRole.LEAD)
    with pytest.raises(AccessDenied) as refused:
        require(FakeUnitOfWork(), actor, A.CLIENT_LISTED_IN_QUEUE)
    assert refused.value.message == (
        "Tämä kuuluu vastaanoton työntekijöille ja koordinaattoreille, ei roolillesi (Esihenkilö)."
    )
    everyone_else = {StaffRole.ADMIN, StaffRole.COORDINATOR, StaffRole.LEAD}
    assert refusal(StaffRole.RECEPTION, everyone_else) == (
        "Tämä kuuluu koordinaattoreille, esihenkilöille ja pääkäyttäjille, "
        "ei roolillesi (Vastaanotto)."
    )
