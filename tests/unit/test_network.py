"""Network input rules (SHL 42 §, close people, dates) and the client's contacts card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from domain.case_management import (
    ENDING_REASONS,
    NOTE_MAX,
    CaseManagerAssignment,
    EndReason,
    check_end_note,
)
from domain.clients import Client
from domain.contacts_card import render_contacts_card
from domain.errors import InvalidInput
from domain.i18n import current_language, set_language, tr
from domain.identity import make_hetu, parse_hetu
from domain.intake import LifeDomain
from domain.network import (
    TEXT_MAX,
    AssessmentInput,
    AssessmentKind,
    AssignmentView,
    ClientNetwork,
    MemberInput,
    NetworkMember,
    NetworkRole,
    PlanInput,
    PlanKind,
    Professional,
    ProfessionalInput,
)
from domain.sectors import Sector
from tests.conftest import NOW

TODAY = dt.date(2026, 11, 24)
HETU = parse_hetu(make_hetu(dt.date(1968, 2, 29), 123))


def professional(
    pid: int,
    name: str = "Sari Sosiaaliohjaaja",
    sector: Sector = Sector.SOCIAL,
    *,
    title: str = "Sosiaaliohjaaja",
    organisation: str = "Aikuissosiaalityö",
    phone: str = "",
    email: str = "",
) -> Professional:
    return Professional(
        id=pid,
        name=name,
        title=title,
        organisation=organisation,
        sector=sector,
        phone=phone,
        email=email,
    )


def refused_fields(entry: MemberInput, who: Professional | None) -> set[str]:
    with pytest.raises(InvalidInput) as caught:
        entry.checked(who)
    return set(caught.value.fields)


# MemberInput: the named worker (SHL 42 §) ------------------------------------------


def test_a_social_welfare_professional_may_be_the_named_worker() -> None:
    entry = MemberInput(
        client_id=1,
        professional_id=1,
        roles=frozenset({NetworkRole.NAMED_WORKER}),
        responsibility=" Toimeentulotuki ",
    )
    checked = entry.checked(professional(1))
    assert checked.roles == frozenset({NetworkRole.NAMED_WORKER})
    assert checked.responsibility == "Toimeentulotuki"


def test_a_health_care_named_worker_needs_a_justification() -> None:
    entry = MemberInput(client_id=1, professional_id=2, roles=frozenset({NetworkRole.NAMED_WORKER}))
    with pytest.raises(InvalidInput) as caught:
        entry.checked(professional(2, "Pekka Psykiatri", Sector.HEALTH))
    assert caught.value.fields == {"justification": tr("network.justification_missing")}


def test_a_control_character_is_no_justification() -> None:
    entry = MemberInput(
        client_id=1,
        professional_id=2,
        roles=frozenset({NetworkRole.NAMED_WORKER}),
        justification=" \x00\x1b[2J ",
    )
    assert refused_fields(entry, professional(2, sector=Sector.HEALTH)) == {"justification"}


def test_a_health_care_named_worker_with_a_justification_is_accepted() -> None:
    entry = MemberInput(
        client_id=1,
        professional_id=2,
        roles=frozenset({NetworkRole.NAMED_WORKER}),
        justification="Hoitosuhde psykiatrian poliklinikalla\x07",
    )
    checked = entry.checked(professional(2, "Pekka Psykiatri", Sector.HEALTH))
    assert checked.roles == frozenset({NetworkRole.NAMED_WORKER})
    assert checked.justification == "Hoitosuhde psykiatrian poliklinikalla"


@pytest.mark.parametrize("sector", [s for s in Sector if s not in (Sector.SOCIAL, Sector.HEALTH)])
def test_other_sectors_cannot_be_the_named_worker(sector: Sector) -> None:
    entry = MemberInput(
        client_id=1,
        professional_id=3,
        roles=frozenset({NetworkRole.NAMED_WORKER}),
        justification="Tuntee asiakkaan parhaiten",
    )
    with pytest.raises(InvalidInput) as caught:
        entry.checked(professional(3, "Tiina Työvalmentaja", sector))
    assert caught.value.fields == {"roles": tr("network.named_worker_sector")}


@pytest.mark.parametrize("sector", [Sector.EMPLOYMENT, Sector.KELA, Sector.TYP])
def test_other_sectors_may_be_responsible_workers(sector: Sector) -> None:
    entry = MemberInput(
        client_id=1, professional_id=3, roles=frozenset({NetworkRole.RESPONSIBLE_WORKER})
    )
    assert entry.checked(professional(3, sector=sector)).roles == frozenset(
        {NetworkRole.RESPONSIBLE_WORKER}
    )


def test_the_justification_is_dropped_when_not_the_named_worker() -> None:
    entry = MemberInput(
        client_id=1,
        professional_id=2,
        roles=frozenset({NetworkRole.RESPONSIBLE_WORKER}),
        justification="Ei kuulu tähän",
    )
    checked = entry.checked(professional(2, sector=Sector.HEALTH))
    assert checked.justification == ""
    assert checked.roles == frozenset({NetworkRole.RESPONSIBLE_WORKER})


def test_the_case_manager_role_is_dropped() -> None:
    entry = MemberInput(
        client_id=1,
        professional_id=1,
        roles=frozenset({NetworkRole.CASE_MANAGER, NetworkRole.CONTACT}),
    )
    assert entry.checked(professional(1)).roles == frozenset({NetworkRole.CONTACT})


def test_a_close_person_named_case_manager_is_just_dropped_not_refused() -> None:
    entry = MemberInput(
        client_id=1,
        close_name="Sirpa",
        relation="sisar",
        roles=frozenset({NetworkRole.CASE_MANAGER}),
    )
    assert entry.checked(None).roles == frozenset()


# MemberInput: close people and dates ---------------------------------------------


def test_a_close_person_needs_a_name_and_a_relation() -> None:
    entry = MemberInput(client_id=1, close_name=" \x00 ", relation="")
    with pytest.raises(InvalidInput) as caught:
        entry.checked(None)
    assert caught.value.fields == {
        "close_name": tr("network.name_missing"),
        "relation": tr("network.relation_missing"),
    }


def test_a_close_person_with_name_and_relation_is_accepted() -> None:
    entry = MemberInput(
        client_id=1,
        close_name="[b]Sirpa[/b]\x1b[31m",
        relation=" sisar ",
        roles=frozenset({NetworkRole.CONTACT}),
    )
    checked = entry.checked(None)
    assert (checked.close_name, checked.relation) == ("[b]Sirpa[/b]", "sisar")
    assert checked.roles == frozenset({NetworkRole.CONTACT})


@pytest.mark.parametrize("role", [NetworkRole.NAMED_WORKER, NetworkRole.RESPONSIBLE_WORKER])
def test_a_close_person_can_only_be_a_contact(role: NetworkRole) -> None:
    entry = MemberInput(
        client_id=1,
        close_name="Sirpa",
        relation="sisar",
        roles=frozenset({role, NetworkRole.CONTACT}),
    )
    with pytest.raises(InvalidInput) as caught:
        entry.checked(None)
    assert caught.value.fields == {"roles": tr("network.close_person_role")}


def test_a_professional_needs_no_close_name_or_relation() -> None:
    checked = MemberInput(client_id=1, professional_id=1).checked(professional(1))
    assert (checked.close_name, checked.relation) == ("", "")


def test_the_end_date_may_not_be_before_the_start() -> None:
    entry = MemberInput(
        client_id=1, professional_id=1, since=TODAY, until=TODAY - dt.timedelta(days=1)
    )
    with pytest.raises(InvalidInput) as caught:
        entry.checked(professional(1))
    assert caught.value.fields == {"until": tr("network.until_before_since")}


def test_a_one_day_membership_is_accepted() -> None:
    entry = MemberInput(client_id=1, professional_id=1, since=TODAY, until=TODAY)
    checked = entry.checked(professional(1))
    assert (checked.since, checked.until) == (TODAY, TODAY)


def test_too_long_responsibility_is_refused() -> None:
    entry = MemberInput(client_id=1, professional_id=1, responsibility="x" * (TEXT_MAX + 1))
    assert refused_fields(entry, professional(1)) == {"responsibility"}
    fits = MemberInput(client_id=1, professional_id=1, responsibility="x" * TEXT_MAX)
    assert fits.checked(professional(1)).responsibility == "x" * TEXT_MAX


def test_every_bad_field_is_named_at_once() -> None:
    entry = MemberInput(
        client_id=1,
        close_name="",
        relation="",
        since=TODAY,
        until=TODAY - dt.timedelta(days=3),
        roles=frozenset({NetworkRole.RESPONSIBLE_WORKER}),
    )
    assert refused_fields(entry, None) == {"close_name", "relation", "until", "roles"}


# ProfessionalInput ------------------------------------------------------------------


def test_a_professional_needs_a_name_and_an_organisation() -> None:
    with pytest.raises(InvalidInput) as caught:
        ProfessionalInput(name=" ", organisation="\x00", sector=Sector.SOCIAL).checked()
    assert caught.value.fields == {
        "name": tr("network.name_missing"),
        "organisation": tr("network.organisation_missing"),
    }


def test_a_professional_is_cleaned_of_control_characters() -> None:
    entry = ProfessionalInput(
        name="\x1b[31mAino\x00 Asiakasvastaava\x1b[0m",
        title="Asiakas-\nvastaava",
        organisation="  Aikuissosiaalityö\t",
        sector=Sector.SOCIAL,
        phone="040\x07 123 4567",
        email="aino@example.fi\r\n",
    ).checked()
    assert entry.name == "Aino Asiakasvastaava"
    assert entry.title == "Asiakas- vastaava"
    assert entry.organisation == "Aikuissosiaalityö"
    assert entry.phone == "040 123 4567"
    assert entry.email == "aino@example.fi"


def test_a_professional_name_keeps_its_brackets() -> None:
    entry = ProfessionalInput(name="[b]Aino[/b]", organisation="[i]Org", sector=Sector.SOCIAL)
    checked = entry.checked()
    assert (checked.name, checked.organisation) == ("[b]Aino[/b]", "[i]Org")


def test_a_too_long_professional_title_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        ProfessionalInput(
            name="Aino", title="x" * (TEXT_MAX + 1), organisation="Org", sector=Sector.SOCIAL
        ).checked()
    assert set(caught.value.fields) == {"title"}


# Plans and assessments --------------------------------------------------------------


def test_a_plan_reviewed_before_it_was_made_is_refused() -> None:
    entry = PlanInput(
        client_id=1,
        kind=PlanKind.CLIENT,
        organisation="Aikuissosiaalityö",
        made_on=TODAY,
        next_review=TODAY - dt.timedelta(days=1),
    )
    with pytest.raises(InvalidInput) as caught:
        entry.checked()
    assert caught.value.fields == {"next_review": tr("network.review_before_plan")}
    same_day = entry.model_copy(update={"next_review": TODAY}).checked()
    assert same_day.next_review == TODAY


def test_a_plan_needs_an_organisation() -> None:
    entry = PlanInput(client_id=1, kind=PlanKind.CARE, organisation=" ", made_on=TODAY)
    with pytest.raises(InvalidInput) as caught:
        entry.checked()
    assert set(caught.value.fields) == {"organisation"}


def test_an_assessment_needs_a_subject() -> None:
    entry = AssessmentInput(client_id=1, organisation="Kela", made_on=TODAY)
    with pytest.raises(InvalidInput) as caught:
        entry.checked()
    assert caught.value.fields == {"subject": tr("network.assessment_subject")}
    by_domain = entry.model_copy(update={"domain": LifeDomain.HOUSING}).checked()
    assert by_domain.domain is LifeDomain.HOUSING
    by_kind = entry.model_copy(update={"kind": AssessmentKind.WORK_ABILITY}).checked()
    assert by_kind.kind is AssessmentKind.WORK_ABILITY


# Ending case management (R5) --------------------------------------------------------


def test_other_reason_needs_a_note() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_end_note(EndReason.OTHER, " \x00 ")
    assert caught.value.fields == {"note": tr("case_manager.note_missing")}
    assert check_end_note(EndReason.OTHER, "Siirtyi\x07 Kelan palveluun ") == (
        "Siirtyi Kelan palveluun"
    )


@pytest.mark.parametrize(
    "reason", [EndReason.NEED_ENDED, EndReason.MOVED, EndReason.DECLINED, EndReason.REPLACED]
)
def test_listed_reasons_need_no_note(reason: EndReason) -> None:
    assert check_end_note(reason, "") == ""


def test_a_too_long_note_is_refused() -> None:
    assert check_end_note(EndReason.MOVED, "x" * NOTE_MAX) == "x" * NOTE_MAX
    with pytest.raises(InvalidInput) as caught:
        check_end_note(EndReason.MOVED, "x" * (NOTE_MAX + 1))
    assert set(caught.value.fields) == {"note"}


def test_the_reasons_a_worker_may_choose() -> None:
    assert ENDING_REASONS == (
        EndReason.NEED_ENDED,
        EndReason.MOVED,
        EndReason.DECLINED,
        EndReason.OTHER,
    )
    assert EndReason.REPLACED not in ENDING_REASONS


# The network as read: roles and the previous case manager ----------------------------

AINO = professional(
    1,
    "Aino Asiakasvastaava",
    title="Asiakasvastaava",
    phone="040 123 4567",
    email="aino.asiakasvastaava@example.fi",
)
PEKKA = professional(
    2,
    "Pekka Psykiatri",
    Sector.HEALTH,
    title="Psykiatri",
    organisation="Psykiatrian poliklinikka",
    phone="05 616 1000",
)
TIINA = professional(
    3, "Tiina Työvalmentaja", Sector.TYP, title="Työvalmentaja", organisation="TYP"
)
OLLI = professional(4, "Olli Ohjaaja", organisation="Nuorten palvelut")


def view(
    who: Professional,
    *,
    interim: bool = False,
    started: dt.datetime = NOW,
    ended: dt.datetime | None = None,
) -> AssignmentView:
    assignment = CaseManagerAssignment(
        id=who.id * 100 + int(started.timestamp()) % 100,
        client_id=1,
        professional_id=who.id,
        interim=interim,
        started_at=started,
        started_by=1,
        ended_at=ended,
        ended_by=1 if ended else None,
        end_reason=EndReason.REPLACED if ended else None,
    )
    return AssignmentView(assignment=assignment, professional=who)


def member(
    who: Professional | None,
    *roles: NetworkRole,
    responsibility: str = "",
    until: dt.date | None = None,
    close_name: str = "",
) -> NetworkMember:
    return NetworkMember(
        id=(who.id if who else 90) * 10,
        client_id=1,
        professional=who,
        close_name=close_name,
        relation="sisar" if who is None else "",
        roles=frozenset(roles),
        responsibility=responsibility,
        until=until,
    )


def network(
    members: tuple[NetworkMember, ...],
    case_manager: AssignmentView | None,
    history: tuple[AssignmentView, ...] = (),
    *,
    name: str = "Korhonen Kari",
) -> ClientNetwork:
    return ClientNetwork(
        client=Client(id=1, name=name, hetu=HETU, birth_year=1968, created_at=NOW, version=1),
        members=members,
        plans=(),
        assessments=(),
        case_manager=case_manager,
        history=history or ((case_manager,) if case_manager else ()),
        last_visit_at=NOW,
        referrals=(),
    )


def test_the_case_manager_gets_the_case_manager_role() -> None:
    aino = member(AINO, NetworkRole.CONTACT)
    pekka = member(PEKKA, NetworkRole.RESPONSIBLE_WORKER)
    sister = member(None, NetworkRole.CONTACT, close_name="Sirpa")
    found = network((aino, pekka, sister), view(AINO))
    assert found.roles_of(aino) == frozenset({NetworkRole.CASE_MANAGER, NetworkRole.CONTACT})
    assert found.roles_of(pekka) == frozenset({NetworkRole.RESPONSIBLE_WORKER})
    assert found.roles_of(sister) == frozenset({NetworkRole.CONTACT})


def test_without_a_case_manager_nobody_has_the_role() -> None:
    aino = member(AINO)
    assert network((aino,), None).roles_of(aino) == frozenset()


def test_the_previous_case_manager_is_the_newest_ended_one() -> None:
    earlier = dt.datetime(2025, 3, 3, 8, 0, tzinfo=dt.UTC)
    middle = dt.datetime(2025, 9, 1, 8, 0, tzinfo=dt.UTC)
    current = view(AINO, started=NOW)
    olli = view(OLLI, started=middle, ended=NOW)
    pekka = view(PEKKA, started=earlier, ended=middle)
    found = network((), current, (current, olli, pekka))
    assert found.previous_case_manager == olli
    ended_only = network((), None, (olli, pekka))
    assert ended_only.previous_case_manager == olli
    assert network((), current).previous_case_manager is None
    assert network((), None).previous_case_manager is None


# The contacts card -----------------------------------------------------------------


@pytest.fixture
def card_network() -> ClientNetwork:
    return network(
        (
            member(PEKKA, NetworkRole.NAMED_WORKER, responsibility="Mielenterveyden hoito"),
            member(AINO, NetworkRole.CONTACT),
            member(TIINA, responsibility="Työllistymisen tuki"),
            member(OLLI, NetworkRole.RESPONSIBLE_WORKER, until=TODAY - dt.timedelta(days=1)),
            member(None, NetworkRole.CONTACT, close_name="Sisko Sirpa"),
        ),
        view(AINO),
    )


def test_the_card_names_the_case_manager_first_with_how_to_reach_them(
    card_network: ClientNetwork,
) -> None:
    card = render_contacts_card(card_network, TODAY)
    assert card.startswith("# Yhteystietoni\n")
    assert "Asiakas: Korhonen Kari" in card
    manager_at = card.index("## Asiakasvastaavani")
    others_at = card.index("## Muut työntekijät")
    assert manager_at < card.index("**Aino Asiakasvastaava**") < others_at
    assert manager_at < card.index("040 123 4567, aino.asiakasvastaava@example.fi") < others_at
    assert manager_at < card.index("Asiakasvastaava · Aikuissosiaalityö") < others_at
    assert card.count("Aino Asiakasvastaava") == 1  # not repeated among the others
    assert "(väliaikainen)" not in card
    assert card.rstrip().endswith("_Tulostettu 24. marraskuuta 2026_")


def test_the_card_lists_other_workers_with_roles_and_responsibility(
    card_network: ClientNetwork,
) -> None:
    card = render_contacts_card(card_network, TODAY)
    others = card[card.index("## Muut työntekijät") :]
    assert (
        "- **Pekka Psykiatri** · Omatyöntekijä · Mielenterveyden hoito · "
        "Psykiatrian poliklinikka · 05 616 1000"
    ) in others
    assert "- **Tiina Työvalmentaja** · Työllistymisen tuki · TYP" in others
    assert others.index("Pekka Psykiatri") < others.index("Tiina Työvalmentaja")


def test_the_card_leaves_out_ended_members_and_close_people(card_network: ClientNetwork) -> None:
    card = render_contacts_card(card_network, TODAY)
    assert "Olli Ohjaaja" not in card
    assert "Sirpa" not in card
    assert "sisar" not in card
    # Olli is still on the card on his last day.
    assert "Olli Ohjaaja" in render_contacts_card(card_network, TODAY - dt.timedelta(days=1))


def test_the_card_leaves_out_members_with_nothing_to_contact_them_about() -> None:
    card = render_contacts_card(network((member(AINO), member(PEKKA)), view(AINO)), TODAY)
    assert "Pekka Psykiatri" not in card
    assert "Ei muita nimettyjä työntekijöitä." in card


def test_the_card_marks_an_interim_case_manager() -> None:
    card = render_contacts_card(network((member(AINO),), view(AINO, interim=True)), TODAY)
    assert "**Aino Asiakasvastaava (väliaikainen)**" in card


def test_the_card_without_a_case_manager() -> None:
    card = render_contacts_card(
        network((member(PEKKA, NetworkRole.RESPONSIBLE_WORKER),), None), TODAY
    )
    assert "Sinulle ei ole vielä nimetty asiakasvastaavaa." in card
    assert "Ota yhteyttä ensin häneen" not in card
    assert "**Pekka Psykiatri** · Vastuutyöntekijä" in card


def test_the_card_never_shows_the_hetu(card_network: ClientNetwork) -> None:
    card = render_contacts_card(card_network, TODAY)
    assert HETU.code not in card
    assert HETU.masked not in card
    assert HETU.code[:6] not in card  # not even the birth date part
    assert "1968" not in card


def test_the_card_keeps_typed_text_literally() -> None:
    odd = professional(5, "[b]Bold[/b] *Tähti*", organisation="[link=x]Org[/link]")
    card = render_contacts_card(
        network((member(odd, responsibility="[red]Asuminen[/red]"),), None, name="[b]Kari[/b]"),
        TODAY,
    )
    # Markdown's own characters are escaped, so a reader sees them as typed and a
    # typed [text](address) cannot become a link.
    assert "Asiakas: \\[b\\]Kari\\[/b\\]" in card
    assert "**\\[b\\]Bold\\[/b\\] \\*Tähti\\***" in card
    assert "\\[red\\]Asuminen\\[/red\\]" in card
    assert "\\[link=x\\]Org\\[/link\\]" in card


@pytest.mark.parametrize(
    ("language", "title", "named_worker", "printed"),
    [
        ("sv", "# Mina kontaktuppgifter\n", "Egen kontaktperson", "_Utskrivet 24 november 2026_"),
        ("en", "# My contacts\n", "Named worker", "_Printed 24 November 2026_"),
        ("fi", "# Yhteystietoni\n", "Omatyöntekijä", "_Tulostettu 24. marraskuuta 2026_"),
    ],
)
def test_the_card_is_in_the_clients_language_whatever_the_workers(
    card_network: ClientNetwork, language: str, title: str, named_worker: str, printed: str
) -> None:
    """A Finnish-speaking worker hands a Swedish-speaking client a Swedish card: the
    headings, the roles and the date are the card's language; the names as typed."""
    set_language("fi")
    card = render_contacts_card(card_network, TODAY, language)
    assert card.startswith(title)
    assert f"- **Pekka Psykiatri** · {named_worker} · Mielenterveyden hoito" in card
    assert card.rstrip().endswith(printed)
    assert current_language() == "fi"  # the worker's screens stay Finnish
    assert tr("card.title") == "Yhteystietoni"


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("fi")


@pytest.mark.usefixtures("english")
def test_the_card_in_english(card_network: ClientNetwork) -> None:
    card = render_contacts_card(card_network, TODAY)
    assert card.startswith("# My contacts\n")
    assert "Client: Korhonen Kari" in card
    assert "## My case manager" in card
    assert "Contact them first." in card
    assert "## Other workers" in card
    assert "Named worker · Mielenterveyden hoito" in card
    assert "_Printed 24 November 2026_" in card
    assert "Yhteystietoni" not in card
    interim = render_contacts_card(network((), view(AINO, interim=True)), TODAY)
    assert "**Aino Asiakasvastaava (interim)**" in interim
    assert "No other named workers." in interim
