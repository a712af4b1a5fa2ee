"""The namespace deletion confirmation: a non-empty namespace offers the cascade explicitly."""

from __future__ import annotations

from skyshift_tui.screens.confirm_delete import ConfirmScreen


def _sets(count: int) -> str:
    return f"{count} endpoint set" + ("" if count == 1 else "s")


class DeleteNamespaceScreen(ConfirmScreen):
    """Says how many sets go with the namespace; confirming deletes them too (`--cascade`)."""

    def __init__(self, name: str, count: int) -> None:
        self.namespace = name
        self.count = count
        if count:
            message = (
                f'Namespace "{name}" holds {_sets(count)}.\n'
                "Deleting it deletes the namespace and "
                f"{'the endpoint set' if count == 1 else f'all {_sets(count)}'} in it.\n"
                "This cannot be undone."
            )
            label = f"Delete namespace and {_sets(count)}"
        else:
            message = f'Delete the empty namespace "{name}"?\nThis cannot be undone.'
            label = "Delete namespace"
        super().__init__("Delete namespace?", message, label)

    @property
    def cascade(self) -> bool:
        """Whether confirming also deletes the sets in it."""
        return self.count > 0
