"""Errors and exit codes shared by the store, the CLI and the TUI.

Nothing here imports pydantic, click or Textual: every face can raise and catch these cheaply.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of `skyctl`, as kubectl uses them."""

    OK = 0
    """The command did what was asked."""
    FAILURE = 1
    """A valid request failed: missing object, duplicate, unreadable store."""
    USAGE = 2
    """The request itself breaks the rules: bad name, negative number, malformed selector."""
    UNKNOWN = 3
    """A write was sent and the store stopped answering before it said whether it was done
    (etcd): it may have been applied. Check before writing it again."""


class SkyShiftError(Exception):
    """A failure to report to the user as one line; never shown as a traceback."""

    exit_code: ExitCode = ExitCode.FAILURE


class InvalidInputError(SkyShiftError):
    """Input that breaks a rule of the object model (bad name, negative count...)."""

    exit_code = ExitCode.USAGE


class NotFoundError(SkyShiftError):
    """The named object does not exist where it was looked for."""


class AlreadyExistsError(SkyShiftError):
    """An object with that kind, namespace and name exists already."""


class NamespaceNotEmptyError(SkyShiftError):
    """A namespace that still holds endpoints was asked to go without `--cascade`."""


class ProtectedNamespaceError(SkyShiftError):
    """The `default` namespace always exists."""


class AmbiguousNameError(SkyShiftError):
    """A name given without a namespace lives in several namespaces."""


class ConflictError(SkyShiftError):
    """A write that carried the resource version it read found a newer one: nothing written.

    Its message is the one kubectl users know to act on:
    `endpoints "x" was changed since version 7 (now 9); get it again and retry`.
    """


def conflict(kind: str, name: str, expected: int, current: int) -> ConflictError:
    """The one wording of a stale write, for every backend."""
    return ConflictError(
        f'{kind} "{name}" was changed since version {expected} (now {current}); '
        "get it again and retry"
    )


class StoreError(SkyShiftError):
    """The store cannot be used: unreadable, unwritable, or locked too long."""


class OutcomeUnknownError(StoreError):
    """A write was sent, and no answer came before the deadline: it may have been applied."""

    exit_code = ExitCode.UNKNOWN


class StoreCorruptError(StoreError):
    """The store file exists but cannot be parsed; it is left untouched."""


def invalid_in_the_way(problem: str, kind: str, name: str, namespace: str | None) -> StoreError:
    """A write over a key that holds no valid object (etcd): nothing to merge onto or check a
    version against, and the value may be another program's. One clear error, not a version
    conflict retried in vain; the user deletes or fixes it first."""
    where = f"{name} -n {namespace}" if namespace else name
    return StoreError(
        f"{problem}; nothing was applied: delete it first (skyctl delete {kind} {where}) "
        "or fix it with etcdctl"
    )
