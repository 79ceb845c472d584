"""The command line speaks the chosen language throughout, argparse's own words included.

Every subcommand's ``--help`` in Finnish and Swedish, with ``--lang`` before or
after the subcommand, and every mistake argparse reports: no English word of
argparse's and no catalogue key may show. The parsers are read from
:func:`build_parser` itself, so a new subcommand is covered without touching
this file.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.i18n import all_keys, tr_in
from tests.integration.test_cli_inputs import LEAVES, _subparsers, assert_calm_failure, run
from tui.cli import build_parser

ENGLISH = re.compile(
    r"\b(?:usage|options?|optional|positional|show this help|help message|arguments"
    r"|required|invalid|choices?|choose|expected|unrecognized|ambiguous|allowed"
    r"|ignored|explicit|error|exit|program's|version number|default|the following)\b",
    re.IGNORECASE,
)
"""argparse's English words; none is a Finnish or Swedish word."""

KEY_LIKE = re.compile(r"\b[a-z_]+\.[a-z_.]+\b")


def raw_keys(text: str) -> set[str]:
    """Catalogue keys shown as they are, instead of their text."""
    return {found for found in KEY_LIKE.findall(text) if found.rstrip(".") in all_keys()}


def _paths(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Every parser's command words: the main one, each subcommand and each of theirs."""
    yield prefix
    sub = _subparsers(parser)
    if sub is not None:
        for name, child in sub.choices.items():
            yield from _paths(child, (*prefix, name))


PATHS = list(_paths(build_parser()))
COMMAND_WORDS = {word for path in PATHS for word in path}


def test_every_parser_is_found() -> None:
    assert {(), ("db",), ("db", "upgrade"), ("user", "add"), ("audit", "client")} <= set(PATHS)


@pytest.mark.parametrize("before", [True, False], ids=["lang first", "lang last"])
@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("path", PATHS, ids=[" ".join(path) or "rinnalla" for path in PATHS])
def test_every_help_is_wholly_in_the_language_asked_for(
    path: tuple[str, ...], language: str, before: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """``rinnalla --lang sv --help`` and ``rinnalla user add --help --lang sv``."""
    argv = (
        ["--lang", language, *path, "--help"] if before else [*path, "--help", "--lang", language]
    )
    code, out, err = run(argv, capsys)
    assert code == 0
    assert err == ""
    assert out.startswith(tr_in(language, "argparse.usage") + "rinnalla")
    assert f"\n{tr_in(language, 'argparse.options')}:\n" in out
    assert tr_in(language, "argparse.help") in out
    assert ENGLISH.findall(out) == []
    assert raw_keys(out) == set()
    # No placeholder left unfilled; a one-word choice list such as {upgrade} is no placeholder.
    assert set(re.findall(r"\{([a-z_]+)\}", out)) <= COMMAND_WORDS


def test_the_swedish_help_names_the_placeholders_in_swedish(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _code, out, _err = run(["user", "add", "--help", "--lang", "sv"], capsys)
    assert out.splitlines()[0].startswith("användning: rinnalla user add [-h]")
    assert "[--as NAMN]" in out and "[--location KOD]" in out
    assert "\nargument:\n  NAMN " in out
    # The roles are typed as stored; the help says what each is called in Swedish.
    assert "admin = Huvudanvändare" in " ".join(out.split())


@pytest.mark.parametrize("argv", [["--lang=sv"], ["--la", "sv"], ["--lang", "fi", "--lang", "sv"]])
def test_the_language_is_read_as_argparse_reads_it(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Written out with ``=``, shortened, or given twice (the last counts)."""
    _code, out, _err = run([*argv, "card", "--help"], capsys)
    assert out.startswith("användning: rinnalla card")


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
@pytest.mark.parametrize("leaf", LEAVES, ids=[" ".join(leaf[:2]) for leaf in LEAVES])
def test_an_unknown_language_is_one_line_in_the_configured_language(
    leaf: list[str],
    before: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--lang xx`` is refused before anything runs; the refusal is in the language the
    environment names, as everything else would have been."""
    monkeypatch.setenv("RINNALLA_LANG", "sv")
    argv = ["--lang", "xx", *leaf] if before else [*leaf, "--lang", "xx"]
    code, _out, err = run(argv, capsys)
    line = assert_calm_failure(code, err)
    assert code == 2
    assert ": --lang: 'xx' duger inte; alternativ: 'fi', 'en', 'sv' (hjälp: rinnalla" in line


def test_an_unknown_language_without_another_is_refused_in_finnish(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run(["demo", "--lang", "xx"], capsys)
    assert code == 2
    assert err.splitlines() == [
        "rinnalla demo: --lang: 'xx' ei käy; vaihtoehdot: 'fi', 'en', 'sv'"
        " (ohje: rinnalla demo --help)"
    ]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["card"], "rinnalla card: dessa saknas: KLIENT"),
        (["db"], "rinnalla db: dessa saknas: KOMMANDO"),
        (
            ["tuntematon"],
            "rinnalla: KOMMANDO: 'tuntematon' duger inte; alternativ: 'db', 'demo', 'card',"
            " 'agenda', 'minutes', 'hours', 'report', 'user', 'audit', 'serve'",
        ),
        (["card", "1", "--extra"], "rinnalla: okända argument: --extra"),
        (
            ["demo", "--days", "1", "--years", "1"],
            "rinnalla demo: --years: kan inte användas tillsammans med --days",
        ),
        (["--lo", "x"], "rinnalla: --lo kan betyda flera av dessa: --location, --location-name"),
        (["demo", "--clients"], "rinnalla demo: --clients: ange ett värde"),
        (["demo", "--add=1"], "rinnalla demo: --add: tar inget värde (angivet: '1')"),
        (["-hx"], "rinnalla: -h/--help: tar inget värde (angivet: 'x')"),
        (
            ["agenda", "1", "--format", "pdf"],
            "rinnalla agenda: --format: 'pdf' duger inte; alternativ: 'md', 'ics'",
        ),
        (["user", "role", "Eeva"], "rinnalla user role: dessa saknas: --role"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_mistyped_command_line_is_told_in_swedish(
    argv: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run([*argv, "--lang", "sv"], capsys)
    assert code == 2
    prog = line.split(":")[0]
    assert err.splitlines() == [f"{line} (hjälp: {prog} --help)"]


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("fi", "kansiota tai tiedostoa ei ole"),
        ("sv", "mappen eller filen finns inte"),
        ("en", "no such folder or file"),
    ],
)
def test_a_file_that_cannot_be_written_says_why_in_the_language(
    language: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The system's reason ("No such file or directory") is worded in the user's language.

    ``audit verify`` needs no login: the anchor file is the first file it writes.
    """
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run(["db", "upgrade", "--db", url], capsys)[0] == 0
    anchor = tmp_path / "no-such-folder" / "anchor.json"
    code, _out, err = run(
        ["audit", "verify", "--db", url, "--anchor-file", str(anchor), "--lang", language], capsys
    )
    assert code == 1
    assert err.splitlines() == [
        tr_in(language, "cli.audit_anchor_unwritable", path=str(anchor), reason=reason)
    ]
