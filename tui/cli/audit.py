"""``rinnalla audit``: check the access log's chain, list a client's accesses or the
account administration (R12)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from domain.i18n import tr
from domain.system_text import os_reason
from domain.text import clean_text
from tui.cli.login import signed_in
from tui.cli.output import local_time, print_table
from tui.private_files import write_private

if TYPE_CHECKING:
    from domain.audit import Anchor
    from tui.settings import Settings


def verify(settings: Settings, *, expected_heads: Sequence[str], anchor_file: str | None) -> int:
    """Check the access-log chain; a break is named on stderr with exit code 1.

    The log must still contain every head given (``--expect-head``) and the
    one kept in ``anchor_file``, which an intact check then replaces with the
    newest head. No worker is identified and nothing is written to the
    database: the check must not change what it checks, so an old schema is
    not migrated here either. Only event ids, times and hashes are printed,
    never whose data they concern.
    """
    from domain.audit import Anchor
    from tui.composition import verify_access_log

    anchors = [Anchor(head=head) for head in expected_heads]
    if anchor_file is not None:
        try:
            kept = _read_anchor(anchor_file)
        except (OSError, ValueError) as error:
            reason = (
                os_reason(error) if isinstance(error, OSError) else tr("cli.audit_anchor_garbled")
            )
            print(
                tr("cli.audit_anchor_unreadable", path=anchor_file, reason=reason), file=sys.stderr
            )
            return 1
        if kept is not None:
            anchors.append(kept)
    check = verify_access_log(settings, anchors)
    if check is None:
        print(tr("cli.audit_not_current"), file=sys.stderr)
        return 1
    bad = check.first_bad
    if bad is not None:
        at = local_time(bad.at)
        print(
            tr("cli.audit_bad", event_id=bad.id, at=at, problem=bad.problem.label),
            file=sys.stderr,
        )
        if bad.previous_id is None:
            print(tr("cli.audit_bad_first"), file=sys.stderr)
        else:
            print(tr("cli.audit_bad_previous", event_id=bad.previous_id), file=sys.stderr)
        return 1
    if check.missing_anchors:
        for anchor in check.missing_anchors:
            print(tr("cli.audit_anchor_missing", head=anchor.head), file=sys.stderr)
        return 1
    print(tr("cli.audit_ok", count=check.checked))
    if check.last_id is None:
        print(tr("cli.audit_head_empty", head=check.head))
    else:
        print(tr("cli.audit_head", event_id=check.last_id, head=check.head))
    if check.anchor_id == 0:
        print(tr("cli.audit_anchor_empty", count=check.after_anchor))
    elif check.anchor_id is not None:
        print(tr("cli.audit_anchor_found", event_id=check.anchor_id, count=check.after_anchor))
    if anchor_file is not None:
        try:
            _write_anchor(anchor_file, check.last_id, check.head)
        except OSError as error:
            reason = os_reason(error)
            print(
                tr("cli.audit_anchor_unwritable", path=anchor_file, reason=reason), file=sys.stderr
            )
            return 1
        print(tr("cli.audit_anchor_saved", path=anchor_file))
    print(tr("cli.audit_keep_head", head=check.head))
    return 0


def _read_anchor(path: str) -> Anchor | None:
    """The head kept by the last intact check, or None before the first one.

    ValueError: the file is not one this command wrote.
    """
    import json

    from domain.audit import Anchor, parse_head

    try:
        with open(path, encoding="utf-8") as handle:
            content = json.load(handle)
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as error:
        raise ValueError("not JSON") from error
    if not isinstance(content, dict):
        raise ValueError("not an anchor")
    event_id, head = content.get("event_id"), content.get("head")
    if not (event_id is None or (isinstance(event_id, int) and event_id > 0)):
        raise ValueError("bad event id")
    if not isinstance(head, str) or parse_head(head) is None:
        raise ValueError("bad head")
    return Anchor(head=head, event_id=event_id)


def _write_anchor(path: str, event_id: int | None, head: str) -> None:
    """Replace the kept head in one step, so that an interrupted write leaves the old one."""
    import json

    text = json.dumps({"event_id": event_id, "head": head}) + "\n"
    partial = f"{path}.uusi"
    write_private(partial, text)
    os.replace(partial, path)


def client(settings: Settings, client_id: int, *, purpose: str | None) -> int:
    """Who has accessed the client's data, for the client's own request (R12).

    The listing is itself an access, logged by the use case. Worker names are
    printed literally but without control characters.
    """
    from domain.access import AccessDenied
    from domain.errors import NotFound
    from domain.use_cases.audit import client_access_listing

    context = signed_in(settings)
    if context is None:
        return 1
    try:
        entries = client_access_listing(
            context.uow(), client_id, actor=context.actor, purpose=purpose
        )
    except NotFound:
        print(tr("cli.card_unknown", client_id=client_id), file=sys.stderr)
        return 1
    except AccessDenied as refused:
        print(refused.message, file=sys.stderr)
        return 1
    if not entries:
        print(tr("cli.audit_none"))
        return 0
    header = (
        tr("cli.audit_col_time"),
        tr("cli.audit_col_worker"),
        tr("cli.audit_col_action"),
        tr("cli.audit_col_purpose"),
    )
    print_table(
        header,
        [
            (
                local_time(entry.at),
                clean_text(entry.actor_name),
                entry.action_label,
                clean_text(entry.purpose or ""),
            )
            for entry in entries
        ],
    )
    return 0


def accounts(settings: Settings) -> int:
    """Account administration from the access log, newest first, for an administrator."""
    from domain.errors import DomainError
    from domain.use_cases.audit import account_administration_log

    context = signed_in(settings)
    if context is None:
        return 1
    try:
        entries = account_administration_log(context.uow(), actor=context.actor)
    except DomainError as refused:
        print(refused.message, file=sys.stderr)
        return 1
    if not entries:
        print(tr("cli.audit_accounts_none"))
        return 0
    header = (
        tr("cli.audit_col_time"),
        tr("cli.audit_col_worker"),
        tr("cli.audit_col_action"),
        tr("cli.audit_col_account"),
        tr("cli.audit_col_role"),
    )
    print_table(
        header,
        [
            (
                local_time(entry.at),
                clean_text(entry.actor_name),
                entry.action_label,
                clean_text(entry.account_name),
                entry.detail_label,
            )
            for entry in entries
        ],
    )
    return 0
