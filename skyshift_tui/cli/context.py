"""What every command shares: the store chosen by the global `--store`, and common options.

The store module (and TinyDB behind it, 10-30 ms) is imported only when a command opens the
store, so `skyctl --version` and `--help` never pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from skyshift_tui.store import Store

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS = ("table", "wide", "json", "yaml", "name")
TEMPLATE_FORMATS = ("jsonpath", "custom-columns")
"""`-o jsonpath=TEMPLATE`, `-o custom-columns=SPEC`: a format with its argument."""


class CliState:
    """The global options (`--store`, `--etcd-*`, `-n`), handed to every command through
    `ctx.obj` (a plain class: a dataclass costs ~0.5 ms to define, on every command). They may
    stand before or after the verb, as kubectl's do: the last one given wins."""

    def __init__(
        self,
        store_path: str | None = None,
        etcd_tls: tuple[str | None, str | None, str | None] = (None, None, None),
        namespace: str | None = None,
    ) -> None:
        self.store_path = store_path
        self.etcd_tls = etcd_tls
        """--etcd-cacert, --etcd-cert, --etcd-key."""
        self.namespace = namespace
        """`-n` given before the verb (or to a command that has no `-n` of its own)."""


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Keep a global option's value in the CliState (a value not given changes nothing)."""
    if value is None:
        return
    state = ctx.ensure_object(CliState)
    if param.name in ("etcd_cacert", "etcd_cert", "etcd_key"):
        index = ("etcd_cacert", "etcd_cert", "etcd_key").index(param.name)
        tls = list(state.etcd_tls)
        tls[index] = value
        state.etcd_tls = (tls[0], tls[1], tls[2])
    else:
        setattr(state, str(param.name), value)


_GLOBALS: tuple[tuple[tuple[str, ...], str, str | None, str], ...] = (
    (
        ("--store", "store_path"),
        "PATH|URL",
        None,
        "Store file, or etcd://HOST:PORT[,HOST:PORT...] (etcds:// for TLS; "
        "USER:PASSWORD@ or $SKYSHIFT_ETCD_PASSWORD to log in). "
        "[default: $SKYSHIFT_STORE, else store.json in your data folder]",
    ),
    (
        ("--etcd-cacert", "etcd_cacert"),
        "FILE",
        "SKYSHIFT_ETCD_CACERT",
        "CA bundle to verify etcd's TLS certificate (as etcdctl --cacert).",
    ),
    (
        ("--etcd-cert", "etcd_cert"),
        "FILE",
        "SKYSHIFT_ETCD_CERT",
        "Client certificate for etcd (as etcdctl --cert).",
    ),
    (
        ("--etcd-key", "etcd_key"),
        "FILE",
        "SKYSHIFT_ETCD_KEY",
        "Key of the client certificate (as etcdctl --key).",
    ),
    (
        ("-n", "--namespace", "namespace"),
        "NAMESPACE",
        None,
        "Namespace of the command (also accepted after the verb, as kubectl's -n).",
    ),
)
"""(declarations, metavar, environment variable, help) of each global option."""


def global_options(on_command: bool = False) -> list[click.Option]:
    """The global options: shown on the `skyctl` group, hidden on every command (where they
    are accepted too, so `skyctl get edp --store X` works); an environment variable is read
    once, by the group."""
    return [
        click.Option(
            list(decls),
            metavar=metavar,
            envvar=None if on_command else envvar,
            hidden=on_command,
            expose_value=False,
            callback=_remember,
            help=help_text,
        )
        for decls, metavar, envvar, help_text in _GLOBALS
    ]


def open_cli_store(ctx: click.Context, warn: bool = True) -> Store:
    """The store `--store` (or $SKYSHIFT_STORE, or the per-user default) names; no I/O yet.

    With `warn`, what a read skips (an etcd value that is not a valid object) is noted on
    stderr; the TUI shows it instead.
    """
    from skyshift_tui.cli.output import note
    from skyshift_tui.store import open_store

    # The options' callbacks fill it, shell completion included (it runs no command callback).
    state = ctx.find_object(CliState) or CliState()
    path = state.store_path
    cacert, cert, key = state.etcd_tls
    store = open_store(
        path, etcd_cacert=cacert, etcd_cert=cert, etcd_key=key, warn=note if warn else None
    )
    if not ctx.resilient_parsing:  # not while completing a command line
        store.notify = note  # "created the folder ... for the new store", on stderr
    return store


def _complete_names(kind: str) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """Shell completion of object names read from the store; silent when anything fails."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        try:
            store = open_cli_store(ctx)
            if kind == "Namespace":
                objects = store.list_namespaces()
            else:
                objects = store.list_endpoints(ctx.params.get("namespace") or None)
            names = {obj["metadata"]["name"] for obj in objects}
        except Exception:  # a half-typed command line must never print a traceback
            return []
        return sorted(name for name in names if name.startswith(incomplete))

    return complete


complete_endpoints = _complete_names("Endpoints")
complete_namespaces = _complete_names("Namespace")


def namespace_option(default: str | None, help_text: str) -> Callable[[F], F]:
    """`-n/--namespace`, completed from the namespaces in the store."""
    return click.option(
        "-n",
        "--namespace",
        default=default,
        metavar="NAMESPACE",
        show_default=default is not None,
        shell_complete=complete_namespaces,
        help=help_text,
    )


class OutputFormat(click.ParamType):  # type: ignore[type-arg]
    """One of OUTPUT_FORMATS, or `jsonpath=TEMPLATE` / `custom-columns=SPEC` (kubectl's)."""

    name = "format"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        kind, eq, _ = text.partition("=")
        if text in OUTPUT_FORMATS or (eq and kind in TEMPLATE_FORMATS):
            return text
        if text in TEMPLATE_FORMATS:
            self.fail(f"'{text}' needs its argument: -o {text}=...", param, ctx)
        known = ", ".join([*OUTPUT_FORMATS, "jsonpath=TEMPLATE", "custom-columns=SPEC"])
        self.fail(f"'{text}' is not one of {known}", param, ctx)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[table|wide|json|yaml|name|jsonpath=...|custom-columns=...]"


def output_option(func: F) -> F:
    """`-o/--output table|wide|json|yaml|name|jsonpath=...|custom-columns=...`."""
    return click.option(
        "-o",
        "--output",
        type=OutputFormat(),
        default="table",
        show_default=True,
        help="Output format: a table (wide adds columns), json, yaml, TYPE/NAME lines, "
        "jsonpath=TEMPLATE (e.g. '{.metadata.name}') or custom-columns=HEADER:PATH,...",
    )(func)


def listing_options(func: F) -> F:
    """`--sort-by`, `--no-headers`, `--show-labels` (kubectl's), shared by both `get`s."""
    func = click.option("--show-labels", is_flag=True, help="Add a LABELS column to the table.")(
        func
    )
    func = click.option("--no-headers", is_flag=True, help="Print tables without the header.")(func)
    return click.option(
        "--sort-by",
        metavar="JSONPATH",
        default=None,
        help="Order by a field, e.g. '.metadata.creation_timestamp' or "
        "'.spec.endpoints.*.num_endpoints'.",
    )(func)


DRY_RUN_VALUES = {"--dry-run=client": "--dry-run", "--dry-run=server": "--dry-run"}
"""kubectl's spellings, read as the flag (both check against the store here); `=none` is no
flag at all. `--dry-run` itself never takes the next word, so `--dry-run NAME` works."""


def normalize_dry_run(args: list[str]) -> list[str]:
    """`--dry-run=client|server` as `--dry-run`, `--dry-run=none` dropped (before `--`)."""
    if "--" in args:
        cut = args.index("--")
        return [*normalize_dry_run(args[:cut]), *args[cut:]]
    return [DRY_RUN_VALUES.get(arg, arg) for arg in args if arg != "--dry-run=none"]


def dry_run_option(func: F) -> F:
    """`--dry-run` (or kubectl's `--dry-run=client|server`): check everything, write nothing."""
    return click.option(
        "--dry-run",
        "dry_run",
        is_flag=True,
        help="Check everything and print what would happen, suffixed (dry run); write nothing. "
        "--dry-run=client and =server mean the same.",
    )(func)


def resource_version_option(func: F) -> F:
    """`--resource-version N`: refuse the write when the object changed since version N."""
    return click.option(
        "--resource-version",
        "resource_version",
        type=click.IntRange(min=1),
        default=None,
        metavar="N",
        help="Only write if the object is still at this resource_version (else exit 1).",
    )(func)


def selector_option(func: F) -> F:
    """`-l/--selector`: kubectl's label selector."""
    return click.option(
        "-l",
        "--selector",
        "label_selector",
        default=None,
        metavar="SELECTOR",
        help="Only sets whose labels match, e.g. 'app=web,tier!=db', 'env in (a,b)', '!canary'.",
    )(func)


def watch_option(func: F) -> F:
    """`-w/--watch`: print the current state, then every change, until Ctrl-C."""
    return click.option(
        "-w",
        "--watch",
        is_flag=True,
        help="After the current state, print one line per change (ADDED, MODIFIED, DELETED) "
        "until Ctrl-C.",
    )(func)
