"""Accounts and the login lockout: scrypt hashes, roles per block, backoff per account and per client."""

from __future__ import annotations

import threading

import pytest

from etl.inputs.reference import blocks
from warehouse import accounts
from warehouse.accounts import Throttle, authenticate, hash_password, load_registry, may_write, verify_password

KYUSHU_PW = "kyushu-editor-パスワード"
BLOCKS = {block.id: block.name_ja for block in blocks()}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def registry() -> accounts.Registry:
    return load_registry({
        "accounts": {
            "kyushu": {"role": "editor", "blocks": ["kyushu"], "password": hash_password(KYUSHU_PW),
                       "email": "Kyushu@Example.jp"},
            "reader": {"role": "viewer", "password": hash_password("just-reading-123")},
        },
        "IPDASH_ADMIN_PASSWORD": "admin-password-long",
    }, env={}, blocks=BLOCKS)


def test_scrypt_hash_round_trip_and_short_passwords_refused() -> None:
    encoded = hash_password("correct horse battery")
    assert encoded.startswith("scrypt$16384$8$1$") and "correct" not in encoded
    assert verify_password("correct horse battery", encoded)
    assert not verify_password("correct horse batterY", encoded)
    assert hash_password("correct horse battery") != encoded  # salted
    for short in ("", " ", "elevenchars", " " * 20):
        with pytest.raises(ValueError, match="at least 12"):
            hash_password(short)


def test_short_admin_password_enables_nothing_and_says_why() -> None:
    for value in (" ", "s3cret", "elevenchars"):
        registry = load_registry({}, env={"IPDASH_ADMIN_PASSWORD": value}, blocks=BLOCKS)
        assert "admin" not in registry.accounts
        assert any("at least 12" in p for p in registry.problems)
    registry = load_registry({"IPDASH_ADMIN_PASSWORD": "twelve-chars"}, env={}, blocks=BLOCKS)
    assert registry.accounts["admin"].role == "admin" and not registry.problems


def test_registry_reports_bad_settings_instead_of_failing() -> None:
    registry = load_registry({"accounts": {
        "a": {"role": "editor", "blocks": ["atlantis"], "password": "plain text"},
        "b": {"role": "boss"},
    }}, env={}, blocks=BLOCKS)
    text = "\n".join(registry.problems)
    assert "unknown block 'atlantis'" in text and "not a hash" in text and "unknown role 'boss'" in text
    assert registry.accounts["a"].password_hash is None and "b" not in registry.accounts


def test_permissions_per_block_and_role(registry: accounts.Registry) -> None:
    throttle = Throttle()
    kyushu, reader, admin = (registry.accounts[n] for n in ("kyushu", "reader", "admin"))
    assert kyushu.blocks == frozenset({"九州"})
    assert may_write(kyushu, "九州", throttle=throttle)
    assert not may_write(kyushu, "四国", throttle=throttle)
    assert not may_write(reader, "九州", throttle=throttle)
    assert not may_write(None, "九州", throttle=throttle)
    assert may_write(admin, "四国", throttle=throttle)
    assert registry.by_email("kyushu@example.jp") == kyushu


def test_login_checks_the_password(registry: accounts.Registry) -> None:
    throttle = Throttle()
    assert authenticate(registry, "kyushu", KYUSHU_PW, "10.0.0.1", throttle=throttle).account.name == "kyushu"  # type: ignore[union-attr]
    assert authenticate(registry, "kyushu", "wrong", "10.0.0.1", throttle=throttle).account is None
    assert authenticate(registry, "nobody", KYUSHU_PW, "10.0.0.1", throttle=throttle).account is None
    assert authenticate(registry, "admin", "admin-password-long", "10.0.0.1", throttle=throttle).account.role == "admin"  # type: ignore[union-attr]


def test_lockout_per_account_with_backoff_even_for_the_right_password(registry: accounts.Registry) -> None:
    clock = Clock()
    throttle = Throttle(account_free=3, client_free=100, base=2, cap=60, clock=clock)
    for i in range(3):  # from three different clients: the account is what is locked
        assert authenticate(registry, "kyushu", "guess", f"client{i}", throttle=throttle).account is None
    locked = authenticate(registry, "kyushu", KYUSHU_PW, "client9", throttle=throttle)
    assert locked.account is None and locked.wait_seconds == pytest.approx(2)
    assert not may_write(registry.accounts["kyushu"], "九州", throttle=throttle)  # a locked-out account cannot write
    clock.now += 2.5
    assert authenticate(registry, "kyushu", "guess", "client9", throttle=throttle).locked_now
    assert throttle.locked_for(account="kyushu") == pytest.approx(4)  # doubled
    clock.now += 4.5
    authenticate(registry, "kyushu", "guess", "client9", throttle=throttle)
    assert throttle.locked_for(account="kyushu") == pytest.approx(8)
    for _ in range(10):
        clock.now += 61
        authenticate(registry, "kyushu", "guess", "client9", throttle=throttle)
    assert throttle.locked_for(account="kyushu") == pytest.approx(60)  # capped
    clock.now += 61
    assert authenticate(registry, "kyushu", KYUSHU_PW, "client9", throttle=throttle).account is not None
    assert throttle.locked_for(account="kyushu") == 0  # success starts afresh
    assert may_write(registry.accounts["kyushu"], "九州", throttle=throttle)


def test_lockout_per_client_across_accounts(registry: accounts.Registry) -> None:
    clock = Clock()
    throttle = Throttle(account_free=100, client_free=5, base=2, cap=60, clock=clock)
    for i in range(5):  # one client spraying five account names
        authenticate(registry, f"user{i}", "guess", "203.0.113.9", throttle=throttle)
    refused = authenticate(registry, "kyushu", KYUSHU_PW, "203.0.113.9", throttle=throttle)
    assert refused.account is None and refused.wait_seconds > 0
    assert authenticate(registry, "kyushu", KYUSHU_PW, "198.51.100.7", throttle=throttle).account is not None


def test_parallel_guesses_cannot_outrun_the_lockout(registry: accounts.Registry) -> None:
    """20 sessions guessing at once: only the free attempts are checked, the rest wait."""
    throttle = Throttle(account_free=3, client_free=100, base=30, cap=60)
    results: list[accounts.Attempt] = []
    lock = threading.Lock()

    def guess(i: int) -> None:
        attempt = authenticate(registry, "kyushu", f"guess{i}", f"c{i}", throttle=throttle)
        with lock:
            results.append(attempt)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(1 for r in results if r.wait_seconds == 0) == 3
    assert authenticate(registry, "kyushu", KYUSHU_PW, "c99", throttle=throttle).account is None
