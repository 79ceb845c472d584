"""Which keys a worker's role offers: the screens' reading of :mod:`domain.access`.

The domain refuses what a role may not do whatever the screen shows; this
only keeps such keys out of the footer, so nobody is offered a key that can
only answer "not for your role".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from domain.roles import StaffRole


@cache
def _needs() -> dict[str, Callable[[StaffRole], bool]]:
    """What each key needs, built at the first question: nobody is logged in (and
    the access matrix is not needed) before the first screen is painted."""
    from domain.access import Task, may, may_do
    from domain.audit import AccessAction

    return {
        "search": lambda role: may(role, AccessAction.CLIENT_LISTED_IN_SEARCH),
        "find": lambda role: may(role, AccessAction.CLIENT_LISTED_IN_SEARCH),
        "show_queue": lambda role: may(role, AccessAction.CLIENT_LISTED_IN_QUEUE),
        "new_walk_in": lambda role: may(role, AccessAction.VISIT_REGISTERED),
        "call_next": lambda role: may(role, AccessAction.VISIT_UPDATED),
        "finish": lambda role: may(role, AccessAction.VISIT_UPDATED),
        "left": lambda role: may(role, AccessAction.VISIT_UPDATED),
        "summary": lambda role: may(role, AccessAction.SUMMARY_READ),
        "network": lambda role: may(role, AccessAction.NETWORK_READ),
        "feedback": lambda role: may(role, AccessAction.FEEDBACK_RECORDED),
        "meetings": lambda role: may(role, AccessAction.MEETING_READ),
        "caseload": lambda role: may(role, AccessAction.CASELOAD_LISTED),
        "reports": lambda role: may_do(role, Task.REPORTS),
        "accounts": lambda role: may_do(role, Task.STAFF),
    }


def offers(role: StaffRole, action: str) -> bool:
    """Whether the role's footer shows ``action`` (actions not listed are for everyone)."""
    needs = _needs().get(action)
    return needs is None or needs(role)


def start_action(role: StaffRole) -> str | None:
    """The screen a role starts on when the queue is not theirs: reports or accounts."""
    if offers(role, "show_queue"):
        return None
    if offers(role, "reports"):
        return "reports"
    if offers(role, "accounts"):
        return "accounts"
    return None
