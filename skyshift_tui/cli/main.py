"""The `skyctl` group, its global options, and `run()`, where every failure becomes one line.

Exit codes (errors.ExitCode): 0 done, 1 a valid request failed, 2 the request breaks a rule.
Nothing reaches the user as a traceback: SkyShiftError carries its own exit code, click's usage
errors keep 2, Ctrl-C gives 130 (0 inside `--watch`, which stops on it by design), and any
other exception is reported as `error: unexpected ...` with exit 1.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

import click

from skyshift_tui import __version__
from skyshift_tui.cli.context import CliState, global_options, normalize_dry_run
from skyshift_tui.cli.lazy import LazyGroup
from skyshift_tui.cli.output import silence_stdout
from skyshift_tui.cli.resources import ResourceGroup
from skyshift_tui.core.errors import ExitCode, SkyShiftError

INTERRUPTED = 130
"""The shell's code for a command stopped by Ctrl-C: 128 + SIGINT (2). Written out: importing
`signal` to spell it costs ~1 ms (its enums) on every command."""

EPILOG = """\b
Resource types: endpoints (endpoint, edp, edps), namespaces (namespace, ns).
Objects may be named TYPE/NAME: endpoints/web, edp/web, namespace/prod.
Shell completion (bash; also zsh_source, fish_source):
  eval "$(_SKYCTL_COMPLETE=bash_source skyctl)"
"""


@click.group(
    cls=LazyGroup,
    lazy={
        "apply": "skyshift_tui.cli.apply:apply",
        "replace": "skyshift_tui.cli.apply:replace",
        "diff": "skyshift_tui.cli.apply:diff",
        "tui": "skyshift_tui.cli.tui:tui",
    },
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EPILOG,
    params=global_options(),
)
@click.version_option(__version__, "--version", prog_name="skyctl")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Manage SkyShift endpoints and namespaces, from scripts or in a terminal UI (`skyctl tui`).

    \b
    Examples:
      skyctl create endpoints myEndpoints --namespace myNamespace --num_endpoints 3 \\
        --exposed --primary_cluster myCluster -s key1=value1
      skyctl get endpoints myEndpoints
      skyctl delete endpoints myEndpoints --namespace myNamespace
      skyctl -n prod get edp web -o yaml --store etcd://127.0.0.1:2379
    """
    ctx.ensure_object(CliState)


VERBS: dict[str, tuple[str, dict[str, str]]] = {
    "create": (
        "Create endpoints or a namespace.",
        {"endpoints": "endpoints:create_endpoints", "namespaces": "namespaces:create_namespaces"},
    ),
    "get": (
        "Show or watch endpoints or namespaces.",
        {"endpoints": "endpoints:get_endpoints", "namespaces": "namespaces:get_namespaces"},
    ),
    "describe": (
        "Show the details of endpoints or namespaces, as the TUI's detail pane.",
        {"endpoints": "describe:describe_endpoints", "namespaces": "describe:describe_namespaces"},
    ),
    "delete": (
        "Delete endpoints or a namespace.",
        {"endpoints": "delete:delete_endpoints", "namespaces": "namespaces:delete_namespaces"},
    ),
    "edit": ("Edit a set of endpoints in your editor.", {"endpoints": "edit:edit_endpoints"}),
    "scale": ("Set the number of endpoints of a set.", {"endpoints": "scale:scale_endpoints"}),
    "patch": (
        "Change fields of a set with a JSON (merge) patch.",
        {"endpoints": "patch:patch_endpoints"},
    ),
    "label": (
        "Set or remove labels of endpoints or a namespace.",
        {"endpoints": "labels:label_endpoints", "namespaces": "labels:label_namespaces"},
    ),
    "annotate": (
        "Set or remove annotations of endpoints or a namespace.",
        {"endpoints": "labels:annotate_endpoints", "namespaces": "labels:annotate_namespaces"},
    ),
    "history": (
        "List the revisions of a set of endpoints and what each changed.",
        {"endpoints": "history:history_endpoints"},
    ),
    "rollback": (
        "Write an earlier revision of a set of endpoints back.",
        {"endpoints": "history:rollback_endpoints"},
    ),
}
"""Each verb's resource types: `skyshift_tui.cli.MODULE:COMMAND`, imported on first use."""

for _name, (_help, _types) in VERBS.items():
    cli.add_command(
        ResourceGroup(
            _name,
            help=_help,
            lazy={kind: f"skyshift_tui.cli.{target}" for kind, target in _types.items()},
        )
    )

cli.lazy["migrate"] = "skyshift_tui.cli.migrate:migrate"


def _error(message: str) -> None:
    from skyshift_tui.cli.output import note  # escaped (a name is data), passwords masked

    note(f"error: {message}")


def _usage_message(error: click.UsageError) -> str:
    """click's message as one line, lower-cased like ours, with where to find help."""
    message = " ".join(error.format_message().split()).rstrip(".")
    message = message[:1].lower() + message[1:]
    if error.ctx is not None:
        message += f"; see '{error.ctx.command_path} --help'"
    return message


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code. Never raises except SystemExit (shell completion)."""
    args = normalize_dry_run(sys.argv[1:] if argv is None else list(argv))
    try:
        result = cli.main(args=args, prog_name="skyctl", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        sys.stdout.write(error.ctx.get_help() + "\n")  # bare `skyctl`: help, as kubectl does
        return ExitCode.OK
    except click.UsageError as error:
        _error(_usage_message(error))
        return error.exit_code
    except click.ClickException as error:
        _error(error.format_message())
        return error.exit_code
    except (click.Abort, KeyboardInterrupt):
        return INTERRUPTED
    except SkyShiftError as error:
        _error(str(error))
        return error.exit_code
    except BrokenPipeError:
        silence_stdout()
        return ExitCode.FAILURE
    except Exception as error:  # the last line of defence: one line, never a traceback
        from skyshift_tui.store.file.json_file import recheck_trusted

        try:
            recheck_trusted()  # a damaged store that got past the checksum says where
        except SkyShiftError as damage:
            _error(str(damage))
            return damage.exit_code
        _error(f"unexpected {type(error).__name__}: {error}")
        return ExitCode.FAILURE
    return result if isinstance(result, int) else ExitCode.OK


def run(argv: list[str] | None = None) -> NoReturn:
    """The console script: run one command and exit with its code."""
    # A short-lived process builds up to 10k objects and frees them at exit: the cyclic GC
    # finds nothing there and cost `get -A` ~55 ms of 220 (measured). Long-lived commands
    # (`-w`, `tui`) re-enable it.
    gc.disable()
    code = int(main(argv))
    # Exit without tearing the heap down object by object (~13 ms after a 10k-row `get`):
    # nothing here needs atexit handlers, and both streams are flushed first.
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        silence_stdout()
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)
