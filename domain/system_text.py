"""The operating system's and the TOML reader's reasons, worded in the user's language.

``OSError.strerror`` is the C library's English ("No such file or directory")
and ``tomllib`` explains a broken file in English ("Invalid value (at line 3,
column 8)"). Where such a reason reaches a user (a file that cannot be
written, a configuration file that cannot be read), it is worded here instead:
from the error number, or from the place in the file, never by passing the
English sentence through. An error number not listed keeps the system's
wording: rare, and better than no reason at all.
"""

from __future__ import annotations

import errno
import re
import socket
from collections.abc import Mapping

from domain.i18n import N_, tr

_OS_KEYS: Mapping[int, str] = {
    errno.ENOENT: N_("os_error.not_found"),
    errno.EACCES: N_("os_error.denied"),
    errno.EPERM: N_("os_error.denied"),
    errno.EISDIR: N_("os_error.is_folder"),
    errno.ENOTDIR: N_("os_error.not_folder"),
    errno.ENOSPC: N_("os_error.disk_full"),
    errno.EDQUOT: N_("os_error.disk_full"),
    errno.EROFS: N_("os_error.read_only"),
    errno.ENAMETOOLONG: N_("os_error.name_too_long"),
    # An address `rinnalla serve` cannot listen on.
    errno.EADDRINUSE: N_("os_error.address_in_use"),
    errno.EADDRNOTAVAIL: N_("os_error.address_not_here"),
    socket.EAI_NONAME: N_("os_error.unknown_host"),
}
"""The reasons a file cannot be read or written, or an address listened on, that a user
can do something about. (A name lookup's error numbers are negative: no clash.)"""

_TOML_PLACE = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def os_reason(error: OSError) -> str:
    """Why the file could not be used, in the user's language."""
    key = _OS_KEYS.get(error.errno) if error.errno is not None else None
    if key is not None:
        return tr(key)
    return error.strerror or type(error).__name__


def toml_reason(error: ValueError) -> str:
    """Why ``tomllib`` refused a file: not TOML, and where, in the user's language."""
    place = _TOML_PLACE.search(str(error))
    if place is None:
        return tr("toml_error.invalid")
    return tr("toml_error.invalid_at", line=place["line"], column=place["column"])
