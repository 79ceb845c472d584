"""A closed MOTI meeting's minutes on screen, and their export as Markdown (R8).

The minutes are made from what was recorded (who took part, the client's
view, decisions, actions, what went back to the backlog and why) when they
are read, in the reader's language. The export writes the minutes with names
for the team, refused when they would disclose a client's data to another
organisation without consent, and a pseudonymous copy for anyone else (R12),
as the agenda's export does; files are private to the worker.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Markdown

from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.use_cases import meetings
from tui.context import AppContext
from tui.export_delivery import ExportFile, HandedOver, hand_over
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.status_line import StatusLine


class MinutesLoaded(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class MinutesExported(Message):
    def __init__(self, handed_over: HandedOver, stem: str, refusal: str | None = None) -> None:
        super().__init__()
        self.handed_over = handed_over
        self.stem = stem
        """The files' common beginning, which the status names when they were saved."""
        self.refusal = refusal
        """Why the minutes with names were not written (no consent, R12); the rest was."""


class MinutesScreen(RinnallaScreen[None]):
    """Read a closed meeting's minutes; ``e`` exports them as Markdown."""

    BINDINGS = [
        Binding("e", "export", N_("minutes_ui.key.export"), id="minutes_export"),
        Binding("escape", "back", N_("minutes_ui.key.back"), id="minutes_back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.title = tr("minutes_ui.title")
        self._meeting_id = meeting_id
        self._busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="minutes-body"):
            yield Markdown(tr("minutes_ui.loading"), id="minutes-text")
        yield StatusLine(id="minutes-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#minutes-body", VerticalScroll).focus()
        self._load(self.context)

    @work(thread=True, exclusive=True, group="minutes-load")
    def _load(self, context: AppContext) -> None:
        from domain.agenda_text import meeting_minutes
        from domain.formats import ON_SCREEN

        try:
            view = meetings.minutes_view(context.uow(), self._meeting_id, actor=context.actor)
        except DomainError as error:
            self.post_message(Refused(error))
            return
        self.post_message(MinutesLoaded(meeting_minutes(view, dates=ON_SCREEN)))

    @on(MinutesLoaded)
    def _loaded(self, message: MinutesLoaded) -> None:
        self.query_one("#minutes-text", Markdown).update(message.text)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._busy = False
        self.set_status(message.error.message, error=True)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        if not self._busy:
            self._busy = True
            self._export(self.context)

    @work(thread=True, exclusive=True, group="minutes-export")
    def _export(self, context: AppContext) -> None:
        from domain.agenda_text import meeting_minutes
        from domain.use_cases.agenda_text import view_for_files

        try:
            view, refusal = view_for_files(
                context.uow,
                self._meeting_id,
                actor=context.actor,
                organisation=context.organisation,
                clock=context.clock,
                minutes=True,
            )
        except DomainError as error:
            self.post_message(Refused(error))
            return
        stem = f"rinnalla-muistio-{self._meeting_id}"
        files = [ExportFile(f"{stem}-ulkopuoliset.md", meeting_minutes(view, pseudonymous=True))]
        if refusal is None:
            files.append(ExportFile(f"{stem}.md", meeting_minutes(view)))
        try:
            handed_over = hand_over(self.app, files)
        except OSError as error:
            failure = tr("agenda_ui.export_failed", kind=type(error).__name__)
            self.post_message(Refused(DomainError(failure)))
            return
        self.post_message(MinutesExported(handed_over, stem, refusal))

    @on(MinutesExported)
    def _exported(self, message: MinutesExported) -> None:
        self._busy = False
        note = message.handed_over.status(
            N_("minutes_ui.exported"),
            stem=message.stem,
            refusal=message.refusal,
            saved_without_names=N_("minutes_ui.exported_without_names"),
        )
        self.set_status(note, error=message.refusal is not None)
