"""argparse in the user's language: its headings, its help and its error messages.

argparse writes its own words in English ("usage:", "options:", "show this help
message and exit", "invalid choice: …"). The ``rinnalla`` command line speaks the
chosen language throughout, so every one of those words comes from the
catalogues, through the hooks argparse offers to subclasses:

- the usage line's prefix through :meth:`Formatter.add_usage`;
- the section headings by retitling a parser's two argument groups;
- ``-h``/``--help`` added by :class:`Parser` itself (``add_help=False`` to
  argparse) with a translated help text;
- the error messages in :meth:`Parser.error`, which receives argparse's English
  sentence: :data:`MESSAGES` lists each sentence argparse can say while parsing,
  as it is written in argparse's source, with the key of its translation. A
  test reads argparse's source and fails when it has a sentence this list does
  not cover, so a new Python cannot bring English back unnoticed.

``argparse._`` (gettext's global domain) is left alone: the catalogues' msgids are
keys, not argparse's English, and the process-wide domain is not this module's.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, NoReturn

from domain.i18n import N_, ntr, tr


@dataclass(frozen=True)
class Message:
    """One sentence argparse says about a command line, and its translation.

    ``english`` is argparse's format string with each positional ``%s`` / ``%r``
    given a name (``%(names)s``), so that the translation can say ``{names}``.
    A ``%(count)s`` is argparse's one sentence in singular and plural (``ngettext``),
    translated as such.
    """

    english: str
    key: str


ARGUMENT = Message("argument %(argument_name)s: %(message)s", N_("argparse.argument"))
"""The frame around a message about one argument: its name, then the message."""

MESSAGES: tuple[Message, ...] = (
    # Most specific first: "expected %s argument" would also read "expected at most one".
    Message("expected one argument", N_("argparse.expected_one")),
    Message("expected at most one argument", N_("argparse.expected_at_most_one")),
    Message("expected at least one argument", N_("argparse.expected_at_least_one")),
    Message("expected %(count)s argument", "argparse.expected_count"),
    Message("expected %(count)s arguments", "argparse.expected_count"),
    Message("invalid choice: %(value)r (choose from %(choices)s)", N_("argparse.invalid_choice")),
    Message("invalid %(type)s value: %(value)r", N_("argparse.invalid_value")),
    Message("the following arguments are required: %(names)s", N_("argparse.required")),
    Message("one of the arguments %(names)s is required", N_("argparse.one_required")),
    Message("unrecognized arguments: %(arguments)s", N_("argparse.unrecognized")),
    Message("not allowed with argument %(other)s", N_("argparse.not_allowed_with")),
    Message("ignored explicit argument %(value)r", N_("argparse.ignored_explicit")),
    Message(
        "ambiguous option: %(option)s could match %(matches)s", N_("argparse.ambiguous_option")
    ),
    Message("unexpected option string: %(option)s", N_("argparse.unexpected_option")),
    Message(
        "unknown parser %(parser_name)r (choices: %(choices)s)", N_("argparse.unknown_command")
    ),
)
"""Every sentence argparse can say about a command line a user typed (Python 3.11)."""

HEADINGS = {
    "usage: ": N_("argparse.usage"),
    "positional arguments": N_("argparse.positionals"),
    "options": N_("argparse.options"),
    "show this help message and exit": N_("argparse.help"),
    "show program's version number and exit": N_("argparse.version"),
}
"""argparse's words in a help text, and their keys."""

NEVER_SHOWN = {
    # Mistakes in building a parser: they stop the program's author, not a user.
    ".__call__() not defined",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "conflicting option string: %s",
    "conflicting option strings: %s",
    "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments",
    "%r is not callable",
    # add_subparsers(title=…) only: the commands are listed without a heading of their own.
    "subcommands",
    # argparse.FileType, which no option uses: files are opened by the commands.
    'argument "-" with mode %r',
    "can't open '%(filename)s': %(error)s",
    # Replaced whole by Parser.error, with the message already translated.
    "%(prog)s: error: %(message)s\n",
}
"""argparse's sentences that a user of ``rinnalla`` never sees, and why."""

COMMAND_DESTS = re.compile(r"\b(?:db_|user_|audit_)?command\b")
"""argparse names a missing subcommand by its ``dest``; the user reads COMMAND."""

NAME_PARAMETERS = frozenset({"argument_name", "names", "other"})
"""The placeholders that name arguments (rather than repeat what the user typed)."""


@cache
def _pattern(english: str) -> re.Pattern[str]:
    """argparse's format as a regular expression with a named group per placeholder."""
    pieces = re.split(r"%\((\w+)\)[sr]", english)
    parts: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            parts.append(re.escape(piece))
        elif piece == "count":
            parts.append(r"(?P<count>\d+)")
        else:
            parts.append(f"(?P<{piece}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


def _names(text: str) -> str:
    return COMMAND_DESTS.sub(tr("cli.command_word"), text)


def translate(message: str) -> str:
    """``message`` from argparse, on one line and in the user's language.

    A message not in :data:`MESSAGES` is one of this program's own, raised by
    an option's type (``argparse.ArgumentTypeError``) and translated already.
    """
    line = " ".join(message.split())
    framed = _pattern(ARGUMENT.english).fullmatch(line)
    if framed is not None:
        return tr(
            ARGUMENT.key,
            argument_name=_names(framed["argument_name"]),
            message=translate(framed["message"]),
        )
    for known in MESSAGES:
        found = _pattern(known.english).fullmatch(line)
        if found is None:
            continue
        params = {
            name: _names(value) if name in NAME_PARAMETERS else value
            for name, value in found.groupdict().items()
        }
        if "count" in params:
            count = int(params["count"])
            return ntr("argparse.expected_count", "argparse.expected_count_plural", count)
        return tr(known.key, **params)
    return line


class Formatter(argparse.HelpFormatter):
    """argparse's help layout with the usage line's prefix in the user's language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        # argparse passes "" for the usage it builds into a subcommand's name.
        super().add_usage(
            usage, actions, groups, tr(HEADINGS["usage: "]) if prefix is None else prefix
        )


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose every word is in the user's language.

    A mistyped command line is reported as one line, not usage and error. The
    parsers of the subcommands are this class too (``add_subparsers`` makes its
    parsers of the parser's own class). ``parents=`` is not taken: a parent's
    argument groups are matched to the child's by title, and the child's titles
    are only translated after argparse has built it; the common options are
    added to each parser instead.
    """

    def __init__(self, **kwargs: Any) -> None:
        if kwargs.get("parents"):
            raise TypeError("Parser takes no parents; add the shared options to each parser")
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = tr(HEADINGS["positional arguments"])
        self._optionals.title = tr(HEADINGS["options"])
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=tr(HEADINGS["show this help message and exit"]),
            )

    def add_version(self, version: str) -> None:
        """``--version``, with its help in the user's language."""
        self.add_argument(
            "--version",
            action="version",
            version=version,
            help=tr(HEADINGS["show program's version number and exit"]),
        )

    def error(self, message: str) -> NoReturn:
        self.exit(2, tr("cli.usage_error", prog=self.prog, message=translate(message)) + "\n")
