"""What both faces do: change a stored object, edit it in $EDITOR, plan an apply, undo, bound input.

Above the store (which they call) and below the faces (cli/, tui/, screens/, widgets/)."""
