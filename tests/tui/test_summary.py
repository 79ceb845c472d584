"""The client summary, driven with keys only, and its picture at 120x40."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy.orm import Session
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from domain.case_management import EndReason
from domain.catalogue import ServiceInput
from domain.clock import FixedClock
from domain.identity import make_hetu
from domain.intake import ConcernLevel, DomainEntry, IntakeContent, LifeDomain, OutcomeKind
from domain.sectors import Sector
from domain.use_cases import reception
from domain.use_cases.catalogue import save_service
from domain.use_cases.interview import finish_intake
from domain.walk_in import WalkInInput
from storage.engine import build_engine
from storage.orm import CaseManagerRow
from tests.helpers import SIZE, AppFactory, client_of, settle, walk_in
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.queue import QueueScreen
from tui.screens.summary import SummaryScreen
from tui.settings import Settings

SnapCompare = Callable[..., bool]


def days_ago(clock: FixedClock, days: int) -> FixedClock:
    """A clock standing on an earlier day at the same time, for the client's history."""
    return FixedClock(clock.now() - dt.timedelta(days=days))


def visit_on(
    context: AppContext, at: FixedClock, form: WalkInInput, content: IntakeContent | None
) -> int:
    """A visit on the day ``at`` stands on: registered, called, and ended by an intake.

    Without ``content`` the visit is only registered and stays waiting.
    Returns the client's id.
    """
    visit = reception.register_walk_in(
        context.uow(), form, actor=context.actor, location=context.location, clock=at
    )
    assert visit.client_id is not None
    if content is not None:
        called = reception.call_next(
            context.uow(), actor=context.actor, location=context.location, clock=at
        )
        assert called is not None and called.id == visit.id
        finish_intake(context.uow(), visit.id, content, actor=context.actor, clock=at)
    return visit.client_id


def add_earlier_case_manager(settings: Settings, context: AppContext, client_id: int) -> None:
    """An ended assignment with dates in the past, written straight to storage.

    Sari is a Rinnalla user, so her directory entry is linked to her staff row.
    """
    with context.uow() as work:
        sari = work.staff.get_or_add("Sosiaaliohjaaja Sari")
        sari_entry = work.professionals.for_staff(sari, "Aikuissosiaalityö")
        work.commit()
    assert settings.database_url is not None
    engine = build_engine(settings.database_url)
    try:
        with Session(engine) as session:
            session.add(
                CaseManagerRow(
                    client_id=client_id,
                    professional_id=sari_entry.id,
                    interim=False,
                    started_at=dt.datetime(2025, 3, 3, 8, 0, tzinfo=dt.UTC),
                    started_by=sari.id,
                    ended_at=dt.datetime(2026, 1, 30, 12, 0, tzinfo=dt.UTC),
                    ended_by=sari.id,
                    end_reason=EndReason.NEED_ENDED,
                )
            )
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture
def returning_client(settings: Settings, context: AppContext, clock: FixedClock) -> int:
    """Three visits over half a year: a MOTI proposal, a referral, and today's visit waiting."""
    social_work = save_service(
        context.uow(),
        ServiceInput(name="Aikuissosiaalityö", sector=Sector.SOCIAL, contact="p. 020 123 4567"),
        actor=context.actor,
    )
    client_id = visit_on(
        context,
        days_ago(clock, 150),
        WalkInInput(
            name="Korhonen Kari",
            hetu=make_hetu(dt.date(1968, 2, 29), 123),
            reason="Toimeentulotuki",
        ),
        IntakeContent(
            domains={LifeDomain.INCOME: DomainEntry(level=ConcernLevel.SOME, note="Velkoja")},
            outcome=OutcomeKind.MOTI,
            moti_question="Kuka koordinoi asumisen ja velkaneuvonnan?",
        ),
    )
    visit_on(
        context,
        days_ago(clock, 70),
        WalkInInput(client_id=client_id, reason="Vuokrarästit"),
        IntakeContent(
            domains={
                LifeDomain.SERVICES: DomainEntry(level=ConcernLevel.NONE),
                LifeDomain.HOUSING: DomainEntry(
                    level=ConcernLevel.SERIOUS, note="Häätöuhka, vuokrarästit 3 kk"
                ),
                LifeDomain.INCOME: DomainEntry(
                    level=ConcernLevel.SOME, note="Ulosotossa, ei toimeentulotukipäätöstä"
                ),
                LifeDomain.HEALTH: DomainEntry(level=ConcernLevel.NONE),
                LifeDomain.RELATIONSHIPS: DomainEntry(level=ConcernLevel.NONE, note="Sisko"),
            },
            goals="Asunto pysyy, velat järjestykseen",
            resources="Sisko auttaa, käy kuntosalilla",
            language="suomi",
            outcome=OutcomeKind.REFERRED,
            referral_service_id=social_work.id,
        ),
    )
    visit_on(context, clock, WalkInInput(client_id=client_id, reason="Häätöpäätös tuli"), None)
    add_earlier_case_manager(settings, context, client_id)
    return client_id


def text_of(screen: SummaryScreen, selector: str) -> str:
    """What a section shows, as plain text with its spacing collapsed."""
    widget = screen.query_one(selector, Static)
    console = Console(width=max(widget.size.width, 40), file=io.StringIO(), record=True)
    console.print(widget.content)
    return " ".join(console.export_text().split())


def visit_rows(screen: SummaryScreen) -> list[list[str]]:
    table = screen.query_one("#summary-visits", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def settled(pilot: Pilot[Any]) -> None:
    """``settle`` for any app type (the conftest helper is typed for ``Pilot[None]``)."""
    await settle(pilot)


async def open_summary(pilot: Pilot[Any], client_id: int) -> SummaryScreen:
    await settle(pilot)
    screen = SummaryScreen(client_id)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_visits_newest_first_with_outcomes_and_targets(
    new_app: AppFactory, returning_client: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot, returning_client)
        assert app.screen is screen
        assert screen.title == "Asiakkaan yhteenveto"
        assert visit_rows(screen) == [
            ["24.11.2026", "12.00", "Häätöpäätös tuli", "Odottaa", "–", "–"],
            [
                "15.9.2026",
                "13.00",
                "Vuokrarästit",
                "Palveltu",
                "Ohjattu palveluun",
                "Aikuissosiaalityö",
            ],
            [
                "27.6.2026",
                "13.00",
                "Toimeentulotuki",
                "Palveltu",
                "Esitetään: MOTI-tiimi",
                "Kuka koordinoi asumisen ja velkaneuvonnan?",
            ],
        ]
        assert "Käynnit (3)" in text_of(screen, "#summary-visits-title")
        assert "Korhonen Kari · 290268-****" in text_of(screen, "#summary-client")


async def test_newest_intake_shows_concerns_with_notes_and_summarises_the_rest(
    new_app: AppFactory, returning_client: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot, returning_client)
        intake = text_of(screen, "#summary-intake")
        assert intake.startswith("Viimeisin tilannekartoitus 15.9.2026 · Vastaanotto Veera")
        assert "● Asuminen Vakava huoli – Häätöuhka, vuokrarästit 3 kk" in intake
        assert "◐ Toimeentulo Jonkin verran huolta – Ulosotossa" in intake
        # The serious concern comes before the lesser one.
        assert intake.index("Asuminen") < intake.index("Toimeentulo")
        assert "○ Ei huolta Palvelut käytössä, Terveys, Ihmissuhteet" in intake
        assert "· Ei käsitelty Työllisyys, Työkyky, Arjen toimintakyky, Muu" in intake
        assert "Sisko" not in intake.split("Tavoitteet")[0]  # quiet domains: names only
        assert "Tavoitteet Asunto pysyy, velat järjestykseen" in intake
        assert "Voimavarat Sisko auttaa, käy kuntosalilla" in intake
        assert "Kieli suomi" in intake
        assert "Lopputulos Ohjattu palveluun: Aikuissosiaalityö" in intake
        # The older MOTI intake is in the visit table, not here.
        assert "Velkoja" not in intake


async def test_case_manager_now_and_before(new_app: AppFactory, returning_client: int) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot, returning_client)
        managers = text_of(screen, "#summary-case-manager")
        assert "Nyt Vastaanotto Veera (väliaikainen) · 27.6.2026 alkaen" in managers
        assert "Aiemmin Sosiaaliohjaaja Sari · 3.3.2025–30.1.2026" in managers


@pytest.mark.parametrize("outcome", [OutcomeKind.COORDINATOR, OutcomeKind.MOTI])
async def test_finishing_with_follow_up_names_the_worker_interim_case_manager(
    new_app: AppFactory, context: AppContext, clock: FixedClock, outcome: OutcomeKind
) -> None:
    client_id = visit_on(
        context,
        clock,
        WalkInInput(name="Laine Liisa", birth_year="1985"),
        IntakeContent(outcome=outcome, moti_question="Kuka vastaa?"),
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot, client_id)
        assert "Laine Liisa · 1985" in text_of(screen, "#summary-client")
        managers = text_of(screen, "#summary-case-manager")
        assert "Nyt Vastaanotto Veera (väliaikainen) · 24.11.2026 alkaen" in managers
        assert "Aiemmin" not in managers
        assert f"Lopputulos {outcome.label}" in text_of(screen, "#summary-intake")


async def test_a_new_client_gets_friendly_lines_not_empty_sections(
    new_app: AppFactory, context: AppContext
) -> None:
    client_id = client_of(context, walk_in(context, name="Uusi Ulla"))
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot, client_id)
        # The client's id is on the first line, for `rinnalla card` and `audit client`.
        assert text_of(screen, "#summary-client") == f"Uusi Ulla · asiakas {client_id}"
        assert "Nyt Ei asiakasvastaavaa" in text_of(screen, "#summary-case-manager")
        assert "Ei tilannekartoituksia." in text_of(screen, "#summary-intake")
        assert visit_rows(screen)[0][3:] == ["Odottaa", "–", "–"]


async def test_typed_text_is_shown_literally(
    new_app: AppFactory, context: AppContext, clock: FixedClock
) -> None:
    client_id = visit_on(
        context,
        clock,
        WalkInInput(name="[b]x[/b]", reason="[red]Velat[/red]"),
        IntakeContent(
            domains={LifeDomain.HEALTH: DomainEntry(level=ConcernLevel.SERIOUS, note="[i]n[/i]")},
            goals="[bold]oma[/bold]",
            outcome=OutcomeKind.ADVICE,
        ),
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot, client_id)
        assert text_of(screen, "#summary-client") == f"[b]x[/b] · asiakas {client_id}"
        intake = text_of(screen, "#summary-intake")
        assert "Vakava huoli – [i]n[/i]" in intake
        assert "Tavoitteet [bold]oma[/bold]" in intake
        assert visit_rows(screen)[0][2] == "[red]Velat[/red]"


async def test_escape_goes_back_and_page_down_scrolls(
    new_app: AppFactory, returning_client: int
) -> None:
    app = new_app()
    async with app.run_test(size=(100, 16)) as pilot:
        screen = await open_summary(pilot, returning_client)
        body = screen.query_one("#summary-body", VerticalScroll)
        assert app.focused is body
        assert body.max_scroll_y > 0
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, QueueScreen)


async def test_english_with_lang_en(new_app: AppFactory, returning_client: int) -> None:
    app: RinnallaApp = new_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot, returning_client)
        assert screen.title == "Client summary"
        table = screen.query_one("#summary-visits", DataTable)
        headers = [str(column.label) for column in table.columns.values()]
        assert headers == ["Date", "Time", "Reason", "State", "Outcome", "Referral or question"]
        assert visit_rows(screen)[1][3:] == ["Served", "Referred to a service", "Aikuissosiaalityö"]
        managers = text_of(screen, "#summary-case-manager")
        assert "Now Vastaanotto Veera (interim) · since 27/06/2026" in managers
        assert "Before Sosiaaliohjaaja Sari" in managers
        intake = text_of(screen, "#summary-intake")
        assert "● Housing Serious concern – Häätöuhka" in intake
        assert "○ No concern Services in use, Health, Relationships" in intake
        assert "Outcome Referred to a service: Aikuissosiaalityö" in intake
        assert "Visits (3)" in text_of(screen, "#summary-visits-title")
        descriptions = {b.binding.description for b in screen.active_bindings.values()}
        assert "Back" in descriptions


def test_summary_picture(
    snap_compare: SnapCompare, new_app: AppFactory, returning_client: int
) -> None:
    async def open_it(pilot: Pilot[None]) -> None:
        await open_summary(pilot, returning_client)

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=open_it)
