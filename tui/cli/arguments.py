"""The values typed on the command line, each checked as argparse reads it.

A value that cannot be used is refused with argparse's one line, in the
user's language, before any command opens the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable

from domain import formats
from domain.clock import parse_date
from domain.i18n import tr

MAX_ID = 2**31 - 1
"""The largest id the database can hold on every engine (PostgreSQL's ``integer``)."""

MAX_PORT = 65_535
HOST = re.compile(r"[A-Za-z0-9.:-]{1,253}")
MAX_DEMO_CLIENTS = 1_000_000
MAX_DEMO_DAYS = 100 * 365
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
"""Dates on the command line are between these; comparing with the period before
must not run off the calendar."""


def _whole(text: str) -> int | None:
    """``text`` as a whole number of plain digits (no sign, no ``²``), else ``None``."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else None


def count_up_to(maximum: int) -> Callable[[str], int]:
    """A size on the command line: a whole number from 0 to ``maximum``."""

    def count(text: str) -> int:
        number = _whole(text)
        if number is None or number > maximum:
            raise argparse.ArgumentTypeError(tr("cli.not_negative", maximum=maximum))
        return number

    return count


def count(text: str) -> int:
    """Any whole number, zero or more (a random seed)."""
    number = _whole(text)
    if number is None:
        raise argparse.ArgumentTypeError(tr("cli.not_a_number"))
    return number


def record_id(text: str) -> int:
    """An id (client, meeting, team): a whole number the database can hold."""
    number = _whole(text)
    if number is None or not 1 <= number <= MAX_ID:
        raise argparse.ArgumentTypeError(tr("cli.not_an_id", maximum=MAX_ID))
    return number


def id_or_term(text: str) -> int | str:
    """A client or a meeting on the command line: its id, or a search term.

    Digits, signed or not, are an id (and must be one the database can hold:
    ``-1`` is a mistyped id, not a search); anything else is a term to search
    with. A term of spaces only is neither.
    """
    digits = text.strip().lstrip("+-")
    if digits.isascii() and digits.isdigit():
        return record_id(text.strip())
    if not text.strip():
        raise argparse.ArgumentTypeError(tr("cli.term_missing"))
    return text


def head(text: str) -> str:
    """A hash printed by ``audit verify``, written down whole or its beginning."""
    from domain.audit import parse_head

    parsed = parse_head(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(tr("cli.audit_bad_head"))
    return parsed


def day(text: str) -> dt.date:
    """A date on the command line: 2026-11-01, 1.11.2026 or 01/11/2026."""
    try:
        parsed: dt.date | None = dt.date.fromisoformat(text)
    except ValueError:
        try:
            parsed = parse_date(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    if parsed is None:
        raise argparse.ArgumentTypeError(tr("cli.report_date_missing"))
    if not FIRST_DAY <= parsed <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            tr("cli.date_range", first=formats.date(FIRST_DAY), last=formats.date(LAST_DAY))
        )
    return parsed


def port(text: str) -> int:
    """A TCP port to listen on: 1–65535."""
    number = _whole(text)
    if number is None or not 1 <= number <= MAX_PORT:
        raise argparse.ArgumentTypeError(tr("cli.not_a_port", maximum=MAX_PORT))
    return number


def host(text: str) -> str:
    """An address to listen on: a machine's name or an IP address (IPv6 without brackets),
    without a scheme or a port; plain ASCII, as the socket library takes it."""
    stripped = text.strip()
    if not HOST.fullmatch(stripped) or stripped.count(":") == 1:
        raise argparse.ArgumentTypeError(tr("cli.not_a_host"))
    return stripped


def public_url(text: str) -> str:
    """The address the browsers use when a reverse proxy stands in front: http(s)://…"""
    from urllib.parse import urlsplit

    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise argparse.ArgumentTypeError(tr("cli.not_a_public_url"))
    return text.strip().rstrip("/")
