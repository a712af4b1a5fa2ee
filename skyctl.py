"""`skyctl`: the SkyShift command line (entry point; the commands live in skyshift_tui.cli).

Kept tiny and Textual-free: `skyctl --version` must answer in ~100 ms, and importing Textual alone
costs ~0.5 s, so only `skyctl tui` imports it.
"""

from __future__ import annotations


def main() -> None:
    """Run the `skyctl` command line."""
    import gc

    # Off before the imports, not only before the command (run() keeps it off, and long-lived
    # commands turn it back on): collections while click and our modules load cost ~2 ms.
    gc.disable()
    from skyshift_tui.cli.main import run

    run()


if __name__ == "__main__":
    main()
