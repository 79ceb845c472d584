"""The client's contacts card: who is my case manager and how do I reach them.

Clients in the seed models did not know who their case manager was (000). The
card is plain Markdown, readable as printed text too, written for the client:
the case manager first with how to reach them, then the other workers who are
responsible for something, and nothing else about the client.

The card is for the client, so it is written in the client's language, which
need not be the worker's: every text and the date on it are looked up in the
card's language (:func:`domain.i18n.tr_in`), never by switching the current
language, which would change the screens of the worker for as long as the card
is being made (the card is made in a worker thread). What people typed (names,
titles, responsibilities) stays as typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date as babel_format_date

from domain.contact_details import ContactDetails
from domain.i18n import Language, current_language, locale_of, tr_in
from domain.network import ClientNetwork, NetworkRole
from domain.text import markdown_text


def _md(text: str) -> str:
    """Typed text, escaped so that Markdown shows it as typed: no typed link, heading
    or list (see :func:`domain.text.markdown_text`)."""
    return markdown_text(text)


def _line(parts: list[str]) -> str:
    return " · ".join(part for part in parts if part)


def card_date(day: dt.date, language: Language) -> str:
    """``day`` as the card's reader writes it, the month in words ("24. marraskuuta
    2026", "24 november 2026", "24 November 2026"): a client reading another
    language than Finnish may read 5.3. as the fifth of March or as May the third."""
    return babel_format_date(day, format="long", locale=locale_of(language))


def _own_details(contact: ContactDetails, lang: Language) -> list[str]:
    """The client's own contact details as we have them, for the client to check."""
    lines = ["## " + tr_in(lang, "card.own_details"), ""]
    rows = [
        (tr_in(lang, "card.phone"), _md(contact.phone)),
        (
            tr_in(lang, "card.contact_way"),
            contact.contact_way.label_in(lang) if contact.contact_way else "",
        ),
        (tr_in(lang, "card.language"), _md(contact.language_text(lang))),
        (
            tr_in(lang, "card.interpreter"),
            tr_in(lang, "card.interpreter_yes", language=_md(contact.interpreter_language))
            if contact.interpreter
            else "",
        ),
        (tr_in(lang, "card.address"), _md(contact.address)),
    ]
    lines += [f"{label}: {value}  " for label, value in rows if value]
    lines += ["", tr_in(lang, "card.own_details_help"), ""]
    return lines


def render_contacts_card(
    network: ClientNetwork,
    today: dt.date,
    language: Language | None = None,
    contact: ContactDetails | None = None,
) -> str:
    """The card as Markdown in ``language`` (the worker's when not given); text people
    typed is kept as typed. ``contact``: the client's own details, shown last when any
    are stored, so that the client can say if one is wrong."""
    lang = language or current_language()
    lines = [
        "# " + tr_in(lang, "card.title"),
        "",
        tr_in(lang, "card.for", name=_md(network.client.display_name)),
        "",
    ]
    lines.append("## " + tr_in(lang, "card.case_manager"))
    lines.append("")
    manager = network.case_manager
    if manager is None:
        lines.append(tr_in(lang, "card.no_case_manager"))
    else:
        professional = manager.professional
        name = _md(professional.name)
        if manager.assignment.interim:
            name += " (" + tr_in(lang, "card.interim") + ")"
        lines.append(f"**{name}**  ")
        lines.append(_line([_md(professional.title), _md(professional.organisation)]) + "  ")
        if professional.reach:
            lines.append(_md(professional.reach) + "  ")
        lines.append("")
        lines.append(tr_in(lang, "card.case_manager_help"))
    lines.append("")
    lines.append("## " + tr_in(lang, "card.others"))
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
        lines.append(tr_in(lang, "card.no_others"))
    for member in others:
        assert member.professional is not None
        roles = ", ".join(role.label_in(lang) for role in NetworkRole if role in member.roles)
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
    if contact is not None and not contact.empty:
        lines += _own_details(contact, lang)
    lines.append("_" + tr_in(lang, "card.printed", date=card_date(today, lang)) + "_")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ContactsCard:
    """What one card shows, read once: the screen renders it in any language without
    reading (and logging) the client's network again."""

    network: ClientNetwork
    today: dt.date
    contact: ContactDetails | None = None

    def markdown(self, language: Language | None = None) -> str:
        """The card in ``language``; the worker's when not given."""
        return render_contacts_card(self.network, self.today, language, self.contact)
