"""The access-log hash chain as pure functions: hashing, chaining, checking (R12)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from domain.audit import (
    GENESIS_HASH,
    AccessAction,
    AccountAction,
    AccountAuditEntry,
    Anchor,
    AuditEntry,
    AuditEvent,
    ChainProblem,
    action_label,
    chain_hashes,
    check_chain,
    event_hash,
    parse_head,
)
from domain.i18n import set_language

AT = dt.datetime(2026, 11, 24, 10, 0, 0, 123456, tzinfo=dt.UTC)


def unchained(count: int) -> list[AuditEvent]:
    return [
        AuditEvent(
            id=index,
            at=AT + dt.timedelta(minutes=index),
            actor_id=1 + index % 2,
            action=AccessAction.CLIENT_READ.value,
            client_id=10 + index % 3,
            purpose="asiakkaan pyyntö" if index == 2 else None,
        )
        for index in range(1, count + 1)
    ]


def chained(count: int) -> list[AuditEvent]:
    events = unchained(count)
    links = chain_hashes(events)
    return [
        event.model_copy(update={"prev_hash": prev, "hash": own})
        for event, (_, prev, own) in zip(events, links, strict=True)
    ]


def test_the_hash_is_sha256_over_a_canonical_json_list() -> None:
    expected = hashlib.sha256(
        json.dumps(
            [7, "2026-11-24T10:00:00.123456+00:00", 3, "client.read", 5, "", GENESIS_HASH],
            separators=(",", ":"),
        ).encode()
    ).hexdigest()
    got = event_hash(
        event_id=7,
        at=AT,
        actor_id=3,
        action="client.read",
        client_id=5,
        purpose=None,
        prev_hash=GENESIS_HASH,
    )
    assert got == expected
    assert len(got) == 64


def test_the_same_instant_in_another_zone_hashes_the_same() -> None:
    def hashed(at: dt.datetime) -> str:
        return event_hash(
            event_id=1,
            at=at,
            actor_id=1,
            action="client.read",
            client_id=1,
            purpose=None,
            prev_hash=None,
        )

    assert hashed(AT) == hashed(AT.astimezone(ZoneInfo("Europe/Helsinki")))
    with pytest.raises(ValueError, match="naive"):
        hashed(AT.replace(tzinfo=None))


@pytest.mark.parametrize(
    "change",
    [
        {"id": 2},
        {"at": AT + dt.timedelta(microseconds=1)},
        {"actor_id": 4},
        {"action": "client.summary"},
        {"client_id": 6},
        {"purpose": "valvonta"},
        {"prev_hash": "f" * 64},
    ],
)
def test_every_field_is_in_the_hash(change: dict[str, object]) -> None:
    event = AuditEvent(id=1, at=AT, actor_id=3, action="client.read", client_id=5)
    assert event.model_copy(update=change).expected_hash() != event.expected_hash()


def test_an_intact_chain_checks_and_reports_its_size_and_head() -> None:
    events = chained(5)
    assert events[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(events))
    check = check_chain(events)
    assert check.ok
    assert check.checked == 5
    assert check.last_id == 5
    assert check.head == events[-1].hash
    assert check.first_bad is None


def test_an_empty_log_is_intact() -> None:
    check = check_chain([])
    assert check.ok
    assert check.checked == 0
    assert check.last_id is None
    assert check.head == GENESIS_HASH


@pytest.mark.parametrize(
    "change", [{"action": "client.summary"}, {"actor_id": 99}, {"client_id": 99}, {"purpose": "x"}]
)
def test_an_edited_event_is_named(change: dict[str, object]) -> None:
    events = chained(5)
    events[2] = events[2].model_copy(update=change)
    check = check_chain(events)
    assert not check.ok
    assert check.first_bad is not None
    assert check.first_bad.id == 3
    assert check.first_bad.problem is ChainProblem.EDITED
    assert check.first_bad.previous_id == 2
    assert check.checked == 3


def test_a_deleted_event_is_named_by_the_one_after_it() -> None:
    events = chained(5)
    del events[2]
    check = check_chain(events)
    assert check.first_bad is not None
    assert check.first_bad.id == 4
    assert check.first_bad.problem is ChainProblem.MISSING_OR_REORDERED
    assert check.first_bad.previous_id == 2


def test_deleting_the_first_event_is_seen() -> None:
    events = chained(3)[1:]
    check = check_chain(events)
    assert check.first_bad is not None
    assert check.first_bad.id == 2
    assert check.first_bad.previous_id is None


def test_swapped_contents_are_named_at_the_first_of_the_two() -> None:
    events = chained(5)
    second, fourth = events[1], events[3]
    events[1] = fourth.model_copy(update={"id": 2})
    events[3] = second.model_copy(update={"id": 4})
    check = check_chain(events)
    assert check.first_bad is not None
    assert check.first_bad.id == 2
    assert check.first_bad.problem is ChainProblem.MISSING_OR_REORDERED


def test_swapped_contents_with_their_links_kept_are_named_as_edited() -> None:
    """Moving only what happened, not the chain fields, is an edit of both events."""
    events = chained(5)
    keep = ("id", "prev_hash", "hash")
    second, third = events[1], events[2]
    events[1] = third.model_copy(update={key: getattr(second, key) for key in keep})
    events[2] = second.model_copy(update={key: getattr(third, key) for key in keep})
    check = check_chain(events)
    assert check.first_bad is not None
    assert check.first_bad.id == 2
    assert check.first_bad.problem is ChainProblem.EDITED


def test_an_event_without_a_hash_is_named_as_unchained() -> None:
    events = chained(4)
    events.insert(2, unchained(1)[0].model_copy(update={"id": 99}))
    check = check_chain(events)
    assert check.first_bad is not None
    assert check.first_bad.id == 99
    assert check.first_bad.problem is ChainProblem.UNCHAINED


def test_deleting_the_newest_event_shows_only_in_the_count() -> None:
    """A chain cannot show that its tail was cut: what is left is intact.

    The count and head hash of an earlier check are what reveal it.
    """
    events = chained(5)
    before = check_chain(events)
    after = check_chain(events[:-1])
    assert after.ok
    assert (before.checked, after.checked) == (5, 4)
    assert after.head != before.head


def test_chaining_continues_from_a_given_hash() -> None:
    events = unchained(4)
    first = chain_hashes(events[:2])
    rest = chain_hashes(events[2:], first[-1][2])
    assert first + rest == chain_hashes(events)


@pytest.mark.parametrize("action", list(AccessAction))
def test_every_action_has_a_label_in_both_languages(action: AccessAction) -> None:
    finnish = action.label
    set_language("en")
    english = action.label
    assert finnish.strip() and english.strip()
    assert finnish != english
    assert finnish != action.value


def test_labels_are_distinct() -> None:
    labels = [action.label for action in AccessAction]
    assert len(set(labels)) == len(labels)


def test_the_summary_reading_is_labelled_for_the_client() -> None:
    assert action_label("client.summary") == "luki yhteenvedon"
    set_language("en")
    assert action_label("client.summary") == "read the summary"
    entry = AuditEntry(at=AT, actor_name="Veera", action="client.summary")
    assert entry.action_label == "read the summary"


def test_an_unknown_stored_action_is_shown_as_stored() -> None:
    assert action_label("future.thing") == "future.thing"


# Account events ---------------------------------------------------------------------


def account_event(**change: object) -> AuditEvent:
    event = AuditEvent(
        id=1,
        at=AT,
        actor_id=3,
        action=AccountAction.ROLE_CHANGED.value,
        client_id=None,
        account_id=5,
        detail="reception→lead",
    )
    return event.model_copy(update=change)


@pytest.mark.parametrize(
    "change", [{"account_id": 6}, {"detail": "reception→admin"}, {"detail": None}]
)
def test_an_account_event_hashes_its_account_and_detail(change: dict[str, object]) -> None:
    assert account_event(**change).expected_hash() != account_event().expected_hash()


def test_an_account_event_never_spells_like_a_client_event() -> None:
    """The same numbers as client 5 or as account 5 give different hashes."""
    as_client = account_event(client_id=5, account_id=None, detail=None)
    as_account = account_event(detail=None)
    assert as_client.expected_hash() != as_account.expected_hash()


@pytest.mark.parametrize("action", list(AccountAction))
def test_every_account_action_has_a_label_in_both_languages(action: AccountAction) -> None:
    finnish = action_label(action.value)
    set_language("en")
    english = action_label(action.value)
    assert finnish.strip() and english.strip()
    assert finnish != english != action.value


def test_account_actions_are_apart_from_access_to_client_data() -> None:
    assert not {action.value for action in AccountAction} & {
        action.value for action in AccessAction
    }
    labels = [action.label for action in (*AccessAction, *AccountAction)]
    assert len(set(labels)) == len(labels)


def test_an_account_entry_shows_roles_in_the_readers_language() -> None:
    entry = AccountAuditEntry(
        at=AT,
        actor_name="Pää Käyttäjä",
        action="account.role",
        account_name="Veera",
        detail="reception→lead",
    )
    assert entry.detail_label == "Vastaanotto → Esihenkilö"
    assert entry.action_label == "muutti tilin roolia"
    set_language("en")
    assert entry.action_label == "changed an account's role"
    assert entry.model_copy(update={"detail": None}).detail_label == ""


# Anchors ----------------------------------------------------------------------------


def test_an_anchor_in_the_log_passes_and_counts_what_came_after() -> None:
    events = chained(5)
    assert events[1].hash is not None
    check = check_chain(events, [Anchor(head=events[1].hash)])
    assert check.ok
    assert (check.anchor_id, check.after_anchor) == (2, 3)
    assert check.missing_anchors == ()


def test_an_anchor_may_be_the_first_sixteen_characters_in_any_case() -> None:
    events = chained(5)
    assert events[3].hash is not None
    check = check_chain(events, [Anchor(head=events[3].hash[:16].upper())])
    assert (check.ok, check.anchor_id) == (True, 4)


def test_a_cut_tail_or_an_empty_log_misses_the_anchor() -> None:
    events = chained(5)
    anchor = Anchor(head=check_chain(events).head)
    for left in (events[:4], events[:1], []):
        check = check_chain(left, [anchor])
        assert check.first_bad is None
        assert not check.ok
        assert check.missing_anchors == (anchor,)


def test_a_rewritten_log_misses_the_anchor() -> None:
    events = chained(5)
    anchor = Anchor(head=check_chain(events).head)
    edited = [*events[:2], events[2].model_copy(update={"actor_id": 99}), *events[3:]]
    links = chain_hashes(edited[2:], edited[1].hash or GENESIS_HASH)
    rewritten = edited[:2] + [
        event.model_copy(update={"prev_hash": prev, "hash": own})
        for event, (_, prev, own) in zip(edited[2:], links, strict=True)
    ]
    assert check_chain(rewritten).ok
    assert check_chain(rewritten, [anchor]).missing_anchors == (anchor,)


def test_an_anchor_with_its_event_id_must_be_at_that_event() -> None:
    events = chained(3)
    assert events[2].hash is not None
    assert check_chain(events, [Anchor(head=events[2].hash, event_id=3)]).ok
    assert not check_chain(events, [Anchor(head=events[2].hash, event_id=2)]).ok


def test_the_empty_logs_head_is_an_anchor_before_every_event() -> None:
    check = check_chain(chained(3), [Anchor(head=GENESIS_HASH)])
    assert check.ok
    assert (check.anchor_id, check.after_anchor) == (0, 3)
    assert check_chain([], [Anchor(head=GENESIS_HASH)]).ok


def test_every_anchor_given_must_be_found() -> None:
    events = chained(4)
    assert events[0].hash is not None and events[2].hash is not None
    gone = Anchor(head="ab" * 32)
    check = check_chain(events, [Anchor(head=events[2].hash), Anchor(head=events[0].hash), gone])
    assert check.missing_anchors == (gone,)
    assert check.anchor_id == 3
    assert check.after_anchor == 1


def test_a_broken_chain_is_reported_before_anchors() -> None:
    events = chained(4)
    events[1] = events[1].model_copy(update={"purpose": "muutettu"})
    check = check_chain(events, [Anchor(head="ab" * 32)])
    assert check.first_bad is not None
    assert check.missing_anchors == ()


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("ABCDEF0123456789", "abcdef0123456789"),
        ("abcd ef01 2345 6789", "abcdef0123456789"),
        ("0" * 64, "0" * 64),
        ("abcdef012345678", None),  # 15 characters: too few to trust
        ("g" * 16, None),
        ("0" * 65, None),
        ("", None),
    ],
)
def test_a_written_down_head_is_read_leniently_but_not_guessed(
    typed: str, parsed: str | None
) -> None:
    assert parse_head(typed) == parsed
