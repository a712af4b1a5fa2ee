"""Deleting a key that holds no valid object: the one write the TUI allows on such a key.

Checked against the revision the user saw (a value fixed meanwhile is kept). A namespace key
goes only while no set is under it: deleting it would leave its sets without their namespace.
"""

from __future__ import annotations

from skyshift_tui.core.errors import ConflictError, NamespaceNotEmptyError, NotFoundError
from skyshift_tui.core.terminal_text import escape_control
from skyshift_tui.store.base import InvalidValue
from skyshift_tui.store.etcd.client import EtcdClient, number
from skyshift_tui.store.etcd.layout import namespace_prefix
from skyshift_tui.store.etcd.txn import delete, get, mod_equals, range_unchanged_since, responses


def delete_invalid_key(client: EtcdClient, invalid: InvalidValue) -> None:
    """Delete `invalid.key` if it is still at `invalid.revision`; ConflictError if it was
    written since, NotFoundError if it is gone, NamespaceNotEmptyError for a namespace key
    that still has sets under it."""
    key = invalid.key
    shown = escape_control(key)
    compare = [mod_equals(key, invalid.revision)]
    if invalid.kind == "Namespace":
        members = namespace_prefix(invalid.name)
        answer = client.range(members, prefix=True, count_only=True)
        count = number(answer.get("count"))
        if count:
            sets = "1 set" if count == 1 else f"{count} sets"
            raise NamespaceNotEmptyError(
                f'namespace "{escape_control(invalid.name)}" still holds {sets} of endpoints: '
                "its key is kept so they keep their namespace; write a valid namespace over "
                "it, or delete the namespace with its sets (D, with the cascade)"
            )
        compare.append(range_unchanged_since(members, number(answer["header"].get("revision"))))
    answer = client.txn(compare, [delete(key)], [get(key)])
    if answer.get("succeeded"):
        return
    found = responses(answer)[0].get("kvs", []) if responses(answer) else []
    if not found:
        raise NotFoundError(f"etcd key {shown} no longer exists")
    now = number(found[0].get("mod_revision"))
    if now != invalid.revision:
        raise ConflictError(
            f"etcd key {shown} was written since it was read (revision {invalid.revision}, "
            f"now {now}); nothing was deleted: look at it again"
        )
    raise ConflictError(
        f"a set arrived under namespace {escape_control(invalid.name)} meanwhile; "
        "nothing was deleted"
    )
