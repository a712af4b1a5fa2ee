"""The private Textual and click symbols we build on, named one by one.

Each is used by our code (or a test helper) because no public API does the job; an upgrade that
renames or reshapes one must fail here, with the symbol's name, not somewhere deep in a key
test. constraints.txt pins the versions; this is the list to walk when moving the pin.
"""

from __future__ import annotations

import inspect

import pytest
from click import parser as click_parser
from textual.app import App
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.widget import Widget


def parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


# (owner, attribute, the parameters it must take (None: any), who uses it and why)
TEXTUAL = [
    (App, "_check_bindings", ["self", "key", "priority"], "ordered_keys: resolve a key on arrival"),
    (Widget, "_forward_event", ["self", "event"], "ordered_keys: give a key to the focused widget"),
    (App, "_on_key", ["self", "event"], "ordered_keys: stop the late second binding lookup"),
    (App, "_handle_exception", ["self", "error"], "app: write the crash log"),
    (App, "_fatal_error", ["self"], "app: no screenful of traceback"),
    (MessagePump, "_close_messages_no_wait", ["self"], "app: stop at once on a crash"),
]


@pytest.mark.parametrize(("owner", "name", "expected", "why"), TEXTUAL)
def test_textual_still_has(owner: type, name: str, expected: list[str], why: str) -> None:
    symbol = getattr(owner, name, None)
    assert symbol is not None, f"Textual removed {owner.__name__}.{name} ({why})"
    assert parameters(symbol) == expected, f"{owner.__name__}.{name} changed shape ({why})"


def test_textual_still_has_the_key_and_palette_names_tests_use() -> None:
    from textual.keys import _character_to_key  # tui_support.burst: a character's key name

    assert _character_to_key("/") == "slash"
    # tui_support.palette_prompts waits for the palette's search worker by its group name.
    assert isinstance(CommandPalette._GATHER_COMMANDS_GROUP, str)
    assert isinstance(DOMNode.workers, property)


def test_click_still_has_the_option_parser_we_extend() -> None:
    """cli/parsing.py: short options of a subcommand's parents, before or after the verb."""
    parser_class = getattr(click_parser, "_OptionParser", None)
    assert parser_class is not None, "click removed click.parser._OptionParser"
    assert getattr(click_parser, "_ParsingState", None) is not None
    assert parameters(parser_class._process_opts) == ["self", "arg", "state"]
    assert parameters(parser_class._match_short_opt) == ["self", "arg", "state"]
    assert "_short_opt" in vars(parser_class(None))
