"""Every screen in every language, in a process of its own: the text a worker reads.

Run as ``python -m tests.screen_language_driver SCREEN --seeded FILE --empty FILE``
(``tests/tui/test_languages.py`` does, once per screen). ``--seeded`` is an
SQLite file that :func:`seed` filled with demo-like data, ``--empty`` a migrated
database with nobody in it (for the first start); both are copied, never
changed. For each language the driver builds a new app on a fresh copy,
signs in as a worker whose role opens the screen, reaches the screen with key
presses only, and takes down the text on the screen: the screen itself, its
F1 help, and the dialogs it offers where opening one is a key away. English
runs at 120×40, Finnish and Swedish (the longest words) at 80×24, where each
view is also checked for what lies only off screen. It prints one JSON object:

    {"views": {language: {view: {"screen": "module.Class", "text": "...",
                                 "cut": [header, ...], "layout": [problem, ...]}}},
     "missing": [[language, key], ...]}

``cut``: table headers their column cuts; ``layout`` (80×24 only): what
:func:`layout_problems` found.

``missing`` is :func:`domain.i18n.missing_translations` after all three
languages: keys a catalogue lacked, shown in Finnish instead.

Why a process per screen: the catalogues, the bindings' descriptions and any
text a module computes when it is imported are process-wide. A screen opened
in a process where other screens ran first could pass only because another
screen loaded something for it; alone, it must speak the language by itself.
English runs first in each process, so that a text computed once at import
time (and therefore stuck in the first language) shows up as English in the
Finnish and Swedish runs, where the English-word check finds it.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeAlias

if __package__ in (None, ""):
    # Started as a file: make the project's packages importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual import events  # noqa: E402
from textual.geometry import Region  # noqa: E402
from textual.keys import _character_to_key  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.scroll_view import ScrollView  # noqa: E402
from textual.widget import Widget  # noqa: E402
from textual.widgets import DataTable, Footer, Static  # noqa: E402
from textual.widgets._footer import FooterKey  # noqa: E402
from textual.worker import WorkerCancelled  # noqa: E402

from domain import formats  # noqa: E402
from domain.case_management import EndParticipants  # noqa: E402
from domain.clock import HELSINKI, FixedClock  # noqa: E402
from domain.i18n import missing_translations, set_language  # noqa: E402
from tui.app import RinnallaApp  # noqa: E402
from tui.composition import make_app  # noqa: E402
from tui.settings import Settings  # noqa: E402

ScreenKind: TypeAlias = "type[Screen[Any]]"

SIZES = {"en": (120, 40), "sv": (80, 24), "fi": (80, 24)}
"""English at a desktop terminal's size; Finnish and Swedish (the longest words) at
80×24, a laptop's or an SSH session's, where every view is also checked for what
only lies off screen (:func:`layout_problems`)."""
SMALL = (80, 24)
STEP_TIMEOUT = 20.0
"""Seconds the app may take to start before the walk gives up."""
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
"""A Tuesday in walk-in hours, 12.00 in Helsinki: the tests' own clock."""
LANGUAGES_FIRST_TO_LAST = ("en", "sv", "fi")
"""English first: see the module's docstring."""

LOCATION = "lpr"
LOCATION_NAME = "Lappeenrannan hyvinvointiasema"
ORGANISATION = "Esimerkin hyvinvointialue"

COORDINATOR = "Päivi Laaksonen"
LEAD = "Olli Nieminen"
ADMIN = "Demo Pääkäyttäjä"
"""Demo workers (``storage.demo``), with the demo passphrases."""

NETWORK_CLIENT = "Virtanen Matti"
"""Waiting in the queue; a network, a case manager (the coordinator), a consent,
a pending assessment, a MOTI proposal."""
INTERVIEW_CLIENT = "Heikkinen Helena"
"""In service, with an interview draft."""
SERVED_CLIENT = "Korhonen Kari"
"""Served today: feedback on the visit can be recorded."""
UNSERVED_CLIENT = "Mäkinen Marja"
"""In service without an interview: ``d`` asks about the feedback instructions."""
CLOSED_CLIENT = "Laine Liisa"
"""Waiting; case management ended, so feedback on the closure can be recorded."""

DATA_ADDRESSES = frozenset(
    {
        "example.org",
        "liisa.laine@example.org",
        "kari.koski@example.org",
        "talousneuvonta@example.org",
        "asumisneuvonta@example.org",
        "vertaistuki@example.org",
    }
)
"""E-mail addresses and domains in the seeded data: dotted words that are data,
not catalogue keys."""


# Seeding ---------------------------------------------------------------------------------


def seed(database_url: str) -> None:
    """Fill a migrated database: the demo desk, plus one of everything a screen shows.

    ``rinnalla demo`` gives the queue, the history, the opening hours, a MOTI
    team, case managers, deadlines, feedback, the catalogue and the accounts;
    the use cases then add what the demo leaves out: a client with a whole
    network, a meeting with an agenda, an interview in progress, a served
    visit and an ended case management.
    """
    from domain.callbacks import CallbackInput
    from domain.case_management import EndReason
    from domain.clock import local_today
    from domain.consent import ConsentInput, DataKind
    from domain.contact_details import ContactDetailsInput, ContactLanguage, ContactWay
    from domain.intake import ConcernLevel, DomainEntry, IntakeContent, LifeDomain
    from domain.network import (
        AssessmentInput,
        MemberInput,
        NetworkRole,
        PlanInput,
        PlanKind,
        ProfessionalInput,
    )
    from domain.referrals import NewReferral, ReferralRules, ReferralState
    from domain.sectors import Sector
    from domain.use_cases import coordination, meetings, reception
    from domain.use_cases.callbacks import add_callback
    from domain.use_cases.consent import give_consent
    from domain.use_cases.contact_details import save_contact_details
    from domain.use_cases.interview import save_draft
    from domain.use_cases.need_assessment import make_pending
    from domain.use_cases.referrals import make_referral, record_state
    from domain.visits import Urgency
    from domain.walk_in import WalkInInput
    from storage.demo import ensure_demo_accounts, fill_demo
    from storage.engine import build_engine, build_session_factory
    from tui.composition import connect

    clock = FixedClock(NOW - dt.timedelta(hours=1))
    engine = build_engine(database_url)
    try:
        sessions = build_session_factory(engine)
        fill_demo(
            sessions,
            clock=clock,
            rng=random.Random(2026),
            location_code=LOCATION,
            location_name=LOCATION_NAME,
            clients=40,
            days=30,
        )
        ensure_demo_accounts(sessions, clock=clock)
    finally:
        engine.dispose()

    services = connect(_settings(database_url, "fi", staff=COORDINATOR), clock)
    uow, actor = services.uow, services.actor

    def arrive(name: str, birth_year: str, reason: str, **extra: object) -> tuple[int, int]:
        clock.advance(minutes=3)
        visit = reception.register_walk_in(
            uow(),
            WalkInInput(name=name, birth_year=birth_year, reason=reason, **extra),
            actor=actor,
            location=services.location,
            clock=clock,
            accept_possible_duplicate=True,
        )
        assert visit.client_id is not None
        return visit.id, visit.client_id

    def professional(name: str, title: str, organisation: str, sector: Sector, email: str) -> int:
        entry = ProfessionalInput(
            name=name,
            title=title,
            organisation=organisation,
            sector=sector,
            phone="040 000 0000",
            email=email,
        )
        return coordination.save_professional(uow(), entry, actor=actor).id

    # The client with a whole network.
    _, client = arrive(NETWORK_CLIENT, "1948", "Asunnon haku")
    social = professional(
        "Laine Liisa",
        "sosiaaliohjaaja",
        "Aikuissosiaalityö",
        Sector.SOCIAL,
        "liisa.laine@example.org",
    )
    typ = professional(
        "Koski Kari", "työvalmentaja", "TYP Lappeenranta", Sector.TYP, "kari.koski@example.org"
    )
    coordination.save_member(
        uow(),
        MemberInput(
            client_id=client,
            professional_id=social,
            roles=frozenset({NetworkRole.NAMED_WORKER}),
            responsibility="toimeentulotuki",
        ),
        actor=actor,
    )
    coordination.save_member(
        uow(),
        MemberInput(
            client_id=client,
            professional_id=typ,
            roles=frozenset({NetworkRole.CONTACT}),
            responsibility="työkokeilu",
        ),
        actor=actor,
    )
    coordination.save_member(
        uow(),
        MemberInput(
            client_id=client, close_name="Virtanen Aino", relation="sisar", phone="040 765 4321"
        ),
        actor=actor,
    )
    coordination.add_plan(
        uow(),
        PlanInput(
            client_id=client,
            kind=PlanKind.ACTIVATION,
            organisation="Aikuissosiaalityö",
            made_on=dt.date(2026, 9, 1),
        ),
        actor=actor,
    )
    coordination.add_assessment(
        uow(),
        AssessmentInput(
            client_id=client,
            domain=LifeDomain.WORK_ABILITY,
            assessor="lääkäri",
            organisation="Terveysasema",
            made_on=dt.date(2026, 8, 3),
        ),
        actor=actor,
    )
    mine = coordination.my_professional(uow(), actor, LOCATION_NAME)
    # Named by a colleague: the naming waits on the worker's F7 list to be acknowledged.
    colleague = reception.identify_staff(uow(), "Tuomas Åberg")  # a demo coordinator
    coordination.name_case_manager(
        uow(), client, mine.id, "Tuntee perheen", actor=colleague, clock=clock
    )
    give_consent(
        uow(),
        ConsentInput(
            client_id=client,
            organisation="TYP Lappeenranta",
            kind=DataKind.SOCIAL,
            given_on=dt.date(2026, 11, 2),
        ),
        actor=actor,
        clock=clock,
    )
    save_contact_details(
        uow(),
        ContactDetailsInput(
            client_id=client,
            phone="040 123 4567",
            contact_way=ContactWay.TEXT_MESSAGE,
            language=ContactLanguage.FI,
        ),
        actor=actor,
    )
    add_callback(
        uow(),
        CallbackInput(
            client_id=client,
            caller_id=actor.id,
            due_on=local_today(clock),
            due_time=dt.time(9, 30),
            note="Asumistuen päätös",
        ),
        actor=actor,
    )
    make_pending(
        uow(),
        client,
        dt.date(2026, 11, 16),
        services.deadlines,
        actor=actor,
        clock=clock,
    )
    # Referrals: one reached, and one past its expected day (on the follow-up list).
    weeks_ago = FixedClock(NOW - dt.timedelta(days=20))
    reached = make_referral(
        uow(),
        NewReferral(client_id=client, target="Velkaneuvonta"),
        actor=actor,
        clock=weeks_ago,
        rules=ReferralRules(follow_up_days=10),
    )
    make_referral(
        uow(),
        NewReferral(client_id=client, target="Päihdepalvelut, Lappeenranta"),
        actor=actor,
        clock=weeks_ago,
        rules=ReferralRules(follow_up_days=10),
    )
    record_state(
        uow(),
        reached.id,
        ReferralState.REACHED,
        reached.version,
        reached_on=dt.date(2026, 11, 9),
        actor=actor,
        clock=clock,
    )

    # Meetings every other Tuesday: the last one left an action that is overdue now
    # and comes back on today's agenda; today's has the client on it too.
    with uow() as work:
        team = work.meetings.teams()[0]
        work.commit()
    start = dt.datetime(2026, 11, 10, 14, 0, tzinfo=HELSINKI)
    past, today, _ = meetings.plan_meetings(
        uow(), team.id, start, 60, place="Kaupungintalo, nh 3", count=3, actor=actor
    )
    earlier = meetings.propose_to_team(
        uow(),
        client,
        "Riittääkö toimeentulo?",
        team_id=team.id,
        actor=actor,
        clock=FixedClock(NOW - dt.timedelta(days=20)),
    )
    item = meetings.add_to_agenda(uow(), past.id, earlier.id, actor=actor)
    meetings.open_meeting(uow(), past.id, actor=actor)
    meetings.add_action(
        uow(), item.id, "Selvitä asumistuki", typ, dt.date(2026, 11, 20), actor=actor
    )
    meetings.close_meeting(uow(), past.id, "", actor=actor)
    proposal = meetings.propose_to_team(
        uow(), client, "Kuka on asiakasvastaava?", team_id=team.id, actor=actor, clock=clock
    )
    item = meetings.add_to_agenda(uow(), today.id, proposal.id, actor=actor)
    meetings.set_invitees(uow(), item.id, frozenset({typ}), actor=actor)

    # An interview in progress.
    visit, _ = arrive(INTERVIEW_CLIENT, "1988", "Toimeentulo ja asunto")
    called = reception.call_visit(uow(), visit, 1, actor=actor, clock=clock)
    save_draft(
        uow(),
        called.id,
        IntakeContent(
            domains={
                LifeDomain.HOUSING: DomainEntry(level=ConcernLevel.SERIOUS, note="Häätöuhka"),
                LifeDomain.INCOME: DomainEntry(level=ConcernLevel.SOME, note="Velkoja"),
            },
            goals="Oma asunto",
        ),
        None,
        actor=actor,
        clock=clock,
    )

    # Served today, and in service without an interview.
    visit, _ = arrive(SERVED_CLIENT, "1968", "Velkaneuvonta")
    called = reception.call_visit(uow(), visit, 1, actor=actor, clock=clock)
    reception.finish_visit(uow(), called.id, called.version, actor=actor, clock=clock)
    visit, _ = arrive(UNSERVED_CLIENT, "1979", "Akuutti kriisi", urgency=Urgency.URGENT)
    reception.call_visit(uow(), visit, 1, actor=actor, clock=clock)

    # Waiting, with an ended case management.
    _, closed = arrive(CLOSED_CLIENT, "1990", "Kelan hakemukset")
    coordination.name_case_manager(uow(), closed, social, "Sovittu", actor=actor, clock=clock)
    coordination.end_case_management(
        uow(),
        closed,
        EndReason.NEED_ENDED,
        "",
        participants=EndParticipants(client=True),
        actor=actor,
        clock=clock,
    )
    meetings.propose_to_team(
        uow(),
        closed,
        "Tarvitaanko yhteinen suunnitelma?",
        team_id=team.id,
        actor=actor,
        clock=clock,
    )

    # Everything into the database file itself: the file is copied, not opened.
    engine = build_engine(database_url)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def _settings(database_url: str, language: str, *, staff: str = COORDINATOR) -> Settings:
    return Settings(
        database_url=database_url,
        staff=staff,
        location=LOCATION,
        location_name=LOCATION_NAME,
        organisation=ORGANISATION,
        lang=language,
    )


# Touring the screens -------------------------------------------------------------------------


def qualified(screen: ScreenKind | Screen[object]) -> str:
    """``module.Class`` of a screen (two screens are called MemberForm)."""
    kind = screen if isinstance(screen, type) else type(screen)
    return f"{kind.__module__}.{kind.__qualname__}"


def cut_headers(app: RinnallaApp) -> list[str]:
    """Table headers wider than their fixed column: the table cuts them ("Föregåend"),
    and a longer translation is the usual reason. A column narrowed to nothing is
    left out on purpose (a narrow screen's droppable column), not cut."""
    return [
        column.label.plain
        for table in app.screen.query(DataTable)
        for column in table.columns.values()
        if not column.auto_width and 0 < column.width < column.label.cell_len
    ]


def visible_text(app: RinnallaApp) -> str:
    """The characters the screen on top shows, line by line, as the terminal gets them.

    Plain text from the screen's compositor, the same lines a snapshot draws:
    a dialog comes with the screen behind it, as the worker sees it, and the
    notices (toasts) with the screen they are shown on.
    """
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips).rstrip()


def _name(widget: Widget) -> str:
    """A widget as a problem names it: ``Input#name``."""
    return f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__


def _inside(inner: Region, outer: Region) -> tuple[bool, bool]:
    """Whether ``inner`` lies within ``outer`` horizontally, and vertically."""
    return (
        outer.x <= inner.x and inner.right <= outer.right,
        outer.y <= inner.y and inner.bottom <= outer.bottom,
    )


def _scrolls_vertically(widget: Widget) -> bool:
    """Whether ``widget`` scrolls its content up and down (so the focus reaches what
    lies below its edge)."""
    return widget.styles.overflow_y in ("auto", "scroll") or isinstance(widget, ScrollView)


FOOTER_WITHOUT_HELP = "the footer does not show the help key"


def layout_problems(app: RinnallaApp) -> list[str]:
    """What the screen on top holds that a worker cannot see or reach at this size.

    - a focusable widget with no room (no width or height), or lying past the
      screen's edge or its container's, left or right (nothing here scrolls
      sideways by keys), or below or above the edge of a container that does
      not scroll;
    - a text cut off: a text widget whose lines need more height than it has,
      or than the containers around it show, where they do not scroll;
    - a table whose columns are wider than the table (its right-hand columns
      only reachable by scrolling sideways), or a table with rows that shows
      only its header;
    - on a screen (not a dialog), a footer that does not show the help key.
    """
    screen = app.screen
    whole = Region(0, 0, *app.size)
    shown = screen._compositor.full_map
    problems: list[str] = []
    for widget, geometry in shown.items():
        if widget is screen or not widget.display or not widget.visible:
            continue
        region = geometry.region
        if isinstance(widget, FooterKey) or widget.parent is None:
            continue
        if widget.focusable:
            if not region.width or not region.height:
                problems.append(f"{_name(widget)} has no room ({region.width}×{region.height})")
                continue
            across, _ = _inside(region, whole)
            if not across:
                problems.append(f"{_name(widget)} lies past the screen's edge ({region})")
                continue
            if widget.styles.overlay == "screen":
                continue  # a drop-down's list: drawn over the screen, not in its container
            # Below a container that scrolls, the focus scrolls the widget into view:
            # from there on, that container is what has to be reachable.
            reached = region
            for ancestor in widget.ancestors:
                if ancestor is screen or not isinstance(ancestor, Widget):
                    break
                if ancestor not in shown:
                    continue
                across, _ = _inside(region, ancestor.content_region)
                _, down = _inside(reached, ancestor.content_region)
                if not across:
                    problems.append(
                        f"{_name(widget)} is cut by {_name(ancestor)}'s side "
                        f"({region} in {ancestor.content_region})"
                    )
                    break
                if not down and not _scrolls_vertically(ancestor):
                    problems.append(
                        f"{_name(widget)} is below the edge of {_name(ancestor)}, "
                        f"which does not scroll ({reached} in {ancestor.content_region})"
                    )
                    break
                if _scrolls_vertically(ancestor):
                    reached = ancestor.region
        if isinstance(widget, Static) and region.width and not _scrolls_vertically(widget):
            needed = widget.get_content_height(
                widget.container_size, whole.size, widget.content_region.width
            )
            room = widget.content_region.height
            # A line-high row cuts a label that wraps: the label has its lines, the
            # row shows one ("Tjänster som" of "Tjänster som används").
            for ancestor in widget.ancestors:
                if ancestor is screen or not isinstance(ancestor, Widget):
                    break
                if ancestor not in shown or _scrolls_vertically(ancestor):
                    break
                room = min(room, widget.content_region.intersection(ancestor.content_region).height)
            if needed > room:
                problems.append(f"{_name(widget)} shows {room} of its {needed} lines")
        if isinstance(widget, DataTable) and region.width:
            header = widget.header_height if widget.show_header else 0
            if widget.row_count and region.height <= header:
                # Squeezed to its header by the sections around it (F7 at 80×24).
                problems.append(f"{_name(widget)} shows none of its {widget.row_count} rows")
            wide, room = widget.virtual_size.width, widget.scrollable_content_region.width
            if wide > room:
                problems.append(
                    f"{_name(widget)}'s columns are {wide} wide in {room}: "
                    + ", ".join(column.label.plain for column in widget.columns.values())
                )
    if not screen.is_modal and any(
        active.binding.action == "help" for active in screen.active_bindings.values()
    ):
        help_keys = [
            key
            for footer in screen.query(Footer)
            for key in footer.query(FooterKey)
            if key.action == "help" and key in shown
        ]
        if not any(_inside(shown[key].region, whole)[0] for key in help_keys):
            problems.append(FOOTER_WITHOUT_HELP)
    return problems


class Tour:
    """One language's walk through a screen: keys in, the visible text taken down."""

    def __init__(self, pilot: Pilot[None], language: str) -> None:
        self.pilot = pilot
        self.app: RinnallaApp = pilot.app  # type: ignore[assignment]
        self.language = language
        self.views: dict[str, dict[str, str | list[str]]] = {}

    async def settle(self) -> None:
        """Let every database worker finish and the screen catch up.

        A finished worker posts its result, which may start another load (a
        screen that opens reads its data); and a table sizes its columns to new
        rows only when the app is idle. So wait until two rounds in a row find
        no worker running.
        """
        quiet = 0
        for _ in range(12):
            # The queue's watch on other terminals runs as long as the app does.
            running = [w for w in self.app.workers if w.group != "queue-watch" and w.is_running]
            if running:
                quiet = 0
                try:
                    await self.app.workers.wait_for_complete(running)
                except WorkerCancelled:
                    pass  # replaced by a newer load of the same screen
            else:
                quiet += 1
                if quiet == 2:
                    await self._layout_drawn()
                    return
            await self.pilot.pause()

    async def _layout_drawn(self) -> None:
        """After a screen switch the footer lays out its keys, and a table fits its
        columns to new rows, when they are next idle; on a busy machine that can come
        after the workers are done. Wait for it (a second at most), so that a footer
        still being drawn or a table not yet fitted is not taken for a layout problem;
        one that stays is still found."""
        if tuple(self.app.size) != SMALL:
            return
        for _ in range(50):
            if not layout_problems(self.app):
                return
            await self.pilot.pause(0.02)

    async def arrows(self, key: str, times: int) -> None:
        """``key`` pressed ``times`` times in a burst: moving a cursor opens nothing,
        so nothing has to be ready between the presses."""
        await self._send([(key, None)] * times)

    async def ready(self, started: Callable[[RinnallaApp], bool]) -> None:
        """Wait until the app has opened its database and shows where the walk starts."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while not started(self.app):
            if time.monotonic() > deadline:
                raise TourLost(f"the app did not start: {qualified(self.app.screen)} on top")
            await self.pilot.pause(0.02)
        await self.settle()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.settle()

    async def write(self, text: str) -> None:
        """``text`` typed into the focused field, key by key, as a quick typist does."""
        await self._send([(_character_to_key(char), char) for char in text])

    async def _send(self, keys: list[tuple[str, str | None]]) -> None:
        """Key presses sent to the app at once, as a terminal delivers a burst,
        not one by one as Pilot does (it waits for the app to go idle after each)."""
        driver = self.app._driver
        assert driver is not None
        for key, character in keys:
            event = events.Key(key, character)
            event.set_sender(self.app)
            driver.send_message(event)
        await self.settle()

    def on(self, screen: ScreenKind, doing: str) -> None:
        if not isinstance(self.app.screen, screen):
            raise TourLost(
                f"{doing}: expected {qualified(screen)} on top, found {qualified(self.app.screen)}"
            )

    def see(self, view: str, screen: ScreenKind) -> None:
        """Take down what ``screen`` (on top now) shows, as ``view``."""
        self.on(screen, view)
        if view in self.views:
            raise TourLost(f"view {view!r} taken twice")
        self.views[view] = {
            "screen": qualified(self.app.screen),
            "text": visible_text(self.app),
            "cut": cut_headers(self.app),
            "layout": layout_problems(self.app) if tuple(self.app.size) == SMALL else [],
        }

    async def see_with_help(self, view: str, screen: ScreenKind) -> None:
        """The screen, then its F1 help; Escape closes the help again.

        A dialog (a modal screen) is taken down by itself: its F1 (a priority key,
        since a dialog keeps its keys to itself) is checked in test_small_terminal.
        """
        from tui.screens.help import HelpScreen

        self.see(view, screen)
        if self.app.screen.is_modal:
            return
        await self.press("f1")
        self.see(f"{view} F1", HelpScreen)
        await self.press("escape")
        self.on(screen, f"closing the help of {view}")

    async def dialog(
        self,
        view: str,
        keys: tuple[str, ...],
        screen: ScreenKind,
        *,
        close: tuple[str, ...] = ("escape",),
        back_on: ScreenKind | None = None,
    ) -> None:
        """Open a dialog with ``keys``, take it down, close it with ``close``."""
        under = type(self.app.screen)
        await self.press(*keys)
        await self.see_with_help(view, screen)
        await self.press(*close)
        self.on(back_on or under, f"closing {view}")

    async def form(
        self,
        view: str,
        keys: tuple[str, ...],
        screen: ScreenKind,
        *,
        save_empty: bool = False,
        back_on: ScreenKind | None = None,
    ) -> None:
        """A dialog with fields: opened, and (``save_empty``) Ctrl+S on what it holds,
        to see the messages of a refused save (or the question it asks first); then
        Escape, discarding anything typed."""
        from tui.screens.confirm import ConfirmDiscard

        under = back_on or type(self.app.screen)
        await self.press(*keys)
        await self.see_with_help(view, screen)
        if save_empty:
            await self.press("ctrl+s")
            if isinstance(self.app.screen, ConfirmDiscard):  # asks before saving
                self.see(f"{view} confirm", ConfirmDiscard)
            else:
                self.see(f"{view} refused", screen)
        await self.leave(under)

    async def leave(self, target: ScreenKind) -> None:
        """Escape until ``target`` is on top; typed text is discarded when asked."""
        from tui.screens.confirm import ConfirmDiscard

        for _ in range(4):
            if isinstance(self.app.screen, target):
                return
            top = self.app.screen
            if isinstance(top, ConfirmDiscard) and top._question is None:
                await self.press("tab", "enter")  # "discard what was typed"
            else:
                await self.press("escape")
        self.on(target, "going back")

    async def focus(self, widget_id: str, key: str = "tab") -> None:
        """``key`` (Tab or Shift+Tab) until the widget ``widget_id`` has the focus."""
        for _ in range(60):
            focused = self.app.focused
            if focused is not None and focused.id == widget_id:
                return
            await self.press(key)
        raise TourLost(f"{key} never reached #{widget_id}")

    async def cursor_to(self, table: DataTable[object], row: int) -> None:
        """Arrow keys until ``table``'s cursor is on ``row``."""
        steps = row - table.cursor_row
        if steps:
            await self.arrows("down" if steps > 0 else "up", abs(steps))
        if table.cursor_row != row:
            raise TourLost(f"the arrows did not reach row {row} of #{table.id}")

    async def queue_row(self, name: str) -> None:
        """Move the queue's cursor to ``name``'s visit, with the arrow keys."""
        from tui.screens.queue import QueueScreen

        self.on(QueueScreen, f"finding {name} in the queue")
        screen = self.app.queue_screen
        rows = [entry.display_name for entry in screen._entries]
        if name not in rows:
            raise TourLost(f"{name} is not in the queue: {rows}")
        await self.cursor_to(screen.query_one("#queue-table", DataTable), rows.index(name))


class TourLost(Exception):
    """The keys did not lead where the tour expected: the screen changed, or a step broke."""


Walk = Callable[[Tour], Awaitable[None]]


@dataclass(frozen=True)
class Scenario:
    walk: Walk
    covers: frozenset[str]
    """The screens (``module.Class``) the walk takes down; the test checks both ways."""
    worker: str | None = COORDINATOR
    """Signed in as this worker; None: the app starts at the login (or first start)."""
    database: Literal["seeded", "empty"] = "seeded"
    at: dt.datetime = NOW
    """The app's clock."""

    def started(self, app: RinnallaApp) -> bool:
        """Whether the app shows where this worker starts, with its data loaded."""
        from tui.screens.accounts import AccountsScreen
        from tui.screens.first_admin import FirstAdminScreen
        from tui.screens.login import LoginScreen
        from tui.screens.reports import ReportsScreen

        if self.worker is None:
            return isinstance(app.screen, LoginScreen | FirstAdminScreen)
        if app.context is None:
            return False
        if self.worker == LEAD:
            return isinstance(app.screen, ReportsScreen)
        if self.worker == ADMIN:
            return isinstance(app.screen, AccountsScreen)
        return bool(app.queue_screen._entries)


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    *covers: str,
    worker: str | None = COORDINATOR,
    database: Literal["seeded", "empty"] = "seeded",
    at: dt.datetime = NOW,
) -> Callable[[Walk], Walk]:
    """Register a walk under its function's name."""

    def register(walk: Walk) -> Walk:
        SCENARIOS[walk.__name__] = Scenario(walk, frozenset(covers), worker, database, at)
        return walk

    return register


# The screens, one walk each ---------------------------------------------------------------
# Screens are imported inside the walks, as the app imports them: after the
# language is chosen, so that a text computed at import time is caught.


@scenario("tui.screens.login.LoginScreen", worker=None)
async def login(tour: Tour) -> None:
    from tui.screens.login import LoginScreen

    await tour.see_with_help("login", LoginScreen)
    await tour.write(COORDINATOR)
    await tour.press("tab")
    await tour.write("ei tämä ole oikea")
    await tour.press("enter")
    tour.see("login refused", LoginScreen)


@scenario("tui.screens.first_admin.FirstAdminScreen", worker=None, database="empty")
async def first_start(tour: Tour) -> None:
    from tui.screens.first_admin import FirstAdminScreen

    await tour.see_with_help("first start", FirstAdminScreen)
    await tour.write("Pää Käyttäjä")
    await tour.press("tab")
    await tour.write("lyhyt")
    await tour.press("ctrl+s")
    tour.see("first start refused", FirstAdminScreen)


@scenario("tui.screens.lock.LockScreen")
async def lock(tour: Tour) -> None:
    from tui.screens.lock import LockScreen

    await tour.press("ctrl+l")
    await tour.see_with_help("lock", LockScreen)
    await tour.press("enter")
    tour.see("lock empty", LockScreen)
    await tour.write("ei tämä ole oikea")
    await tour.press("enter")
    tour.see("lock refused", LockScreen)


@scenario(
    "tui.screens.queue.QueueScreen",
    "tui.screens.confirm.ConfirmDiscard",
    "tui.screens.help.HelpScreen",  # F1 is taken on every screen that has it
    "tui.screens.callbacks.CallbacksScreen",
)
async def queue(tour: Tour) -> None:
    """The coordinator's queue: every state of a visit, the opening hours, callbacks."""
    from tui.screens.callbacks import CallbacksScreen
    from tui.screens.confirm import ConfirmDiscard
    from tui.screens.queue import QueueScreen

    await tour.see_with_help("queue", QueueScreen)
    await tour.queue_row(CLOSED_CLIENT)
    await tour.press("enter")  # a waiting visitor is called first
    tour.see("queue call first", QueueScreen)
    await tour.queue_row(INTERVIEW_CLIENT)
    await tour.dialog("queue leave unfinished", ("l",), ConfirmDiscard)
    await tour.dialog("queue callbacks", ("o",), CallbacksScreen)


@scenario("tui.screens.queue.QueueScreen", at=NOW + dt.timedelta(hours=6))
async def opening_hours(tour: Tour) -> None:
    """18.00 on Tuesday: walk-in has closed, and the queue says when it opens."""
    from tui.screens.queue import QueueScreen

    tour.see("queue after hours", QueueScreen)


@scenario("tui.screens.walk_in.WalkInScreen", "tui.screens.duplicate.DuplicateDialog")
async def walk_in(tour: Tour) -> None:
    from tui.screens.confirm import ConfirmDiscard
    from tui.screens.duplicate import DuplicateDialog
    from tui.screens.queue import QueueScreen
    from tui.screens.walk_in import WalkInScreen

    await tour.press("n")
    await tour.see_with_help("walk-in", WalkInScreen)
    await tour.write("Laine Leena")
    await tour.press("tab")
    await tour.write("290223-123A")
    await tour.press("ctrl+s")
    tour.see("walk-in refused", WalkInScreen)
    await tour.press("escape")
    await tour.see_with_help("walk-in discard", ConfirmDiscard)
    await tour.leave(QueueScreen)

    await tour.press("n")
    await tour.write(NETWORK_CLIENT)
    await tour.press("ctrl+s")
    await tour.see_with_help("walk-in duplicate", DuplicateDialog)
    await tour.press("enter")  # the existing client, who is waiting already
    await tour.see_with_help("walk-in second visit", ConfirmDiscard)
    await tour.press("enter")  # back to the form, nothing saved
    tour.see("walk-in picked", WalkInScreen)


@scenario("tui.screens.interview.InterviewScreen")
async def interview(tour: Tour) -> None:
    from tui.screens.interview import InterviewScreen

    await tour.queue_row(INTERVIEW_CLIENT)
    await tour.press("enter")
    await tour.see_with_help("interview", InterviewScreen)
    await tour.focus("outcome", "shift+tab")  # at the bottom: backwards is shorter
    await tour.press("down")
    await tour.press("enter")  # "referred": the service to pick shows
    tour.see("interview outcome", InterviewScreen)
    await tour.press("ctrl+s")
    tour.see("interview refused", InterviewScreen)


@scenario("tui.screens.search.SearchScreen")
async def search(tour: Tour) -> None:
    from tui.screens.search import SearchScreen

    await tour.press("f3")
    await tour.see_with_help("search", SearchScreen)
    await tour.write("qqxq")
    await tour.press("enter")
    await tour.pilot.pause(0.3)
    await tour.settle()
    tour.see("search nothing", SearchScreen)
    await tour.arrows("backspace", 4)
    await tour.write("virtanen")
    await tour.press("enter")
    await tour.pilot.pause(0.3)
    await tour.settle()
    await tour.see_with_help("search found", SearchScreen)


@scenario(
    "tui.screens.summary.SummaryScreen",
    "tui.screens.feedback_form.FeedbackForm",
    "tui.screens.contact_form.ContactForm",
    "tui.screens.callback_form.CallbackForm",
)
async def summary(tour: Tour) -> None:
    from tui.screens.callback_form import CallbackForm
    from tui.screens.contact_form import ContactForm
    from tui.screens.feedback_form import FeedbackForm
    from tui.screens.summary import SummaryScreen

    await tour.queue_row(NETWORK_CLIENT)
    await tour.press("s")
    await tour.see_with_help("summary", SummaryScreen)
    await tour.form("summary contact", ("y",), ContactForm)
    await tour.form("summary callback", ("t",), CallbackForm, save_empty=True)
    await tour.press("p")
    tour.see("summary no closure", SummaryScreen)
    await tour.press("escape")
    await tour.queue_row(CLOSED_CLIENT)
    await tour.press("s")
    tour.see("summary closed", SummaryScreen)
    await tour.form("summary feedback", ("p",), FeedbackForm, save_empty=True)


@scenario("tui.screens.joint_client.JointClientDialog")
async def joint_client(tour: Tour) -> None:
    from tui.screens.joint_client import JointClientDialog
    from tui.screens.summary import SummaryScreen

    await tour.queue_row(NETWORK_CLIENT)
    await tour.press("s")
    tour.on(SummaryScreen, "opening the summary")
    await tour.form("summary joint client", ("j",), JointClientDialog, save_empty=True)


@scenario("tui.screens.feedback.FeedbackReminder", "tui.screens.feedback_form.FeedbackForm")
async def feedback(tour: Tour) -> None:
    from tui.screens.feedback import FeedbackReminder
    from tui.screens.feedback_form import FeedbackForm
    from tui.screens.queue import QueueScreen

    await tour.queue_row(SERVED_CLIENT)
    await tour.form("visit feedback", ("p",), FeedbackForm, save_empty=True)
    await tour.queue_row(CLOSED_CLIENT)
    await tour.press("p")  # still waiting: nothing to give feedback on yet
    tour.see("visit feedback too early", QueueScreen)
    await tour.queue_row(UNSERVED_CLIENT)
    await tour.press("d")
    await tour.see_with_help("feedback instructions", FeedbackReminder)
    await tour.press("k")
    tour.see("feedback instructions given", QueueScreen)


async def _network(tour: Tour) -> None:
    from tui.screens.network import NetworkScreen

    await tour.queue_row(NETWORK_CLIENT)
    await tour.press("v")
    tour.on(NetworkScreen, "the network")


@scenario("tui.screens.network.NetworkScreen", "tui.screens.card.CardScreen")
async def network(tour: Tour) -> None:
    from tui.screens.card import CardScreen
    from tui.screens.network import NetworkScreen

    await _network(tour)
    await tour.see_with_help("network map", NetworkScreen)  # the keys are the same on each tab
    for key, tab in (("2", "members"), ("3", "plans"), ("4", "history")):
        await tour.press(key)
        tour.see(f"network {tab}", NetworkScreen)
    await tour.dialog("network card", ("k",), CardScreen)


@scenario(
    "tui.screens.directory.DirectoryPicker",
    "tui.screens.directory.ProfessionalForm",
)
async def directory(tour: Tour) -> None:
    from tui.screens.directory import DirectoryPicker, ProfessionalForm

    await _network(tour)
    await tour.press("a")
    await tour.see_with_help("directory", DirectoryPicker)
    await tour.write("lai")
    await tour.pilot.pause(0.3)
    await tour.settle()
    tour.see("directory found", DirectoryPicker)
    await tour.press("down")  # to the results, where e edits the highlighted one
    await tour.form("directory edit", ("e",), ProfessionalForm)
    await tour.press("shift+tab")  # back to the search
    await tour.arrows("backspace", 3)
    await tour.write("qqxq")
    await tour.pilot.pause(0.3)
    await tour.settle()
    tour.see("directory nothing", DirectoryPicker)
    await tour.form("directory new", ("ctrl+n",), ProfessionalForm, save_empty=True)


@scenario(
    "tui.screens.member_form.MemberForm",
    "tui.screens.case_manager.NameCaseManagerDialog",
    "tui.screens.case_manager.EndCaseManagementDialog",
)
async def network_members(tour: Tour) -> None:
    from tui.screens.case_manager import EndCaseManagementDialog, NameCaseManagerDialog
    from tui.screens.confirm import ConfirmDiscard
    from tui.screens.member_form import MemberForm
    from tui.screens.network import NetworkScreen

    await _network(tour)
    await tour.press("2")
    await tour.form("network close person", ("l",), MemberForm, save_empty=True)
    members = tour.app.screen.query_one("#members-table", DataTable)
    network_of = tour.app.screen
    assert isinstance(network_of, NetworkScreen) and network_of.network is not None
    names = [member.name for member in network_of.network.members]
    await tour.cursor_to(members, names.index("Laine Liisa"))
    await tour.form("network edit member", ("e",), MemberForm)
    await tour.dialog("network remove member", ("x",), ConfirmDiscard)
    await tour.form("network name case manager", ("c",), NameCaseManagerDialog, save_empty=True)
    await tour.form("network end case management", ("o",), EndCaseManagementDialog, save_empty=True)


@scenario(
    "tui.screens.plan_form.PlanForm",
    "tui.screens.plan_form.AssessmentForm",
    "tui.screens.pending_form.MakePendingForm",
    "tui.screens.pending_form.StartedForm",
    "tui.screens.propose.ProposeForm",
)
async def network_plans(tour: Tour) -> None:
    from tui.screens.confirm import ConfirmDiscard
    from tui.screens.pending_form import MakePendingForm, StartedForm
    from tui.screens.plan_form import AssessmentForm, PlanForm
    from tui.screens.propose import ProposeForm

    await _network(tour)
    await tour.press("3")
    await tour.form("network plan", ("p",), PlanForm, save_empty=True)
    await tour.form("network assessment", ("r",), AssessmentForm, save_empty=True)
    await tour.form("network pending", ("v",), MakePendingForm, save_empty=True)
    await tour.form("network started", ("s",), StartedForm)
    await tour.dialog("network allowance", ("h",), ConfirmDiscard)
    await tour.form("network propose", ("m",), ProposeForm, save_empty=True)


@scenario(
    "tui.screens.referral_forms.ReferralForm",
    "tui.screens.referral_forms.ReferralStateForm",
)
async def network_referrals(tour: Tour) -> None:
    from tui.screens.network import NetworkScreen
    from tui.screens.referral_forms import ReferralForm, ReferralStateForm

    await _network(tour)
    await tour.press("5")
    tour.see("network referrals", NetworkScreen)
    await tour.form("network refer", ("n",), ReferralForm, save_empty=True)
    await tour.form("network referral state", ("t",), ReferralStateForm, save_empty=True)


@scenario(
    "tui.screens.consent.ConsentScreen",
    "tui.screens.consent.GiveConsentForm",
    "tui.screens.consent.WithdrawConsentForm",
)
async def consent(tour: Tour) -> None:
    from tui.screens.consent import ConsentScreen, GiveConsentForm, WithdrawConsentForm

    await _network(tour)
    await tour.press("u")
    await tour.see_with_help("consents", ConsentScreen)
    await tour.form("consent give", ("a",), GiveConsentForm, save_empty=True)
    await tour.form("consent withdraw", ("x",), WithdrawConsentForm, save_empty=True)


@scenario("tui.screens.caseload.CaseloadScreen", "tui.screens.caseload.MoveCaseloadForm")
async def caseload(tour: Tour) -> None:
    from tui.screens.caseload import CaseloadScreen, MoveCaseloadForm
    from tui.screens.referral_forms import ReferralStateForm

    await tour.press("f7")
    await tour.see_with_help("caseload", CaseloadScreen)
    await tour.press("w", "enter")  # the list of workers opens
    tour.see("caseload workers", CaseloadScreen)
    await tour.press("escape")
    await tour.form("caseload move", ("m",), MoveCaseloadForm, save_empty=True)
    await tour.form("caseload referral state", ("l", "t"), ReferralStateForm)


@scenario(
    "tui.screens.catalogue.CatalogueScreen",
    "tui.screens.catalogue.ServiceForm",
    "tui.screens.catalogue.ConfirmActiveChange",
)
async def catalogue(tour: Tour) -> None:
    from tui.screens.catalogue import CatalogueScreen, ConfirmActiveChange, ServiceForm

    await tour.press("f6")
    await tour.see_with_help("catalogue", CatalogueScreen)
    await tour.form("catalogue add", ("a",), ServiceForm, save_empty=True)
    await tour.form("catalogue edit", ("e",), ServiceForm)
    await tour.dialog("catalogue out of use", ("x",), ConfirmActiveChange)


@scenario(
    "tui.screens.meetings.MeetingsScreen",
    "tui.screens.meetings.TeamForm",
    "tui.screens.meetings.MemberForm",
    "tui.screens.meetings.PlanMeetingsForm",
)
async def meetings(tour: Tour) -> None:
    from tui.screens.directory import DirectoryPicker
    from tui.screens.meetings import MeetingsScreen, MemberForm, PlanMeetingsForm, TeamForm

    await tour.press("f4")
    await tour.see_with_help("meetings", MeetingsScreen)
    await tour.press("w", "enter")  # the list of teams opens
    tour.see("meetings teams", MeetingsScreen)
    await tour.press("escape")
    await tour.form("meetings team", ("t",), TeamForm, save_empty=True)
    await tour.form("meetings plan", ("n",), PlanMeetingsForm, save_empty=True)
    await tour.press("j")
    tour.on(DirectoryPicker, "the directory from the meetings")
    await tour.write("koski")
    await tour.pilot.pause(0.3)
    await tour.settle()
    await tour.press("down", "enter")
    await tour.form("meetings member", (), MemberForm, back_on=MeetingsScreen)


async def _agenda(tour: Tour) -> None:
    from tui.screens.agenda_builder import AgendaBuilderScreen
    from tui.screens.meetings import MeetingsScreen

    await tour.press("f4")
    tour.on(MeetingsScreen, "the meetings")
    table = tour.app.screen.query_one("#meetings-table", DataTable)
    day = table.get_column_index("date")
    today = next(
        row
        for row in range(table.row_count)
        if str(table.get_row_at(row)[day]) == formats.date(NOW)
    )
    await tour.cursor_to(table, today)
    await tour.press("enter")
    tour.on(AgendaBuilderScreen, "the agenda builder")


@scenario(
    "tui.screens.agenda_builder.AgendaBuilderScreen", "tui.screens.agenda_builder.InviteesForm"
)
async def agenda_builder(tour: Tour) -> None:
    from tui.screens.agenda_builder import AgendaBuilderScreen, InviteesForm

    await _agenda(tour)
    await tour.see_with_help("agenda", AgendaBuilderScreen)
    await tour.press("tab")  # from the backlog to the agenda
    await tour.form("agenda invitees", ("i",), InviteesForm)
    await tour.press("o")
    tour.see("agenda ordered", AgendaBuilderScreen)
    await tour.press("e")
    tour.see("agenda exported", AgendaBuilderScreen)


@scenario(
    "tui.screens.meeting_mode.MeetingModeScreen",
    "tui.screens.meeting_dialogs.AttendanceForm",
    "tui.screens.meeting_dialogs.DecisionForm",
    "tui.screens.meeting_dialogs.ActionForm",
    "tui.screens.meeting_dialogs.CarryDialog",
    "tui.screens.meeting_dialogs.ClientViewForm",
    "tui.screens.meeting_dialogs.ReturnReasonsForm",
)
async def meeting_mode(tour: Tour) -> None:
    from domain.moti import ItemKind
    from tui.screens.meeting_dialogs import (
        ActionForm,
        AttendanceForm,
        CarryDialog,
        ClientViewForm,
        DecisionForm,
        ReturnReasonsForm,
    )
    from tui.screens.meeting_mode import MeetingModeScreen

    await _agenda(tour)
    await tour.press("m")
    await tour.see_with_help("meeting", MeetingModeScreen)
    await tour.form("meeting attendance", ("a",), AttendanceForm)
    await tour.form("meeting decision", ("d",), DecisionForm, save_empty=True)
    await tour.form("meeting action", ("t",), ActionForm, save_empty=True)
    screen = tour.app.screen
    assert isinstance(screen, MeetingModeScreen) and screen._view is not None
    lines = screen._view.lines
    client = next(index for index, line in enumerate(lines) if line.item.kind is ItemKind.CLIENT)
    await tour.press(*["n"] * client)
    await tour.form("meeting client view", ("o",), ClientViewForm)
    follow_up = next(index for index, line in enumerate(lines) if line.action is not None)
    await tour.press(*["n" if follow_up > client else "p"] * abs(follow_up - client))
    tour.see("meeting follow-up", MeetingModeScreen)
    await tour.form("meeting carry", ("c",), CarryDialog, save_empty=True)
    # The client item was not discussed: closing asks why it goes back to the backlog.
    await tour.form("meeting close", ("s",), ReturnReasonsForm)


@scenario("tui.screens.minutes.MinutesScreen")
async def minutes(tour: Tour) -> None:
    from domain.moti import MeetingState
    from tui.screens.meetings import MeetingsScreen
    from tui.screens.minutes import MinutesScreen

    await tour.press("f4")
    tour.on(MeetingsScreen, "the meetings")
    table = tour.app.screen.query_one("#meetings-table", DataTable)
    state = table.get_column_index("state")
    closed = next(
        row
        for row in range(table.row_count)
        if str(table.get_row_at(row)[state]) == MeetingState.CLOSED.label
    )
    await tour.cursor_to(table, closed)
    await tour.press("k")
    await tour.pilot.pause(0.3)
    await tour.settle()
    await tour.see_with_help("minutes", MinutesScreen)
    await tour.press("e")
    await tour.pilot.pause(0.3)
    await tour.settle()
    tour.see("minutes exported", MinutesScreen)


@scenario(
    "tui.screens.reports.ReportsScreen",
    "tui.screens.report_dialogs.DefinitionScreen",
    "tui.screens.report_dialogs.RangeForm",
    "tui.screens.report_dialogs.ExportChoice",
    worker=LEAD,
)
async def reports(tour: Tour) -> None:
    """A lead starts here; the queue behind it names no client."""
    from tui.screens.queue import QueueScreen
    from tui.screens.report_dialogs import DefinitionScreen, ExportChoice, RangeForm
    from tui.screens.reports import ReportsScreen

    await tour.see_with_help("reports", ReportsScreen)
    await tour.dialog("reports definition", ("i",), DefinitionScreen)
    await tour.form("reports range", ("a",), RangeForm, save_empty=True)
    await tour.dialog("reports export", ("e",), ExportChoice)
    await tour.press("t")
    tour.see("reports quarter", ReportsScreen)
    await tour.press("j")
    tour.see("reports team", ReportsScreen)
    await tour.press("f2")  # not a lead's: says whose work it is
    tour.see("reports refused key", ReportsScreen)
    await tour.press("escape")
    await tour.see_with_help("queue of a lead", QueueScreen)


@scenario(
    "tui.screens.accounts.AccountsScreen",
    "tui.screens.accounts.AddUserForm",
    "tui.screens.accounts.ResetPassphraseForm",
    worker=ADMIN,
)
async def accounts(tour: Tour) -> None:
    from tui.screens.accounts import AccountsScreen, AddUserForm, ResetPassphraseForm
    from tui.screens.confirm import ConfirmDiscard

    await tour.see_with_help("accounts", AccountsScreen)
    await tour.form("accounts add", ("a",), AddUserForm, save_empty=True)
    await tour.form("accounts reset", ("r",), ResetPassphraseForm, save_empty=True)
    await tour.dialog("accounts disable", ("x",), ConfirmDiscard)


@scenario("tui.commands.Palette")
async def palette(tour: Tour) -> None:
    from tui.commands import Palette

    await tour.press("ctrl+p")
    await tour.pilot.pause(0.3)
    await tour.settle()
    tour.see("palette", Palette)
    await tour.write("qqxq")
    await tour.pilot.pause(0.8)  # the palette says "no matches" after half a second
    await tour.settle()
    tour.see("palette nothing", Palette)


# Running one screen ---------------------------------------------------------------------


async def _walk(
    name: str, language: str, template: Path, folder: Path
) -> dict[str, dict[str, str | list[str]]]:
    chosen = SCENARIOS[name]
    copy = folder / f"{language}.db"
    shutil.copyfile(template, copy)
    settings = _settings(f"sqlite:///{copy}", language)
    app = make_app(settings, clock=FixedClock(chosen.at), acting_as=chosen.worker)
    # Notifications on: a notice is text a worker reads (Pilot leaves them out by default).
    async with app.run_test(size=SIZES[language], notifications=True) as pilot:
        tour = Tour(pilot, language)
        await tour.ready(chosen.started)
        await chosen.walk(tour)
    return tour.views


def run(name: str, seeded: Path, empty: Path) -> dict[str, object]:
    """Every language's walk through screen ``name``; what they showed, and what was missing."""
    chosen = SCENARIOS[name]
    template = seeded if chosen.database == "seeded" else empty
    views: dict[str, dict[str, dict[str, str | list[str]]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for language in LANGUAGES_FIRST_TO_LAST:
            set_language(language)
            try:
                views[language] = asyncio.run(_walk(name, language, template, Path(folder)))
            except TourLost as lost:
                raise TourLost(f"in {language}: {lost}") from None
    return {
        "views": views,
        "missing": sorted([list(pair) for pair in missing_translations()]),
    }


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.screen_language_driver")
    parser.add_argument("screen", choices=sorted(SCENARIOS))
    parser.add_argument("--seeded", type=Path, required=True, help="a database seed() filled")
    parser.add_argument("--empty", type=Path, required=True, help="a migrated, empty database")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    arguments = _arguments(argv)
    # Taken before Textual redirects sys.stdout for the app's lifetime.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    try:
        result = run(arguments.screen, arguments.seeded, arguments.empty)
    except TourLost as lost:
        print(f"{arguments.screen}: {lost}", file=sys.stderr)
        return 3
    json.dump(result, out, ensure_ascii=False)
    out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
