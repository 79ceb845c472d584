"""The client's network (verkosto): warnings, the map, the members, plans and history.

The coordinator's view of one client. The warnings (R6) are at the top, each
with its reason; the map shows who is around the client and who is the one
case manager; the list is where members are added and edited. Every change
reloads the whole network, so the warnings always match what is shown.

The plans tab also holds the client's service need assessments that became
pending (R9): when each is due, whether the statutory 7-working-day limit
applies, and when it started; the highest care allowance, which decides that
limit together with age, is recorded here too.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from domain import formats
from domain.case_management import EndParticipants, EndReason
from domain.catalogue import Service
from domain.clients import Client
from domain.clock import HELSINKI
from domain.consent import CONSENT_SCREEN_KEY
from domain.contacts_card import ContactsCard
from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.need_assessment import (
    DeadlineRules,
    PendingAssessment,
    is_statutory,
    status_text,
    working_days_left,
)
from domain.network import ClientNetwork, NetworkMember, NetworkRole, Professional
from domain.network_warnings import NetworkWarning, network_warnings
from domain.referrals import TRANSITIONS, Referral, ReferralRules
from domain.use_cases import catalogue, coordination, need_assessment, referrals
from domain.use_cases.contacts_card import read_contacts_card
from tui.bindings import translate_bindings
from tui.context import AppContext
from tui.screens.case_manager import decision_parts
from tui.screens.confirm import ConfirmDiscard
from tui.widgets.ecomap import render_ecomap
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable
from tui.widgets.warnings_box import WarningsBox

if TYPE_CHECKING:
    from tui.app import RinnallaApp

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("network.col.name"),
    N_("network.col.roles"),
    N_("network.col.sector"),
    N_("network.col.organisation"),
    N_("network.col.reach"),
    N_("network.col.period"),
    N_("network.col.kind"),
    N_("network.col.made_on"),
    N_("network.col.next_review"),
    N_("network.col.subject"),
    N_("network.col.assessor"),
    N_("network.col.started"),
    N_("network.col.ended"),
    N_("network.col.reason"),
    N_("network.col.pending_since"),
    N_("network.col.due"),
    N_("network.col.basis"),
    N_("network.col.started_on"),
    N_("network.col.state"),
    N_("network.col.target"),
    N_("network.col.made"),
    N_("network.col.expected"),
    N_("network.col.changed"),
)

TABS = ("map", "members", "plans", "history", "referrals")


class NetworkLoaded(Message):
    def __init__(
        self,
        network: ClientNetwork,
        note: str | None,
        pending: list[PendingAssessment] | None = None,
    ) -> None:
        super().__init__()
        self.network = network
        self.note = note
        self.pending = pending or []
        self.closed_assignment: int | None = None
        """Set when case management just ended: the feedback reminder follows (R10)."""
        self.referrals: list[Referral] = []
        self.services: list[Service] = []
        """The catalogue, for the referral form's choice of service."""


class NetworkFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class CardReady(Message):
    def __init__(self, card: ContactsCard) -> None:
        super().__init__()
        self.card = card


class NetworkScreen(Screen[None]):
    """One client's network; keys only."""

    BINDINGS = [
        Binding("1", "tab('map')", N_("key.network_tab"), show=False),
        Binding("2", "tab('members')", N_("key.network_tab"), show=False),
        Binding("3", "tab('plans')", N_("key.network_tab"), show=False),
        Binding("4", "tab('history')", N_("key.network_tab"), show=False),
        Binding("5", "tab('referrals')", N_("key.network_tab"), show=False),
        Binding("a", "add_professional", N_("key.network_add"), id="network_add"),
        Binding("l", "add_close_person", N_("key.network_close_person"), id="network_close"),
        Binding("e", "edit_member", N_("key.network_edit"), id="network_edit"),
        Binding("x", "remove_member", N_("key.network_remove"), id="network_remove", show=False),
        Binding("c", "name_case_manager", N_("key.network_name_cm"), id="network_name_cm"),
        Binding("o", "end_case_management", N_("key.network_end_cm"), show=False),
        Binding("p", "add_plan", N_("key.network_plan"), show=False),
        Binding("r", "add_assessment", N_("key.network_assessment"), show=False),
        Binding("n", "refer", N_("key.network_refer"), id="network_refer"),
        Binding("k", "card", N_("key.network_card"), id="network_card"),
        Binding("m", "propose", N_("key.network_propose"), show=False),
        Binding("v", "make_pending", N_("key.network_make_pending"), show=False),
        Binding("s", "mark_started", N_("key.network_mark_started"), show=False),
        Binding("h", "toggle_allowance", N_("key.network_allowance"), show=False),
        # The key the consent refusals name, from the domain so that the two agree.
        Binding(CONSENT_SCREEN_KEY, "consents", N_("key.network_consents"), id="network_consents"),
        Binding("escape", "back", N_("key.network_back"), id="network_back"),
        Binding("t", "referral_state", N_("key.referral_state"), show=False),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.title = tr("network.title")
        self.client_id = client_id
        self.network: ClientNetwork | None = None
        self.pending: list[PendingAssessment] = []
        """The client's pending service need assessments, newest first."""
        self.referrals: list[Referral] = []
        """The client's referrals, newest first."""
        self.catalogue: list[Service] = []

    @property
    def rinnalla(self) -> RinnallaApp:
        return cast("RinnallaApp", self.app)

    # Layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("network.loading"), id="network-client")
        yield WarningsBox(Static("", id="network-warnings"), box_id="network-warnings-box")
        with TabbedContent(id="network-tabs"):
            with TabPane(tr("network.tab_map"), id="map"):
                with VerticalScroll(id="map-scroll"):
                    yield Static("", id="ecomap")
            with TabPane(tr("network.tab_members"), id="members"):
                yield ListTable(id="members-table", cursor_type="row", zebra_stripes=True)
            with TabPane(tr("network.tab_plans"), id="plans"):
                with VerticalScroll(id="plans-scroll"):
                    yield Static(tr("network.pending_title"), classes="section-title")
                    yield Static("", id="pending-facts")
                    yield ListTable(id="pending-table", cursor_type="row")
                    yield Static(tr("network.plans"), classes="section-title")
                    yield ListTable(id="plans-table", cursor_type="row")
                    yield Static(tr("network.assessments"), classes="section-title")
                    yield ListTable(id="assessments-table", cursor_type="row")
            with TabPane(tr("network.tab_history"), id="history"):
                yield ListTable(id="history-table", cursor_type="row")
            with TabPane(tr("network.tab_referrals"), id="referrals"):
                yield ListTable(id="referrals-table", cursor_type="row")
        yield Static("", id="network-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._columns(
            "members-table",
            [("name", 26), ("roles", 30), ("sector", 18), ("organisation", 24), ("reach", None)],
        )
        self._columns(
            "plans-table",
            [("kind", 26), ("organisation", 30), ("made_on", 12), ("next_review", None)],
        )
        self._columns(
            "assessments-table",
            [("subject", 26), ("organisation", 30), ("assessor", 24), ("made_on", None)],
        )
        self._columns(
            "history-table",
            [("name", 28), ("started", 12), ("ended", 12), ("reason", None)],
        )
        self._columns(
            "pending-table",
            [
                ("pending_since", 16),
                ("due", 12),
                ("basis", 14),
                ("started_on", 12),
                ("state", None),
            ],
        )
        self._columns(
            "referrals-table",
            [("target", 26), ("made", 11), ("expected", 11), ("state", 16), ("changed", None)],
        )
        self.reload()

    def _columns(self, table_id: str, columns: list[tuple[str, int | None]]) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        for key, width in columns:
            table.add_column(tr(f"network.col.{key}"), key=key, width=width)

    # Loading ------------------------------------------------------------------

    def reload(self, note: str | None = None) -> None:
        context = self.rinnalla.context
        if context is not None:
            self._load(context, note)

    @work(thread=True, exclusive=True, group="network-load")
    def _load(self, context: AppContext, note: str | None) -> None:
        try:
            loaded = self._read(context, note)
        except DomainError as error:
            self.post_message(NetworkFailed(error.message))
        else:
            self.post_message(loaded)

    def _read(self, context: AppContext, note: str | None) -> NetworkLoaded:
        """The network and the pending assessments; in a worker thread."""
        network = coordination.open_network(context.uow(), self.client_id, actor=context.actor)
        pending = need_assessment.pending_for_client(
            context.uow(), self.client_id, actor=context.actor
        )
        loaded = NetworkLoaded(network, note, pending)
        loaded.referrals = referrals.client_referrals(
            context.uow(), self.client_id, actor=context.actor
        )
        loaded.services = catalogue.list_services(context.uow(), include_inactive=False)
        return loaded

    @on(NetworkFailed)
    def _failed(self, message: NetworkFailed) -> None:
        self._status(message.message, error=True)

    @on(NetworkLoaded)
    def _loaded(self, message: NetworkLoaded) -> None:
        network = message.network
        self.network = network
        self.pending = message.pending
        now = self.rinnalla.clock.now()
        self._show_header(network)
        self._show_warnings(
            network_warnings(network, now, interim_days=self._referral_rules().interim_days)
        )
        self._show_map()
        self._fill_members(network)
        self._fill_plans(network)
        self._fill_pending(network.client, message.pending)
        self._fill_history(network)
        self._fill_referrals(message.referrals, message.services)
        if message.note:
            self._status(message.note)
        self.refresh_bindings()
        if message.closed_assignment is not None:
            from tui.screens.feedback import FeedbackReminder

            self.app.push_screen(
                FeedbackReminder.for_closure(network.client.id, message.closed_assignment)
            )

    def _show_header(self, network: ClientNetwork) -> None:
        client = network.client
        identity = client.masked_hetu or (str(client.birth_year) if client.birth_year else "–")
        text = Text(tr("network.header", name=client.display_name, identity=identity), style="bold")
        # The id the command line takes (rinnalla card 42).
        text.append(" · " + tr("ids.client", id=client.id), style="dim")
        text.append("\n")
        manager = network.case_manager
        if manager is None:
            text.append("★ " + tr("network.no_case_manager"), style="bold reverse")
        else:
            started = manager.assignment.started_at.astimezone(HELSINKI).date()
            text.append(
                "★ "
                + tr(
                    "network.case_manager",
                    name=manager.professional.name,
                    interim=tr("network.interim") if manager.assignment.interim else "",
                    date=formats.date(started),
                ),
                style="bold",
            )
        previous = network.previous_case_manager
        if previous is not None and previous.assignment.ended_at is not None:
            assignment = previous.assignment
            assert assignment.ended_at is not None
            text.append("\n")
            text.append(
                tr(
                    "network.previous",
                    name=previous.professional.name,
                    start=formats.date(assignment.started_at),
                    end=formats.date(assignment.ended_at),
                    reason=assignment.end_reason.label if assignment.end_reason else "–",
                ),
                style="dim",
            )
        self.query_one("#network-client", Static).update(text)

    MAP_WIDTH = 116
    """The map's width where there is room; narrower at 80 columns, so that its
    lines are never folded (a folded line breaks the boxes apart)."""

    def _show_map(self) -> None:
        if self.network is None:
            return
        today = self.rinnalla.clock.now().astimezone(HELSINKI).date()
        # Room for the scroll bar, which the map's height usually brings.
        width = min(self.MAP_WIDTH, self.app.size.width - 2)
        self.query_one("#ecomap", Static).update(render_ecomap(self.network, today, width))

    def on_resize(self) -> None:
        self._show_map()

    def _show_warnings(self, warnings: list[NetworkWarning]) -> None:
        widget = self.query_one("#network-warnings", Static)
        if not warnings:
            widget.update(Text(tr("network.no_warnings"), style="dim"))
            widget.remove_class("has-warnings")
            self.query_one("#network-warnings-box", WarningsBox).show([])
            return
        lines = [Text("⚠ " + warning.reason) for warning in warnings]
        widget.update(Text("\n").join(lines))
        widget.add_class("has-warnings")
        self.query_one("#network-warnings-box", WarningsBox).show(lines)

    def _fill_members(self, network: ClientNetwork) -> None:
        table = self.query_one("#members-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for member in network.members:
            roles = network.roles_of(member)
            labels = [
                role.label.upper() if role is NetworkRole.CASE_MANAGER else role.label.lower()
                for role in NetworkRole
                if role in roles
            ]
            period = " – ".join(
                formats.date(day) if day else "" for day in (member.since, member.until)
            ).strip(" –")
            reach = member.professional.reach if member.professional else member.phone
            style = "bold" if NetworkRole.CASE_MANAGER in roles else ""
            table.add_row(
                Text(
                    ("★ " if NetworkRole.CASE_MANAGER in roles else "") + member.name, style=style
                ),
                Text(", ".join(labels), style=style),
                Text(member.sector.label),
                Text(member.organisation),
                Text(" ".join(part for part in (reach, period) if part)),
                key=str(member.id),
            )
        if network.members:
            table.move_cursor(row=min(max(keep, 0), len(network.members) - 1))

    def _fill_plans(self, network: ClientNetwork) -> None:
        plans = self.query_one("#plans-table", DataTable)
        plans.clear()
        for plan in network.plans:
            plans.add_row(
                Text(plan.kind.label),
                Text(plan.organisation),
                Text(formats.date(plan.made_on)),
                Text(formats.date(plan.next_review) if plan.next_review else "–"),
            )
        assessments = self.query_one("#assessments-table", DataTable)
        assessments.clear()
        for assessment in network.assessments:
            assessments.add_row(
                Text(assessment.subject),
                Text(assessment.organisation),
                Text(assessment.assessor or "–"),
                Text(formats.date(assessment.made_on)),
            )

    def _rules(self) -> DeadlineRules:
        context = self.rinnalla.context
        return context.deadlines if context is not None else DeadlineRules()

    def _fill_pending(self, client: Client, pending: list[PendingAssessment]) -> None:
        """The allowance, the limit a new matter would get, and each pending assessment.

        Words, not colour, say what is late ("! MYÖHÄSSÄ"): the screen may be
        read without colour.
        """
        today = self.rinnalla.clock.now().astimezone(HELSINKI).date()
        rules = self._rules()
        facts = Text(
            tr(
                N_("network.allowance_yes")
                if client.highest_care_allowance
                else N_("network.allowance_no")
            ),
            style="bold" if client.highest_care_allowance else "",
        )
        facts.append(" · ")
        if is_statutory(client, today):
            facts.append(tr("network.rule_statutory", days=rules.statutory_working_days))
        else:
            facts.append(tr("network.rule_target", days=rules.target_working_days))
        if not pending:
            facts.append("\n" + tr("network.no_pending"), style="dim")
        self.query_one("#pending-facts", Static).update(facts)
        table = self.query_one("#pending-table", DataTable)
        keep = table.cursor_row
        table.clear()
        table.display = bool(pending)
        for item in pending:
            table.add_row(
                Text(formats.date(item.pending_since)),
                Text(formats.date(item.due_on)),
                Text(
                    tr("network.basis_statutory") if item.statutory else tr("network.basis_target")
                ),
                Text(formats.date(item.started_on) if item.started_on else "–"),
                self._pending_state(item, today),
                key=str(item.id),
            )
        if pending:
            table.move_cursor(row=min(max(keep, 0), len(pending) - 1))

    @staticmethod
    def _pending_state(item: PendingAssessment, today: dt.date) -> Text:
        if item.started_on is not None:
            late = item.started_on > item.due_on
            return Text(tr("network.started_late") if late else tr("network.started_in_time"))
        left = working_days_left(item.due_on, today)
        if left < 0:
            return Text(f"! {status_text(left)}", style="bold")
        return Text(status_text(left), style="bold" if left == 0 else "")

    def _fill_history(self, network: ClientNetwork) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for view in network.history:
            assignment = view.assignment
            name = view.professional.name + (tr("network.interim") if assignment.interim else "")
            reason = assignment.end_reason.label if assignment.end_reason else ""
            if assignment.end_note:
                reason = f"{reason}: {assignment.end_note}" if reason else assignment.end_note
            reason = " · ".join(part for part in (reason, *decision_parts(assignment)) if part)
            table.add_row(
                Text(("★ " if assignment.active else "") + name),
                Text(formats.date(assignment.started_at)),
                Text(formats.date(assignment.ended_at) if assignment.ended_at else "–"),
                Text(reason),
            )

    # Helpers ----------------------------------------------------------------------

    def _status(self, note: str, *, error: bool = False) -> None:
        status = self.query_one("#network-status", Static)
        status.update(Text(note))
        status.set_class(error, "error")

    def _highlighted_member(self) -> NetworkMember | None:
        if self.network is None:
            return None
        tabs = self.query_one("#network-tabs", TabbedContent)
        if tabs.active != "members":
            return None
        table = self.query_one("#members-table", DataTable)
        if 0 <= table.cursor_row < len(self.network.members):
            return self.network.members[table.cursor_row]
        return None

    def action_tab(self, tab: str) -> None:
        self.query_one("#network-tabs", TabbedContent).active = tab
        focus = {
            "members": "#members-table",
            "plans": "#plans-table",
            "history": "#history-table",
            "referrals": "#referrals-table",
        }
        if tab in focus:
            self.query_one(focus[tab], DataTable).focus()
        else:
            self.query_one("#map-scroll").focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def _run(self, job: str, *args: object) -> None:
        context = self.rinnalla.context
        if context is not None:
            self._write(context, job, args)

    @work(thread=True, exclusive=True, group="network-write")
    def _write(self, context: AppContext, job: str, args: tuple[object, ...]) -> None:
        """Writes that need no form: naming, ending, removing."""
        try:
            if job == "name":
                professional, note = cast(tuple[Professional, str], args)
                coordination.name_case_manager(
                    context.uow(),
                    self.client_id,
                    professional.id,
                    note,
                    actor=context.actor,
                    clock=context.clock,
                )
                done = tr("network.named", name=professional.name)
            elif job == "end":
                reason, note, participants = cast(tuple[EndReason, str, EndParticipants], args)
                closed = coordination.end_case_management(
                    context.uow(),
                    self.client_id,
                    reason,
                    note,
                    participants=participants,
                    actor=context.actor,
                    clock=context.clock,
                )
                done = tr("network.ended")
            elif job == "allowance":
                value, seen_version = cast(tuple[bool, int], args)
                need_assessment.set_highest_care_allowance(
                    context.uow(),
                    self.client_id,
                    value,
                    seen_version,
                    context.deadlines,
                    actor=context.actor,
                )
                done = (
                    tr("network.allowance_saved_on") if value else tr("network.allowance_saved_off")
                )
            else:
                (member,) = cast(tuple[NetworkMember], args)
                coordination.remove_member(
                    context.uow(), self.client_id, member.id, member.version, actor=context.actor
                )
                done = tr("network.removed")
            loaded = self._read(context, done)
        except DomainError as error:
            self.post_message(NetworkFailed(error.message))
        else:
            if job == "allowance":
                loaded.note = self._allowance_note(loaded, done)
            if job == "end":
                loaded.closed_assignment = closed.id
            self.post_message(loaded)

    def _allowance_note(self, loaded: NetworkLoaded, done: str) -> str:
        """Says so when the new fact moved an open assessment's due date."""
        before = {item.id: item.due_on for item in self.pending}
        for item in loaded.pending:
            if item.started_on is None and before.get(item.id, item.due_on) != item.due_on:
                return done + " " + tr("network.due_moved", due=formats.date(item.due_on))
        return done

    # Members ----------------------------------------------------------------------

    def action_add_professional(self) -> None:
        from tui.screens.directory import DirectoryPicker

        self.app.push_screen(DirectoryPicker(), self._professional_picked)

    def _professional_picked(self, professional: Professional | None) -> None:
        if professional is None:
            return
        from tui.screens.member_form import MemberForm

        self.action_tab("members")
        self.app.push_screen(
            MemberForm(self.client_id, professional=professional), self._member_saved
        )

    def action_add_close_person(self) -> None:
        from tui.screens.member_form import MemberForm

        self.action_tab("members")
        self.app.push_screen(MemberForm(self.client_id), self._member_saved)

    def action_edit_member(self) -> None:
        member = self._highlighted_member()
        if member is None:
            self._status(tr("network.pick_member"))
            self.action_tab("members")
            return
        from tui.screens.member_form import MemberForm

        self.app.push_screen(MemberForm(self.client_id, member=member), self._member_saved)

    def _member_saved(self, member: object) -> None:
        if member is not None:
            self.reload(tr("network.saved"))
            if isinstance(member, NetworkMember):
                self.call_after_refresh(self._highlight_member, member.id)

    def _highlight_member(self, member_id: int) -> None:
        table = self.query_one("#members-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(str(member_id)))
        except Exception:  # noqa: BLE001 - the reload has not arrived yet; harmless
            pass

    @on(DataTable.RowSelected, "#members-table")
    def _member_chosen(self) -> None:
        self.action_edit_member()

    def action_remove_member(self) -> None:
        member = self._highlighted_member()
        if member is None:
            self._status(tr("network.pick_member"))
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._run("remove", member)

        self.app.push_screen(
            ConfirmDiscard(
                tr("network.remove_question", name=member.name),
                confirm_label=tr("key.network_remove"),
            ),
            answered,
        )

    # The one case manager ------------------------------------------------------------

    def action_name_case_manager(self) -> None:
        member = self._highlighted_member()
        if member is None:
            self._status(tr("network.pick_member"))
            self.action_tab("members")
            return
        if member.professional is None:
            self._status(tr("network.not_professional"), error=True)
            return
        professional = member.professional
        current = self.network.case_manager if self.network else None
        from tui.screens.case_manager import NameCaseManagerDialog

        def confirmed(note: str | None) -> None:
            if note is not None:
                self._run("name", professional, note)

        self.app.push_screen(
            NameCaseManagerDialog(
                professional.name,
                current.professional.name
                if current and current.professional.id != professional.id
                else None,
            ),
            confirmed,
        )

    def action_end_case_management(self) -> None:
        from tui.screens.case_manager import EndCaseManagementDialog

        def chosen(answer: tuple[EndReason, str, EndParticipants] | None) -> None:
            if answer is not None:
                self._run("end", *answer)

        members = [(m.id, m.name) for m in self.network.members] if self.network else []
        self.app.push_screen(EndCaseManagementDialog(members), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end_case_management":
            return True if self.network and self.network.case_manager else None
        return True

    # Plans, assessments, the card ------------------------------------------------------

    def action_add_plan(self) -> None:
        from tui.screens.plan_form import PlanForm

        self.action_tab("plans")
        self.app.push_screen(PlanForm(self.client_id), self._member_saved)

    def action_add_assessment(self) -> None:
        from tui.screens.plan_form import AssessmentForm

        self.action_tab("plans")
        self.app.push_screen(AssessmentForm(self.client_id), self._member_saved)

    def action_consents(self) -> None:
        """The client's consents to disclose (R12): given, withdrawn, and giving more."""
        from tui.screens.consent import ConsentScreen

        self.app.push_screen(ConsentScreen(self.client_id))

    def action_propose(self) -> None:
        """Put the client in the MOTI backlog with the question for the team."""
        from domain.moti import Proposal
        from tui.screens.propose import ProposeForm

        def proposed(proposal: Proposal | None) -> None:
            if proposal is not None:
                self._status(tr("network.proposed", question=proposal.question))

        self.app.push_screen(ProposeForm(self.client_id), proposed)

    def action_card(self) -> None:
        context = self.rinnalla.context
        if context is not None:
            self._make_card(context)

    @work(thread=True, exclusive=True, group="network-card")
    def _make_card(self, context: AppContext) -> None:
        card = read_contacts_card(
            context.uow(), self.client_id, actor=context.actor, clock=context.clock
        )
        self.post_message(CardReady(card))

    @on(CardReady)
    def _show_card(self, message: CardReady) -> None:
        from tui.screens.card import CardScreen

        self.app.push_screen(CardScreen(self.client_id, message.card))

    # Service need assessments (R9) ------------------------------------------------------

    def action_make_pending(self) -> None:
        """The service need assessment became pending: the form asks the day, today first."""
        if self.network is None:
            return
        from tui.screens.pending_form import MakePendingForm

        self.action_tab("plans")
        self.app.push_screen(
            MakePendingForm(self.network.client, self._rules()), self._pending_made
        )

    def _pending_made(self, pending: PendingAssessment | None) -> None:
        if pending is not None:
            self.reload(tr("network.pending_made", due=formats.date(pending.due_on)))

    def _pending_to_start(self) -> PendingAssessment | None:
        """The highlighted assessment when the list has the focus, else the open one."""
        table = self.query_one("#pending-table", DataTable)
        if table.has_focus and 0 <= table.cursor_row < len(self.pending):
            return self.pending[table.cursor_row]
        return next((item for item in self.pending if item.started_on is None), None)

    def action_mark_started(self) -> None:
        if self.network is None:
            return
        self.action_tab("plans")
        pending = self._pending_to_start()
        if pending is None:
            self._status(tr("network.nothing_to_start"))
            return
        if pending.started_on is not None:
            self._status(
                tr("need_assessment.already_started", started=formats.date(pending.started_on)),
                error=True,
            )
            return
        from tui.screens.pending_form import StartedForm

        self.app.push_screen(StartedForm(pending), self._started)

    def _started(self, pending: PendingAssessment | None) -> None:
        if pending is not None:
            self.reload(tr("network.started_saved"))

    @on(DataTable.RowSelected, "#pending-table")
    def _pending_chosen(self) -> None:
        self.action_mark_started()

    def action_toggle_allowance(self) -> None:
        """Record or remove the highest care allowance, after asking: it sets deadlines."""
        if self.network is None:
            return
        client = self.network.client
        value = not client.highest_care_allowance
        self.action_tab("plans")
        if value:
            question = tr(
                "network.allowance_on_question", days=self._rules().statutory_working_days
            )
            label = tr("network.allowance_on")
        else:
            question = tr("network.allowance_off_question")
            label = tr("network.allowance_off")

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._run("allowance", value, client.version)

        self.app.push_screen(ConfirmDiscard(question, confirm_label=label), answered)

    # Referrals and their follow-up ---------------------------------------------------

    def _referral_rules(self) -> ReferralRules:
        context = self.rinnalla.context
        return context.referrals if context is not None else ReferralRules()

    def _fill_referrals(self, found: list[Referral], services: list[Service]) -> None:
        """Each referral with its state and the last change's who and when."""
        self.referrals = found
        self.catalogue = services
        today = self.rinnalla.clock.now().astimezone(HELSINKI).date()
        table = self.query_one("#referrals-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for referral in found:
            state = referral.state.label
            if referral.past_due(today):
                state = "! " + tr("network.referral_late")
            elif referral.next_action is not None:
                state += " · " + referral.next_action.label
            change = referral.last_change
            changed = (
                tr(
                    "network.referral_changed",
                    date=formats.date(change.at),
                    reached=formats.date(referral.reached_on) if referral.reached_on else "–",
                )
                if change is not None
                else tr("network.referral_from", source=referral.source.label)
            )
            table.add_row(
                Text(referral.target),
                Text(formats.date(referral.made_at)),
                Text(formats.date(referral.expected_on)),
                Text(state, style="bold" if referral.past_due(today) else ""),
                Text(changed),
                key=str(referral.id),
            )
        if found:
            table.move_cursor(row=min(max(keep, 0), len(found) - 1))

    def action_refer(self) -> None:
        """n: refer the client to a service, or to a professional or organisation by name."""
        from tui.screens.referral_forms import ReferralForm

        self.action_tab("referrals")
        self.app.push_screen(
            ReferralForm(self.client_id, self.catalogue, self._referral_rules()),
            self._referral_saved,
        )

    def action_referral_state(self) -> None:
        """t: record what happened to the highlighted referral."""
        self.action_tab("referrals")
        table = self.query_one("#referrals-table", DataTable)
        if not 0 <= table.cursor_row < len(self.referrals):
            self._status(tr("network.no_referrals"))
            return
        referral = self.referrals[table.cursor_row]
        if not TRANSITIONS[referral.state]:
            self._status(tr("network.referral_final", state=referral.state.label))
            return
        from tui.screens.referral_forms import ReferralStateForm

        self.app.push_screen(ReferralStateForm(referral), self._referral_saved)

    @on(DataTable.RowSelected, "#referrals-table")
    def _referral_chosen(self) -> None:
        self.action_referral_state()

    def _referral_saved(self, referral: Referral | None) -> None:
        if referral is not None:
            self.reload(tr("network.referral_saved", target=referral.target))
