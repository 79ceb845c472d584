"""The network map (verkostokartta) as text: an ecomap that fits 120x40.

The client is at the top; below, one box per sector with its members. The case
manager is marked with ★ and the word ASIAKASVASTAAVA in capitals, so the map
reads without colour and on paper; other roles are written out in small
letters. Members whose membership has ended are left out of the map (the list
view shows them).
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from domain.i18n import tr
from domain.network import ClientNetwork, NetworkMember, NetworkRole
from domain.sectors import Sector

COLUMNS = 3
GAP = 2


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _member_lines(
    network: ClientNetwork, member: NetworkMember, inner: int
) -> list[tuple[str, str]]:
    """(text, style) lines for one member inside a box of ``inner`` columns."""
    roles = network.roles_of(member)
    is_manager = NetworkRole.CASE_MANAGER in roles
    lines = [
        (_clip(("★ " if is_manager else "• ") + member.name, inner), "bold" if is_manager else "")
    ]
    if is_manager:
        label = tr("ecomap.case_manager")
        if network.case_manager is not None and network.case_manager.assignment.interim:
            label += " (" + tr("ecomap.interim") + ")"
        lines.append((_clip("  " + label, inner), "bold reverse"))
    others = [
        role.label.lower()
        for role in NetworkRole
        if role in roles and role is not NetworkRole.CASE_MANAGER
    ]
    if others:
        lines.append((_clip("  " + ", ".join(others), inner), "italic"))
    detail = member.professional.title if member.professional else member.relation
    organisation = member.professional.organisation if member.professional else ""
    described = " · ".join(part for part in (detail, organisation) if part)
    if described:
        lines.append((_clip("  " + described, inner), "dim"))
    if member.responsibility:
        lines.append((_clip("  " + member.responsibility, inner), ""))
    return lines


def _box(title: str, body: list[tuple[str, str]], width: int) -> list[Text]:
    inner = width - 4
    top = Text("┌ ") + Text(_clip(title, inner), style="bold") + Text(" ") if title else Text("┌")
    top.append("─" * max(0, width - 1 - top.cell_len) + "┐")
    rows = [top]
    for text, style in body:
        line = Text("│ ")
        line.append(text.ljust(inner), style=style)
        line.append(" │")
        rows.append(line)
    rows.append(Text("└" + "─" * (width - 2) + "┘"))
    return rows


def render_ecomap(network: ClientNetwork, today: dt.date, width: int = 116) -> Text:
    """The whole map as one Text, ``width`` columns wide."""
    members = [m for m in network.members if m.active_on(today)]
    client = network.client
    identity = client.masked_hetu or (str(client.birth_year) if client.birth_year else "")
    centre_body: list[tuple[str, str]] = [
        (client.display_name + (f"  {identity}" if identity else ""), "bold")
    ]
    if network.case_manager is None:
        centre_body.append(("★ " + tr("ecomap.no_case_manager"), "bold"))
    else:
        manager = network.case_manager.professional
        centre_body.append(("★ " + tr("ecomap.case_manager") + ": " + manager.name, "bold"))
    centre_width = min(width, max(40, max(len(t) for t, _ in centre_body) + 6))
    pad = " " * ((width - centre_width) // 2)
    # Laid out cell by cell: never wrapped or justified by the widget.
    out = Text(no_wrap=True, overflow="crop")
    for line in _box("", centre_body, centre_width):
        out.append(pad)
        out.append_text(line)
        out.append("\n")
    if not members:
        out.append("\n" + tr("ecomap.empty"))
        return out
    out.append(" " * (width // 2) + "│\n")
    by_sector: dict[Sector, list[NetworkMember]] = {}
    for member in members:
        by_sector.setdefault(member.sector, []).append(member)
    column_width = (width - GAP * (COLUMNS - 1)) // COLUMNS
    boxes = []
    for sector in Sector:  # the directory's order: social, health, employment, ...
        if sector not in by_sector:
            continue
        body: list[tuple[str, str]] = []
        for member in sorted(
            by_sector[sector],
            key=lambda m: (NetworkRole.CASE_MANAGER not in network.roles_of(m), m.name),
        ):
            body.extend(_member_lines(network, member, column_width - 4))
        boxes.append(_box(sector.label, body, column_width))
    for start in range(0, len(boxes), COLUMNS):
        row = boxes[start : start + COLUMNS]
        height = max(len(box) for box in row)
        for index in range(height):
            for column, box in enumerate(row):
                if column:
                    out.append(" " * GAP)
                out.append_text(box[index] if index < len(box) else Text(" " * column_width))
            out.append("\n")
    return out
