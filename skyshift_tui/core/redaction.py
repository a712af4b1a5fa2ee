"""Passwords are never shown: a store's address with its password masked, and a last look over
any text that leaves the program.

`etcd://bob:B0bPass@127.0.0.1:abc` came back whole in the error about its port, and `migrate`
printed its `--to` in its summary. Every place that shows a store's address takes it through
`store_address` (`etcd://bob:***@127.0.0.1:2379`); the error printer, the notes on stderr, the
TUI's notifications and the crash log pass all their text through `redact`, which masks the
credentials of any URL in it and every password this process was given (in a URL or in
$SKYSHIFT_ETCD_PASSWORD), wherever it appears. No Textual, no I/O: the CLI's error path
imports it.
"""

from __future__ import annotations

import os
import re
from functools import cache

MASK = "***"
PASSWORD_ENV_VAR = "SKYSHIFT_ETCD_PASSWORD"
MIN_MASKED_LENGTH = 4
"""A known password shorter than this is not looked for in free text (`redact`): a password
`ab` would mask every `ab` of every message. URLs are masked whatever their password's length."""

_passwords: set[str] = set()


def store_address(location: str) -> str:
    """`location` as it may be shown: the password of `SCHEME://USER:PASSWORD@HOSTS` masked,
    the user kept (`etcd://bob:***@host:2379`); anything else unchanged. The credentials end at
    the last `@`, as `etcd_client.parse_etcd_url` reads them."""
    scheme, separator, rest = location.partition("://")
    if not separator or "@" not in rest:
        return location
    credentials, _, hosts = rest.rpartition("@")
    user, colon, _ = credentials.partition(":")
    return f"{scheme}://{user}{':' + MASK if colon else ''}@{hosts}"


def remember_password(password: str | None) -> None:
    """A password this process was given: `redact` masks it wherever it appears."""
    if password:
        _passwords.add(password)


@cache
def _credentials() -> re.Pattern[str]:
    # SCHEME://USER:PASSWORD@ inside any text; the password runs to the last `@` of the word.
    return re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*://[^\s/@:'\"]*):[^\s'\"]*@")


def redact(text: str) -> str:
    """`text` with the password of every URL in it and every known password masked."""
    if "://" in text and "@" in text:
        text = _credentials().sub(rf"\1:{MASK}@", text)
    known = [*_passwords, os.environ.get(PASSWORD_ENV_VAR) or ""]
    for password in sorted(known, key=len, reverse=True):  # a longer one may hold a shorter
        if len(password) >= MIN_MASKED_LENGTH and password in text:
            text = text.replace(password, MASK)
    return text
