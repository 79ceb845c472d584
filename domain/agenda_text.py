"""The MOTI agenda and minutes as printable Markdown (R8), and their logged export.

An agenda sent to people outside the team names each client only by a
pseudonym, initials and birth year, and never by name or identity code (R12);
the free text typed for the team (questions, notes) is cleaned of the clients'
names in any Finnish case, of identity codes and of birth dates too, in case
the coordinator wrote them there, and the agenda says so at its top. Times are
shown in Helsinki time, dates and times in the same form in every language
(``9.6.2026 klo 14:00–15:00``, :func:`domain.formats.file_date`); the minutes read
on the screen write them as the screens do (:data:`domain.formats.ON_SCREEN`).

Everything people typed goes through :func:`domain.text.markdown_text`, so that
no typed text becomes a link, an image, a heading or a list.

The agenda with names goes to the people invited; when one of them is from
another organisation, it discloses the client's data there and needs the
client's consent (R12): :func:`export_named_agenda_view` checks it, and the
refusal points to the pseudonymous agenda, which needs none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from domain.clients import Client
from domain.clock import HELSINKI
from domain.formats import IN_FILES, Dates, file_time
from domain.i18n import N_, team_label, tr
from domain.meetings import AgendaLine, AgendaView
from domain.moti import (
    Action,
    InvitedSlot,
    ParticipantKind,
    action_owner,
    invitation_times,
    participant_label,
    pseudonym,
)
from domain.name_forms import name_pattern
from domain.network import Professional
from domain.text import clean_text, markdown_text

_WEB_ADDRESS = re.compile(r"https?://[^\s<>\\]+", re.IGNORECASE)
# Identity codes of anyone, whole (any century sign, also of the 2023 reform).
_HETU = re.compile(
    r"(?<![0-9a-z])[0-9]{6}[-+a-fu-y](?:[0-9]{3}[0-9a-z]|\*{4})(?![0-9a-z])", re.IGNORECASE
)
# A date as people type it: d.m.yyyy, dd.mm.yy, d/m/yyyy, yyyy-mm-dd.
_DATE = (
    r"(?:[0-9]{1,2}\.\s?[0-9]{1,2}\.\s?(?:[0-9]{4}|[0-9]{2})"
    r"|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}|[0-9]{4}-[0-9]{2}-[0-9]{2})"
)
# Any date right after a word that says it is a birth date: the date goes.
_BORN_DATE = re.compile(
    r"(?P<said>(?<!\w)(?:syntymäaika|syntymäpäivä|syntynyt|synt\.?|s\.|born|b\.|dob|"
    r"date of birth)\s*:?\s*)" + _DATE + r"(?![0-9])",
    re.IGNORECASE,
)
REMOVED = "–"
"""What stands in free text where an identity code or a birth date was."""


def _md(text: str) -> str:
    """Typed one-line text, escaped so that Markdown shows it as typed (see :mod:`domain.text`)."""
    return markdown_text(text)


def _address(text: str) -> str:
    """The meeting's video link as a link that shows its whole address, else as text."""
    address = clean_text(text)
    return f"<{address}>" if _WEB_ADDRESS.fullmatch(address) else markdown_text(address)


def client_label(client: Client, *, pseudonymous: bool) -> str:
    """How a document names the client: the name inside the team, else a pseudonym."""
    return pseudonym(client) if pseudonymous else client.display_name


def _birth_date_forms(born: dt.date) -> re.Pattern[str]:
    """``born`` written as people write it: 5.3.1952, 05.03.52, 5/3/1952, 1952-03-05, 050352-."""
    day, month, year = born.day, born.month, born.year
    short = f"{year % 100:02d}"
    return re.compile(
        rf"(?<![0-9])(?:0?{day}\.\s?0?{month}\.\s?(?:{year}|{short})"
        rf"|0?{day}/0?{month}/(?:{year}|{short})"
        rf"|{year}-{month:02d}-{day:02d}"
        rf"|{day:02d}{month:02d}{short}(?=[-+A-FU-Ya-fu-y]))(?![0-9])"
    )


def without_identities(text: str, clients: Iterable[Client]) -> str:
    """``text`` with every client's name, identity code and birth date taken out.

    A question typed for the team may name the client, in any Finnish case
    ("Eevan", "Hämäläiselle"), or give their birth date; an agenda for
    outsiders must not (R12). Each form of a name part becomes the part's
    initial; identity codes (anyone's), the clients' birth dates in the usual
    ways of writing a date, and any date written as a birth date ("synt.
    5.3.1952") become a dash.
    """
    text = _HETU.sub(REMOVED, text)
    text = _BORN_DATE.sub(lambda found: found["said"] + REMOVED, text)
    parts: set[str] = set()
    for client in clients:
        if client.hetu is not None:
            text = re.sub(re.escape(client.hetu.code), REMOVED, text, flags=re.IGNORECASE)
            text = _birth_date_forms(client.hetu.birth_date).sub(REMOVED, text)
        parts.update(p for p in re.split(r"[\s\-]+", client.name or "") if len(p) > 1)
    for part in sorted(parts, key=len, reverse=True):
        text = name_pattern(part).sub(f"{part[0].upper()}.", text)
    return text


def without_identity(text: str, client: Client) -> str:
    """``text`` without the client's name, identity code or birth date (see
    :func:`without_identities`)."""
    return without_identities(text, [client])


def _free_text(text: str, view: AgendaView, *, pseudonymous: bool) -> str:
    """Free text for a document; for outsiders, without any agenda client's identity."""
    if not pseudonymous:
        return text
    return without_identities(text, (line.client for line in view.lines))


def _names(view: AgendaView) -> dict[int, str]:
    """Professional id → name, from the action owners, the team and the invitees."""
    names = {pid: professional.name for pid, professional in view.owners.items()}
    names.update({m.professional.id: m.professional.name for m in view.team_members})
    names.update({pid: professional.name for pid, professional in view.invitees.items()})
    return names


def _person(names: dict[int, str], professional_id: int | None) -> str:
    if professional_id is None:
        return ""
    name = names.get(professional_id)
    return _md(name) if name else f"#{professional_id}"


def fitted_invitation_times(view: AgendaView) -> dict[int, list[InvitedSlot]]:
    """Each invited professional's own items and times; items that do not fit have none."""
    fitted = [line.item for line in view.lines if line.starts_at is not None]
    return invitation_times(view.meeting, fitted)


def _header(
    view: AgendaView, title_key: str, *, pseudonymous: bool, dates: Dates = IN_FILES
) -> list[str]:
    meeting = view.meeting
    lines = [
        f"# {tr(title_key, team_name=_md(view.team.name), team=_md(team_label()))}",
        "",
        tr(
            "agenda_text.when",
            date=dates.date(meeting.starts_at.astimezone(HELSINKI).date()),
            start=dates.time(meeting.starts_at),
            end=dates.time(meeting.ends_at),
        )
        + "  ",
    ]
    if meeting.place:
        lines.append(tr("agenda_text.place", place=_md(meeting.place)) + "  ")
    if meeting.video_link:
        lines.append(tr("agenda_text.video", link=_address(meeting.video_link)) + "  ")
    lines.append("")
    if pseudonymous:
        lines += ["_" + tr("agenda_text.pseudonymous_note") + "_", ""]
    return lines


def _slot(starts_at: dt.datetime, minutes: int) -> str:
    return f"{file_time(starts_at)}–{file_time(starts_at + dt.timedelta(minutes=minutes))}"


def agenda_markdown(view: AgendaView, *, pseudonymous: bool) -> str:
    """The agenda, ready to print or send; ``pseudonymous`` for anyone outside the team."""
    names = _names(view)

    def free_text(text: str) -> str:
        return _free_text(text, view, pseudonymous=pseudonymous)

    labels = {
        line.item.id: _md(client_label(line.client, pseudonymous=pseudonymous))
        for line in view.lines
    }
    lines = _header(view, N_("agenda_text.title"), pseudonymous=pseudonymous)
    lines += ["## " + tr("agenda_text.items"), ""]
    fitted = [line for line in view.lines if line.starts_at is not None]
    left_out = [line for line in view.lines if line.starts_at is None]
    if not view.lines:
        lines += [tr("agenda_text.no_items"), ""]

    def item_lines(number: int, line: AgendaLine) -> list[str]:
        item = line.item
        when = _slot(line.starts_at, item.slot_minutes) if line.starts_at else ""
        head = " · ".join(part for part in (when, item.kind.label, labels[item.id]) if part)
        out = [
            f"{number}. **{head}**  ",
            "   " + tr("agenda_text.question", question=_md(free_text(item.question))),
        ]
        for said in _item_facts(line, names, pseudonymous=pseudonymous):
            out[-1] += "  "
            out.append("   " + said)
        if item.invitees:
            invited = ", ".join(_person(names, pid) for pid in sorted(item.invitees))
            out[-1] += "  "
            out.append("   " + tr("agenda_text.invited", names=invited))
        return out

    for number, line in enumerate(fitted, start=1):
        lines += item_lines(number, line)
    if fitted:
        lines.append("")
    if left_out:
        lines += ["## " + tr("agenda_text.not_fitting"), ""]
        for number, line in enumerate(left_out, start=1):
            lines += item_lines(number, line)
        lines.append("")

    lines += ["## " + tr("agenda_text.invitations"), ""]
    schedule = fitted_invitation_times(view)
    invited_ids = sorted(
        {pid for line in view.lines for pid in line.item.invitees},
        key=lambda pid: (names.get(pid, ""), pid),
    )
    if not invited_ids:
        lines += [tr("agenda_text.no_invitations"), ""]
    for pid in invited_ids:
        lines.append(f"- **{_person(names, pid)}**")
        for slot in schedule.get(pid, []):
            when = f"{file_time(slot.starts_at)}–{file_time(slot.ends_at)}"
            lines.append(f"  - {when} {labels[slot.item_id]}")
        for line in left_out:
            if pid in line.item.invitees:
                lines.append(f"  - {labels[line.item.id]} (" + tr("agenda_text.not_fitting") + ")")
    if invited_ids:
        lines.append("")
    return "\n".join(lines)


def _owner(action: Action, names: dict[int, str], *, pseudonymous: bool) -> str:
    """The action's owner for Markdown: a professional as :func:`_person` names them."""
    if action.owner_id is not None:
        return _person(names, action.owner_id)
    return _md(action_owner(action, names, pseudonymous=pseudonymous))


def followed_action_text(
    action: Action, names: dict[int, str], *, pseudonymous: bool, dates: Dates = IN_FILES
) -> str:
    """A followed-up action's owner, due date and why it was carried, in one line."""
    text = tr(
        "agenda_text.followed",
        owner=_owner(action, names, pseudonymous=pseudonymous),
        due=dates.date(action.due),
    )
    if action.carry_reason is not None:
        text += " · " + tr("agenda_text.carried", reason=action.carry_reason.label)
    return text


def _item_facts(
    line: AgendaLine, names: dict[int, str], *, pseudonymous: bool, dates: Dates = IN_FILES
) -> list[str]:
    """What the team must know before the item: the statutory deadline and who referred
    the client (R8, R9); for a follow-up, who owns the action, by when, and why it is back."""
    said: list[str] = []
    proposal = line.proposal
    if proposal is not None and proposal.deadline is not None:
        said.append(tr("agenda_text.deadline", date=dates.date(proposal.deadline)))
    if proposal is not None and proposal.referred_by is not None:
        said.append(tr("agenda_text.referred_by", referrer=proposal.referred_by.label))
    if line.action is not None:
        said.append(
            followed_action_text(line.action, names, pseudonymous=pseudonymous, dates=dates)
        )
    return said


def _decision_text(
    view: AgendaView, names: dict[int, str], index: int, free_text: Callable[[str], str]
) -> str:
    decision = view.decisions[index]
    parts = [decision.kind.label]
    if decision.professional_id is not None:
        parts.append(tr("agenda_text.case_manager", name=_person(names, decision.professional_id)))
    if decision.service_id is not None:
        parts.append(tr("agenda_text.service", id=decision.service_id))
    if decision.note:
        parts.append(_md(free_text(decision.note)))
    return " · ".join(parts)


def meeting_minutes(
    view: AgendaView, *, pseudonymous: bool = False, dates: Dates = IN_FILES
) -> str:
    """The minutes: who was there, and per item the decisions and the actions.

    ``dates``: :data:`domain.formats.ON_SCREEN` for the minutes read on the screen.
    """
    names = _names(view)

    def free_text(text: str) -> str:
        return _free_text(text, view, pseudonymous=pseudonymous)

    lines = _header(view, N_("agenda_text.minutes_title"), pseudonymous=pseudonymous, dates=dates)
    lines += ["## " + tr("agenda_text.attendance"), ""]
    if not view.attendance and not view.participants:
        lines += [tr("agenda_text.no_attendance"), ""]
    else:
        for present in (True, False):
            people = sorted(
                (_person(names, pid) for pid, was in view.attendance.items() if was is present),
                key=str.casefold,
            )
            if people:
                key = N_("agenda_text.present") if present else N_("agenda_text.absent")
                lines.append(f"- {tr(key)}: {', '.join(people)}")
        lines += _participant_lines(view, pseudonymous=pseudonymous)
        lines.append("")
    for number, line in enumerate(view.lines, start=1):
        item = line.item
        label = _md(client_label(line.client, pseudonymous=pseudonymous))
        lines += [
            f"## {number}. {item.kind.label}: {label}",
            "",
            tr("agenda_text.question", question=_md(free_text(item.question))),
        ]
        for said in _item_facts(line, names, pseudonymous=pseudonymous, dates=dates):
            lines[-1] += "  "
            lines.append(said)
        if item.client_view:
            lines[-1] += "  "
            lines.append(tr("agenda_text.client_view", view=_md(free_text(item.client_view))))
        if item.return_reason is not None:
            returned = tr("agenda_text.returned", reason=item.return_reason.label)
            if item.return_note:
                returned += f" – {_md(free_text(item.return_note))}"
            lines[-1] += "  "
            lines.append(returned)
        lines += ["", "### " + tr("agenda_text.decisions"), ""]
        decided = [i for i, d in enumerate(view.decisions) if d.item_id == item.id]
        lines += [f"- {_decision_text(view, names, i, free_text)}" for i in decided] or [
            tr("agenda_text.no_decisions")
        ]
        lines += ["", "### " + tr("agenda_text.actions"), ""]
        actions = [action for action in view.actions if action.item_id == item.id]
        lines += [
            "- "
            + tr(
                "agenda_text.action",
                what=_md(free_text(action.what)),
                owner=_owner(action, names, pseudonymous=pseudonymous),
                due=dates.date(action.due),
            )
            for action in actions
        ] or [tr("agenda_text.no_actions")]
        lines.append("")
    if view.meeting.minutes:
        notes = markdown_text(free_text(view.meeting.minutes), multiline=True)
        lines += ["## " + tr("agenda_text.notes"), "", notes, ""]
    return "\n".join(lines)


def _participant_lines(view: AgendaView, *, pseudonymous: bool) -> list[str]:
    """The clients and close people present or absent, under their client's label."""
    clients = {line.client.id: line.client for line in view.lines}
    out: list[str] = []
    for present in (True, False):
        said = []
        for participant in view.participants:
            if participant.present is not present or participant.client_id not in clients:
                continue
            whose = _md(client_label(clients[participant.client_id], pseudonymous=pseudonymous))
            if participant.kind is ParticipantKind.CLIENT:
                said.append(whose)
            elif pseudonymous:  # the close person's name would say who the client is
                said.append(tr("agenda_text.close_person_unnamed", client=whose))
            else:
                person = _md(participant_label(participant))
                said.append(tr("agenda_text.close_person_of", person=person, client=whose))
        if said:
            key = N_("agenda_text.clients_present") if present else N_("agenda_text.clients_absent")
            out.append(f"- {tr(key)}: {', '.join(said)}")
    return out


def invitee(view: AgendaView, professional_id: int) -> Professional | None:
    """The invited professional, or a team member, by id."""
    if professional_id in view.invitees:
        return view.invitees[professional_id]
    for member in view.team_members:
        if member.professional.id == professional_id:
            return member.professional
    return None
