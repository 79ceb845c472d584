"""The MOTI agenda as calendar invitations (.ics), one event per invited person's item.

Each expert gets their own slot, so they can come for fifteen minutes instead
of the whole meeting (R8). Invitations go outside the team, so a client is named
only by pseudonym (R12). Times carry TZID=Europe/Helsinki with its VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, vCalAddress, vText

from domain.agenda_text import fitted_invitation_times, invitee, without_identity
from domain.clock import HELSINKI
from domain.i18n import define, tr
from domain.meetings import AgendaView
from domain.moti import pseudonym

define(
    {
        "agenda_text.ics_summary": ("{team}: {client}", "{team}: {client}"),
    }
)

PRODID = "-//Rinnalla//MOTI agenda//FI"


def event_uid(meeting_id: int, item_id: int, professional_id: int) -> str:
    """Stable, so that a re-sent invitation updates the event instead of adding one."""
    return f"rinnalla-meeting-{meeting_id}-item-{item_id}-{professional_id}@rinnalla"


def agenda_ics(view: AgendaView, *, stamp: dt.datetime | None = None) -> bytes:
    """The calendar: one VEVENT per invitee and fitted item, always pseudonymous."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    stamped = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    lines = {line.item.id: line for line in view.lines}
    meeting = view.meeting
    location = meeting.place or meeting.video_link
    for professional_id, slots in sorted(fitted_invitation_times(view).items()):
        professional = invitee(view, professional_id)
        for slot in slots:
            line = lines[slot.item_id]
            event = Event()
            event.add("uid", event_uid(meeting.id, slot.item_id, professional_id))
            event.add("dtstamp", stamped)
            event.add("dtstart", slot.starts_at.astimezone(HELSINKI))
            event.add("dtend", slot.ends_at.astimezone(HELSINKI))
            event.add(
                "summary",
                tr("agenda_text.ics_summary", team=view.team.name, client=pseudonym(line.client)),
            )
            event.add("description", without_identity(line.item.question, line.client))
            if location:
                event.add("location", location)
            if meeting.video_link:
                event.add("url", meeting.video_link)
            if professional is not None and professional.email:
                attendee = vCalAddress(f"mailto:{professional.email}")
                attendee.params["cn"] = vText(professional.name)
                attendee.params["role"] = vText("REQ-PARTICIPANT")
                event.add("attendee", attendee, encode=False)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
