"""Command mode (`:`, as in k9s): which commands exist, what a typed line means, completion and
history. No Textual here: the prompt widget (widgets/command_bar.py) and the main screen call
these, and the help screen lists COMMANDS.

A line is a command word (any of its names, case-insensitive) and at most one argument:
`:ns prod` opens the endpoints of namespace prod, `:edp web` the endpoints filtered by `web`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os.path import commonprefix


@dataclass(frozen=True)
class Command:
    """One command: its names (the first is the full one) and what its argument means."""

    names: tuple[str, ...]
    argument: str
    """What the optional argument is ("" if it takes none)."""
    summary: str

    @property
    def name(self) -> str:
        return self.names[0]


COMMANDS = (
    Command(("endpoints", "edp", "ep"), "FILTER", "the endpoints table (with FILTER: filtered)"),
    Command(("namespaces", "ns"), "NAME", "the namespaces (with NAME: that namespace's endpoints)"),
    Command(("clusters", "cl"), "NAME", "the clusters (with NAME: the sets placed on it)"),
    Command(("history",), "NAME", "the selected set's revisions (with NAME: that set's)"),
    Command(("help",), "", "every key and command"),
    Command(("quit", "q"), "", "leave the TUI"),
)
_BY_NAME = {name: command for command in COMMANDS for name in command.names}
HISTORY_SIZE = 50
"""Commands kept for `up` in the prompt (this session only)."""


@dataclass(frozen=True)
class Invocation:
    """A line that names a command: the command's full name and its argument (None: none)."""

    command: str
    argument: str | None


class CommandError(ValueError):
    """A line that is no command, or a command given what it does not take: one line to show."""


def parse(line: str) -> Invocation:
    """What `line` (without the `:`) asks for; raises CommandError saying why it cannot be run."""
    words = line.split()
    if not words:
        raise CommandError("no command typed; try :endpoints, :ns, :clusters, :help or :q")
    command = _BY_NAME.get(words[0].casefold())
    if command is None:
        shown = words[0][:40]
        raise CommandError(
            f'unknown command ":{shown}"; try '
            + " ".join(f":{c.names[-1]}" for c in COMMANDS)
            + " (tab completes)"
        )
    if len(words) > 1 and not command.argument:
        raise CommandError(f":{command.name} takes no argument")
    if len(words) > 2:
        raise CommandError(f":{command.name} takes one {command.argument} at most")
    return Invocation(command.name, words[1] if len(words) > 1 else None)


def completions(line: str, arguments: dict[str, Iterable[str]]) -> list[str]:
    """Every whole line `line` can be completed to, shortest first: command names for the
    first word, then the candidates `arguments[command]` offers (namespace names for `ns`)."""
    head, space, tail = line.partition(" ")
    if not space:
        word = head.casefold()
        names = sorted({n for n in _BY_NAME if n.startswith(word)}, key=lambda n: (len(n), n))
        return names
    command = _BY_NAME.get(head.casefold())
    if command is None or not command.argument or " " in tail.strip():
        return []
    prefix = tail.lstrip()
    options = sorted(o for o in arguments.get(command.name, ()) if o.startswith(prefix))
    return [f"{head} {option}" for option in options]


def complete(line: str, arguments: dict[str, Iterable[str]]) -> str:
    """What `tab` makes of `line`: the one completion, else the longest prefix all share
    (a full command name gets a space, ready for its argument)."""
    options = completions(line, arguments)
    if not options:
        return line
    if len(options) == 1:
        done = options[0]
        command = _BY_NAME.get(done)
        return done + " " if command is not None and command.argument else done
    shared = commonprefix(options)
    return shared if len(shared) > len(line) else line


class History:
    """The commands run this session, newest last; `up`/`down` walk it from the newest."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._at: int | None = None

    def add(self, line: str) -> None:
        line = line.strip()
        if line and (not self.lines or self.lines[-1] != line):
            self.lines.append(line)
            del self.lines[:-HISTORY_SIZE]
        self._at = None

    def older(self) -> str | None:
        """The command before the one shown (None: there is none)."""
        if not self.lines:
            return None
        self._at = len(self.lines) - 1 if self._at is None else max(0, self._at - 1)
        return self.lines[self._at]

    def newer(self) -> str:
        """The command after the one shown; "" past the newest."""
        if self._at is None:
            return ""
        self._at += 1
        if self._at >= len(self.lines):
            self._at = None
            return ""
        return self.lines[self._at]

    def reset(self) -> None:
        self._at = None
