"""The Rinnalla Textual application."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette

from domain.clock import Clock
from domain.errors import DomainError
from domain.i18n import N_, all_keys, tr
from tui.bindings import translate_bindings
from tui.commands import ActionCommands, ClientSearch, Palette
from tui.config_file import configured_keymap, configured_theme
from tui.keys import key_display
from tui.messages import (
    Connected,
    ConnectionFailed,
    DatabaseAway,
    DatabaseBack,
    DatabaseOpened,
)
from tui.roles import REFUSED, offers, refusal, start_action, twin_live, with_refusals
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.widgets.gate_field import GateField, PasteTypist

if TYPE_CHECKING:
    # The domain's models (pydantic) and the screens past the queue load after the
    # first paint: the reception screen appears before they are even imported.
    from textual.screen import Screen
    from textual.timer import Timer

    from domain.clients import Client
    from domain.roles import StaffRole
    from domain.staff import Staff
    from tui.context import AppContext, Connector, Database

NOTICE_SECONDS = 8
AWAY_BANNER_SECONDS = 24 * 60 * 60
"""The "database away" banner stays until the database is back, which clears it."""


def stylesheet_path() -> Path:
    """``screens.css``: inside the installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "screens.css"
    return installed if installed.exists() else here.parent / "screens.css"


class RinnallaApp(App[None]):
    """Keyboard-only walk-in reception and client coordination."""

    CSS_PATH = stylesheet_path()
    # Each screen gets a class for the terminal's size, for the stylesheet's compact
    # layouts: "-narrow" below 100 columns (80 is a laptop's, an SSH session's),
    # "-short" below 32 lines (24 is the same terminals' height).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    TITLE = "Rinnalla"
    COMMANDS = {ActionCommands, ClientSearch}
    ROLE_NEEDS = {
        action: action
        for action in ("show_queue", "search", "meetings", "reports", "caseload", "accounts")
    }
    """The global keys a role may have no use for (see :mod:`tui.roles`)."""
    BINDINGS = with_refusals(
        [
            # "?" too: some terminals keep F1 for their own help. Not where "?" is
            # typed: a focused field takes its character before any such key.
            # Priority: a dialog keeps its keys to itself, and F1 there is its help too.
            Binding("f1", "help", N_("key.help"), id="help", key_display="F1/?", priority=True),
            Binding("question_mark", "help", N_("key.help"), show=False),
            Binding("f2", "show_queue", N_("key.queue"), id="queue"),
            Binding("f3", "search", N_("key.search"), id="search"),
            Binding("f4", "meetings", N_("key.meetings"), id="meetings"),
            Binding("f5", "reports", N_("key.reports"), id="reports"),
            Binding("f6", "catalogue", N_("key.catalogue"), id="catalogue"),
            Binding("f7", "caseload", N_("key.caseload"), id="caseload"),
            Binding("f8", "accounts", N_("key.accounts"), id="accounts"),
            Binding("ctrl+p", "command_palette", N_("key.palette"), show=False, priority=True),
            Binding("ctrl+l", "lock", N_("key.lock"), id="lock", show=False),
            Binding("ctrl+q", "quit", N_("key.quit"), priority=True, id="quit"),
            # Tab moves the focus as soon as the app reads the key, before the keys
            # after it are handed out: otherwise a fast burst (a password manager's
            # auto-type, a quick typist) puts "name<Tab>passphrase" in the field the
            # focus was in, passphrase and all, because a screen's own Tab binding
            # runs only once the key has gone through the focused field.
            Binding("tab", "focus_next", N_("Focus Next"), show=False, priority=True),
            Binding("shift+tab", "focus_previous", N_("Focus Previous"), show=False, priority=True),
        ],
        ROLE_NEEDS,
    )

    IDLE_CHECK_SECONDS = 5.0

    def __init__(self, connect: Connector, *, clock: Clock) -> None:
        super().__init__()
        translate_bindings(self)
        # Read with the language, before the first paint (tui.config_file); the
        # settings refuse a theme or a keymap that cannot be used, and the app closes.
        self.theme = configured_theme()
        self.set_keymap(configured_keymap())
        self.title = tr("app.title")
        self._connect = connect
        self.clock = clock
        self.context: AppContext | None = None
        self.database: Database | None = None
        self.queue_screen = QueueScreen()
        self._crashing = False
        self._gate_open = False
        """True while a worker is logged in and the screen is not locked."""
        self._last_input = monotonic()
        self._quit_anyway = False
        """Set after Ctrl+Q could not save a draft: the next Ctrl+Q closes anyway."""
        self._typed_ahead: list[events.Key | events.Paste] | None = []
        """Typing that came before the login (or the lock) could take it; None when
        none is being kept. See :meth:`on_event`."""
        self._held: list[events.Key | events.Paste] | None = None
        """Keys waiting for a screen that is on its way (:meth:`hold_keys`)."""
        self._hold_timer: Timer | None = None
        self._terminating = False
        """SIGTERM or SIGHUP arrived: drafts are being saved on the way out."""
        self._uninstall_signals: Callable[[], None] = lambda: None

    def on_mount(self) -> None:
        if not self.is_headless:
            from tui.signals import install

            self._uninstall_signals = install(self.terminate)
        self.push_screen(self.queue_screen)
        # Not before the first paint: the worker's imports (pydantic, SQLAlchemy) would
        # compete with it for the interpreter.
        self.call_after_refresh(self.open_database)
        self.set_interval(self.IDLE_CHECK_SECONDS, self._lock_when_idle)

    @work(thread=True, exclusive=True, group="connect")
    def open_database(self) -> None:
        """Open and migrate the database after the first paint, off the UI thread."""
        from rich.text import Text

        from domain.use_cases import accounts, reception
        from tui.context import DatabaseUnavailable
        from tui.settings import SettingsInvalid

        try:
            database = self._connect()
            actor = (
                reception.identify_staff(database.uow(), database.acting_as)
                if database.acting_as
                else None
            )
            first_start = actor is None and accounts.needs_first_admin(database.uow())
        except SettingsInvalid as error:
            # Read after the first paint (tui.config_file): the app closes and says why.
            self.call_from_thread(self.exit, return_code=2, message=Text(str(error)))
        except DatabaseUnavailable as error:
            # Nothing on the screens works without it: close, saying what to check, as
            # the command line does.
            self.call_from_thread(self.exit, return_code=1, message=Text(str(error)))
        except Exception as error:  # noqa: BLE001 - shown to the user, app stays up
            self.post_message(ConnectionFailed(tr("app.db_failed", kind=type(error).__name__)))
        else:
            self.post_message(DatabaseOpened(database, actor, first_start=first_start))

    def on_database_opened(self, message: DatabaseOpened) -> None:
        """Log in (or, on an empty database, create the first administrator) first."""
        from tui.screens.first_admin import FirstAdminScreen
        from tui.screens.login import LoginScreen

        self.database = message.database
        if message.actor is not None:
            self.sign_in(message.actor)
            self.call_after_refresh(self._release_typed_ahead, as_keys=True)
            return
        if message.first_start:
            self.push_screen(FirstAdminScreen(message.database), self.sign_in)
        else:
            self.push_screen(LoginScreen(message.database), self.sign_in)
        self.call_after_refresh(self._release_typed_ahead)

    def sign_in(self, staff: object) -> None:
        from domain.staff import Staff

        if self.database is None or not isinstance(staff, Staff):
            return
        self.context = self.database.as_actor(staff)
        self._gate_open = True
        self._last_input = monotonic()
        self.queue_screen.post_message(Connected(self.context))
        start = start_action(staff.role)
        if start is not None:
            # Leads start on the reports, administrators on the accounts: the queue
            # holds client data their roles do not read.
            self.call_later(self.run_action, start)
        self.refresh_bindings()
        # Typed on after Enter at the login: for the screen the worker now sees.
        self.call_after_refresh(self.release_keys)

    # The idle lock ----------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._last_input = monotonic()
        if self._typed_ahead is not None and _is_typing(event):
            # The database is still opening, or a lock screen is on its way: what
            # is typed now is kept for the field that will have the focus.
            assert isinstance(event, events.Key | events.Paste)
            self._typed_ahead.append(event)
            return
        if self._held is not None and _from_keyboard(event):
            assert isinstance(event, events.Key | events.Paste)
            self._held.append(event)
            return
        if self._holds_keys_after(event):
            # The screen sends the typing elsewhere on this key (a field further
            # on, a passphrase check): what is typed after it belongs there.
            await super().on_event(event)
            self.hold_keys()
            return
        if isinstance(event, events.Paste) and self._typed_by_gate(event):
            return
        await super().on_event(event)

    def _typed_by_gate(self, paste: events.Paste) -> bool:
        """A paste into the login's, the first start's or the lock's fields, typed now.

        Here, as the app takes it in turn with the keys, and not by the field: the
        app hands each key to the field with the focus as it arrives, so a key
        typed just after the paste would otherwise already wait in the name field
        when the paste's Tab moves the focus on (see :mod:`tui.widgets.gate_field`).
        """
        screen = self.screen_stack[-1] if self.screen_stack else None
        focused = screen.focused if screen is not None else None
        if not (paste.text and isinstance(screen, PasteTypist) and isinstance(focused, GateField)):
            return False
        screen.type_pasted(focused, paste.text)
        return True

    def _holds_keys_after(self, event: events.Event) -> bool:
        """A key, as typed, after which the screen on top wants the keys held.

        The screen says so (``holds_keys_after``) and lets them go with
        :meth:`release_keys`: the interview when its cursor has moved, the login
        and the lock when the passphrase has been checked. Held here, as the keys
        arrive: the screen itself sees its key only after the app has handed on
        the keys behind it.
        """
        if not (isinstance(event, events.Key) and _from_keyboard(event)):
            return False
        screen = self.screen_stack[-1] if self.screen_stack else None
        asks = getattr(screen, "holds_keys_after", None)
        return callable(asks) and bool(asks(event.key))

    HOLD_KEYS_SECONDS = 3.0
    """The longest that typing waits for a screen (:meth:`hold_keys`)."""

    def hold_keys(self) -> None:
        """Keys typed from now on wait until :meth:`release_keys`.

        For an action that opens its screen only after a database read (``c``
        calls the next visitor, then the interview opens): a quick worker types
        on at once, and those keys belong to the screen that is coming, not to
        the one still showing (``l`` there would mark the highlighted visitor
        left). They are released, in order, when that screen is ready, when the
        action ends without one, or after :data:`HOLD_KEYS_SECONDS` at most.
        """
        if self._held is None:
            self._held = []
            self._hold_timer = self.set_timer(self.HOLD_KEYS_SECONDS, self.release_keys)

    def release_keys(self) -> None:
        """Hand the held keys on, in order, to whatever now has the focus."""
        held, self._held = self._held, None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        for event in held or []:
            # Behind anything already queued (a screen's focus() among them).
            self.post_message(event)

    async def _release_typed_ahead(self, *, as_keys: bool = False) -> None:
        """Give what was typed ahead to the field that now has the focus.

        To a login or lock screen it goes as one paste of the text the keys make
        (a tab, an Enter, Backspace included): its fields type a paste the way the
        keys would, in order, and a passphrase never lands in the name field.
        Given in this same turn, before any key that comes later.
        """
        kept, self._typed_ahead = self._typed_ahead or [], None
        if as_keys:
            for event in kept:
                await super().on_event(event)
            return
        text = _text_of(kept)
        if text:
            paste = events.Paste(text)
            if not self._typed_by_gate(paste):
                await super().on_event(paste)

    def _lock_when_idle(self) -> None:
        database = self.database
        if not self._gate_open or database is None:
            return
        if monotonic() - self._last_input >= database.idle_lock_minutes * 60:
            self.action_lock()

    def action_lock(self) -> None:
        """Ctrl+L, or when nobody has pressed a key for a while: hide everything."""
        from tui.screens.lock import LockScreen

        if not self._gate_open or self.database is None or self.context is None:
            return
        self.save_open_drafts()
        self._gate_open = False
        self._typed_ahead = []
        self.push_screen(LockScreen(self.database, self.context.actor), self._unlocked)
        self.call_after_refresh(self._release_typed_ahead)

    def _unlocked(self, staff: Staff | None) -> None:
        self._gate_open = True
        self._last_input = monotonic()
        # Typed on after Enter at the lock: for the form that was open.
        self.call_after_refresh(self.release_keys)

    GATED_ACTIONS = frozenset(
        {
            "show_queue",
            "search",
            "meetings",
            "reports",
            "catalogue",
            "caseload",
            "accounts",
            "command_palette",
            "lock",
            "new_walk_in",
            "call_next",
        }
    )
    """What opens client data; closed before login and while the screen is locked."""

    def offered(self, action: str) -> bool:
        """Whether a worker is logged in whose role has a use for ``action``."""
        return self.context is not None and offers(self.context.actor.role, action)

    @property
    def role(self) -> StaffRole | None:
        """The logged-in worker's role; ``None`` before the login."""
        return self.context.actor.role if self.context is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == REFUSED:
            # A hidden key pressed anyway: said why, but only past the login.
            return self._gate_open and twin_live(self.role, parameters)
        if action not in self.GATED_ACTIONS:
            return True
        if not self._gate_open:
            return False
        # Keys the worker's role has no use for are not offered at all.
        return self.context is None or offers(self.context.actor.role, action)

    def action_refused(self, need: str, label: str = "") -> None:
        """A key the worker's role has no use for: say whose work it is, and do nothing."""
        role = self.role
        if role is None:
            return
        self.notify(
            refusal(role, need),
            title=tr(label) if label in all_keys() else "",
            severity="warning",
            timeout=NOTICE_SECONDS,
        )

    def _refused_here(self, need: str) -> bool:
        """Whether the worker's role has no use for ``need``; if so, say why."""
        if self.offered(need):
            return False
        self.action_refused(need)
        return True

    def on_connection_failed(self, message: ConnectionFailed) -> None:
        self.queue_screen.post_message(ConnectionFailed(message.reason))
        self.call_after_refresh(self._release_typed_ahead, as_keys=True)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        """A download the browser did not receive (``rinnalla serve``): the status line of
        the screen said it was on its way, so say it was not, and what to do."""
        self.notify(tr("delivery.download_failed"), severity="error", timeout=10)

    # Global actions -------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """Ctrl+Q: an interview in progress is saved before the app closes.

        If a draft cannot be saved (the database is away, or a colleague saved
        the interview first and the worker's changes wait for Ctrl+R), the app
        stays open and says so; a second Ctrl+Q closes it anyway.
        """
        from tui.screens.interview import InterviewScreen

        for screen in self.screen_stack:
            stale = screen.has_unsaved_stale_text() if isinstance(screen, InterviewScreen) else None
            if stale is not None and not self._quit_anyway:
                self._quit_anyway = True
                self.notify(
                    tr("app.quit_stale", reason=stale.message),
                    severity="error",
                    timeout=NOTICE_SECONDS,
                )
                return
        try:
            self.save_open_drafts()
        except DomainError as error:
            if not self._quit_anyway:
                self._quit_anyway = True
                self.notify(
                    tr("app.quit_unsaved", reason=error.message),
                    severity="error",
                    timeout=NOTICE_SECONDS,
                )
                return
        self.exit()

    def terminate(self, signal_number: int) -> None:
        """SIGTERM or SIGHUP: save the open drafts, then exit through Textual.

        Nobody is there to answer a question, so a draft a colleague saved
        first gets the worker's changes on top of theirs (see
        ``InterviewScreen.save_draft_now``), and one that cannot be saved at all
        does not keep the app from closing. Textual's exit restores the terminal.
        """
        if self._terminating:
            return
        self._terminating = True
        self._uninstall_signals()  # a second signal ends the process the usual way
        try:
            self.save_open_drafts()
        except Exception:  # noqa: BLE001 - closing anyway; save_open_drafts tried each
            pass
        self.exit(return_code=128 + signal_number)

    def on_database_away(self, message: DatabaseAway) -> None:
        """A banner on whatever screen is open until the database answers again."""
        self.notify(
            message.reason,
            title=tr("app.db_away_title"),
            severity="error",
            timeout=AWAY_BANNER_SECONDS,
        )

    def on_database_back(self, message: DatabaseBack) -> None:
        from tui.screens.interview import InterviewScreen

        self.clear_notifications()
        self.notify(tr("app.db_back"), timeout=NOTICE_SECONDS)
        self._quit_anyway = False
        for screen in self.screen_stack:
            if isinstance(screen, InterviewScreen):
                screen.retry_draft()  # what was typed meanwhile is saved now

    def save_open_drafts(self) -> bool:
        """Save every open interview's draft now; whether all of them were saved.

        Used on Ctrl+Q, the lock, SIGTERM/SIGHUP and a crash. On a crash or a
        signal, one draft that cannot be saved does not stop the others from
        being tried (the crash message then says so); otherwise the error is
        raised as before.
        """
        from tui.screens.interview import InterviewScreen

        saved = True
        leaving = self._crashing or self._terminating
        for screen in self.screen_stack:
            if isinstance(screen, InterviewScreen):
                try:
                    screen.save_draft_now(merge_if_stale=leaving)
                except Exception:
                    saved = False
                    if not leaving:
                        raise
        return saved

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled error: save drafts, write a report without personal data, exit calmly.

        Replaces Textual's default, which prints a traceback with every frame's
        local variables (names, identity codes, notes) and the error's message.
        The bookkeeping is Textual's own: return code 1, and the first error is
        kept so that a test driving the app with Pilot still sees it raised.
        """
        from tui.crash import report_crash, write_crash_report

        self._return_code = 1
        if self._exception is not None:
            # Already closing after an earlier error; keep a report of this one too.
            try:
                write_crash_report(error)
            except OSError:
                pass
            return
        self._exception = error
        self._exception_event.set()
        self._crashing = True
        self.bell()
        self.panic(report_crash(error, self.save_open_drafts))

    def action_command_palette(self) -> None:
        """Textual's palette, with its own texts in the chosen language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette())

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer and F1 show it: "Ctrl+Q", "Sarkain" (see :mod:`tui.keys`).

        Textual's own would be ``^q`` and ``tab`` whatever the language. A
        binding's own ``key_display`` (``+``, ``/``) is kept.
        """
        return binding.key_display or key_display(binding.key)

    def action_help_quit(self) -> None:
        """Ctrl+C outside a selection: Textual's "how to quit" hint, in the worker's language.

        Ctrl+C copies where there is something to copy; a worker used to it
        closing a terminal program is told which key does (Textual says so in
        English otherwise).
        """
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    tr("app.quit_hint", key=self.get_key_display(active.binding)),
                    title=tr("app.quit_hint_title"),
                    markup=False,
                )
                return

    def action_show_queue(self) -> None:
        """Back to the queue; a form with typed text asks first."""
        from tui.screens.interview import InterviewScreen
        from tui.screens.walk_in import WalkInScreen

        while self.screen is not self.queue_screen:
            screen = self.screen
            # Each of these knows how to leave safely: ask, or save the draft first.
            if isinstance(screen, WalkInScreen):
                screen.action_cancel()
                return
            if isinstance(screen, InterviewScreen):
                screen.action_close()
                return
            self.pop_screen()

    def _show_view(
        self, kind: type[Screen[Any]], callback: Callable[[Any], None] | None = None
    ) -> None:
        """The view ``kind`` (F3–F8): nothing if it is showing, the open one below this
        screen as it was left (its cursor), or else a new one.

        F7 on a network opened from the caseload returns to that caseload
        instead of piling a second one on top (and Escape then leaves for the
        queue at once). Only views are closed on the way: past a walk-in form
        or an interview a new view opens instead.
        """
        from tui.screens.interview import InterviewScreen
        from tui.screens.walk_in import WalkInScreen

        if isinstance(self.screen, kind):
            return
        stack = self.screen_stack
        below = next(
            (index for index in range(len(stack) - 1, -1, -1) if isinstance(stack[index], kind)),
            None,
        )
        if below is None or any(
            isinstance(screen, InterviewScreen | WalkInScreen) for screen in stack[below + 1 :]
        ):
            self.push_screen(kind(), callback)
            return
        while self.screen is not stack[below]:
            self.pop_screen()

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        if not self._refused_here("search"):
            self._show_view(SearchScreen, self._open_walk_in_for)

    def action_catalogue(self) -> None:
        """The organisation's service catalogue (referral targets)."""
        from tui.screens.catalogue import CatalogueScreen

        if self.context is not None:
            self._show_view(CatalogueScreen)

    def action_meetings(self) -> None:
        """MOTI teams, meetings, the backlog and the agenda builder."""
        from tui.screens.meetings import MeetingsScreen

        if not self._refused_here("meetings"):
            self._show_view(MeetingsScreen)

    def action_reports(self) -> None:
        """The indicators for a month, a quarter or a custom range (R11)."""
        from tui.screens.reports import ReportsScreen

        if not self._refused_here("reports"):
            self._show_view(ReportsScreen)

    def action_caseload(self) -> None:
        """The worker's own clients (and other caseloads); Enter opens a network."""
        from tui.screens.caseload import CaseloadScreen

        if not self._refused_here("caseload"):
            self._show_view(CaseloadScreen)

    def action_accounts(self) -> None:
        """Staff accounts, for administrators: add, disable, reset a passphrase."""
        from tui.screens.accounts import AccountsScreen

        if not self._refused_here("accounts"):
            self._show_view(AccountsScreen)

    def action_new_walk_in(self) -> None:
        """From anywhere (command palette): back to the queue, then the form."""
        self.action_show_queue()
        if self.screen is self.queue_screen and self.context is not None:
            self.queue_screen.open_walk_in(None)

    def action_call_next(self) -> None:
        self.action_show_queue()
        if self.screen is self.queue_screen:
            self.queue_screen.action_call_next()

    def _open_walk_in_for(self, client: Client | None) -> None:
        if client is not None:
            self.queue_screen.open_walk_in(client)


_TYPED_KEYS = {"tab": "\t", "enter": "\r"}


def _is_typing(event: events.Event) -> bool:
    """Keys and pastes that type text; Ctrl+Q and the function keys act at once."""
    if isinstance(event, events.Paste):
        return not event.is_forwarded
    if not isinstance(event, events.Key) or event.is_forwarded:
        return False
    return event.is_printable or event.key in _TYPED_KEYS or event.key == "backspace"


def _from_keyboard(event: events.Event) -> bool:
    """A key or a paste as the terminal delivered it, not one forwarded within the app."""
    return isinstance(event, events.Key | events.Paste) and not event.is_forwarded


def _text_of(kept: Iterable[events.Key | events.Paste]) -> str:
    """The text some keys and pastes type: a tab and Enter as such, Backspace
    deleting the character before it (not a tab or an Enter: it does not leave
    the field)."""
    text = ""
    for event in kept:
        if isinstance(event, events.Paste):
            text += event.text
        elif event.key == "backspace":
            if text and text[-1] not in _TYPED_KEYS.values():
                text = text[:-1]
        elif event.key in _TYPED_KEYS:
            text += _TYPED_KEYS[event.key]
        elif event.character:
            text += event.character
    return text
