"""Proposing a client to a MOTI team from the client's page (R8)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, RadioSet, Select, Static

from domain.errors import DomainError, InvalidInput
from domain.i18n import N_, tr
from domain.moti import Proposal, Referrer, Team
from domain.use_cases import meetings
from tui.context import AppContext
from tui.messages import Refused
from tui.screens.base import RinnallaDialog
from tui.screens.confirm import ConfirmDiscard
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedRadioButton
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput


class TeamsLoaded(Message):
    def __init__(self, teams: list[Team]) -> None:
        super().__init__()
        self.teams = teams


class Proposed(Message):
    def __init__(self, proposal: Proposal) -> None:
        super().__init__()
        self.proposal = proposal


REFERRERS = tuple(Referrer)


class ProposeForm(RinnallaDialog[Proposal | None]):
    """The question for the team, which team (any, when left open), and who referred the
    client: sote, a third-sector organisation, employment services, Kela, or the client.

    A pending service need assessment's due date comes along by itself (R9).
    """

    BINDINGS = [
        Binding("ctrl+s", "save", N_("key.propose_save")),
        Binding("escape", "cancel", N_("key.propose_cancel")),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self._client_id = client_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="propose-form"):
            yield Static(Text(tr("propose.title")), classes="dialog-title")
            yield Label(tr("propose.question"), classes="field-label")
            yield TextInput(id="question", max_length=2000)
            yield Static("", id="question-error", classes="field-error")
            yield Label(tr("propose.team"), classes="field-label")
            yield Choice[int]([], prompt=tr("propose.any_team"), id="team")
            yield Label(tr("propose.referred_by"), classes="field-label")
            with RadioSet(id="referrer"):
                for referrer in REFERRERS:
                    yield MarkedRadioButton(referrer.label, id=f"referrer-{referrer.value}")
            yield StatusLine(id="propose-status")
            yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#question", Input).focus()
        self._teams(self.context)

    @work(thread=True, exclusive=True, group="propose-teams")
    def _teams(self, context: AppContext) -> None:
        uow = context.uow()
        with uow:
            teams = uow.meetings.teams()
            uow.commit()
        self.post_message(TeamsLoaded(teams))

    @on(TeamsLoaded)
    def _show_teams(self, message: TeamsLoaded) -> None:
        self.query_one("#team", Select).set_options(
            [(Text(team.name), team.id) for team in message.teams]
        )

    def action_save(self) -> None:
        team = self.query_one("#team", Select).value
        self._save(
            self.context,
            self.query_one("#question", Input).value,
            team if isinstance(team, int) else None,
            self._referrer(),
        )

    def _referrer(self) -> Referrer | None:
        index = self.query_one("#referrer", RadioSet).pressed_index
        return REFERRERS[index] if index >= 0 else None

    @work(thread=True, exclusive=True, group="propose-save")
    def _save(
        self, context: AppContext, question: str, team_id: int | None, referrer: Referrer | None
    ) -> None:
        try:
            proposal = meetings.propose_to_team(
                context.uow(),
                self._client_id,
                question,
                team_id=team_id,
                referred_by=referrer,
                actor=context.actor,
                clock=context.clock,
            )
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(Proposed(proposal))

    @on(Proposed)
    def _proposed(self, message: Proposed) -> None:
        self.dismiss(message.proposal)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        error = message.error
        if isinstance(error, InvalidInput) and "question" in error.fields:
            field = self.query_one("#question-error", Static)
            field.update(Text(error.fields["question"]))
            field.display = True
            self.query_one("#question", Input).focus()
        else:
            self.set_status(error.message, error=True)

    def has_unsaved_changes(self) -> bool:
        team = self.query_one("#team", Select).value
        return (
            bool(self.query_one("#question", Input).value.strip())
            or isinstance(team, int)
            or self._referrer() is not None
        )

    def action_cancel(self) -> None:
        """Escape goes back at once only when nothing was typed or chosen (as other forms)."""
        if not self.has_unsaved_changes():
            self.dismiss(None)
            return

        def discard(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), discard)
