"""Staff accounts on a real database: first admin, login, the waiting account, admin tasks."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain import accounts
from domain.accounts import LoginRefused
from domain.clock import FixedClock
from domain.errors import DomainError, InvalidInput
from domain.staff import Staff, StaffRole
from domain.use_cases import accounts as accounts_cases
from storage.orm import LoginAttemptRow, StaffRow
from storage.unit_of_work import SqlUnitOfWork
from tests.conftest import NOW

Uow = Callable[[], SqlUnitOfWork]
ADMIN_PASS = "korppi lentää yli kuusikon"
VEERA_PASS = "aamulla satoi lunta"


@pytest.fixture
def admin(uow: Uow, clock: FixedClock) -> Staff:
    assert accounts_cases.needs_first_admin(uow())
    return accounts_cases.create_first_admin(
        uow(), "Pää Käyttäjä", ADMIN_PASS, ADMIN_PASS, clock=clock
    )


def test_the_first_admin_is_made_once(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    assert admin.role is StaffRole.ADMIN
    assert not accounts_cases.needs_first_admin(uow())
    with pytest.raises(DomainError, match="on jo luotu"):
        accounts_cases.create_first_admin(uow(), "Toinen", ADMIN_PASS, ADMIN_PASS, clock=clock)


def test_passphrase_rules_are_told_at_the_field(uow: Uow, clock: FixedClock) -> None:
    with pytest.raises(InvalidInput) as short:
        accounts_cases.create_first_admin(uow(), "Pää", "lyhyt", "lyhyt", clock=clock)
    assert "vähintään 12" in short.value.fields["passphrase"]
    with pytest.raises(InvalidInput) as differ:
        accounts_cases.create_first_admin(uow(), "Pää", ADMIN_PASS, ADMIN_PASS + "x", clock=clock)
    assert set(differ.value.fields) == {"repeated"}
    with pytest.raises(InvalidInput) as nameless:
        accounts_cases.create_first_admin(uow(), "  ", ADMIN_PASS, ADMIN_PASS, clock=clock)
    assert set(nameless.value.fields) == {"name"}
    assert accounts_cases.needs_first_admin(uow())


def test_only_a_hash_is_stored(admin: Staff, session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        stored = session.scalars(select(StaffRow.passphrase_hash)).one()
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert ADMIN_PASS not in stored


def test_the_app_hashes_at_argon2s_own_cost(quick_passphrase_hashing: PasswordHasher) -> None:
    """The tests hash at the cheapest cost (tests/conftest.py says why); the app may not."""
    real, default = quick_passphrase_hashing, PasswordHasher()
    assert (real.time_cost, real.memory_cost, real.parallelism) == (
        default.time_cost,
        default.memory_cost,
        default.parallelism,
    )


def test_login_with_the_right_passphrase(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    assert accounts_cases.log_in(uow(), "Pää Käyttäjä", ADMIN_PASS, clock=clock) == admin


def test_a_wrong_name_and_a_wrong_passphrase_read_the_same(
    uow: Uow, clock: FixedClock, admin: Staff
) -> None:
    with pytest.raises(LoginRefused) as wrong_name:
        accounts_cases.log_in(uow(), "Ei Ketään", ADMIN_PASS, clock=clock)
    with pytest.raises(LoginRefused) as wrong_pass:
        accounts_cases.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)
    assert wrong_name.value.message == wrong_pass.value.message == "Nimi tai tunnuslause on väärä."


def test_five_wrong_make_the_account_wait(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    for _ in range(4):
        with pytest.raises(LoginRefused, match="väärä"):
            accounts_cases.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)
    with pytest.raises(LoginRefused) as fifth:
        accounts_cases.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)
    assert fifth.value.message.endswith("yritä uudelleen klo 12.05.")
    # Even the right passphrase waits.
    with pytest.raises(LoginRefused, match="odottaa"):
        accounts_cases.log_in(uow(), "Pää Käyttäjä", ADMIN_PASS, clock=clock)
    clock.advance(minutes=5, seconds=1)
    assert accounts_cases.log_in(uow(), "Pää Käyttäjä", ADMIN_PASS, clock=clock) == admin


def test_a_success_clears_the_count(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    for _ in range(4):
        with pytest.raises(LoginRefused):
            accounts_cases.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)
    accounts_cases.log_in(uow(), "Pää Käyttäjä", ADMIN_PASS, clock=clock)
    with pytest.raises(LoginRefused, match="väärä"):
        accounts_cases.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)


def test_admin_adds_disables_and_resets(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    veera = accounts_cases.add_user(
        uow(), "Vastaanotto Veera", StaffRole.RECEPTION, VEERA_PASS, actor=admin, clock=clock
    )
    assert veera.role is StaffRole.RECEPTION
    assert accounts_cases.log_in(uow(), "Vastaanotto Veera", VEERA_PASS, clock=clock) == veera
    with pytest.raises(InvalidInput, match="on jo tili"):
        accounts_cases.add_user(
            uow(), "Vastaanotto Veera", StaffRole.LEAD, VEERA_PASS, actor=admin, clock=clock
        )
    accounts_cases.set_active(uow(), "Vastaanotto Veera", False, actor=admin)
    with pytest.raises(LoginRefused, match="poistettu käytöstä"):
        accounts_cases.log_in(uow(), "Vastaanotto Veera", VEERA_PASS, clock=clock)
    accounts_cases.set_active(uow(), "Vastaanotto Veera", True, actor=admin)
    accounts_cases.reset_passphrase(uow(), "Vastaanotto Veera", "uusi pitkä lause", actor=admin)
    with pytest.raises(LoginRefused):
        accounts_cases.log_in(uow(), "Vastaanotto Veera", VEERA_PASS, clock=clock)
    assert (
        accounts_cases.log_in(uow(), "Vastaanotto Veera", "uusi pitkä lause", clock=clock) == veera
    )


def test_only_an_admin_manages_accounts(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    lead = accounts_cases.add_user(
        uow(), "Esihenkilö Eeva", StaffRole.LEAD, VEERA_PASS, actor=admin, clock=clock
    )
    with pytest.raises(DomainError, match="Vain pääkäyttäjä"):
        accounts_cases.add_user(uow(), "Joku", StaffRole.ADMIN, VEERA_PASS, actor=lead, clock=clock)
    with pytest.raises(DomainError, match="Vain pääkäyttäjä"):
        accounts_cases.set_active(uow(), "Pää Käyttäjä", False, actor=lead)


def test_the_last_admin_stays(uow: Uow, admin: Staff) -> None:
    with pytest.raises(DomainError, match="Viimeistä pääkäyttäjää"):
        accounts_cases.set_active(uow(), "Pää Käyttäjä", False, actor=admin)


def test_a_worker_from_before_accounts_keeps_their_history(
    uow: Uow, clock: FixedClock, admin: Staff
) -> None:
    from domain.use_cases.reception import identify_staff

    old = identify_staff(uow(), "Vanha Ville")
    assert old.role is StaffRole.COORDINATOR
    with pytest.raises(LoginRefused):
        accounts_cases.log_in(uow(), "Vanha Ville", "", clock=clock)
    made = accounts_cases.add_user(
        uow(), "Vanha Ville", StaffRole.LEAD, VEERA_PASS, actor=admin, clock=clock
    )
    assert made.id == old.id
    assert made.role is StaffRole.LEAD


def test_repr_never_shows_the_hash(uow: Uow, admin: Staff) -> None:
    with uow() as work:
        account = work.staff.account("Pää Käyttäjä")
    assert account is not None
    assert "argon2" not in repr(account)


# The waiting time: counted atomically, per source, for every name alike ------------

WRONG = "väärä lause tässä"


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every passphrase the login checks with argon2, in order (thread-safe append)."""
    seen: list[str] = []
    real = accounts_cases._matches

    def counting(passphrase_hash: str, passphrase: str) -> bool:
        seen.append(passphrase)
        return real(passphrase_hash, passphrase)

    monkeypatch.setattr(accounts_cases, "_matches", counting)
    return seen


def _try(uow: Uow, clock: FixedClock, name: str, passphrase: str, **kw: object) -> str:
    """The refusal's message, or "ok"."""
    try:
        accounts_cases.log_in(uow(), name, passphrase, clock=clock, **kw)  # type: ignore[arg-type]
    except DomainError as refused:
        return refused.message
    return "ok"


def test_parallel_wrong_logins_get_no_more_guesses_than_the_limit(
    uow: Uow, clock: FixedClock, admin: Staff, checked: list[str]
) -> None:
    attempts = 24
    start = threading.Barrier(attempts)

    def guess(number: int) -> str:
        start.wait()
        return _try(uow, clock, "Pää Käyttäjä", f"{WRONG} {number}")

    with ThreadPoolExecutor(attempts) as pool:
        answers = list(pool.map(guess, range(attempts)))
    assert len(checked) <= accounts_cases.MAX_FAILED_LOGINS, answers
    assert all("odottaa" in a or a == "Nimi tai tunnuslause on väärä." for a in answers), answers
    assert _try(uow, clock, "Pää Käyttäjä", ADMIN_PASS).startswith("Liian monta")
    assert len(checked) <= accounts_cases.MAX_FAILED_LOGINS


def _guess_in_a_process(url: str, guesses: int, start: Any, checks: Any) -> None:
    """A separate process with its own engine, guessing as fast as it can."""
    from storage.engine import build_engine, build_session_factory

    real = accounts_cases._matches

    def counting(passphrase_hash: str, passphrase: str) -> bool:
        with checks.get_lock():
            checks.value += 1
        return real(passphrase_hash, passphrase)

    accounts_cases._matches = counting  # this process only
    factory = build_session_factory(build_engine(url))
    clock = FixedClock(NOW)
    start.wait()
    for number in range(guesses):
        _try(lambda: SqlUnitOfWork(factory, clock), clock, "Pää Käyttäjä", f"{WRONG} {number}")


@pytest.mark.sqlite_only
def test_parallel_wrong_logins_from_processes_get_no_more_guesses(
    database_url: str, admin: Staff
) -> None:
    context = multiprocessing.get_context("spawn")
    workers = 4
    start = context.Barrier(workers)
    checks = context.Value("i", 0)
    processes = [
        context.Process(target=_guess_in_a_process, args=(database_url, 4, start, checks))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    assert 0 < checks.value <= accounts_cases.MAX_FAILED_LOGINS


def test_an_unknown_name_is_refused_and_waits_like_a_known_one(
    uow: Uow, clock: FixedClock, admin: Staff, checked: list[str]
) -> None:
    known = [_try(uow, clock, "Pää Käyttäjä", WRONG) for _ in range(7)]
    checks_for_known = len(checked)
    unknown = [_try(uow, clock, "Ei Ketään", WRONG) for _ in range(7)]
    assert unknown == known
    assert known[:4] == ["Nimi tai tunnuslause on väärä."] * 4
    assert "odottaa" in known[4]
    # The same work per attempt (an argon2 check against a dummy hash), so the
    # same time: five checks each, none while waiting.
    assert checks_for_known == accounts_cases.MAX_FAILED_LOGINS
    assert len(checked) == 2 * accounts_cases.MAX_FAILED_LOGINS


def test_the_typed_name_is_not_stored_in_clear(
    uow: Uow, clock: FixedClock, admin: Staff, session_factory: sessionmaker[Session]
) -> None:
    _try(uow, clock, "kissa istuu ikkunalla", WRONG)  # a passphrase typed as the name
    with session_factory() as session:
        stored = session.execute(select(LoginAttemptRow.name_key, LoginAttemptRow.source)).all()
    assert len(stored) == 1
    assert "kissa" not in stored[0][0] and "kissa" not in stored[0][1]


def test_the_waiting_holds_only_at_the_source_that_guessed(
    uow: Uow, clock: FixedClock, admin: Staff
) -> None:
    desk = accounts.LoginSource.terminal("vastaanotto", "desk-1")
    office = accounts.LoginSource.terminal("paakayttaja", "office-2")
    for _ in range(accounts_cases.MAX_FAILED_LOGINS):
        _try(uow, clock, "Pää Käyttäjä", WRONG, source=desk)
    assert "odottaa" in _try(uow, clock, "Pää Käyttäjä", ADMIN_PASS, source=desk)
    assert _try(uow, clock, "Pää Käyttäjä", ADMIN_PASS, source=office) == "ok"
    assert "odottaa" in _try(uow, clock, "Pää Käyttäjä", ADMIN_PASS, source=desk)


def test_the_waiting_grows_with_each_wrong_guess_but_ends(
    uow: Uow, clock: FixedClock, admin: Staff
) -> None:
    for _ in range(accounts_cases.MAX_FAILED_LOGINS):
        last = _try(uow, clock, "Pää Käyttäjä", WRONG)
    assert last.endswith("klo 12.05.")
    waits = []
    for _ in range(6):
        clock.advance(hours=2)
        start = clock.now()
        message = _try(uow, clock, "Pää Käyttäjä", WRONG)
        assert "odottaa" in message
        with uow() as work:
            account = work.staff.account("Pää Käyttäjä")
        assert account is not None and account.locked_until is not None
        waits.append(int((account.locked_until - start).total_seconds() // 60))
    assert waits == [10, 20, 40, 60, 60, 60]
    clock.advance(minutes=60, seconds=1)
    assert _try(uow, clock, "Pää Käyttäjä", ADMIN_PASS) == "ok"
    assert _try(uow, clock, "Pää Käyttäjä", WRONG) == "Nimi tai tunnuslause on väärä."


def test_end_waiting_lets_the_only_administrator_in_again(
    uow: Uow, clock: FixedClock, admin: Staff
) -> None:
    for _ in range(accounts_cases.MAX_FAILED_LOGINS):
        _try(uow, clock, "Pää Käyttäjä", WRONG)
    assert "odottaa" in _try(uow, clock, "Pää Käyttäjä", ADMIN_PASS)
    server = accounts.LoginSource.terminal("yllapito", "server-1")
    assert accounts_cases.end_waiting(uow(), "Pää Käyttäjä", by=server) == 1
    assert _try(uow, clock, "Pää Käyttäjä", ADMIN_PASS) == "ok"
    with pytest.raises(InvalidInput, match="Tiliä Ei Ketään ei ole"):
        accounts_cases.end_waiting(uow(), "Ei Ketään", by=server)
    # The unlock is account administration too: in the chained log, with where it came from.
    with uow() as work:
        unlocks = [event for event in work.account_log() if event.action == "account.unlock"]
    assert [(event.account_name, event.detail) for event in unlocks] == [
        ("Pää Käyttäjä", server.key)
    ]


def test_an_empty_passphrase_is_not_an_attempt(
    uow: Uow, clock: FixedClock, admin: Staff, checked: list[str]
) -> None:
    for _ in range(2 * accounts_cases.MAX_FAILED_LOGINS):
        assert _try(uow, clock, "Pää Käyttäjä", "") == "Kirjoita tunnuslause ja paina Enter."
    assert checked == []
    for _ in range(accounts_cases.MAX_FAILED_LOGINS - 1):
        assert _try(uow, clock, "Pää Käyttäjä", WRONG) == "Nimi tai tunnuslause on väärä."
    assert _try(uow, clock, "Pää Käyttäjä", ADMIN_PASS) == "ok"
