"""Which keys a worker's role offers: the screens' reading of :mod:`domain.access`.

The domain refuses what a role may not do whatever the screen shows; this
keeps such keys out of the footer and F1, so nobody is offered a key that can
only answer "not for your role". A key pressed anyway still answers: each key
that needs a role has a hidden twin (:func:`with_refusals`) that is live only
for the roles without it, and says whose work it is. Textual does not run an
action whose ``check_action`` is ``False``; it tries the next binding of the
key, which is the twin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from textual.binding import Binding, BindingType

from domain.roles import StaffRole

REFUSED = "refused"
"""The twins' action: ``refused('<need>', '<text key of the key's description>')``."""


@cache
def _allowed() -> dict[str, frozenset[StaffRole]]:
    """The roles each need allows, built at the first question: nobody is logged
    in (and the access matrix is not needed) before the first screen is painted."""
    from domain.access import Task, roles_for, roles_for_task
    from domain.audit import AccessAction

    search = roles_for(AccessAction.CLIENT_LISTED_IN_SEARCH)
    visits = roles_for(AccessAction.VISIT_UPDATED)
    return {
        "search": search,
        "find": search,
        "show_queue": roles_for(AccessAction.CLIENT_LISTED_IN_QUEUE),
        "new_walk_in": roles_for(AccessAction.VISIT_REGISTERED),
        "call_next": visits,
        "finish": visits,
        "left": visits,
        "summary": roles_for(AccessAction.SUMMARY_READ),
        "network": roles_for(AccessAction.NETWORK_READ),
        "feedback": roles_for(AccessAction.FEEDBACK_RECORDED),
        "meetings": roles_for(AccessAction.MEETING_READ),
        "caseload": roles_for(AccessAction.CASELOAD_LISTED),
        "reports": roles_for_task(Task.REPORTS),
        "accounts": roles_for_task(Task.STAFF),
        "edit_catalogue": roles_for_task(Task.CATALOGUE),
        # Issue 19: the queue's undo and "not here" change a visit, as "left" does.
        "undo_move": visits,
        "put_back": visits,
    }


def known_needs() -> frozenset[str]:
    """Every need some role lacks; a key's action of the same name has that need."""
    return frozenset(_allowed())


def allowed_roles(need: str) -> frozenset[StaffRole]:
    """The roles that have a use for ``need`` (every role when it needs none)."""
    return _allowed().get(need, frozenset(StaffRole))


def offers(role: StaffRole, need: str) -> bool:
    """Whether the role's footer shows a key for ``need`` (needs not listed are for everyone)."""
    return role in allowed_roles(need)


def refusal(role: StaffRole, need: str) -> str:
    """What a key for ``need`` answers a role without it: whose work it is."""
    from domain.access import refusal as refusal_for

    return refusal_for(role, allowed_roles(need))


def start_action(role: StaffRole) -> str | None:
    """The screen a role starts on when the queue is not theirs: reports or accounts."""
    if offers(role, "show_queue"):
        return None
    if offers(role, "reports"):
        return "reports"
    if offers(role, "accounts"):
        return "accounts"
    return None


def with_refusals(bindings: Iterable[Binding], needs: Mapping[str, str]) -> list[BindingType]:
    """``bindings``, each one whose action is in ``needs`` followed by its hidden twin.

    The twin has the same key, no place in the footer, F1 or the palette's key
    list (``system``), and the action :data:`REFUSED` with the need and the
    key's description; the node's ``check_action`` makes it live only for the
    roles the need leaves out (:func:`twin_live`).
    """
    result: list[BindingType] = []
    for binding in bindings:
        result.append(binding)
        need = needs.get(binding.action)
        if need is not None:
            result.append(
                Binding(
                    binding.key,
                    f"{REFUSED}({need!r}, {binding.description!r})",
                    "",
                    show=False,
                    system=True,
                    priority=binding.priority,
                )
            )
    return result


def twin_live(role: StaffRole | None, parameters: tuple[object, ...]) -> bool:
    """``check_action`` for a twin: live when a worker is logged in whose role lacks the need."""
    return role is not None and not offers(role, str(parameters[0]))
