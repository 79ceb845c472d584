"""The client summary (asiakkaan yhteenveto): read in 30 seconds before the client sits down.

Read-only and short on purpose: who the client is, who manages them now and who
did before (R5), what worried the newest intake and how it ended, and every
visit, newest first. Life domains without a concern are named on one line, so
what matters is not lost among what does not. The client's own feedback, when
there is any, comes last; `p` records feedback on the latest closed case
management (R10).
"""

from __future__ import annotations

import datetime as dt

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from domain import formats
from domain.case_management import CaseManagerAssignment
from domain.clock import HELSINKI
from domain.errors import DomainError
from domain.feedback import Feedback, latest_closure, score_label
from domain.i18n import N_, tr
from domain.intake import ConcernLevel, IntakeRecord, LifeDomain, OutcomeKind
from domain.joint_client import JointClientDecision
from domain.summary import ClientSummary, VisitLine
from domain.use_cases import feedback
from domain.use_cases.joint_client import open_joint_client
from domain.use_cases.summary import client_summary
from tui.context import AppContext
from tui.screens.base import RinnallaScreen
from tui.screens.feedback_form import FeedbackForm, closure_about, saved_note
from tui.screens.joint_client import JointClientDialog, decision_text
from tui.widgets.footer import KeyFooter
from tui.widgets.level_picker import SYMBOLS
from tui.widgets.list_table import ListTable

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("summary.col.date"),
    N_("summary.col.time"),
    N_("summary.col.reason"),
    N_("summary.col.state"),
    N_("summary.col.outcome"),
    N_("summary.col.target"),
)

NO_VALUE = "–"
# Fits 120 columns with a scrollbar; the outcome column fits its longest label.
COLUMNS = {"date": 10, "time": 5, "reason": 20, "state": 10, "outcome": 27, "target": 32}
CONCERNS = (ConcernLevel.SERIOUS, ConcernLevel.SOME)
"""Shown one domain a line, the most serious first."""
QUIET = (ConcernLevel.NONE, ConcernLevel.NOT_DISCUSSED)
"""Summarised as one line of domain names each."""


class SummaryLoaded(Message):
    def __init__(self, summary: ClientSummary, feedback: list[Feedback]) -> None:
        super().__init__()
        self.summary = summary
        self.feedback = feedback


class SummaryFailed(Message):
    """The summary could not be read; ``reason`` is safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def _section(title: str, body: RenderableType) -> Padding:
    # The blank line above is part of the content, so sections stay apart without CSS.
    return Padding(Group(Text(title, style="bold underline"), body), (1, 0, 0, 0))


def _assignment(summary: ClientSummary, assignment: CaseManagerAssignment) -> Text:
    # The staff name comes from the staff register, but is still shown literally.
    text = Text(summary.case_manager_name(assignment), style="bold" if assignment.active else "")
    if assignment.interim:
        text.append(" (" + tr("case_manager.interim") + ")")
    if assignment.active:
        text.append(" · " + tr("summary.since", date=formats.date(assignment.started_at)))
    else:
        ended = formats.date(assignment.ended_at) if assignment.ended_at else ""
        text.append(f" · {formats.date(assignment.started_at)}–{ended}")
    return text


def case_manager_section(summary: ClientSummary) -> Padding:
    """Who to talk to about the client now, and who knew them before (R4, R5)."""
    grid = _grid()
    if summary.case_manager is None:
        grid.add_row(tr("summary.now"), Text(tr("summary.no_case_manager"), style="bold"))
    else:
        grid.add_row(tr("summary.now"), _assignment(summary, summary.case_manager))
    earlier = [a for a in summary.case_manager_history if not a.active]
    for index, assignment in enumerate(earlier):
        grid.add_row(tr("summary.before") if index == 0 else "", _assignment(summary, assignment))
    return _section(tr("summary.case_manager"), grid)


def contact_section(summary: ClientSummary) -> Padding:
    """How to reach the client: what the worker needs to call back, write or book an
    interpreter. Typed text is shown literally."""
    contact = summary.contact
    grid = _grid()
    if contact is None or contact.empty:
        grid.add_row("", Text(tr("summary.no_contact")))
        return _section(tr("summary.contact"), grid)
    if contact.phone:
        grid.add_row(tr("summary.phone"), Text(contact.phone, style="bold"))
    if contact.contact_way is not None:
        grid.add_row(tr("summary.contact_way"), Text(contact.contact_way.label))
    if contact.language is not None:
        grid.add_row(tr("summary.contact_language"), Text(contact.language_text()))
    if contact.interpreter:
        grid.add_row(
            tr("summary.interpreter_label"),
            Text(tr("summary.interpreter_needed", language=contact.interpreter_language)),
        )
    if contact.address:
        grid.add_row(tr("summary.address"), Text(contact.address))
    return _section(tr("summary.contact"), grid)


def joint_client_section(summary: ClientSummary) -> Padding:
    """The worker's yhteisasiakas decision with its reasons (R7), or how to make one."""
    decision = summary.joint_decision
    if decision is None:
        body = Text(tr("summary.joint_none"))
    else:
        body = decision_text(decision, summary.staff_name(decision.decided_by))
    return _section(tr("summary.joint_client"), body)


def actions_section(summary: ClientSummary, today: dt.date) -> Padding:
    """Open MOTI actions for the client: what, who, by when; overdue said in words."""
    grid = _grid()
    for action in summary.actions:
        due = formats.date(action.due)
        if action.overdue_on(today):
            due += " " + tr("summary.overdue")
        grid.add_row(
            Text(due, style="bold" if action.overdue_on(today) else ""),
            Text(f"{action.what} · {summary.action_owner(action)}"),
        )
    if not summary.actions:
        grid.add_row("", Text(tr("summary.no_actions")))
    return _section(tr("summary.actions"), grid)


def intake_section(summary: ClientSummary) -> Padding:
    """The newest intake: concerns first, then the client's own words, then the outcome."""
    latest = next((line for line in summary.visits if line.record is not None), None)
    if latest is None or latest.record is None:
        return _section(tr("summary.intakes"), Text(tr("summary.no_intake")))
    record = latest.record
    content = record.content
    grid = _grid()
    for level in CONCERNS:
        for domain in LifeDomain:
            entry = content.entry(domain)
            if entry.level is not level:
                continue
            strong = "bold" if level is ConcernLevel.SERIOUS else ""
            value = Text(level.label, style=strong)
            if entry.note:
                value.append(" – ")
                value.append(entry.note)  # typed text: appended as Text, never as markup
            grid.add_row(Text(f"{SYMBOLS[level]} {domain.label}", style=strong), value)
    if not any(content.entry(domain).level in CONCERNS for domain in LifeDomain):
        grid.add_row("", Text(tr("summary.no_concerns")))
    for level in QUIET:
        names = [domain.label for domain in LifeDomain if content.entry(domain).level is level]
        if names:
            grid.add_row(
                Text(f"{SYMBOLS[level]} {level.label}", style="dim"),
                Text(", ".join(names), style="dim"),
            )
    grid.add_row("", "")
    grid.add_row(tr("summary.goals"), Text(content.goals or NO_VALUE))
    grid.add_row(tr("summary.resources"), Text(content.resources or NO_VALUE))
    if content.language or content.interpreter:
        language = Text(content.language or NO_VALUE)
        if content.interpreter:
            language.append(" · ")
            language.append(tr("summary.interpreter"), style="bold")
        grid.add_row(tr("summary.language"), language)
    grid.add_row(tr("summary.outcome"), _outcome(latest))
    if content.outcome is OutcomeKind.MOTI and content.moti_question:
        grid.add_row(tr("summary.question"), Text(content.moti_question))
    return _section(_intake_title(summary, record), grid)


def _intake_title(summary: ClientSummary, record: IntakeRecord) -> str:
    date = formats.date(record.finished_at)
    if record.finished_by in summary.staff:
        return tr("summary.intake_by", date=date, staff=summary.staff_name(record.finished_by))
    return tr("summary.intake", date=date)


def _outcome(line: VisitLine) -> Text:
    outcome = line.record.content.outcome if line.record else None
    text = Text(outcome.label if outcome else NO_VALUE, style="bold")
    if line.referral is not None:
        text.append(": ")
        text.append(line.referral.name)
    return text


def visit_cells(line: VisitLine) -> list[Text]:
    """One table row; the outcome and its target come from the visit's newest intake."""
    visit = line.visit
    content = line.record.content if line.record else None
    outcome = content.outcome.label if content and content.outcome else NO_VALUE
    if line.referral is not None:
        target = line.referral.name
    elif content is not None and content.moti_question:
        target = content.moti_question
    else:
        target = NO_VALUE
    return [
        Text(formats.date(visit.arrived_at)),
        Text(formats.time(visit.arrived_at)),
        _cut(visit.reason or NO_VALUE),
        Text(visit.state.label),
        Text(outcome),
        _cut(target),
    ]


def feedback_section(items: list[Feedback]) -> Padding:
    """The client's own feedback, newest first: day, what about, score in words, the text.

    Anonymous feedback has no client and never appears here.
    """
    grid = _grid()
    for item in items:
        value = Text(
            tr("summary.score", score=item.score, label=score_label(item.score)), style="bold"
        )
        if item.text:
            value.append(" – ")
            value.append(item.text)  # the client's words: appended as Text, never as markup
        grid.add_row(Text(f"{formats.date(item.given_on)} · {item.kind.label}"), value)
    return _section(tr("summary.feedback", count=len(items)), grid)


def _cut(typed: str) -> Text:
    """Typed text on one line; an ellipsis says there is more (the intake shows it all)."""
    return Text(typed, no_wrap=True, overflow="ellipsis")


class SummaryScreen(RinnallaScreen[None]):
    """Read-only; Escape goes back to where it was opened from."""

    BINDINGS = [
        Binding("escape", "back", N_("key.back"), id="back"),
        Binding("p", "feedback", N_("key.record_feedback"), id="record_feedback"),
        Binding("y", "contact", N_("key.contact_details"), id="contact_details"),
        Binding("t", "callback", N_("key.callback"), id="callback"),
        Binding("j", "joint_client", N_("key.joint_client"), id="joint_client"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.title = tr("summary.title")
        self.client_id = client_id
        self._summary: ClientSummary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        # One scrolling page, focused, so arrows and PageUp/PageDown read on.
        with VerticalScroll(id="summary-body"):
            yield Static(tr("summary.loading"), id="summary-client")
            yield Static("", id="summary-case-manager", classes="summary-section")
            yield Static("", id="summary-contact", classes="summary-section")
            yield Static("", id="summary-joint", classes="summary-section")
            yield Static("", id="summary-actions", classes="summary-section")
            yield Static("", id="summary-intake", classes="summary-section")
            yield Static("", id="summary-visits-title", classes="summary-section")
            table: DataTable[Text] = ListTable(
                id="summary-visits", cursor_type="row", zebra_stripes=True
            )
            yield table
            yield Static("", id="summary-feedback", classes="summary-section")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#summary-visits", DataTable)
        for column, width in COLUMNS.items():
            table.add_column(tr(f"summary.col.{column}"), key=column, width=width)
        for widget in self._sections():
            widget.display = False
        self.query_one("#summary-feedback", Static).display = False
        self.query_one("#summary-body", VerticalScroll).focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.context)

    def _sections(self) -> list[Static | DataTable[Text]]:
        return [
            self.query_one("#summary-case-manager", Static),
            self.query_one("#summary-contact", Static),
            self.query_one("#summary-joint", Static),
            self.query_one("#summary-actions", Static),
            self.query_one("#summary-intake", Static),
            self.query_one("#summary-visits-title", Static),
            self.query_one("#summary-visits", DataTable),
        ]

    @work(thread=True, exclusive=True, group="summary-load")
    def _load(self, context: AppContext) -> None:
        try:
            summary = client_summary(context.uow(), self.client_id, actor=context.actor)
            given = feedback.client_feedback(context.uow(), self.client_id, actor=context.actor)
        except DomainError as error:
            self.post_message(SummaryFailed(error.message))
            return
        self.post_message(SummaryLoaded(summary, given))

    @on(SummaryFailed)
    def _failed(self, message: SummaryFailed) -> None:
        client = self.query_one("#summary-client", Static)
        client.update(Text(message.reason))
        client.add_class("error")

    @on(SummaryLoaded)
    def _show(self, message: SummaryLoaded) -> None:
        summary = message.summary
        self._summary = summary
        client = summary.client
        header = Text(client.display_name, style="bold")
        identity = client.masked_hetu or (str(client.birth_year) if client.birth_year else "")
        if identity:
            header.append(f" · {identity}")
        # The id the command line takes (rinnalla card 42, audit client 42).
        header.append(" · " + tr("ids.client", id=client.id), style="dim")
        self.query_one("#summary-client", Static).update(header)
        self.query_one("#summary-case-manager", Static).update(case_manager_section(summary))
        self.query_one("#summary-contact", Static).update(contact_section(summary))
        self.query_one("#summary-joint", Static).update(joint_client_section(summary))
        today = self.rinnalla.clock.now().astimezone(HELSINKI).date()
        actions = self.query_one("#summary-actions", Static)
        actions.update(actions_section(summary, today))
        self.query_one("#summary-intake", Static).update(intake_section(summary))
        title: RenderableType = Text(
            tr("summary.visits", count=len(summary.visits)), style="bold underline"
        )
        if not summary.visits:
            title = Group(title, Text(tr("summary.no_visits")))
        self.query_one("#summary-visits-title", Static).update(Padding(title, (1, 0, 0, 0)))
        table = self.query_one("#summary-visits", DataTable)
        table.clear()
        for line in summary.visits:
            table.add_row(*visit_cells(line), key=str(line.visit.id))
        for widget in self._sections():
            widget.display = True
        table.display = bool(summary.visits)
        actions.display = bool(summary.actions)  # no empty section in a 30-second read
        given = self.query_one("#summary-feedback", Static)
        given.update(feedback_section(message.feedback))
        given.display = bool(message.feedback)

    def action_back(self) -> None:
        self.dismiss()

    def action_feedback(self) -> None:
        """Feedback on the client's latest closed case management (R10).

        Feedback on a visit is recorded from the queue, where the visit is.
        """
        summary = self._summary
        if summary is None:
            return
        closure = latest_closure(summary.case_manager_history)
        if closure is None:
            self.notify(tr("summary.no_closure"))
            return
        about = closure_about(
            closure, summary.client.display_name, summary.case_manager_name(closure)
        )
        self.app.push_screen(
            FeedbackForm.for_closure(self.client_id, closure.id, about), self._after_feedback
        )

    def action_contact(self) -> None:
        """y: edit how to reach the client."""
        summary = self._summary
        if summary is None:
            return
        from domain.contact_details import ContactDetails
        from tui.screens.contact_form import ContactForm

        details = summary.contact or ContactDetails(client_id=self.client_id)
        self.app.push_screen(ContactForm(details, summary.client.display_name), self._after_contact)

    def _after_contact(self, saved: object) -> None:
        if saved is not None:
            self.notify(tr("summary.contact_saved"))
            self.reload()

    def action_callback(self) -> None:
        """t: promise the client a call back."""
        summary = self._summary
        if summary is None:
            return
        from tui.screens.callback_form import CallbackForm

        self.app.push_screen(
            CallbackForm(self.client_id, summary.client.display_name), self._after_callback
        )

    def _after_callback(self, saved: object) -> None:
        if saved is not None:
            self.notify(tr("summary.callback_saved"))

    def action_joint_client(self) -> None:
        """Y: decide whether the client is a joint client, with the criteria in view."""
        if self._summary is not None:
            self._open_joint(self.context, self._summary)

    @work(thread=True, exclusive=True, group="summary-joint")
    def _open_joint(self, context: AppContext, summary: ClientSummary) -> None:
        try:
            view = open_joint_client(
                context.uow(), self.client_id, actor=context.actor, clock=context.clock
            )
        except DomainError as error:
            self.app.call_from_thread(self.notify, error.message, severity="error")
            return
        latest = view.latest
        previous_by = summary.staff_name(latest.decided_by) if latest else "–"
        dialog = JointClientDialog(view, summary.client.display_name, previous_by)
        self.app.call_from_thread(self.app.push_screen, dialog, self._after_joint)

    def _after_joint(self, saved: JointClientDecision | None) -> None:
        if saved is not None:
            self.notify(tr("joint_client.saved"))
            self.reload()

    def _after_feedback(self, saved: Feedback | None) -> None:
        if saved is not None:
            self.notify(saved_note(saved))
            self.reload()
