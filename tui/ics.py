"""The MOTI agenda as calendar invitations (.ics), one event per invited person's item.

Each expert gets their own slot, so they can come for fifteen minutes instead
of the whole meeting (R8). Invitations go outside the team, so a client is named
only by pseudonym and the question loses every client's name, identity code and
birth date (R12). Times carry TZID=Europe/Helsinki with its VTIMEZONE.

The file is an invitation (``METHOD:REQUEST``, RFC 5546): every event has the
coordinator who exports it as ORGANIZER and the invited person as its one
ATTENDEE. A calendar address is ``mailto:`` when the directory has the person's
e-mail; without one, RFC 5545 still wants a URI, so the person gets a stable
``urn:uuid:`` made from their directory entry: their name shows (CN) and no
reply is asked for, since no mail can reach them.

SEQUENCE tells a calendar which copy of an event is newest. The events change
when items move or are resized, which leaves no version on the meeting, so the
sequence is the export time in whole minutes since 1.1.2026 (UTC): each export
after a change has a higher one, and the same UID then updates the event
instead of adding a second.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from icalendar import Calendar, Event, vCalAddress, vText

from domain.agenda_text import fitted_invitation_times, invitee, without_identities
from domain.clock import HELSINKI
from domain.i18n import tr
from domain.meetings import AgendaView
from domain.moti import pseudonym
from domain.network import Professional
from domain.text import clean_text

PRODID = "-//Rinnalla//MOTI agenda//FI"
SEQUENCE_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_ADDRESS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://rinnalla.invalid/professional")
_EMAIL = re.compile(r"[^@\s,;:<>\"()\[\]\\]+@[^@\s,;:<>\"()\[\]\\]+\.[^@\s,;:<>\"()\[\]\\]+")


def event_uid(meeting_id: int, item_id: int, professional_id: int) -> str:
    """Stable, so that a re-sent invitation updates the event instead of adding one."""
    return f"rinnalla-meeting-{meeting_id}-item-{item_id}-{professional_id}@rinnalla"


def sequence_at(stamp: dt.datetime) -> int:
    """The SEQUENCE of an export made at ``stamp``: minutes since 1.1.2026, never negative."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds() // 60))


def calendar_address(professional: Professional) -> vCalAddress:
    """``mailto:`` with the e-mail when one is known, else the entry's stable ``urn:uuid:``."""
    email = clean_text(professional.email)
    if _EMAIL.fullmatch(email):
        address = vCalAddress(f"mailto:{email}")
    else:
        address = vCalAddress(f"urn:uuid:{uuid.uuid5(_ADDRESS_NAMESPACE, str(professional.id))}")
    # A parameter value cannot hold a double quote (RFC 5545 3.2).
    address.params["cn"] = vText(clean_text(professional.name).replace('"', "'"))
    return address


def _attendee(professional: Professional) -> vCalAddress:
    """The invited person: a person asked to come, and to answer when mail reaches them."""
    attendee = calendar_address(professional)
    attendee.params["cutype"] = vText("INDIVIDUAL")
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("TRUE" if str(attendee).startswith("mailto:") else "FALSE")
    return attendee


def agenda_ics(
    view: AgendaView, *, organiser: Professional, stamp: dt.datetime | None = None
) -> bytes:
    """The calendar: one VEVENT per invitee and fitted item, always pseudonymous.

    ``organiser`` is the coordinator's directory entry; ``stamp`` the export time.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    stamped = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    lines = {line.item.id: line for line in view.lines}
    clients = [line.client for line in view.lines]
    meeting = view.meeting
    location = meeting.place or meeting.video_link
    for professional_id, slots in sorted(fitted_invitation_times(view).items()):
        professional = invitee(view, professional_id)
        if professional is None:
            continue  # gone from the directory: nobody to invite
        for slot in slots:
            line = lines[slot.item_id]
            event = Event()
            event.add("uid", event_uid(meeting.id, slot.item_id, professional_id))
            event.add("dtstamp", stamped)
            event.add("sequence", sequence_at(stamped))
            event.add("dtstart", slot.starts_at.astimezone(HELSINKI))
            event.add("dtend", slot.ends_at.astimezone(HELSINKI))
            event.add(
                "summary",
                tr(
                    "agenda_text.ics_summary",
                    team_name=view.team.name,
                    client=pseudonym(line.client),
                ),
            )
            event.add("description", without_identities(line.item.question, clients))
            if location:
                event.add("location", location)
            if meeting.video_link:
                event.add("url", meeting.video_link)
            event.add("organizer", calendar_address(organiser), encode=False)
            event.add("attendee", _attendee(professional), encode=False)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
