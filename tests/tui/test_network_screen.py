"""The network view with keys only: warnings, the map, the list, the one case manager."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Markdown, Static

from domain.case_management import EndReason
from domain.clock import FixedClock
from domain.intake import LifeDomain
from domain.network import (
    AssessmentInput,
    MemberInput,
    NetworkRole,
    PlanInput,
    PlanKind,
    Professional,
    ProfessionalInput,
)
from domain.sectors import Sector
from domain.use_cases import coordination
from tests.helpers import SIZE, AppFactory, Download, settle, type_text, walk_in
from tui.context import AppContext
from tui.screens.card import CardScreen
from tui.screens.case_manager import EndCaseManagementDialog, NameCaseManagerDialog
from tui.screens.feedback import FeedbackReminder
from tui.screens.network import NetworkScreen
from tui.widgets.warnings_box import WarningsBox


def professional(
    context: AppContext, name: str, title: str, organisation: str, sector: Sector
) -> Professional:
    return coordination.save_professional(
        context.uow(),
        ProfessionalInput(
            name=name, title=title, organisation=organisation, sector=sector, phone="040 000 0000"
        ),
        actor=context.actor,
    )


@pytest.fixture
def client_id(context: AppContext) -> int:
    """A client with a visit today, a network of four and no case manager."""
    visit_id = walk_in(context, name="Virtanen [b]Matti[/b]", birth_year="1985")
    with context.uow() as work:
        client = work.visits.get(visit_id).client_id
    assert client is not None
    social = professional(
        context, "Laine Liisa", "sosiaaliohjaaja", "Aikuissosiaalityö", Sector.SOCIAL
    )
    health = professional(
        context, "Nieminen Noora", "terveydenhoitaja", "Terveysasema", Sector.HEALTH
    )
    typ = professional(context, "Koski Kari", "työvalmentaja", "TYP Lappeenranta", Sector.TYP)
    members = [
        (social, {NetworkRole.NAMED_WORKER}, "toimeentulotuki"),
        (health, set(), ""),
        (typ, {NetworkRole.CONTACT}, "työkokeilu"),
    ]
    for entry, roles, responsibility in members:
        coordination.save_member(
            context.uow(),
            MemberInput(
                client_id=client,
                professional_id=entry.id,
                roles=frozenset(roles),
                responsibility=responsibility,
            ),
            actor=context.actor,
        )
    coordination.save_member(
        context.uow(),
        MemberInput(client_id=client, close_name="Virtanen Aino", relation="sisar"),
        actor=context.actor,
    )
    coordination.add_plan(
        context.uow(),
        PlanInput(
            client_id=client,
            kind=PlanKind.ACTIVATION,
            organisation="Aikuissosiaalityö",
            made_on=dt.date(2026, 9, 1),
        ),
        actor=context.actor,
    )
    coordination.add_assessment(
        context.uow(),
        AssessmentInput(
            client_id=client,
            domain=LifeDomain.WORK_ABILITY,
            assessor="lääkäri",
            organisation="Terveysasema",
            made_on=dt.date(2026, 8, 3),
        ),
        actor=context.actor,
    )
    return client


async def open_network(pilot: Pilot[None], client_id: int) -> NetworkScreen:
    await settle(pilot)
    screen = NetworkScreen(client_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def warnings(screen: NetworkScreen) -> str:
    return str(screen.query_one("#network-warnings", Static).render())


def member_names(screen: NetworkScreen) -> list[str]:
    table = screen.query_one("#members-table", DataTable)
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


async def test_naming_a_case_manager_clears_the_warning(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, client_id)
        assert "Ei asiakasvastaavaa, vaikka asiakas on käynyt 24.11.2026" in warnings(screen)
        assert "EI ASIAKASVASTAAVAA" in str(screen.query_one("#ecomap", Static).render())
        await pilot.press("2", "down")  # the list; Nieminen Noora
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, NameCaseManagerDialog)
        await type_text(pilot, "tiimin päätös")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Ei asiakasvastaavaa" not in warnings(screen)
        assert member_names(screen)[1] == "★ Nieminen Noora"
        ecomap = str(screen.query_one("#ecomap", Static).render())
        assert "ASIAKASVASTAAVA: Nieminen Noora" in ecomap
    network = coordination.open_network(context.uow(), client_id, actor=context.actor)
    assert network.case_manager is not None
    assert network.case_manager.professional.name == "Nieminen Noora"


async def test_replacing_and_ending_keep_the_history(
    new_app: AppFactory, context: AppContext, client_id: int, clock: FixedClock
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, client_id)
        await pilot.press("2", "c", "enter")  # Laine Liisa, no reason: refused at the field
        await settle(pilot)
        assert isinstance(app.screen, NameCaseManagerDialog)
        error = str(app.screen.query_one("#note-error", Static).render())
        assert error == "Kirjoita peruste, miksi asiakasvastaava nimetään."
        await type_text(pilot, "tuntee perheen")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        clock.advance(days=3)
        await pilot.press("down", "c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NameCaseManagerDialog)
        texts = " ".join(str(widget.render()) for widget in dialog.query(".dialog-text"))
        assert "Nykyinen asiakasvastaava Laine Liisa päättyy samalla" in texts
        await type_text(pilot, "siirtyi terveyspalveluihin")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, EndCaseManagementDialog)
        await pilot.press("ctrl+s")  # no reason chosen: refused at the field
        await settle(pilot)
        assert "Valitse syy" in str(app.screen.query_one("#reason-error", Static).render())
        await pilot.press("enter", "ctrl+s")  # the first reason: need ended jointly
        await settle(pilot)
        # Nobody ticked as taking part: refused, the cursor on the client's box.
        participants = str(app.screen.query_one("#participants-error", Static).render())
        assert participants.startswith("Valitse, ketkä osallistuivat päätökseen")
        assert app.focused is app.screen.query_one("#taking-part-client")
        await pilot.press("space", "ctrl+s")  # the client took part
        await settle(pilot)
        # R10: the closure asks whether the feedback instructions were handed over.
        assert isinstance(app.screen, FeedbackReminder)
        await pilot.press("k")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("4")
        await settle(pilot)
        history = screen.query_one("#history-table", DataTable)
        reasons = [history.get_row_at(i)[3].plain for i in range(history.row_count)]
        assert reasons == [
            "Tarve päättyi yhdessä sopien · Nimetty: siirtyi terveyspalveluihin"
            " · Päätöksessä mukana: Asiakas",
            "Uusi asiakasvastaava nimettiin: siirtyi terveyspalveluihin · Nimetty: tuntee perheen",
        ]
        header = str(screen.query_one("#network-client", Static).render())
        assert "Aiempi asiakasvastaava: Nieminen Noora" in header
    network = coordination.open_network(context.uow(), client_id, actor=context.actor)
    assert network.case_manager is None
    assert [v.assignment.end_reason for v in network.history] == [
        EndReason.NEED_ENDED,
        EndReason.REPLACED,
    ]
    assert network.history[0].assignment.feedback_given is True


async def test_a_close_person_cannot_be_named(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, client_id)
        await pilot.press("2", "down", "down", "down", "c")
        await settle(pilot)
        assert app.screen is screen
        assert "Läheinen ei voi olla" in str(screen.query_one("#network-status", Static).render())


async def test_removing_a_member_asks_first(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, client_id)
        await pilot.press("2", "down", "down", "down", "x")
        await settle(pilot)
        await pilot.press("enter")  # the focused choice keeps the member
        await settle(pilot)
        assert "Virtanen Aino" in member_names(screen)
        await pilot.press("x", "tab", "enter")
        await settle(pilot)
        assert "Virtanen Aino" not in member_names(screen)


async def test_contacts_card_from_a_key(
    new_app: AppFactory,
    context: AppContext,
    client_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tui.export_delivery.documents_folder", lambda: tmp_path)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_network(pilot, client_id)
        await pilot.press("2", "c", *"sovittu", "enter")  # Laine Liisa becomes case manager
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, CardScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = tmp_path / f"rinnalla-yhteystiedot-{client_id}-fi.md"
    text = saved.read_text(encoding="utf-8")
    assert "**Laine Liisa**" in text
    assert "040 000 0000" in text
    assert "Virtanen Aino" not in text  # close people are not on the card
    assert saved.stat().st_mode & 0o777 == 0o600


async def test_the_card_is_saved_in_the_clients_language_and_the_screens_stay_finnish(
    new_app: AppFactory,
    context: AppContext,
    client_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tui.export_delivery.documents_folder", lambda: tmp_path)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, client_id)
        await pilot.press("k")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, CardScreen)
        assert str(card.query_one("#card-language", Static).render()) == "Kortin kieli: suomi"
        await pilot.press("l")  # the next language Rinnalla has
        await settle(pilot)
        assert str(card.query_one("#card-language", Static).render()) == "Kortin kieli: English"
        await pilot.press("ctrl+s", "l")
        await settle(pilot)
        language_line = str(card.query_one("#card-language", Static).render())
        assert language_line == "Kortin kieli: svenska"  # said in the worker's language
        shown = card.query_one("#card-markdown", Markdown).source
        assert shown.startswith("# Mina kontaktuppgifter\n")
        await pilot.press("ctrl+s", "l")  # and round to suomi again
        await settle(pilot)
        assert str(card.query_one("#card-language", Static).render()) == "Kortin kieli: suomi"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert "Verkosto" in str(app.screen.title)  # the worker's screens stay Finnish
    swedish = (tmp_path / f"rinnalla-yhteystiedot-{client_id}-sv.md").read_text(encoding="utf-8")
    assert swedish.startswith("# Mina kontaktuppgifter\n")
    assert "- **Laine Liisa** · Egen kontaktperson · toimeentulotuki" in swedish
    assert "_Utskrivet 24 november 2026_" in swedish
    english = (tmp_path / f"rinnalla-yhteystiedot-{client_id}-en.md").read_text(encoding="utf-8")
    assert english.startswith("# My contacts\n")
    assert not (tmp_path / f"rinnalla-yhteystiedot-{client_id}-fi.md").exists()


def test_map(
    snap_compare: object, new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    async def show(pilot: Pilot[None]) -> None:
        await open_network(pilot, client_id)

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=show)  # type: ignore[operator]


def test_list(
    snap_compare: object, new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    async def show(pilot: Pilot[None]) -> None:
        await open_network(pilot, client_id)
        await pilot.press("2", "c", *"sovittu", "enter")
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=show)  # type: ignore[operator]


async def test_a_professional_from_the_directory_becomes_case_manager(
    new_app: AppFactory, context: AppContext
) -> None:
    """Keys only: a, find in the directory, add, c, and the warning is gone."""
    visit_id = walk_in(context, name="Uusi Asiakas")
    with context.uow() as work:
        client = work.visits.get(visit_id).client_id
    assert client is not None
    professional(context, "Salonen Sari", "sosiaalityöntekijä", "Aikuissosiaalityö", Sector.SOCIAL)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, client)
        assert "Ei asiakasvastaavaa" in warnings(screen)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "salonen")
        await pilot.press("enter")  # search now and go to the results
        await settle(pilot)
        await pilot.press("enter")  # pick Salonen Sari
        await settle(pilot)
        await type_text(pilot, "toimeentulotuki")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert member_names(screen) == ["Salonen Sari"]
        await pilot.press("c")
        await settle(pilot)
        await type_text(pilot, "tiimin päätös")
        await pilot.press("enter")
        await settle(pilot)
        assert "Ei asiakasvastaavaa" not in warnings(screen)
        assert member_names(screen) == ["★ Salonen Sari"]


async def test_a_client_is_proposed_to_the_moti_team_from_the_network(
    new_app: AppFactory, context: AppContext, client_id: int, clock: FixedClock
) -> None:
    from domain.use_cases.meetings import backlog, create_team

    team = create_team(context.uow(), "MOTI Lappeenranta", actor=context.actor)
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, client_id)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("ctrl+s")  # no question yet: refused at the field
        await settle(pilot)
        assert "Kirjoita kysymys" in str(app.screen.query_one("#question-error", Static).render())
        await type_text(pilot, "Kuka koordinoi?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "Kuka koordinoi?" in str(screen.query_one("#network-status", Static).render())
    (waiting,) = backlog(context.uow(), team.id, actor=context.actor, clock=clock)
    assert waiting.client.id == client_id
    assert waiting.proposal.question == "Kuka koordinoi?"


@pytest.fixture
def crowded_client(context: AppContext, client_id: int) -> int:
    """Four warnings: no case manager, two coordinators, overlapping plans and
    overlapping assessments of work ability."""
    coordinator = professional(
        context, "Salo Sari", "koordinaattori", "Kuntoutusyksikkö", Sector.HEALTH
    )
    responsible = professional(
        context, "Aho Anni", "sosiaalityöntekijä", "Aikuissosiaalityö", Sector.SOCIAL
    )
    for entry, roles in ((coordinator, set()), (responsible, {NetworkRole.RESPONSIBLE_WORKER})):
        coordination.save_member(
            context.uow(),
            MemberInput(client_id=client_id, professional_id=entry.id, roles=frozenset(roles)),
            actor=context.actor,
        )
    coordination.add_plan(
        context.uow(),
        PlanInput(
            client_id=client_id,
            kind=PlanKind.EMPLOYMENT,
            organisation="TYP Lappeenranta",
            made_on=dt.date(2026, 10, 1),
        ),
        actor=context.actor,
    )
    coordination.add_assessment(
        context.uow(),
        AssessmentInput(
            client_id=client_id,
            domain=LifeDomain.WORK_ABILITY,
            assessor="työkykykoordinaattori",
            organisation="TYP Lappeenranta",
            made_on=dt.date(2026, 10, 3),
        ),
        actor=context.actor,
    )
    return client_id


async def test_at_80x24_the_warnings_scroll_and_say_how_many_are_below(
    new_app: AppFactory, crowded_client: int
) -> None:
    """Issue 18: a fourth warning was not drawn at 80×24, and nothing said so."""
    async with new_app().run_test(size=(80, 24)) as pilot:
        screen = await open_network(pilot, crowded_client)
        assert warnings(screen).count("⚠") == 4
        box = screen.query_one("#network-warnings-box", WarningsBox)
        more = screen.query_one(".warnings-more", Static)
        assert more.display
        said = str(more.render())
        assert re.fullmatch(r"▼ \d varoitusta lisää: Sarkain, sitten ↓", said), said
        for _ in range(8):  # Tab reaches the warnings, since some are out of sight
            if pilot.app.focused is box:
                break
            await pilot.press("tab")
        assert pilot.app.focused is box
        await pilot.press("end")
        await settle(pilot)
        assert box.scroll_y == box.max_scroll_y > 0
        assert not more.display  # the last warning shows: nothing more below
        await pilot.press("home")
        await settle(pilot)
        assert more.display and str(more.render()) == said


async def test_at_120x40_four_warnings_fit_without_a_mark(
    new_app: AppFactory, crowded_client: int
) -> None:
    async with new_app().run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, crowded_client)
        assert warnings(screen).count("⚠") == 4
        assert not screen.query_one(".warnings-more", Static).display
        assert not screen.query_one("#network-warnings-box", WarningsBox).can_focus


async def test_in_a_browser_the_card_is_a_download_and_nothing_is_left_on_the_server(
    new_app: AppFactory,
    context: AppContext,
    client_id: int,
    in_a_browser: list[Download],
    tmp_path: Path,
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_network(pilot, client_id)
        await pilot.press("2", "c", *"sovittu", "enter")  # Laine Liisa becomes case manager
        await settle(pilot)
        await pilot.press("k", "ctrl+s")
        await settle(pilot)
        status = str(app.screen.query_one("#card-status", Static).render())
    name = f"rinnalla-yhteystiedot-{client_id}-fi.md"
    assert [(d.name, d.mime_type) for d in in_a_browser] == [(name, "text/markdown")]
    assert "**Laine Liisa**" in in_a_browser[0].data.decode("utf-8")
    assert status == f"Lähetetty selaimeen ladattavaksi: {name}"
    assert not (tmp_path / "server-docs").exists()
