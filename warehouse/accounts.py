"""Who may write: accounts, scrypt passwords, roles per block, and the login lockout.

One mechanism for the admin "Load data" page and the block editors of the review page. Pure
Python (no Streamlit): ui/auth.py draws the form, this module decides.

Accounts come from a mapping shaped like ``.streamlit/secrets.toml``::

    IPDASH_ADMIN_PASSWORD = "…"          # optional: the account "admin" (at least 12 characters)

    [accounts.kyushu]                   # the login name
    role = "editor"                     # editor (of its blocks) | admin (everything) | viewer
    blocks = ["kyushu"]                 # block ids, as in the URL
    password = "scrypt$16384$8$1$…$…"   # `python -m etl hash-password` prints this line
    email = "kyushu-ip@example.jp"      # optional: matches the e-mail of st.login (OIDC)

The lockout (``Throttle``) lives in this process and is shared by every session in it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = ("viewer", "editor", "admin")
MIN_PASSWORD_CHARS = 12
LEGACY_ADMIN_SECRET = "IPDASH_ADMIN_PASSWORD"
LEGACY_ADMIN_NAME = "admin"
# scrypt cost: 16 MB and 0.05–0.5 s per check on this 2-core machine (idle vs busy): offline guessing stays dear.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32


# --- passwords -----------------------------------------------------------------------------------

def password_problem(password: str) -> str | None:
    """Why a password is refused (too short, or blank), or None."""
    if len(password.strip()) < MIN_PASSWORD_CHARS:
        return f"the password has {len(password.strip())} characters; at least {MIN_PASSWORD_CHARS} are required"
    return None


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64): what goes into secrets.toml."""
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_LEN)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def _parse_hash(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    scheme, n, r, p, salt, digest = encoded.split("$")
    if scheme != "scrypt":
        raise ValueError(f"unknown password scheme {scheme!r}")
    return int(n), int(r), int(p), base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)


def verify_password(password: str, encoded: str) -> bool:
    """Constant-time check of ``password`` against a ``hash_password`` string."""
    n, r, p, salt, digest = _parse_hash(encoded)
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(digest),
                               maxmem=256 * 1024 * 1024)
    return hmac.compare_digest(candidate, digest)


# --- accounts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Account:
    """A signed-in person: name, role and the blocks (Japanese names) an editor may write."""

    name: str
    role: str
    blocks: frozenset[str] = frozenset()
    password_hash: str | None = field(default=None, repr=False)
    email: str | None = None
    legacy_secret: str | None = field(default=None, repr=False)  # IPDASH_ADMIN_PASSWORD, never hashed on disk

    def check_password(self, password: str) -> bool:
        if self.legacy_secret is not None:
            # compare digests, so the comparison takes the same time whatever the lengths
            return hmac.compare_digest(hashlib.sha256(password.encode("utf-8")).digest(),
                                       hashlib.sha256(self.legacy_secret.encode("utf-8")).digest())
        if self.password_hash is None:
            return False
        return verify_password(password, self.password_hash)



@dataclass(frozen=True)
class Registry:
    """The configured accounts, and what was wrong with the configuration (shown to admins)."""

    accounts: dict[str, Account]
    problems: tuple[str, ...] = ()
    short_admin_chars: int | None = None  # IPDASH_ADMIN_PASSWORD was set but refused for being this short

    def by_email(self, email: str | None) -> Account | None:
        if not email:
            return None
        wanted = email.strip().lower()
        return next((a for a in self.accounts.values() if a.email and a.email.lower() == wanted), None)

    def has_role(self, role: str) -> bool:
        return any(a.role == role for a in self.accounts.values())


def _blocks(values: Any, name: str, problems: list[str], known: Mapping[str, str]) -> frozenset[str]:
    if isinstance(values, str):
        values = [values]
    chosen: set[str] = set()
    for value in values or []:
        block = known.get(str(value).strip().lower()) or (str(value) if str(value) in known.values() else None)
        if block is None:
            problems.append(f"account {name!r}: unknown block {value!r} (use one of {', '.join(known)})")
        else:
            chosen.add(block)
    return frozenset(chosen)


def load_registry(secrets_map: Mapping[str, Any], env: Mapping[str, str] | None = None, *,
                  blocks: Mapping[str, str]) -> Registry:
    """Accounts from secrets (``[accounts.*]`` and ``IPDASH_ADMIN_PASSWORD``) and the environment.

    ``blocks``: block id (as written in secrets: kyushu) -> name as stored (九州), from etl.inputs.reference."""
    env = os.environ if env is None else env
    problems: list[str] = []
    accounts: dict[str, Account] = {}
    for name, raw in dict(secrets_map.get("accounts") or {}).items():
        if not isinstance(raw, Mapping):
            problems.append(f"account {name!r}: expected a table with role, blocks, password")
            continue
        role = str(raw.get("role", "editor"))
        if role not in ROLES:
            problems.append(f"account {name!r}: unknown role {role!r} (use one of {', '.join(ROLES)})")
            continue
        password = raw.get("password")
        if password is not None:
            try:
                _parse_hash(str(password))
            except (ValueError, TypeError) as exc:
                problems.append(f"account {name!r}: the password is not a hash from `python -m etl hash-password` "
                                f"({exc})")
                password = None
        email = raw.get("email")
        chosen = _blocks(raw.get("blocks"), name, problems, blocks)
        accounts[str(name)] = Account(name=str(name), role=role, blocks=chosen,
                                      password_hash=str(password) if password else None,
                                      email=str(email) if email else None)
    legacy = env.get(LEGACY_ADMIN_SECRET) or secrets_map.get(LEGACY_ADMIN_SECRET)
    short: int | None = None
    if legacy:
        problem = password_problem(str(legacy))
        if problem:
            problems.append(f"{LEGACY_ADMIN_SECRET} is refused: {problem}")
            short = len(str(legacy).strip())
        elif LEGACY_ADMIN_NAME in accounts:
            problems.append(f"{LEGACY_ADMIN_SECRET} is ignored: an account named {LEGACY_ADMIN_NAME!r} is configured")
        else:
            accounts[LEGACY_ADMIN_NAME] = Account(name=LEGACY_ADMIN_NAME, role="admin", legacy_secret=str(legacy))
    return Registry(accounts=accounts, problems=tuple(problems), short_admin_chars=short)


def may_write(account: Account | None, block: str, *, throttle: Throttle | None = None) -> bool:
    """Admins write every block, editors their own; viewers nobody; a locked-out account nothing."""
    if account is None or account.role == "viewer":
        return False
    if (throttle or THROTTLE).locked_for(account=account.name) > 0:
        return False
    return account.role == "admin" or (account.role == "editor" and block in account.blocks)


# --- lockout -------------------------------------------------------------------------------------

@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


@dataclass(frozen=True)
class Attempt:
    """The outcome of one login attempt."""

    account: Account | None
    wait_seconds: float = 0.0  # > 0: refused without checking the password (locked out)
    locked_now: bool = False  # this failure started or lengthened a lockout


class Throttle:
    """Failed logins per account and per client, with exponential backoff, shared by all sessions.

    An attempt counts as a failure *before* the password is checked and is taken back when it
    succeeds, so parallel sessions cannot all slip in while the first scrypt check runs.
    After ``free`` failures a key is locked for ``base * 2**k`` seconds (k = failures beyond the
    free ones), at most ``cap``; a key's failures are forgotten ``forget_after`` seconds after the last.
    """

    def __init__(self, *, account_free: int = 3, client_free: int = 10, base: float = 2.0, cap: float = 900.0,
                 forget_after: float = 3600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.free = {"account": account_free, "client": client_free}
        self.base, self.cap, self.forget_after, self.clock = base, cap, forget_after, clock
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], _Failures] = {}

    def _get(self, kind: str, key: str, now: float) -> _Failures:
        entry = self._failures.setdefault((kind, key), _Failures())
        if entry.count and now - entry.last > self.forget_after and now >= entry.locked_until:
            entry.count = 0
        return entry

    def _wait(self, kind: str, key: str | None, now: float) -> float:
        return 0.0 if key is None else max(0.0, self._get(kind, key, now).locked_until - now)

    def locked_for(self, *, account: str | None = None, client: str | None = None) -> float:
        """Seconds until this account / client may try again (0 = now)."""
        with self._lock:
            now = self.clock()
            return max(self._wait("account", account, now), self._wait("client", client, now))

    def _fail(self, kind: str, key: str, now: float) -> bool:
        entry = self._get(kind, key, now)
        entry.count += 1
        entry.last = now
        beyond = entry.count - self.free[kind]
        if beyond >= 0:
            entry.locked_until = now + min(self.cap, self.base * 2**beyond)
            return True
        return False

    def begin(self, account: str, client: str) -> tuple[float, bool]:
        """(seconds to wait, locked now). Wait > 0: refuse. Otherwise the attempt is counted as failed."""
        with self._lock:
            now = self.clock()
            wait = max(self._wait("account", account, now), self._wait("client", client, now))
            if wait > 0:
                return wait, False
            locked = self._fail("account", account, now)
            return 0.0, self._fail("client", client, now) or locked

    def succeeded(self, account: str, client: str) -> None:
        """Take back the provisional failure: the account starts afresh, the client keeps its others."""
        with self._lock:
            now = self.clock()
            self._failures.pop(("account", account), None)
            entry = self._get("client", client, now)
            entry.count = max(0, entry.count - 1)
            if entry.count < self.free["client"]:
                entry.locked_until = 0.0

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()


THROTTLE = Throttle()


def authenticate(registry: Registry, name: str, password: str, client: str, *,
                 throttle: Throttle | None = None) -> Attempt:
    """Check a name and password under the lockout. Unknown names cost the same as wrong passwords."""
    throttle = throttle or THROTTLE
    name = name.strip()
    wait, locked_now = throttle.begin(name, client)
    if wait > 0:
        return Attempt(account=None, wait_seconds=wait)
    account = registry.accounts.get(name)
    if account is not None and account.check_password(password):
        throttle.succeeded(name, client)
        return Attempt(account=account)
    if account is None or account.password_hash is None and account.legacy_secret is None:
        # the same scrypt work as a real check, so timing does not tell which names exist
        verify_password(password, _DUMMY_HASH)
    return Attempt(account=None, locked_now=locked_now)


_DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + base64.b64encode(bytes(32)).decode()
