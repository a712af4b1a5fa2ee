"""rules.py: the validation rules without pydantic, matched whole (a trailing newline is not a
valid end of a name), and the models refusing exactly what the rules refuse."""

from __future__ import annotations

import subprocess
import sys

import pytest

from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.models import parse_object
from skyshift_tui.core.rules import check_label_key, check_label_value, check_name, parse_selector


@pytest.mark.parametrize("bad", ["web\n", "web\r\n", "\nweb", "we b", "-web", "web-", ""])
def test_names_are_matched_whole(bad: str) -> None:
    with pytest.raises(ValueError):
        check_name(bad)
    with pytest.raises(InvalidInputError):
        parse_object({"kind": "Endpoints", "metadata": {"name": bad}})


def test_label_keys_and_values_are_matched_whole() -> None:
    for key in ("app\n", "example.com\n/app", "Example.com/app"):
        with pytest.raises(ValueError):
            check_label_key(key)
    with pytest.raises(ValueError):
        check_label_value("app", "web\n")
    with pytest.raises(ValueError):
        parse_selector("app=web\n,tier=db")  # a newline is never trimmed into a valid value
    assert check_label_key("example.com/app") == "example.com/app"
    assert parse_selector("a=b, c=") == {"a": "b", "c": ""}
    selector = {"kind": "Endpoints", "metadata": {"name": "x"}, "spec": {"selector": {"k": "v\n"}}}
    with pytest.raises(InvalidInputError):
        parse_object(selector)


def test_rules_import_no_pydantic() -> None:
    probe = "import sys, skyshift_tui.core.rules; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False"
