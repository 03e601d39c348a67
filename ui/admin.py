"""The admin gate of the Load data page; what follows the gate is ui.loading.

Accounts, lockout and session expiry are ui.auth / warehouse.accounts (shared with the review page).
"""

from __future__ import annotations

from ui import auth
from ui.i18n import t


def unlocked() -> bool:
    """True for a signed-in administrator; otherwise draws how to enable the page, or the login form."""
    return auth.gate("admin", disabled=t("admin.disabled"))
