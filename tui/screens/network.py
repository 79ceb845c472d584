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

from typing import cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Header, Static, TabbedContent

from domain import formats
from domain.case_management import EndParticipants, EndReason
from domain.catalogue import Service
from domain.clock import HELSINKI
from domain.consent import CONSENT_SCREEN_KEY
from domain.contacts_card import ContactsCard
from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.need_assessment import DeadlineRules, PendingAssessment
from domain.network import ClientNetwork, NetworkMember, Professional
from domain.network_warnings import NetworkWarning, network_warnings
from domain.referrals import TRANSITIONS, Referral, ReferralRules
from domain.use_cases import catalogue, coordination, need_assessment, referrals
from domain.use_cases.contacts_card import read_contacts_card
from tui.context import AppContext
from tui.screens.base import RinnallaScreen
from tui.screens.confirm import ConfirmDiscard
from tui.screens.network_tabs.history import HistoryTab
from tui.screens.network_tabs.members import MembersTab
from tui.screens.network_tabs.network_map import NetworkMapTab
from tui.screens.network_tabs.plans import PlansTab
from tui.screens.network_tabs.referrals import ReferralsTab
from tui.widgets.footer import KeyFooter
from tui.widgets.status_line import StatusLine
from tui.widgets.warnings_box import WarningsBox


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


class NetworkScreen(RinnallaScreen[None]):
    """One client's network; keys only.

    What was read last is held in reactive attributes; the tabs are bound to
    them and fill themselves, the header and the warnings follow ``network``.
    """

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

    network: reactive[ClientNetwork | None] = reactive(None)
    pending: reactive[list[PendingAssessment]] = reactive(list)
    """The client's pending service need assessments, newest first."""
    referrals: reactive[list[Referral]] = reactive(list)
    """The client's referrals, newest first."""

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.title = tr("network.title")
        self.client_id = client_id
        self.catalogue: list[Service] = []
        """The services a referral may name, read with the referrals."""

    # Layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        clock = self.rinnalla.clock
        yield Header()
        yield Static(tr("network.loading"), id="network-client")
        yield WarningsBox(Static("", id="network-warnings"), box_id="network-warnings-box")
        with TabbedContent(id="network-tabs"):
            yield NetworkMapTab(tr("network.tab_map"), clock, id="map").data_bind(
                NetworkScreen.network
            )
            yield MembersTab(tr("network.tab_members"), id="members").data_bind(
                NetworkScreen.network
            )
            yield PlansTab(tr("network.tab_plans"), clock, self._rules(), id="plans").data_bind(
                NetworkScreen.network, NetworkScreen.pending
            )
            yield HistoryTab(tr("network.tab_history"), id="history").data_bind(
                NetworkScreen.network
            )
            yield ReferralsTab(tr("network.tab_referrals"), clock, id="referrals").data_bind(
                NetworkScreen.referrals
            )
        yield StatusLine(id="network-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()

    # Loading ------------------------------------------------------------------

    def reload(self, note: str | None = None) -> None:
        if self.signed_in:
            self._load(self.context, note)

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
        self.set_status(message.message, error=True)

    @on(NetworkLoaded)
    def _loaded(self, message: NetworkLoaded) -> None:
        # The plans tab shows the pending assessments of the network it has: the
        # assessments first, so that the network's arrival shows both at once.
        self.pending = message.pending
        self.referrals = message.referrals
        self.catalogue = message.services
        self.network = message.network
        if message.note:
            self.set_status(message.note)
        self.refresh_bindings()
        if message.closed_assignment is not None:
            from tui.screens.feedback import FeedbackReminder

            self.app.push_screen(
                FeedbackReminder.for_closure(message.network.client.id, message.closed_assignment)
            )

    def watch_network(self, network: ClientNetwork | None) -> None:
        if network is None:
            return
        now = self.rinnalla.clock.now()
        self._show_header(network)
        self._show_warnings(
            network_warnings(network, now, interim_days=self._referral_rules().interim_days)
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

    def _rules(self) -> DeadlineRules:
        return self.context.deadlines if self.signed_in else DeadlineRules()

    # Helpers ----------------------------------------------------------------------

    def _highlighted_member(self) -> NetworkMember | None:
        """The member under the cursor, only while the members are shown."""
        if self.query_one("#network-tabs", TabbedContent).active != "members":
            return None
        return self.query_one(MembersTab).highlighted()

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
        if self.signed_in:
            self._write(self.context, job, args)

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
            self.set_status(tr("network.pick_member"))
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
        self.query_one(MembersTab).highlight(member_id)

    @on(DataTable.RowSelected, "#members-table")
    def _member_chosen(self) -> None:
        self.action_edit_member()

    def action_remove_member(self) -> None:
        member = self._highlighted_member()
        if member is None:
            self.set_status(tr("network.pick_member"))
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
            self.set_status(tr("network.pick_member"))
            self.action_tab("members")
            return
        if member.professional is None:
            self.set_status(tr("network.not_professional"), error=True)
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
                self.set_status(tr("network.proposed", question=proposal.question))

        self.app.push_screen(ProposeForm(self.client_id), proposed)

    def action_card(self) -> None:
        if self.signed_in:
            self._make_card(self.context)

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

    def action_mark_started(self) -> None:
        if self.network is None:
            return
        self.action_tab("plans")
        pending = self.query_one(PlansTab).pending_to_start()
        if pending is None:
            self.set_status(tr("network.nothing_to_start"))
            return
        if pending.started_on is not None:
            self.set_status(
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
        return self.context.referrals if self.signed_in else ReferralRules()

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
        referral = self.query_one(ReferralsTab).highlighted()
        if referral is None:
            self.set_status(tr("network.no_referrals"))
            return
        if not TRANSITIONS[referral.state]:
            self.set_status(tr("network.referral_final", state=referral.state.label))
            return
        from tui.screens.referral_forms import ReferralStateForm

        self.app.push_screen(ReferralStateForm(referral), self._referral_saved)

    @on(DataTable.RowSelected, "#referrals-table")
    def _referral_chosen(self) -> None:
        self.action_referral_state()

    def _referral_saved(self, referral: Referral | None) -> None:
        if referral is not None:
            self.reload(tr("network.referral_saved", target=referral.target))
