"""The intake interview (tilannekartoitus): one screen, keys only, saved as typed.

Every change is saved as a draft a moment after the key (``AUTOSAVE_SECONDS``),
so a closed terminal or a crash loses nothing; Ctrl+S records the finished
intake with its outcome, which also closes the visit. A finished intake opens
for correction: Ctrl+S then saves a new version, the earlier ones stay as they
were.

Every save (draft, record, correction) carries the version the screen started
from. When a colleague at another terminal saved first, the save is refused:
the typed text stays on the screen, the status line names who saved, and no
more drafts are attempted until Ctrl+R has fetched the newer version and put
the worker's own changes on top of it (as the forms do). Leaving meanwhile
asks first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from domain import formats
from domain.catalogue import Service
from domain.errors import DomainError, InvalidInput, StaleVersion
from domain.i18n import N_, tr
from domain.intake import (
    TICKED_ITEMS,
    ChecklistItem,
    ConcernLevel,
    DomainEntry,
    IntakeContent,
    LifeDomain,
    OutcomeKind,
    facts_lines,
    merge_content,
    multi_service_criteria,
)
from domain.interview import CorrectionResult, FinishResult, InterviewView
from domain.use_cases import interview
from domain.use_cases.catalogue import list_services
from tui.after_quiet import AfterQuiet
from tui.bindings import translate_bindings
from tui.context import AppContext
from tui.keys import key_display
from tui.screens.base import RinnallaScreen
from tui.screens.confirm import ConfirmDiscard
from tui.screens.feedback import FeedbackReminder
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.level_picker import LevelPicker, level_key_hint
from tui.widgets.marks import MarkedCheckbox, MarkedRadioButton
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput

if TYPE_CHECKING:
    pass

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("interview.goals"),
    N_("interview.goals_hint"),
    N_("interview.resources"),
    N_("interview.resources_hint"),
)

# Saving starts this long after the last key, in a worker: each key stays
# instant, a burst of keys is one save, and a kill 0.2 s after a key finds it
# saved (tests/integration/test_durability.py).
AUTOSAVE_SECONDS = 0.08
OUTCOMES = tuple(OutcomeKind)


def _section_title(key: str, shortcut: str) -> str:
    """A section's title with the key that jumps to it, as the footer names that key."""
    return f"{tr(key)}  ({key_display(shortcut)})"


class InterviewForm(VerticalScroll):
    """The form: ↑ and ↓ move from line to line, keeping the column in the domains.

    A scrolling container scrolls with the arrows; here they move the focus
    instead (the form scrolls to it), as in a spreadsheet: from a domain's level
    to the next domain's level, from a note to the next note, between the
    checklist's items. A widget that uses the arrows itself (the outcome's
    choices, an open list) keeps them.
    """

    BINDINGS = [
        Binding("up", "line(-1)", N_("key.interview_line_up"), show=False),
        Binding("down", "line(1)", N_("key.interview_line_down"), show=False),
    ]

    def __init__(self, *, id: str) -> None:  # noqa: A002 - Textual's own name for it
        super().__init__(id=id)
        translate_bindings(self)

    def action_line(self, delta: int) -> None:
        screen = self.screen
        target = _line_neighbour(screen.focused, delta)
        if target is not None:
            screen.set_focus(screen.query_one(f"#{target}", Widget))
        if isinstance(screen, InterviewScreen):
            screen.moved()


def _form_lines() -> list[tuple[str, ...]]:
    """The form's lines top to bottom, each the ids of its fields from left to right."""
    lines: list[tuple[str, ...]] = [
        (f"level-{domain.value}", f"note-{domain.value}") for domain in LifeDomain
    ]
    lines += [("goals",), ("resources",), ("language", "interpreter")]
    lines += [(f"check-{item.value}",) for item in TICKED_ITEMS]
    lines.append(("outcome",))
    return lines


def _line_neighbour(focused: object, delta: int) -> str | None:
    """The field one line up or down from ``focused``, in the same column where there is one."""
    widget_id = getattr(focused, "id", None)
    lines = _form_lines()
    for index, line in enumerate(lines):
        if widget_id in line:
            target = index + delta
            if not 0 <= target < len(lines):
                return None
            column = min(line.index(widget_id), len(lines[target]) - 1)
            return lines[target][column]
    return None


def _next_field(field: str) -> str | None:
    """Where Enter in the text field ``field`` goes on to, along the usual path."""
    domains = [domain.value for domain in LifeDomain]
    if field.startswith("note-"):
        index = domains.index(field.removeprefix("note-"))
        return f"level-{domains[index + 1]}" if index + 1 < len(domains) else "goals"
    return {
        "goals": "resources",
        "resources": f"check-{TICKED_ITEMS[0].value}",
        "language": "interpreter",
    }.get(field)


SECTION_KEYS = ("ctrl+n", "ctrl+g", "ctrl+t", "ctrl+o")
LEVEL_KEYS = tuple(str(number) for number in range(4))
OUTCOME_KEYS = tuple(str(number) for number in range(1, len(OUTCOMES) + 1))

_FIELD_IDS = frozenset(
    [field for line in _form_lines() for field in line] + ["referral_service", "moti_question"]
)
"""The fields a draft's position may name."""


def _number_keys(action: str, description: str, count: int) -> list[BindingType]:
    """``1``…``count`` to ``action(n)``; F1 lists them as one row ("1–6")."""
    return [
        Binding(
            str(number),
            f"{action}({number})",
            description if number == 1 else "",
            show=False,
            key_display=f"1–{count}" if number == 1 else None,
        )
        for number in range(1, count + 1)
    ]


class ChecklistGroup(Vertical):
    """The multi-service checklist: 1–4 tick or untick an item from anywhere in it.

    Only what the worker learns in the interview is ticked; sectors in the
    network and repeated referrals are facts the criteria panel shows (R7).
    """

    BINDINGS = _number_keys("tick", N_("key.interview_checklist_number"), len(TICKED_ITEMS))

    def __init__(self, *, classes: str, id: str) -> None:  # noqa: A002
        super().__init__(classes=classes, id=id)
        translate_bindings(self)

    def action_tick(self, number: int) -> None:
        box = self.query(Checkbox)[number - 1]
        box.toggle()


class OutcomeChoice(RadioSet):
    """The outcome: 1–5 choose one (the arrows and Enter work as in any choice)."""

    BINDINGS = _number_keys("choose", N_("key.interview_outcome_number"), len(OUTCOMES))

    class Chosen(Message):
        """An outcome was chosen by its number: the screen moves on to what it needs."""

        def __init__(self, outcome: OutcomeKind) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, *, id: str, compact: bool) -> None:  # noqa: A002
        super().__init__(id=id, compact=compact)
        translate_bindings(self)

    def action_choose(self, number: int) -> None:
        button = self.query(RadioButton)[number - 1]
        self._selected = number - 1
        if not button.value:
            button.value = True
        self.post_message(self.Chosen(OUTCOMES[number - 1]))


@dataclass(frozen=True)
class _Fields:
    """The interview's fields, found once (see ``InterviewScreen._field_widgets``)."""

    levels: dict[LifeDomain, LevelPicker]
    notes: dict[LifeDomain, Input]
    goals: Input
    resources: Input
    language: Input
    interpreter: Checkbox
    checks: dict[ChecklistItem, Checkbox]
    outcome: RadioSet
    service: Select[int]
    question: Input


class InterviewOpened(Message):
    def __init__(self, view: InterviewView) -> None:
        super().__init__()
        self.view = view


class ServicesLoaded(Message):
    def __init__(self, services: list[Service]) -> None:
        super().__init__()
        self.services = services


class DraftSaved(Message):
    def __init__(
        self,
        version: int | None,
        error: DomainError | None = None,
        content: IntakeContent | None = None,
        position: str | None = None,
    ) -> None:
        super().__init__()
        self.version = version
        self.error = error
        self.content = content
        self.position = position


class InterviewReloaded(Message):
    """The newest stored version, fetched for Ctrl+R after a colleague saved first."""

    def __init__(self, view: InterviewView | None, error: DomainError | None = None) -> None:
        super().__init__()
        self.view = view
        self.error = error


class IntakeSaved(Message):
    def __init__(
        self,
        finished: FinishResult | None = None,
        corrected: CorrectionResult | None = None,
        error: DomainError | None = None,
    ) -> None:
        super().__init__()
        self.finished = finished
        self.corrected = corrected
        self.error = error


class InterviewScreen(RinnallaScreen[str | None]):
    """Dismisses with a note for the queue's status line, or ``None``."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Below 100 columns the criteria go under the form (screens.css)."""

    BINDINGS = [
        Binding("ctrl+s", "record", N_("key.record"), id="record"),
        Binding("ctrl+s", "correct", N_("key.correct"), id="correct"),
        Binding("escape", "close", N_("key.close_interview"), id="close"),
        Binding("ctrl+y", "summary", N_("key.summary"), id="summary"),
        # A key per section: ordinary Ctrl+letters that no terminal (xterm, Windows
        # Terminal, PuTTY, tmux) takes and no text field uses for editing. The
        # footer names all four in one entry (``SECTION_KEYS``), so that F1 and the
        # other keys still fit beside them; F1 lists each, the titles show each.
        Binding(
            "ctrl+n", "section('domains')", N_("key.interview_sections"), id="interview_domains"
        ),
        Binding(
            "ctrl+g",
            "section('goals')",
            N_("key.interview_goals"),
            id="interview_goals",
            show=False,
        ),
        Binding(
            "ctrl+t",
            "section('checklist')",
            N_("key.interview_checklist"),
            id="interview_checklist",
            show=False,
        ),
        Binding(
            "ctrl+o",
            "section('outcome')",
            N_("key.interview_outcome"),
            id="interview_outcome",
            show=False,
        ),
        # Shown only after a colleague's save refused this one (see check_action).
        Binding("ctrl+r", "reapply", N_("key.reapply_interview"), id="interview_reapply"),
    ]

    def __init__(self, visit_id: int) -> None:
        super().__init__()
        # "Ctrl+N/G/T/O": the four section keys as one footer entry.
        shown = key_display("ctrl+n") + "".join(
            "/" + key_display(key).rpartition("+")[2] for key in ("ctrl+g", "ctrl+t", "ctrl+o")
        )
        self._bindings.key_to_bindings["ctrl+n"] = [
            replace(binding, key_display=shown)
            for binding in self._bindings.key_to_bindings["ctrl+n"]
        ]
        self.title = tr("interview.title")
        self.visit_id = visit_id
        self._view: InterviewView | None = None
        self._draft_version: int | None = None
        self._record_number = 0
        """With ``_draft_version``, the version every save says it started from."""
        self._dirty = False
        self._saving = False
        self._recording = False
        """Ctrl+S is under way (or waits for a draft save in flight): no autosave meanwhile."""
        self._stale: StaleVersion | None = None
        """A colleague saved first; saving waits for Ctrl+R (``action_reapply``)."""
        self._reloading = False
        # Not ``_closing``: Textual's MessagePump uses that name, and setting it
        # stops the screen's messages (the draft's "saved" never arrived).
        self._leaving = False
        self._shown: dict[int, Text] = {}
        """What each status line shows now, so that an unchanged one is not redrawn."""
        self._autosave_later = AfterQuiet(self, AUTOSAVE_SECONDS, self._autosave)
        self._last_saved: IntakeContent | None = None
        """What is stored: tells an edit from a refill, and is the base of a merge."""
        self._errors_shown: set[str] = set()
        """Fields whose error line is showing: a key in any other field clears nothing."""
        self._fields: _Fields | None = None
        self._saved_position: str | None = None
        """The field the stored draft reopens at (``_position``'s value at the last save)."""
        self._services: list[Service] = []

    # Layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("interview.loading"), id="interview-client")
        with Horizontal(id="interview-body"):
            # Each section is a container of its own: a key typed in a note then
            # repaints that section's lines, not every line of the form.
            with InterviewForm(id="interview-form"):
                with Vertical(classes="section", id="section-domains"):
                    yield Label(
                        _section_title(N_("interview.domains"), "ctrl+n"), classes="section-title"
                    )
                    yield Static(level_key_hint(), classes="hint")
                    for domain in LifeDomain:
                        with Horizontal(classes="domain-row"):
                            yield Label(domain.label, classes="domain-label")
                            yield LevelPicker(id=f"level-{domain.value}")
                            yield TextInput(
                                placeholder=tr("interview.note"),
                                id=f"note-{domain.value}",
                                max_length=2000,
                                compact=True,
                            )
                        yield Static("", id=f"note-{domain.value}-error", classes="field-error")
                with Vertical(classes="section", id="section-goals"):
                    yield Label(
                        _section_title(N_("interview.goals_section"), "ctrl+g"),
                        classes="section-title",
                    )
                    yield from self._line("goals", TextInput(max_length=2000, compact=True))
                    yield from self._line("resources", TextInput(max_length=2000, compact=True))
                    with Horizontal(classes="interview-line"):
                        yield Label(tr("interview.language"), classes="line-label")
                        yield TextInput(id="language", max_length=60, compact=True)
                        yield MarkedCheckbox(
                            tr("interview.interpreter"), id="interpreter", compact=True
                        )
                with ChecklistGroup(classes="section", id="checklist"):
                    yield Label(
                        _section_title(N_("interview.checklist"), "ctrl+t"), classes="section-title"
                    )
                    for number, item in enumerate(TICKED_ITEMS, start=1):
                        yield MarkedCheckbox(
                            f"{number} {item.label}", id=f"check-{item.value}", compact=True
                        )
                with Vertical(classes="section", id="section-outcome"):
                    yield Label(
                        _section_title(N_("interview.outcome"), "ctrl+o"), classes="section-title"
                    )
                    with OutcomeChoice(id="outcome", compact=True):
                        for number, kind in enumerate(OUTCOMES, start=1):
                            yield MarkedRadioButton(
                                f"{number} {kind.label}", id=f"outcome-{kind.value}"
                            )
                    yield Static("", id="outcome-error", classes="field-error")
                    with Horizontal(classes="interview-line", id="referral-line"):
                        yield Label(tr("interview.referral_service"), classes="line-label")
                        yield Choice[int](
                            [],
                            prompt=tr("interview.referral_prompt"),
                            id="referral_service",
                            compact=True,
                            type_to_open=True,
                        )
                    yield Static("", id="referral_service-error", classes="field-error")
                    with Horizontal(classes="interview-line", id="question-line"):
                        yield Label(tr("interview.moti_question"), classes="line-label")
                        yield TextInput(id="moti_question", max_length=2000, compact=True)
                    yield Static("", id="moti_question-error", classes="field-error")
            with Vertical(id="interview-side"):
                yield Static("", id="criteria")
                yield Static("", id="interview-saved")
        yield StatusLine(id="interview-status")
        yield KeyFooter()

    def _line(self, name: str, field: Input) -> ComposeResult:
        field.id = name
        field.placeholder = tr(f"interview.{name}_hint")
        with Horizontal(classes="interview-line"):
            yield Label(tr(f"interview.{name}"), classes="line-label")
            yield field
        yield Static("", id=f"{name}-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#referral-line").display = False
        self.query_one("#question-line").display = False
        self._open(self.context)

    # Opening --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="interview-open")
    def _open(self, context: AppContext) -> None:
        view = interview.open_interview(
            context.uow(), self.visit_id, actor=context.actor, clock=context.clock
        )
        self.post_message(InterviewOpened(view))

    @on(InterviewOpened)
    def _opened(self, message: InterviewOpened) -> None:
        view = message.view
        self._view = view
        self._draft_version = view.draft_version
        self._record_number = view.record_number
        self._show_client(view)
        self._fill(view.content)
        self._set_service_options(list(view.services), view.content.referral_service_id)
        self._show_outcome_fields(view.content.outcome)
        self._show_criteria()
        if view.finished:
            latest = view.records[-1]
            self.set_status(
                tr(
                    "interview.finished_info",
                    number=latest.number,
                    date=formats.date(latest.finished_at),
                    time=formats.time(latest.finished_at),
                )
            )
            self.refresh_bindings()
        elif view.draft_version is not None:
            self.set_status(tr("interview.resumed"))
        self._saved_position = view.position
        self._resume_at(view.position)
        # Filling the widgets fires change events; only a real difference is an edit.
        self._last_saved = self.content()
        # Keys typed while the interview opened (QueueScreen.open_interview) go to
        # the field that now has the focus.
        self.rinnalla.release_keys()

    def action_summary(self) -> None:
        """The client's earlier visits and intakes, without leaving the interview."""
        if self._view is not None and self._view.client is not None:
            from tui.screens.summary import SummaryScreen

            self.app.push_screen(SummaryScreen(self._view.client.id))

    def _set_service_options(self, services: list[Service], chosen: int | None) -> None:
        select = self.query_one("#referral_service", Select)
        select.set_options([(service.name, service.id) for service in services])
        if chosen is not None and any(service.id == chosen for service in services):
            select.value = chosen
        self._services = services

    def on_screen_resume(self) -> None:
        """Back from the catalogue (F6): offer the services added there."""
        if self._view is not None:
            self._reload_services(self.context)

    @work(thread=True, exclusive=True, group="interview-services")
    def _reload_services(self, context: AppContext) -> None:
        self.post_message(ServicesLoaded(list_services(context.uow(), include_inactive=False)))

    @on(ServicesLoaded)
    def _services_loaded(self, message: ServicesLoaded) -> None:
        select = self.query_one("#referral_service", Select)
        chosen = select.value if isinstance(select.value, int) else None
        self._set_service_options(message.services, chosen)
        if message.services:
            self._set_error("referral_service", "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ctrl+S records a new intake, or saves a correction of a finished one."""
        if action == "summary":
            return self._view is not None and self._view.client is not None
        if action == "reapply":
            return self._stale is not None and not self._reloading
        finished = self._view is not None and self._view.finished
        if action == "record":
            return not finished
        if action == "correct":
            return finished
        return True

    def _show_client(self, view: InterviewView) -> None:
        client = view.client
        if client is None:
            name, identity = tr("interview.anonymous"), "–"
        else:
            name = client.display_name
            identity = client.masked_hetu or (str(client.birth_year) if client.birth_year else "–")
        self.query_one("#interview-client", Static).update(
            Text(
                tr(
                    "interview.client",
                    name=name,
                    identity=identity,
                    reason=view.visit.reason or "–",
                    arrived=formats.time(view.visit.arrived_at),
                )
            )
        )

    def _fill(self, content: IntakeContent) -> None:
        for domain in LifeDomain:
            entry = content.entry(domain)
            self.query_one(f"#level-{domain.value}", LevelPicker).level = entry.level
            self.query_one(f"#note-{domain.value}", Input).value = entry.note
        self.query_one("#goals", Input).value = content.goals
        self.query_one("#resources", Input).value = content.resources
        self.query_one("#language", Input).value = content.language
        self.query_one("#interpreter", Checkbox).value = content.interpreter
        for item in TICKED_ITEMS:
            self.query_one(f"#check-{item.value}", Checkbox).value = item in content.checklist
        if content.outcome is not None:
            self.query_one(f"#outcome-{content.outcome.value}", RadioButton).value = True
        self.query_one("#moti_question", Input).value = content.moti_question

    # Moving by keys ---------------------------------------------------------------

    def _position(self) -> str | None:
        """The form's field that has the focus (an open list counts as its field)."""
        node = self.focused
        while node is not None and node is not self:
            if node.id in _FIELD_IDS:
                return node.id
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        return None

    def _cursor_moved(self) -> bool:
        """Whether the cursor is elsewhere than where the stored draft reopens."""
        return self._draft_version is not None and self._position() != self._saved_position

    def _resume_at(self, position: str | None) -> None:
        """The cursor where the worker left off (the first level if nothing is known)."""
        if position in _FIELD_IDS:
            target = self.query_one(f"#{position}", Widget)
            if target.focusable:
                target.focus()
                return
        self.query_one("#level-services", LevelPicker).focus()

    def help_note(self) -> str:
        """F1's note on the shortcuts along the usual path, which the key list cannot say."""
        return tr(
            "interview.help_note",
            record=key_display("ctrl+s"),
            enter=key_display("enter"),
            space=key_display("space"),
        )

    # Keys that move the cursor, in a burst ------------------------------------------

    def holds_keys_after(self, key: str) -> bool:
        """Whether ``key``, pressed now, moves the cursor to another field.

        The app asks as each key arrives (``RinnallaApp.on_event``) and holds the
        keys typed after such a key until :meth:`moved`: Textual hands a key to
        the field that has the focus when the key arrives, and works out a
        field's keys (a level, Space, Backspace) when the field gets to them. In
        a burst faster than the screen (a quick typist, an auto-typer, tmux),
        the note typed after a level would otherwise go into the level picker,
        and the next level into the wrong domain. Each case here is the key of
        an action below that ends in :meth:`moved`, which lets them go.
        """
        focused = self.focused
        if key in SECTION_KEYS:
            return True
        if key in ("up", "down"):
            return (
                not isinstance(focused, RadioSet | Select)
                and _line_neighbour(focused, -1 if key == "up" else 1) is not None
            )
        if isinstance(focused, LevelPicker):
            return key in LEVEL_KEYS
        if isinstance(focused, OutcomeChoice):
            return key in OUTCOME_KEYS
        if isinstance(focused, Input) and key == "enter":
            return _next_field(str(focused.id)) is not None
        return False

    def moved(self) -> None:
        """The cursor is where a moving key took it: the keys typed after it go on,
        to the field that has the focus now (queued behind the move itself)."""
        self.app.call_later(self.rinnalla.release_keys)

    def _move_to(self, target: str | Widget) -> None:
        widget = self.query_one(f"#{target}", Widget) if isinstance(target, str) else target
        self.set_focus(widget)
        self.moved()

    def action_section(self, section: str) -> None:
        """Ctrl+N, Ctrl+G, Ctrl+T, Ctrl+O: to the domains, goals, checklist, outcome.

        The domains' key goes to the first domain not discussed yet, where the
        next level is most likely typed.
        """
        target = {
            "goals": "goals",
            "checklist": f"check-{TICKED_ITEMS[0].value}",
            "outcome": "outcome",
        }.get(section)
        if target is None:
            levels = [self.query_one(f"#level-{d.value}", LevelPicker) for d in LifeDomain]
            undiscussed = [p for p in levels if p.level is ConcernLevel.NOT_DISCUSSED]
            self._move_to((undiscussed or levels)[0])
            return
        self._move_to(target)

    @on(LevelPicker.Chosen)
    def _level_chosen(self, event: LevelPicker.Chosen) -> None:
        """A level typed: on to the row's note, the next thing a worker writes."""
        picker_id = str(event.picker.id)
        self._move_to(f"note-{picker_id.removeprefix('level-')}")

    @on(Input.Submitted)
    def _field_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text field goes on to the field a worker fills next.

        A domain's note to the next domain's level (the last one to the goals),
        the goals to the resources, the resources to the checklist.
        """
        target = _next_field(str(event.input.id))
        if target is not None:
            event.stop()
            self._move_to(target)

    @on(OutcomeChoice.Chosen)
    def _outcome_chosen(self, event: OutcomeChoice.Chosen) -> None:
        """An outcome by its number: on to the service or the question it needs."""
        self._show_outcome_fields(event.outcome)
        if event.outcome is OutcomeKind.REFERRED:
            self._move_to("referral_service")
        elif event.outcome is OutcomeKind.MOTI:
            self._move_to("moti_question")
        else:
            self.moved()

    # Reading the screen ---------------------------------------------------------

    def _field_widgets(self) -> _Fields:
        """The fields, looked up once: a query walks the screen's hundred widgets,
        and ``content()`` runs for every typed character."""
        if self._fields is None:
            self._fields = _Fields(
                levels={d: self.query_one(f"#level-{d.value}", LevelPicker) for d in LifeDomain},
                notes={d: self.query_one(f"#note-{d.value}", Input) for d in LifeDomain},
                goals=self.query_one("#goals", Input),
                resources=self.query_one("#resources", Input),
                language=self.query_one("#language", Input),
                interpreter=self.query_one("#interpreter", Checkbox),
                checks={i: self.query_one(f"#check-{i.value}", Checkbox) for i in TICKED_ITEMS},
                outcome=self.query_one("#outcome", RadioSet),
                service=self.query_one("#referral_service", Select),
                question=self.query_one("#moti_question", Input),
            )
        return self._fields

    def content(self) -> IntakeContent:
        """What is on the screen now, as typed."""
        fields = self._field_widgets()
        outcome_index = fields.outcome.pressed_index
        service = fields.service.value
        return IntakeContent(
            domains={
                domain: DomainEntry(level=fields.levels[domain].level, note=note.value)
                for domain, note in fields.notes.items()
            },
            goals=fields.goals.value,
            resources=fields.resources.value,
            language=fields.language.value,
            interpreter=fields.interpreter.value,
            checklist=frozenset(item for item, box in fields.checks.items() if box.value),
            outcome=OUTCOMES[outcome_index] if outcome_index >= 0 else None,
            referral_service_id=service if isinstance(service, int) else None,
            moti_question=fields.question.value,
        )

    # Changes: criteria, outcome fields, autosave -----------------------------------

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    @on(LevelPicker.Changed)
    def _changed(self, event: Message) -> None:
        control = getattr(event, "control", None)
        if control is not None and control.id and str(control.id) in self._errors_shown:
            self._set_error(str(control.id), "")
        if isinstance(event, RadioSet.Changed):
            self._set_error("outcome", "")
            self._show_outcome_fields(OUTCOMES[event.index])
        # Read once per key: the form is large, and typing runs this for every letter.
        content = self.content()
        if not isinstance(event, Input.Changed):
            # The criteria read the ticks and the interpreter, never the text.
            self._show_criteria(content)
        if self._last_saved is None or content == self._last_saved:
            return
        self._dirty = True
        if self._stale is not None or self._recording:
            # Kept on screen; saved after Ctrl+R, or by the record itself.
            self._show_unsaved()
            return
        # No "not saved yet" flash per key: the save follows within a tenth of a
        # second, and redrawing the line would lay the whole screen out again.
        self._autosave_later.poke()

    def _show_outcome_fields(self, outcome: OutcomeKind | None) -> None:
        referral = outcome is OutcomeKind.REFERRED
        self.query_one("#referral-line").display = referral
        self.query_one("#question-line").display = outcome is OutcomeKind.MOTI
        if referral and self._view is not None and not self._services:
            self._set_error("referral_service", tr("interview.no_services"))

    def _show_criteria(self, content: IntakeContent | None = None) -> None:
        if self._view is None:
            return
        result = multi_service_criteria(content or self.content(), self._view.facts)
        verdict = tr("interview.criteria_met") if result.met else tr("interview.criteria_not_met")
        style = "bold reverse" if result.met else "bold"
        reasons = list(result.reasons) or [tr("interview.criteria_none")]
        text = Text()
        if self.has_class("-narrow"):
            # Under the form, in as few lines as it takes: every line there is one
            # line less of the form.
            text.append(verdict, style=style)
            text.append(" " + tr("interview.criteria_reasons") + " " + "; ".join(reasons) + " ")
            facts = self._view.facts
            short = tr(
                "interview.criteria_facts_short",
                sectors=len(facts.network_sectors),
                referrals=facts.earlier_referrals,
                visits=facts.visits_last_6_months,
            )
            text.append(short + " ", style="dim")
            text.append(tr("interview.criteria_note"), style="italic")
        else:
            text.append(verdict + "\n", style=style)
            text.append(tr("interview.criteria_reasons") + "\n")
            for reason in result.reasons:
                text.append(f"• {reason}\n")
            if not result.reasons:
                text.append(tr("interview.criteria_none") + "\n")
            text.append(tr("interview.criteria_facts") + "\n")
            for fact in facts_lines(self._view.facts):
                text.append(f"· {fact}\n", style="dim")
            text.append(tr("interview.criteria_note"), style="italic")
        self._show(self.query_one("#criteria", Static), text)

    def on_resize(self) -> None:
        """The criteria take the shape of where they are: beside the form or under it."""
        self._show_criteria()

    def _autosave(self) -> None:
        self._autosave_later.cancel()  # called at once: no second save after the quiet time
        if self._saving or not self._dirty or self._stale is not None or self._recording:
            return
        self._saving = True
        self._dirty = False
        self._save_draft(
            self.context, self.content(), self._draft_version, self._record_number, self._position()
        )

    @work(thread=True, group="interview-draft")
    def _save_draft(
        self,
        context: AppContext,
        content: IntakeContent,
        seen_version: int | None,
        seen_record: int,
        position: str | None,
    ) -> None:
        try:
            draft = interview.save_draft(
                context.uow(),
                self.visit_id,
                content,
                seen_version,
                actor=context.actor,
                clock=context.clock,
                seen_record=seen_record,
                position=position,
            )
        except DomainError as error:
            self.post_message(DraftSaved(None, error))
        else:
            self.post_message(DraftSaved(draft.version, content=content, position=position))

    @on(DraftSaved)
    def _draft_saved(self, message: DraftSaved) -> None:
        self._saving = False
        if message.error is not None:
            # The typed text stays on the screen; nothing is overwritten.
            self._dirty = True
            self._show_unsaved()
            if isinstance(message.error, StaleVersion):
                leaving, self._leaving = self._leaving, False
                self._show_stale(message.error)
                if leaving:
                    self.action_close()  # asks now
            else:
                # Database away: Escape's leaving waits for the save on its return.
                self.set_status(message.error.message, error=True)
            if self._recording:
                self._recording = False
            return
        self._draft_version = message.version
        self._last_saved = message.content
        self._saved_position = message.position
        self._show(
            self.query_one("#interview-saved", Static),
            Text(tr("interview.draft_saved", time=formats.time(self.rinnalla.clock.now()))),
        )
        if self._recording:
            self._start_record()  # Ctrl+S waited for this save's version
        elif self._leaving:
            self.dismiss(None)
        elif self._dirty:
            self._autosave()

    def _show_unsaved(self) -> None:
        self._show(self.query_one("#interview-saved", Static), Text(tr("interview.draft_unsaved")))

    def retry_draft(self) -> None:
        """The database is back: save what was typed while it was away."""
        self._autosave()

    def has_unsaved_stale_text(self) -> StaleVersion | None:
        """The refusal, when a colleague saved first and the worker's text is not stored."""
        return self._stale if self._stale is not None and self._dirty else None

    def save_draft_now(self, *, merge_if_stale: bool = False) -> None:
        """Save synchronously, on the way out (Ctrl+Q, the lock, a signal, a crash).

        A save refused because a colleague saved first is not retried over their
        version, unless ``merge_if_stale`` (nobody left to ask: a signal, a crash):
        then the worker's changes are put on top of the newest version and saved
        as the draft, so neither person's text is lost. A refusal caused by this
        screen's own background save of the same text loses nothing either.
        """
        if self._view is None or self._last_saved is None:
            return
        context = self.context
        # Compared, not ``_dirty``: a signal may come between a key and its Changed event.
        mine = self.content()
        position = self._position()
        if mine == self._last_saved and not self._saving and not self._cursor_moved():
            return
        if self._stale is not None and not merge_if_stale:
            return  # on screen, not saved: the quit asks first (RinnallaApp.action_quit)
        try:
            interview.save_draft(
                context.uow(),
                self.visit_id,
                mine,
                self._draft_version,
                actor=context.actor,
                clock=context.clock,
                seen_record=self._record_number,
                position=position,
            )
        except StaleVersion:
            newest = interview.open_interview(
                context.uow(), self.visit_id, actor=context.actor, clock=context.clock
            )
            if newest.content == mine:
                return  # the background save stored this very text
            base = self._last_saved or mine
            merged = merge_content(base, mine, newest.content).content
            interview.save_draft(
                context.uow(),
                self.visit_id,
                merged,
                newest.draft_version,
                actor=context.actor,
                clock=context.clock,
                seen_record=newest.record_number,
                position=position,
            )

    # Recording --------------------------------------------------------------------

    def action_correct(self) -> None:
        self.action_record()

    def action_record(self) -> None:
        if self._view is None or self._recording:
            return
        if self._stale is not None:
            self._show_stale(self._stale)  # Ctrl+R first: saving now would meet it again
            return
        self._autosave_later.cancel()
        self._recording = True
        if not self._saving:
            self._start_record()
        # else: the draft save in flight changes the version; _draft_saved goes on.

    def _start_record(self) -> None:
        if self._view is None:
            self._recording = False
            return
        self._record(
            self.context,
            self.content(),
            self._view.finished,
            self._draft_version,
            self._record_number,
        )

    @work(thread=True, exclusive=True, group="interview-record")
    def _record(
        self,
        context: AppContext,
        content: IntakeContent,
        correction: bool,
        seen_draft: int | None,
        seen_record: int,
    ) -> None:
        try:
            if correction:
                corrected = interview.correct_intake(
                    context.uow(),
                    self.visit_id,
                    content,
                    actor=context.actor,
                    clock=context.clock,
                    organisation=context.organisation,
                    referrals=context.referrals,
                    seen_record=seen_record,
                    seen_draft=seen_draft,
                )
                self.post_message(IntakeSaved(corrected=corrected))
            else:
                result = interview.finish_intake(
                    context.uow(),
                    self.visit_id,
                    content,
                    actor=context.actor,
                    clock=context.clock,
                    organisation=context.organisation,
                    referrals=context.referrals,
                    seen_draft=seen_draft,
                )
                self.post_message(IntakeSaved(finished=result))
        except DomainError as error:
            self.post_message(IntakeSaved(error=error))

    @on(IntakeSaved)
    def _saved(self, message: IntakeSaved) -> None:
        self._recording = False
        if message.error is not None:
            self._refused(message.error)
            if self._dirty and self._stale is None:
                self._autosave()  # typed while recording: keep it as the draft
            return
        self._dirty = False
        if message.corrected is not None:
            note = tr("interview.corrected", number=message.corrected.record.number)
            if message.corrected.interim_case_manager:
                note += " " + tr("interview.interim")
            self.dismiss(note)
            return
        result = message.finished
        assert result is not None
        outcome = result.record.content.outcome
        assert outcome is not None
        note = tr("interview.recorded", outcome=outcome.label)
        if result.interim_case_manager:
            note += " " + tr("interview.interim")
        if not outcome.client_present:
            self.dismiss(note)
            return

        def answered(given: bool | None) -> None:
            self.dismiss(note)

        self.app.push_screen(
            FeedbackReminder(result.visit.id, interim=result.interim_case_manager), answered
        )

    def _refused(self, error: DomainError) -> None:
        if isinstance(error, StaleVersion):
            self._dirty = True  # not stored: leaving asks first
            self._show_stale(error)
            return
        if isinstance(error, InvalidInput):
            for field, text in error.fields.items():
                self._set_error(field, text)
            self.set_status(tr("interview.fix_fields"), error=True)
            first = next(iter(error.fields))
            target = "#outcome" if first == "outcome" else f"#{first}"
            self.query_one(target).focus()
        else:
            self.set_status(error.message, error=True)

    # A colleague saved first ----------------------------------------------------------

    def _show_stale(self, error: StaleVersion) -> None:
        self._stale = error
        # The colleague's name is as stored: shown literally, never as markup.
        self.set_status(tr("interview.stale", reason=error.message), error=True)
        self.refresh_bindings()

    def action_reapply(self) -> None:
        """Ctrl+R: fetch the newest version; the merge runs when it arrives."""
        if self._stale is None or self._reloading:
            return
        self._reloading = True
        self.refresh_bindings()
        self.set_status(tr("interview.reloading"))
        self._fetch_newest(self.context)

    @work(thread=True, exclusive=True, group="interview-open")
    def _fetch_newest(self, context: AppContext) -> None:
        try:
            view = interview.open_interview(
                context.uow(), self.visit_id, actor=context.actor, clock=context.clock
            )
        except DomainError as error:
            self.post_message(InterviewReloaded(None, error))
        else:
            self.post_message(InterviewReloaded(view))

    @on(InterviewReloaded)
    def _reloaded(self, message: InterviewReloaded) -> None:
        """The worker's own changes on top of the newest version, field by field.

        A field counts as the worker's change when it differs from the version
        last stored from this screen (or opened). Where both changed a field the
        typed text stays and the status line names it. The merged content is
        then saved as the draft against the newest version, as any edit is.
        """
        self._reloading = False
        view = message.view
        if view is None:
            assert message.error is not None
            self.set_status(message.error.message, error=True)
            self.refresh_bindings()
            return
        mine = self.content()
        merged = merge_content(self._last_saved or mine, mine, view.content)
        was_finished = self._view is not None and self._view.finished
        self._view = view
        self._draft_version = view.draft_version
        self._record_number = view.record_number
        self._stale = None
        self._last_saved = view.content
        self._fill(merged.content)
        self._set_service_options(list(view.services), merged.content.referral_service_id)
        self._show_outcome_fields(merged.content.outcome)
        parts = [tr("interview.reapplied")]
        if view.finished and not was_finished:
            parts.append(tr("interview.now_finished", number=view.record_number))
        if merged.taken:
            parts.append(tr("interview.from_newer", fields=", ".join(merged.taken)))
        else:
            parts.append(tr("interview.none_from_newer"))
        if merged.both:
            parts.append(tr("interview.both_changed", fields=", ".join(merged.both)))
        self.set_status(" ".join(parts))
        self.refresh_bindings()
        if merged.content != view.content:
            self._dirty = True
            self._autosave()

    # Leaving -----------------------------------------------------------------------

    def action_close(self) -> None:
        """Back to the queue; the draft is kept (saved first if needed).

        Text that could not be saved because a colleague saved first is never
        dropped without asking.
        """
        self._autosave_later.cancel()
        if self._stale is not None and self._dirty:

            def leave(confirmed: bool | None) -> None:
                if confirmed:
                    self.dismiss(None)

            self.app.push_screen(
                ConfirmDiscard(
                    tr("interview.leave_stale"), confirm_label=tr("interview.leave_anyway")
                ),
                leave,
            )
            return
        if self._stale is None and self._cursor_moved():
            # Only the cursor moved: saved too, so that Enter in the queue resumes there.
            self._dirty = True
        if self._view is not None and (self._dirty or self._saving):
            self._leaving = True
            if not self._saving:
                self._autosave()
            return
        self.dismiss(None)

    # Messages at the fields -------------------------------------------------------

    def _show(self, widget: Static, content: Text) -> None:
        """Update only when the text changed: every update re-lays out the whole,
        large screen, and most keys change nothing but the field typed in."""
        if self._shown.get(id(widget)) == content:
            return
        self._shown[id(widget)] = content
        widget.update(content)

    def _set_error(self, field: str, message: str) -> None:
        if message:
            self._errors_shown.add(field)
        else:
            self._errors_shown.discard(field)
        for error in self.query(f"#{field}-error").results(Static):
            self._show(error, Text(message))
            if error.display != bool(message):
                error.display = bool(message)
