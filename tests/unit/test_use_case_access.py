"""Every use case checks the role before it works, and logs the client data it reaches (R12).

The use cases are found, not listed: every public function of a
``domain.use_cases`` module that takes the unit of work. A new use case that forgets the check makes
the first test fail; one that checks a client action but never writes the
access log makes the second fail. The few that need no check say why below.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import importlib
import inspect
import pkgutil
import textwrap
import types
import typing
from collections.abc import Callable
from unittest import mock

import pytest
from pydantic import BaseModel, ValidationError

from domain import ports, use_cases
from domain.case_management import EndParticipants
from domain.clock import FixedClock
from domain.intake import IntakeContent, OutcomeKind
from domain.staff import Staff, StaffRole
from domain.visits import ReferralChannel, Urgency, Visit, VisitState

CHECKS = (
    "require",
    "require_task",
    "within_reach",
    "permit_team_decision",
    "require_caseload_move",
    "require_admin",
)
"""The functions that refuse work outside the actor's role (the last one: staff accounts)."""

CLIENT_CHECKS = ("require", "within_reach", "permit_team_decision", "require_caseload_move")
"""The checks that name an access-log action: what they allow is logged afterwards."""

NEEDS_NO_CHECK: dict[str, str] = {
    # Signing in and starting up: there is no actor yet.
    "accounts.needs_first_admin": "before anyone has signed in",
    "accounts.create_first_admin": "creates the first account; refused once one exists",
    "accounts.log_in": "signing in",
    "accounts.unlock": "the signed-in worker's own passphrase",
    "accounts.end_waiting": "the recovery path (user unlock): whoever can open the database",
    "reception.identify_staff": "start-up: who is at the keyboard",
    "reception.identify_location": "start-up: which desk",
    # Catalogues every worker reads: no client's data in them.
    "catalogue.list_services": "the service catalogue, no client data",
    "catalogue.get_service": "the service catalogue, no client data",
    "coordination.search_directory": "the professionals' directory, no client data",
    "coordination.get_professional": "the professionals' directory, no client data",
    "coordination.my_professional": "the actor's own directory entry",
    "coordination.case_managers_with_caseloads": "workers and counts, no client data",
    "opening_hours.location_hours": "a desk's opening hours, no client data",
    "opening_hours.location_setup": "a desk's opening hours, no client data",
    # Helpers that run inside a use case's unit of work, after its check.
    "coordination.read_network": "runs inside open_network and the meetings' use cases",
    "reception.find_possible_duplicates": "runs inside register_walk_in, after its check",
    "meetings.meeting_view": "runs inside the agenda exports, after their check",
    "meetings.pending_due_date": "runs inside propose_to_team and the intake's MOTI outcome",
    "queue_undo.record_move": "runs inside the queue's moves, after their check",
    "client_facts.client_facts": "runs inside the joint-client use cases, after their check",
}


LOGS_NOTHING: dict[str, str] = {
    # Checked like the rest, but they read and write no client's data.
    "meetings.open_meeting": "changes the meeting's state only",
    "meetings.record_attendance": "records which professionals were present",
    "meetings.next_meeting": "finds the team's next meeting date",
    "meetings.find_meetings": "finds meetings by their date and team (the command line)",
    "callbacks.callers": "lists the workers a call can be given to",
    "callbacks.count_my_callbacks": "counts the worker's own callbacks, no client named",
}


def _modules() -> list[types.ModuleType]:
    return [
        importlib.import_module(f"domain.use_cases.{info.name}")
        for info in pkgutil.iter_modules(use_cases.__path__)
        if info.name != "access"
    ]


def _use_cases() -> list[tuple[str, Callable[..., object]]]:
    found: list[tuple[str, Callable[..., object]]] = []
    for module in _modules():
        short = module.__name__.removeprefix("domain.use_cases.")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if "uow" in inspect.signature(function).parameters:
                found.append((f"{short}.{name}", function))
    return found


USE_CASES = _use_cases()
CHECKED = [(name, function) for name, function in USE_CASES if name not in NEEDS_NO_CHECK]

ACTOR = Staff(id=7, name="Testi Työntekijä", role=StaffRole.COORDINATOR)
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)

BY_NAME: dict[str, object] = {
    # Values the use cases accept before they reach the unit of work.
    "slot_minutes": 30,
    "length_minutes": 60,
    "count": 1,
    "every_weeks": 2,
    "delta": 1,
    "from_professional_id": 1,
    "to_professional_id": 2,
    "score": 3,
    "trend_length": 4,
    "professional_id": 1,
    "seen_version": 1,
    "anonymous": False,
    "own": "Lappeenrannan kaupunki",
}


class Checked(Exception):
    """Raised by the spies: the use case reached a role check."""

    def __init__(self, check: str, args: tuple[object, ...]) -> None:
        super().__init__(check)
        self.check = check
        self.args_seen = args


def _value(function: Callable[..., object], name: str, annotation: object) -> object:
    if name in BY_NAME:
        return BY_NAME[name]
    if name == "actor":
        return ACTOR
    if name in ("clock",):
        return FixedClock(NOW)
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _value(function, name, options[0])
    if annotation is bool:
        return True
    if annotation is int:
        return 1
    if annotation is str:
        return "Teksti"
    if annotation is dt.datetime:
        return NOW
    if annotation is dt.date:
        return NOW.date()
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation))
    if origin in (frozenset, set):
        return frozenset()
    if origin in (list, tuple):
        return []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        try:
            return annotation()  # an input form with its defaults
        except ValidationError:
            pass
    # The rest: a stand-in that answers every question.
    return mock.MagicMock(name=name)


def _arguments(function: Callable[..., object]) -> dict[str, object]:
    # Some modules import the ports only for type checking.
    hints = typing.get_type_hints(function, localns=vars(ports))
    arguments: dict[str, object] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "uow":
            continue
        if parameter.default is not inspect.Parameter.empty and name not in BY_NAME:
            continue
        arguments[name] = _value(function, name, hints.get(name))
    return arguments


def _visit(state: VisitState) -> Visit:
    return Visit(
        id=1,
        location_id=1,
        client_id=3,
        reason="",
        channel=next(iter(ReferralChannel)),
        urgency=next(iter(Urgency)),
        state=state,
        arrived_at=NOW,
        registered_by=ACTOR.id,
    )


def _stored(state: VisitState) -> Callable[[mock.MagicMock], None]:
    def store(uow: mock.MagicMock) -> None:
        uow.visits.get.return_value = _visit(state)
        uow.visits.arrived_between.return_value = [_visit(state)]

    return store


SETUP: dict[str, Callable[[mock.MagicMock], None]] = {
    # What the unit of work holds for use cases that read a row to learn its client.
    "reception.call_next": _stored(VisitState.WAITING),
    "reception.call_visit": _stored(VisitState.WAITING),
    "reception.finish_visit": _stored(VisitState.IN_SERVICE),
    "reception.mark_left": _stored(VisitState.IN_SERVICE),
}

EXTRA: dict[str, dict[str, object]] = {
    # A finished interview has an outcome.
    "interview.finish_intake": {"content": IntakeContent(outcome=OutcomeKind.ADVICE)},
    "interview.correct_intake": {"content": IntakeContent(outcome=OutcomeKind.ADVICE)},
    # A referral to another organisation: the case that reads the consents.
    "consent.check_referral_consent": {
        "service": mock.MagicMock(external_organisation="Kela"),
    },
    # Ending needs someone who took part in the decision.
    "coordination.end_case_management": {"participants": EndParticipants(client=True)},
}


def _spies(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in _modules():
        for check in CHECKS:
            if hasattr(module, check):

                def spy(*args: object, _check: str = check, **kwargs: object) -> None:
                    raise Checked(_check, args)

                monkeypatch.setattr(module, check, spy)


@pytest.mark.parametrize(("name", "use_case"), CHECKED, ids=[name for name, _ in CHECKED])
def test_every_use_case_checks_the_role(
    name: str, use_case: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    _spies(monkeypatch)
    uow = mock.MagicMock(name="uow")
    if name in SETUP:
        SETUP[name](uow)
    try:
        use_case(uow, **{**_arguments(use_case), **EXTRA.get(name, {})})
    except Checked:
        return
    except Exception as error:  # noqa: BLE001 - any other end is the failure reported
        pytest.fail(f"{name} ended with {type(error).__name__}: {error} before any role check")
    pytest.fail(f"{name} never checks the actor's role (require or require_task)")


def test_the_use_cases_are_found() -> None:
    names = {name for name, _ in USE_CASES}
    # A few known ones, so that the discovery itself cannot silently find nothing.
    assert {
        "meetings.open_meeting",
        "meetings.record_attendance",
        "meetings.set_slot",
        "meetings.move_item",
        "meetings.propose_order",
        "summary.client_summary",
        "coordination.open_network",
    } <= names
    assert set(NEEDS_NO_CHECK) <= names, "an exemption names a use case that no longer exists"


def _calls(function: Callable[..., object], seen: set[object]) -> tuple[set[str], bool]:
    """The checks a function calls and whether it writes the access log, through the
    domain functions it calls in turn."""
    if function in seen:
        return set(), False
    seen.add(function)
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    checks: set[str] = set()
    audits = False
    module = inspect.getmodule(function)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func
        if isinstance(callee, ast.Attribute) and callee.attr.startswith("audit"):
            audits = True
            continue
        name = callee.id if isinstance(callee, ast.Name) else None
        if name in CLIENT_CHECKS:
            checks.add(name)
            continue
        target = getattr(module, name, None) if name else None
        if inspect.isfunction(target) and target.__module__.startswith("domain."):
            if target.__module__ in ("domain.access", "domain.use_cases.access"):
                continue
            more, logged = _calls(target, seen)
            checks |= more
            audits = audits or logged
    return checks, audits


@pytest.mark.parametrize(("name", "use_case"), CHECKED, ids=[name for name, _ in CHECKED])
def test_a_use_case_that_checks_a_client_action_writes_the_access_log(
    name: str, use_case: Callable[..., object]
) -> None:
    checks, audits = _calls(use_case, set())
    if checks and name not in LOGS_NOTHING:
        assert audits, f"{name} checks {sorted(checks)} but never writes the access log"
