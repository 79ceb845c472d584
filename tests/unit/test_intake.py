"""The intake interview's pure rules: R7 criteria, finishing checks, outcomes, privacy."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.pretty import pretty_repr

from domain.errors import InvalidInput
from domain.i18n import set_language, tr
from domain.intake import (
    CRITERIA_THRESHOLD,
    FREQUENT_VISITS,
    REPEATED_INTAKES,
    SEVERAL_SECTORS,
    TEXT_MAX,
    TICKED_ITEMS,
    ChecklistItem,
    ConcernLevel,
    DomainEntry,
    IntakeContent,
    IntakeRecord,
    KnownFacts,
    LifeDomain,
    OutcomeKind,
    check_finishable,
    multi_service_criteria,
)
from domain.sectors import Sector

SECRET = "Häätöuhka ja velkoja – SALAINEN"
NO_FACTS = KnownFacts()
THREE_SECTORS = (Sector.KELA, Sector.HEALTH, Sector.SOCIAL)


def content(**fields: object) -> IntakeContent:
    return IntakeContent.model_validate(fields)


def with_note(domain: LifeDomain, note: str, **fields: object) -> IntakeContent:
    domains = {d: DomainEntry() for d in LifeDomain}
    domains[domain] = DomainEntry(level=ConcernLevel.SOME, note=note)
    return content(domains=domains, **fields)


def refused_fields(value: IntakeContent) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        check_finishable(value)
    return caught.value.fields


# multi_service_criteria: one reason at a time --------------------------------


def test_nothing_known_gives_no_reasons() -> None:
    result = multi_service_criteria(IntakeContent(), NO_FACTS)
    assert result.reasons == ()
    assert result.met is False


@pytest.mark.parametrize("item", TICKED_ITEMS)
def test_each_checklist_item_alone_is_exactly_its_label(item: ChecklistItem) -> None:
    result = multi_service_criteria(content(checklist=frozenset({item})), NO_FACTS)
    assert result.reasons == (item.label,)
    assert result.reasons[0] == tr(f"checklist.{item.value}")
    assert result.met is False


def test_interpreter_alone_is_one_reason() -> None:
    result = multi_service_criteria(content(interpreter=True), NO_FACTS)
    assert result.reasons == (tr("criteria.interpreter"),)
    assert result.met is False


def test_visits_below_the_threshold_are_no_reason() -> None:
    facts = KnownFacts(visits_last_6_months=FREQUENT_VISITS - 1)
    assert multi_service_criteria(IntakeContent(), facts).reasons == ()


def test_visits_at_the_threshold_are_a_reason_with_the_count() -> None:
    facts = KnownFacts(visits_last_6_months=FREQUENT_VISITS)
    result = multi_service_criteria(IntakeContent(), facts)
    assert result.reasons == (tr("criteria.visits", count=FREQUENT_VISITS),)
    assert str(FREQUENT_VISITS) in result.reasons[0]
    assert result.met is False


def test_earlier_intakes_below_the_threshold_are_no_reason() -> None:
    facts = KnownFacts(earlier_intakes=REPEATED_INTAKES - 1)
    assert multi_service_criteria(IntakeContent(), facts).reasons == ()


def test_earlier_intakes_at_the_threshold_are_a_reason_with_the_count() -> None:
    facts = KnownFacts(earlier_intakes=REPEATED_INTAKES)
    result = multi_service_criteria(IntakeContent(), facts)
    assert result.reasons == (tr("criteria.intakes", count=REPEATED_INTAKES),)
    assert str(REPEATED_INTAKES) in result.reasons[0]
    assert result.met is False


def test_sectors_below_the_threshold_are_no_reason() -> None:
    facts = KnownFacts(network_sectors=frozenset(THREE_SECTORS[: SEVERAL_SECTORS - 1]))
    assert multi_service_criteria(IntakeContent(), facts).reasons == ()


def test_sectors_at_the_threshold_are_a_reason_listing_their_labels() -> None:
    sectors = THREE_SECTORS[:SEVERAL_SECTORS]
    facts = KnownFacts(network_sectors=frozenset(sectors))
    result = multi_service_criteria(IntakeContent(), facts)
    assert len(result.reasons) == 1
    reason = result.reasons[0]
    for sector in sectors:
        assert sector.label in reason
    assert str(SEVERAL_SECTORS) in reason
    # The labels are sorted, so the same network always reads the same.
    assert reason == tr(
        "criteria.sectors",
        count=SEVERAL_SECTORS,
        sectors=", ".join(sorted(s.label for s in sectors)),
    )
    assert result.met is False


def test_sector_reason_follows_the_language() -> None:
    set_language("en")
    facts = KnownFacts(network_sectors=frozenset(THREE_SECTORS))
    (reason,) = multi_service_criteria(IntakeContent(), facts).reasons
    assert reason == "3 sectors in the network: Health care, Kela, Social welfare"


# multi_service_criteria: the threshold and the order -------------------------


def test_exactly_threshold_reasons_meet_the_criteria() -> None:
    assert CRITERIA_THRESHOLD == 2
    result = multi_service_criteria(
        content(checklist=frozenset({ChecklistItem.SEVERAL_PLANS}), interpreter=True), NO_FACTS
    )
    assert len(result.reasons) == CRITERIA_THRESHOLD
    assert result.met is True


def test_one_reason_less_than_threshold_is_not_met() -> None:
    result = multi_service_criteria(
        IntakeContent(), KnownFacts(visits_last_6_months=FREQUENT_VISITS)
    )
    assert len(result.reasons) == CRITERIA_THRESHOLD - 1
    assert result.met is False


def test_facts_alone_can_meet_the_criteria() -> None:
    facts = KnownFacts(visits_last_6_months=FREQUENT_VISITS, earlier_intakes=REPEATED_INTAKES)
    result = multi_service_criteria(IntakeContent(), facts)
    assert result.met is True
    assert len(result.reasons) == 2


def test_reasons_come_in_a_stable_order() -> None:
    facts = KnownFacts(
        visits_last_6_months=FREQUENT_VISITS + 2,
        earlier_intakes=REPEATED_INTAKES + 1,
        network_sectors=frozenset(THREE_SECTORS),
    )
    forwards = content(checklist=frozenset(TICKED_ITEMS), interpreter=True)
    backwards = content(checklist=frozenset(reversed(TICKED_ITEMS)), interpreter=True)
    first = multi_service_criteria(forwards, facts)
    second = multi_service_criteria(backwards, facts)
    assert first.reasons == second.reasons
    assert first.reasons == (
        *(item.label for item in TICKED_ITEMS),
        tr("criteria.interpreter"),
        tr("criteria.visits", count=FREQUENT_VISITS + 2),
        tr("criteria.intakes", count=REPEATED_INTAKES + 1),
        tr(
            "criteria.sectors",
            count=3,
            sectors=", ".join(sorted(s.label for s in THREE_SECTORS)),
        ),
    )
    assert first.met is True


# check_finishable -------------------------------------------------------------


def test_missing_outcome_is_refused_on_the_outcome_field() -> None:
    fields = refused_fields(IntakeContent())
    assert set(fields) == {"outcome"}
    assert fields["outcome"] == tr("intake.outcome_missing")


def test_referral_without_a_service_is_refused() -> None:
    fields = refused_fields(content(outcome=OutcomeKind.REFERRED))
    assert set(fields) == {"referral_service"}
    assert fields["referral_service"] == tr("intake.service_missing")


@pytest.mark.parametrize("question", ["", "   ", "\t\n ", "\x00\x1b[31m"])
def test_moti_without_a_question_is_refused(question: str) -> None:
    fields = refused_fields(content(outcome=OutcomeKind.MOTI, moti_question=question))
    assert set(fields) == {"moti_question"}
    assert fields["moti_question"] == tr("intake.question_missing")


@pytest.mark.parametrize(
    ("outcome", "fields"),
    [
        (OutcomeKind.ADVICE, {}),
        (OutcomeKind.REFERRED, {"referral_service_id": 4}),
        (OutcomeKind.COORDINATOR, {}),
        (OutcomeKind.MOTI, {"moti_question": "Kuka on vastuutyöntekijä?"}),
        (OutcomeKind.CLIENT_LEFT, {}),
    ],
)
def test_every_complete_outcome_is_finishable(
    outcome: OutcomeKind, fields: dict[str, object]
) -> None:
    checked = check_finishable(content(outcome=outcome, **fields))
    assert checked.outcome is outcome


def test_a_service_left_over_from_referred_is_dropped_for_advice() -> None:
    checked = check_finishable(content(outcome=OutcomeKind.ADVICE, referral_service_id=4))
    assert checked.outcome is OutcomeKind.ADVICE
    assert checked.referral_service_id is None


def test_the_referral_service_is_kept_when_referred() -> None:
    checked = check_finishable(content(outcome=OutcomeKind.REFERRED, referral_service_id=4))
    assert checked.referral_service_id == 4


def test_a_moti_question_left_over_is_dropped_for_referred() -> None:
    checked = check_finishable(
        content(outcome=OutcomeKind.REFERRED, referral_service_id=4, moti_question="Kysymys")
    )
    assert checked.moti_question == ""
    assert checked.referral_service_id == 4


def test_the_moti_question_is_kept_and_cleaned_for_moti() -> None:
    checked = check_finishable(
        content(
            outcome=OutcomeKind.MOTI, moti_question="  Kuka\x07 hoitaa?\n", referral_service_id=4
        )
    )
    assert checked.moti_question == "Kuka hoitaa?"
    assert checked.referral_service_id is None


def test_control_characters_are_removed_from_notes_and_goals() -> None:
    raw = with_note(
        LifeDomain.HOUSING,
        "Vuokra\x00rästit\x1b[2J \x1b]0;title\x07ok",
        goals="Oma\x08 koti\u200b",
        resources="Sisko\r\nauttaa",
        outcome=OutcomeKind.ADVICE,
    )
    checked = check_finishable(raw)
    assert checked.entry(LifeDomain.HOUSING).note == "Vuokrarästit ok"
    assert checked.entry(LifeDomain.HOUSING).level is ConcernLevel.SOME
    assert checked.goals == "Oma koti"
    assert checked.resources == "Sisko auttaa"


def test_cleaning_fills_in_every_life_domain() -> None:
    partial = content(domains={LifeDomain.HEALTH: DomainEntry(level=ConcernLevel.SERIOUS)})
    cleaned = partial.cleaned()
    assert set(cleaned.domains) == set(LifeDomain)
    assert cleaned.entry(LifeDomain.HEALTH).level is ConcernLevel.SERIOUS
    assert cleaned.entry(LifeDomain.INCOME).level is ConcernLevel.NOT_DISCUSSED


def test_text_of_exactly_the_limit_is_accepted() -> None:
    checked = check_finishable(content(goals="a" * TEXT_MAX, outcome=OutcomeKind.ADVICE))
    assert len(checked.goals) == TEXT_MAX


@pytest.mark.parametrize("field", ["goals", "resources", "language", "moti_question"])
def test_too_long_text_is_refused_with_its_field(field: str) -> None:
    fields = refused_fields(
        content(
            outcome=OutcomeKind.MOTI,
            **{"moti_question": "Kysymys", field: "a" * (TEXT_MAX + 1)},
        )
    )
    assert set(fields) == {field}
    assert fields[field] == tr("intake.too_long", limit=TEXT_MAX)


@pytest.mark.parametrize("domain", list(LifeDomain))
def test_too_long_note_is_refused_with_the_domain_in_the_field(domain: LifeDomain) -> None:
    fields = refused_fields(with_note(domain, "b" * (TEXT_MAX + 1), outcome=OutcomeKind.ADVICE))
    assert set(fields) == {f"note-{domain.value}"}


def test_too_long_text_is_refused_not_cut() -> None:
    long = content(goals="a" * (TEXT_MAX + 1))
    with pytest.raises(InvalidInput):
        long.cleaned()


def test_length_is_measured_after_cleaning() -> None:
    padded = content(goals="  " + "a" * TEXT_MAX + "\x00\x00  ", outcome=OutcomeKind.ADVICE)
    assert check_finishable(padded).goals == "a" * TEXT_MAX


# OutcomeKind -------------------------------------------------------------------


@pytest.mark.parametrize("outcome", list(OutcomeKind))
def test_only_coordinator_and_moti_need_follow_up(outcome: OutcomeKind) -> None:
    expected = outcome in (OutcomeKind.COORDINATOR, OutcomeKind.MOTI)
    assert outcome.needs_follow_up is expected


@pytest.mark.parametrize("outcome", list(OutcomeKind))
def test_only_client_left_means_the_client_is_gone(outcome: OutcomeKind) -> None:
    assert outcome.client_present is (outcome is not OutcomeKind.CLIENT_LEFT)


def test_every_outcome_has_a_finnish_label() -> None:
    labels = {outcome.label for outcome in OutcomeKind}
    assert len(labels) == len(OutcomeKind)
    assert OutcomeKind.MOTI.label == "Esitetään: MOTI-tiimi"


# IntakeContent: defaults, JSON, privacy -----------------------------------------


def test_default_content_has_every_domain_not_discussed() -> None:
    default = IntakeContent()
    assert set(default.domains) == set(LifeDomain)
    assert all(entry.level is ConcernLevel.NOT_DISCUSSED for entry in default.domains.values())
    assert all(entry.note == "" for entry in default.domains.values())
    assert default.checklist == frozenset()
    assert default.outcome is None
    assert default.referral_service_id is None


def test_default_domains_are_not_shared_between_contents() -> None:
    assert IntakeContent().domains is not IntakeContent().domains


def full_content() -> IntakeContent:
    return content(
        domains={
            domain: DomainEntry(level=level, note=f"{SECRET} {domain.value}")
            for domain, level in zip(
                LifeDomain,
                [ConcernLevel.NONE, ConcernLevel.SOME, ConcernLevel.SERIOUS] * 3,
                strict=True,
            )
        },
        goals="Oma asunto",
        resources="Sisko auttaa",
        language="arabia",
        interpreter=True,
        checklist=frozenset({ChecklistItem.SEVERAL_PLANS, ChecklistItem.REPEATED_REFERRALS}),
        outcome=OutcomeKind.REFERRED,
        referral_service_id=12,
        moti_question="Kuka hoitaa?",
    )


def test_json_round_trip_keeps_everything() -> None:
    original = full_content()
    back = IntakeContent.model_validate_json(original.model_dump_json())
    assert back == original
    assert isinstance(back.checklist, frozenset)
    assert back.checklist == {ChecklistItem.SEVERAL_PLANS, ChecklistItem.REPEATED_REFERRALS}
    assert all(isinstance(key, LifeDomain) for key in back.domains)
    assert back.entry(LifeDomain.HOUSING).note == f"{SECRET} housing"
    assert back.entry(LifeDomain.HOUSING).level is ConcernLevel.SOME
    assert back.outcome is OutcomeKind.REFERRED
    assert (back.interpreter, back.language, back.referral_service_id) == (True, "arabia", 12)
    assert (back.goals, back.resources, back.moti_question) == (
        "Oma asunto",
        "Sisko auttaa",
        "Kuka hoitaa?",
    )


def test_json_round_trip_of_the_default_is_equal() -> None:
    assert IntakeContent.model_validate_json(IntakeContent().model_dump_json()) == IntakeContent()


def test_content_repr_never_shows_notes_or_goals() -> None:
    value = full_content()
    for text in (repr(value), str(value), pretty_repr(value)):
        assert SECRET not in text
        assert "Oma asunto" not in text
        assert "Sisko" not in text
        assert "Kuka hoitaa" not in text
        assert "outcome=" in text


def test_record_repr_never_shows_notes() -> None:
    record = IntakeRecord(
        id=5,
        visit_id=9,
        client_id=3,
        number=2,
        content=full_content(),
        finished_at=dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC),
        finished_by=1,
        supersedes_id=4,
    )
    for text in (repr(record), str(record), pretty_repr(record)):
        assert SECRET not in text
        assert "Oma asunto" not in text
        assert "Kuka hoitaa" not in text
    assert "visit_id=9" in repr(record)
    assert "number=2" in repr(record)
