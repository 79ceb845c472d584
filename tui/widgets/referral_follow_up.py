"""The follow-up list's referrals (F7): sent, and past the day the first contact was due.

A referral nobody hears back about is where a client falls between services
(000: "seuranta"). The caseload view shows, above the clients, the shown
worker's clients' referrals and those the worker made that are still "sent"
after their expected day, most late first, with how many days late. ``t``
(or Enter) records what happened, in the same dialog as the network view:
"not reached" asks what happens next.

The section loads itself and hides when there is nothing to follow up, so the
caseload view only says whose list to show (:meth:`ReferralFollowUp.load`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from domain import formats
from domain.clock import local_today
from domain.errors import DomainError
from domain.i18n import N_, ntr, tr
from domain.referrals import FollowUpEntry, Referral
from domain.use_cases import referrals
from tui.bindings import translate_bindings
from tui.context import AppContext
from tui.widgets.list_table import ListTable, keep_row
from tui.widgets.running_app import rinnalla_app, signed_in_context

if TYPE_CHECKING:
    pass

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("referral_list.col.late"),
    N_("referral_list.col.expected"),
    N_("referral_list.col.client"),
    N_("referral_list.col.target"),
)

COLUMNS = (("late", 14), ("expected", 11), ("client", 30), ("target", 30))


class FollowUpLoaded(Message):
    def __init__(self, entries: list[FollowUpEntry], error: str | None = None) -> None:
        super().__init__()
        self.entries = entries
        self.error = error


class ReferralFollowUp(Vertical):
    """Past-due referrals of one worker; hidden when there are none."""

    BINDINGS = [
        Binding("t", "record_state", N_("key.referral_state"), id="referral_state"),
    ]

    DEFAULT_CSS = """
    ReferralFollowUp { height: auto; }
    ReferralFollowUp > ListTable { max-height: 8; }
    #referral-follow-up-title { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        translate_bindings(self)
        self._entries: list[FollowUpEntry] = []
        self._professional_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="referral-follow-up-title")
        yield ListTable(id="referral-follow-up-table", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column, width in COLUMNS:
            table.add_column(tr(f"referral_list.col.{column}"), key=column, width=width)
        self.display = False

    # Loading -------------------------------------------------------------------------

    def load(self, professional_id: int) -> None:
        """Show the referrals to follow up for this worker's clients and referrals."""
        self._professional_id = professional_id
        self._read(signed_in_context(self), professional_id)

    @work(thread=True, exclusive=True, group="referral-follow-up")
    def _read(self, context: AppContext, professional_id: int) -> None:
        try:
            entries = referrals.follow_up_list(
                context.uow(), professional_id, actor=context.actor, clock=context.clock
            )
        except DomainError as error:
            self.post_message(FollowUpLoaded([], error.message))
            return
        self.post_message(FollowUpLoaded(entries))

    @on(FollowUpLoaded)
    def _show(self, message: FollowUpLoaded) -> None:
        message.stop()
        table = self.query_one(DataTable)
        kept = self._highlighted()
        self._entries = message.entries
        table.clear()
        had_focus = table.has_focus
        self.display = bool(message.entries)
        if not message.entries:
            if had_focus:
                self.screen.focus_next()
            return
        today = local_today(rinnalla_app(self).clock)
        self.query_one("#referral-follow-up-title", Static).update(
            Text(
                ntr("referral_list.title_one", "referral_list.title_many", len(message.entries)),
                style="bold",
            )
        )
        for entry in message.entries:
            late = entry.referral.days_late(today)
            table.add_row(
                Text(
                    ntr("referral_list.days_late_one", "referral_list.days_late_many", late),
                    style="bold",
                ),
                Text(formats.date(entry.referral.expected_on)),
                # The name as typed, literally.
                Text(entry.client.display_name),
                Text(entry.referral.target),
                key=str(entry.referral.id),
            )
        if kept is not None:
            keep_row(table, str(kept.referral.id))

    # Keys ----------------------------------------------------------------------------

    def focus_list(self) -> None:
        if self._entries:
            self.query_one(DataTable).focus()

    def _highlighted(self) -> FollowUpEntry | None:
        table = self.query_one(DataTable)
        if 0 <= table.cursor_row < len(self._entries):
            return self._entries[table.cursor_row]
        return None

    @on(DataTable.RowSelected, "#referral-follow-up-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_record_state()

    def action_record_state(self) -> None:
        entry = self._highlighted()
        if entry is None:
            return
        from tui.screens.referral_forms import ReferralStateForm

        def recorded(saved: Referral | None) -> None:
            if saved is not None and self._professional_id is not None:
                self.load(self._professional_id)

        self.app.push_screen(ReferralStateForm(entry.referral, entry.client.display_name), recorded)
