"""One person in a client's network: a professional from the directory, or a close person.

What a member is responsible for, since and until when, and their roles are
about *this* client; the professional's own details live in the directory and
are shared by every client (see :mod:`tui.screens.directory`).

A named worker (omatyöntekijä, SHL 42 §) must be a social welfare
professional, or a health care professional with a recorded justification; the
justification field appears only when that rule asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Static

from domain import formats
from domain.errors import NotFound
from domain.i18n import N_, tr
from domain.network import STORED_ROLES, MemberInput, NetworkMember, NetworkRole, Professional
from domain.sectors import Sector
from domain.use_cases import coordination
from tui.context import AppContext
from tui.screens.form import FieldForm, refuse
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedCheckbox
from tui.widgets.status_line import StatusLine


class MemberForm(FieldForm[NetworkMember]):
    """Add ``professional`` to the client's network, edit ``member``, or add a close person.

    With neither ``professional`` nor ``member`` the form adds a close person
    (name and relation); ``member`` wins if both are given. Dismisses with the
    member saved, or ``None`` when cancelled.
    """

    FIELDS = (
        "close_name",
        "relation",
        "phone",
        "responsibility",
        "since",
        "until",
        "roles",
        "justification",
    )

    def __init__(
        self,
        client_id: int,
        *,
        professional: Professional | None = None,
        member: NetworkMember | None = None,
    ) -> None:
        super().__init__()
        self._client_id = client_id
        self._member = member
        self._professional = member.professional if member is not None else professional

    @property
    def _offered_roles(self) -> tuple[NetworkRole, ...]:
        # The client decides who is listed; a close person is at most a contact.
        return STORED_ROLES if self._professional else (NetworkRole.CONTACT,)

    def compose(self) -> ComposeResult:
        member = self._member
        if member is not None:
            title = N_("member_form.edit_title")
        else:
            title = (
                N_("member_form.add_title") if self._professional else N_("member_form.close_title")
            )
        roles = member.roles if member else frozenset()
        with Vertical(classes="dialog wide", id="member-form"):
            yield Static(tr(title), classes="dialog-title")
            yield Static(self._header(), id="member-header", classes="dialog-text")
            if self._professional is None:
                yield from self.field_row(
                    "close_name",
                    tr("member_form.close_name"),
                    self.text_input(member.close_name if member else ""),
                )
                yield from self.field_row(
                    "relation",
                    tr("member_form.relation"),
                    self.text_input(
                        member.relation if member else "",
                        placeholder=tr("member_form.relation_hint"),
                    ),
                )
                yield from self.field_row(
                    "phone",
                    tr("member_form.phone"),
                    self.text_input(
                        member.phone if member else "", placeholder=tr("member_form.phone_hint")
                    ),
                )
            yield from self.field_row(
                "responsibility",
                tr("member_form.responsibility"),
                self.text_input(
                    member.responsibility if member else "",
                    placeholder=tr("member_form.responsibility_hint"),
                ),
            )
            yield from self.field_row(
                "since",
                tr("member_form.since"),
                self.date_input(member.since if member else None, optional=True),
            )
            yield from self.field_row(
                "until",
                tr("member_form.until"),
                self.date_input(member.until if member else None, optional=True),
            )
            boxes = [
                MarkedCheckbox(role.label, value=role in roles, id=f"role-{role.value}")
                for role in self._offered_roles
            ]
            yield from self.field_row("roles", tr("member_form.roles"), HorizontalGroup(*boxes))
            yield from self.field_row(
                "justification",
                tr("member_form.justification"),
                self.text_input(
                    member.justification if member else "",
                    placeholder=tr("member_form.justification_hint"),
                ),
                shown=self._needs_justification(NetworkRole.NAMED_WORKER in roles),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def _header(self) -> Text:
        """Who is being added: the directory's details are shown, not edited, here."""
        professional = self._professional
        header = Text()
        if professional is None:
            header.append(tr("member_form.close_person"), style="bold")
            header.append("\n" + tr("member_form.close_person_note"))
            return header
        header.append(professional.name, style="bold")
        for part in (professional.title, professional.organisation, professional.sector.label):
            if part:
                header.append(f" · {part}")
        header.append("\n" + tr("member_form.case_manager_note"))
        return header

    # The roles and the SHL 42 § justification -----------------------------------------

    def _needs_justification(self, named_worker: bool) -> bool:
        professional = self._professional
        return named_worker and professional is not None and professional.sector is Sector.HEALTH

    def _ticked(self, role: NetworkRole) -> bool:
        boxes = list(self.query(f"#role-{role.value}").results(Checkbox))
        return bool(boxes) and boxes[0].value

    @on(Checkbox.Changed)
    def _roles_changed(self) -> None:
        self.set_error("roles", "")
        needed = self._needs_justification(self._ticked(NetworkRole.NAMED_WORKER))
        self.query_one("#justification-row").display = needed
        if not needed:
            self.set_error("justification", "")

    def focus_target(self, field: str) -> Widget | None:
        if field == "roles":
            return self.query(Checkbox).first()
        return super().focus_target(field)

    # Saving ---------------------------------------------------------------------------

    def prepared(self, context: AppContext) -> Callable[[], NetworkMember]:
        errors: dict[str, str] = {}
        since = self.read_date("since", errors)
        until = self.read_date("until", errors)
        member = self._member
        professional = self._professional
        named_worker = self._ticked(NetworkRole.NAMED_WORKER)
        entry = MemberInput(
            client_id=self._client_id,
            professional_id=professional.id if professional else None,
            close_name=self.value("close_name"),
            relation=self.value("relation"),
            phone=self.value("phone"),
            responsibility=self.value("responsibility"),
            since=since,
            until=until,
            roles=frozenset(role for role in self._offered_roles if self._ticked(role)),
            # A hidden justification is not asked for: it is not stored either.
            justification=(
                self.value("justification") if self._needs_justification(named_worker) else ""
            ),
            member_id=member.id if member else None,
            seen_version=member.version if member else None,
        )
        refuse(errors, partial(entry.checked, professional))
        return lambda: coordination.save_member(context.uow(), entry, actor=context.actor)

    # A colleague saved first (Ctrl+R) --------------------------------------------------

    def reader(self, context: AppContext) -> Callable[[], NetworkMember] | None:
        member = self._member
        if member is None:
            return None
        client_id = self._client_id

        def read() -> NetworkMember:
            # Reading the client's network is logged, as every other look at it.
            network = coordination.open_network(context.uow(), client_id, actor=context.actor)
            found = next((stored for stored in network.members if stored.id == member.id), None)
            if found is None:
                raise NotFound(tr("member_form.gone"))
            return found

        return read

    def values_of(self, record: NetworkMember) -> dict[str, object]:
        values: dict[str, object] = {
            "close_name": record.close_name,
            "relation": record.relation,
            "phone": record.phone,
            "responsibility": record.responsibility,
            "since": formats.date(record.since) if record.since else "",
            "until": formats.date(record.until) if record.until else "",
            "justification": record.justification,
        }
        for role in self._offered_roles:
            values[f"role-{role.value}"] = role in record.roles
        return values

    def adopt(self, record: NetworkMember) -> None:
        self._member = record
        # The directory entry may have changed too: the header shows it as it is now.
        self._professional = record.professional
        self.query_one("#member-header", Static).update(self._header())
