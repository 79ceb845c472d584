"""The client's contacts card: who is my case manager and how do I reach them.

Clients in the seed models did not know who their case manager was (000). The
card is plain Markdown, readable as printed text too, written for the client:
the case manager first with how to reach them, then the other workers who are
responsible for something, and nothing else about the client.
"""

from __future__ import annotations

import datetime as dt

from domain.access import require
from domain.audit import AccessAction
from domain.clock import HELSINKI, Clock
from domain.coordination import read_network
from domain.formats import file_date
from domain.i18n import tr
from domain.network import ClientNetwork, NetworkRole
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.text import markdown_text


def _md(text: str) -> str:
    """Typed text, escaped so that Markdown shows it as typed: no typed link, heading
    or list (see :func:`domain.text.markdown_text`)."""
    return markdown_text(text)


def _line(parts: list[str]) -> str:
    return " · ".join(part for part in parts if part)


def render_contacts_card(network: ClientNetwork, today: dt.date) -> str:
    """The card as Markdown; text people typed is kept as typed."""
    lines = [
        "# " + tr("card.title"),
        "",
        tr("card.for", name=_md(network.client.display_name)),
        "",
    ]
    lines.append("## " + tr("card.case_manager"))
    lines.append("")
    manager = network.case_manager
    if manager is None:
        lines.append(tr("card.no_case_manager"))
    else:
        professional = manager.professional
        name = _md(professional.name)
        if manager.assignment.interim:
            name += " (" + tr("card.interim") + ")"
        lines.append(f"**{name}**  ")
        lines.append(_line([_md(professional.title), _md(professional.organisation)]) + "  ")
        if professional.reach:
            lines.append(_md(professional.reach) + "  ")
        lines.append("")
        lines.append(tr("card.case_manager_help"))
    lines.append("")
    lines.append("## " + tr("card.others"))
    lines.append("")
    others = [
        member
        for member in network.members
        if member.professional is not None
        and member.active_on(today)
        and (manager is None or member.professional.id != manager.professional.id)
        and (member.roles or member.responsibility)
    ]
    if not others:
        lines.append(tr("card.no_others"))
    for member in others:
        assert member.professional is not None
        roles = ", ".join(role.label for role in NetworkRole if role in member.roles)
        lines.append(
            "- "
            + _line(
                [
                    f"**{_md(member.name)}**",
                    roles,
                    _md(member.responsibility),
                    _md(member.professional.organisation),
                    _md(member.professional.reach),
                ]
            )
        )
    lines.append("")
    lines.append("_" + tr("card.printed", date=file_date(today)) + "_")
    return "\n".join(lines) + "\n"


def contacts_card(uow: UnitOfWork, client_id: int, *, actor: Staff, clock: Clock) -> str:
    """The card for one client, read in one transaction (and logged as an export)."""
    with uow:
        require(uow, actor, AccessAction.CONTACTS_CARD, client_id)
        network = read_network(uow, client_id)
        uow.audit(actor, AccessAction.CONTACTS_CARD, client_id)
        uow.commit()
    return render_contacts_card(network, clock.now().astimezone(HELSINKI).date())
