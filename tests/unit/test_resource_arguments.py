"""kubectl's resource arguments (`resources.arrange`): the type after options, TYPE/NAME words,
several types in one command; what is no TYPE/NAME (a label change) is left alone."""

from __future__ import annotations

import click
import pytest

from skyshift_tui.cli.resources import arrange

TAKES_VALUE = {"-n", "--namespace", "-o", "--output", "--store"}


@pytest.mark.parametrize(
    ("args", "arranged"),
    [
        (["edp", "-n", "prod"], [["edp", "-n", "prod"]]),
        (["-n", "prod", "edp"], [["edp", "-n", "prod"]]),
        (["-n", "edp", "edp", "web"], [["edp", "-n", "edp", "web"]]),  # a namespace called edp
        (["-n", "prod", "endpoints/a", "edp/b"], [["endpoints", "-n", "prod", "a", "b"]]),
        (["namespace/prod"], [["namespaces", "prod"]]),
        (
            ["endpoints/web", "namespace/prod", "-o", "name"],
            [["endpoints", "web", "-o", "name"], ["namespaces", "prod", "-o", "name"]],
        ),
        (
            ["endpoints/web", "example.com/team=web", "endpoints/tier-"],
            [["endpoints", "web", "example.com/team=web", "endpoints/tier-"]],
        ),
        (["-o", "yaml"], [["-o", "yaml"]]),
        (["--", "endpoints/web"], [["endpoints", "--", "web"]]),
        (["-n", "prod", "frobs"], [["frobs", "-n", "prod"]]),
    ],
)
def test_arrange(args: list[str], arranged: list[list[str]]) -> None:
    assert arrange(args, TAKES_VALUE) == arranged


def test_a_type_without_a_name_is_a_usage_error() -> None:
    with pytest.raises(click.UsageError, match="'endpoints/' names no object"):
        arrange(["endpoints/"], TAKES_VALUE)
